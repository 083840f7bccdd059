// The embedded engine: statements parsed by the dialect layer, queries run on a pooled DuckDB over the lake's
// files in place, DDL applied to the catalog, CTAS / INSERT INTO / UNLOAD written back into S3. Every
// statement waits for a pool slot (QUEUED), then runs (RUNNING) while its rows stream; cancel() withdraws it
// from the queue or interrupts DuckDB mid-query.
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { S3Lake } from '../../services/s3/lake.js';
import { parseS3Location } from '../../services/s3/lake.js';
import type { CatalogScope, EngineCatalog } from '../catalog.js';
import { runDdl } from '../ddl.js';
import { analyze, duckdbSessionSettings, type ParsedStatement } from '../dialect/index.js';
import {
  EngineError, type EngineColumn, type EngineRequest, type EngineStatement, type EngineValue, type QueryEngine, type ScanStats, type StatementKind,
} from '../engine.js';
import { bindParameters } from '../parameters.js';
import { bindTables, parseTree, resetCatalog, splitName, type BindContext } from './bind.js';
import { trinoColumnNames } from './names.js';
import { fromDuckdb, tableNotFound } from './errors.js';
import { DuckDbPool, type Slot } from './pool.js';
import { columnOf, duckdbType, formatValue, parseHiveType } from './types.js';
import { registerPartitions, specOfTable, tableInputFor, writeQuery, writeSpec } from './writes.js';

export interface DuckDbEngineOptions {
  dataDir: string;
  /** Statements that run at once (LAKESTACK_ENGINE_CONCURRENCY, default 2). */
  concurrency?: number;
  /** Memory for all of them together (LAKESTACK_ENGINE_MEMORY, default 2GB); beyond it DuckDB spills to disk. */
  memoryLimit?: string;
  /** DuckDB threads per statement (LAKESTACK_ENGINE_THREADS, default 2). */
  threads?: number;
}

const rowsColumn: EngineColumn = { name: 'rows', type: 'bigint', fullType: 'bigint', precision: 19, scale: 0 };
const ident = (s: string) => `"${s.replace(/"/g, '""')}"`;

export class DuckDbEngine implements QueryEngine {
  readonly pool: DuckDbPool;

  constructor(readonly catalog: EngineCatalog, readonly lake: S3Lake, opts: DuckDbEngineOptions) {
    const env = process.env;
    this.pool = new DuckDbPool({
      spillDir: path.join(opts.dataDir, 'engine', 'spill'),
      concurrency: opts.concurrency ?? (Number(env.LAKESTACK_ENGINE_CONCURRENCY) || 2),
      memoryLimit: opts.memoryLimit ?? env.LAKESTACK_ENGINE_MEMORY ?? '2GB',
      threads: opts.threads ?? (Number(env.LAKESTACK_ENGINE_THREADS) || 2),
    });
  }

  async start(req: EngineRequest): Promise<EngineStatement> {
    const sql = bindParameters(req.sql, req.parameters);
    const parsed = analyze(sql, req.dialect);
    if (!parsed.ok && parsed.error.code === 'NOT_SUPPORTED' && unknownStart(sql)) {
      // A statement that starts with no SQL keyword is a syntax error to Athena, not an unsupported statement.
      throw new EngineError('SYNTAX_ERROR', `SYNTAX_ERROR: line 1:1: mismatched input '${unknownStart(sql)}'. Expecting: 'ALTER', 'ANALYZE', 'CALL', 'CREATE', 'DEALLOCATE', 'DELETE', 'DESC', 'DESCRIBE', 'DROP', 'EXECUTE', 'EXPLAIN', 'GRANT', 'INSERT', 'MERGE', 'PREPARE', 'REFRESH', 'RESET', 'REVOKE', 'ROLLBACK', 'SET', 'SHOW', 'START', 'TRUNCATE', 'UNLOAD', 'UPDATE', 'USE', <query>`);
    }
    if (!parsed.ok) {
      const code = parsed.error.code === 'SYNTAX_ERROR' ? 'SYNTAX_ERROR' : 'NOT_SUPPORTED';
      throw new EngineError(code, `${code}: ${parsed.error.message}`);
    }
    return new DuckDbStatement(this, { ...req, sql }, parsed.statement);
  }

  /** Loads the SQL parser and opens one DuckDB slot ahead of the first statement, off the request path. */
  async warm(): Promise<void> {
    analyze('SELECT 1', 'trino');
    const slot = await this.pool.acquire();
    try {
      await slot.conn.run('SELECT 1');
    } finally {
      this.pool.release(slot);
    }
  }

