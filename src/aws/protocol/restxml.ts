// The rest-xml protocol, driven by the service model: the operation comes from the method, the path
// pattern of its requestUri and the query literals it names; input members are bound from the uri,
// query string, headers and payload; outputs go back as headers, a status code and an XML or streaming
// payload. Service quirks (S3's virtual hosts, its error document) are subclasses, see services/s3/protocol.ts.
import { Readable } from 'node:stream';
import { AwsError } from '../errors.js';
import type { HttpRequest, HttpResponse } from './http.js';
import { readBody } from './http.js';
import type { MemberRef, Operation, ServiceModel, Shape } from './model.js';
import type { Protocol, ProtocolContext } from './protocol.js';
import { escapeXml, formatTimestamp, parseXml, parseTimestamp, readXmlValue, scalarToString, serializeXmlDocument, XmlSyntaxError, XmlValueError } from './xml.js';

interface Route {
  op: Operation;
  method: string;
  regex: RegExp;
  labels: { name: string; greedy: boolean }[];
  /** Query literals of the requestUri: key → required value (undefined: only presence). */
  literals: [string, string | undefined][];
  literalSegments: number;
  /** Input members that must be present in the query string or headers for this operation. */
  required: { location: 'querystring' | 'header'; name: string }[];
}

/** Path and query of a request as the router sees it (S3 puts the virtual-host bucket in front). */
export interface RoutingView {
  path: string;
  query: [string, string][];
}

export class RestXmlProtocol implements Protocol {
  protected readonly routes: Route[] = [];

  constructor(readonly model: ServiceModel) {
    for (const op of Object.values(model.operations)) this.routes.push(this.compileRoute(op));
  }

  // ----- hooks for service subclasses --------------------------------------------------------------

  /** The path (still percent-encoded) and query the operation is matched against. */
  protected routingView(req: HttpRequest): RoutingView {
    return { path: req.rawPath, query: req.query };
  }

  /** The error when no operation matches. */
  protected noOperation(req: HttpRequest): AwsError {
    return new AwsError('UnknownOperationException', `No operation matches ${req.method} ${req.rawPath}`, 404);
  }

  /** The error for a payload that is not well-formed XML or does not fit its shape. */
  protected malformedPayload(_detail: string): AwsError {
    return new AwsError('SerializationException', 'The request payload could not be parsed.', 400);
  }

  /** The error for a header or query value of the wrong type. */
  protected invalidValue(member: string, value: string): AwsError {
    return new AwsError('SerializationException', `Invalid value '${value}' for ${member}`, 400);
  }

  /** When several operations match equally well (ListBuckets vs ListDirectoryBuckets), the one to pick. */
  protected preferred(a: Operation & { deprecated?: boolean }, b: Operation & { deprecated?: boolean }): Operation {
    if (!!a.deprecated !== !!b.deprecated) return a.deprecated ? b : a;
    return a.name <= b.name ? a : b;
  }

  /** The default namespace of XML documents this service writes. */
  protected xmlns(): string | undefined {
    return this.model.metadata.xmlNamespace;
  }

  /** Headers on every response (request ids). */
  protected commonHeaders(ctx: ProtocolContext): Record<string, string> {
    return { 'x-amzn-requestid': ctx.requestId };
  }

  // ----- routing -----------------------------------------------------------------------------------

