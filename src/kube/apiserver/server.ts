// The API server of one cluster: authenticates, serves the non-resource paths (version, health,
// discovery, OpenAPI) and routes resource requests to the verb handlers over the generic stores.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { log } from '../../core/log.js';
import type { TokenIssuer } from '../tokens.js';
import type { KubeStore } from '../store/types.js';
import type { KindDef, KubeObject, StrategyContext } from '../registry/types.js';
import { authenticate } from './authn.js';
import type { ServerServices, VerbContext } from './context.js';
import { handleCreate } from './create.js';
import { handleDelete } from './delete.js';
import { handleDeleteCollection } from './deletecollection.js';
import { groupDiscovery, resourceList, serveRootDiscovery, servedGroups } from './discovery.js';
import { GenericStore } from './generic-store.js';
import { ConvertingStore } from './converting-store.js';
import { handleGet } from './get.js';
import { sendJson, sendStatus, sendText } from './http.js';
import { handleList } from './list.js';
import { negotiate } from './negotiate.js';
import { serveHealth, serveVersion } from './nonresource.js';
import { serveOpenApi } from './openapi.js';
import { handlePatch } from './patch.js';
import { parseResourcePath, type RequestInfo } from './request-info.js';
import { Errors, StatusError } from './status.js';
import { handleUpdate } from './update.js';
import { handleWatch } from './watch.js';
import { handleScale } from './scale.js';
import { handleReview, handleSubresourceCreate } from './review.js';
import { RbacAuthorizer, type RulesReviewStatus } from '../auth/authorizer.js';
import { nonResourceAttributes, resourceAttributes } from '../auth/attributes.js';
import { impersonate } from '../auth/impersonation.js';
import type { Attributes, Decision } from '../auth/rbac.js';
import type { StaticTokenUser } from '../auth/token-file.js';

const HANDLERS = {
  get: handleGet,
  list: handleList,
  watch: handleWatch,
  create: handleCreate,
  update: handleUpdate,
  patch: handlePatch,
  delete: handleDelete,
  deletecollection: handleDeleteCollection,
} as const;

export interface ApiServerOptions {
  cluster: string;
  store: KubeStore;
  kinds: readonly KindDef[];
  lakestackVersion: string;
  /** host:port clients reach us at (for /api's serverAddressByClientCIDRs). */
  serverAddress: () => string;
  tokens: TokenIssuer;
  /** Users of the static token file (--kube-token-file), by token. */
  staticTokens?: ReadonlyMap<string, StaticTokenUser>;
}

export class KubeApiServer implements ServerServices {
  private readonly stores = new Map<string, GenericStore>();
  /** Kinds defined by CustomResourceDefinitions, by CRD name. */
  private readonly custom = new Map<string, KindDef[]>();
  private healthy = true;
  readonly authorizer: RbacAuthorizer;

  constructor(private readonly opts: ApiServerOptions) {
    const ctx = () => this.strategyContext();
    this.authorizer = new RbacAuthorizer((plural, group) => this.strategyContext().list(plural, group));
    for (const def of opts.kinds) {
      const store = def.conversion ? new ConvertingStore(opts.store, def, opts.cluster, ctx, def.conversion) : new GenericStore(opts.store, def, opts.cluster, ctx);
      this.stores.set(`${def.info.group}/${def.info.version}/${def.info.plural}`, store);
    }
  }

  /** Every served kind: the built-in ones and those CustomResourceDefinitions define. */
  kinds(): KindDef[] {
    return [...this.opts.kinds, ...[...this.custom.values()].flat()];
  }

  /** Serves (or, with no kinds, stops serving) the resources of one CRD. */
  setCustomKinds(crdName: string, defs: KindDef[]): void {
    for (const d of this.custom.get(crdName) ?? []) this.stores.delete(`${d.info.group}/${d.info.version}/${d.info.plural}`);
    if (defs.length) this.custom.set(crdName, defs);
    else this.custom.delete(crdName);
    for (const def of defs) this.stores.set(`${def.info.group}/${def.info.version}/${def.info.plural}`, new GenericStore(this.opts.store, def, this.opts.cluster, () => this.strategyContext()));
  }

  /** The store of a served resource, for bootstrap and controllers inside the process. */
  storeFor(group: string, version: string, plural: string): GenericStore {
    const s = this.stores.get(`${group}/${version}/${plural}`);
    if (!s) throw new Error(`resource ${plural}.${group}/${version} is not served`);
    return s;
  }

