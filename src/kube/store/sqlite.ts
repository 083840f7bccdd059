// The embedded KubeStore, log-structured as kine does it (STYLE rule 9): one table where the row
// id IS the revision and every write appends a row (create, update or delete tombstone) that
// points at the row it supersedes. A UNIQUE index on (name, prev_revision) means two writers that
// read the same row cannot both append after it: a lost compare-and-swap fails in the database.
// "Current" is the latest row per name, unless that row is a tombstone.
//
// Unlike kine we are one process, so watchers are told about a write right after it commits, in
// process, never by polling. A watch from an old revision replays the table in batches and then
// switches to live events at a revision boundary, so nothing is missed or delivered twice.
//
// Not done: several processes writing one database (the in-memory revision and watchers assume
// one writer; a second one makes writes fail loudly on the primary key, never silently).
import type { SqliteDatabase, Migration } from '../../storage/db.js';
import { migrate } from '../../storage/db.js';
import {
  CompactedError,
  FutureRevisionError,
  StoreClosedError,
  prefixEnd,
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

const MIGRATIONS: readonly Migration[] = [
  {
    id: '001-kube-kv',
    sql: `
      CREATE TABLE kube_kv (
        id INTEGER PRIMARY KEY AUTOINCREMENT,   -- the revision of this write
        name TEXT NOT NULL,
        created INTEGER NOT NULL,               -- 1: this row creates the key
        deleted INTEGER NOT NULL,               -- 1: this row is a deletion tombstone
        create_revision INTEGER NOT NULL,
        prev_revision INTEGER NOT NULL,         -- the row this one supersedes, 0 if none
        value BLOB NOT NULL
      );
      CREATE UNIQUE INDEX kube_kv_name_prev ON kube_kv (name, prev_revision);
      CREATE INDEX kube_kv_name_id ON kube_kv (name, id);
      CREATE TABLE kube_meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL);
    `,
  },
];

interface Row {
  id: number;
  name: string;
  created: number;
  deleted: number;
  create_revision: number;
  value: Buffer;
}

interface HistoryRow extends Row {
  prev_id: number | null;
  prev_create_revision: number | null;
  prev_value: Buffer | null;
}

/** Rows replayed per step of a catch-up; between steps, writers get the event loop. */
const REPLAY_BATCH = 500;

interface Watcher {
  prefix: string;
  end: string | null;
  /** The next revision this watcher wants; everything below it has been delivered. */
  next: number;
  /** Caught up: takes events from writers instead of reading the table. */
  live: boolean;
  done: boolean;
  onEvent: (ev: WatchEvent) => void;
  onError: WatchErrorHandler | undefined;
}

const ROW_COLUMNS = 'id, name, created, deleted, create_revision, value';

export class SqliteKubeStore implements KubeStore {
  readonly kind = 'sqlite';
  private rev: number;
  private compactRev: number;
  private closed = false;
  private readonly watchers = new Set<Watcher>();
  /** Committed events not yet handed to live watchers; a queue keeps order when a callback writes. */
  private readonly pending: WatchEvent[] = [];
  private draining = false;
  private readonly listStmts = new Map<string, ReturnType<SqliteDatabase['prepare']>>();

  private readonly latestStmt;
  private readonly atRevStmt;
  private readonly insertStmt;
  private readonly historyStmt;
  private readonly compactStmt;
  private readonly setMetaStmt;

  constructor(private readonly db: SqliteDatabase) {
    migrate(db, 'kube-store', MIGRATIONS);
    this.latestStmt = db.prepare(`SELECT ${ROW_COLUMNS} FROM kube_kv WHERE name = ? ORDER BY id DESC LIMIT 1`);
    this.atRevStmt = db.prepare(
      `SELECT ${ROW_COLUMNS} FROM kube_kv WHERE name = ? AND id <= ? ORDER BY id DESC LIMIT 1`,
    );
    this.insertStmt = db.prepare(
      `INSERT INTO kube_kv (id, name, created, deleted, create_revision, prev_revision, value)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
    this.historyStmt = db.prepare(
      `SELECT r.id, r.name, r.created, r.deleted, r.create_revision, r.value,
              p.id AS prev_id, p.create_revision AS prev_create_revision, p.value AS prev_value
       FROM kube_kv r LEFT JOIN kube_kv p ON p.id = r.prev_revision
       WHERE r.id >= @from AND r.name >= @start AND (@end IS NULL OR r.name < @end)
       ORDER BY r.id LIMIT @limit`,
    );
    // Keeps, per name, the latest row at or below the revision unless it is a tombstone: reads at
    // the compacted revision still see exactly what was there.
    this.compactStmt = db.prepare(
      `DELETE FROM kube_kv WHERE id <= @rev AND (deleted = 1 OR id < (
         SELECT MAX(k2.id) FROM kube_kv k2 WHERE k2.name = kube_kv.name AND k2.id <= @rev))`,
    );
    this.setMetaStmt = db.prepare('INSERT OR REPLACE INTO kube_meta (key, value) VALUES (?, ?)');
    const seq = db.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'kube_kv'").get() as
      | { seq: number }
      | undefined;
    // sqlite_sequence, not MAX(id): compaction may delete the newest row (a tombstone), and the
    // revision must never go back.
    this.rev = seq?.seq ?? 0;
    const meta = db.prepare("SELECT value FROM kube_meta WHERE key = 'compact_revision'").get() as
      | { value: number }
      | undefined;
    this.compactRev = meta?.value ?? 0;
  }

  async currentRevision(): Promise<number> {
    this.checkOpen();
    return this.rev;
  }

  async create(key: string, value: Uint8Array): Promise<CreateResult> {
    this.checkOpen();
    checkKey(key);
    const bytes = Buffer.from(value);
    return this.write<CreateResult>(key, (latest) => {
      if (latest && !latest.deleted) return { result: { ok: false, reason: 'exists', current: toKv(latest) } };
      const id = this.append(key, 'create', latest, bytes);
      const kv: KeyValue = { key, value: bytes, createRevision: id, modRevision: id };
      return { result: { ok: true, kv }, event: { type: 'PUT', revision: id, kv, prevKv: null } };
    });
  }

  async update(key: string, value: Uint8Array, expectedModRevision: number): Promise<UpdateResult> {
    this.checkOpen();
    checkKey(key);
    checkRevision(expectedModRevision, 'expectedModRevision');
    const bytes = Buffer.from(value);
    return this.write<UpdateResult>(key, (latest) => {
      if (!latest || latest.deleted) return { result: { ok: false, reason: 'not_found' } };
      const prevKv = toKv(latest);
      if (latest.id !== expectedModRevision) return { result: { ok: false, reason: 'conflict', current: prevKv } };
      const id = this.append(key, 'update', latest, bytes);
      const kv: KeyValue = { key, value: bytes, createRevision: latest.create_revision, modRevision: id };
      return { result: { ok: true, kv, prevKv }, event: { type: 'PUT', revision: id, kv, prevKv } };
    });
  }

  async delete(key: string, expectedModRevision?: number): Promise<DeleteResult> {
    this.checkOpen();
    checkKey(key);
    if (expectedModRevision !== undefined) checkRevision(expectedModRevision, 'expectedModRevision');
    return this.write<DeleteResult>(key, (latest) => {
      if (!latest || latest.deleted) return { result: { ok: false, reason: 'not_found' } };
      const prevKv = toKv(latest);
      if (expectedModRevision !== undefined && latest.id !== expectedModRevision) {
        return { result: { ok: false, reason: 'conflict', current: prevKv } };
      }
      const id = this.append(key, 'delete', latest, Buffer.alloc(0));
      return { result: { ok: true, revision: id, prevKv }, event: { type: 'DELETE', revision: id, key, prevKv } };
    });
  }

  async get(key: string, opts: ReadOptions = {}): Promise<GetResult> {
    this.checkOpen();
    checkKey(key);
    const revision = this.readRevision(opts.revision);
    const row = this.atRevStmt.get(key, revision) as Row | undefined;
    return { kv: row && !row.deleted ? toKv(row) : null, revision };
  }

  async list(prefix: string, opts: ListOptions = {}): Promise<ListResult> {
    this.checkOpen();
    const revision = this.readRevision(opts.revision);
    if (opts.limit !== undefined) checkLimit(opts.limit);
    const end = prefixEnd(prefix);
    const after = opts.continueFrom;
    const conds = ['kv.name >= @start', 'kv.id <= @rev', 'kv.deleted = 0'];
    if (end !== null) conds.push('kv.name < @end');
    if (after !== undefined) conds.push('kv.name > @after');
    const sql =
      'SELECT kv.id, kv.name, kv.created, kv.deleted, kv.create_revision, kv.value FROM kube_kv kv' +
      ` WHERE ${conds.join(' AND ')}` +
      ' AND kv.id = (SELECT MAX(k2.id) FROM kube_kv k2 WHERE k2.name = kv.name AND k2.id <= @rev)' +
      ' ORDER BY kv.name LIMIT @limit';
    let stmt = this.listStmts.get(sql);
    if (!stmt) {
      stmt = this.db.prepare(sql);
      this.listStmts.set(sql, stmt);
    }
    const params: Record<string, string | number> = { start: prefix, rev: revision, limit: -1 };
    if (end !== null) params.end = end;
    if (after !== undefined) params.after = after;
    // One extra row tells whether another page follows.
    if (opts.limit !== undefined) params.limit = opts.limit + 1;
    const rows = stmt.all(params) as Row[];
    const more = opts.limit !== undefined && rows.length > opts.limit;
    if (more) rows.pop();
    return { items: rows.map(toKv), revision, more };
  }

  async watch(
    prefix: string,
    fromRevision: number,
    onEvent: (ev: WatchEvent) => void,
    onError?: WatchErrorHandler,
  ): Promise<WatchHandle> {
    this.checkOpen();
    checkRevision(fromRevision, 'fromRevision');
    if (fromRevision !== 0 && fromRevision <= this.compactRev) {
      throw new CompactedError(fromRevision, this.compactRev);
    }
    const w: Watcher = {
      prefix,
      end: prefixEnd(prefix),
      next: fromRevision === 0 ? this.rev + 1 : fromRevision,
      live: false,
      done: false,
      onEvent,
      onError,
    };
    // Already at the head: live from now on. Otherwise replay first, off this call's stack so the
    // caller holds the handle before any event arrives.
    if (w.next > this.rev) w.live = true;
    else setImmediate(() => this.catchUp(w));
    this.watchers.add(w);
    return { cancel: async () => this.endWatch(w) };
  }

  async compact(revision: number): Promise<void> {
    this.checkOpen();
    checkRevision(revision, 'revision');
    if (revision > this.rev) throw new FutureRevisionError(revision, this.rev);
    if (revision <= this.compactRev) throw new CompactedError(revision, this.compactRev);
    this.db.transaction(() => {
      this.compactStmt.run({ rev: revision });
      this.setMetaStmt.run('compact_revision', revision);
    }).immediate();
    this.compactRev = revision;
    // Watchers still replaying below the compacted revision find out at their next batch.
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const w of [...this.watchers]) this.endWatch(w, new StoreClosedError());
  }

  // ---- writes ----

  /**
   * Runs one compare-and-swap in an IMMEDIATE transaction and publishes its event after commit.
   * A UNIQUE violation means someone else appended after the row we read: report it as the
   * conflict it is, with what is stored now.
   */
  private write<R>(key: string, body: (latest: Row | undefined) => { result: R; event?: WatchEvent }): R {
    let out: { result: R; event?: WatchEvent } | undefined;
    for (let attempt = 0; !out; attempt++) {
      try {
        out = this.db.transaction(() => body(this.latestStmt.get(key) as Row | undefined)).immediate();
      } catch (err) {
        // Another writer appended after the row we read. Deciding again on what is stored now
        // turns the lost race into the typed result (exists / conflict) it deserves.
        if (attempt > 0 || !isUniqueViolation(err)) throw err;
      }
    }
    if (out.event) {
      this.rev = out.event.revision;
      this.publish(out.event);
    }
    return out.result;
  }

  private append(name: string, op: 'create' | 'update' | 'delete', latest: Row | undefined, value: Buffer): number {
    const id = this.rev + 1;
    const createRevision = op === 'create' ? id : latest!.create_revision;
    this.insertStmt.run(id, name, op === 'create' ? 1 : 0, op === 'delete' ? 1 : 0, createRevision, latest?.id ?? 0, value);
    return id;
  }

  // ---- watch delivery ----

  private publish(ev: WatchEvent): void {
    this.pending.push(ev);
    if (this.draining) return; // a callback wrote; the outer loop delivers this in order
    this.draining = true;
    try {
      for (let e = this.pending.shift(); e; e = this.pending.shift()) {
        const key = e.type === 'PUT' ? e.kv.key : e.key;
        for (const w of this.watchers) {
          if (w.live && !w.done && e.revision >= w.next && inRange(key, w.prefix, w.end)) this.deliver(w, e);
        }
      }
    } finally {
      this.draining = false;
    }
  }

  private deliver(w: Watcher, ev: WatchEvent): void {
    w.next = ev.revision + 1;
    try {
      w.onEvent(ev);
    } catch (err) {
      // A broken consumer ends its own watch, not the writer that triggered it.
      this.endWatch(w, err instanceof Error ? err : new Error(String(err)));
    }
  }

  /** Replays history from the table; the step that reaches the head turns the watcher live. */
  private catchUp(w: Watcher): void {
    if (w.done) return;
    if (this.closed) return this.endWatch(w, new StoreClosedError());
    if (w.next <= this.compactRev) return this.endWatch(w, new CompactedError(w.next, this.compactRev));
    const rows = this.historyStmt.all({
      from: w.next,
      start: w.prefix,
      end: w.end,
      limit: REPLAY_BATCH,
    }) as HistoryRow[];
    const head = this.rev;
    for (const r of rows) {
      if (w.done) return;
      this.deliver(w, historyEvent(r));
    }
    if (w.done) return;
    // Live only if the query saw everything up to the head and no callback has written since
    // (such writes were published while this watcher was not live, so the table must serve them).
    if (rows.length < REPLAY_BATCH && this.rev === head) {
      w.next = Math.max(w.next, head + 1);
      w.live = true;
    } else {
      setImmediate(() => this.catchUp(w));
    }
  }

  private endWatch(w: Watcher, err?: Error): void {
    if (w.done) return;
    w.done = true;
    this.watchers.delete(w);
    if (err && w.onError) {
      try {
        w.onError(err);
      } catch {
        // The watch is over either way; a throwing error handler has nowhere left to report to.
      }
    }
  }

  // ---- helpers ----

  private readRevision(revision: number | undefined): number {
    if (revision === undefined || revision === 0) return this.rev;
    checkRevision(revision, 'revision');
    if (revision > this.rev) throw new FutureRevisionError(revision, this.rev);
    if (revision < this.compactRev) throw new CompactedError(revision, this.compactRev);
    return revision;
  }

  private checkOpen(): void {
    if (this.closed) throw new StoreClosedError();
  }
}

function toKv(r: Row): KeyValue {
  return { key: r.name, value: r.value, createRevision: r.create_revision, modRevision: r.id };
}

function historyEvent(r: HistoryRow): WatchEvent {
  // A row that creates its key has no previous value, even if it follows an older tombstone.
  const prevKv: KeyValue | null =
    !r.created && r.prev_id !== null
      ? { key: r.name, value: r.prev_value!, createRevision: r.prev_create_revision!, modRevision: r.prev_id }
      : null;
  if (r.deleted) {
    if (!prevKv) throw new Error(`kube_kv row ${r.id} deletes ${r.name} but its previous row is gone`);
    return { type: 'DELETE', revision: r.id, key: r.name, prevKv };
  }
  return { type: 'PUT', revision: r.id, kv: toKv(r), prevKv };
}

function inRange(key: string, start: string, end: string | null): boolean {
  return key >= start && (end === null || key < end);
}

function isUniqueViolation(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === 'SQLITE_CONSTRAINT_UNIQUE';
}
