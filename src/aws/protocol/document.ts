// Shape-driven conversion between a decoded wire document (parsed JSON, decoded CBOR) and the typed values
// providers see (Date for timestamps, Uint8Array for blobs). Shared by the json, rest-json and rpc-v2-cbor
// protocols; they differ only in how blobs and timestamps travel, which DocumentOptions says.
import { AwsError } from '../errors.js';
import type { MemberRef, ServiceModel, Shape } from './model.js';
import { formatTimestamp, parseTimestamp, type TimestampFormat } from './timestamps.js';

export interface DocumentOptions {
  /** JSON carries blobs as base64 text; CBOR as byte strings. */
  blobs: 'base64' | 'bytes';
  /** JSON writes timestamps as epoch seconds (unless the member says otherwise); CBOR as tag-1 dates. */
  timestamps: 'json' | 'native';
  /** The error code for a value of the wrong type (AWS JSON services answer SerializationException). */
  typeErrorCode: string;
}

export const JSON_DOCUMENT: DocumentOptions = { blobs: 'base64', timestamps: 'json', typeErrorCode: 'SerializationException' };
export const CBOR_DOCUMENT: DocumentOptions = { blobs: 'bytes', timestamps: 'native', typeErrorCode: 'SerializationException' };

/** The key a structure member has in a JSON document: its locationName when the model gives one. */
export function jsonKey(name: string, ref: MemberRef): string {
  return ref.locationName ?? name;
}

function typeError(opts: DocumentOptions, shape: Shape, value: unknown, path: string): AwsError {
  const got = value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
  return new AwsError(opts.typeErrorCode, `Unexpected ${got} value at '${path || 'input'}': expected ${shape.type}.`, 400);
}

function shapeOf(model: ServiceModel, ref: MemberRef): Shape {
  const shape = model.shapes[ref.shape];
  if (!shape) throw new Error(`model has no shape ${ref.shape}`);
  return shape;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array) && !(v instanceof Date);
}

/** Typed value of `value` read as `ref`'s shape; throws `opts.typeErrorCode` on a type mismatch. */
export function readDocument(model: ServiceModel, ref: MemberRef, value: unknown, opts: DocumentOptions, path = ''): unknown {
  if (value === null || value === undefined) return undefined;
  const shape = shapeOf(model, ref);
  if (shape.document) return value;
  switch (shape.type) {
    case 'structure': {
      if (!isPlainObject(value)) throw typeError(opts, shape, value, path);
      return readStructure(model, shape, value, opts, path);
    }
    case 'list': {
      if (!Array.isArray(value)) throw typeError(opts, shape, value, path);
      return value.map((v, i) => readDocument(model, shape.member!, v, opts, `${path}.${i + 1}.member`));
    }
    case 'map': {
      if (!isPlainObject(value)) throw typeError(opts, shape, value, path);
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) out[k] = readDocument(model, shape.value!, v, opts, `${path}.${k}`);
      return out;
    }
    case 'string':
      if (typeof value !== 'string') throw typeError(opts, shape, value, path);
      return value;
    case 'boolean':
      if (typeof value !== 'boolean') throw typeError(opts, shape, value, path);
      return value;
    case 'integer':
    case 'long':
    case 'biginteger':
      if (typeof value === 'bigint') return Number(value);
      if (typeof value !== 'number' || !Number.isInteger(value)) throw typeError(opts, shape, value, path);
      return value;
    case 'float':
    case 'double':
    case 'bigdecimal':
      if (typeof value === 'number') return value;
      if (value === 'NaN') return NaN;
      if (value === 'Infinity') return Infinity;
      if (value === '-Infinity') return -Infinity;
      throw typeError(opts, shape, value, path);
    case 'timestamp': {
      const d = parseTimestamp(value);
      if (!d) throw typeError(opts, shape, value, path);
      return d;
    }
    case 'blob':
      if (value instanceof Uint8Array) return value;
      if (typeof value === 'string' && opts.blobs === 'base64') return new Uint8Array(Buffer.from(value, 'base64'));
      throw typeError(opts, shape, value, path);
    default:
      return value;
  }
}

/** Reads a structure's members; `skip` leaves out members bound elsewhere (rest-json headers, labels). */
export function readStructure(
  model: ServiceModel,
  shape: Shape,
  value: Record<string, unknown>,
  opts: DocumentOptions,
  path = '',
  skip?: (ref: MemberRef) => boolean,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, ref] of Object.entries(shape.members ?? {})) {
    if (skip?.(ref)) continue;
    const v = value[jsonKey(name, ref)];
    if (v === undefined || v === null) continue;
    out[name] = readDocument(model, ref, v, opts, path ? `${path}.${lowerFirst(name)}` : lowerFirst(name));
  }
  return out;
}

export function lowerFirst(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1);
}

/** Wire document for a typed value of `ref`'s shape; undefined members are left out. */
export function writeDocument(model: ServiceModel, ref: MemberRef, value: unknown, opts: DocumentOptions): unknown {
  if (value === null || value === undefined) return undefined;
  const shape = shapeOf(model, ref);
  if (shape.document) return value;
  switch (shape.type) {
    case 'structure':
      return isPlainObject(value) ? writeStructure(model, shape, value, opts) : value;
    case 'list':
      return Array.isArray(value) ? value.map((v) => writeDocument(model, shape.member!, v, opts) ?? null) : value;
    case 'map': {
      if (!isPlainObject(value)) return value;
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) {
        const w = writeDocument(model, shape.value!, v, opts);
        if (w !== undefined) out[k] = w;
      }
      return out;
    }
    case 'timestamp': {
      const d = value instanceof Date ? value : parseTimestamp(value);
      if (!d) return undefined;
      if (opts.timestamps === 'native') return d;
      const format = (ref.timestampFormat ?? shape.timestampFormat ?? 'unixTimestamp') as TimestampFormat;
      return formatTimestamp(d, format);
    }
    case 'blob': {
      const bytes = typeof value === 'string' ? Buffer.from(value) : value instanceof Uint8Array ? value : undefined;
      if (!bytes) return undefined;
      return opts.blobs === 'base64' ? Buffer.from(bytes).toString('base64') : bytes;
    }
    case 'float':
    case 'double':
      if (typeof value === 'number' && !Number.isFinite(value) && opts.blobs === 'base64') return String(value);
      return value;
    default:
      return value;
  }
}

export function writeStructure(
  model: ServiceModel,
  shape: Shape,
  value: Record<string, unknown>,
  opts: DocumentOptions,
  skip?: (ref: MemberRef) => boolean,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, ref] of Object.entries(shape.members ?? {})) {
    if (skip?.(ref)) continue;
    const w = writeDocument(model, ref, value[name], opts);
    if (w !== undefined) out[jsonKey(name, ref)] = w;
  }
  return out;
}