  /** One store per stored resource (versions served by conversion share their storage's keys). */
  storedStores(): GenericStore[] {
    return [...this.stores.values()].filter((s) => !s.def.conversion && !s.def.review);
  }

  /** The key prefix under which this cluster's objects live. */
  registryRoot(): string {
    return `/${this.opts.cluster}/registry/`;
  }

  /** The stores of every namespaced resource (the namespace controller empties them). */
  namespacedStores(): GenericStore[] {
    // One store per stored resource: a version served by conversion shares its keys.
    return this.storedStores().filter((s) => s.def.info.namespaced);
  }

  private strategyContext(): StrategyContext {
    return {
      now: new Date(),
      list: async (plural, group = '') => {
        const s = [...this.stores.values()].find((x) => x.def.info.plural === plural && x.def.info.group === group && !x.def.conversion);
        if (!s) return [];
        const out: KubeObject[] = [];
        let after: string | undefined;
        for (;;) {
          const page = await s.listPage('', 1000, after, 0);
          out.push(...page.items);
          if (!page.more || !page.lastKey) return out;
          after = page.lastKey;
        }
      },
    };
  }

  issueToken(namespace: string, name: string, uid: string, audiences: string[], expirationSeconds: number): { token: string; expires: Date } {
    return this.opts.tokens.issue(namespace, name, uid, audiences, expirationSeconds);
  }

  authorize(a: Attributes): Promise<Decision> {
    return this.authorizer.authorize(a);
  }

  rulesFor(user: VerbContext['user'], namespace: string): Promise<RulesReviewStatus> {
    return this.authorizer.rules(user, namespace);
  }

  async authenticateToken(token: string, audiences?: string[]): Promise<{ name: string; uid: string; groups: string[]; audiences: string[] } | null> {
    const st = this.opts.staticTokens?.get(token);
    if (st) {
      // Static tokens carry no audience: they are good for the API server's own (upstream: the
      // authenticator is audience-agnostic and reports the API server's audiences).
      const groups = st.groups.includes('system:authenticated') ? [...st.groups] : [...st.groups, 'system:authenticated'];
      return { name: st.name, uid: st.uid, groups, audiences: audiences ?? ['https://kubernetes.default.svc.cluster.local'] };
    }
    const claims = this.opts.tokens.verify(token, audiences);
    if (!claims) return null;
    const sa = claims['kubernetes.io'];
    // A token outlives nothing: its ServiceAccount must still exist, with the same uid.
    try {
      const obj = await this.storeFor('', 'v1', 'serviceaccounts').get(sa.namespace, sa.serviceaccount.name);
      if (obj.metadata.uid !== sa.serviceaccount.uid) return null;
    } catch {
      return null;
    }
    return {
      name: claims.sub,
      uid: sa.serviceaccount.uid,
      groups: ['system:serviceaccounts', `system:serviceaccounts:${sa.namespace}`, 'system:authenticated'],
      audiences: claims.aud,
    };
  }

  private async bearer(req: IncomingMessage): Promise<VerbContext['user'] | null> {
    const m = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
    if (!m) return null;
    const u = await this.authenticateToken(m[1]!);
    return u ? { name: u.name, groups: u.groups } : null;
  }

  async admitNamespace(namespace: string, resource: { group: string; plural: string }, name: string): Promise<void> {
    const ns = this.stores.get('/v1/namespaces');
    if (!ns) return;
    let obj: KubeObject;
    try {
      obj = await ns.get('', namespace);
    } catch (err) {
      if (err instanceof StatusError && err.code === 404) throw Errors.notFound({ group: '', plural: 'namespaces' }, namespace);
      throw err;
    }
    if (obj.metadata.deletionTimestamp || (obj.status as { phase?: string } | undefined)?.phase === 'Terminating') {
      throw Errors.forbidden(resource, name, `unable to create new content in namespace ${namespace} because it is being terminated`);
    }
  }

