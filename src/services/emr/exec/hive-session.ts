// A Hive (or spark-sql) CLI session over the engine: statements run one by one against the cluster's
// metastore (its own catalog scope, or the Glue Data Catalog), SELECT rows printed tab-separated as the CLIs
// print them. HiveQL the engine does not take as written is rewritten here from the dialect layer's tokens:
// managed CREATE TABLE (stored EXTERNAL at a warehouse location, as there is no HDFS), Hive CTAS
// (`STORED AS … AS SELECT`), `INSERT OVERWRITE|INTO [TABLE] … [PARTITION (…)]` with static and dynamic
// partitions, `INSERT OVERWRITE DIRECTORY`, `SET` and `USE`.
import { Dialect } from '@polyglot-sql/sdk';
import type { CatalogScope, EngineCatalog } from '../../../engine/catalog.js';
import { EngineError, type QueryEngine } from '../../../engine/engine.js';
import type { SourceDialect } from '../../../engine/dialect/index.js';
import { Cursor, lex, type Token } from '../../../engine/dialect/tokens.js';
import { DialectError } from '../../../engine/dialect/errors.js';
import type { S3Lake } from '../../s3/lake.js';
import { substitute, type Variables } from './hive-script.js';

export interface SessionOptions {
  engine: QueryEngine;
  catalog: EngineCatalog;
  lake: S3Lake;
  scope: CatalogScope;
  /** The account that owns written objects (the scope's region may name a cluster's own metastore). */
  accountId: string;
  dialect: SourceDialect;
  vars: Variables;
  database: string;
  /** `hive.metastore.warehouse.dir` when it is an s3:// location. */
  warehouse?: string;
  out: (line: string) => void;
  info: (line: string) => void;
  signal: AbortSignal;
}

/** A statement failed: the message is what the CLI prints after `FAILED:`. */
export class SqlFailure extends Error {}

const lit = (s: string) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
const up = (t: Token | undefined) => (t && t.type !== 'STRING' ? t.text.toUpperCase() : '');

/** Index of the first depth-0 token matching `pred`, or -1. */
function findTop(tokens: Token[], pred: (t: Token, i: number) => boolean, from = 0): number {
  let depth = 0;
  for (let i = from; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.text === '(') depth++;
    else if (t.text === ')') depth--;
    else if (depth === 0 && pred(t, i)) return i;
  }
  return -1;
}

export class HiveSession {
  database: string;

  constructor(private readonly o: SessionOptions) {
    this.database = o.database;
  }

  async run(raw: string): Promise<void> {
    const sql = substitute(raw, this.o.vars);
    let tokens: Token[];
    try {
      tokens = lex(sql, Dialect.Hive);
    } catch (e) {
      throw this.failure(e);
    }
    const w0 = up(tokens[0]);
    const w1 = up(tokens[1]);
    if (w0 === 'SET') return this.set(sql);
    if (w0 === 'USE') return this.use(tokens[1]?.text ?? '');
    if (w0 === 'ADD' || w0 === 'RESET') {
      this.o.info(`${w0 === 'ADD' ? 'Added resources' : 'Reset'}: ${sql.slice(tokens[0]!.end).trim()} (nothing to load: no JVM here)`);
      return;
    }
    if (w0 === 'FROM') throw new SqlFailure("ParseException: multi-insert 'FROM … INSERT …' is not supported by Lakestack yet; write one INSERT … SELECT per target");
    if (w0 === 'CREATE' && (w1 === 'TABLE' || (w1 === 'TEMPORARY' && up(tokens[2]) === 'TABLE'))) return this.createTable(sql, tokens);
    if (w0 === 'INSERT') return this.insert(sql, tokens);
    await this.execute(sql);
  }

  private set(sql: string): void {
    const body = sql.replace(/^\s*set\s+/i, '');
    const eq = body.indexOf('=');
    if (eq < 0) {
      this.o.out(`${body.trim()}=${this.o.vars.hiveconf.get(body.trim()) ?? '<undefined>'}`);
      return;
    }
    let key = body.slice(0, eq).trim();
    const value = body.slice(eq + 1).trim();
    const target = key.startsWith('hivevar:') ? this.o.vars.hivevar : this.o.vars.hiveconf;
    key = key.replace(/^(hiveconf|hivevar):/, '');
    target.set(key, value);
  }

