// The one store every kind uses (upstream's generic registry Store): keys, metadata, optimistic
// concurrency and the strategy hooks in upstream's order, over the KubeStore. No kind-specific code
// lives here; whatever differs between kinds is in their strategy.
import type { KeyValue, KubeStore } from '../store/types.js';
import { CompactedError, FutureRevisionError } from '../store/types.js';
import type { KindDef, KubeObject, Strategy, StrategyContext } from '../registry/types.js';
import { apiVersionOf } from './resource-info.js';
import { clone, decodeObject, encodeObject, generateName, jsonEqual, newUid, orderMeta, timestamp, validateMetaMaps, validateName } from './objects.js';
import { Errors, Field, StatusError, type StatusCause } from './status.js';
import { recordUpdate, type ManagerInfo } from './apply/managed-fields.js';

export interface WriteOptions {
  dryRun?: boolean;
  /** Which strategy: the main resource ("") or a subresource such as "status". */
  subresource?: string;
  /** The field manager of a client write: managedFields record what it set. */
  fieldManager?: string;
  /** The object comes from server-side apply, which has already set managedFields. */
  applied?: boolean;
  /** The subresource managedFields name for a write that is not through a strategy (scale). */
  managerSubresource?: string;
}

export interface DeleteOptions extends WriteOptions {
  gracePeriodSeconds?: number;
  /** Background (default): dependents go after; Foreground: before; Orphan: they stay. */
  propagationPolicy?: 'Background' | 'Foreground' | 'Orphan';
  preconditions?: { uid?: string; resourceVersion?: string };
}

export interface ListPage {
  items: KubeObject[];
  revision: number;
  /** The last key read (for the continue token) when more may follow. */
  lastKey: string | null;
}

/** Where every cluster's objects live in the KubeStore: "/<cluster>/registry/<group>/<plural>/". */
export function resourcePrefix(cluster: string, def: KindDef): string {
  return `/${cluster}/registry/${def.info.group || 'core'}/${def.info.plural}/`;
}

export class GenericStore {
  readonly prefix: string;

  constructor(
    readonly kv: KubeStore,
    readonly def: KindDef,
    cluster: string,
    private readonly ctxFactory: () => StrategyContext,
  ) {
    this.prefix = resourcePrefix(cluster, def);
  }

  get qr() {
    return { group: this.def.info.group, plural: this.def.info.plural };
  }

  key(namespace: string, name: string): string {
    return this.def.info.namespaced ? `${this.prefix}${namespace}/${name}` : `${this.prefix}${name}`;
  }

  /** The prefix a list or watch reads: one namespace, or all of them ("" namespace). */
  listPrefix(namespace: string): string {
    return this.def.info.namespaced && namespace ? `${this.prefix}${namespace}/` : this.prefix;
  }

  /** The object a stored key-value holds, in this resource's version. */
  decode(kv: KeyValue, revision?: number): KubeObject {
    return decodeObject(kv, revision);
  }

  strategy(sub = ''): Strategy {
    if (!sub) return this.def.strategy;
    const s = this.def.subresources?.[sub];
    if (!s) throw Errors.noResource();
    return s;
  }

  async get(namespace: string, name: string, revision?: number): Promise<KubeObject> {
    const r = await this.read(() => this.kv.get(this.key(namespace, name), revision ? { revision } : {}));
    if (!r.kv) throw Errors.notFound(this.qr, name);
    return decodeObject(r.kv);
  }

  /** One page of raw objects under the prefix from `after` (exclusive), at `revision` (0 = now). */
  async listPage(namespace: string, limit: number | undefined, after: string | undefined, revision: number): Promise<ListPage & { more: boolean }> {
    const r = await this.read(() =>
      this.kv.list(this.listPrefix(namespace), { ...(limit ? { limit } : {}), ...(after ? { continueFrom: after } : {}), ...(revision ? { revision } : {}) }),
    );
    return { items: r.items.map((kv) => decodeObject(kv)), revision: r.revision, lastKey: r.items.length ? r.items[r.items.length - 1]!.key : null, more: r.more };
  }

  async create(namespace: string, input: KubeObject, opts: WriteOptions = {}): Promise<KubeObject> {
    const strategy = this.def.strategy;
    const obj = this.normalize(input);
    const meta = obj.metadata;
    if (this.def.info.namespaced) {
      if (meta.namespace && meta.namespace !== namespace) throw Errors.badRequest('the namespace of the provided object does not match the namespace sent on the request');
      meta.namespace = namespace;
    } else delete meta.namespace;
    if (!meta.name && meta.generateName) meta.name = generateName(meta.generateName);
    const now = new Date();
    meta.uid = newUid();
    meta.creationTimestamp = timestamp(now);
    delete meta.resourceVersion;
    delete meta.deletionTimestamp;
    delete meta.deletionGracePeriodSeconds;
    delete meta.selfLink;
    strategy.defaults?.(obj);
    await strategy.prepareForCreate?.(obj, this.ctxFactory());
    const causes = [...this.validateMeta(obj, strategy), ...(strategy.validate?.(obj) ?? [])];
    if (causes.length) throw Errors.invalid(this.def.info.group, this.def.info.kind, meta.name ?? '', causes);
    strategy.canonicalize?.(obj);
    if (opts.fieldManager && !opts.applied) recordUpdate(null, obj, this.manager(opts));
    if (opts.dryRun) return orderMeta(obj);
    const res = await this.kv.create(this.key(namespace, meta.name!), encodeObject(obj));
    if (!res.ok) throw Errors.alreadyExists(this.qr, meta.name!);
    return decodeObject(res.kv);
  }

