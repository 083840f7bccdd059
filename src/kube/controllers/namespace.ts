// The namespace controller: empties a Terminating namespace (deletes every namespaced object in
// it), then removes the "kubernetes" finalizer through /finalize so the namespace goes. It also
// gives every live namespace its "default" ServiceAccount and "kube-root-ca.crt" ConfigMap, as
// upstream's serviceaccount and root-ca-cert-publisher controllers do. It works through the API's
// stores and a watch, never through the KubeStore's keys, and picks up where it left off after a
// restart by reconciling every namespace on start.
import { log } from '../../core/log.js';
import type { KubeApiServer } from '../apiserver/server.js';
import type { GenericStore } from '../apiserver/generic-store.js';
import { StatusError } from '../apiserver/status.js';
import type { KubeObject } from '../registry/types.js';
import type { WatchHandle } from '../store/types.js';
import { decodeObject } from '../apiserver/objects.js';

const RETRY_MS = 1000;

export class NamespaceController {
  private watches: WatchHandle[] = [];
  private readonly queue = new Set<string>();
  private running = false;
  private stopped = false;
  private retry: NodeJS.Timeout | null = null;

  constructor(
    private readonly api: KubeApiServer,
    private readonly caCert: string,
  ) {}

  private get namespaces(): GenericStore {
    return this.api.storeFor('', 'v1', 'namespaces');
  }

  async start(): Promise<void> {
    const ns = this.namespaces;
    const page = await ns.listPage('', undefined, undefined, 0);
    for (const o of page.items) this.enqueue(o.metadata.name!);
    this.watches.push(
      await ns.kv.watch(ns.listPrefix(''), page.revision + 1, (ev) => {
        const obj = ev.type === 'PUT' ? decodeObject(ev.kv) : null;
        if (obj?.metadata.name) this.enqueue(obj.metadata.name);
      }),
    );
    // A deleted "default" ServiceAccount or "kube-root-ca.crt" ConfigMap comes back, as upstream's.
    for (const [plural, name] of [['serviceaccounts', 'default'], ['configmaps', 'kube-root-ca.crt']] as const) {
      const store = this.api.storeFor('', 'v1', plural);
      this.watches.push(
        await store.kv.watch(store.listPrefix(''), page.revision + 1, (ev) => {
          if (ev.type !== 'DELETE') return;
          const obj = decodeObject(ev.prevKv);
          if (obj.metadata.name === name && obj.metadata.namespace) this.enqueue(obj.metadata.namespace);
        }),
      );
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retry) clearTimeout(this.retry);
    for (const w of this.watches) await w.cancel();
  }

  private enqueue(name: string): void {
    this.queue.add(name);
    if (!this.running) void this.drain();
  }

  private async drain(): Promise<void> {
    this.running = true;
    try {
      while (this.queue.size && !this.stopped) {
        const name = this.queue.values().next().value as string;
        this.queue.delete(name);
        try {
          if (!(await this.reconcile(name))) this.later(name);
        } catch (err) {
          log.warn('namespace controller: reconcile failed', { namespace: name, error: String(err) });
          this.later(name);
        }
      }
    } finally {
      this.running = false;
    }
  }

  private later(name: string): void {
    if (this.stopped || this.retry) return;
    this.retry = setTimeout(() => {
      this.retry = null;
      this.enqueue(name);
    }, RETRY_MS);
    this.retry.unref();
  }

  /** True when nothing is left to do for this namespace now. */
  private async reconcile(name: string): Promise<boolean> {
    let ns: KubeObject;
    try {
      ns = await this.namespaces.get('', name);
    } catch (err) {
      if (err instanceof StatusError && err.code === 404) return true;
      throw err;
    }
    if (!ns.metadata.deletionTimestamp) {
      await this.ensure('serviceaccounts', name, { metadata: { name: 'default' } });
      await this.ensure('configmaps', name, { metadata: { name: 'kube-root-ca.crt', annotations: { 'kubernetes.io/description': 'Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters.' } }, data: { 'ca.crt': this.caCert } });
      return true;
    }
    let remaining = 0;
    for (const store of this.api.namespacedStores()) {
      const page = await store.listPage(name, undefined, undefined, 0);
      for (const obj of page.items) {
        remaining++;
        if (obj.metadata.deletionTimestamp) continue;
        try {
          await store.delete(name, obj.metadata.name!, {});
        } catch (err) {
          if (!(err instanceof StatusError && err.code === 404)) throw err;
        }
      }
    }
    // Objects held by finalizers are still there: look again later.
    if (remaining && (await this.countContent(name)) > 0) return false;
    await this.namespaces.update(
      '',
      name,
      (cur) => {
        if (!cur) return ns;
        const spec = (cur.spec ?? {}) as { finalizers?: string[] };
        return { ...cur, spec: { ...spec, finalizers: (spec.finalizers ?? []).filter((f) => f !== 'kubernetes') } };
      },
      { subresource: 'finalize' },
    );
    return true;
  }

  private async countContent(name: string): Promise<number> {
    let n = 0;
    for (const store of this.api.namespacedStores()) n += (await store.listPage(name, 1, undefined, 0)).items.length;
    return n;
  }

  private async ensure(plural: string, namespace: string, obj: KubeObject): Promise<void> {
    try {
      await this.api.storeFor('', 'v1', plural).create(namespace, obj);
    } catch (err) {
      if (!(err instanceof StatusError && (err.code === 409 || err.code === 403))) throw err;
    }
  }
}
