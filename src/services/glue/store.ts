// Glue's tables in state.db. Glue is regional: every row is keyed by (account, region), and the account is the
// catalog id. Catalog objects are kept as JSON documents in Glue's own shapes (timestamps as ISO strings), so
// what a client put is what it gets back; the columns beside the document are what we look rows up by.
import { migrate, type SqliteDatabase } from '../../storage/db.js';

/** Declares how Glue state is partitioned (STYLE rule 5): per account and per region. */
export const GLUE_SCOPE = { account: true, region: true } as const;

/** Which catalog a call works on: the account (Glue's CatalogId) and the region. */
export interface CatalogScope {
  accountId: string;
  region: string;
}

const MIGRATIONS = [
  {
    id: '001-glue',
    sql: `
CREATE TABLE glue_databases (account_id TEXT NOT NULL, region TEXT NOT NULL, name TEXT NOT NULL, doc TEXT NOT NULL,
  PRIMARY KEY (account_id, region, name));
CREATE TABLE glue_tables (account_id TEXT NOT NULL, region TEXT NOT NULL, database_name TEXT NOT NULL, name TEXT NOT NULL,
  doc TEXT NOT NULL, version INTEGER NOT NULL, PRIMARY KEY (account_id, region, database_name, name));
CREATE TABLE glue_table_versions (account_id TEXT NOT NULL, region TEXT NOT NULL, database_name TEXT NOT NULL, table_name TEXT NOT NULL,
  version INTEGER NOT NULL, doc TEXT NOT NULL, PRIMARY KEY (account_id, region, database_name, table_name, version));
CREATE TABLE glue_partitions (seq INTEGER PRIMARY KEY AUTOINCREMENT, account_id TEXT NOT NULL, region TEXT NOT NULL,
  database_name TEXT NOT NULL, table_name TEXT NOT NULL, values_key TEXT NOT NULL, doc TEXT NOT NULL,
  UNIQUE (account_id, region, database_name, table_name, values_key));
CREATE TABLE glue_column_stats (account_id TEXT NOT NULL, region TEXT NOT NULL, database_name TEXT NOT NULL, table_name TEXT NOT NULL,
  partition_key TEXT NOT NULL, column_name TEXT NOT NULL, doc TEXT NOT NULL,
  PRIMARY KEY (account_id, region, database_name, table_name, partition_key, column_name));
CREATE TABLE glue_functions (account_id TEXT NOT NULL, region TEXT NOT NULL, database_name TEXT NOT NULL, name TEXT NOT NULL,
  doc TEXT NOT NULL, PRIMARY KEY (account_id, region, database_name, name));
CREATE TABLE glue_crawlers (account_id TEXT NOT NULL, region TEXT NOT NULL, name TEXT NOT NULL, doc TEXT NOT NULL,
  PRIMARY KEY (account_id, region, name));
CREATE TABLE glue_classifiers (account_id TEXT NOT NULL, region TEXT NOT NULL, name TEXT NOT NULL, doc TEXT NOT NULL,
  PRIMARY KEY (account_id, region, name));
CREATE TABLE glue_tags (arn TEXT PRIMARY KEY, tags TEXT NOT NULL);`,
  },
];

/** A stored partition: its row order (paging), its values and its document. */
export interface PartitionRow {
  seq: number;
  values: string[];
  doc: string;
}

/** The key a partition's values are stored under (JSON keeps the values apart exactly, whatever they hold). */
export const valuesKey = (values: readonly string[]): string => JSON.stringify(values);

type Raw = Record<string, unknown>;

/**
 * Rows in, rows out; the Glue rules (existence, conflicts, cascades, messages) live in catalog.ts and the
 * feature files above it.
 */
export class GlueStore {
  constructor(readonly db: SqliteDatabase) {
    migrate(db, 'glue', MIGRATIONS);
  }

  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  // Databases

  database(s: CatalogScope, name: string): string | undefined {
    return this.doc('SELECT doc FROM glue_databases WHERE account_id = ? AND region = ? AND name = ?', s.accountId, s.region, name);
  }

  databases(s: CatalogScope): string[] {
    return this.docs('SELECT doc FROM glue_databases WHERE account_id = ? AND region = ? ORDER BY name', s.accountId, s.region);
  }