  private async use(db: string): Promise<void> {
    const name = db.replace(/`/g, '').toLowerCase();
    if (!(await this.o.catalog.getDatabase(this.o.scope, name))) throw new SqlFailure(`SemanticException [Error 10072]: Database does not exist: ${name}`);
    this.database = name;
  }

  /** Where a table without LOCATION lives: its database's location, else the warehouse directory. */
  private async tableLocation(db: string | undefined, table: string): Promise<string> {
    const d = await this.o.catalog.getDatabase(this.o.scope, (db ?? this.database).toLowerCase());
    const base = d?.LocationUri && /^s3[an]?:\/\//.test(d.LocationUri) ? d.LocationUri : this.o.warehouse ? `${this.o.warehouse.replace(/\/?$/, '/')}${db && db !== 'default' ? `${db}.db/` : ''}` : undefined;
    if (!base) {
      throw new SqlFailure(`SemanticException: table ${table} has no LOCATION and Lakestack has no HDFS: give it LOCATION 's3://…', create its database with LOCATION, or set hive.metastore.warehouse.dir (hive-site) to an s3:// location`);
    }
    return `${base.replace(/\/?$/, '/')}${table}/`;
  }

  private async createTable(sql: string, tokens: Token[]): Promise<void> {
    const asAt = findTop(tokens, (t, i) => up(t) === 'AS' && ['SELECT', 'WITH', '(', 'FROM'].includes(up(tokens[i + 1]) || tokens[i + 1]?.text || ''));
    const c = new Cursor(sql, tokens);
    c.expect('CREATE');
    c.accept('TEMPORARY');
    c.expect('TABLE');
    const ifNotExists = c.accept('IF', 'NOT', 'EXISTS');
    const name = c.qualifiedName();
    const qualified = name.database ? `${name.database}.${name.name}` : name.name;
    if (asAt < 0) {
      // A managed table: stored as EXTERNAL at a location of its own (Lakestack has no HDFS to manage).
      const hasLocation = findTop(tokens, (t) => up(t) === 'LOCATION') >= 0;
      const tbl = findTop(tokens, (t) => up(t) === 'TBLPROPERTIES');
      let text = `CREATE EXTERNAL TABLE ${sql.slice(tokens[up(tokens[1]) === 'TEMPORARY' ? 3 : 2]!.start)}`;
      if (!hasLocation) {
        const loc = ` LOCATION ${lit(await this.tableLocation(name.database, name.name))} `;
        text = tbl >= 0 ? `CREATE EXTERNAL TABLE ${sql.slice(tokens[2]!.start, tokens[tbl]!.start)}${loc}${sql.slice(tokens[tbl]!.start)}` : `${text}${loc}`;
      }
      return this.execute(text);
    }
    // Hive CTAS: the header's storage clauses become the engine's CTAS properties.
    const props: string[] = [];
    let format = (this.o.vars.hiveconf.get('hive.default.fileformat') ?? 'TEXTFILE').toUpperCase();
    let location: string | undefined;
    let delimiter: string | undefined;
    while (!c.done && c.peek() !== tokens[asAt]) {
      if (c.accept('ROW', 'FORMAT', 'DELIMITED')) {
        while (!c.done && (c.at('FIELDS') || c.at('LINES') || c.at('COLLECTION') || c.at('MAP') || c.at('NULL'))) {
          if (c.accept('FIELDS', 'TERMINATED', 'BY')) delimiter = c.string();
          else { while (!c.done && c.peek()?.type !== 'STRING') c.next(); c.string(); }
        }
      } else if (c.accept('STORED', 'AS') || c.accept('USING')) format = c.identifier().toUpperCase();
      else if (c.accept('LOCATION')) location = c.string();
      else if (c.accept('PARTITIONED', 'BY')) {
        c.expect('(');
        const cols: string[] = [];
        do cols.push(c.identifier());
        while (c.accept(','));
        c.expect(')');
        props.push(`partitioned_by = ARRAY[${cols.map(lit).join(', ')}]`);
      } else if (c.accept('TBLPROPERTIES') || c.accept('COMMENT')) {
        if (c.at('(')) { let d = 0; do { const t = c.next(); if (t.text === '(') d++; else if (t.text === ')') d--; } while (d > 0); } else c.string();
      } else throw this.failure(c.error('expecting AS SELECT'));
    }
    if (format === 'JSONFILE') format = 'JSON';
    props.push(`format = ${lit(format)}`);
    props.push(`external_location = ${lit(location ?? (await this.tableLocation(name.database, name.name)))}`);
    if (delimiter !== undefined) props.push(`field_delimiter = ${lit(delimiter)}`);
    else if (format === 'TEXTFILE') props.push(`field_delimiter = ${lit('\u0001')}`);
    await this.execute(`CREATE TABLE ${ifNotExists ? 'IF NOT EXISTS ' : ''}${qualified} WITH (${props.join(', ')}) AS ${sql.slice(tokens[asAt + 1]!.start)}`);
  }

