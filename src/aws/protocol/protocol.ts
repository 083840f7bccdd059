import type { AwsError } from '../errors.js';
import type { HttpRequest, HttpResponse } from './http.js';
import type { ServiceModel } from './model.js';

/** What a protocol needs to know about the request besides the HTTP message. */
export interface ProtocolContext {
  requestId: string;
  operation?: string;
  /** The request being answered, for protocols that pick their wire format per request (CloudWatch: CBOR, JSON or query). */
  request?: Omit<HttpRequest, 'body'>;
}

/**
 * One wire protocol (rest-xml, rest-json, json, query, smithy-rpc-v2-cbor) bound to one service model.
 * Service quirks (S3's virtual hosts, GetBucketLocation's bare root) live in subclasses.
 */
export interface Protocol {
  readonly model: ServiceModel;
  /** The operation the request names; throws an AwsError in the protocol's shape when none matches. */
  resolveOperation(req: HttpRequest): string;
  /** The typed input of `operation`, parsed from the request (payload streams stay streams). */
  parseInput(req: HttpRequest, operation: string): Promise<Record<string, unknown>>;
  /** The HTTP response for a provider's output. */
  serializeOutput(operation: string, output: unknown, ctx: ProtocolContext): HttpResponse;
  /** The HTTP response for an error, in the service's own error shape. */
  serializeError(error: AwsError, ctx: ProtocolContext): HttpResponse;
}

export type ProtocolFactory = (model: ServiceModel) => Protocol;