  async close(): Promise<void> {
    await this.pool.close();
  }
}

const STATEMENT_WORDS = new Set(['ALTER', 'ANALYZE', 'CALL', 'CREATE', 'DEALLOCATE', 'DELETE', 'DESC', 'DESCRIBE', 'DROP', 'EXECUTE', 'EXPLAIN',
  'GRANT', 'INSERT', 'MERGE', 'PREPARE', 'REFRESH', 'RESET', 'REVOKE', 'ROLLBACK', 'SET', 'SHOW', 'START', 'TRUNCATE', 'UNLOAD', 'UPDATE',
  'USE', 'SELECT', 'WITH', 'VALUES', 'TABLE', 'MSCK']);

/** The first word of a statement when it is not one a statement can start with. */
function unknownStart(sql: string): string | undefined {
  const m = /^\s*([A-Za-z_][A-Za-z0-9_]*)/.exec(sql);
  return m && !STATEMENT_WORDS.has(m[1]!.toUpperCase()) ? m[1] : undefined;
}

function kindOf(p: ParsedStatement): { kind: StatementKind; subtype: string } {
  switch (p.kind) {
    case 'query': return { kind: 'DML', subtype: 'SELECT' };
    case 'ctas': return { kind: 'DDL', subtype: 'CREATE_TABLE_AS_SELECT' };
    case 'insert': return { kind: 'DML', subtype: 'INSERT' };
    case 'unload': return { kind: 'DML', subtype: 'UNLOAD' };
    case 'create_view': return { kind: 'DDL', subtype: 'CREATE_VIEW' };
    case 'ddl': return { kind: 'DDL', subtype: p.ddl.kind.toUpperCase() };
  }
}

class DuckDbStatement implements EngineStatement {
  readonly kind: StatementKind;
  subtype: string;
  private cols: EngineColumn[] = [];
  private readonly st: ScanStats = { bytesScanned: 0, filesScanned: 0 };
  private cancelled = false;
  private slot: Slot | undefined;
  private withdraw: ((e: Error) => void) | undefined;
  private readonly scope: CatalogScope;
  private readonly id = randomUUID();

  constructor(private readonly engine: DuckDbEngine, private readonly req: EngineRequest, private readonly parsed: ParsedStatement) {
    ({ kind: this.kind, subtype: this.subtype } = kindOf(parsed));
    this.scope = { accountId: req.accountId, region: req.region };
  }

  columns(): EngineColumn[] {
    return this.cols;
  }

  stats(): ScanStats {
    return this.st;
  }

  cancel(): void {
    if (this.cancelled) return;
    this.cancelled = true;
    this.withdraw?.(new EngineError('USER_CANCELED', 'Query cancelled by user'));
    this.slot?.conn.interrupt();
    // An interrupt only reaches the DuckDB statement running at that instant; the statement may be between two
    // (binding views, about to start the query), so it is repeated until the slot is given back.
    this.interrupter = setInterval(() => this.slot?.conn.interrupt(), 50);
    this.interrupter.unref();
  }

  private interrupter: NodeJS.Timeout | undefined;

  private checkCancelled(): void {
    if (this.cancelled) throw new EngineError('USER_CANCELED', 'Query cancelled by user');
  }

  private get bindContext(): BindContext {
    return { catalog: this.engine.catalog, lake: this.engine.lake, scope: this.scope, database: this.req.database, original: this.req.sql, now: this.req.now ?? new Date() };
  }