  handle(req: IncomingMessage, res: ServerResponse): void {
    this.dispatch(req, res).catch((err: unknown) => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      if (err instanceof StatusError) {
        sendStatus(res, err.status);
        return;
      }
      log.error('kube request failed', { method: req.method, url: req.url, error: err instanceof Error ? err.stack : String(err) });
      sendStatus(res, Errors.internal(err instanceof Error ? err.message : String(err)).status);
    });
  }

  private async dispatch(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'https://localhost');
    const pathname = url.pathname.length > 1 ? url.pathname.replace(/\/$/, '') : url.pathname;
    const authenticated = authenticate(req) ?? (await this.bearer(req));
    if (!authenticated) throw Errors.unauthorized();
    const user = await impersonate(req, authenticated, (a) => this.authorizer.check(a));
    const method = req.method ?? 'GET';
    // Authorize before anything is looked up, as upstream's filter chain: a 403 never reveals
    // whether the thing exists.
    const parsedEarly = parseResourcePath(method, pathname, url.searchParams);
    await this.authorizer.check(parsedEarly && !('groupVersionOnly' in parsedEarly) ? resourceAttributes(user, pathname, parsedEarly) : nonResourceAttributes(user, method, pathname));
    const kinds = this.kinds();
    if (method === 'GET' || method === 'HEAD') {
      if (serveVersion(pathname, this.opts.lakestackVersion, res)) return;
      if (serveHealth(pathname, url.searchParams, this.healthy, res)) return;
      if (serveRootDiscovery(pathname, req.headers.accept, kinds, this.opts.serverAddress(), res)) return;
      if (serveOpenApi(req, res, pathname, url.searchParams, (key) => this.servesOpenApiKey(key))) return;
      const gm = /^\/apis\/([^/]+)$/.exec(pathname);
      if (gm) {
        const g = groupDiscovery(gm[1]!, kinds);
        if (g) sendJson(res, 200, g);
        else sendText(res, 404, '404 page not found\n');
        return;
      }
    }
    const parsed = parsedEarly;
    if (!parsed) {
      sendText(res, 404, '404 page not found\n');
      return;
    }
    if ('groupVersionOnly' in parsed) {
      const { group, version } = parsed.groupVersionOnly;
      const served = kinds.filter((k) => k.info.group === group && k.info.version === version);
      if (!served.length || (method !== 'GET' && method !== 'HEAD')) {
        sendText(res, 404, '404 page not found\n');
        return;
      }
      sendJson(res, 200, resourceList(served, group, version));
      return;
    }
    await this.serveResource(req, res, parsed, url.searchParams, user);
  }

  private servesOpenApiKey(key: string): boolean {
    if (key === 'api' || key === 'apis' || key === 'version') return true;
    const groups = servedGroups(this.kinds());
    if (key === 'api/v1') return groups.some((g) => g.group === '');
    const m = /^apis\/([^/]+)(?:\/([^/]+))?$/.exec(key);
    if (!m) return false;
    const g = groups.find((x) => x.group === m[1]);
    return !!g && (!m[2] || g.versions.some((v) => v.version === m[2]));
  }

  private async serveResource(req: IncomingMessage, res: ServerResponse, info: RequestInfo, query: URLSearchParams, user: VerbContext['user']): Promise<void> {
    const store = this.stores.get(`${info.group}/${info.version}/${info.resource}`);
    if (!store) {
      const gvServed = this.kinds().some((k) => k.info.group === info.group && k.info.version === info.version);
      if (gvServed) throw Errors.noResource();
      sendText(res, 404, '404 page not found\n');
      return;
    }
    const def = store.def;
    if (info.namespace && !def.info.namespaced) throw Errors.noResource();
    const scale = info.subresource === 'scale' && !!def.scale;
    const action = !!info.subresource && !!def.subresourceCreate?.[info.subresource];
    if (info.subresource && !scale && !action && !def.subresources?.[info.subresource]) throw Errors.noResource();
    if (info.subresource && !action && !['get', 'update', 'patch'].includes(info.verb)) throw Errors.methodNotAllowed();
    if (!info.subresource && !def.info.verbs.includes(info.verb)) throw Errors.methodNotAllowed();
    const accept = negotiate(req.headers.accept);
    if (!accept.ok) throw Errors.notAcceptable('application/json, application/yaml');
    if (accept.table && !['get', 'list', 'watch'].includes(info.verb)) accept.table = false;
    const ctx: VerbContext = { req, res, user, info, query, accept, def, store, server: this };
    if (def.review) await handleReview(ctx);
    else if (action) await handleSubresourceCreate(ctx);
    else if (scale) await handleScale(ctx);
    else await HANDLERS[info.verb](ctx);
  }
}
