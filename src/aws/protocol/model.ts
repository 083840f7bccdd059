// Types for botocore service models (../shared/aws-models/<svc>/service-2.json), as emitted into
// src/aws/generated/<svc>/model.ts. The protocol layer walks these at run time to parse, validate and serialize.

export interface MemberRef {
  shape: string;
  location?: 'uri' | 'querystring' | 'header' | 'headers' | 'statusCode';
  locationName?: string;
  queryName?: string;
  xmlNamespace?: { uri: string; prefix?: string };
  xmlAttribute?: boolean;
  flattened?: boolean;
  streaming?: boolean;
  idempotencyToken?: boolean;
  hostLabel?: boolean;
  jsonvalue?: boolean;
  timestampFormat?: string;
  eventpayload?: boolean;
  contextParam?: { name: string };
  deprecated?: boolean;
  box?: boolean;
}

export interface Shape {
  type: 'structure' | 'list' | 'map' | 'string' | 'integer' | 'long' | 'float' | 'double' | 'boolean' | 'timestamp' | 'blob' | 'bigdecimal' | 'biginteger';
  members?: Record<string, MemberRef>;
  required?: string[];
  member?: MemberRef;
  key?: MemberRef;
  value?: MemberRef;
  enum?: string[];
  min?: number;
  max?: number;
  pattern?: string;
  flattened?: boolean;
  locationName?: string;
  payload?: string;
  timestampFormat?: string;
  exception?: boolean;
  error?: { code?: string; httpStatusCode?: number; senderFault?: boolean };
  xmlNamespace?: { uri: string; prefix?: string };
  xmlOrder?: string[];
  event?: boolean;
  eventstream?: boolean;
  union?: boolean;
  document?: boolean;
  streaming?: boolean;
  requiresLength?: boolean;
  sensitive?: boolean;
  wrapper?: boolean;
  resultWrapper?: string;
  synthetic?: boolean;
}

export interface Operation {
  name: string;
  http: { method: string; requestUri: string; responseCode?: number };
  input?: MemberRef & { locationName?: string; xmlNamespace?: { uri: string } };
  output?: MemberRef & { resultWrapper?: string };
  errors?: { shape: string }[];
  httpChecksum?: {
    requestAlgorithmMember?: string;
    requestChecksumRequired?: boolean;
    requestValidationModeMember?: string;
    responseAlgorithms?: string[];
  };
  endpoint?: { hostPrefix?: string };
  authtype?: string;
  unsignedPayload?: boolean;
}

export interface ServiceMetadata {
  apiVersion: string;
  endpointPrefix: string;
  protocol: 'rest-xml' | 'rest-json' | 'json' | 'query' | 'ec2' | 'smithy-rpc-v2-cbor';
  protocols?: string[];
  jsonVersion?: string;
  targetPrefix?: string;
  signingName?: string;
  serviceId: string;
  serviceFullName?: string;
  globalEndpoint?: string;
  xmlNamespace?: string;
  uid?: string;
  awsQueryCompatible?: Record<string, unknown>;
}

export interface ServiceModel {
  metadata: ServiceMetadata;
  operations: Record<string, Operation>;
  shapes: Record<string, Shape>;
}
