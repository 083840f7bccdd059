// One KubeStore watch over etcd: its own gRPC Watch stream carrying a single watcher, so a
// response never needs routing and cancelling the stream is cancelling the watch. etcd delivers
// a watcher's events in revision order; `next` still drops anything at or below what was
// delivered, so a duplicate could never reach the caller.
import type { Etcd3, IEvent, IKeyValue, IWatchResponse } from 'etcd3';
import { CompactedError, type KeyValue, type WatchErrorHandler, type WatchEvent } from './types.js';

type WatchStream = Awaited<ReturnType<Etcd3['watchClient']['watch']>>;

export class EtcdWatch {
  private stream: WatchStream | undefined;
  private next: number;
  private done = false;
  private created = false;
  private settle: { resolve: () => void; reject: (err: Error) => void } | undefined;

  constructor(
    private readonly client: Etcd3,
    private readonly prefix: string,
    fromRevision: number,
    private readonly onEvent: (ev: WatchEvent) => void,
    private readonly onError: WatchErrorHandler,
  ) {
    this.next = fromRevision;
  }

  /** Resolves when etcd confirms the watcher: from then on, every write is delivered. */
  async start(): Promise<void> {
    const stream = await this.client.watchClient.watch();
    this.stream = stream;
    const p = Buffer.from(this.prefix);
    const ready = new Promise<void>((resolve, reject) => (this.settle = { resolve, reject }));
    stream.on('data', (res: IWatchResponse) => this.handle(res));
    stream.on('error', (err: Error) => this.fail(err));
    stream.on('end', () => this.fail(new Error('etcd watch stream ended')));
    stream.write({
      create_request: {
        key: p.length ? p : Buffer.from([0]),
        range_end: bytesPrefixEnd(p),
        start_revision: this.next,
        prev_kv: true,
      },
    });
    return ready;
  }

  cancel(): void {
    if (this.done) return;
    this.done = true;
    this.close();
  }

  /** Ends the watch: rejects start() if it is still pending, or reports through onError. */
  fail(err: Error): void {
    if (this.done) return;
    this.done = true;
    this.close();
    if (this.settle && !this.created) {
      this.settle.reject(err);
      return;
    }
    try {
      this.onError(err);
    } catch {
      // The watch is over either way; a throwing error handler has nowhere left to report to.
    }
  }

  private close(): void {
    const s = this.stream;
    this.stream = undefined;
    if (!s) return;
    try {
      s.end();
      s.cancel();
    } catch {
      // Already torn down by a broken connection.
    }
  }

  private handle(res: IWatchResponse): void {
    if (this.done) return;
    if (res.created && !res.canceled) {
      this.created = true;
      this.settle?.resolve();
    }
    if (res.canceled) {
      const compactRev = Number(res.compact_revision);
      this.fail(
        compactRev > 0
          ? new CompactedError(this.next, compactRev)
          : new Error(`etcd canceled the watch: ${res.cancel_reason || 'no reason given'}`),
      );
      return;
    }
    for (const e of res.events) {
      if (this.done) return;
      const ev = toEvent(e);
      if (ev instanceof Error) return this.fail(ev);
      if (ev.revision < this.next) continue;
      this.next = ev.revision + 1;
      try {
        this.onEvent(ev);
      } catch (err) {
        // A broken consumer ends its own watch, as with SQLite.
        return this.fail(err instanceof Error ? err : new Error(String(err)));
      }
    }
  }
}

function toEvent(e: IEvent): WatchEvent | Error {
  const revision = Number(e.kv.mod_revision);
  const prevKv = e.prev_kv ? toKv(e.prev_kv) : null;
  if (e.type === 'Delete') {
    // etcd omits prev_kv only when it was compacted under the event; Kubernetes cannot use such a
    // delete either (it needs the object), so the watch ends and the caller relists.
    if (!prevKv) return new CompactedError(revision);
    return { type: 'DELETE', revision, key: e.kv.key.toString(), prevKv };
  }
  const kv = toKv(e.kv);
  if (!prevKv && kv.createRevision !== revision) return new CompactedError(revision);
  return { type: 'PUT', revision, kv, prevKv };
}

export function toKv(kv: IKeyValue): KeyValue {
  return {
    key: kv.key.toString(),
    value: kv.value,
    createRevision: Number(kv.create_revision),
    modRevision: Number(kv.mod_revision),
  };
}

/** etcd's range end for a prefix: the prefix with its last byte below 0xff incremented. */
export function bytesPrefixEnd(prefix: Buffer): Buffer {
  // The empty prefix is every key: etcd spells that as key "\0" with range_end "\0".
  if (prefix.length === 0) return Buffer.from([0]);
  const end = Buffer.from(prefix);
  for (let i = end.length - 1; i >= 0; i--) {
    if (end[i]! < 0xff) {
      end[i] = end[i]! + 1;
      return end.subarray(0, i + 1);
    }
  }
  return Buffer.from([0]);
}
