// metadata.managedFields, as upstream's field manager keeps it: every write records which manager
// set which fields (operation Update: it takes them over without conflict), and server-side apply
// (operation Apply) merges an applied configuration, refuses to take fields another manager set
// to a different value unless forced (409 naming the managers), and removes the fields this
// manager applied before and no longer applies, when nobody else holds them.
import type { KubeObject } from '../../registry/types.js';
import { jsonEqual } from '../objects.js';
import { applyStrategicPatch, schemaFor } from '../patch/strategic.js';
import { StatusError } from '../status.js';
import type { SchemaNode } from '../openapi.js';
import { collectPaths, displayPath, fromFieldsV1, removeAt, toFieldsV1, valueAt, type FieldPath } from './fieldset.js';

export interface ManagedFieldsEntry {
  manager: string;
  operation: 'Apply' | 'Update';
  apiVersion: string;
  time: string;
  fieldsType: 'FieldsV1';
  fieldsV1: Record<string, unknown>;
  subresource?: string;
}

export interface ManagerInfo {
  manager: string;
  apiVersion: string;
  subresource?: string;
  now: string;
  gvk: { group: string; version: string; kind: string };
  /** The resource's plural, for the Status details of a conflict. */
  plural: string;
}

const OWNED_METADATA = ['f:labels', 'f:annotations', 'f:finalizers', 'f:ownerReferences'];

/** Paths managers own: not identity or server-set metadata, status only through /status. */
function trackable(paths: Set<FieldPath>, subresource: string | undefined): Set<FieldPath> {
  const out = new Set<FieldPath>();
  for (const p of paths) {
    const [first, second] = p.split('\u0000');
    if (first === 'f:apiVersion' || first === 'f:kind') continue;
    if (first === 'f:metadata' && !OWNED_METADATA.includes(second ?? '')) continue;
    if ((first === 'f:status') !== (subresource === 'status')) continue;
    out.add(p);
  }
  return out;
}

function schemaOf(gvk: ManagerInfo['gvk']): SchemaNode | undefined {
  const name = schemaFor(gvk.group, gvk.version, gvk.kind);
  return name ? { $ref: `#/definitions/${name}` } : undefined;
}

function entriesOf(obj: KubeObject | null): ManagedFieldsEntry[] {
  const raw = obj?.metadata.managedFields;
  return Array.isArray(raw) ? (raw as ManagedFieldsEntry[]).filter((e) => e && typeof e.manager === 'string') : [];
}

function sameEntry(e: ManagedFieldsEntry, m: ManagerInfo, op: 'Apply' | 'Update'): boolean {
  return e.manager === m.manager && e.operation === op && (e.subresource ?? '') === (m.subresource ?? '');
}

function store(entries: Array<{ e: ManagedFieldsEntry; paths: Set<FieldPath> }>): ManagedFieldsEntry[] {
  return entries.filter((x) => x.paths.size).map(({ e, paths }) => ({ ...e, fieldsV1: toFieldsV1(paths) }));
}

/** Records a non-apply write (create, update, patch) of `next` over `old` by `m`. */
export function recordUpdate(old: KubeObject | null, next: KubeObject, m: ManagerInfo): void {
  const schema = schemaOf(m.gvk);
  const newPaths = trackable(collectPaths(next, schema), m.subresource);
  const oldPaths = old ? trackable(collectPaths(old, schema), m.subresource) : new Set<FieldPath>();
  const changed = new Set([...newPaths].filter((p) => !old || !jsonEqual(valueAt(old, p), valueAt(next, p))));
  const removed = new Set([...oldPaths].filter((p) => !newPaths.has(p)));
  const current = entriesOf(old);
  if (!changed.size && !removed.size) {
    if (current.length) next.metadata.managedFields = current;
    else delete next.metadata.managedFields;
    return;
  }
  const entries = current.map((e) => ({ e, paths: new Set([...fromFieldsV1(e.fieldsV1)].filter((p) => !changed.has(p) && !removed.has(p))) }));
  let mine = entries.find((x) => sameEntry(x.e, m, 'Update'));
  if (!mine) {
    const e: ManagedFieldsEntry = { manager: m.manager, operation: 'Update', apiVersion: m.apiVersion, time: m.now, fieldsType: 'FieldsV1', fieldsV1: {} };
    if (m.subresource) e.subresource = m.subresource;
    entries.push((mine = { e, paths: new Set() }));
  }
  for (const p of changed) mine.paths.add(p);
  mine.e = { ...mine.e, time: m.now, apiVersion: m.apiVersion };
  next.metadata.managedFields = store(entries);
}

