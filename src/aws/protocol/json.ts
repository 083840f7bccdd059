// AWS JSON 1.0 / 1.1: POST / with X-Amz-Target "<targetPrefix>.<Operation>", a JSON document in and out,
// epoch-second timestamps, base64 blobs, errors as {"__type": code, "message": …}.
import { AwsError } from '../errors.js';
import type { HttpRequest, HttpResponse } from './http.js';
import { readBody } from './http.js';
import type { ServiceModel } from './model.js';
import type { Protocol, ProtocolContext } from './protocol.js';
import { JSON_DOCUMENT, readStructure, writeStructure } from './document.js';
import { jsonErrorParts } from './json-errors.js';
import { validateInput } from './validate.js';

/** Parses a request body as a JSON object; an empty body is an empty input. */
export function parseJsonObject(buf: Buffer): Record<string, unknown> {
  const text = buf.toString('utf8').trim();
  if (!text) return {};
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw new AwsError('SerializationException', 'Start of structure or map found where not expected.', 400);
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    throw new AwsError('SerializationException', 'Start of structure or map found where not expected.', 400);
  }
  return doc as Record<string, unknown>;
}

export class JsonProtocol implements Protocol {
  readonly contentType: string;

  constructor(readonly model: ServiceModel) {
    this.contentType = `application/x-amz-json-${model.metadata.jsonVersion ?? '1.0'}`;
  }

  resolveOperation(req: HttpRequest): string {
    const target = req.headers['x-amz-target'] ?? '';
    const dot = target.lastIndexOf('.');
    const prefix = dot >= 0 ? target.slice(0, dot) : '';
    const name = dot >= 0 ? target.slice(dot + 1) : target;
    if (req.method !== 'POST' || prefix !== this.model.metadata.targetPrefix || !this.model.operations[name]) {
      throw new AwsError('UnknownOperationException', target ? `Unknown operation ${target}` : 'Missing X-Amz-Target header', 400);
    }
    return name;
  }

  async parseInput(req: HttpRequest, operation: string): Promise<Record<string, unknown>> {
    const doc = parseJsonObject(await readBody(req.body));
    return this.readInput(operation, doc);
  }

  /** Typed, validated input from an already-decoded document (shared with rpc-v2-cbor's JSON sibling). */
  readInput(operation: string, doc: Record<string, unknown>): Record<string, unknown> {
    const op = this.model.operations[operation]!;
    if (!op.input) return {};
    const input = readStructure(this.model, this.model.shapes[op.input.shape]!, doc, JSON_DOCUMENT);
    validateInput(this.model, operation, input, 'ValidationException');
    return input;
  }

  serializeOutput(operation: string, output: unknown, ctx: ProtocolContext): HttpResponse {
    const op = this.model.operations[operation]!;
    const shape = op.output ? this.model.shapes[op.output.shape] : undefined;
    const doc = shape && output && typeof output === 'object' ? writeStructure(this.model, shape, output as Record<string, unknown>, JSON_DOCUMENT) : {};
    return {
      status: 200,
      headers: { 'content-type': this.contentType, 'x-amzn-requestid': ctx.requestId },
      body: JSON.stringify(doc),
    };
  }

  serializeError(error: AwsError, ctx: ProtocolContext): HttpResponse {
    const { type, body, headers } = jsonErrorParts(this.model, error);
    return {
      status: error.status,
      headers: { ...headers, ...error.headers, 'content-type': this.contentType, 'x-amzn-requestid': ctx.requestId },
      body: JSON.stringify({ __type: type, ...body }),
    };
  }
}