  putDatabase(s: CatalogScope, name: string, doc: string): void {
    this.db
      .prepare('INSERT INTO glue_databases (account_id, region, name, doc) VALUES (?, ?, ?, ?) ON CONFLICT DO UPDATE SET doc = excluded.doc')
      .run(s.accountId, s.region, name, doc);
  }

  /** Removes a database with everything in it: tables, versions, partitions, statistics and functions. */
  deleteDatabase(s: CatalogScope, name: string): void {
    this.transaction(() => {
      for (const t of ['glue_tables', 'glue_table_versions', 'glue_partitions', 'glue_column_stats', 'glue_functions']) {
        this.db.prepare(`DELETE FROM ${t} WHERE account_id = ? AND region = ? AND database_name = ?`).run(s.accountId, s.region, name);
      }
      this.db.prepare('DELETE FROM glue_databases WHERE account_id = ? AND region = ? AND name = ?').run(s.accountId, s.region, name);
    });
  }

  // Tables and their versions

  table(s: CatalogScope, db: string, name: string): { doc: string; version: number } | undefined {
    const r = this.db
      .prepare('SELECT doc, version FROM glue_tables WHERE account_id = ? AND region = ? AND database_name = ? AND name = ?')
      .get(s.accountId, s.region, db, name) as Raw | undefined;
    return r ? { doc: String(r.doc), version: Number(r.version) } : undefined;
  }

  tables(s: CatalogScope, db: string): { name: string; doc: string }[] {
    return (this.db
      .prepare('SELECT name, doc FROM glue_tables WHERE account_id = ? AND region = ? AND database_name = ? ORDER BY name')
      .all(s.accountId, s.region, db) as Raw[]).map((r) => ({ name: String(r.name), doc: String(r.doc) }));
  }

  allTables(s: CatalogScope): string[] {
    return this.docs('SELECT doc FROM glue_tables WHERE account_id = ? AND region = ? ORDER BY database_name, name', s.accountId, s.region);
  }

  /** Writes the current table and records it as `version`; `dropVersion` is an older version to forget (SkipArchive). */
  putTable(s: CatalogScope, db: string, name: string, doc: string, version: number, dropVersion?: number): void {
    this.transaction(() => {
      this.db
        .prepare(`INSERT INTO glue_tables (account_id, region, database_name, name, doc, version) VALUES (?, ?, ?, ?, ?, ?)
          ON CONFLICT DO UPDATE SET doc = excluded.doc, version = excluded.version`)
        .run(s.accountId, s.region, db, name, doc, version);
      if (dropVersion !== undefined) this.deleteTableVersion(s, db, name, dropVersion);
      this.db
        .prepare(`INSERT OR REPLACE INTO glue_table_versions (account_id, region, database_name, table_name, version, doc) VALUES (?, ?, ?, ?, ?, ?)`)
        .run(s.accountId, s.region, db, name, version, doc);
    });
  }

  tableVersion(s: CatalogScope, db: string, name: string, version: number): string | undefined {
    return this.doc(
      'SELECT doc FROM glue_table_versions WHERE account_id = ? AND region = ? AND database_name = ? AND table_name = ? AND version = ?',
      s.accountId, s.region, db, name, version,
    );
  }

  /** Versions newest first, as GetTableVersions lists them. */
  tableVersions(s: CatalogScope, db: string, name: string): { version: number; doc: string }[] {
    return (this.db
      .prepare('SELECT version, doc FROM glue_table_versions WHERE account_id = ? AND region = ? AND database_name = ? AND table_name = ? ORDER BY version DESC')
      .all(s.accountId, s.region, db, name) as Raw[]).map((r) => ({ version: Number(r.version), doc: String(r.doc) }));
  }

  deleteTableVersion(s: CatalogScope, db: string, name: string, version: number): boolean {
    return this.db
      .prepare('DELETE FROM glue_table_versions WHERE account_id = ? AND region = ? AND database_name = ? AND table_name = ? AND version = ?')
      .run(s.accountId, s.region, db, name, version).changes > 0;
  }

  /** Removes a table with its versions, partitions and statistics. */
  deleteTable(s: CatalogScope, db: string, name: string): void {
    this.transaction(() => {
      this.db.prepare('DELETE FROM glue_tables WHERE account_id = ? AND region = ? AND database_name = ? AND name = ?').run(s.accountId, s.region, db, name);
      for (const t of ['glue_table_versions', 'glue_partitions', 'glue_column_stats']) {
        this.db.prepare(`DELETE FROM ${t} WHERE account_id = ? AND region = ? AND database_name = ? AND table_name = ?`).run(s.accountId, s.region, db, name);
      }
    });
  }

