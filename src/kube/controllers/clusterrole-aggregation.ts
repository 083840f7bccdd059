// Upstream's clusterrole-aggregation controller: a ClusterRole with an aggregationRule has as its
// rules the union of the rules of the ClusterRoles its selectors match, written into the stored
// object whenever any ClusterRole changes (authorization resolves the same union itself, so a
// decision never waits for this controller).
import { log } from '../../core/log.js';
import type { KubeApiServer } from '../apiserver/server.js';
import { jsonEqual } from '../apiserver/objects.js';
import { RbacAuthorizer } from '../auth/authorizer.js';
import type { RoleObj } from '../auth/rbac.js';
import type { WatchHandle } from '../store/types.js';

export class ClusterRoleAggregationController {
  private watch: WatchHandle | null = null;
  private pending: Promise<void> = Promise.resolve();
  private again = false;
  private running = false;

  constructor(private readonly api: KubeApiServer) {}

  async start(): Promise<void> {
    const store = this.api.storeFor('rbac.authorization.k8s.io', 'v1', 'clusterroles');
    const page = await store.listPage('', undefined, undefined, 0);
    await this.sync();
    this.watch = await store.kv.watch(store.listPrefix(''), page.revision + 1, () => this.kick());
  }

  private kick(): void {
    // Coalesce bursts: one sync at a time, and one more if anything changed while it ran.
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    this.pending = (async () => {
      do {
        this.again = false;
        await this.sync().catch((err: unknown) => log.warn('clusterrole aggregation failed', { error: String(err) }));
      } while (this.again);
      this.running = false;
    })();
  }

  private async sync(): Promise<void> {
    const store = this.api.storeFor('rbac.authorization.k8s.io', 'v1', 'clusterroles');
    const all: RoleObj[] = [];
    let after: string | undefined;
    for (;;) {
      const page = await store.listPage('', 1000, after, 0);
      all.push(...(page.items as RoleObj[]));
      if (!page.more || !page.lastKey) break;
      after = page.lastKey;
    }
    for (const role of all) {
      if (!role.aggregationRule) continue;
      const rules = RbacAuthorizer.aggregated(role, all);
      if (jsonEqual(rules, role.rules ?? [])) continue;
      await store.update('', role.metadata.name!, (cur) => ({ ...(cur ?? role), rules }), { fieldManager: 'clusterrole-aggregation-controller' }).catch(() => undefined);
    }
  }

  async stop(): Promise<void> {
    await this.watch?.cancel();
    await this.pending;
  }
}
