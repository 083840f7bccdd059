import { promises as fsp } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import Database from 'better-sqlite3';
import type { Database as DB } from 'better-sqlite3';

export type SqliteDatabase = DB;

/** A named list of schema steps; each applies once, in order, inside a transaction. */
export interface Migration {
  id: string;
  sql: string;
}

/**
 * Opens state.db in WAL mode with synchronous=FULL: a commit is on disk before it returns,
 * which is the point at which a write is acknowledged to a client.
 */
export function openDatabase(file: string): SqliteDatabase {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    owner TEXT NOT NULL, id TEXT NOT NULL, applied_at TEXT NOT NULL, PRIMARY KEY (owner, id))`);
  return db;
}

/** Applies the migrations of one owner (a service store) that have not run yet. */
export function migrate(db: SqliteDatabase, owner: string, migrations: readonly Migration[]): void {
  const applied = new Set(
    (db.prepare('SELECT id FROM schema_migrations WHERE owner = ?').all(owner) as { id: string }[]).map((r) => r.id),
  );
  const record = db.prepare('INSERT INTO schema_migrations (owner, id, applied_at) VALUES (?, ?, ?)');
  for (const m of migrations) {
    if (applied.has(m.id)) continue;
    db.transaction(() => {
      db.exec(m.sql);
      record.run(owner, m.id, new Date().toISOString());
    })();
  }
}

/**
 * Durable commits without an fsync on the event loop. A writer commits with synchronous=NORMAL (in WAL
 * mode the frames then reach the OS, which already survives kill -9) and awaits sync(): an fdatasync of
 * the -wal file in libuv's pool, which makes the commit survive power loss too, as synchronous=FULL
 * would, but without blocking every other request for the length of the fsync. One fdatasync covers
 * every commit made before it began, so concurrent writers share it.
 */
export class WalSync {
  private running: Promise<void> | undefined;
  private next: Promise<void> | undefined;
  private handle: FileHandle | undefined;

  constructor(private readonly walPath: string) {}

  sync(): Promise<void> {
    if (!this.running) {
      this.running = this.run().finally(() => {
        this.running = undefined;
      });
      return this.running;
    }
    // The sync under way may have begun before the caller's commit: one more follows it, shared by all.
    this.next ??= this.running
      .catch(() => undefined)
      .then(() => {
        this.next = undefined;
        return this.sync();
      });
    return this.next;
  }

  private async run(): Promise<void> {
    try {
      this.handle ??= await fsp.open(this.walPath, 'r+');
      await this.handle.datasync();
    } catch (err) {
      const h = this.handle;
      this.handle = undefined;
      await h?.close().catch(() => undefined);
      throw err;
    }
  }

  async close(): Promise<void> {
    await this.running?.catch(() => undefined);
    await this.handle?.close().catch(() => undefined);
    this.handle = undefined;
  }
}

const walSyncs = new WeakMap<SqliteDatabase, WalSync>();

/** The WalSync of a database opened by openDatabase (one per file). */
export function walSyncFor(db: SqliteDatabase): WalSync {
  let w = walSyncs.get(db);
  if (!w) {
    w = new WalSync(`${db.name}-wal`);
    walSyncs.set(db, w);
  }
  return w;
}

/**
 * Runs `fn` as one transaction committed with synchronous=NORMAL, then waits for the WAL to reach the disk
 * (see WalSync). Only for callers that await the result before acknowledging the write.
 */
export async function commitDurably<T>(db: SqliteDatabase, fn: () => T): Promise<T> {
  db.pragma('synchronous = NORMAL');
  let result: T;
  try {
    result = db.transaction(fn)();
  } finally {
    db.pragma('synchronous = FULL');
  }
  await walSyncFor(db).sync();
  return result;
}
