// The Glue Data Catalog as a typed in-process API: the Glue provider answers the wire with it, and Athena and
// EMR call it directly (never over HTTP) to resolve, create and alter databases, tables and partitions.
// Every call names its catalog by CatalogScope (account = Glue's CatalogId, and the region: Glue is regional).
// Inputs and results are Glue's own shapes; failures are Glue's errors (EntityNotFoundException "Database x
// not found.", AlreadyExistsException, InvalidInputException, ConcurrentModificationException), so a caller
// may let them through to its client or map them to its own service's errors.
//
// Names are stored lower-cased, as Glue stores them (CreateTable "Sales" makes table "sales"), and every lookup
// lower-cases the name it is given.
import type * as T from '../../aws/generated/glue/shapes.js';
import {
  AlreadyExistsException,
  ConcurrentModificationException,
  EntityNotFoundException,
  InvalidInputException,
} from '../../aws/generated/glue/errors.js';
import type { Clock } from '../../core/clock.js';
import type { SqliteDatabase } from '../../storage/db.js';
import { compilePartitionFilter, tableNameMatcher } from './expression.js';
import { GlueStore, valuesKey, type CatalogScope } from './store.js';

export type { CatalogScope } from './store.js';

export interface GetPartitionsOptions {
  /** Glue's predicate over partition keys: `year='2024' AND month IN ('01','02')`. */
  expression?: string;
  /** Only the partitions of one segment (parallel readers split a table this way). */
  segment?: T.Segment;
  /** Page size (at most 1000, Glue's limit); without it every matching partition comes back in one page. */
  maxResults?: number;
  /** Token from the previous page. */
  nextToken?: string;
  /** Leave StorageDescriptor.Columns out (they repeat the table's). */
  excludeColumnSchema?: boolean;
}

export interface PartitionPage {
  partitions: T.Partition[];
  nextToken?: string;
}

export interface UpdateTableOptions {
  /** Do not keep the replaced definition as an older table version. */
  skipArchive?: boolean;
  /** Optimistic concurrency: the update applies only if this is still the current version. */
  versionId?: string;
}

const MAX_PAGE = 1000;

// Timestamps live in the documents as ISO strings; these are the members that hold them.
const DATABASE_TIMES = ['CreateTime'] as const;
const TABLE_TIMES = ['CreateTime', 'UpdateTime', 'LastAccessTime', 'LastAnalyzedTime'] as const;
const PARTITION_TIMES = ['CreationTime', 'LastAccessTime', 'LastAnalyzedTime'] as const;

function revive<D extends object>(json: string, keys: readonly string[]): D {
  const doc = JSON.parse(json) as Record<string, unknown>;
  for (const k of keys) if (typeof doc[k] === 'string') doc[k] = new Date(doc[k] as string);
  return doc as D;
}

const lower = (name: string): string => name.toLowerCase();

/** FNV-1a over a partition's values: which segment it falls in is stable across calls and restarts. */
function segmentOf(key: string, total: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h % total;
}

function encodeToken(seq: number): string {
  return Buffer.from(JSON.stringify({ after: seq }), 'utf8').toString('base64');
}

function decodeToken(token: string): number {
  try {
    const doc = JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as { after?: unknown };
    if (typeof doc.after === 'number') return doc.after;
  } catch {
    // fall through to the error below
  }
  throw new InvalidInputException('Invalid pagination token.');
}

function partitionError(values: string[] | undefined, err: unknown): T.PartitionError {
  const e = err as { code?: string; message?: string };
  return { PartitionValues: values, ErrorDetail: { ErrorCode: e.code ?? 'InternalServiceException', ErrorMessage: e.message ?? String(err) } };
}

export class GlueCatalog {
  constructor(readonly store: GlueStore, private readonly clock: Clock) {}

  // Databases

  findDatabase(s: CatalogScope, name: string): T.Database | undefined {
    const doc = this.store.database(s, lower(name));
    return doc ? revive<T.Database>(doc, DATABASE_TIMES) : undefined;
  }

  getDatabase(s: CatalogScope, name: string): T.Database {
    const db = this.findDatabase(s, name);
    if (!db) throw new EntityNotFoundException(`Database ${name} not found.`);
    return db;
  }

  getDatabases(s: CatalogScope): T.Database[] {
    return this.store.databases(s).map((d) => revive<T.Database>(d, DATABASE_TIMES));
  }

