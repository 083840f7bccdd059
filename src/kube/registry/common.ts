// Pieces the per-kind strategies share: the resource table lookup, upstream's spec/status split
// (status is ignored on the main resource, spec on /status; generation bumps on a spec change),
// and small cell formatters.
import { RESOURCES } from '../generated/resources.js';
import type { ResourceInfo } from '../apiserver/resource-info.js';
import { jsonEqual } from '../apiserver/objects.js';
import type { KubeObject, Strategy } from './types.js';

export function resource(group: string, version: string, plural: string): ResourceInfo {
  const r = RESOURCES.find((x) => x.group === group && x.version === version && x.plural === plural);
  if (!r) throw new Error(`no generated resource ${plural}.${group}/${version}`);
  return r;
}

/** Hooks of a kind with spec and status: generation 1 on create, +1 when spec changes. */
export const specStatus = {
  prepareForCreate(obj: KubeObject): void {
    obj.metadata.generation = 1;
    delete obj.status;
  },
  prepareForUpdate(obj: KubeObject, old: KubeObject): void {
    obj.status = old.status;
    if (old.status === undefined) delete obj.status;
    obj.metadata.generation = old.metadata.generation ?? 1;
    if (!jsonEqual(obj.spec, old.spec)) obj.metadata.generation += 1;
  },
};

/**
 * The /status strategy derived from a main one (upstream's StatusStrategy embedding): only status
 * changes; spec and metadata other than labels/annotations stay as stored.
 */
export function statusStrategyOf<T extends KubeObject>(main: Strategy<T>): Strategy<T> {
  return {
    ...main,
    prepareForCreate: undefined,
    defaults: undefined,
    prepareForUpdate(obj: T, old: T): void {
      const status = obj.status;
      const { labels, annotations } = obj.metadata;
      for (const k of Object.keys(obj)) if (k !== 'metadata' && k !== 'apiVersion' && k !== 'kind') delete (obj as Record<string, unknown>)[k];
      for (const [k, v] of Object.entries(old)) if (k !== 'metadata' && k !== 'apiVersion' && k !== 'kind' && k !== 'status') (obj as Record<string, unknown>)[k] = structuredClone(v);
      if (status !== undefined) (obj as Record<string, unknown>).status = status;
      obj.metadata = { ...old.metadata, labels, annotations };
      if (labels === undefined) delete obj.metadata.labels;
      if (annotations === undefined) delete obj.metadata.annotations;
    },
    validateUpdate: () => [],
  };
}

export function count(v: unknown): number {
  if (Array.isArray(v)) return v.length;
  if (v && typeof v === 'object') return Object.keys(v).length;
  return 0;
}

export function str(v: unknown, fallback = ''): string {
  return typeof v === 'string' ? v : fallback;
}

export function labelsSelector(m: Record<string, string> | undefined): string {
  if (!m || !Object.keys(m).length) return '<none>';
  return Object.entries(m)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
}