  async *rows(): AsyncGenerator<EngineValue[][]> {
    const p = this.parsed;
    if (p.kind === 'ddl') {
      this.req.onStart?.();
      const r = await runDdl({ catalog: this.engine.catalog, lake: this.engine.lake, scope: this.scope, database: this.req.database }, p.ddl);
      this.cols = r.columns;
      this.subtype = r.subtype;
      if (this.cancelled) throw new EngineError('USER_CANCELED', 'Query cancelled by user');
      if (r.rows.length) yield r.rows;
      return;
    }
    if (p.kind === 'create_view') {
      this.req.onStart?.();
      await this.createView(p);
      return;
    }
    let slot: Slot;
    try {
      slot = await this.engine.pool.acquire((withdraw) => (this.withdraw = withdraw));
    } catch (err) {
      throw err instanceof EngineError ? err : fromDuckdb(err, this.req.sql, this.req.database, this.cancelled);
    }
    this.withdraw = undefined;
    this.slot = slot;
    try {
      if (this.cancelled) throw new EngineError('USER_CANCELED', 'Query cancelled by user');
      this.req.onStart?.();
      await resetCatalog(slot, this.req.database);
      if (slot.dialect !== this.req.dialect) {
        for (const s of duckdbSessionSettings(this.req.dialect)) await slot.conn.run(s);
        slot.dialect = this.req.dialect;
      }
      if (p.kind === 'query') {
        yield* this.query(slot, p.sql);
      } else {
        const n = await this.write(slot, p);
        this.cols = [rowsColumn];
        this.st.rowsWritten = n;
        if (p.kind !== 'unload') yield [[String(n)]];
      }
    } catch (err) {
      throw fromDuckdb(err, this.req.sql, this.req.database, this.cancelled);
    } finally {
      clearInterval(this.interrupter);
      this.slot = undefined;
      // An interrupted connection stays usable; the next statement resets its catalog anyway.
      this.engine.pool.release(slot);
    }
  }

  private async *query(slot: Slot, sql: string): AsyncGenerator<EngineValue[][]> {
    const tree = await parseTree(slot, sql);
    await bindTables(slot, this.bindContext, sql, this.st, new Set(), tree);
    this.checkCancelled();
    const result = await slot.conn.stream(sql);
    const types = result.columnTypes();
    const trino = trinoColumnNames(tree);
    this.cols = result.deduplicatedColumnNames().map((n, i) => columnOf(trino?.[i] ?? n, types[i]!));
    for (;;) {
      this.checkCancelled();
      const chunk = await result.fetchChunk();
      if (!chunk || chunk.rowCount === 0) break;
      const rows = chunk.getRows();
      yield rows.map((r) => r.map((v, i) => formatValue(v, types[i])));
    }
  }

