// Services whose model lists several protocols (CloudWatch: smithy-rpc-v2-cbor, json, query) take whichever
// one the client speaks: the wire format is recognised per request and the answer uses the same one.
import type { AwsError } from '../errors.js';
import type { HttpRequest, HttpResponse } from './http.js';
import type { ServiceModel } from './model.js';
import type { Protocol, ProtocolContext } from './protocol.js';
import { CborProtocol } from './cbor.js';
import { JsonProtocol } from './json.js';
import { QueryProtocol } from './query.js';
import { RestJsonProtocol } from './restjson.js';

type RequestView = Omit<HttpRequest, 'body'>;

/** Which of the model's protocols a request was sent in, from the headers each protocol always sets. */
export function detectProtocol(req: RequestView): 'smithy-rpc-v2-cbor' | 'json' | 'query' | undefined {
  if ((req.headers['smithy-protocol'] ?? '').toLowerCase() === 'rpc-v2-cbor' || req.rawPath.startsWith('/service/')) return 'smithy-rpc-v2-cbor';
  if (req.headers['x-amz-target']) return 'json';
  if (req.form?.has('Action') || req.query.some(([k]) => k === 'Action')) return 'query';
  return undefined;
}

export class MultiProtocol implements Protocol {
  private readonly byName = new Map<string, Protocol>();
  private readonly fallback: Protocol;

  constructor(readonly model: ServiceModel, protocols: Record<string, Protocol>, order: readonly string[]) {
    for (const [name, p] of Object.entries(protocols)) this.byName.set(name, p);
    // Errors raised before the request is recognised go out in the model's preferred protocol.
    this.fallback = this.byName.get(order.find((n) => this.byName.has(n))!)!;
  }

  private pick(req: RequestView | undefined): Protocol {
    const name = req ? detectProtocol(req) : undefined;
    return (name && this.byName.get(name)) || this.fallback;
  }

  resolveOperation(req: HttpRequest): string {
    return this.pick(req).resolveOperation(req);
  }

  parseInput(req: HttpRequest, operation: string): Promise<Record<string, unknown>> {
    return this.pick(req).parseInput(req, operation);
  }

  serializeOutput(operation: string, output: unknown, ctx: ProtocolContext): HttpResponse {
    return this.pick(ctx.request).serializeOutput(operation, output, ctx);
  }

  serializeError(error: AwsError, ctx: ProtocolContext): HttpResponse {
    return this.pick(ctx.request).serializeError(error, ctx);
  }
}

const FACTORIES: Record<string, (m: ServiceModel) => Protocol> = {
  json: (m) => new JsonProtocol(m),
  'rest-json': (m) => new RestJsonProtocol(m),
  query: (m) => new QueryProtocol(m),
  'smithy-rpc-v2-cbor': (m) => new CborProtocol(m),
};

/**
 * The protocol for a model that is not rest-xml: one protocol, or a MultiProtocol when the model lists several
 * that we implement. rest-xml (S3) has its own protocol class.
 */
export function protocolFor(model: ServiceModel): Protocol {
  const names = (model.metadata.protocols ?? [model.metadata.protocol]).filter((n) => n in FACTORIES);
  if (!names.length) throw new Error(`no protocol implemented for ${model.metadata.serviceId} (${model.metadata.protocol})`);
  if (names.length === 1) return FACTORIES[names[0]!]!(model);
  const protocols: Record<string, Protocol> = {};
  for (const n of names) protocols[n] = FACTORIES[n]!(model);
  return new MultiProtocol(model, protocols, names);
}
