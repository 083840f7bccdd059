// KubeStore over a real etcd v3 (`--kube-store etcd://host:port`), through the `etcd3` client's
// raw gRPC KV and Watch services, so each call maps to exactly one etcd request:
// create/update/delete are transactions comparing create_revision / mod_revision, reads pass
// `revision`, compaction is etcd's, and etcd's "required revision has been compacted" becomes
// CompactedError.
//
// Not done: TLS and authentication to etcd (plain http on loopback only, for now), and resuming a
// broken watch stream: it ends with onError and the caller re-watches from its last revision,
// as Kubernetes clients do.
import { Etcd3, type IKeyValue, type IRangeResponse, type IResponseOp } from 'etcd3';
import {
  CompactedError,
  FutureRevisionError,
  StoreClosedError,
  type CreateResult,
  type DeleteResult,
  type GetResult,
  type KeyValue,
  type KubeStore,
  type ListOptions,
  type ListResult,
  type ReadOptions,
  type UpdateResult,
  type WatchErrorHandler,
  type WatchEvent,
  type WatchHandle,
} from './types.js';
import { checkKey, checkLimit, checkRevision } from './validate.js';
import { EtcdWatch, bytesPrefixEnd, toKv } from './etcd-watch.js';

export class EtcdKubeStore implements KubeStore {
  readonly kind = 'etcd';
  private readonly client: Etcd3;
  private closed = false;
  private readonly watches = new Set<EtcdWatch>();

  /** `endpoint` is "host:port" (the part after etcd://). */
  constructor(endpoint: string) {
    this.client = new Etcd3({
      hosts: `http://${endpoint}`,
      dialTimeout: 5_000,
      // A LIST of 10,000 objects is several MB: gRPC's 4 MiB default refused it (RESOURCE_EXHAUSTED).
      grpcOptions: { 'grpc.max_receive_message_length': -1, 'grpc.max_send_message_length': -1 },
    });
  }

  async currentRevision(): Promise<number> {
    this.checkOpen();
    // Any read's header carries the store revision; a count-only read of one key is the cheapest.
    const res = await this.call(() => this.client.kv.range({ key: Buffer.from([0]), count_only: true }));
    return Number(res.header.revision);
  }

  async create(key: string, value: Uint8Array): Promise<CreateResult> {
    this.checkOpen();
    checkKey(key);
    const k = Buffer.from(key);
    const res = await this.call(() =>
      this.client.kv.txn({
        compare: [{ key: k, target: 'Create', result: 'Equal', create_revision: 0 }],
        success: [{ request_put: { key: k, value: Buffer.from(value) } }],
        failure: [{ request_range: { key: k } }],
      }),
    );
    if (!res.succeeded) return { ok: false, reason: 'exists', current: toKv(firstKv(res.responses)!) };
    const rev = Number(res.header.revision);
    return { ok: true, kv: { key, value: Buffer.from(value), createRevision: rev, modRevision: rev } };
  }

  async update(key: string, value: Uint8Array, expectedModRevision: number): Promise<UpdateResult> {
    this.checkOpen();
    checkKey(key);
    checkRevision(expectedModRevision, 'expectedModRevision');
    const k = Buffer.from(key);
    const res = await this.call(() =>
      this.client.kv.txn({
        // create_revision > 0 as well: mod_revision of a missing key is 0, and expecting 0 must
        // not create it.
        compare: [
          { key: k, target: 'Create', result: 'Greater', create_revision: 0 },
          { key: k, target: 'Mod', result: 'Equal', mod_revision: expectedModRevision },
        ],
        success: [{ request_put: { key: k, value: Buffer.from(value), prev_kv: true } }],
        failure: [{ request_range: { key: k } }],
      }),
    );
    if (!res.succeeded) {
      const current = firstKv(res.responses);
      return current ? { ok: false, reason: 'conflict', current: toKv(current) } : { ok: false, reason: 'not_found' };
    }
    const prevKv = toKv(res.responses[0]!.response_put.prev_kv);
    const rev = Number(res.header.revision);
    return {
      ok: true,
      kv: { key, value: Buffer.from(value), createRevision: prevKv.createRevision, modRevision: rev },
      prevKv,
    };
  }

