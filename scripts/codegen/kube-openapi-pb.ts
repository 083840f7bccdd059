// Encodes the OpenAPI v2 document as gnostic's openapi_v2.Document protobuf
// (github.com/google/gnostic-models openapiv2/OpenAPIv2.proto), the form client-go asks for with
// `Accept: application/com.github.proto-openapi.spec.v2@v1.0+protobuf`; kubectl 1.27's apply,
// explain and validation read it. Field numbers below are that proto's. Values that gnostic keeps
// as `Any` (defaults, enums, vendor extensions, examples) carry their YAML text, as gnostic does.
import { stringify as toYaml } from 'yaml';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Obj = { [k: string]: Json };

class Writer {
  private parts: Buffer[] = [];

  private varint(n: number | bigint): void {
    let v = BigInt.asUintN(64, BigInt(n));
    const bytes: number[] = [];
    do {
      let b = Number(v & 0x7fn);
      v >>= 7n;
      if (v) b |= 0x80;
      bytes.push(b);
    } while (v);
    this.parts.push(Buffer.from(bytes));
  }
  private key(field: number, wire: number): void {
    this.varint((field << 3) | wire);
  }
  str(field: number, s: string | undefined): this {
    if (s === undefined || s === '') return this;
    const b = Buffer.from(s, 'utf8');
    this.key(field, 2);
    this.varint(b.length);
    this.parts.push(b);
    return this;
  }
  strs(field: number, list: unknown): this {
    if (Array.isArray(list)) for (const s of list) if (typeof s === 'string') this.str(field, s);
    return this;
  }
  bool(field: number, v: unknown): this {
    if (v === true) {
      this.key(field, 0);
      this.varint(1);
    }
    return this;
  }
  int(field: number, v: unknown): this {
    if (typeof v === 'number' && v !== 0) {
      this.key(field, 0);
      this.varint(Math.trunc(v));
    }
    return this;
  }
  double(field: number, v: unknown): this {
    if (typeof v === 'number' && v !== 0) {
      this.key(field, 1);
      const b = Buffer.alloc(8);
      b.writeDoubleLE(v);
      this.parts.push(b);
    }
    return this;
  }
  msg(field: number, w: Writer | undefined): this {
    if (!w) return this;
    const b = w.bytes();
    this.key(field, 2);
    this.varint(b.length);
    this.parts.push(b);
    return this;
  }
  bytes(): Buffer {
    return Buffer.concat(this.parts);
  }
}

const isObj = (v: Json | undefined): v is Obj => !!v && typeof v === 'object' && !Array.isArray(v);

function any(v: Json): Writer {
  return new Writer().str(2, toYaml(v));
}

function namedAny(name: string, v: Json): Writer {
  return new Writer().str(1, name).msg(2, any(v));
}

function extensions(w: Writer, field: number, o: Obj): void {
  for (const [k, v] of Object.entries(o)) if (k.startsWith('x-')) w.msg(field, namedAny(k, v));
}

function schema(s: Obj): Writer {
  const w = new Writer();
  w.str(1, s.$ref as string).str(2, s.format as string).str(3, s.title as string).str(4, s.description as string);
  if (s.default !== undefined) w.msg(5, any(s.default));
  w.double(6, s.multipleOf).double(7, s.maximum).bool(8, s.exclusiveMaximum).double(9, s.minimum).bool(10, s.exclusiveMinimum);
  w.int(11, s.maxLength).int(12, s.minLength).str(13, s.pattern as string).int(14, s.maxItems).int(15, s.minItems).bool(16, s.uniqueItems);
  w.int(17, s.maxProperties).int(18, s.minProperties).strs(19, s.required);
  if (Array.isArray(s.enum)) for (const e of s.enum) w.msg(20, any(e));
  if (s.additionalProperties !== undefined) {
    const ap = new Writer();
    if (isObj(s.additionalProperties)) ap.msg(1, schema(s.additionalProperties));
    else ap.bool(2, s.additionalProperties);
    w.msg(21, ap);
  }
  if (s.type !== undefined) w.msg(22, new Writer().strs(1, Array.isArray(s.type) ? s.type : [s.type]));
  if (s.items !== undefined) {
    const items = new Writer();
    for (const it of Array.isArray(s.items) ? s.items : [s.items]) if (isObj(it)) items.msg(1, schema(it));
    w.msg(23, items);
  }
  if (Array.isArray(s.allOf)) for (const a of s.allOf) if (isObj(a)) w.msg(24, schema(a));
  if (isObj(s.properties)) {
    const props = new Writer();
    for (const [name, p] of Object.entries(s.properties)) if (isObj(p)) props.msg(1, new Writer().str(1, name).msg(2, schema(p)));
    w.msg(25, props);
  }
  w.str(26, s.discriminator as string).bool(27, s.readOnly);
  if (s.example !== undefined) w.msg(30, any(s.example));
  extensions(w, 31, s);
  return w;
}

function primitives(p: Obj, w: Writer, at: { type: number; format: number; items?: number; collection?: number; def?: number; uniq?: number; en?: number; ext: number }): void {
  w.str(at.type, p.type as string).str(at.format, p.format as string);
  if (at.items && isObj(p.items)) {
    const it = new Writer();
    primitives(p.items, it, { type: 1, format: 2, items: 3, collection: 4, def: 5, uniq: 15, en: 16, ext: 18 });
    w.msg(at.items, it);
  }
  if (at.collection) w.str(at.collection, p.collectionFormat as string);
  if (at.def && p.default !== undefined) w.msg(at.def, any(p.default));
  if (at.uniq) w.bool(at.uniq, p.uniqueItems);
  if (at.en && Array.isArray(p.enum)) for (const e of p.enum) w.msg(at.en, any(e));
  extensions(w, at.ext, p);
}

