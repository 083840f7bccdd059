// Decodes Kubernetes protobuf request bodies (application/vnd.kubernetes.protobuf) into the JSON
// form the rest of the server works on. The envelope is "k8s\0" + runtime.Unknown{typeMeta, raw};
// raw is the kind's message, walked with the field tables generated from the .proto files.
// Only decoding: responses stay JSON, which every client that sends protobuf also accepts.
import { PROTO_LIST_WRAPPERS, PROTO_MESSAGES } from '../generated/proto.js';
import { Errors } from './status.js';

const MAGIC = [0x6b, 0x38, 0x73, 0x00];
const META = 'k8s.io.apimachinery.pkg.apis.meta.v1';
const LIST_WRAPPERS = new Set(PROTO_LIST_WRAPPERS);

class Reader {
  pos = 0;
  constructor(readonly buf: Uint8Array) {}
  get done(): boolean {
    return this.pos >= this.buf.length;
  }
  varint(): bigint {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      if (this.pos >= this.buf.length) throw new Error('truncated varint');
      const b = this.buf[this.pos++]!;
      result |= BigInt(b & 0x7f) << shift;
      if (!(b & 0x80)) return result;
      shift += 7n;
    }
  }
  bytes(): Uint8Array {
    const len = Number(this.varint());
    const out = this.buf.subarray(this.pos, this.pos + len);
    this.pos += len;
    if (out.length !== len) throw new Error('truncated bytes');
    return out;
  }
  skip(wire: number): void {
    if (wire === 0) this.varint();
    else if (wire === 1) this.pos += 8;
    else if (wire === 2) this.bytes();
    else if (wire === 5) this.pos += 4;
    else throw new Error(`unsupported wire type ${wire}`);
  }
}

const dec = new TextDecoder();

function signed64(v: bigint): number {
  return Number(BigInt.asIntN(64, v));
}

function scalar(type: string, wire: number, r: Reader): unknown {
  switch (type) {
    case 'string':
      return dec.decode(r.bytes());
    case 'bytes':
      return Buffer.from(r.bytes()).toString('base64');
    case 'bool':
      return r.varint() !== 0n;
    case 'int32':
      return Number(BigInt.asIntN(32, r.varint()));
    case 'int64':
      return signed64(r.varint());
    case 'uint32':
    case 'uint64':
      return Number(r.varint());
    case 'double': {
      const v = Buffer.from(r.buf.subarray(r.pos, r.pos + 8)).readDoubleLE(0);
      r.pos += 8;
      return v;
    }
    case 'float': {
      const v = Buffer.from(r.buf.subarray(r.pos, r.pos + 4)).readFloatLE(0);
      r.pos += 4;
      return v;
    }
    default:
      r.skip(wire);
      return undefined;
  }
}

/** Messages whose JSON form is not an object of their fields. */
function special(type: string, bytes: Uint8Array): { value: unknown } | null {
  switch (type) {
    case `${META}.Time`:
    case `${META}.MicroTime`: {
      const m = decodeMessage('', bytes, { raw: true }) as { 1?: number; 2?: number };
      const seconds = m[1] ?? 0;
      // Go's zero time marshals as an empty message (or year 1); JSON has no timestamp then.
      if (seconds <= -62135596800 || (seconds === 0 && !m[2])) return { value: undefined };
      const iso = new Date(seconds * 1000).toISOString();
      if (type.endsWith('MicroTime')) return { value: iso.replace(/\.\d{3}Z$/, `.${String(Math.floor((m[2] ?? 0) / 1000)).padStart(6, '0')}Z`) };
      return { value: iso.replace(/\.\d{3}Z$/, 'Z') };
    }
    case `${META}.Duration`: {
      const m = decodeMessage('', bytes, { raw: true }) as { 1?: number };
      return { value: `${(m[1] ?? 0) / 1e9}s` };
    }
    case 'k8s.io.apimachinery.pkg.api.resource.Quantity': {
      const m = decodeMessage('', bytes, { raw: true, strings: true }) as { 1?: string };
      return { value: m[1] ?? '0' };
    }
    case 'k8s.io.apimachinery.pkg.util.intstr.IntOrString': {
      const m = decodeMessage('k8s.io.apimachinery.pkg.util.intstr.IntOrString', bytes) as { type?: number; intVal?: number; strVal?: string };
      return { value: m.type === 1 ? (m.strVal ?? '') : (m.intVal ?? 0) };
    }
    case 'k8s.io.apimachinery.pkg.runtime.RawExtension':
    case `${META}.FieldsV1`: {
      const m = decodeMessage('', bytes, { raw: true, strings: true }) as { 1?: string };
      if (!m[1]) return { value: undefined };
      try {
        return { value: JSON.parse(m[1]) };
      } catch {
        return { value: undefined };
      }
    }
  }
  if (LIST_WRAPPERS.has(type)) {
    const fields = PROTO_MESSAGES[type]!;
    const m = decodeMessage(type, bytes) as Record<string, unknown>;
    return { value: m[fields[0]![1]] ?? [] };
  }
  return null;
}

