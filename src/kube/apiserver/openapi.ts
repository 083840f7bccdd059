// /openapi/v2 and /openapi/v3 from the documents generated at build time (src/kube/generated/openapi).
// They are read on first use and kept: the v2 document is 2 MB and most processes never serve it.
// v2 is served as JSON or as gnostic protobuf (generated/openapi/v2.pb), as the client asks.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { parseAccept } from './negotiate.js';
import { sendJson, sendText } from './http.js';
import { Errors } from './status.js';

function generatedDir(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  // From src/kube/apiserver (tsx) or dist/src/kube/apiserver (tsc, which does not copy JSON).
  for (const rel of ['../generated/openapi', '../../../../src/kube/generated/openapi']) {
    const dir = path.resolve(here, rel);
    if (existsSync(dir)) return dir;
  }
  throw new Error('generated OpenAPI documents not found; run node --import tsx scripts/codegen/kube.ts');
}

let dir: string | undefined;
const cache = new Map<string, { text: Buffer; etag: string }>();

function load(rel: string): { text: Buffer; etag: string } {
  let hit = cache.get(rel);
  if (!hit) {
    dir ??= generatedDir();
    const text = readFileSync(path.join(dir, rel));
    hit = { text, etag: `"${createHash('sha512').update(text).digest('hex').slice(0, 64).toUpperCase()}"` };
    cache.set(rel, hit);
  }
  return hit;
}

export interface SchemaNode {
  $ref?: string;
  type?: string;
  properties?: Record<string, SchemaNode>;
  additionalProperties?: SchemaNode | boolean;
  items?: SchemaNode;
  'x-kubernetes-preserve-unknown-fields'?: boolean;
  'x-kubernetes-group-version-kind'?: Array<{ group: string; version: string; kind: string }>;
}

let defs: Record<string, SchemaNode> | undefined;

/** The schemas of the OpenAPI v2 document, by definition name (for field validation). */
export function definitions(): Record<string, SchemaNode> {
  defs ??= (JSON.parse(load('v2.json').text.toString('utf8')) as { definitions: Record<string, SchemaNode> }).definitions;
  return defs;
}

interface IndexEntry {
  file: string;
  hash: string;
}

function index(): Record<string, IndexEntry> {
  return JSON.parse(load('v3-index.json').text.toString('utf8')) as Record<string, IndexEntry>;
}

function sendDoc(req: IncomingMessage, res: ServerResponse, doc: { text: Buffer; etag: string }, immutable: boolean, type = 'application/json'): void {
  if (req.headers['if-none-match'] === doc.etag) {
    res.writeHead(304, { ETag: doc.etag });
    res.end();
    return;
  }
  res.writeHead(200, {
    'Content-Type': type,
    'Content-Length': doc.text.length,
    ETag: doc.etag,
    // A document asked for by its hash never changes; the index and unhashed paths may.
    'Cache-Control': immutable ? 'public, immutable' : 'no-cache, private',
    Vary: 'Accept',
  });
  res.end(req.method === 'HEAD' ? undefined : doc.text);
}

const PROTO_TYPES = ['application/com.github.proto-openapi.spec.v2@v1.0+protobuf', 'application/com.github.proto-openapi.spec.v2.v1.0+protobuf'];

function acceptsJson(accept: string | undefined): boolean {
  return parseAccept(accept).some((r) => r.type === 'application/json' || r.type === '*/*' || r.type === 'application/*');
}

/**
 * Serves /openapi/v2 and /openapi/v3[/<path>]; false for other paths. `served(key)` says whether a
 * v3 path ("api/v1", "apis/apps/v1", "apis/apps") belongs to a served group-version.
 */
export function serveOpenApi(req: IncomingMessage, res: ServerResponse, pathname: string, query: URLSearchParams, served: (key: string) => boolean): boolean {
  const accept = req.headers.accept;
  if (pathname === '/openapi/v2' || pathname === '/swagger.json') {
    // client-go asks for gnostic protobuf first (kubectl 1.27 apply/explain need it), JSON otherwise.
    const pb = parseAccept(accept).find((r) => PROTO_TYPES.includes(r.type));
    if (pb && pathname === '/openapi/v2') {
      // Upstream answers with the '.v1.0' spelling: Go's mime parser rejects the '@' one.
      sendDoc(req, res, load('v2.pb'), false, PROTO_TYPES[1]);
      return true;
    }
    if (!acceptsJson(accept)) {
      sendJson(res, 406, Errors.notAcceptable('application/json, application/com.github.proto-openapi.spec.v2@v1.0+protobuf').status);
      return true;
    }
    sendDoc(req, res, load('v2.json'), false);
    return true;
  }
  if (pathname === '/openapi/v3' || pathname === '/openapi/v3/') {
    const paths: Record<string, { serverRelativeURL: string }> = {};
    for (const [key, e] of Object.entries(index())) {
      if (served(key)) paths[key] = { serverRelativeURL: `/openapi/v3/${key}?hash=${e.hash}` };
    }
    sendJson(res, 200, { paths });
    return true;
  }
  if (pathname.startsWith('/openapi/v3/')) {
    const key = pathname.slice('/openapi/v3/'.length).replace(/\/$/, '');
    const e = index()[key];
    if (!e || !served(key)) {
      sendText(res, 404, '404 page not found\n');
      return true;
    }
    if (!acceptsJson(accept)) {
      sendJson(res, 406, Errors.notAcceptable('application/json').status);
      return true;
    }
    const hash = query.get('hash');
    if (hash && hash !== e.hash) {
      // Upstream redirects a stale hash to the current one.
      res.writeHead(301, { Location: `/openapi/v3/${key}?hash=${e.hash}` });
      res.end();
      return true;
    }
    sendDoc(req, res, load(`v3/${e.file}`), !!hash);
    return true;
  }
  return false;
}