  private compileRoute(op: Operation & { deprecated?: boolean }): Route {
    const [pathPart = '/', queryPart = ''] = op.http.requestUri.split('?');
    const labels: Route['labels'] = [];
    let literalSegments = 0;
    let pattern = '';
    for (const seg of pathPart.split('/').filter(Boolean)) {
      const m = /^\{([^}+]+)(\+)?\}$/.exec(seg);
      if (m) {
        labels.push({ name: m[1]!, greedy: !!m[2] });
        pattern += m[2] ? '/(.+)' : '/([^/]+)';
      } else {
        literalSegments++;
        pattern += '/' + seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      }
    }
    const literals: Route['literals'] = queryPart
      .split('&')
      .filter(Boolean)
      .map((kv) => {
        const eq = kv.indexOf('=');
        return eq >= 0 ? [kv.slice(0, eq), kv.slice(eq + 1)] : [kv, undefined];
      });
    const required: Route['required'] = [];
    const input = op.input ? this.model.shapes[op.input.shape] : undefined;
    for (const name of input?.required ?? []) {
      const ref = input!.members?.[name];
      if (ref?.location === 'querystring' || ref?.location === 'header') {
        const wire = ref.locationName ?? name;
        required.push({ location: ref.location, name: ref.location === 'header' ? wire.toLowerCase() : wire });
      }
    }
    return { op, method: op.http.method, regex: new RegExp(`^${pattern || ''}/?$`), labels, literals, literalSegments, required };
  }

  resolveOperation(req: HttpRequest): string {
    const view = this.routingView(req);
    const keys = new Map<string, string>();
    for (const [k, v] of view.query) if (!keys.has(k)) keys.set(k, v);
    let best: { route: Route; score: number } | undefined;
    for (const r of this.routes) {
      if (r.method !== req.method) continue;
      if (!r.regex.test(view.path)) continue;
      if (!r.literals.every(([k, v]) => keys.has(k) && (v === undefined || keys.get(k) === v))) continue;
      const present = r.required.filter((q) => (q.location === 'querystring' ? keys.has(q.name) : req.headers[q.name] !== undefined));
      if (present.length < r.required.length) continue;
      const score = r.literals.length * 100 + r.literalSegments * 50 + r.labels.length * 20 + present.length * 10;
      if (!best || score > best.score) best = { route: r, score };
      else if (score === best.score && this.preferred(best.route.op, r.op) === r.op) best = { route: r, score };
    }
    if (!best) throw this.noOperation(req);
    return best.route.op.name;
  }

  // ----- input -------------------------------------------------------------------------------------

  async parseInput(req: HttpRequest, operation: string): Promise<Record<string, unknown>> {
    const op = this.model.operations[operation]!;
    const input: Record<string, unknown> = {};
    if (!op.input) return input;
    const shape = this.model.shapes[op.input.shape]!;
    const route = this.routes.find((r) => r.op === op)!;
    const view = this.routingView(req);
    const match = route.regex.exec(view.path);
    const labelValues = new Map<string, string>();
    route.labels.forEach((l, i) => labelValues.set(l.name, decodePath(match?.[i + 1] ?? '')));
    const bound = new Set<string>();
    for (const [member, ref] of Object.entries(shape.members ?? {})) {
      const mshape = this.model.shapes[ref.shape]!;
      const wire = ref.locationName ?? member;
      switch (ref.location) {
        case 'uri': {
          const v = labelValues.get(wire);
          if (v !== undefined) input[member] = this.scalarIn(member, mshape, v);
          break;
        }
        case 'querystring': {
          if (mshape.type === 'map') break; // filled below from the parameters no other member took
          bound.add(wire);
          const values = view.query.filter(([k]) => k === wire).map(([, v]) => v);
          if (!values.length) break;
          input[member] = mshape.type === 'list'
            ? values.map((v) => this.scalarIn(member, this.model.shapes[mshape.member!.shape]!, v))
            : this.scalarIn(member, mshape, values[0]!);
          break;
        }
        case 'header': {
          const v = req.headers[wire.toLowerCase()];
          if (v === undefined) break;
          input[member] = this.headerIn(member, ref, mshape, v);
          break;
        }
        case 'headers': {
          const prefix = wire.toLowerCase();
          const map: Record<string, string> = {};
          let any = false;
          for (const [h, v] of Object.entries(req.headers)) {
            if (h.startsWith(prefix)) {
              map[h.slice(prefix.length)] = v;
              any = true;
            }
          }
          if (any) input[member] = map;
          break;
        }
        default:
          break;
      }
    }
    for (const [member, ref] of Object.entries(shape.members ?? {})) {
      if (ref.location === 'querystring' && this.model.shapes[ref.shape]!.type === 'map') {
        const map: Record<string, string> = {};
        for (const [k, v] of view.query) if (!bound.has(k)) map[k] = v;
        if (Object.keys(map).length) input[member] = map;
      }
    }
    await this.bindPayload(req, op, shape, input);
    return input;
  }

  private async bindPayload(req: HttpRequest, op: Operation, shape: Shape, input: Record<string, unknown>): Promise<void> {
    if (shape.payload) {
      const ref = shape.members![shape.payload]!;
      const pshape = this.model.shapes[ref.shape]!;
      if (pshape.type === 'blob' || pshape.type === 'string') {
        if (ref.streaming || pshape.streaming) {
          input[shape.payload] = req.body;
          return;
        }
        const buf = await readBody(req.body);
        if (buf.length) input[shape.payload] = pshape.type === 'string' ? buf.toString('utf8') : buf;
        return;
      }
      const doc = await this.readDocument(req);
      if (doc !== undefined) input[shape.payload] = this.readStructure(ref, doc);
      return;
    }
    const hasBodyMembers = Object.values(shape.members ?? {}).some((m) => !m.location);
    if (!hasBodyMembers) return;
    const doc = await this.readDocument(req);
    if (doc !== undefined) Object.assign(input, this.readStructure({ shape: op.input!.shape }, doc));
  }

  private async readDocument(req: HttpRequest): Promise<string | undefined> {
    const text = (await readBody(req.body)).toString('utf8');
    return text.trim() ? text : undefined;
  }

  private readStructure(ref: MemberRef, text: string): unknown {
    try {
      return readXmlValue(this.model, ref, parseXml(text));
    } catch (err) {
      if (err instanceof XmlSyntaxError || err instanceof XmlValueError) throw this.malformedPayload(err.message);
      throw err;
    }
  }

  private scalarIn(member: string, shape: Shape, v: string): unknown {
    switch (shape.type) {
      case 'integer':
      case 'long':
      case 'float':
      case 'double': {
        const n = Number(v);
        if (v.trim() === '' || Number.isNaN(n)) throw this.invalidValue(member, v);
        return n;
      }
      case 'boolean':
        return v.toLowerCase() === 'true';
      case 'timestamp': {
        // Every format AWS uses (ISO 8601, epoch seconds, RFC 822) is told apart by its text.
        const d = parseTimestamp(v);
        if (!d) throw this.invalidValue(member, v);
        return d;
      }
      case 'blob':
        return Buffer.from(v, 'base64');
      default:
        return v;
    }
  }

  private headerIn(member: string, ref: MemberRef, shape: Shape, v: string): unknown {
    if (ref.jsonvalue) {
      try {
        return JSON.parse(Buffer.from(v, 'base64').toString('utf8'));
      } catch {
        throw this.invalidValue(member, v);
      }
    }
    if (shape.type === 'list') return v.split(',').map((s) => s.trim()).filter(Boolean);
    // An unparseable date in a conditional header is ignored, as HTTP says and S3 does.
    if (shape.type === 'timestamp') return parseTimestamp(v);
    return this.scalarIn(member, shape, v);
  }

  // ----- output ------------------------------------------------------------------------------------

  serializeOutput(operation: string, output: unknown, ctx: ProtocolContext): HttpResponse {
    const op = this.model.operations[operation]!;
    const headers: Record<string, string | string[]> = { ...this.commonHeaders(ctx) };
    let status = op.http.responseCode ?? 200;
    const value = (output ?? {}) as Record<string, unknown>;
    const shape = op.output ? this.model.shapes[op.output.shape] : undefined;
    if (!shape) return { status, headers: { ...headers, 'content-length': '0' }, body: '' };
    let body: HttpResponse['body'];
    for (const [member, ref] of Object.entries(shape.members ?? {})) {
      const v = value[member];
      if (v === undefined || v === null) continue;
      const mshape = this.model.shapes[ref.shape]!;
      if (ref.location === 'statusCode') status = Number(v);
      else if (ref.location === 'header') headers[(ref.locationName ?? member).toLowerCase()] = this.headerOut(ref, mshape, v);
      else if (ref.location === 'headers') {
        for (const [k, hv] of Object.entries(v as Record<string, string>)) headers[`${(ref.locationName ?? member).toLowerCase()}${k}`] = String(hv);
      }
    }
    if (shape.payload) {
      const ref = shape.members![shape.payload]!;
      const pshape = this.model.shapes[ref.shape]!;
      const pv = value[shape.payload];
      if (pshape.type === 'blob' || pshape.type === 'string') {
        body = pv === undefined ? '' : pv instanceof Readable || pv instanceof Uint8Array ? (pv as Readable | Uint8Array) : String(pv);
      } else if (pv !== undefined) {
        body = this.document(pshape, ref.shape, ref.locationName ?? pshape.locationName ?? shape.payload, pv, operation);
        headers['content-type'] ??= 'application/xml';
      }
    } else if (Object.values(shape.members ?? {}).some((m) => !m.location)) {
      body = this.document(shape, op.output!.shape, shape.locationName ?? `${operation}Result`, value, operation);
      headers['content-type'] ??= 'application/xml';
    }
    if (body === undefined || (typeof body === 'string' && body === '')) headers['content-length'] ??= '0';
    return { status, headers, body: body ?? '' };
  }

  /** The XML document of an output; S3 overrides it for GetBucketLocation's bare root. */
  protected document(_shape: Shape, shapeName: string, rootName: string, value: unknown, _operation: string): string {
    return serializeXmlDocument(this.model, shapeName, rootName, value, { xmlns: this.xmlns() });
  }

  private headerOut(ref: MemberRef, shape: Shape, v: unknown): string {
    if (ref.jsonvalue) return Buffer.from(JSON.stringify(v)).toString('base64');
    if (shape.type === 'list') return (v as unknown[]).map(String).join(', ');
    if (shape.type === 'timestamp' && v instanceof Date) return formatTimestamp(v, ref.timestampFormat ?? shape.timestampFormat ?? 'rfc822');
    return scalarToString(shape, v, 'rfc822');
  }

  // ----- errors ------------------------------------------------------------------------------------

  serializeError(error: AwsError, ctx: ProtocolContext): HttpResponse {
    const fields = Object.entries(error.fields)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `<${k}>${escapeXml(String(v))}</${k}>`)
      .join('');
    const body = `<?xml version="1.0" encoding="UTF-8"?>\n<ErrorResponse${this.xmlns() ? ` xmlns="${this.xmlns()}"` : ''}><Error><Type>${error.senderFault ? 'Sender' : 'Receiver'}</Type><Code>${escapeXml(error.code)}</Code><Message>${escapeXml(error.message)}</Message>${fields}</Error><RequestId>${ctx.requestId}</RequestId></ErrorResponse>`;
    return { status: error.status, headers: { ...this.commonHeaders(ctx), 'content-type': 'application/xml', ...error.headers }, body };
  }
}

/** Percent-decodes a uri label; an invalid escape is kept as sent rather than failing the request. */
export function decodePath(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