  createDatabase(s: CatalogScope, input: T.DatabaseInput): T.Database {
    const name = lower(input.Name);
    return this.store.transaction(() => {
      if (this.store.database(s, name)) throw new AlreadyExistsException('Database already exists.');
      const db: T.Database = {
        Parameters: {},
        ...input,
        Name: name,
        CreateTime: this.clock.now(),
        CreateTableDefaultPermissions: input.CreateTableDefaultPermissions ?? [
          { Principal: { DataLakePrincipalIdentifier: 'IAM_ALLOWED_PRINCIPALS' }, Permissions: ['ALL'] },
        ],
        CatalogId: s.accountId,
      };
      this.store.putDatabase(s, name, JSON.stringify(db));
      return db;
    });
  }

  /** Replaces the database's definition; a new Name in the input is refused (Glue cannot rename databases). */
  updateDatabase(s: CatalogScope, name: string, input: T.DatabaseInput): T.Database {
    return this.store.transaction(() => {
      const old = this.getDatabase(s, name);
      if (lower(input.Name) !== old.Name) throw new InvalidInputException('Database name cannot be changed.');
      const db: T.Database = { Parameters: {}, ...input, Name: old.Name, CreateTime: old.CreateTime, CatalogId: s.accountId };
      if (!input.CreateTableDefaultPermissions) db.CreateTableDefaultPermissions = old.CreateTableDefaultPermissions;
      this.store.putDatabase(s, old.Name, JSON.stringify(db));
      return db;
    });
  }

  /** Deletes the database and everything in it (tables, partitions, versions, statistics, functions). */
  deleteDatabase(s: CatalogScope, name: string): void {
    this.store.transaction(() => {
      const db = this.getDatabase(s, name);
      this.store.deleteDatabase(s, db.Name);
    });
  }

  // Tables

  findTable(s: CatalogScope, database: string, name: string): T.Table | undefined {
    const row = this.store.table(s, lower(database), lower(name));
    return row ? revive<T.Table>(row.doc, TABLE_TIMES) : undefined;
  }

  /** The table; EntityNotFoundException names the database when that is what is missing. */
  getTable(s: CatalogScope, database: string, name: string): T.Table {
    const t = this.findTable(s, database, name);
    if (t) return t;
    this.getDatabase(s, database);
    throw new EntityNotFoundException(`Table ${name} not found.`);
  }

  /** The tables of a database, by name; `expression` is GetTables' name pattern (`sales_*|orders`). */
  getTables(s: CatalogScope, database: string, expression?: string): T.Table[] {
    const db = this.getDatabase(s, database);
    const match = expression ? tableNameMatcher(expression) : () => true;
    return this.store.tables(s, db.Name).filter((r) => match(r.name)).map((r) => revive<T.Table>(r.doc, TABLE_TIMES));
  }

  /** Every table of every database in the catalog (SearchTables). */
  allTables(s: CatalogScope): T.Table[] {
    return this.store.allTables(s).map((d) => revive<T.Table>(d, TABLE_TIMES));
  }

  createTable(s: CatalogScope, database: string, input: T.TableInput, opts: { createdBy?: string } = {}): T.Table {
    return this.store.transaction(() => {
      const db = this.getDatabase(s, database);
      const name = lower(input.Name);
      if (this.store.table(s, db.Name, name)) throw new AlreadyExistsException('Table already exists.');
      const now = this.clock.now();
      const table = this.tableDoc(s, db.Name, input, { CreateTime: now, UpdateTime: now, CreatedBy: opts.createdBy, VersionId: '0' });
      this.store.putTable(s, db.Name, name, JSON.stringify(table), 0);
      return table;
    });
  }

  /** Replaces the table's definition, keeping the old one as a table version unless skipArchive is set. */
  updateTable(s: CatalogScope, database: string, input: T.TableInput, opts: UpdateTableOptions = {}): T.Table {
    return this.store.transaction(() => {
      const old = this.getTable(s, database, input.Name);
      const row = this.store.table(s, lower(database), old.Name)!;
      if (opts.versionId !== undefined && opts.versionId !== String(row.version)) {
        throw new ConcurrentModificationException(`Table version ${opts.versionId} of ${old.Name} is not the current version.`);
      }
      const version = row.version + 1;
      const table = this.tableDoc(s, old.DatabaseName!, input, {
        CreateTime: old.CreateTime,
        UpdateTime: this.clock.now(),
        CreatedBy: old.CreatedBy,
        VersionId: String(version),
      });
      this.store.putTable(s, old.DatabaseName!, old.Name, JSON.stringify(table), version, opts.skipArchive ? row.version : undefined);
      return table;
    });
  }

  /** Deletes the table with its partitions, versions and statistics. */
  deleteTable(s: CatalogScope, database: string, name: string): void {
    this.store.transaction(() => {
      const t = this.getTable(s, database, name);
      this.store.deleteTable(s, t.DatabaseName!, t.Name);
    });
  }