  private async insert(sql: string, tokens: Token[]): Promise<void> {
    const c = new Cursor(sql, tokens);
    c.expect('INSERT');
    const overwrite = c.accept('OVERWRITE');
    if (!overwrite) c.expect('INTO');
    if (overwrite && (c.at('DIRECTORY') || c.at('LOCAL'))) return this.insertDirectory(sql, c);
    c.accept('TABLE');
    const name = c.qualifiedName();
    const spec: [string, string | undefined][] = [];
    if (c.accept('PARTITION')) {
      c.expect('(');
      do {
        const k = c.identifier();
        spec.push([k, c.accept('=') ? (c.peek()?.type === 'STRING' ? c.string() : c.next().text) : undefined]);
      } while (c.accept(','));
      c.expect(')');
    }
    c.accept('IF', 'NOT', 'EXISTS');
    const columns: string[] = [];
    if (c.at('(') && !['SELECT', 'WITH', 'VALUES'].includes(up(c.peek(1)))) {
      c.expect('(');
      do columns.push(c.identifier());
      while (c.accept(','));
      c.expect(')');
    }
    const start = c.peek();
    if (!start) throw this.failure(c.error('expecting a query'));
    const query = c.restFrom(start);
    const db = (name.database ?? this.database).toLowerCase();
    const table = await this.o.catalog.getTable(this.o.scope, db, name.name);
    if (!table) throw new SqlFailure(`SemanticException [Error 10001]: Line 1:${start.start} Table not found '${name.name}'`);
    const keys = (table.PartitionKeys ?? []).map((k) => k.Name.toLowerCase());
    const dataCols = (table.StorageDescriptor?.Columns ?? []).map((k) => k.Name.toLowerCase());
    if (keys.length && !spec.length) throw new SqlFailure(`SemanticException [Error 10096]: Need to specify partition columns because the destination table is partitioned`);
    for (const [k] of spec) if (!keys.includes(k)) throw new SqlFailure(`SemanticException [Error 10098]: Non-Partition column appears in the partition specification: ${k}`);
    const statics = spec.filter(([, v]) => v !== undefined) as [string, string][];
    const dynamics = keys.filter((k) => !statics.some(([s]) => s === k));
    if (dynamics.length && this.o.vars.hiveconf.get('hive.exec.dynamic.partition.mode') === 'strict' && !statics.length) {
      throw new SqlFailure('SemanticException [Error 10096]: Dynamic partition strict mode requires at least one static partition column. To turn this off set hive.exec.dynamic.partition.mode=nonstrict');
    }
    const location = (table.StorageDescriptor?.Location ?? '').replace(/\/?$/, '/');
    const target = `${db}.${name.name}`;
    const listed = columns.length ? columns : dataCols;
    const names = [...listed, ...dynamics, ...statics.map(([k]) => k)];
    const body = statics.length ? `SELECT __q.*, ${statics.map(([k, v]) => `${lit(v)} AS ${k}`).join(', ')} FROM (${query}) __q` : query;
    if (overwrite) {
      const staticPath = statics.map(([k, v]) => `${k}=${v}`).join('/');
      if (!dynamics.length) this.o.lake.deletePrefix(`${location}${staticPath ? `${staticPath}/` : ''}`);
      else for (const p of await this.partitionsOf(query, dataCols.length, dynamics)) {
        this.o.lake.deletePrefix(`${location}${staticPath ? `${staticPath}/` : ''}${dynamics.map((k, i) => `${k}=${p[i]}`).join('/')}/`);
      }
    }
    await this.execute(`INSERT INTO ${target} (${names.join(', ')}) ${body}`);
  }

