// Smithy RPC v2 CBOR: POST /service/<ServiceShape>/operation/<Operation> with "Smithy-Protocol: rpc-v2-cbor",
// CBOR bodies (timestamps as tag 1, blobs as byte strings), errors as a map with __type, and the
// smithy-protocol header on every response (SDKs refuse a response without it).
import { Decoder, Encoder } from 'cbor-x';
import { AwsError } from '../errors.js';
import type { HttpRequest, HttpResponse } from './http.js';
import { readBody } from './http.js';
import type { ServiceModel } from './model.js';
import type { Protocol, ProtocolContext } from './protocol.js';
import { CBOR_DOCUMENT, readStructure, writeStructure } from './document.js';
import { jsonErrorParts } from './json-errors.js';
import { validateInput } from './validate.js';

// Plain CBOR only: cbor-x's record and shared-structure extensions are not understood by other decoders.
const encoder = new Encoder({ useRecords: false, mapsAsObjects: true, tagUint8Array: false, variableMapSize: true });
const decoder = new Decoder({ useRecords: false, mapsAsObjects: true });

export function encodeCbor(value: unknown): Buffer {
  return encoder.encode(value);
}

export function decodeCbor(buf: Uint8Array): unknown {
  return decoder.decode(buf);
}

const PATH = /^\/service\/([^/]+)\/operation\/([^/?]+)$/;

export class CborProtocol implements Protocol {
  constructor(readonly model: ServiceModel) {}

  resolveOperation(req: HttpRequest): string {
    const m = PATH.exec(req.rawPath);
    const service = m ? decodeURIComponent(m[1]!) : undefined;
    const name = m ? decodeURIComponent(m[2]!) : undefined;
    if (req.method !== 'POST' || !name || service !== this.model.metadata.targetPrefix || !this.model.operations[name]) {
      throw new AwsError('UnknownOperationException', `Unknown operation at ${req.method} ${req.rawPath}`, 404);
    }
    return name;
  }

  async parseInput(req: HttpRequest, operation: string): Promise<Record<string, unknown>> {
    const buf = await readBody(req.body);
    let doc: unknown = {};
    if (buf.length) {
      try {
        doc = decodeCbor(buf);
      } catch {
        throw new AwsError('SerializationException', 'The request body is not valid CBOR.', 400);
      }
    }
    if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
      throw new AwsError('SerializationException', 'The request body must be a CBOR map.', 400);
    }
    const op = this.model.operations[operation]!;
    if (!op.input) return {};
    const input = readStructure(this.model, this.model.shapes[op.input.shape]!, doc as Record<string, unknown>, CBOR_DOCUMENT);
    validateInput(this.model, operation, input, 'ValidationException');
    return input;
  }

  serializeOutput(operation: string, output: unknown, ctx: ProtocolContext): HttpResponse {
    const op = this.model.operations[operation]!;
    const shape = op.output ? this.model.shapes[op.output.shape] : undefined;
    const headers: Record<string, string> = { 'smithy-protocol': 'rpc-v2-cbor', 'x-amzn-requestid': ctx.requestId };
    if (!shape) return { status: 200, headers, body: undefined };
    const doc = output && typeof output === 'object' ? writeStructure(this.model, shape, output as Record<string, unknown>, CBOR_DOCUMENT) : {};
    return { status: 200, headers: { ...headers, 'content-type': 'application/cbor' }, body: encodeCbor(doc) };
  }

  serializeError(error: AwsError, ctx: ProtocolContext): HttpResponse {
    const { type, body, headers } = jsonErrorParts(this.model, error);
    return {
      status: error.status,
      headers: {
        ...headers,
        ...error.headers,
        'smithy-protocol': 'rpc-v2-cbor',
        'content-type': 'application/cbor',
        'x-amzn-requestid': ctx.requestId,
      },
      body: encodeCbor({ __type: type, ...body }),
    };
  }
}