  /** One version of a table; without a version id, the current one. */
  getTableVersion(s: CatalogScope, database: string, name: string, versionId?: string): T.TableVersion {
    const t = this.getTable(s, database, name);
    if (versionId === undefined) return { Table: t, VersionId: t.VersionId };
    const n = Number(versionId);
    const doc = Number.isInteger(n) && n >= 0 ? this.store.tableVersion(s, t.DatabaseName!, t.Name, n) : undefined;
    if (!doc) throw new EntityNotFoundException(`Version ${versionId} of table ${t.Name} not found.`);
    return { Table: revive<T.Table>(doc, TABLE_TIMES), VersionId: versionId };
  }

  /** Every kept version of a table, newest first. */
  getTableVersions(s: CatalogScope, database: string, name: string): T.TableVersion[] {
    const t = this.getTable(s, database, name);
    return this.store.tableVersions(s, t.DatabaseName!, t.Name).map((v) => ({ Table: revive<T.Table>(v.doc, TABLE_TIMES), VersionId: String(v.version) }));
  }

  /** Forgets an archived version; the current version cannot be deleted. */
  deleteTableVersion(s: CatalogScope, database: string, name: string, versionId: string): void {
    const t = this.getTable(s, database, name);
    if (versionId === t.VersionId) throw new InvalidInputException('Cannot delete the current version of a table.');
    const n = Number(versionId);
    if (!Number.isInteger(n) || !this.store.deleteTableVersion(s, t.DatabaseName!, t.Name, n)) {
      throw new EntityNotFoundException(`Version ${versionId} of table ${t.Name} not found.`);
    }
  }

  private tableDoc(s: CatalogScope, database: string, input: T.TableInput, fixed: Pick<T.Table, 'CreateTime' | 'UpdateTime' | 'CreatedBy' | 'VersionId'>): T.Table {
    const { ViewDefinition: view, ...rest } = input;
    const table: T.Table = {
      ...rest,
      Name: lower(input.Name),
      DatabaseName: database,
      CreateTime: fixed.CreateTime,
      UpdateTime: fixed.UpdateTime,
      Retention: input.Retention ?? 0,
      PartitionKeys: input.PartitionKeys ?? [],
      CreatedBy: fixed.CreatedBy,
      IsRegisteredWithLakeFormation: false,
      CatalogId: s.accountId,
      VersionId: fixed.VersionId,
    };
    if (view) {
      table.ViewDefinition = {
        IsProtected: view.IsProtected,
        Definer: view.Definer,
        SubObjects: view.SubObjects,
        Representations: view.Representations?.map((r) => ({ ...r, IsStale: false })),
      };
    }
    return table;
  }

  // Partitions

  findPartition(s: CatalogScope, database: string, table: string, values: readonly string[]): T.Partition | undefined {
    const doc = this.store.partition(s, lower(database), lower(table), values);
    return doc ? revive<T.Partition>(doc, PARTITION_TIMES) : undefined;
  }

  getPartition(s: CatalogScope, database: string, table: string, values: readonly string[]): T.Partition {
    const t = this.getTable(s, database, table);
    const p = this.findPartition(s, t.DatabaseName!, t.Name, values);
    if (!p) throw new EntityNotFoundException('Cannot find partition.');
    return p;
  }

  createPartition(s: CatalogScope, database: string, table: string, input: T.PartitionInput): T.Partition {
    return this.store.transaction(() => {
      const t = this.getTable(s, database, table);
      return this.insertPartition(s, t, input);
    });
  }

  /** Creates each partition it can; the others come back as per-entry errors, as BatchCreatePartition reports them. */
  batchCreatePartitions(s: CatalogScope, database: string, table: string, inputs: readonly T.PartitionInput[]): T.PartitionError[] {
    return this.store.transaction(() => {
      const t = this.getTable(s, database, table);
      const errors: T.PartitionError[] = [];
      for (const input of inputs) {
        try {
          this.insertPartition(s, t, input);
        } catch (err) {
          errors.push(partitionError(input.Values, err));
        }
      }
      return errors;
    });
  }

