// Shape-driven XML for the rest-xml and query protocols: values are written and read by walking a
// botocore model shape, so member order, locationName, flattened/wrapped lists, maps, attributes and
// namespaces follow the model instead of hand-written templates. Nothing here knows about HTTP.
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { MemberRef, ServiceModel, Shape } from './model.js';

/** A parsed XML element: local names (namespace prefixes removed), attributes, child elements and text. */
export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  text: string;
}

/** Raised for XML that is not well-formed; each protocol maps it to its own error (S3: MalformedXML). */
export class XmlSyntaxError extends Error {}

export interface XmlWriteOptions {
  /** Element name for members of non-flattened lists that name none (botocore's default is "member"). */
  listMemberName?: string;
  /** Timestamp format when neither member nor shape names one: "iso8601" (default), "unixTimestamp", "rfc822". */
  timestampFormat?: string;
}

export function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/\r/g, '&#13;');
}

/** Formats a Date as a protocol timestamp. */
export function formatTimestamp(d: Date, format = 'iso8601'): string {
  switch (format) {
    case 'unixTimestamp':
      return String(d.getTime() / 1000);
    case 'rfc822':
      return d.toUTCString();
    default:
      return d.toISOString();
  }
}

/** Parses a timestamp in any of the forms AWS sends (ISO 8601, epoch seconds, RFC 822). */
export function parseTimestamp(s: string): Date | undefined {
  const t = s.trim();
  if (/^-?\d+(\.\d+)?$/.test(t)) return new Date(Number(t) * 1000);
  const d = new Date(t);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

function toBuffer(v: unknown): Buffer {
  if (Buffer.isBuffer(v)) return v;
  if (v instanceof Uint8Array) return Buffer.from(v.buffer, v.byteOffset, v.byteLength);
  return Buffer.from(String(v));
}

/** The text form of a scalar value of `shape`. */
export function scalarToString(shape: Shape, value: unknown, timestampFormat: string): string {
  switch (shape.type) {
    case 'timestamp':
      return value instanceof Date ? formatTimestamp(value, timestampFormat) : String(value);
    case 'blob':
      return toBuffer(value).toString('base64');
    case 'boolean':
      return value ? 'true' : 'false';
    default:
      return String(value);
  }
}

/**
 * Serializes `value` as an XML element named `name` according to `ref` (a member reference or
 * `{ shape }` for a top-level shape). `xmlns` adds a default namespace to this element.
 */
export function writeXmlElement(model: ServiceModel, ref: MemberRef, name: string, value: unknown, opts: XmlWriteOptions = {}, xmlns?: string): string {
  const shape = model.shapes[ref.shape];
  if (!shape) throw new Error(`unknown shape ${ref.shape}`);
  const nsAttrs = namespaceAttrs(ref.xmlNamespace ?? shape.xmlNamespace, xmlns);
  return writeValue(model, shape, ref, name, value, opts, nsAttrs);
}

/** A whole document: declaration plus one root element. */
export function serializeXmlDocument(model: ServiceModel, shapeName: string, rootName: string, value: unknown, opts: XmlWriteOptions & { xmlns?: string } = {}): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${writeXmlElement(model, { shape: shapeName }, rootName, value, opts, opts.xmlns)}`;
}

function namespaceAttrs(ns: { uri: string; prefix?: string } | undefined, xmlns: string | undefined): string {
  let out = '';
  if (xmlns) out += ` xmlns="${escapeXml(xmlns)}"`;
  if (ns) out += ns.prefix ? ` xmlns:${ns.prefix}="${escapeXml(ns.uri)}"` : xmlns ? '' : ` xmlns="${escapeXml(ns.uri)}"`;
  return out;
}

function writeValue(model: ServiceModel, shape: Shape, ref: MemberRef, name: string, value: unknown, opts: XmlWriteOptions, extraAttrs = ''): string {
  if (value === undefined || value === null) return '';
  switch (shape.type) {
    case 'structure':
      return writeStructure(model, shape, name, value as Record<string, unknown>, opts, extraAttrs);
    case 'list':
      return writeList(model, shape, ref, name, value as unknown[], opts, extraAttrs);
    case 'map':
      return writeMap(model, shape, ref, name, value as Record<string, unknown>, opts, extraAttrs);
    default: {
      const fmt = ref.timestampFormat ?? shape.timestampFormat ?? opts.timestampFormat ?? 'iso8601';
      return `<${name}${extraAttrs}>${escapeXml(scalarToString(shape, value, fmt))}</${name}>`;
    }
  }
}

function writeStructure(model: ServiceModel, shape: Shape, name: string, value: Record<string, unknown>, opts: XmlWriteOptions, extraAttrs: string): string {
  let attrs = extraAttrs;
  let body = '';
  for (const [member, mref] of Object.entries(shape.members ?? {})) {
    // Members bound to HTTP (headers, uri, status) never appear in the document.
    if (mref.location) continue;
    const v = value[member];
    if (v === undefined || v === null) continue;
    const mshape = model.shapes[mref.shape]!;
    const mname = mref.locationName ?? member;
    if (mref.xmlAttribute) {
      const fmt = mref.timestampFormat ?? mshape.timestampFormat ?? opts.timestampFormat ?? 'iso8601';
      attrs += ` ${mname}="${escapeXml(scalarToString(mshape, v, fmt))}"`;
      continue;
    }
    body += writeValue(model, mshape, mref, mname, v, opts, namespaceAttrs(mref.xmlNamespace ?? mshape.xmlNamespace, undefined));
  }
  return `<${name}${attrs}>${body}</${name}>`;
}

function writeList(model: ServiceModel, shape: Shape, ref: MemberRef, name: string, items: unknown[], opts: XmlWriteOptions, extraAttrs: string): string {
  const mref = shape.member!;
  const mshape = model.shapes[mref.shape]!;
  if (ref.flattened || shape.flattened) {
    // A flattened list repeats its items in place; they take the member's locationName when it has one.
    const itemName = mref.locationName ?? name;
    return items.map((it) => writeValue(model, mshape, mref, itemName, it, opts, extraAttrs)).join('');
  }
  const itemName = mref.locationName ?? opts.listMemberName ?? 'member';
  const itemAttrs = namespaceAttrs(mshape.xmlNamespace, undefined);
  return `<${name}${extraAttrs}>${items.map((it) => writeValue(model, mshape, mref, itemName, it, opts, itemAttrs)).join('')}</${name}>`;
}

function writeMap(model: ServiceModel, shape: Shape, ref: MemberRef, name: string, map: Record<string, unknown>, opts: XmlWriteOptions, extraAttrs: string): string {
  const kref = shape.key!;
  const vref = shape.value!;
  const kname = kref.locationName ?? 'key';
  const vname = vref.locationName ?? 'value';
  const entries = Object.entries(map).map(
    ([k, v]) => `${writeValue(model, model.shapes[kref.shape]!, kref, kname, k, opts)}${writeValue(model, model.shapes[vref.shape]!, vref, vname, v, opts)}`,
  );
  if (ref.flattened || shape.flattened) return entries.map((e) => `<${name}${extraAttrs}>${e}</${name}>`).join('');
  return `<${name}${extraAttrs}>${entries.map((e) => `<entry>${e}</entry>`).join('')}</${name}>`;
}

// ---------------------------------------------------------------------------------------------------
// Parsing

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  removeNSPrefix: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  processEntities: true,
  htmlEntities: false,
});

type RawNode = Record<string, unknown>;

function toElement(raw: RawNode): XmlElement | undefined {
  const name = Object.keys(raw).find((k) => k !== ':@');
  if (!name || name === '#text' || name === '#comment' || name.startsWith('?')) return undefined;
  const attrs: Record<string, string> = {};
  const rawAttrs = raw[':@'] as Record<string, unknown> | undefined;
  for (const [k, v] of Object.entries(rawAttrs ?? {})) attrs[k] = String(v);
  const children: XmlElement[] = [];
  let text = '';
  for (const c of (raw[name] as RawNode[] | undefined) ?? []) {
    if ('#text' in c) text += String(c['#text']);
    else {
      const el = toElement(c);
      if (el) children.push(el);
    }
  }
  return { name, attrs, children, text };
}

/** Parses a document into its root element; throws XmlSyntaxError when it is not well-formed or empty. */
export function parseXml(text: string): XmlElement {
  const valid = XMLValidator.validate(text);
  if (valid !== true) throw new XmlSyntaxError(valid.err.msg);
  const raw = parser.parse(text) as RawNode[];
  for (const r of raw) {
    const el = toElement(r);
    if (el) return el;
  }
  throw new XmlSyntaxError('document has no root element');
}

function localName(n: string): string {
  const i = n.indexOf(':');
  return i >= 0 ? n.slice(i + 1) : n;
}

/** Raised when a value cannot be read as its shape's type (e.g. "abc" for an integer). */
export class XmlValueError extends Error {}

/** Reads an element as a value of `ref`'s shape. Unknown child elements are ignored, as AWS does. */
export function readXmlValue(model: ServiceModel, ref: MemberRef, el: XmlElement, opts: XmlWriteOptions = {}): unknown {
  const shape = model.shapes[ref.shape];
  if (!shape) throw new Error(`unknown shape ${ref.shape}`);
  switch (shape.type) {
    case 'structure':
      return readStructure(model, shape, el, opts);
    case 'list': {
      const mref = shape.member!;
      const itemName = localName(mref.locationName ?? opts.listMemberName ?? 'member');
      return el.children.filter((c) => c.name === itemName).map((c) => readXmlValue(model, mref, c, opts));
    }
    case 'map': {
      const out: Record<string, unknown> = {};
      for (const entry of el.children.filter((c) => c.name === 'entry')) readMapEntry(model, shape, entry, out, opts);
      return out;
    }
    default:
      return readScalar(shape, el.text);
  }
}

function readMapEntry(model: ServiceModel, shape: Shape, entry: XmlElement, out: Record<string, unknown>, opts: XmlWriteOptions): void {
  const kname = localName(shape.key!.locationName ?? 'key');
  const vname = localName(shape.value!.locationName ?? 'value');
  const k = entry.children.find((c) => c.name === kname);
  const v = entry.children.find((c) => c.name === vname);
  if (k && v) out[k.text] = readXmlValue(model, shape.value!, v, opts);
}

function readStructure(model: ServiceModel, shape: Shape, el: XmlElement, opts: XmlWriteOptions): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [member, mref] of Object.entries(shape.members ?? {})) {
    if (mref.location) continue;
    const mshape = model.shapes[mref.shape]!;
    const mname = localName(mref.locationName ?? member);
    if (mref.xmlAttribute) {
      if (mname in el.attrs) out[member] = readScalar(mshape, el.attrs[mname]!);
      continue;
    }
    if (mshape.type === 'list' && (mref.flattened || mshape.flattened)) {
      const itemName = localName(mshape.member!.locationName ?? mname);
      const items = el.children.filter((c) => c.name === itemName || c.name === mname);
      if (items.length) out[member] = items.map((c) => readXmlValue(model, mshape.member!, c, opts));
      continue;
    }
    if (mshape.type === 'map' && (mref.flattened || mshape.flattened)) {
      const entries = el.children.filter((c) => c.name === mname);
      if (entries.length) {
        const m: Record<string, unknown> = {};
        for (const e of entries) readMapEntry(model, mshape, e, m, opts);
        out[member] = m;
      }
      continue;
    }
    const child = el.children.find((c) => c.name === mname);
    if (child) out[member] = readXmlValue(model, mref, child, opts);
  }
  return out;
}

/** Converts text to the scalar type of `shape`; strings stay strings, exactly as sent. */
export function readScalar(shape: Shape, text: string): unknown {
  switch (shape.type) {
    case 'integer':
    case 'long':
    case 'float':
    case 'double':
    case 'bigdecimal':
    case 'biginteger': {
      const n = Number(text.trim());
      if (text.trim() === '' || Number.isNaN(n)) throw new XmlValueError(`'${text}' is not a number`);
      return n;
    }
    case 'boolean': {
      const t = text.trim().toLowerCase();
      if (t !== 'true' && t !== 'false') throw new XmlValueError(`'${text}' is not a boolean`);
      return t === 'true';
    }
    case 'timestamp': {
      const d = parseTimestamp(text);
      if (!d) throw new XmlValueError(`'${text}' is not a timestamp`);
      return d;
    }
    case 'blob':
      return Buffer.from(text.trim(), 'base64');
    default:
      return text;
  }
}
