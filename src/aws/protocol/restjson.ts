// AWS rest-json (EKS, EMR on EKS, EMR Serverless): the operation comes from method + URI template, members
// bind to labels, query parameters, headers or the JSON body; errors carry X-Amzn-ErrorType.
import { AwsError } from '../errors.js';
import type { HttpRequest, HttpResponse } from './http.js';
import { readBody } from './http.js';
import type { MemberRef, ServiceModel, Shape } from './model.js';
import type { Protocol, ProtocolContext } from './protocol.js';
import { JSON_DOCUMENT, readDocument, readStructure, writeDocument, writeStructure } from './document.js';
import { jsonErrorParts } from './json-errors.js';
import { parseJsonObject } from './json.js';
import { RouteTable, fromText, toHeaderText } from './restjson-bindings.js';
import { validateInput } from './validate.js';

const bound = (ref: MemberRef) => ref.location !== undefined;

export class RestJsonProtocol implements Protocol {
  private readonly routes: RouteTable;
  /** Labels of the request being parsed, kept between resolveOperation and parseInput (same request object). */
  private readonly labels = new WeakMap<HttpRequest, Record<string, string>>();

  constructor(readonly model: ServiceModel) {
    this.routes = new RouteTable(model);
  }

  resolveOperation(req: HttpRequest): string {
    const m = this.routes.match(req);
    if (!m) throw new AwsError('UnknownOperationException', `No operation matches ${req.method} ${req.rawPath}`, 404);
    this.labels.set(req, m.labels);
    return m.operation;
  }

  async parseInput(req: HttpRequest, operation: string): Promise<Record<string, unknown>> {
    const op = this.model.operations[operation]!;
    if (!op.input) return {};
    const shape = this.model.shapes[op.input.shape]!;
    const labels = this.labels.get(req) ?? this.routes.match(req)?.labels ?? {};
    const input: Record<string, unknown> = {};
    const boundQueryKeys = new Set<string>();
    for (const ref of Object.values(shape.members ?? {})) {
      if (ref.location === 'querystring' && ref.locationName) boundQueryKeys.add(ref.locationName);
    }
    for (const [name, ref] of Object.entries(shape.members ?? {})) {
      const key = ref.locationName ?? name;
      const member = this.model.shapes[ref.shape]!;
      switch (ref.location) {
        case 'uri':
          if (labels[key] !== undefined) input[name] = fromText(this.model, ref, labels[key]!, 'uri');
          break;
        case 'querystring':
          if (member.type === 'map') {
            const map = this.queryMap(req, member, boundQueryKeys);
            if (Object.keys(map).length) input[name] = map;
          } else {
            const values = req.query.filter(([k]) => k === key).map(([, v]) => v);
            if (!values.length) break;
            input[name] = member.type === 'list' ? values.map((v) => fromText(this.model, member.member!, v, 'querystring')) : fromText(this.model, ref, values[0]!, 'querystring');
          }
          break;
        case 'header': {
          const v = req.headers[key.toLowerCase()];
          if (v !== undefined) input[name] = fromText(this.model, ref, v, 'header');
          break;
        }
        case 'headers': {
          const prefix = key.toLowerCase();
          const map: Record<string, string> = {};
          for (const [h, v] of Object.entries(req.headers)) if (h.startsWith(prefix)) map[h.slice(prefix.length)] = v;
          if (Object.keys(map).length) input[name] = map;
          break;
        }
      }
    }
    const body = await readBody(req.body);
    if (shape.payload) {
      const ref = shape.members![shape.payload]!;
      const payloadShape = this.model.shapes[ref.shape]!;
      if (payloadShape.type === 'blob') {
        if (body.length) input[shape.payload] = new Uint8Array(body);
      } else if (payloadShape.type === 'string') {
        if (body.length) input[shape.payload] = body.toString('utf8');
      } else if (body.length) {
        input[shape.payload] = readDocument(this.model, ref, parseJsonObject(body), JSON_DOCUMENT, shape.payload);
      }
    } else {
      Object.assign(input, readStructure(this.model, shape, parseJsonObject(body), JSON_DOCUMENT, '', bound));
    }
    validateInput(this.model, operation, input, 'ValidationException');
    return input;
  }

  /** A querystring-bound map takes every parameter no other member claims. */
  private queryMap(req: HttpRequest, shape: Shape, claimed: Set<string>): Record<string, unknown> {
    const listValues = this.model.shapes[shape.value!.shape]?.type === 'list';
    const map: Record<string, unknown> = {};
    for (const [k, v] of req.query) {
      if (claimed.has(k)) continue;
      if (listValues) ((map[k] ??= []) as string[]).push(v);
      else if (!(k in map)) map[k] = v;
    }
    return map;
  }

  serializeOutput(operation: string, output: unknown, ctx: ProtocolContext): HttpResponse {
    const op = this.model.operations[operation]!;
    const headers: Record<string, string> = { 'x-amzn-requestid': ctx.requestId };
    let status = op.http.responseCode ?? 200;
    const shape = op.output ? this.model.shapes[op.output.shape] : undefined;
    if (!shape || !output || typeof output !== 'object') {
      return { status, headers: { ...headers, 'content-type': 'application/json' }, body: shape ? '{}' : '' };
    }
    const value = output as Record<string, unknown>;
    for (const [name, ref] of Object.entries(shape.members ?? {})) {
      const v = value[name];
      if (v === undefined || v === null) continue;
      if (ref.location === 'statusCode' && typeof v === 'number') status = v;
      else if (ref.location === 'header') {
        const text = toHeaderText(this.model, ref, v);
        if (text !== undefined) headers[(ref.locationName ?? name).toLowerCase()] = text;
      } else if (ref.location === 'headers' && typeof v === 'object') {
        for (const [k, hv] of Object.entries(v as Record<string, unknown>)) headers[`${(ref.locationName ?? '').toLowerCase()}${k}`] = String(hv);
      }
    }
    if (shape.payload) {
      const ref = shape.members![shape.payload]!;
      const payloadShape = this.model.shapes[ref.shape]!;
      const v = value[shape.payload];
      if (payloadShape.type === 'blob' || payloadShape.type === 'string') {
        headers['content-type'] = payloadShape.type === 'blob' ? 'application/octet-stream' : 'text/plain';
        return { status, headers, body: v instanceof Uint8Array || typeof v === 'string' ? v : undefined };
      }
      headers['content-type'] = 'application/json';
      return { status, headers, body: JSON.stringify(writeDocument(this.model, ref, v, JSON_DOCUMENT) ?? {}) };
    }
    headers['content-type'] = 'application/json';
    return { status, headers, body: JSON.stringify(writeStructure(this.model, shape, value, JSON_DOCUMENT, bound)) };
  }

  serializeError(error: AwsError, ctx: ProtocolContext): HttpResponse {
    const { type, body, headers } = jsonErrorParts(this.model, error);
    return {
      status: error.status,
      headers: {
        ...headers,
        ...error.headers,
        'content-type': 'application/json',
        'x-amzn-errortype': type,
        'x-amzn-requestid': ctx.requestId,
      },
      body: JSON.stringify(body),
    };
  }
}
