// AWS query (IAM, STS, and CloudWatch's oldest clients): a form-encoded Action=…&Version=… request with
// nested members flattened into dotted keys (Tags.member.1.Key, Attributes.entry.1.value), answered with
// <OpResponse><OpResult>…</OpResult><ResponseMetadata/></OpResponse> or <ErrorResponse><Error/></ErrorResponse>.
import { AwsError } from '../errors.js';
import type { HttpRequest, HttpResponse } from './http.js';
import { readBody } from './http.js';
import type { MemberRef, ServiceModel, Shape } from './model.js';
import type { Protocol, ProtocolContext } from './protocol.js';
import { escapeXml, writeXmlElement } from './xml.js';
import { parseTimestamp } from './timestamps.js';
import { lowerFirst } from './document.js';
import { validateInput, validationMessage } from './validate.js';

/** The flat parameters of a query request, with an index of every dotted prefix for list/map discovery. */
class QueryParams {
  readonly values = new Map<string, string>();
  private readonly prefixes = new Set<string>();

  constructor(pairs: Iterable<[string, string]>) {
    for (const [k, v] of pairs) {
      if (!this.values.has(k)) this.values.set(k, v);
      let i = k.indexOf('.');
      while (i >= 0) {
        this.prefixes.add(k.slice(0, i));
        i = k.indexOf('.', i + 1);
      }
    }
  }

  /** True when `key` is given itself or as the prefix of nested keys. */
  has(key: string): boolean {
    return this.values.has(key) || this.prefixes.has(key);
  }
}

/** Reads the members of `shape` found under `prefix`; `path` is the validation path of the value. */
function readStruct(model: ServiceModel, shape: Shape, params: QueryParams, prefix: string, path: string, bad: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, ref] of Object.entries(shape.members ?? {})) {
    const key = `${prefix}${ref.locationName ?? name}`;
    const v = readValue(model, ref, params, key, path ? `${path}.${lowerFirst(name)}` : lowerFirst(name), bad);
    if (v !== undefined) out[name] = v;
  }
  return out;
}

function readValue(model: ServiceModel, ref: MemberRef, params: QueryParams, key: string, path: string, bad: string[]): unknown {
  const shape = model.shapes[ref.shape]!;
  switch (shape.type) {
    case 'structure':
      return params.has(key) ? readStruct(model, shape, params, `${key}.`, path, bad) : undefined;
    case 'list': {
      if (!params.has(key)) return undefined;
      // An empty list is sent as the bare key with no value ("Tags=").
      if (params.values.get(key) === '') return [];
      const flat = ref.flattened || shape.flattened;
      const base = flat ? key : `${key}.${shape.member!.locationName ?? 'member'}`;
      const out: unknown[] = [];
      for (let i = 1; params.has(`${base}.${i}`); i++) out.push(readValue(model, shape.member!, params, `${base}.${i}`, `${path}.${i}.member`, bad));
      return out;
    }
    case 'map': {
      if (!params.has(key)) return undefined;
      const flat = ref.flattened || shape.flattened;
      const base = flat ? key : `${key}.entry`;
      const kname = shape.key!.locationName ?? 'key';
      const vname = shape.value!.locationName ?? 'value';
      const out: Record<string, unknown> = {};
      for (let i = 1; params.has(`${base}.${i}`); i++) {
        const k = params.values.get(`${base}.${i}.${kname}`);
        if (k !== undefined) out[k] = readValue(model, shape.value!, params, `${base}.${i}.${vname}`, `${path}.${k}`, bad);
      }
      return out;
    }
    default: {
      const text = params.values.get(key);
      return text === undefined ? undefined : readScalar(shape, text, path, bad);
    }
  }
}

