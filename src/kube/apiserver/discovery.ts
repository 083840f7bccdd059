// Discovery in both forms: legacy (/api, /apis, /apis/<group>, per group-version APIResourceList)
// and aggregated (apidiscovery.k8s.io v2 and v2beta1 APIGroupDiscoveryList, chosen by Accept).
// Only what this server serves is listed, so that kubectl api-resources never names a 404.
import type { ServerResponse } from 'node:http';
import type { KindDef } from '../registry/types.js';
import { sendJson } from './http.js';
import { parseAccept } from './negotiate.js';
import { GROUPS } from '../generated/resources.js';

export interface ServedGroup {
  group: string;
  versions: Array<{ version: string; kinds: KindDef[] }>;
}

export function servedGroups(kinds: readonly KindDef[]): ServedGroup[] {
  const out: ServedGroup[] = [];
  for (const g of GROUPS) {
    const versions = g.versions
      .map((version) => ({ version, kinds: kinds.filter((k) => k.info.group === g.group && k.info.version === version) }))
      .filter((v) => v.kinds.length);
    if (versions.length) out.push({ group: g.group, versions });
  }
  // Groups that custom resources add, after the built-in ones, by name; versions as the CRD lists them.
  const known = new Set(GROUPS.map((g) => g.group));
  const extra = [...new Set(kinds.map((k) => k.info.group).filter((g) => !known.has(g)))].sort();
  for (const group of extra) {
    const versions = [...new Set(kinds.filter((k) => k.info.group === group).map((k) => k.info.version))].map((version) => ({
      version,
      kinds: kinds.filter((k) => k.info.group === group && k.info.version === version),
    }));
    out.push({ group, versions });
  }
  return out;
}

const gv = (group: string, version: string) => (group ? `${group}/${version}` : version);

function subresourcesOf(k: KindDef) {
  return k.info.subresources.filter((s) => k.subresources?.[s.name] || k.subresourceCreate?.[s.name] || (s.name === 'scale' && k.scale));
}

export function resourceList(kinds: KindDef[], group: string, version: string): unknown {
  const resources: unknown[] = [];
  for (const k of [...kinds].sort((a, b) => (a.info.plural < b.info.plural ? -1 : 1))) {
    const r: Record<string, unknown> = { name: k.info.plural, singularName: k.info.singular, namespaced: k.info.namespaced, kind: k.info.kind, verbs: k.info.verbs };
    if (k.info.shortNames.length) r.shortNames = k.info.shortNames;
    if (k.info.categories.length) r.categories = k.info.categories;
    resources.push(r);
    for (const s of subresourcesOf(k)) {
      const sub: Record<string, unknown> = { name: `${k.info.plural}/${s.name}`, singularName: '', namespaced: k.info.namespaced };
      if (s.group !== group || s.version !== version) Object.assign(sub, { group: s.group, version: s.version });
      Object.assign(sub, { kind: s.kind, verbs: s.verbs });
      resources.push(sub);
    }
  }
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: gv(group, version), resources };
}

function groupObject(g: ServedGroup): Record<string, unknown> {
  const versions = g.versions.map((v) => ({ groupVersion: gv(g.group, v.version), version: v.version }));
  return { name: g.group, versions, preferredVersion: versions[0] };
}

function aggregated(groups: ServedGroup[], apiVersion: string): unknown {
  return {
    kind: 'APIGroupDiscoveryList',
    apiVersion,
    metadata: {},
    items: groups.map((g) => ({
      metadata: g.group ? { name: g.group, creationTimestamp: null } : { creationTimestamp: null },
      versions: g.versions.map((v) => ({
        version: v.version,
        resources: [...v.kinds]
          .sort((a, b) => (a.info.plural < b.info.plural ? -1 : 1))
          .map((k) => {
            const r: Record<string, unknown> = {
              resource: k.info.plural,
              responseKind: { group: k.info.group, version: k.info.version, kind: k.info.kind },
              scope: k.info.namespaced ? 'Namespaced' : 'Cluster',
              singularResource: k.info.singular,
              verbs: k.info.verbs,
            };
            if (k.info.shortNames.length) r.shortNames = k.info.shortNames;
            if (k.info.categories.length) r.categories = k.info.categories;
            const subs = subresourcesOf(k);
            if (subs.length) r.subresources = subs.map((s) => ({ subresource: s.name, responseKind: { group: s.group, version: s.version, kind: s.kind }, verbs: s.verbs }));
            return r;
          }),
        freshness: 'Current',
      })),
    })),
  };
}

/** The aggregated form the client asked for ("v2" or "v2beta1"), if any. */
function wantsAggregated(accept: string | undefined): string | null {
  for (const r of parseAccept(accept)) {
    if (r.type !== 'application/json' || r.params.g !== 'apidiscovery.k8s.io' || r.params.as !== 'APIGroupDiscoveryList') continue;
    if (r.params.v === 'v2' || r.params.v === 'v2beta1') return r.params.v;
  }
  return null;
}

/** Serves /api and /apis; false if `path` is neither. */
export function serveRootDiscovery(path: string, accept: string | undefined, kinds: readonly KindDef[], serverAddress: string, res: ServerResponse): boolean {
  if (path !== '/api' && path !== '/apis') return false;
  const groups = servedGroups(kinds).filter((g) => (path === '/api' ? g.group === '' : g.group !== ''));
  const agg = wantsAggregated(accept);
  if (agg) {
    const type = `application/json;g=apidiscovery.k8s.io;v=${agg};as=APIGroupDiscoveryList`;
    sendJson(res, 200, aggregated(groups, `apidiscovery.k8s.io/${agg}`), { 'Content-Type': type, Vary: 'Accept' });
    return true;
  }
  if (path === '/api') {
    sendJson(res, 200, { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }] }, { Vary: 'Accept' });
  } else {
    sendJson(res, 200, { kind: 'APIGroupList', apiVersion: 'v1', groups: groups.map(groupObject) }, { Vary: 'Accept' });
  }
  return true;
}

/** /apis/<group>: the group's versions; null if the group is not served. */
export function groupDiscovery(group: string, kinds: readonly KindDef[]): unknown | null {
  const g = servedGroups(kinds).find((x) => x.group === group && group !== '');
  return g ? { kind: 'APIGroup', apiVersion: 'v1', ...groupObject(g) } : null;
}
