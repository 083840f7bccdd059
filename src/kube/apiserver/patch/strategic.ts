// Strategic merge patch (application/strategic-merge-patch+json), as k8s.io/apimachinery's
// strategicpatch: lists merge by their patch merge key where the schema says "merge", primitive
// lists with strategy "merge" are unions, everything else merges like a JSON merge patch. Directives:
// $patch (replace, delete, merge), $retainKeys, $setElementOrder/<list>, $deleteFromPrimitiveList/<list>.
// Patch metadata comes from the OpenAPI document (src/kube/generated/patch-meta.ts).
import { PATCH_META, SCHEMA_BY_GVK, type PatchField } from '../../generated/patch-meta.js';
import { Errors } from '../status.js';
import { jsonEqual } from '../objects.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => !!v && typeof v === 'object' && !Array.isArray(v);

export function schemaFor(group: string, version: string, kind: string): string | undefined {
  return SCHEMA_BY_GVK[`${group}/${version}/${kind}`];
}

function fieldMeta(schema: string | undefined, field: string): PatchField | undefined {
  return schema ? PATCH_META[schema]?.[field] : undefined;
}

export function applyStrategicPatch(original: unknown, patch: unknown, schema: string | undefined): unknown {
  if (!isObj(patch)) throw Errors.badRequest('strategic merge patch must be a JSON object');
  return mergeMap(isObj(original) ? original : {}, patch, schema) ?? {};
}

function mergeMap(original: Obj, patch: Obj, schema: string | undefined): Obj | undefined {
  const directive = patch.$patch;
  if (directive === 'delete') return undefined;
  if (directive === 'replace') {
    const { $patch: _p, ...rest } = patch;
    return structuredClone(rest);
  }
  if (directive !== undefined && directive !== 'merge') throw Errors.badRequest(`Unknown patch type: ${String(directive)} in map: ${JSON.stringify(patch)}`);
  const out: Obj = { ...original };
  const retain = patch.$retainKeys;
  if (Array.isArray(retain)) {
    for (const k of Object.keys(out)) if (!retain.includes(k)) delete out[k];
  }
  const orders: Array<[string, unknown[]]> = [];
  for (const [key, value] of Object.entries(patch)) {
    if (key === '$patch' || key === '$retainKeys') continue;
    if (key.startsWith('$setElementOrder/')) {
      if (Array.isArray(value)) orders.push([key.slice('$setElementOrder/'.length), value]);
      continue;
    }
    if (key.startsWith('$deleteFromPrimitiveList/')) {
      const field = key.slice('$deleteFromPrimitiveList/'.length);
      const cur = out[field];
      if (Array.isArray(cur) && Array.isArray(value)) out[field] = cur.filter((x) => !value.some((v) => jsonEqual(v, x)));
      continue;
    }
    if (value === null) {
      delete out[key];
      continue;
    }
    const meta = fieldMeta(schema, key);
    const cur = out[key];
    if (isObj(value)) {
      // Maps of refs (shape 2) merge their entries by key with the entry schema; plain maps as merge patch.
      if (meta?.[1].split(',').includes('replace')) {
        out[key] = stripDirectives(structuredClone(value));
      } else if (meta && meta[3] === 2) {
        const base: Obj = isObj(cur) ? { ...cur } : {};
        for (const [mk, mv] of Object.entries(value)) {
          if (mv === null) delete base[mk];
          else base[mk] = isObj(mv) ? mergeMap(isObj(base[mk]) ? (base[mk] as Obj) : {}, mv, meta[0] || undefined) : structuredClone(mv);
        }
        out[key] = base;
      } else {
        const merged = mergeMap(isObj(cur) ? cur : {}, value, meta?.[0] || undefined);
        if (merged === undefined) delete out[key];
        else out[key] = merged;
      }
    } else if (Array.isArray(value)) {
      out[key] = mergeList(Array.isArray(cur) ? cur : [], value, meta);
    } else {
      out[key] = value;
    }
  }
  for (const [field, order] of orders) {
    const cur = out[field];
    if (Array.isArray(cur)) out[field] = reorder(cur, order, fieldMeta(schema, field)?.[2] ?? '');
  }
  return out;
}

function mergeList(original: unknown[], patch: unknown[], meta: PatchField | undefined): unknown[] {
  const strategy = meta?.[1] ?? '';
  const mergeKey = meta?.[2] ?? '';
  // A {"$patch": "replace"} element replaces the whole list with the other elements.
  if (patch.some((p) => isObj(p) && p.$patch === 'replace')) return structuredClone(patch.filter((p) => !(isObj(p) && p.$patch === 'replace')));
  if (!strategy.split(',').includes('merge')) {
    return structuredClone(patch.map((p) => (isObj(p) ? stripDirectives(p) : p)));
  }
  if (!mergeKey) {
    // Primitive list with strategy merge: a union that keeps the original order first.
    const out = [...original];
    for (const p of patch) if (!out.some((x) => jsonEqual(x, p))) out.push(structuredClone(p));
    return out;
  }
  const out = original.map((x) => structuredClone(x));
  for (const p of patch) {
    if (!isObj(p)) throw Errors.badRequest(`the list of ${mergeKey}-keyed items contains a non-object: ${JSON.stringify(p)}`);
    const k = p[mergeKey];
    const i = out.findIndex((x) => isObj(x) && jsonEqual(x[mergeKey], k));
    if (p.$patch === 'delete') {
      if (i >= 0) out.splice(i, 1);
      continue;
    }
    if (i >= 0) {
      const merged = mergeMap(out[i] as Obj, p, meta?.[0] || undefined);
      if (merged === undefined) out.splice(i, 1);
      else out[i] = merged;
    } else out.push(mergeMap({}, p, meta?.[0] || undefined) ?? {});
  }
  return out;
}

function stripDirectives(o: Obj): Obj {
  const out: Obj = {};
  for (const [k, v] of Object.entries(o)) if (!k.startsWith('$')) out[k] = v;
  return out;
}

/** $setElementOrder: the listed items first in that order, then the others in their own order. */
function reorder(list: unknown[], order: unknown[], mergeKey: string): unknown[] {
  const keyOf = (x: unknown) => (mergeKey && isObj(x) ? x[mergeKey] : x);
  const ordered: unknown[] = [];
  const rest = [...list];
  for (const o of order) {
    const k = keyOf(o);
    const i = rest.findIndex((x) => jsonEqual(keyOf(x), k));
    if (i >= 0) ordered.push(rest.splice(i, 1)[0]);
  }
  return [...ordered, ...rest];
}
