// Emits src/kube/generated/ from ../shared/kubernetes-openapi/swagger.json (Kubernetes 1.33):
//   resources.ts     the resource table discovery and routing are built from (group, version, kind,
//                    plural, namespaced, verbs, subresources, shortNames, categories)
//   proto.ts         protobuf field tables from the upstream .proto files (for protobuf request bodies)
//   patch-meta.ts    per schema, the fields strategic merge patch needs (refs, strategy, merge key)
//   openapi/v2.json  the OpenAPI v2 document, limited to the group-versions a 1.33 server enables,
//   openapi/v2.pb    and the same as gnostic protobuf (client-go asks for it)
//   openapi/v3/*.json one OpenAPI v3 document per group-version (plus "api", "apis", "version"),
//                    and openapi/v3-index.json with their hashes
// What the document does not say (enabled versions, group order, shortNames, categories) lives in
// kube-overlay.json beside this script. Run: node --import tsx scripts/codegen/kube.ts [--check]
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { emitOpenApi } from './kube-openapi.js';
import { emitProto } from './kube-proto.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '../..');
const swaggerPath = process.env.LAKESTACK_KUBE_OPENAPI ?? path.resolve(repo, '../shared/kubernetes-openapi/swagger.json');
const outRoot = path.join(repo, 'src/kube/generated');
// The .proto files are upstream's, not ours: they are read from beside the repo and never committed.
// Where they are absent, the committed proto.ts stands as it is (neither rewritten nor checked).
const protoRoot = process.env.LAKESTACK_KUBE_PROTO ?? path.resolve(repo, '../shared/kubernetes-proto');

export interface Swagger {
  paths: Record<string, Record<string, SwaggerOp | unknown[]>>;
  definitions: Record<string, SwaggerSchema>;
  parameters: Record<string, Record<string, unknown>>;
  [k: string]: unknown;
}
export interface SwaggerOp {
  'x-kubernetes-action'?: string;
  'x-kubernetes-group-version-kind'?: { group: string; version: string; kind: string };
  parameters?: Array<Record<string, unknown>>;
  [k: string]: unknown;
}
export interface SwaggerSchema {
  type?: string;
  $ref?: string;
  items?: SwaggerSchema;
  properties?: Record<string, SwaggerSchema>;
  additionalProperties?: SwaggerSchema | boolean;
  'x-kubernetes-patch-strategy'?: string;
  'x-kubernetes-patch-merge-key'?: string;
  'x-kubernetes-group-version-kind'?: Array<{ group: string; version: string; kind: string }>;
  [k: string]: unknown;
}
interface Overlay {
  groupOrder: string[];
  versions: Record<string, string[]>;
  shortNames: Record<string, string[]>;
  categories: Record<string, string[]>;
}

interface Sub {
  name: string;
  group: string;
  version: string;
  kind: string;
  verbs: Set<string>;
}
interface Res {
  group: string;
  version: string;
  kind: string;
  plural: string;
  namespaced: boolean;
  verbs: Set<string>;
  subresources: Map<string, Sub>;
}

const VERB: Record<string, string[]> = {
  get: ['get'],
  list: ['list'],
  post: ['create'],
  put: ['update'],
  patch: ['patch'],
  delete: ['delete'],
  deletecollection: ['deletecollection'],
  watch: ['watch'],
  watchlist: ['watch'],
};
// Connect subresources (exec, attach, portforward, proxy) are reached with these HTTP methods; the
// verbs upstream lists for them follow the methods.
const CONNECT_VERB: Record<string, string> = { get: 'get', post: 'create', put: 'update', patch: 'patch', delete: 'delete', head: 'get', options: 'get' };

export function splitGv(p: string): { group: string; version: string; rest: string } | null {
  let m = /^\/api\/(v1)\/(.*)$/.exec(p);
  if (m) return { group: '', version: m[1]!, rest: m[2]! };
  m = /^\/apis\/([^/]+)\/([^/]+)\/(.*)$/.exec(p);
  if (m) return { group: m[1]!, version: m[2]!, rest: m[3]! };
  return null;
}

