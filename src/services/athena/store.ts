// Athena's tables. Everything is per account and region (STYLE rule 5): workgroups, query executions, named
// queries, prepared statements and data catalogs. Documents are stored as JSON in the shapes the API returns;
// the columns beside them are what lookups and listings need.
import { migrate, type SqliteDatabase } from '../../storage/db.js';
import type * as T from '../../aws/generated/athena/shapes.js';
import type { EngineColumn } from '../../engine/engine.js';

export const ATHENA_SCOPE = { account: true, region: true } as const;

export interface Scope {
  accountId: string;
  region: string;
}

const MIGRATIONS = [
  {
    id: '001-athena',
    sql: `
CREATE TABLE athena_workgroups (account_id TEXT NOT NULL, region TEXT NOT NULL, name TEXT NOT NULL, doc TEXT NOT NULL,
  tags TEXT NOT NULL DEFAULT '[]', PRIMARY KEY (account_id, region, name));
CREATE TABLE athena_queries (seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, account_id TEXT NOT NULL, region TEXT NOT NULL,
  workgroup TEXT NOT NULL, client_token TEXT, state TEXT NOT NULL, doc TEXT NOT NULL, columns TEXT, result_key TEXT);
CREATE UNIQUE INDEX athena_queries_token ON athena_queries (account_id, region, client_token) WHERE client_token IS NOT NULL;
CREATE INDEX athena_queries_wg ON athena_queries (account_id, region, workgroup, seq);
CREATE INDEX athena_queries_state ON athena_queries (state);
CREATE TABLE athena_named_queries (seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, account_id TEXT NOT NULL,
  region TEXT NOT NULL, workgroup TEXT NOT NULL, doc TEXT NOT NULL);
CREATE TABLE athena_prepared_statements (account_id TEXT NOT NULL, region TEXT NOT NULL, workgroup TEXT NOT NULL, name TEXT NOT NULL,
  doc TEXT NOT NULL, PRIMARY KEY (account_id, region, workgroup, name));
CREATE TABLE athena_data_catalogs (account_id TEXT NOT NULL, region TEXT NOT NULL, name TEXT NOT NULL, doc TEXT NOT NULL,
  PRIMARY KEY (account_id, region, name));
`,
  },
];

export interface QueryRow {
  seq: number;
  id: string;
  account_id: string;
  region: string;
  workgroup: string;
  client_token: string | null;
  state: string;
  doc: string;
  columns: string | null;
  result_key: string | null;
}

/** Where a finished query's results are: the S3 object and how it is laid out. */
export interface ResultRef {
  bucket: string;
  key: string;
  /** csv: Athena's quoted CSV with a header row; txt: DDL output, one row a line, tab-separated. */
  format: 'csv' | 'txt';
}

export class AthenaStore {
  constructor(readonly db: SqliteDatabase) {
    migrate(db, 'athena', MIGRATIONS);
  }

  workgroup(s: Scope, name: string): T.WorkGroup | undefined {
    const r = this.db.prepare('SELECT doc FROM athena_workgroups WHERE account_id = ? AND region = ? AND name = ?').get(s.accountId, s.region, name) as { doc: string } | undefined;
    return r ? reviveWorkGroup(r.doc) : undefined;
  }

  workgroups(s: Scope): T.WorkGroup[] {
    return (this.db.prepare('SELECT doc FROM athena_workgroups WHERE account_id = ? AND region = ? ORDER BY name').all(s.accountId, s.region) as { doc: string }[]).map((r) => reviveWorkGroup(r.doc));
  }

  putWorkGroup(s: Scope, wg: T.WorkGroup): void {
    this.db.prepare(`INSERT INTO athena_workgroups (account_id, region, name, doc) VALUES (?, ?, ?, ?)
      ON CONFLICT (account_id, region, name) DO UPDATE SET doc = excluded.doc`).run(s.accountId, s.region, wg.Name, JSON.stringify(wg));
  }