function value(type: string, wire: number, r: Reader): unknown {
  if (!PROTO_MESSAGES[type]) return scalar(type, wire, r);
  const bytes = r.bytes();
  const s = special(type, bytes);
  return s ? s.value : decodeMessage(type, bytes);
}

/**
 * Non-pointer numbers whose zero Go's JSON encoder omits; protobuf always carries them. Other
 * numbers are kept, because for pointer fields (replicas: 0) zero is a value.
 */
const OMIT_ZERO = new Set(['generation', 'minReadySeconds']);

/** Omits what Go's JSON encoder leaves out for empty values (omitempty), so objects read as upstream's. */
function isEmpty(v: unknown, name = ''): boolean {
  if (v === undefined || v === '' || v === false) return true;
  if (v === 0 && OMIT_ZERO.has(name)) return true;
  if (Array.isArray(v)) return v.length === 0;
  if (v && typeof v === 'object') return Object.keys(v).length === 0;
  return false;
}

interface RawOptions {
  /** Keys by field number, for the special messages above. */
  raw?: boolean;
  /** With `raw`, length-delimited fields are strings. */
  strings?: boolean;
}

function decodeMessage(type: string, bytes: Uint8Array, opts: RawOptions = {}): Record<string, unknown> {
  const r = new Reader(bytes);
  const out: Record<string, unknown> = {};
  const fields = opts.raw ? [] : (PROTO_MESSAGES[type] ?? []);
  while (!r.done) {
    const tag = Number(r.varint());
    const num = tag >>> 3;
    const wire = tag & 7;
    if (opts.raw) {
      out[num] = wire === 2 ? (opts.strings ? dec.decode(r.bytes()) : r.bytes()) : wire === 0 ? signed64(r.varint()) : (r.skip(wire), undefined);
      continue;
    }
    const f = fields.find((x) => x[0] === num);
    if (!f) {
      r.skip(wire);
      continue;
    }
    const [, name, ftype, label] = f;
    if (label === 'r') {
      const list = (out[name] as unknown[] | undefined) ?? [];
      if (wire === 2 && !PROTO_MESSAGES[ftype] && ftype !== 'string' && ftype !== 'bytes') {
        // Packed repeated scalars.
        const inner = new Reader(r.bytes());
        while (!inner.done) list.push(scalar(ftype, 0, inner));
      } else list.push(value(ftype, wire, r));
      out[name] = list;
    } else if (label.startsWith('m:')) {
      const vtype = label.slice(2);
      const entry = new Reader(r.bytes());
      let key = '';
      let val: unknown = PROTO_MESSAGES[vtype] ? undefined : vtype === 'string' || vtype === 'bytes' ? '' : 0;
      while (!entry.done) {
        const t = Number(entry.varint());
        if (t >>> 3 === 1) key = dec.decode(entry.bytes());
        else if (t >>> 3 === 2) val = value(vtype, t & 7, entry);
        else entry.skip(t & 7);
      }
      const m = (out[name] as Record<string, unknown> | undefined) ?? {};
      m[key] = val ?? (LIST_WRAPPERS.has(vtype) ? [] : {});
      out[name] = m;
    } else if (label === 'i') {
      Object.assign(out, value(ftype, wire, r) as Record<string, unknown>);
    } else {
      const v = value(ftype, wire, r);
      if (isEmpty(v, name)) delete out[name];
      else out[name] = v;
    }
  }
  return out;
}

/** The proto package of an API group's types ("apps" → k8s.io.api.apps.v1). */
function packageOf(apiVersion: string): string {
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
  if (group === 'meta.k8s.io') return `${META.slice(0, META.lastIndexOf('.'))}.${version}`;
  return `k8s.io.api.${group ? group!.split('.')[0] : 'core'}.${version}`;
}

export function isProtobufBody(body: Uint8Array): boolean {
  return body.length >= 4 && MAGIC.every((b, i) => body[i] === b);
}

/** Decodes an enveloped protobuf object into its JSON form (apiVersion and kind included). */
export function decodeProtobufObject(body: Uint8Array): Record<string, unknown> {
  if (!isProtobufBody(body)) throw Errors.badRequest('provided data does not appear to be a protobuf message, expected prefix [107 56 115 0]');
  try {
    const unknown = decodeMessage('k8s.io.apimachinery.pkg.runtime.Unknown', body.subarray(4), { raw: true }) as Record<number, Uint8Array>;
    const typeMeta = unknown[1] ? (decodeMessage('', unknown[1], { raw: true, strings: true }) as { 1?: string; 2?: string }) : {};
    const apiVersion = typeMeta[1] ?? '';
    const kind = typeMeta[2] ?? '';
    const type = `${packageOf(apiVersion)}.${kind}`;
    if (!PROTO_MESSAGES[type]) throw Errors.unsupportedMediaType(`application/vnd.kubernetes.protobuf (${apiVersion}, Kind=${kind})`, ['application/json', 'application/yaml']);
    const obj = decodeMessage(type, unknown[2] ?? new Uint8Array());
    return { apiVersion, kind, ...obj };
  } catch (err) {
    if (err instanceof Error && err.name === 'Error' && !('status' in err)) throw Errors.badRequest(`unable to decode protobuf body: ${err.message}`);
    throw err;
  }
}