function collect(swagger: Swagger, overlay: Overlay): Res[] {
  const table = new Map<string, Res>();
  for (const [p, item] of Object.entries(swagger.paths)) {
    const gv = splitGv(p);
    if (!gv || !(overlay.versions[gv.group] ?? []).includes(gv.version)) continue;
    let rest = gv.rest;
    if (rest.startsWith('watch/')) rest = rest.slice(6);
    let namespaced = false;
    if (rest.startsWith('namespaces/{namespace}/')) {
      namespaced = true;
      rest = rest.slice('namespaces/{namespace}/'.length);
    }
    const segs = rest.split('/');
    const plural = segs[0]!;
    if (!plural || plural.startsWith('{')) continue;
    const sub = segs.length >= 3 ? segs[2]! : '';
    for (const [method, raw] of Object.entries(item)) {
      if (method === 'parameters') continue;
      const op = raw as SwaggerOp;
      const action = op['x-kubernetes-action'];
      const gvk = op['x-kubernetes-group-version-kind'];
      if (!action || !gvk) continue;
      const key = `${gv.group}/${gv.version}/${plural}`;
      let res = table.get(key);
      if (!res) {
        res = { group: gv.group, version: gv.version, kind: '', plural, namespaced: false, verbs: new Set(), subresources: new Map() };
        table.set(key, res);
      }
      if (namespaced) res.namespaced = true;
      const verbs = action === 'connect' ? [CONNECT_VERB[method] ?? 'get'] : (VERB[action] ?? []);
      if (sub) {
        let s = res.subresources.get(sub);
        if (!s) {
          s = { name: sub, group: gvk.group, version: gvk.version, kind: gvk.kind, verbs: new Set() };
          res.subresources.set(sub, s);
        }
        for (const v of verbs) s.verbs.add(v);
      } else {
        // The kind of the main resource is the one its single-object or list operations name.
        if (action !== 'deletecollection' || !res.kind) res.kind = gvk.kind;
        for (const v of verbs) res.verbs.add(v);
      }
    }
  }
  return [...table.values()].filter((r) => r.kind);
}

function emitResources(resources: Res[], overlay: Overlay): string {
  const rows = resources
    .sort((a, b) => {
      const ga = overlay.groupOrder.indexOf(a.group);
      const gb = overlay.groupOrder.indexOf(b.group);
      if (ga !== gb) return ga - gb;
      const va = overlay.versions[a.group]!.indexOf(a.version);
      const vb = overlay.versions[b.group]!.indexOf(b.version);
      if (va !== vb) return va - vb;
      return a.plural < b.plural ? -1 : a.plural > b.plural ? 1 : 0;
    })
    .map((r) => {
      const key = `${r.group}/${r.plural}`;
      const row = {
        group: r.group,
        version: r.version,
        kind: r.kind,
        plural: r.plural,
        singular: r.kind.toLowerCase(),
        namespaced: r.namespaced,
        verbs: [...r.verbs].sort(),
        shortNames: overlay.shortNames[key] ?? [],
        categories: overlay.categories[key] ?? [],
        subresources: [...r.subresources.values()]
          .sort((a, b) => (a.name < b.name ? -1 : 1))
          .map((s) => ({ name: s.name, group: s.group, version: s.version, kind: s.kind, verbs: [...s.verbs].sort() })),
      };
      return '  ' + JSON.stringify(row) + ',';
    });
  const groups = overlay.groupOrder
    .filter((g) => resources.some((r) => r.group === g))
    .map((g) => `  ${JSON.stringify({ group: g, versions: overlay.versions[g] })},`);
  return `// GENERATED by scripts/codegen/kube.ts from ../shared/kubernetes-openapi/swagger.json — do not edit.
import type { ResourceInfo, GroupInfo } from '../apiserver/resource-info.js';

/** Every resource a Kubernetes 1.33 apiserver serves by default, in upstream's discovery order. */
export const RESOURCES: readonly ResourceInfo[] = [
${rows.join('\n')}
];

/** Groups in upstream's order, each with its versions, preferred first. */
export const GROUPS: readonly GroupInfo[] = [
${groups.join('\n')}
];
`;
}