interface Conflict {
  manager: string;
  subresource?: string;
  operation: string;
  apiVersion: string;
  path: FieldPath;
}

function conflictError(conflicts: Conflict[], plural: string, name: string, group: string): StatusError {
  const who = (c: Conflict) =>
    c.operation === 'Apply' ? `"${c.manager}"` : `"${c.manager}"${c.subresource ? ` with subresource "${c.subresource}"` : ''} using ${c.apiVersion}`;
  let text: string;
  if (conflicts.length === 1) text = `conflict with ${who(conflicts[0]!)}: ${displayPath(conflicts[0]!.path)}`;
  else {
    const byManager = new Map<string, string[]>();
    for (const c of conflicts) byManager.set(who(c), [...(byManager.get(who(c)) ?? []), displayPath(c.path)]);
    text =
      byManager.size === 1
        ? `conflicts with ${[...byManager.keys()][0]}:${[...byManager.values()][0]!.map((p) => `\n- ${p}`).join('')}`
        : `conflicts with${[...byManager.entries()].sort().map(([m, ps]) => `\n${m}:${ps.map((p) => `\n- ${p}`).join('')}`).join('')}`;
  }
  const message = `Apply failed with ${conflicts.length} conflict${conflicts.length === 1 ? '' : 's'}: ${text}`;
  return new StatusError({
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason: 'Conflict',
    details: { name, ...(group ? { group } : {}), kind: plural, causes: conflicts.map((c) => ({ reason: 'FieldManagerConflict', message: `conflict with ${who(c)}`, field: displayPath(c.path) })) },
    code: 409,
  });
}

/** Merges an applied configuration into `live` (null: the object is created) as manager `m`. */
export function applyConfiguration(live: KubeObject | null, applied: KubeObject, m: ManagerInfo, force: boolean): KubeObject {
  const schema = schemaOf(m.gvk);
  const appliedPaths = trackable(collectPaths(applied, schema), m.subresource);
  const entries = entriesOf(live).map((e) => ({ e, paths: fromFieldsV1(e.fieldsV1) }));
  const conflicts: Conflict[] = [];
  for (const { e, paths } of entries) {
    if (sameEntry(e, m, 'Apply') || (e.manager === m.manager && e.operation === 'Update')) continue;
    for (const p of paths) {
      if (!appliedPaths.has(p) || p.endsWith('\u0000.')) continue;
      if (!jsonEqual(valueAt(applied, p), valueAt(live, p))) conflicts.push({ manager: e.manager, operation: e.operation, apiVersion: e.apiVersion, path: p, ...(e.subresource ? { subresource: e.subresource } : {}) });
    }
  }
  if (conflicts.length && !force) throw conflictError(conflicts, m.plural, applied.metadata?.name ?? '', m.gvk.group);
  const { managedFields: _m, resourceVersion: rv, ...meta } = applied.metadata ?? {};
  const patch = { ...applied, metadata: meta } as KubeObject;
  const merged = applyStrategicPatch(live ?? { metadata: {} }, patch, schemaFor(m.gvk.group, m.gvk.version, m.gvk.kind)) as KubeObject;
  if (rv) merged.metadata.resourceVersion = rv;
  const mine = entries.find((x) => sameEntry(x.e, m, 'Apply'));
  // Fields this manager applied before and dropped now go, unless another manager holds them.
  const owned = (p: FieldPath) => appliedPaths.has(p) || entries.some((x) => x !== mine && x.paths.has(p));
  for (const p of mine?.paths ?? []) {
    if (owned(p)) continue;
    removeAt(merged, p);
    // A list or map left empty by the removal goes too, unless someone owns it as a whole.
    const segs = p.split('\u0000').filter((x) => x !== '.');
    for (segs.pop(); segs.length > 1; segs.pop()) {
      const parent = segs.join('\u0000');
      const v = valueAt(merged, parent);
      const empty = Array.isArray(v) ? v.length === 0 : !!v && typeof v === 'object' && Object.keys(v).length === 0;
      if (!empty || owned(parent)) break;
      removeAt(merged, parent);
    }
  }
  if (force) for (const c of conflicts) for (const x of entries) if (x.e.manager === c.manager && x.e.operation === c.operation) x.paths.delete(c.path);
  const entry: ManagedFieldsEntry = { manager: m.manager, operation: 'Apply', apiVersion: m.apiVersion, time: m.now, fieldsType: 'FieldsV1', fieldsV1: {} };
  if (m.subresource) entry.subresource = m.subresource;
  const rest = entries.filter((x) => x !== mine);
  merged.metadata.managedFields = store([...rest, { e: entry, paths: appliedPaths }]);
  return merged;
}
