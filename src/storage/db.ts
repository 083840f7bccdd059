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
