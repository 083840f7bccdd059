// The list options every reading verb shares: selectors, paging tokens, resourceVersion semantics.
import type { KindDef, KubeObject } from '../registry/types.js';
import { parseFieldSelector, parseLabelSelector } from './selectors.js';
import { Errors } from './status.js';

export interface ListQuery {
  matches: (obj: KubeObject) => boolean;
  hasSelector: boolean;
  limit: number | undefined;
  /** Key (relative to the listed prefix) after which to continue, and the snapshot revision. */
  continueFrom: { start: string; revision: number } | undefined;
  /** Read at this revision (0 = latest). */
  revision: number;
}

export function fieldNames(def: KindDef): string[] {
  const extra = def.strategy.selectableFields ? Object.keys(def.strategy.selectableFields({ metadata: {} })) : [];
  return ['metadata.name', 'metadata.namespace', ...extra];
}

export function objectFields(def: KindDef, obj: KubeObject): Record<string, string> {
  return { 'metadata.name': obj.metadata.name ?? '', 'metadata.namespace': obj.metadata.namespace ?? '', ...(def.strategy.selectableFields?.(obj) ?? {}) };
}

export function selectorPredicate(def: KindDef, query: URLSearchParams): { matches: (obj: KubeObject) => boolean; hasSelector: boolean } {
  const labels = parseLabelSelector(query.get('labelSelector'));
  const fields = parseFieldSelector(query.get('fieldSelector'), fieldNames(def));
  return {
    matches: (obj) => (!labels || labels(obj.metadata.labels)) && (!fields || fields(objectFields(def, obj))),
    hasSelector: !!labels || !!fields,
  };
}

export function encodeContinue(revision: number, start: string): string {
  return Buffer.from(JSON.stringify({ v: 'meta.k8s.io/v1', rv: revision, start })).toString('base64');
}

function decodeContinue(token: string): { start: string; revision: number } {
  try {
    const v = JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as { v?: string; rv?: number; start?: string };
    if (v.v !== 'meta.k8s.io/v1') throw new Error('continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)');
    if (typeof v.rv !== 'number' || typeof v.start !== 'string' || v.start.includes('..') || v.start.startsWith('/')) throw new Error('continue key is not valid: invalid start');
    return { start: v.start, revision: v.rv };
  } catch (err) {
    throw Errors.badRequest(`continue key is not valid: ${(err as Error).message.replace(/^continue key is not valid: /, '')}`);
  }
}

export function parseListQuery(def: KindDef, query: URLSearchParams): ListQuery {
  const { matches, hasSelector } = selectorPredicate(def, query);
  const limitText = query.get('limit');
  let limit: number | undefined;
  if (limitText) {
    limit = Number(limitText);
    if (!Number.isInteger(limit) || limit < 0) throw Errors.badRequest(`invalid limit: ${limitText}`);
    if (limit === 0) limit = undefined;
  }
  const token = query.get('continue');
  const rv = query.get('resourceVersion') ?? '';
  const match = query.get('resourceVersionMatch') ?? '';
  if (rv && !/^\d+$/.test(rv)) throw Errors.badRequest(`invalid resource version: ${rv}`);
  if (match && match !== 'Exact' && match !== 'NotOlderThan') throw Errors.badRequest(`resourceVersionMatch: Unsupported value: "${match}": supported values: "Exact", "NotOlderThan"`);
  if (match && !rv) throw Errors.badRequest('resourceVersionMatch is forbidden unless resourceVersion is provided');
  if (token) {
    if (rv && rv !== '0') throw Errors.badRequest('specifying resource version is not allowed when using continue');
    const c = decodeContinue(token);
    return { matches, hasSelector, limit, continueFrom: c, revision: c.revision };
  }
  // Exact reads the store as of that revision; "0", unset and NotOlderThan are served from the latest.
  const revision = match === 'Exact' ? Number(rv) : 0;
  return { matches, hasSelector, limit, continueFrom: undefined, revision };
}