function readScalar(shape: Shape, text: string, path: string, bad: string[]): unknown {
  switch (shape.type) {
    case 'integer':
    case 'long':
    case 'float':
    case 'double':
    case 'bigdecimal':
    case 'biginteger': {
      const n = Number(text);
      const integral = !['float', 'double', 'bigdecimal'].includes(shape.type);
      if (text.trim() === '' || Number.isNaN(n) || (integral && !Number.isInteger(n))) {
        bad.push(`Value '${text}' at '${path}' failed to satisfy constraint: Member must be a valid ${integral ? 'integer' : 'number'}`);
        return undefined;
      }
      return n;
    }
    case 'boolean': {
      const t = text.toLowerCase();
      if (t !== 'true' && t !== 'false') {
        bad.push(`Value '${text}' at '${path}' failed to satisfy constraint: Member must be a boolean`);
        return undefined;
      }
      return t === 'true';
    }
    case 'timestamp': {
      const d = parseTimestamp(text);
      if (!d) bad.push(`Value '${text}' at '${path}' failed to satisfy constraint: Member must be a timestamp`);
      return d;
    }
    case 'blob':
      return new Uint8Array(Buffer.from(text, 'base64'));
    default:
      return text;
  }
}

export class QueryProtocol implements Protocol {
  private readonly xmlns: string;

  constructor(readonly model: ServiceModel) {
    this.xmlns = model.metadata.xmlNamespace ?? `https://${model.metadata.endpointPrefix}.amazonaws.com/doc/${model.metadata.apiVersion}/`;
  }

  resolveOperation(req: HttpRequest): string {
    const action = req.form?.get('Action') ?? req.query.find(([k]) => k === 'Action')?.[1];
    if (action === undefined) throw new AwsError('MissingAction', 'Missing Action', 400);
    if (!this.model.operations[action]) {
      throw new AwsError('InvalidAction', `Could not find operation ${action} for version ${this.model.metadata.apiVersion}`, 400);
    }
    return action;
  }

  async parseInput(req: HttpRequest, operation: string): Promise<Record<string, unknown>> {
    // The gateway parsed a url-encoded POST body into req.form to route it; anything else may carry a form too.
    let form = req.form;
    if (!form && req.method === 'POST') form = new URLSearchParams((await readBody(req.body)).toString('utf8'));
    const params = new QueryParams([...req.query, ...(form ? [...form.entries()] : [])]);
    const op = this.model.operations[operation]!;
    if (!op.input) return {};
    const bad: string[] = [];
    const input = readStruct(this.model, this.model.shapes[op.input.shape]!, params, '', '', bad);
    if (bad.length) throw new AwsError(this.validationCode, validationMessage(bad), 400);
    validateInput(this.model, operation, input, this.validationCode);
    return input;
  }

  /** IAM and STS answer ValidationError; query-compatible JSON services keep their JSON-era code. */
  get validationCode(): 'ValidationError' | 'ValidationException' {
    return this.model.metadata.protocol === 'query' ? 'ValidationError' : 'ValidationException';
  }

  serializeOutput(operation: string, output: unknown, ctx: ProtocolContext): HttpResponse {
    const op = this.model.operations[operation]!;
    let result = '';
    if (op.output && output && typeof output === 'object') {
      const wrapper = op.output.resultWrapper ?? `${operation}Result`;
      result = writeXmlElement(this.model, { shape: op.output.shape }, wrapper, output, { timestampFormat: 'iso8601' });
    }
    const body =
      `<${operation}Response xmlns="${escapeXml(this.xmlns)}">${result}` +
      `<ResponseMetadata><RequestId>${escapeXml(ctx.requestId)}</RequestId></ResponseMetadata></${operation}Response>`;
    return { status: 200, headers: { 'content-type': 'text/xml', 'x-amzn-requestid': ctx.requestId }, body };
  }

  serializeError(error: AwsError, ctx: ProtocolContext): HttpResponse {
    let extra = '';
    for (const [k, v] of Object.entries(error.fields)) if (v !== undefined) extra += `<${k}>${escapeXml(String(v))}</${k}>`;
    const body =
      `<ErrorResponse xmlns="${escapeXml(this.xmlns)}"><Error><Type>${error.senderFault ? 'Sender' : 'Receiver'}</Type>` +
      `<Code>${escapeXml(error.code)}</Code><Message>${escapeXml(error.message)}</Message>${extra}</Error>` +
      `<RequestId>${escapeXml(ctx.requestId)}</RequestId></ErrorResponse>`;
    return {
      status: error.status,
      headers: { ...error.headers, 'content-type': 'text/xml', 'x-amzn-requestid': ctx.requestId },
      body,
    };
  }
}