  deleteWorkGroup(s: Scope, name: string): void {
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM athena_workgroups WHERE account_id = ? AND region = ? AND name = ?').run(s.accountId, s.region, name);
      this.db.prepare('DELETE FROM athena_named_queries WHERE account_id = ? AND region = ? AND workgroup = ?').run(s.accountId, s.region, name);
      this.db.prepare('DELETE FROM athena_prepared_statements WHERE account_id = ? AND region = ? AND workgroup = ?').run(s.accountId, s.region, name);
    })();
  }

  query(s: Scope, id: string): QueryRow | undefined {
    return this.db.prepare('SELECT * FROM athena_queries WHERE account_id = ? AND region = ? AND id = ?').get(s.accountId, s.region, id) as QueryRow | undefined;
  }

  queryByToken(s: Scope, token: string): QueryRow | undefined {
    return this.db.prepare('SELECT * FROM athena_queries WHERE account_id = ? AND region = ? AND client_token = ?').get(s.accountId, s.region, token) as QueryRow | undefined;
  }

  insertQuery(s: Scope, id: string, workgroup: string, token: string | undefined, exec: T.QueryExecution): void {
    this.db.prepare('INSERT INTO athena_queries (id, account_id, region, workgroup, client_token, state, doc) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(id, s.accountId, s.region, workgroup, token ?? null, exec.Status!.State!, JSON.stringify(exec));
  }

  updateQuery(id: string, exec: T.QueryExecution, extra: { columns?: EngineColumn[]; result?: ResultRef } = {}): void {
    this.db.prepare('UPDATE athena_queries SET state = ?, doc = ?, columns = COALESCE(?, columns), result_key = COALESCE(?, result_key) WHERE id = ?').run(
      exec.Status!.State!, JSON.stringify(exec), extra.columns ? JSON.stringify(extra.columns) : null, extra.result ? JSON.stringify(extra.result) : null, id,
    );
  }

  /** Query ids of a workgroup, newest first, after `beforeSeq` (paging). */
  listQueries(s: Scope, workgroup: string, beforeSeq: number, limit: number): { id: string; seq: number }[] {
    return this.db.prepare('SELECT id, seq FROM athena_queries WHERE account_id = ? AND region = ? AND workgroup = ? AND seq < ? ORDER BY seq DESC LIMIT ?')
      .all(s.accountId, s.region, workgroup, beforeSeq, limit) as { id: string; seq: number }[];
  }

  /** Queries left QUEUED or RUNNING by a process that is gone. */
  unfinished(): QueryRow[] {
    return this.db.prepare("SELECT * FROM athena_queries WHERE state IN ('QUEUED', 'RUNNING')").all() as QueryRow[];
  }

  namedQuery(s: Scope, id: string): T.NamedQuery | undefined {
    const r = this.db.prepare('SELECT doc FROM athena_named_queries WHERE account_id = ? AND region = ? AND id = ?').get(s.accountId, s.region, id) as { doc: string } | undefined;
    return r ? (JSON.parse(r.doc) as T.NamedQuery) : undefined;
  }

  putNamedQuery(s: Scope, q: T.NamedQuery): void {
    this.db.prepare(`INSERT INTO athena_named_queries (id, account_id, region, workgroup, doc) VALUES (?, ?, ?, ?, ?)
      ON CONFLICT (id) DO UPDATE SET doc = excluded.doc`).run(q.NamedQueryId, s.accountId, s.region, q.WorkGroup ?? 'primary', JSON.stringify(q));
  }

  deleteNamedQuery(s: Scope, id: string): void {
    this.db.prepare('DELETE FROM athena_named_queries WHERE account_id = ? AND region = ? AND id = ?').run(s.accountId, s.region, id);
  }

  namedQueries(s: Scope, workgroup: string): string[] {
    return (this.db.prepare('SELECT id FROM athena_named_queries WHERE account_id = ? AND region = ? AND workgroup = ? ORDER BY seq').all(s.accountId, s.region, workgroup) as { id: string }[]).map((r) => r.id);
  }

  preparedStatement(s: Scope, workgroup: string, name: string): T.PreparedStatement | undefined {
    const r = this.db.prepare('SELECT doc FROM athena_prepared_statements WHERE account_id = ? AND region = ? AND workgroup = ? AND name = ?').get(s.accountId, s.region, workgroup, name) as { doc: string } | undefined;
    return r ? revivePrepared(r.doc) : undefined;
  }

  preparedStatements(s: Scope, workgroup: string): T.PreparedStatement[] {
    return (this.db.prepare('SELECT doc FROM athena_prepared_statements WHERE account_id = ? AND region = ? AND workgroup = ? ORDER BY name').all(s.accountId, s.region, workgroup) as { doc: string }[]).map((r) => revivePrepared(r.doc));
  }

  putPreparedStatement(s: Scope, p: T.PreparedStatement): void {
    this.db.prepare(`INSERT INTO athena_prepared_statements (account_id, region, workgroup, name, doc) VALUES (?, ?, ?, ?, ?)
      ON CONFLICT (account_id, region, workgroup, name) DO UPDATE SET doc = excluded.doc`).run(s.accountId, s.region, p.WorkGroupName, p.StatementName, JSON.stringify(p));
  }

  deletePreparedStatement(s: Scope, workgroup: string, name: string): boolean {
    return this.db.prepare('DELETE FROM athena_prepared_statements WHERE account_id = ? AND region = ? AND workgroup = ? AND name = ?').run(s.accountId, s.region, workgroup, name).changes > 0;
  }

  dataCatalog(s: Scope, name: string): T.DataCatalog | undefined {
    const r = this.db.prepare('SELECT doc FROM athena_data_catalogs WHERE account_id = ? AND region = ? AND name = ?').get(s.accountId, s.region, name) as { doc: string } | undefined;
    return r ? (JSON.parse(r.doc) as T.DataCatalog) : undefined;
  }

  dataCatalogs(s: Scope): T.DataCatalog[] {
    return (this.db.prepare('SELECT doc FROM athena_data_catalogs WHERE account_id = ? AND region = ? ORDER BY name').all(s.accountId, s.region) as { doc: string }[]).map((r) => JSON.parse(r.doc) as T.DataCatalog);
  }

  putDataCatalog(s: Scope, c: T.DataCatalog): void {
    this.db.prepare(`INSERT INTO athena_data_catalogs (account_id, region, name, doc) VALUES (?, ?, ?, ?)
      ON CONFLICT (account_id, region, name) DO UPDATE SET doc = excluded.doc`).run(s.accountId, s.region, c.Name, JSON.stringify(c));
  }

  deleteDataCatalog(s: Scope, name: string): void {
    this.db.prepare('DELETE FROM athena_data_catalogs WHERE account_id = ? AND region = ? AND name = ?').run(s.accountId, s.region, name);
  }
}

function reviveWorkGroup(doc: string): T.WorkGroup {
  const wg = JSON.parse(doc) as T.WorkGroup;
  if (wg.CreationTime) wg.CreationTime = new Date(wg.CreationTime);
  return wg;
}

function revivePrepared(doc: string): T.PreparedStatement {
  const p = JSON.parse(doc) as T.PreparedStatement;
  if (p.LastModifiedTime) p.LastModifiedTime = new Date(p.LastModifiedTime);
  return p;
}

/** A stored QueryExecution with its dates as Dates again. */
export function reviveExecution(doc: string): T.QueryExecution {
  const q = JSON.parse(doc) as T.QueryExecution;
  if (q.Status?.SubmissionDateTime) q.Status.SubmissionDateTime = new Date(q.Status.SubmissionDateTime);
  if (q.Status?.CompletionDateTime) q.Status.CompletionDateTime = new Date(q.Status.CompletionDateTime);
  return q;
}