  private async write(slot: Slot, p: Extract<ParsedStatement, { kind: 'ctas' | 'insert' | 'unload' }>): Promise<number> {
    const { catalog, lake } = this.engine;
    await bindTables(slot, this.bindContext, p.sql, this.st);
    this.checkCancelled();
    if (p.kind === 'unload') {
      const spec = writeSpec(p.properties, { format: 'parquet' });
      if (lake.listFiles(p.location).length) {
        throw new EngineError('HIVE_PATH_ALREADY_EXISTS', `HIVE_PATH_ALREADY_EXISTS: Target directory for table already exists: ${p.location}. You may need to manually clean the data at location before rerunning the query.`);
      }
      return (await writeQuery(slot, lake, p.sql, p.location, spec, this.id, this.req.accountId)).rows;
    }
    const target = splitName([p.table.database, p.table.name].filter(Boolean).join('.'), this.req.database)!;
    const qualified = `awsdatacatalog.${target.db}.${target.table}`;
    if (!(await catalog.getDatabase(this.scope, target.db))) throw new EngineError('SCHEMA_NOT_FOUND', `SCHEMA_NOT_FOUND: Schema '${target.db}' does not exist`);
    const existing = await catalog.getTable(this.scope, target.db, target.table);
    if (p.kind === 'insert') {
      if (!existing) throw tableNotFound(this.req.sql, p.table.name, qualified);
      const spec = specOfTable(existing);
      const cols = [...(existing.StorageDescriptor?.Columns ?? []), ...(existing.PartitionKeys ?? [])];
      const names = p.columns?.map((c) => c.toLowerCase()) ?? cols.map((c) => c.Name);
      // Values go to the named columns by position; the others are NULL. Types are the table's.
      const select = cols.map((c) => {
        const i = names.indexOf(c.Name.toLowerCase());
        const duck = columnOfHive(c.Type ?? 'string');
        return `${i < 0 ? 'NULL' : `CAST(#${i + 1} AS ${duck})`} AS ${ident(c.Name)}`;
      });
      const written = await writeQuery(slot, lake, `SELECT ${select.join(', ')} FROM (${p.sql})`, existing.StorageDescriptor!.Location!, spec, this.id, this.req.accountId);
      await registerPartitions(catalog, this.scope, existing, written.partitions);
      return written.rows;
    }
    if (existing) {
      if (p.ifNotExists) return 0;
      throw new EngineError('TABLE_ALREADY_EXISTS', `TABLE_ALREADY_EXISTS: line 1:1: Table '${qualified}' already exists`);
    }
    const spec = writeSpec(p.properties, { format: 'parquet' });
    const props = Object.fromEntries(Object.entries(p.properties).map(([k, v]) => [k.toLowerCase(), v]));
    const location = typeof props.external_location === 'string'
      ? props.external_location
      : `${(this.req.defaultOutputLocation ?? `s3://lakestack-athena-${this.req.accountId}/`).replace(/\/?$/, '/')}tables/${this.id}/`;
    parseS3Location(location);
    if (lake.listFiles(location).length) {
      throw new EngineError('HIVE_PATH_ALREADY_EXISTS', `HIVE_PATH_ALREADY_EXISTS: Target directory for table '${target.db}.${target.table}' already exists: ${location}. You may need to manually clean the data at location '${location}' before running the query.`);
    }
    const unnamed = trinoColumnNames(await parseTree(slot, p.sql))?.findIndex((n) => n !== undefined) ?? -1;
    if (unnamed >= 0) throw new EngineError('MISSING_COLUMN_NAME', `MISSING_COLUMN_NAME: line 1:1: Column name not specified at position ${unnamed + 1}`);
    const probe = await slot.conn.run(`SELECT * FROM (${p.sql}) LIMIT 0`);
    const types = probe.columnTypes();
    const input = tableInputFor(target.table, location, spec, probe.columnNames().map((name, i) => ({ name, type: types[i]! })));
    let rows = 0;
    let partitions: string[][] = [];
    if (p.withData) ({ rows, partitions } = await writeQuery(slot, lake, p.sql, location, spec, this.id, this.req.accountId));
    // The table appears only once its data is durable in S3, so no reader ever sees it half-written.
    await catalog.createTable(this.scope, target.db, input);
    const created = await catalog.getTable(this.scope, target.db, target.table);
    if (created) await registerPartitions(catalog, this.scope, created, partitions);
    return rows;
  }

  /** CREATE VIEW: stored in Glue the way Athena stores it, so Athena (and Glue clients) see the same view. */
  private async createView(p: Extract<ParsedStatement, { kind: 'create_view' }>): Promise<void> {
    const { catalog } = this.engine;
    const target = splitName([p.view.database, p.view.name].filter(Boolean).join('.'), this.req.database)!;
    if (!(await catalog.getDatabase(this.scope, target.db))) throw new EngineError('SCHEMA_NOT_FOUND', `SCHEMA_NOT_FOUND: Schema '${target.db}' does not exist`);
    const existing = await catalog.getTable(this.scope, target.db, target.table);
    if (existing && !p.orReplace) throw new EngineError('TABLE_ALREADY_EXISTS', `TABLE_ALREADY_EXISTS: line 1:1: View 'awsdatacatalog.${target.db}.${target.table}' already exists`);
    const slot = await this.engine.pool.acquire();
    let columns: { Name: string; Type: string }[];
    try {
      await resetCatalog(slot, this.req.database);
      await bindTables(slot, { ...this.bindContext, original: p.originalSql }, p.sql, { bytesScanned: 0, filesScanned: 0 });
      const probe = await slot.conn.run(`SELECT * FROM (${p.sql}) LIMIT 0`);
      const types = probe.columnTypes();
      columns = probe.columnNames().map((n, i) => ({ Name: n.toLowerCase(), Type: columnOf(n, types[i]!).fullType }));
    } catch (err) {
      throw fromDuckdb(err, p.originalSql, this.req.database, false);
    } finally {
      this.engine.pool.release(slot);
    }
    const doc = { originalSql: p.originalSql, catalog: 'awsdatacatalog', schema: target.db, columns: columns.map((c) => ({ name: c.Name, type: c.Type })) };
    const input = {
      Name: target.table,
      TableType: 'VIRTUAL_VIEW',
      Parameters: { presto_view: 'true', comment: 'Presto View' },
      ViewOriginalText: `/* Presto View: ${Buffer.from(JSON.stringify(doc)).toString('base64')} */`,
      ViewExpandedText: '/* Presto View */',
      PartitionKeys: [],
      StorageDescriptor: { Columns: columns, SerdeInfo: {}, Location: '', Compressed: false, NumberOfBuckets: 0, StoredAsSubDirectories: false },
    };
    if (existing) await catalog.updateTable(this.scope, target.db, input);
    else await catalog.createTable(this.scope, target.db, input);
  }
}

function columnOfHive(hive: string): string {
  return duckdbType(parseHiveType(hive));
}
