// Binds a statement to the lake on one pool slot: every table name it references is looked up in the catalog,
// and the ones that exist become views in a fresh `awsdatacatalog` attached database (schema = Glue database),
// reading only the files of the partitions the WHERE clause leaves. Names that are not catalog tables (CTEs,
// unknown names) are left for DuckDB to bind, and its error says which.
import type { S3Lake } from '../../services/s3/lake.js';
import { LakeError } from '../../services/s3/lake.js';
import type { CatalogScope, EngineCatalog, Table } from '../catalog.js';
import type { ScanStats } from '../engine.js';
import { translate } from '../dialect/index.js';
import { schemaNotFound } from './errors.js';
import { partitionConstraints, partitionMatches, type Constraint } from './pruning.js';
import { partitionLocation, relationSql, type PartitionFiles } from './sources.js';
import { projectPartitions, projectionEnabled } from './projection.js';
import type { Slot } from './pool.js';
import type { ParseTree } from './names.js';

export const CATALOG = 'awsdatacatalog';
const ident = (s: string) => `"${s.replace(/"/g, '""')}"`;
const NUMERIC = /^(tinyint|smallint|int|integer|bigint|float|double|real|decimal)/;

export interface BindContext {
  catalog: EngineCatalog;
  lake: S3Lake;
  scope: CatalogScope;
  database: string;
  /** The statement as the user wrote it, for error positions. */
  original: string;
  /** Now, for date projections ranging to NOW. */
  now: Date;
}

/**
 * The parts of a name as DuckDB's getTableNames prints it: dotted identifiers, bare or double-quoted,
 * optionally followed by ` AS alias`, which is not part of the name.
 */
export function nameParts(name: string): string[] {
  const parts: string[] = [];
  let i = 0;
  while (i < name.length) {
    if (name[i] === '"') {
      let j = i + 1;
      let part = '';
      while (j < name.length) {
        if (name[j] === '"' && name[j + 1] === '"') { part += '"'; j += 2; }
        else if (name[j] === '"') break;
        else part += name[j++];
      }
      parts.push(part);
      i = j + 1;
    } else {
      let j = i;
      while (j < name.length && name[j] !== '.' && name[j] !== ' ') j++;
      parts.push(name.slice(i, j));
      i = j;
    }
    if (name[i] !== '.') break;
    i++;
  }
  return parts;
}

/** A name as written (`t`, `db.t`, `awsdatacatalog.db.t`) → database and table, or undefined for other catalogs. */
export function splitName(name: string, database: string): { db: string; table: string } | undefined {
  const parts = nameParts(name).map((p) => p.toLowerCase());
  if (parts.length === 3) return parts[0] === CATALOG ? { db: parts[1]!, table: parts[2]! } : undefined;
  if (parts.length === 2) return { db: parts[0]!, table: parts[1]! };
  return { db: database.toLowerCase(), table: parts[0]! };
}

/**
 * Resets the slot's lake catalog: every statement starts from an empty one. A slot whose last statement created
 * no views and used the same database is already in that state, which saves a trivial query four round trips.
 */
export async function resetCatalog(slot: Slot, database: string): Promise<void> {
  const db = database.toLowerCase();
  if (slot.catalog && !slot.catalog.dirty && slot.catalog.database === db) return;
  slot.catalog = undefined;
  await slot.conn.run(`USE memory.main; DETACH DATABASE IF EXISTS ${CATALOG}; ATTACH ':memory:' AS ${CATALOG};
    CREATE SCHEMA IF NOT EXISTS ${CATALOG}.${ident(db)}; USE ${CATALOG}.${ident(db)}`);
  slot.catalog = { database: db, dirty: false };
}