  /**
   * Read-modify-write with compare-and-swap, retried on a lost race as upstream's GuaranteedUpdate.
   * `mutate` gets the current object (null if absent) and returns the desired one; a
   * resourceVersion it sets is a precondition (409 if stale).
   */
  async update(
    namespace: string,
    name: string,
    mutate: (current: KubeObject | null) => KubeObject | Promise<KubeObject>,
    opts: WriteOptions = {},
  ): Promise<{ object: KubeObject; created: boolean }> {
    const strategy = this.strategy(opts.subresource);
    const key = this.key(namespace, name);
    for (let attempt = 0; ; attempt++) {
      const cur = await this.kv.get(key);
      const current = cur.kv ? decodeObject(cur.kv) : null;
      const desired = this.normalize(await mutate(current ? clone(current) : null));
      const meta = desired.metadata;
      if (meta.name !== undefined && meta.name !== name) throw Errors.badRequest(`the name of the object (${meta.name}) does not match the name on the URL (${name})`);
      if (this.def.info.namespaced && meta.namespace && meta.namespace !== namespace) throw Errors.badRequest('the namespace of the provided object does not match the namespace sent on the request');
      meta.name = name;
      if (!current) {
        if (!strategy.allowCreateOnUpdate || opts.subresource) throw Errors.notFound(this.qr, name);
        if (meta.resourceVersion) throw Errors.notFound(this.qr, name);
        return { object: await this.create(namespace, desired, opts), created: true };
      }
      if (meta.resourceVersion && meta.resourceVersion !== current.metadata.resourceVersion) throw Errors.staleResourceVersion(this.qr, name);
      const causes: StatusCause[] = [];
      if (meta.uid && meta.uid !== current.metadata.uid) causes.push(Field.invalid('metadata.uid', meta.uid, 'field is immutable'));
      if (meta.creationTimestamp && meta.creationTimestamp !== current.metadata.creationTimestamp) meta.creationTimestamp = current.metadata.creationTimestamp;
      for (const k of ['uid', 'creationTimestamp', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'generation'] as const) {
        if (current.metadata[k] === undefined) delete meta[k];
        else (meta as Record<string, unknown>)[k] = current.metadata[k];
      }
      if (this.def.info.namespaced) meta.namespace = namespace;
      else delete meta.namespace;
      delete meta.selfLink;
      strategy.defaults?.(desired);
      strategy.prepareForUpdate?.(desired, current);
      causes.push(...this.validateMeta(desired, strategy), ...(strategy.validateUpdate?.(desired, current) ?? []));
      if (causes.length) throw Errors.invalid(this.def.info.group, this.def.info.kind, name, causes);
      strategy.canonicalize?.(desired);
      if (opts.fieldManager && !opts.applied) recordUpdate(current, desired, this.manager(opts));
      else if (!opts.applied) {
        // Writes from inside the server (controllers) leave managedFields as they were.
        if (current.metadata.managedFields) desired.metadata.managedFields = current.metadata.managedFields;
        else delete desired.metadata.managedFields;
      }
      desired.metadata.resourceVersion = current.metadata.resourceVersion;
      // Upstream writes nothing for a no-op update: the resourceVersion stays as it was.
      if (jsonEqual(orderMeta(desired), current)) return { object: current, created: false };
      if (opts.dryRun) return { object: orderMeta(desired), created: false };
      // Removing the last finalizer of an object being deleted completes the deletion.
      if (desired.metadata.deletionTimestamp && !(desired.metadata.finalizers ?? []).length && !this.def.strategy.pendingDeletion?.(desired)) {
        const del = await this.kv.delete(key, cur.kv!.modRevision);
        if (del.ok) return { object: decodeObject(cur.kv!, del.revision), created: false };
        if (attempt < 16) continue;
      }
      const res = await this.kv.update(key, encodeObject(desired), cur.kv!.modRevision);
      if (res.ok) return { object: decodeObject(res.kv), created: false };
      if (res.reason === 'not_found') throw Errors.notFound(this.qr, name);
      // Lost a race with another writer: a caller that named a resourceVersion gets 409 on the retry.
      if (attempt >= 16) throw Errors.staleResourceVersion(this.qr, name);
    }
  }