/** A ParametersItem: a reference, or a Parameter. */
function parametersItem(p: Obj): Writer {
  if (typeof p.$ref === 'string') return new Writer().msg(2, new Writer().str(1, p.$ref));
  return new Writer().msg(1, parameterMessage(p));
}

/** A Parameter: body, or one of the non-body sub-schemas (header 1, formData 2, query 3, path 4). */
function parameterMessage(p: Obj): Writer {
  if (p.in === 'body') {
    const b = new Writer().str(1, p.description as string).str(2, p.name as string).str(3, 'body').bool(4, p.required);
    if (isObj(p.schema)) b.msg(5, schema(p.schema));
    extensions(b, 6, p);
    return new Writer().msg(1, b);
  }
  const sub = new Writer();
  const at = p.in === 'query' ? 3 : p.in === 'path' ? 4 : p.in === 'formData' ? 2 : 1;
  if (p.in === 'query' || p.in === 'formData') {
    sub.bool(1, p.required).str(2, String(p.in)).str(3, p.description as string).str(4, p.name as string).bool(5, p.allowEmptyValue);
    primitives(p, sub, { type: 6, format: 7, items: 8, collection: 9, def: 10, uniq: 20, en: 21, ext: 23 });
  } else {
    sub.bool(1, p.in === 'path' ? true : p.required).str(2, String(p.in)).str(3, p.description as string).str(4, p.name as string);
    primitives(p, sub, { type: 5, format: 6, items: 7, collection: 8, def: 9, uniq: 19, en: 20, ext: 22 });
  }
  return new Writer().msg(2, new Writer().msg(at, sub));
}

function operation(op: Obj): Writer {
  const w = new Writer().strs(1, op.tags).str(2, op.summary as string).str(3, op.description as string).str(5, op.operationId as string);
  w.strs(6, op.produces).strs(7, op.consumes);
  if (Array.isArray(op.parameters)) for (const p of op.parameters) if (isObj(p)) w.msg(8, parametersItem(p));
  if (isObj(op.responses)) {
    const rs = new Writer();
    for (const [code, r] of Object.entries(op.responses)) {
      if (!isObj(r)) continue;
      const resp = new Writer().str(1, (r.description as string) ?? '');
      if (isObj(r.schema)) resp.msg(2, new Writer().msg(1, schema(r.schema)));
      rs.msg(1, new Writer().str(1, code).msg(2, new Writer().msg(1, resp)));
    }
    w.msg(9, rs);
  }
  w.strs(10, op.schemes).bool(11, op.deprecated);
  extensions(w, 13, op);
  return w;
}

const METHODS: Record<string, number> = { get: 2, put: 3, post: 4, delete: 5, options: 6, head: 7, patch: 8 };

export function encodeOpenApiV2(doc: Obj): Buffer {
  const w = new Writer().str(1, (doc.swagger as string) ?? '2.0');
  if (isObj(doc.info)) w.msg(2, new Writer().str(1, doc.info.title as string).str(2, doc.info.version as string).str(3, doc.info.description as string));
  const paths = new Writer();
  for (const [p, item] of Object.entries(isObj(doc.paths) ? doc.paths : {})) {
    if (!isObj(item)) continue;
    const pi = new Writer();
    for (const [m, field] of Object.entries(METHODS)) if (isObj(item[m])) pi.msg(field, operation(item[m] as Obj));
    if (Array.isArray(item.parameters)) for (const prm of item.parameters) if (isObj(prm)) pi.msg(9, parametersItem(prm));
    extensions(pi, 10, item);
    paths.msg(2, new Writer().str(1, p).msg(2, pi));
  }
  w.msg(8, paths);
  const defs = new Writer();
  for (const [name, s] of Object.entries(isObj(doc.definitions) ? doc.definitions : {})) if (isObj(s)) defs.msg(1, new Writer().str(1, name).msg(2, schema(s)));
  w.msg(9, defs);
  if (isObj(doc.parameters)) {
    const params = new Writer();
    for (const [name, p] of Object.entries(doc.parameters)) if (isObj(p)) params.msg(1, new Writer().str(1, name).msg(2, parameterMessage(p)));
    w.msg(10, params);
  }
  if (Array.isArray(doc.security)) {
    for (const req of doc.security) {
      if (!isObj(req)) continue;
      const sr = new Writer();
      for (const [name, scopes] of Object.entries(req)) sr.msg(1, new Writer().str(1, name).msg(2, new Writer().strs(1, scopes)));
      w.msg(12, sr);
    }
  }
  if (isObj(doc.securityDefinitions)) {
    const sd = new Writer();
    for (const [name, d] of Object.entries(doc.securityDefinitions)) {
      if (!isObj(d) || d.type !== 'apiKey') continue;
      const key = new Writer().str(1, 'apiKey').str(2, d.name as string).str(3, d.in as string).str(4, d.description as string);
      sd.msg(1, new Writer().str(1, name).msg(2, new Writer().msg(2, key)));
    }
    w.msg(13, sd);
  }
  return w.bytes();
}
