// What every verb handler is given, and the helpers they share for answering.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { stringify as toYaml } from 'yaml';
import type { KindDef, KindServices, KubeObject } from '../registry/types.js';
import type { UserInfo } from './authn.js';
import type { GenericStore } from './generic-store.js';
import type { Accepted } from './negotiate.js';
import type { RequestInfo } from './request-info.js';
import { Errors } from './status.js';
import { parseJsonObject, readBody, mediaType } from './http.js';
import { parse as parseYaml } from 'yaml';
import { decodeProtobufObject } from './protobuf.js';

/** Services the verbs need from the server beyond their own resource's store. */
export interface ServerServices extends KindServices {
  /** 404 if the namespace is missing, 403 if it is terminating (upstream's NamespaceLifecycle admission). */
  admitNamespace(namespace: string, resource: { group: string; plural: string }, name: string): Promise<void>;
}

export interface VerbContext {
  req: IncomingMessage;
  res: ServerResponse;
  user: UserInfo;
  info: RequestInfo;
  query: URLSearchParams;
  accept: Accepted;
  def: KindDef;
  store: GenericStore;
  server: ServerServices;
}

export function respond(ctx: VerbContext, code: number, body: unknown): void {
  const { res } = ctx;
  let text: string;
  let type: string;
  if (ctx.accept.yaml) {
    text = toYaml(body);
    type = 'application/yaml';
  } else {
    text = JSON.stringify(body) + '\n';
    type = 'application/json';
  }
  res.writeHead(code, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(text), 'Cache-Control': 'no-cache, private' });
  res.end(ctx.req.method === 'HEAD' ? undefined : text);
}

/** PartialObjectMetadata when the client asked for it, the object otherwise. */
export function present(ctx: VerbContext, obj: KubeObject): unknown {
  if (ctx.accept.metadataOnly) return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: obj.metadata };
  return obj;
}

/** The request body as an object: JSON or YAML (kubectl sends JSON; people send either). */
export async function readObject(ctx: VerbContext): Promise<KubeObject> {
  const body = await readBody(ctx.req);
  const type = mediaType(ctx.req.headers['content-type']);
  if (type === 'application/yaml') {
    let v: unknown;
    try {
      v = parseYaml(body.toString('utf8'));
    } catch (err) {
      throw Errors.badRequest(`error converting YAML to JSON: ${(err as Error).message}`);
    }
    if (!v || typeof v !== 'object' || Array.isArray(v)) throw Errors.badRequest('the body of the request must be an object');
    return v as KubeObject;
  }
  if (type === 'application/vnd.kubernetes.protobuf') return decodeProtobufObject(body) as KubeObject;
  if (type && type !== 'application/json' && type !== '*/*') {
    throw Errors.unsupportedMediaType(type, ['application/json', 'application/yaml', 'application/vnd.kubernetes.protobuf']);
  }
  return parseJsonObject(body) as KubeObject;
}

/**
 * The field manager of a write: the fieldManager parameter, else the client's user agent up to
 * its first "/" (upstream's default), at most 128 characters.
 */
export function fieldManagerOf(ctx: VerbContext): string {
  const given = ctx.query.get('fieldManager');
  if (given !== null) {
    if (given.length > 128 || /[^\x20-\x7e]/.test(given)) throw Errors.invalid('meta.k8s.io', 'PatchOptions', '', [{ reason: 'FieldValueInvalid', message: `Invalid value: ${JSON.stringify(given)}: must be at most 128 printable characters`, field: 'fieldManager' }]);
    return given;
  }
  const ua = String(ctx.req.headers['user-agent'] ?? 'unknown');
  return ua.split('/')[0]!.slice(0, 128) || 'unknown';
}

/** `dryRun=All` (the only value upstream accepts); anything else is a 400. */
export function isDryRun(query: URLSearchParams): boolean {
  const values = query.getAll('dryRun');
  if (!values.length) return false;
  for (const v of values) if (v !== 'All') throw Errors.badRequest(`Invalid value: ${JSON.stringify(v)}: supported values: "All"`);
  return true;
}

/** Items of built-in lists carry no apiVersion/kind, as upstream's typed encoder writes them. */
export function listItem(obj: KubeObject): KubeObject {
  const { apiVersion: _a, kind: _k, ...rest } = obj;
  return rest as KubeObject;
}