  /** Returns the object as deleted (or as marked for deletion) and whether it is gone. */
  async delete(namespace: string, name: string, opts: DeleteOptions = {}): Promise<{ object: KubeObject; deleted: boolean }> {
    const key = this.key(namespace, name);
    for (let attempt = 0; ; attempt++) {
      const cur = await this.kv.get(key);
      if (!cur.kv) throw Errors.notFound(this.qr, name);
      const current = decodeObject(cur.kv);
      const pre = opts.preconditions;
      if (pre?.uid && pre.uid !== current.metadata.uid)
        throw Errors.conflict(this.qr, name, `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${current.metadata.uid}`);
      if (pre?.resourceVersion && pre.resourceVersion !== current.metadata.resourceVersion)
        throw Errors.conflict(this.qr, name, `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${current.metadata.resourceVersion}`);
      const grace = opts.gracePeriodSeconds ?? this.def.strategy.defaultGracePeriod?.(current) ?? 0;
      // Foreground and Orphan deletion are finalizers the garbage collector completes.
      const gcFinalizer = opts.propagationPolicy === 'Foreground' ? 'foregroundDeletion' : opts.propagationPolicy === 'Orphan' ? 'orphan' : '';
      const finalizers = [...(current.metadata.finalizers ?? [])];
      if (gcFinalizer && !finalizers.includes(gcFinalizer)) finalizers.push(gcFinalizer);
      if (finalizers.length || grace > 0 || this.def.strategy.pendingDeletion?.(current)) {
        // Graceful: mark it; whoever owns the finalizers (or the grace period) completes it.
        if (current.metadata.deletionTimestamp && finalizers.length === (current.metadata.finalizers ?? []).length) return { object: current, deleted: false };
        const marked = clone(current);
        if (finalizers.length) marked.metadata.finalizers = finalizers;
        if (current.metadata.deletionTimestamp) {
          marked.metadata.deletionTimestamp = current.metadata.deletionTimestamp;
          const res = opts.dryRun ? null : await this.kv.update(key, encodeObject(marked), cur.kv.modRevision);
          if (!res || res.ok) return { object: res?.ok ? decodeObject(res.kv) : marked, deleted: false };
          continue;
        }
        marked.metadata.deletionTimestamp = timestamp(new Date(Date.now() + grace * 1000));
        marked.metadata.deletionGracePeriodSeconds = grace;
        this.def.strategy.prepareForDelete?.(marked);
        if (opts.dryRun) return { object: marked, deleted: false };
        const res = await this.kv.update(key, encodeObject(marked), cur.kv.modRevision);
        if (res.ok) return { object: decodeObject(res.kv), deleted: false };
      } else {
        if (opts.dryRun) return { object: current, deleted: true };
        const res = await this.kv.delete(key, cur.kv.modRevision);
        if (res.ok) return { object: decodeObject(cur.kv, res.revision), deleted: true };
      }
      if (attempt >= 16) throw Errors.staleResourceVersion(this.qr, name);
    }
  }

  manager(opts: WriteOptions): ManagerInfo {
    const m: ManagerInfo = { manager: opts.fieldManager ?? '', apiVersion: apiVersionOf(this.def.info), now: timestamp(new Date()), gvk: this.def.info, plural: this.def.info.plural };
    const sub = opts.subresource ?? opts.managerSubresource;
    if (sub) m.subresource = sub;
    return m;
  }

  /** Maps store errors about revisions to upstream's answers. */
  async read<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      if (err instanceof CompactedError) throw Errors.expired(`too old resource version: ${err.requestedRevision} (${err.compactRevision ?? err.requestedRevision})`);
      if (err instanceof FutureRevisionError) throw Errors.tooLargeResourceVersion(err.requestedRevision, err.currentRevision);
      throw err;
    }
  }

  private normalize(input: KubeObject): KubeObject {
    const obj = clone(input);
    if (!obj.metadata || typeof obj.metadata !== 'object') obj.metadata = {};
    const want = apiVersionOf(this.def.info);
    if (obj.kind !== undefined && obj.kind !== '' && obj.kind !== this.def.info.kind) {
      throw Errors.badRequest(`${obj.kind} in version "${String(obj.apiVersion ?? '').split('/').pop()}" cannot be handled as a ${this.def.info.kind}: the kind in the data does not match the kind of the resource`);
    }
    obj.apiVersion = want;
    obj.kind = this.def.info.kind;
    return obj;
  }

  private validateMeta(obj: KubeObject, strategy: Strategy): StatusCause[] {
    const meta = obj.metadata;
    if (!meta.name) return [Field.required('metadata.name', 'name or generateName is required')];
    const causes = validateName(strategy.nameRule ?? 'subdomain', meta.name);
    if (this.def.info.namespaced && !meta.namespace) causes.push(Field.required('metadata.namespace'));
    causes.push(...validateMetaMaps(obj));
    return causes;
  }
}

export function isStatusError(err: unknown): err is StatusError {
  return err instanceof StatusError;
}