async function filesOf(ctx: BindContext, t: Table, constraints: Constraint[]): Promise<PartitionFiles[]> {
  const listing = (loc: string | undefined) => {
    if (!loc) return [];
    try {
      return ctx.lake.listFiles(loc);
    } catch (e) {
      // A location whose bucket is gone reads as empty, as a prefix with no objects does.
      if (e instanceof LakeError) return [];
      throw e;
    }
  };
  const keys = t.PartitionKeys ?? [];
  if (!keys.length) return [{ values: [], files: listing(t.StorageDescriptor?.Location) }];
  const numeric = new Set(keys.filter((k) => NUMERIC.test((k.Type ?? '').toLowerCase())).map((k) => k.Name.toLowerCase()));
  if (projectionEnabled(t)) {
    return projectPartitions(t, constraints, numeric, ctx.now).map((p) => ({ values: p.values, files: listing(p.location) }));
  }
  const parts = await ctx.catalog.getPartitions(ctx.scope, t.DatabaseName!, t.Name);
  const out: PartitionFiles[] = [];
  for (const p of parts) {
    const values = p.Values ?? [];
    const named: Record<string, string> = {};
    keys.forEach((k, i) => (named[k.Name.toLowerCase()] = values[i] ?? ''));
    if (constraints.length && !partitionMatches(named, constraints, numeric)) continue;
    out.push({ values, files: listing(partitionLocation(t, p)) });
  }
  return out;
}

/**
 * Creates the views `sql` (DuckDB SQL) needs and returns what they will read. Views (Glue VIRTUAL_VIEW) are
 * expanded recursively: their stored Trino text is translated and their own tables bound the same way.
 */
export async function parseTree(slot: Slot, sql: string): Promise<ParseTree> {
  const reader = await slot.conn.runAndReadAll(`SELECT json_serialize_sql('${sql.replace(/'/g, "''")}')`);
  return JSON.parse(String(reader.getRows()[0]![0])) as ParseTree;
}

export async function bindTables(slot: Slot, ctx: BindContext, sql: string, stats: ScanStats, seen = new Set<string>(), tree?: ParseTree): Promise<void> {
  const names = slot.conn.getTableNames(sql, true);
  const tables = new Map<string, { db: string; table: Table }>();
  for (const name of names) {
    const split = splitName(name, ctx.database);
    if (!split) continue;
    const key = `${split.db}.${split.table}`;
    if (seen.has(key) || tables.has(key)) continue;
    const db = await ctx.catalog.getDatabase(ctx.scope, split.db);
    if (!db) {
      if (nameParts(name).length > 1) throw schemaNotFound(ctx.original, split.db);
      continue;
    }
    const t = await ctx.catalog.getTable(ctx.scope, split.db, split.table);
    if (t) tables.set(key, { db: split.db, table: t });
  }
  let constraints = new Map<string, Constraint[]>();
  if ([...tables.values()].some((x) => x.table.PartitionKeys?.length)) {
    constraints = partitionConstraints(tree ?? (await parseTree(slot, sql)), (name) => {
      const s = splitName(name, ctx.database);
      const hit = s && tables.get(`${s.db}.${s.table}`);
      return hit ? { key: `${s.db}.${s.table}`, partitionKeys: (hit.table.PartitionKeys ?? []).map((k) => k.Name.toLowerCase()) } : undefined;
    });
  }
  for (const [key, { db, table }] of tables) {
    seen.add(key);
    let body: string;
    if (table.TableType === 'VIRTUAL_VIEW') {
      const original = viewSql(table);
      const tr = translate(original, 'trino');
      if (!tr.ok) throw new Error(`view ${key} cannot be translated: ${tr.error.message}`);
      await bindTables(slot, { ...ctx, original }, tr.sql, stats, seen);
      body = tr.sql;
    } else {
      const parts = await filesOf(ctx, table, constraints.get(key) ?? []);
      for (const p of parts) for (const f of p.files) {
        stats.bytesScanned += f.size;
        stats.filesScanned++;
      }
      body = relationSql(table, parts);
    }
    if (slot.catalog) slot.catalog.dirty = true;
    await slot.conn.run(`CREATE SCHEMA IF NOT EXISTS ${CATALOG}.${ident(db)}; CREATE OR REPLACE VIEW ${CATALOG}.${ident(db)}.${ident(table.Name)} AS ${body}`);
  }
}

/** The Trino SQL of a view as Athena stores it: `/* Presto View: <base64 JSON> *\/` with `originalSql`. */
export function viewSql(t: Table): string {
  const text = t.ViewOriginalText ?? '';
  const m = /\/\* Presto View: ([A-Za-z0-9+/=]+) \*\//.exec(text);
  if (!m) return text;
  const doc = JSON.parse(Buffer.from(m[1]!, 'base64').toString('utf8')) as { originalSql?: string };
  return doc.originalSql ?? '';
}