  async delete(key: string, expectedModRevision?: number): Promise<DeleteResult> {
    this.checkOpen();
    checkKey(key);
    const k = Buffer.from(key);
    if (expectedModRevision === undefined) {
      const res = await this.call(() => this.client.kv.deleteRange({ key: k, prev_kv: true }));
      const prev = res.prev_kvs[0];
      if (!prev) return { ok: false, reason: 'not_found' };
      return { ok: true, revision: Number(res.header.revision), prevKv: toKv(prev) };
    }
    checkRevision(expectedModRevision, 'expectedModRevision');
    const res = await this.call(() =>
      this.client.kv.txn({
        compare: [
          { key: k, target: 'Create', result: 'Greater', create_revision: 0 },
          { key: k, target: 'Mod', result: 'Equal', mod_revision: expectedModRevision },
        ],
        success: [{ request_delete_range: { key: k, prev_kv: true } }],
        failure: [{ request_range: { key: k } }],
      }),
    );
    if (!res.succeeded) {
      const current = firstKv(res.responses);
      return current ? { ok: false, reason: 'conflict', current: toKv(current) } : { ok: false, reason: 'not_found' };
    }
    const prev = res.responses[0]!.response_delete_range.prev_kvs[0]!;
    return { ok: true, revision: Number(res.header.revision), prevKv: toKv(prev) };
  }

  async get(key: string, opts: ReadOptions = {}): Promise<GetResult> {
    this.checkOpen();
    checkKey(key);
    const rev = opts.revision ?? 0;
    checkRevision(rev, 'revision');
    const res = await this.call(() => this.client.kv.range({ key: Buffer.from(key), revision: rev }), rev);
    const kv = res.kvs[0];
    return { kv: kv ? toKv(kv) : null, revision: rev || Number(res.header.revision) };
  }

  async list(prefix: string, opts: ListOptions = {}): Promise<ListResult> {
    this.checkOpen();
    const rev = opts.revision ?? 0;
    checkRevision(rev, 'revision');
    if (opts.limit !== undefined) checkLimit(opts.limit);
    const p = Buffer.from(prefix);
    let start = p.length ? p : Buffer.from([0]);
    if (opts.continueFrom !== undefined) {
      // The smallest key after continueFrom is continueFrom + "\0".
      const after = Buffer.concat([Buffer.from(opts.continueFrom), Buffer.from([0])]);
      if (Buffer.compare(after, start) > 0) start = after;
    }
    const res: IRangeResponse = await this.call(
      () =>
        this.client.kv.range({
          key: start,
          range_end: bytesPrefixEnd(p),
          revision: rev,
          limit: opts.limit ?? 0,
        }),
      rev,
    );
    return {
      items: res.kvs.map(toKv),
      revision: rev || Number(res.header.revision),
      more: res.more,
    };
  }

  async watch(
    prefix: string,
    fromRevision: number,
    onEvent: (ev: WatchEvent) => void,
    onError?: WatchErrorHandler,
  ): Promise<WatchHandle> {
    this.checkOpen();
    checkRevision(fromRevision, 'fromRevision');
    if (fromRevision > 1) {
      // etcd itself accepts a start at exactly the compacted revision, whose prev_kv and
      // tombstones may be gone; a read just below the start refuses that, as SQLite does.
      await this.call(
        () => this.client.kv.range({ key: Buffer.from([0]), count_only: true, revision: fromRevision - 1 }),
        fromRevision,
      ).catch((err: unknown) => {
        // A start in the future is fine for a watch (etcd waits for it); only compaction is not.
        if (err instanceof FutureRevisionError) return;
        throw err;
      });
    }
    const w = new EtcdWatch(this.client, prefix, fromRevision, onEvent, (err) => {
      this.watches.delete(w);
      onError?.(err);
    });
    this.watches.add(w);
    try {
      await w.start();
    } catch (err) {
      this.watches.delete(w);
      throw err;
    }
    return {
      cancel: async () => {
        this.watches.delete(w);
        w.cancel();
      },
    };
  }

  async compact(revision: number): Promise<void> {
    this.checkOpen();
    checkRevision(revision, 'revision');
    await this.call(() => this.client.kv.compact({ revision, physical: true }), revision);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const w of [...this.watches]) w.fail(new StoreClosedError());
    this.watches.clear();
    this.client.close();
  }

  private checkOpen(): void {
    if (this.closed) throw new StoreClosedError();
  }

  /** One etcd request, with etcd's revision errors turned into ours. */
  private async call<T>(fn: () => Promise<T>, requestedRevision = 0): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      if (message.includes('required revision has been compacted')) throw new CompactedError(requestedRevision);
      if (message.includes('required revision is a future revision')) {
        throw new FutureRevisionError(requestedRevision, await this.currentRevision());
      }
      throw err;
    }
  }
}

function firstKv(responses: IResponseOp[]): IKeyValue | undefined {
  return responses[0]?.response_range?.kvs[0];
}