  // Partitions

  partition(s: CatalogScope, db: string, table: string, values: readonly string[]): string | undefined {
    return this.doc(
      'SELECT doc FROM glue_partitions WHERE account_id = ? AND region = ? AND database_name = ? AND table_name = ? AND values_key = ?',
      s.accountId, s.region, db, table, valuesKey(values),
    );
  }

  /** The partition keys of a table's partitions, in creation order: filtering reads these before any document. */
  partitionValues(s: CatalogScope, db: string, table: string): { seq: number; values: string[] }[] {
    return (this.db
      .prepare('SELECT seq, values_key FROM glue_partitions WHERE account_id = ? AND region = ? AND database_name = ? AND table_name = ? ORDER BY seq')
      .all(s.accountId, s.region, db, table) as Raw[]).map((r) => ({ seq: Number(r.seq), values: JSON.parse(String(r.values_key)) as string[] }));
  }

  partitionDocs(seqs: readonly number[]): string[] {
    const out: string[] = [];
    const stmt = this.db.prepare('SELECT doc FROM glue_partitions WHERE seq = ?');
    for (const seq of seqs) {
      const r = stmt.get(seq) as Raw | undefined;
      if (r) out.push(String(r.doc));
    }
    return out;
  }

  /** Inserts a new partition (false when one with these values exists) or, with `replace`, overwrites it. */
  putPartition(s: CatalogScope, db: string, table: string, values: readonly string[], doc: string, replace = false): boolean {
    if (replace) {
      return this.db
        .prepare('UPDATE glue_partitions SET doc = ? WHERE account_id = ? AND region = ? AND database_name = ? AND table_name = ? AND values_key = ?')
        .run(doc, s.accountId, s.region, db, table, valuesKey(values)).changes > 0;
    }
    return this.db
      .prepare('INSERT OR IGNORE INTO glue_partitions (account_id, region, database_name, table_name, values_key, doc) VALUES (?, ?, ?, ?, ?, ?)')
      .run(s.accountId, s.region, db, table, valuesKey(values), doc).changes > 0;
  }

  /** Moves a partition to new values (UpdatePartition may change them); false when the target exists. */
  renamePartition(s: CatalogScope, db: string, table: string, from: readonly string[], to: readonly string[], doc: string): boolean {
    return this.transaction(() => {
      if (valuesKey(from) !== valuesKey(to) && this.partition(s, db, table, to) !== undefined) return false;
      this.db
        .prepare('UPDATE glue_partitions SET values_key = ?, doc = ? WHERE account_id = ? AND region = ? AND database_name = ? AND table_name = ? AND values_key = ?')
        .run(valuesKey(to), doc, s.accountId, s.region, db, table, valuesKey(from));
      return true;
    });
  }

  deletePartition(s: CatalogScope, db: string, table: string, values: readonly string[]): boolean {
    return this.transaction(() => {
      this.db
        .prepare('DELETE FROM glue_column_stats WHERE account_id = ? AND region = ? AND database_name = ? AND table_name = ? AND partition_key = ?')
        .run(s.accountId, s.region, db, table, valuesKey(values));
      return this.db
        .prepare('DELETE FROM glue_partitions WHERE account_id = ? AND region = ? AND database_name = ? AND table_name = ? AND values_key = ?')
        .run(s.accountId, s.region, db, table, valuesKey(values)).changes > 0;
    });
  }

  // Column statistics ('' is the table itself, otherwise the partition's values key)

  columnStats(s: CatalogScope, db: string, table: string, partitionKey: string, column: string): string | undefined {
    return this.doc(
      'SELECT doc FROM glue_column_stats WHERE account_id = ? AND region = ? AND database_name = ? AND table_name = ? AND partition_key = ? AND column_name = ?',
      s.accountId, s.region, db, table, partitionKey, column,
    );
  }

  putColumnStats(s: CatalogScope, db: string, table: string, partitionKey: string, column: string, doc: string): void {
    this.db
      .prepare(`INSERT INTO glue_column_stats (account_id, region, database_name, table_name, partition_key, column_name, doc) VALUES (?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT DO UPDATE SET doc = excluded.doc`)
      .run(s.accountId, s.region, db, table, partitionKey, column, doc);
  }