  /** Replaces the partition at `values` (the input may move it to new values). */
  updatePartition(s: CatalogScope, database: string, table: string, values: readonly string[], input: T.PartitionInput): T.Partition {
    return this.store.transaction(() => {
      const t = this.getTable(s, database, table);
      const old = this.findPartition(s, t.DatabaseName!, t.Name, values);
      if (!old) throw new EntityNotFoundException('Cannot find partition.');
      const newValues = input.Values ?? [...values];
      this.checkValues(t, newValues);
      const p: T.Partition = { ...this.partitionDoc(s, t, input, newValues), CreationTime: old.CreationTime };
      if (!this.store.renamePartition(s, t.DatabaseName!, t.Name, values, newValues, JSON.stringify(p))) {
        throw new AlreadyExistsException('Partition already exists.');
      }
      return p;
    });
  }

  deletePartition(s: CatalogScope, database: string, table: string, values: readonly string[]): void {
    const t = this.getTable(s, database, table);
    if (!this.store.deletePartition(s, t.DatabaseName!, t.Name, values)) throw new EntityNotFoundException('Cannot find partition.');
  }

  batchDeletePartitions(s: CatalogScope, database: string, table: string, values: readonly (readonly string[])[]): T.PartitionError[] {
    return this.store.transaction(() => {
      const t = this.getTable(s, database, table);
      const errors: T.PartitionError[] = [];
      for (const v of values) {
        if (!this.store.deletePartition(s, t.DatabaseName!, t.Name, v)) {
          errors.push(partitionError([...v], new EntityNotFoundException('Cannot find partition.')));
        }
      }
      return errors;
    });
  }

  /** The partitions matching `expression`, in creation order, one segment and one page at a time. */
  getPartitions(s: CatalogScope, database: string, table: string, opts: GetPartitionsOptions = {}): PartitionPage {
    const t = this.getTable(s, database, table);
    const filter = opts.expression?.trim() ? compilePartitionFilter(opts.expression, t.PartitionKeys ?? []) : undefined;
    const seg = opts.segment;
    if (seg && (seg.TotalSegments < 1 || seg.SegmentNumber >= seg.TotalSegments)) {
      throw new InvalidInputException(`Segment number ${seg.SegmentNumber} is not less than the total number of segments ${seg.TotalSegments}.`);
    }
    const limit = opts.maxResults === undefined ? Number.POSITIVE_INFINITY : Math.min(Math.max(opts.maxResults, 1), MAX_PAGE);
    const after = opts.nextToken ? decodeToken(opts.nextToken) : -1;
    const chosen: number[] = [];
    let more = false;
    for (const row of this.store.partitionValues(s, t.DatabaseName!, t.Name)) {
      if (row.seq <= after) continue;
      if (seg && segmentOf(valuesKey(row.values), seg.TotalSegments) !== seg.SegmentNumber) continue;
      if (filter && !filter.matches(row.values)) continue;
      if (chosen.length === limit) {
        more = true;
        break;
      }
      chosen.push(row.seq);
    }
    const partitions = this.store.partitionDocs(chosen).map((d) => {
      const p = revive<T.Partition>(d, PARTITION_TIMES);
      if (opts.excludeColumnSchema && p.StorageDescriptor) delete p.StorageDescriptor.Columns;
      return p;
    });
    return { partitions, nextToken: more ? encodeToken(chosen[chosen.length - 1]!) : undefined };
  }

  private checkValues(t: T.Table, values: readonly string[]): void {
    const keys = t.PartitionKeys ?? [];
    if (values.length !== keys.length) {
      throw new InvalidInputException('The number of partition keys do not match the number of partition values');
    }
  }

  private insertPartition(s: CatalogScope, t: T.Table, input: T.PartitionInput): T.Partition {
    const values = input.Values ?? [];
    this.checkValues(t, values);
    const p = this.partitionDoc(s, t, input, values);
    if (!this.store.putPartition(s, t.DatabaseName!, t.Name, values, JSON.stringify(p))) {
      throw new AlreadyExistsException('Partition already exists.');
    }
    return p;
  }

  private partitionDoc(s: CatalogScope, t: T.Table, input: T.PartitionInput, values: string[]): T.Partition {
    return {
      ...input,
      Values: values,
      DatabaseName: t.DatabaseName,
      TableName: t.Name,
      CreationTime: this.clock.now(),
      Parameters: input.Parameters ?? {},
      CatalogId: s.accountId,
    };
  }
}

/** One catalog per database file, so the Glue provider, Athena and EMR share one view of it. */
const catalogs = new WeakMap<SqliteDatabase, GlueCatalog>();

/** The catalog API over the process's state.db; call it from any service that reads or writes Glue's catalog. */
export function glueCatalogFor(db: SqliteDatabase, clock: Clock): GlueCatalog {
  let c = catalogs.get(db);
  if (!c) {
    c = new GlueCatalog(new GlueStore(db), clock);
    catalogs.set(db, c);
  }
  return c;
}
