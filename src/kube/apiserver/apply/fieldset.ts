// Field sets as server-side apply sees them (sigs.k8s.io/structured-merge-diff): the leaf paths an
// object sets, walked with the OpenAPI schema so that lists of type "map" are keyed by their map
// keys ("k:{\"name\":\"app\"}"), lists of type "set" by value ("v:\"x\""), and atomic lists and
// scalars are leaves. Converts to and from the FieldsV1 form stored in metadata.managedFields.
import { definitions, type SchemaNode } from '../openapi.js';

export type Segment = string;
/** A path is its segments joined by "\u0000" (segments never contain it). */
export type FieldPath = string;

const SEP = '\u0000';

interface ListInfo {
  type: 'map' | 'set' | 'atomic';
  keys: string[];
}

type Schema = SchemaNode & { 'x-kubernetes-list-type'?: string; 'x-kubernetes-list-map-keys'?: string[]; 'x-kubernetes-patch-merge-key'?: string; 'x-kubernetes-patch-strategy'?: string };

function resolve(node: Schema | undefined): Schema | undefined {
  let n = node;
  for (let i = 0; n?.$ref && i < 8; i++) n = definitions()[n.$ref.replace('#/definitions/', '')] as Schema | undefined;
  return n;
}

function listInfo(s: Schema | undefined): ListInfo {
  const t = s?.['x-kubernetes-list-type'];
  if (t === 'map') return { type: 'map', keys: s?.['x-kubernetes-list-map-keys'] ?? [] };
  if (t === 'set') return { type: 'set', keys: [] };
  // Lists with a patch merge key and no list type merge by that key in apply too.
  const mk = s?.['x-kubernetes-patch-merge-key'];
  if (!t && mk && (s?.['x-kubernetes-patch-strategy'] ?? '').includes('merge')) return { type: 'map', keys: [mk] };
  return { type: 'atomic', keys: [] };
}

function keySegment(item: Record<string, unknown>, keys: string[]): Segment {
  const k: Record<string, unknown> = {};
  for (const key of [...keys].sort()) if (item[key] !== undefined) k[key] = item[key];
  return `k:${JSON.stringify(k)}`;
}

const isObj = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

/**
 * Every leaf path `value` sets. List-map elements also contribute their own path with a "."
 * segment, as FieldsV1 records the element itself.
 */
export function collectPaths(value: unknown, schema: SchemaNode | undefined, prefix: Segment[] = [], out = new Set<FieldPath>()): Set<FieldPath> {
  const s = resolve(schema as Schema);
  if (isObj(value)) {
    const props = s?.properties;
    const extra = s && typeof s.additionalProperties === 'object' ? s.additionalProperties : undefined;
    const keys = Object.keys(value);
    if (!keys.length && prefix.length) out.add(prefix.join(SEP));
    for (const k of keys) {
      const child = props?.[k] ?? extra;
      const p = [...prefix, `f:${k}`];
      const v = value[k];
      if (isObj(v) && !(resolve(child as Schema)?.['x-kubernetes-preserve-unknown-fields'] && !resolve(child as Schema)?.properties)) collectPaths(v, child, p, out);
      else if (Array.isArray(v)) collectList(v, child as Schema, p, out);
      else out.add(p.join(SEP));
    }
    return out;
  }
  if (prefix.length) out.add(prefix.join(SEP));
  return out;
}

function collectList(list: unknown[], schema: Schema | undefined, prefix: Segment[], out: Set<FieldPath>): void {
  const s = resolve(schema);
  const info = listInfo(s);
  if (info.type === 'atomic' || !list.length) {
    out.add(prefix.join(SEP));
    return;
  }
  for (const item of list) {
    if (info.type === 'set') out.add([...prefix, `v:${JSON.stringify(item)}`].join(SEP));
    else if (isObj(item)) {
      const p = [...prefix, keySegment(item, info.keys)];
      out.add([...p, '.'].join(SEP));
      collectPaths(item, s?.items, p, out);
    }
  }
}

/** The value at a path (undefined if absent). */
export function valueAt(obj: unknown, path: FieldPath): unknown {
  let cur: unknown = obj;
  for (const seg of path.split(SEP)) {
    if (seg === '.') return cur;
    if (seg.startsWith('f:')) cur = isObj(cur) ? cur[seg.slice(2)] : undefined;
    else if (seg.startsWith('k:')) {
      const key = JSON.parse(seg.slice(2)) as Record<string, unknown>;
      cur = Array.isArray(cur) ? cur.find((x) => isObj(x) && Object.entries(key).every(([k, v]) => JSON.stringify(x[k]) === JSON.stringify(v))) : undefined;
    } else if (seg.startsWith('v:')) {
      const want = seg.slice(2);
      cur = Array.isArray(cur) ? cur.find((x) => JSON.stringify(x) === want) : undefined;
    }
    if (cur === undefined) return undefined;
  }
  return cur;
}

/** Removes what a path names from `obj` (a field, a list-map element, a set value). */
export function removeAt(obj: unknown, path: FieldPath): void {
  const segs = path.split(SEP).filter((s) => s !== '.');
  const last = segs.pop();
  if (!last) return;
  const parent = segs.length ? valueAt(obj, segs.join(SEP)) : obj;
  if (last.startsWith('f:') && isObj(parent)) delete parent[last.slice(2)];
  else if (Array.isArray(parent)) {
    const target = valueAt(parent, `${last}`) as unknown;
    const i = parent.indexOf(target);
    if (i >= 0) parent.splice(i, 1);
  }
}

/** FieldsV1 JSON ({"f:spec": {"f:replicas": {}}}) from a set of paths. */
export function toFieldsV1(paths: Set<FieldPath>): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const p of [...paths].sort()) {
    let node = root;
    for (const seg of p.split(SEP)) node = (node[seg] ??= {}) as Record<string, unknown>;
  }
  return root;
}

export function fromFieldsV1(fields: unknown, prefix: Segment[] = [], out = new Set<FieldPath>()): Set<FieldPath> {
  if (!isObj(fields)) return out;
  const entries = Object.entries(fields);
  if (!entries.length && prefix.length) out.add(prefix.join(SEP));
  for (const [seg, child] of entries) fromFieldsV1(child, [...prefix, seg], out);
  return out;
}

/** ".spec.replicas" / ".spec.containers[name=\"app\"].image", as upstream prints conflicting fields. */
export function displayPath(path: FieldPath): string {
  return path
    .split(SEP)
    .filter((s) => s !== '.')
    .map((seg) => {
      if (seg.startsWith('f:')) return `.${seg.slice(2)}`;
      if (seg.startsWith('k:')) {
        const key = JSON.parse(seg.slice(2)) as Record<string, unknown>;
        return `[${Object.entries(key).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(',')}]`;
      }
      return `[${seg.slice(2)}]`;
    })
    .join('');
}
