// Chooses the Kubernetes store from `--kube-store sqlite|etcd://host:port`.
import type { SqliteDatabase } from '../../storage/db.js';
import { SqliteKubeStore } from './sqlite.js';
import { InvalidStoreArgumentError, type KubeStore } from './types.js';

export * from './types.js';
export { SqliteKubeStore } from './sqlite.js';

export interface KubeStoreDeps {
  /** The process's state.db; the sqlite store keeps its kube_* tables there (unused by etcd). */
  db?: SqliteDatabase;
}

/**
 * Opens the store named by `spec`: "sqlite" (the embedded default, in `deps.db`) or
 * "etcd://host:port" (a running etcd v3; plain http). An etcd store is checked by one read, so a
 * wrong address fails here rather than on the first request.
 */
export async function openKubeStore(spec: string, deps: KubeStoreDeps = {}): Promise<KubeStore> {
  if (spec === 'sqlite') {
    if (!deps.db) throw new InvalidStoreArgumentError('--kube-store sqlite needs the state database');
    return new SqliteKubeStore(deps.db);
  }
  const m = /^etcd:\/\/([^/:]+):(\d{1,5})\/?$/.exec(spec);
  if (m) {
    // The etcd client (gRPC, protobufjs) is loaded only when asked for: ~30 MB and ~160 ms at start-up.
    const { EtcdKubeStore } = await import('./etcd.js');
    const store = new EtcdKubeStore(`${m[1]}:${m[2]}`);
    try {
      await store.currentRevision();
    } catch (err) {
      await store.close();
      throw new Error(`cannot reach etcd at ${m[1]}:${m[2]}: ${(err as Error).message}`, { cause: err });
    }
    return store;
  }
  throw new InvalidStoreArgumentError(`--kube-store must be "sqlite" or "etcd://host:port", got "${spec}"`);
}
