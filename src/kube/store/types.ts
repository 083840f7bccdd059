// The Kubernetes storage primitive: a revisioned key-value store with etcd v3's semantics.
// The API server is written once above this interface; SQLite (embedded) and etcd implement it.
//
// Semantics, as etcd v3:
// - One global revision for the whole store; every successful write (create, update, delete)
//   takes the next revision. Reads and compaction never advance it.
// - Each key has a createRevision (the write that created it) and a modRevision (its last write).
// - Conflicts are results, not exceptions: a lost compare-and-swap is ordinary control flow for
//   the API server (409 Conflict / AlreadyExists), so callers must look at `ok`.
// - Reads at a revision below the compacted one, and watches that would need compacted history,
//   fail with CompactedError (the API server answers 410 Gone "too old resource version").

/** A live key as stored at some revision. Values are opaque bytes (the API server stores JSON). */
export interface KeyValue {
  key: string;
  value: Uint8Array;
  createRevision: number;
  modRevision: number;
}

export type CreateResult =
  | { ok: true; kv: KeyValue }
  /** The key already exists; `current` is what is stored. */
  | { ok: false; reason: 'exists'; current: KeyValue };

export type UpdateResult =
  | { ok: true; kv: KeyValue; prevKv: KeyValue }
  /** The key's modRevision is not the expected one; `current` is what is stored. */
  | { ok: false; reason: 'conflict'; current: KeyValue }
  | { ok: false; reason: 'not_found' };

export type DeleteResult =
  /** `revision` is the revision of the deletion itself. */
  | { ok: true; revision: number; prevKv: KeyValue }
  | { ok: false; reason: 'conflict'; current: KeyValue }
  | { ok: false; reason: 'not_found' };

export interface ReadOptions {
  /** Read the store as it was at this revision (default: now). */
  revision?: number;
}

export interface ListOptions extends ReadOptions {
  /** At most this many items (default: no limit). */
  limit?: number;
  /**
   * The last key of the previous page: this page starts strictly after it. Pass the previous
   * page's `revision` as `revision` too, so that all pages come from one snapshot.
   */
  continueFrom?: string;
}

export interface GetResult {
  kv: KeyValue | null;
  /** The revision the read reflects: the requested one, or the current one. */
  revision: number;
}

export interface ListResult {
  /** Ascending by key (byte order). */
  items: KeyValue[];
  /** The revision the read reflects: the requested one, or the current one. */
  revision: number;
  /** More keys under the prefix follow the last item. */
  more: boolean;
}

/**
 * One change, in revision order. For a PUT, prevKv is the value it replaced (null on create).
 * For a DELETE, prevKv is the value that was deleted.
 */
export type WatchEvent =
  | { type: 'PUT'; revision: number; kv: KeyValue; prevKv: KeyValue | null }
  | { type: 'DELETE'; revision: number; key: string; prevKv: KeyValue };

export interface WatchHandle {
  /** Stops delivery; no event is delivered once the returned promise resolves. */
  cancel(): Promise<void>;
}

/**
 * Called at most once when a watch ends by itself (compaction overtook it, the connection to
 * etcd broke, the store closed). The watch delivers nothing after it; the caller re-watches
 * from the revision after the last event it saw, as a Kubernetes client does.
 */
export type WatchErrorHandler = (err: Error) => void;

export interface KubeStore {
  /** Which implementation this is ("sqlite", "etcd"), for logs and /_lakestack/ info. */
  readonly kind: string;

  /** The revision of the latest write (0 for an empty, never written store). */
  currentRevision(): Promise<number>;

  /** Creates the key; fails with reason "exists" if it is present. */
  create(key: string, value: Uint8Array): Promise<CreateResult>;

  /** Replaces the value if the key's modRevision is `expectedModRevision`. */
  update(key: string, value: Uint8Array, expectedModRevision: number): Promise<UpdateResult>;

  /** Deletes the key, only if its modRevision is `expectedModRevision` when that is given. */
  delete(key: string, expectedModRevision?: number): Promise<DeleteResult>;

  get(key: string, opts?: ReadOptions): Promise<GetResult>;

  /** Keys that start with `prefix` ("" is every key). End a directory prefix with "/". */
  list(prefix: string, opts?: ListOptions): Promise<ListResult>;

  /**
   * Delivers every change under `prefix` with revision >= `fromRevision`, in revision order,
   * each exactly once: first the history, then live changes. `fromRevision` 0 means "changes
   * after now". Rejects with CompactedError if `fromRevision` <= the compacted revision, and
   * resolves once the watch is established (every later write will be delivered).
   * Callbacks run on the event loop; a throwing callback does not affect the store.
   */
  watch(
    prefix: string,
    fromRevision: number,
    onEvent: (ev: WatchEvent) => void,
    onError?: WatchErrorHandler,
  ): Promise<WatchHandle>;

  /**
   * Discards history before `revision`: reads at revisions >= it still work, reads below it and
   * watches from revisions <= it fail with CompactedError. Rejects with CompactedError if the store
   * is already compacted at or past `revision`, and FutureRevisionError if it is ahead of the store.
   */
  compact(revision: number): Promise<void>;

  /** Ends every watch (their onError gets StoreClosedError) and releases the connection. */
  close(): Promise<void>;
}

/** The requested revision has been compacted away (410 Gone "too old resource version"). */
export class CompactedError extends Error {
  override readonly name = 'CompactedError';
  constructor(
    readonly requestedRevision: number,
    /** The store's compacted revision, when the backend says it (etcd's reads do not). */
    readonly compactRevision?: number,
  ) {
    super(
      `required revision ${requestedRevision} has been compacted` +
        (compactRevision !== undefined ? ` (compacted at ${compactRevision})` : ''),
    );
  }
}

/** The requested revision is ahead of the store (Kubernetes: "Too large resource version"). */
export class FutureRevisionError extends Error {
  override readonly name = 'FutureRevisionError';
  constructor(
    readonly requestedRevision: number,
    readonly currentRevision: number,
  ) {
    super(`required revision ${requestedRevision} is a future revision (current ${currentRevision})`);
  }
}

export class StoreClosedError extends Error {
  override readonly name = 'StoreClosedError';
  constructor() {
    super('the kube store is closed');
  }
}

/** Refused input, named as STYLE rule 4 asks (e.g. a negative limit). */
export class InvalidStoreArgumentError extends Error {
  override readonly name = 'InvalidStoreArgumentError';
}

/** The end of the key range that holds every key starting with `prefix` (etcd's prefix end). */
export function prefixEnd(prefix: string): string | null {
  if (prefix === '') return null;
  // Keys are paths of printable characters; bumping the last code unit gives the first string
  // past every extension of the prefix (and matches byte order for such keys).
  return prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
}