  /** The dynamic partitions a query will write: its last columns, distinct (INSERT OVERWRITE replaces only those). */
  private async partitionsOf(query: string, dataCount: number, dynamics: string[]): Promise<string[][]> {
    const rows = await this.collect(`SELECT * FROM (${query}) __q`);
    const seen = new Map<string, string[]>();
    for (const r of rows) {
      const v = r.slice(dataCount, dataCount + dynamics.length).map((x) => x ?? '__HIVE_DEFAULT_PARTITION__');
      seen.set(JSON.stringify(v), v);
    }
    return [...seen.values()];
  }

  private async insertDirectory(sql: string, c: Cursor): Promise<void> {
    if (c.accept('LOCAL')) throw new SqlFailure('SemanticException: INSERT OVERWRITE LOCAL DIRECTORY writes to the master node\'s disk; Lakestack has no node disks to read back: use INSERT OVERWRITE DIRECTORY \'s3://…\'');
    c.expect('DIRECTORY');
    const dir = c.string();
    let delimiter = '\u0001';
    let format = 'TEXTFILE';
    if (c.accept('ROW', 'FORMAT', 'DELIMITED')) {
      if (c.accept('FIELDS', 'TERMINATED', 'BY')) delimiter = c.string();
    }
    if (c.accept('STORED', 'AS')) format = c.identifier().toUpperCase();
    const start = c.peek();
    if (!start) throw this.failure(c.error('expecting a query'));
    this.o.lake.deletePrefix(dir);
    const props = [`format = ${lit(format === 'JSONFILE' ? 'JSON' : format)}`, `compression = 'NONE'`];
    if (format === 'TEXTFILE') props.push(`field_delimiter = ${lit(delimiter)}`);
    await this.execute(`UNLOAD (${c.restFrom(start)}) TO ${lit(dir)} WITH (${props.join(', ')})`);
  }

  private async collect(sql: string): Promise<(string | null)[][]> {
    const st = await this.start(sql);
    const rows: (string | null)[][] = [];
    try {
      for await (const batch of st.rows()) rows.push(...batch);
    } catch (e) {
      throw this.failure(e);
    }
    return rows;
  }

  private async start(sql: string) {
    try {
      const st = await this.o.engine.start({ sql, dialect: this.o.dialect, accountId: this.o.accountId, region: this.o.scope.region, database: this.database });
      if (this.o.signal.aborted) st.cancel();
      this.o.signal.addEventListener('abort', () => st.cancel(), { once: true });
      return st;
    } catch (e) {
      throw this.failure(e);
    }
  }

  /** Runs a statement the engine takes as it is; query rows go to stdout tab-separated, NULL as Hive prints it. */
  private async execute(sql: string): Promise<void> {
    const st = await this.start(sql);
    const t0 = Date.now();
    let n = 0;
    try {
      for await (const batch of st.rows()) {
        if (st.kind === 'DML' && st.subtype !== 'SELECT') continue;
        for (const r of batch) this.o.out(r.map((v) => v ?? 'NULL').join('\t'));
        n += batch.length;
      }
    } catch (e) {
      throw this.failure(e);
    }
    this.o.info(`OK\nTime taken: ${((Date.now() - t0) / 1000).toFixed(3)} seconds${st.subtype === 'SELECT' ? `, Fetched: ${n} row(s)` : ''}`);
  }

  private failure(e: unknown): SqlFailure {
    if (e instanceof SqlFailure) return e;
    if (e instanceof DialectError) return new SqlFailure(`ParseException line ${e.line}:${e.column} ${e.message}`);
    if (e instanceof EngineError) {
      if (e.code === 'USER_CANCELED') return new SqlFailure('Execution cancelled');
      const kind = e.code === 'SYNTAX_ERROR' ? 'ParseException' : 'SemanticException';
      return new SqlFailure(`${kind} ${e.message.replace(/^[A-Z_]+: /, '')}`);
    }
    if (e instanceof Error && 'code' in e) return new SqlFailure(`${String((e as { code: unknown }).code)}: ${e.message}`);
    return new SqlFailure(`Execution Error: ${e instanceof Error ? e.message : String(e)}`);
  }
}
