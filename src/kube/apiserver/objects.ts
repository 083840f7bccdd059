// Object metadata as upstream's ObjectMeta rules: names, generateName, uid, timestamps, and the
// encoding of objects in the store (JSON, resourceVersion taken from the store's mod revision).
import { randomUUID, randomInt } from 'node:crypto';
import type { KeyValue } from '../store/types.js';
import type { KubeObject } from '../registry/types.js';
import { Field, type StatusCause } from './status.js';

const enc = new TextEncoder();
const dec = new TextDecoder();

export function encodeObject(obj: KubeObject): Uint8Array {
  // resourceVersion is the store's mod revision: never stored inside the value.
  const { resourceVersion: _rv, ...meta } = obj.metadata;
  return enc.encode(JSON.stringify({ ...obj, metadata: meta }));
}

export function decodeObject(kv: KeyValue, revision = kv.modRevision): KubeObject {
  const obj = JSON.parse(dec.decode(kv.value)) as KubeObject;
  obj.metadata = { ...obj.metadata, resourceVersion: String(revision) };
  return orderMeta(obj);
}

/** Keeps apiVersion, kind, metadata first, as upstream's serializer writes them. */
export function orderMeta(obj: KubeObject): KubeObject {
  const { apiVersion, kind, metadata, ...rest } = obj;
  const m = metadata;
  const meta: Record<string, unknown> = {};
  // Upstream's ObjectMeta field order (JSON output follows the Go struct).
  for (const k of ['name', 'generateName', 'namespace', 'selfLink', 'uid', 'resourceVersion', 'generation', 'creationTimestamp', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'labels', 'annotations', 'ownerReferences', 'finalizers', 'managedFields'] as const) {
    if (m[k] !== undefined) meta[k] = m[k];
  }
  for (const [k, v] of Object.entries(m)) if (!(k in meta) && v !== undefined) meta[k] = v;
  return { apiVersion, kind, metadata: meta, ...rest } as KubeObject;
}

/** RFC 3339 at second precision, as metav1.Time serializes. */
export function timestamp(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function newUid(): string {
  return randomUUID();
}

// Upstream's SimpleNameGenerator alphabet: no vowels (no words), no 0/1/3 (look like letters).
const ALPHANUMS = 'bcdfghjklmnpqrstvwxz2456789';
export function generateName(base: string): string {
  const b = base.length > 58 ? base.slice(0, 58) : base;
  let s = '';
  for (let i = 0; i < 5; i++) s += ALPHANUMS[randomInt(ALPHANUMS.length)];
  return b + s;
}

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

export type NameRule = 'subdomain' | 'label' | 'label1035' | 'path';

/** The messages of k8s.io/apimachinery/pkg/util/validation for each name rule. */
export function validateName(rule: NameRule, name: string, field = 'metadata.name'): StatusCause[] {
  switch (rule) {
    case 'subdomain':
      if (name.length > 253) return [Field.invalid(field, name, 'must be no more than 253 characters')];
      if (!DNS1123_SUBDOMAIN.test(name))
        return [Field.invalid(field, name, "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')")];
      return [];
    case 'label':
      if (name.length > 63) return [Field.invalid(field, name, 'must be no more than 63 characters')];
      if (!DNS1123_LABEL.test(name))
        return [Field.invalid(field, name, "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')")];
      return [];
    case 'label1035':
      if (name.length > 63) return [Field.invalid(field, name, 'must be no more than 63 characters')];
      if (!DNS1035_LABEL.test(name))
        return [Field.invalid(field, name, "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')")];
      return [];
    case 'path':
      if (name === '.' || name === '..') return [Field.invalid(field, name, `may not be '${name}'`)];
      if (/[/%]/.test(name)) return [Field.invalid(field, name, `may not contain '${name.includes('/') ? '/' : '%'}'`)];
      return [];
  }
}

const QUALIFIED = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;

/** Label keys and values, annotation keys (ValidateLabels, ValidateAnnotations). */
export function validateMetaMaps(obj: KubeObject): StatusCause[] {
  const causes: StatusCause[] = [];
  const keyOk = (k: string) => {
    const [prefix, name] = k.includes('/') ? [k.slice(0, k.indexOf('/')), k.slice(k.indexOf('/') + 1)] : ['', k];
    return name!.length <= 63 && QUALIFIED.test(name!) && (prefix === '' || (prefix.length <= 253 && DNS1123_SUBDOMAIN.test(prefix!)));
  };
  for (const [k, v] of Object.entries(obj.metadata.labels ?? {})) {
    if (!keyOk(k)) causes.push(Field.invalid('metadata.labels', k, "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"));
    if (typeof v !== 'string' || v.length > 63 || (v !== '' && !QUALIFIED.test(v)))
      causes.push(Field.invalid('metadata.labels', v, "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"));
  }
  for (const k of Object.keys(obj.metadata.annotations ?? {})) {
    if (!keyOk(k)) causes.push(Field.invalid('metadata.annotations', k, "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"));
  }
  return causes;
}

/** Deep equality of JSON values (object key order ignored). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((x, i) => jsonEqual(x, bb[i]));
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  const ak = Object.keys(ao).filter((k) => ao[k] !== undefined);
  const bk = Object.keys(bo).filter((k) => bo[k] !== undefined);
  return ak.length === bk.length && ak.every((k) => jsonEqual(ao[k], bo[k]));
}

export function clone<T>(v: T): T {
  return structuredClone(v);
}
