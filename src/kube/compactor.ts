// Compacts the store's history as kube-apiserver does (every 5 minutes, up to the revision seen at
// the previous tick): watches and lists can resume within that window, and history stays bounded.
import { log } from '../core/log.js';
import { CompactedError, type KubeStore } from './store/types.js';

export const COMPACTION_INTERVAL_MS = 5 * 60 * 1000;

export class Compactor {
  private timer: NodeJS.Timeout | null = null;
  private previous = 0;

  constructor(
    private readonly store: KubeStore,
    private readonly intervalMs = COMPACTION_INTERVAL_MS,
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.tick(), this.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  async tick(): Promise<void> {
    try {
      const target = this.previous;
      this.previous = await this.store.currentRevision();
      if (target > 0) await this.store.compact(target);
    } catch (err) {
      // Another compactor (a second Lakestack on the same etcd) got there first: nothing to do.
      if (!(err instanceof CompactedError)) log.warn('kube store compaction failed', { error: String(err) });
    }
  }
}