/** The fields strategic merge patch walks: only those that lead to an object or carry a strategy. */
function emitPatchMeta(swagger: Swagger): string {
  const refName = (r: string) => r.replace('#/definitions/', '');
  const out: Record<string, Record<string, [string, string, string, number]>> = {};
  for (const [name, def] of Object.entries(swagger.definitions)) {
    const fields: Record<string, [string, string, string, number]> = {};
    for (const [f, schema] of Object.entries(def.properties ?? {})) {
      const list = schema.type === 'array';
      const mapOf = schema.type === 'object' && typeof schema.additionalProperties === 'object';
      const inner = list ? schema.items : mapOf ? (schema.additionalProperties as SwaggerSchema) : schema;
      const ref = inner?.$ref ? refName(inner.$ref) : '';
      const strategy = schema['x-kubernetes-patch-strategy'] ?? '';
      const key = schema['x-kubernetes-patch-merge-key'] ?? '';
      if (!ref && !strategy && !list) continue;
      // [ref, strategy, mergeKey, shape]: shape 0 = object, 1 = list, 2 = map of ref
      fields[f] = [ref, strategy, key, list ? 1 : mapOf ? 2 : 0];
    }
    if (Object.keys(fields).length) out[name] = fields;
  }
  const gvk: Record<string, string> = {};
  for (const [name, def] of Object.entries(swagger.definitions)) {
    for (const k of def['x-kubernetes-group-version-kind'] ?? []) gvk[`${k.group}/${k.version}/${k.kind}`] = name;
  }
  return `// GENERATED by scripts/codegen/kube.ts from ../shared/kubernetes-openapi/swagger.json — do not edit.
// Per schema, each field as [ref, patchStrategy, patchMergeKey, shape] where shape 0 = object,
// 1 = list, 2 = map of ref. Fields that are plain scalars with no strategy are left out.
export type PatchField = readonly [ref: string, strategy: string, mergeKey: string, shape: 0 | 1 | 2];

export const PATCH_META: Readonly<Record<string, Readonly<Record<string, PatchField>>>> = ${JSON.stringify(out)};

/** "group/version/Kind" → schema name. */
export const SCHEMA_BY_GVK: Readonly<Record<string, string>> = ${JSON.stringify(gvk)};
`;
}

function main(): void {
  const check = process.argv.includes('--check');
  const swagger = JSON.parse(readFileSync(swaggerPath, 'utf8')) as Swagger;
  const overlay = JSON.parse(readFileSync(path.join(here, 'kube-overlay.json'), 'utf8')) as Overlay;
  const files = new Map<string, string | Buffer>();
  files.set('resources.ts', emitResources(collect(swagger, overlay), overlay));
  files.set('patch-meta.ts', emitPatchMeta(swagger));
  if (existsSync(protoRoot)) files.set('proto.ts', emitProto(protoRoot, swagger.definitions));
  else console.warn(`no .proto files at ${protoRoot}: keeping the committed proto.ts`);
  for (const [name, text] of emitOpenApi(swagger, overlay.versions)) files.set(name, text);
  let stale = 0;
  for (const [rel, text] of files) {
    const file = path.join(outRoot, rel);
    if (check) {
      if (!existsSync(file) || !readFileSync(file).equals(Buffer.from(text))) {
        console.error(`stale: ${rel}`);
        stale++;
      }
      continue;
    }
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
  if (!check) {
    // Drop v3 documents of group-versions no longer emitted.
    const v3 = path.join(outRoot, 'openapi/v3');
    for (const f of readdirSync(v3)) if (!files.has(`openapi/v3/${f}`)) rmSync(path.join(v3, f));
  }
  const digest = createHash('sha256').update(Buffer.concat([...files.values()].map((t) => Buffer.from(t)))).digest('hex').slice(0, 12);
  console.log(`${check ? 'checked' : 'wrote'} ${files.size} files (${digest})${stale ? `, ${stale} stale` : ''}`);
  if (stale) process.exit(1);
}

main();
