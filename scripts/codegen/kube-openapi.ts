// The OpenAPI documents the API server serves, derived from the v2 swagger: v2 limited to enabled
// group-versions, and one v3 document per group-version as upstream's /openapi/v3/<path> (each with
// the schemas its operations reach, parameters inline so clients can look up fieldValidation).
import { createHash } from 'node:crypto';
import type { Swagger, SwaggerOp } from './kube.js';
import { encodeOpenApiV2 } from './kube-openapi-pb.js';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Obj = { [k: string]: Json };

function gvOf(p: string): { key: string; group: string; version: string } | null {
  let m = /^\/api\/(v1)\//.exec(p);
  if (m) return { key: 'api/v1', group: '', version: 'v1' };
  m = /^\/apis\/([^/]+)\/([^/]+)\//.exec(p);
  if (m) return { key: `apis/${m[1]}/${m[2]}`, group: m[1]!, version: m[2]! };
  // Group and root discovery paths ("/api/", "/apis/", "/apis/apps/") and "/version/".
  if (p === '/api/') return { key: 'api', group: '', version: '' };
  if (p === '/apis/') return { key: 'apis', group: '', version: '' };
  m = /^\/apis\/([^/]+)\/$/.exec(p);
  if (m) return { key: `apis/${m[1]}`, group: m[1]!, version: '' };
  if (p === '/version/') return { key: 'version', group: '', version: '' };
  return null;
}

function rewriteRefs(v: Json): Json {
  if (Array.isArray(v)) return v.map(rewriteRefs);
  if (v && typeof v === 'object') {
    const out: Obj = {};
    for (const [k, x] of Object.entries(v)) {
      out[k] = k === '$ref' && typeof x === 'string' ? x.replace('#/definitions/', '#/components/schemas/') : rewriteRefs(x);
    }
    return out;
  }
  return v;
}

function refsIn(v: Json, into: Set<string>): void {
  if (Array.isArray(v)) for (const x of v) refsIn(x, into);
  else if (v && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      if (k === '$ref' && typeof x === 'string') into.add(x.replace(/^#\/(definitions|components\/schemas)\//, ''));
      else refsIn(x, into);
    }
  }
}

function convertParam(p: Obj, consumes: string[]): { param?: Obj; body?: Obj } {
  if (p.in === 'body') {
    const content: Obj = {};
    for (const c of consumes.length ? consumes : ['application/json']) content[c] = { schema: rewriteRefs(p.schema ?? {}) };
    return { body: { content, required: p.required === true } };
  }
  const out: Obj = { name: p.name ?? '', in: p.in ?? 'query' };
  if (p.description) out.description = p.description;
  if (p.required) out.required = true;
  const schema: Obj = {};
  for (const k of ['type', 'uniqueItems', 'items', 'format', 'enum']) if (p[k] !== undefined) schema[k] = p[k]!;
  out.schema = schema;
  return { param: out };
}

function convertOp(swagger: Swagger, op: SwaggerOp): Obj {
  const consumes = (op.consumes as string[] | undefined) ?? [];
  const produces = (op.produces as string[] | undefined) ?? ['application/json'];
  const out: Obj = {};
  for (const [k, v] of Object.entries(op)) {
    if (k === 'consumes' || k === 'produces' || k === 'schemes' || k === 'parameters' || k === 'responses') continue;
    out[k] = v as Json;
  }
  const params: Obj[] = [];
  for (const raw of op.parameters ?? []) {
    const p = (raw.$ref ? swagger.parameters[String(raw.$ref).replace('#/parameters/', '')] : raw) as Obj;
    const c = convertParam(p, consumes);
    if (c.param) params.push(c.param);
    if (c.body) out.requestBody = c.body;
  }
  if (params.length) out.parameters = params;
  const responses: Obj = {};
  for (const [code, r] of Object.entries((op.responses ?? {}) as Record<string, Obj>)) {
    const resp: Obj = { description: r.description ?? '' };
    if (r.schema) {
      const content: Obj = {};
      for (const c of produces) content[c] = { schema: rewriteRefs(r.schema) };
      resp.content = content;
    }
    responses[code] = resp;
  }
  out.responses = responses;
  return out;
}

function hash(text: string): string {
  return createHash('sha512').update(text).digest('hex').toUpperCase().slice(0, 128);
}

/** Returns [relative path, text] pairs under src/kube/generated/. */
export function emitOpenApi(swagger: Swagger, versions: Record<string, string[]>): Array<[string, string | Buffer]> {
  const enabled = (group: string, version: string) => version === '' ? group === '' || group in versions : (versions[group] ?? []).includes(version);
  const v2paths: Obj = {};
  const docs = new Map<string, Obj>();
  for (const [p, item] of Object.entries(swagger.paths)) {
    const gv = gvOf(p);
    if (gv && !enabled(gv.group, gv.version)) continue;
    v2paths[p] = item as unknown as Json;
    if (!gv) continue;
    const v3item: Obj = {};
    for (const [method, raw] of Object.entries(item)) {
      if (method === 'parameters') {
        v3item.parameters = (raw as Obj[]).map((x) => {
          const p2 = (x.$ref ? swagger.parameters[String(x.$ref).replace('#/parameters/', '')] : x) as Obj;
          return convertParam(p2, []).param!;
        });
        continue;
      }
      v3item[method] = convertOp(swagger, raw as SwaggerOp);
    }
    let doc = docs.get(gv.key);
    if (!doc) docs.set(gv.key, (doc = {}));
    doc[p] = v3item;
  }
  const v2 = { ...(swagger as unknown as Obj), paths: v2paths } as Obj;
  const out: Array<[string, string | Buffer]> = [['openapi/v2.json', JSON.stringify(v2)], ['openapi/v2.pb', encodeOpenApiV2(v2)]];
  const index: Obj = {};
  for (const key of [...docs.keys()].sort()) {
    const paths = docs.get(key)!;
    // Schemas the operations reach, transitively.
    const need = new Set<string>();
    refsIn(paths, need);
    const queue = [...need];
    while (queue.length) {
      const name = queue.pop()!;
      const found = new Set<string>();
      refsIn((swagger.definitions[name] ?? {}) as Json, found);
      for (const f of found) if (!need.has(f)) need.add(f), queue.push(f);
    }
    const schemas: Obj = {};
    for (const name of [...need].sort()) if (swagger.definitions[name]) schemas[name] = rewriteRefs(swagger.definitions[name] as Json);
    const doc = {
      openapi: '3.0.0',
      info: { title: 'Kubernetes', version: 'unversioned' },
      paths,
      components: { schemas, securitySchemes: { BearerToken: { type: 'apiKey', description: 'Bearer Token authentication', name: 'authorization', in: 'header' } } },
    };
    const text = JSON.stringify(doc);
    const file = key.replace(/\//g, '__') + '.json';
    out.push([`openapi/v3/${file}`, text]);
    index[key] = { file, hash: hash(text) };
  }
  out.push(['openapi/v3-index.json', JSON.stringify(index, null, 1) + '\n']);
  return out;
}
