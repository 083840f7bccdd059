// The garbage collector, as upstream's: it keeps an index of ownerReferences from one watch over
// the cluster's whole registry, and
// - deletes a dependent once none of its owners exists any more (background cascading deletion),
// - for an owner deleted in the foreground (finalizer "foregroundDeletion") deletes its dependents
//   first and then removes the finalizer, so the owner goes last,
// - for an owner deleted with propagation Orphan (finalizer "orphan") removes itself from its
//   dependents' ownerReferences and then removes the finalizer.
// It works through the API's stores; after a restart it rebuilds the index by listing everything.
import { log } from '../../core/log.js';
import type { KubeApiServer } from '../apiserver/server.js';
import type { GenericStore } from '../apiserver/generic-store.js';
import { StatusError } from '../apiserver/status.js';
import type { KubeObject } from '../registry/types.js';
import type { KeyValue, WatchHandle } from '../store/types.js';

interface Ref {
  store: GenericStore;
  namespace: string;
  name: string;
}

const RETRY_MS = 1000;

export class GarbageCollector {
  /** uid → where the object is. */
  private readonly objects = new Map<string, Ref>();
  /** owner uid → dependent uid → its owner uids. */
  private readonly dependents = new Map<string, Set<string>>();
  private readonly owners = new Map<string, string[]>();
  private watch: WatchHandle | null = null;
  private readonly queue = new Set<string>();
  private running = false;
  private stopped = false;
  private retry: NodeJS.Timeout | null = null;

  constructor(private readonly api: KubeApiServer) {}

  async start(): Promise<void> {
    const stores = this.api.storedStores();
    const kv = stores[0]!.kv;
    let revision = await kv.currentRevision();
    for (const store of stores) {
      const page = await store.listPage('', undefined, undefined, revision);
      revision = page.revision;
      for (const obj of page.items) this.index(obj, store);
    }
    for (const owner of this.dependents.keys()) this.enqueue(owner);
    this.watch = await kv.watch(this.api.registryRoot(), revision + 1, (ev) => {
      const kvOf: KeyValue = ev.type === 'PUT' ? ev.kv : ev.prevKv;
      // Looked up per event: custom resources come and go with their CRDs.
      const store = this.api.storedStores().find((s) => kvOf.key.startsWith(s.prefix));
      if (!store) return;
      if (ev.type === 'PUT') {
        const obj = store.decode(ev.kv);
        this.index(obj, store);
        const fins = obj.metadata.finalizers ?? [];
        if (obj.metadata.deletionTimestamp && (fins.includes('foregroundDeletion') || fins.includes('orphan'))) this.enqueue(obj.metadata.uid!);
      } else {
        const obj = store.decode(ev.prevKv, ev.revision);
        const uid = obj.metadata.uid!;
        this.objects.delete(uid);
        for (const o of this.owners.get(uid) ?? []) {
          this.dependents.get(o)?.delete(uid);
          this.enqueue(o); // a foreground owner may be waiting for this one
        }
        this.owners.delete(uid);
        this.enqueue(uid); // its dependents may now have no owner left
      }
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retry) clearTimeout(this.retry);
    await this.watch?.cancel();
  }

  private index(obj: KubeObject, store: GenericStore): void {
    const uid = obj.metadata.uid;
    if (!uid) return;
    this.objects.set(uid, { store, namespace: obj.metadata.namespace ?? '', name: obj.metadata.name ?? '' });
    for (const o of this.owners.get(uid) ?? []) this.dependents.get(o)?.delete(uid);
    const owners = (obj.metadata.ownerReferences ?? []).map((r) => r.uid).filter(Boolean);
    if (owners.length) this.owners.set(uid, owners);
    else this.owners.delete(uid);
    for (const o of owners) {
      if (!this.dependents.has(o)) this.dependents.set(o, new Set());
      this.dependents.get(o)!.add(uid);
      // The owner may already be gone (created dangling, or deleted while we were down).
      if (!this.objects.has(o)) this.enqueue(o);
    }
  }

  private enqueue(uid: string): void {
    this.queue.add(uid);
    if (!this.running) void this.drain();
  }

  private async drain(): Promise<void> {
    this.running = true;
    try {
      while (this.queue.size && !this.stopped) {
        const uid = this.queue.values().next().value as string;
        this.queue.delete(uid);
        try {
          if (!(await this.process(uid))) this.later(uid);
        } catch (err) {
          log.warn('garbage collector: processing failed', { uid, error: String(err) });
          this.later(uid);
        }
      }
    } finally {
      this.running = false;
    }
  }

  private later(uid: string): void {
    if (this.stopped) return;
    const t = setTimeout(() => this.enqueue(uid), RETRY_MS);
    t.unref();
  }

  /** True when nothing is left to do for this owner now. */
  private async process(ownerUid: string): Promise<boolean> {
    const deps = [...(this.dependents.get(ownerUid) ?? [])];
    const ref = this.objects.get(ownerUid);
    if (!ref) {
      // Background: delete each dependent none of whose owners exists.
      for (const d of deps) {
        if ((this.owners.get(d) ?? []).some((o) => this.objects.has(o))) continue;
        await this.deleteObject(d);
      }
      if (!deps.length) this.dependents.delete(ownerUid);
      return true;
    }
    const owner = await this.get(ref);
    if (!owner?.metadata.deletionTimestamp) return true;
    const fins = owner.metadata.finalizers ?? [];
    if (fins.includes('orphan')) {
      for (const d of deps) {
        const r = this.objects.get(d);
        if (!r) continue;
        await this.mutate(r, (o) => {
          const rest = (o.metadata.ownerReferences ?? []).filter((x) => x.uid !== ownerUid);
          // The last reference gone leaves no field, as upstream's omitempty encoding stores it.
          const { ownerReferences: _dropped, ...meta } = o.metadata;
          return { ...o, metadata: rest.length ? { ...meta, ownerReferences: rest } : meta };
        });
      }
      await this.removeFinalizer(ref, 'orphan');
      return true;
    }
    if (fins.includes('foregroundDeletion')) {
      for (const d of deps) await this.deleteObject(d);
      if ([...(this.dependents.get(ownerUid) ?? [])].some((d) => this.objects.has(d))) return false;
      await this.removeFinalizer(ref, 'foregroundDeletion');
    }
    return true;
  }

  private async get(ref: Ref): Promise<KubeObject | null> {
    try {
      return await ref.store.get(ref.namespace, ref.name);
    } catch (err) {
      if (err instanceof StatusError && err.code === 404) return null;
      throw err;
    }
  }

  private async deleteObject(uid: string): Promise<void> {
    const r = this.objects.get(uid);
    if (!r) return;
    try {
      await r.store.delete(r.namespace, r.name, { preconditions: { uid }, propagationPolicy: 'Background' });
    } catch (err) {
      if (!(err instanceof StatusError && (err.code === 404 || err.code === 409))) throw err;
    }
  }

  private async mutate(r: Ref, fn: (o: KubeObject) => KubeObject): Promise<void> {
    try {
      await r.store.update(r.namespace, r.name, (cur) => {
        if (!cur) throw new StatusError({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', code: 404 });
        return fn(cur);
      });
    } catch (err) {
      if (!(err instanceof StatusError && err.code === 404)) throw err;
    }
  }

  private removeFinalizer(r: Ref, finalizer: string): Promise<void> {
    return this.mutate(r, (o) => ({ ...o, metadata: { ...o.metadata, finalizers: (o.metadata.finalizers ?? []).filter((f) => f !== finalizer) } }));
  }
}