  deleteColumnStats(s: CatalogScope, db: string, table: string, partitionKey: string, column: string): boolean {
    return this.db
      .prepare('DELETE FROM glue_column_stats WHERE account_id = ? AND region = ? AND database_name = ? AND table_name = ? AND partition_key = ? AND column_name = ?')
      .run(s.accountId, s.region, db, table, partitionKey, column).changes > 0;
  }

  // Named documents: user-defined functions (per database), crawlers and classifiers (per region)

  named(kind: 'crawlers' | 'classifiers', s: CatalogScope, name: string): string | undefined {
    return this.doc(`SELECT doc FROM glue_${kind} WHERE account_id = ? AND region = ? AND name = ?`, s.accountId, s.region, name);
  }

  allNamed(kind: 'crawlers' | 'classifiers', s: CatalogScope): string[] {
    return this.docs(`SELECT doc FROM glue_${kind} WHERE account_id = ? AND region = ? ORDER BY name`, s.accountId, s.region);
  }

  putNamed(kind: 'crawlers' | 'classifiers', s: CatalogScope, name: string, doc: string): void {
    this.db
      .prepare(`INSERT INTO glue_${kind} (account_id, region, name, doc) VALUES (?, ?, ?, ?) ON CONFLICT DO UPDATE SET doc = excluded.doc`)
      .run(s.accountId, s.region, name, doc);
  }

  deleteNamed(kind: 'crawlers' | 'classifiers', s: CatalogScope, name: string): boolean {
    return this.db.prepare(`DELETE FROM glue_${kind} WHERE account_id = ? AND region = ? AND name = ?`).run(s.accountId, s.region, name).changes > 0;
  }

  /** Every crawler of every scope: at start-up, crawls cut short by a crash are found here. */
  everyCrawler(): { scope: CatalogScope; doc: string }[] {
    return (this.db.prepare('SELECT account_id, region, doc FROM glue_crawlers').all() as Raw[]).map((r) => ({
      scope: { accountId: String(r.account_id), region: String(r.region) },
      doc: String(r.doc),
    }));
  }

  func(s: CatalogScope, db: string, name: string): string | undefined {
    return this.doc('SELECT doc FROM glue_functions WHERE account_id = ? AND region = ? AND database_name = ? AND name = ?', s.accountId, s.region, db, name);
  }

  funcs(s: CatalogScope, db: string | undefined): string[] {
    if (db === undefined) return this.docs('SELECT doc FROM glue_functions WHERE account_id = ? AND region = ? ORDER BY database_name, name', s.accountId, s.region);
    return this.docs('SELECT doc FROM glue_functions WHERE account_id = ? AND region = ? AND database_name = ? ORDER BY name', s.accountId, s.region, db);
  }

  putFunc(s: CatalogScope, db: string, name: string, doc: string): void {
    this.db
      .prepare('INSERT INTO glue_functions (account_id, region, database_name, name, doc) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO UPDATE SET doc = excluded.doc')
      .run(s.accountId, s.region, db, name, doc);
  }

  deleteFunc(s: CatalogScope, db: string, name: string): boolean {
    return this.db.prepare('DELETE FROM glue_functions WHERE account_id = ? AND region = ? AND database_name = ? AND name = ?').run(s.accountId, s.region, db, name).changes > 0;
  }

  // Tags, by resource ARN

  tags(arn: string): Record<string, string> {
    const d = this.doc('SELECT tags AS doc FROM glue_tags WHERE arn = ?', arn);
    return d ? (JSON.parse(d) as Record<string, string>) : {};
  }

  setTags(arn: string, tags: Record<string, string>): void {
    if (Object.keys(tags).length === 0) this.db.prepare('DELETE FROM glue_tags WHERE arn = ?').run(arn);
    else this.db.prepare('INSERT INTO glue_tags (arn, tags) VALUES (?, ?) ON CONFLICT DO UPDATE SET tags = excluded.tags').run(arn, JSON.stringify(tags));
  }

  private doc(sql: string, ...params: unknown[]): string | undefined {
    const r = this.db.prepare(sql).get(...params) as Raw | undefined;
    return r ? String(r.doc) : undefined;
  }

  private docs(sql: string, ...params: unknown[]): string[] {
    return (this.db.prepare(sql).all(...params) as Raw[]).map((r) => String(r.doc));
  }
}
