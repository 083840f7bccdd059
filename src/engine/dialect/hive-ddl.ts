// Athena's Hive-dialect DDL, parsed into the structures the Glue catalog needs. None of it runs
// on DuckDB. Column types are kept as Hive type strings, normalized (`array<struct<a:int>>`).
import { Cursor } from './tokens.js';
import { notSupported } from './errors.js';

export interface TableName {
  database?: string;
  name: string;
}
export interface HiveColumn {
  name: string;
  type: string;
  comment?: string;
}
export interface DelimitedFormat {
  fieldsTerminatedBy?: string;
  escapedBy?: string;
  collectionItemsTerminatedBy?: string;
  mapKeysTerminatedBy?: string;
  linesTerminatedBy?: string;
  nullDefinedAs?: string;
}
export type RowFormat =
  | { kind: 'serde'; serde: string; serdeProperties: Record<string, string> }
  | { kind: 'delimited'; delimited: DelimitedFormat; serdeProperties: Record<string, string> };

export interface CreateTable extends TableName {
  kind: 'create_table';
  external: boolean;
  ifNotExists: boolean;
  columns: HiveColumn[];
  partitionKeys: HiveColumn[];
  comment?: string;
  rowFormat?: RowFormat;
  /** `STORED AS PARQUET` → 'PARQUET'. */
  storedAs?: string;
  inputFormat?: string;
  outputFormat?: string;
  location?: string;
  tblProperties: Record<string, string>;
}
export interface PartitionSpec {
  values: Record<string, string>;
  location?: string;
}
export type HiveDdl =
  | CreateTable
  | ({ kind: 'msck_repair_table' } & TableName)
  | ({ kind: 'add_partitions'; ifNotExists: boolean; partitions: PartitionSpec[] } & TableName)
  | ({ kind: 'drop_partitions'; ifExists: boolean; partitions: Record<string, string>[] } & TableName)
  | { kind: 'show_databases'; like?: string }
  | { kind: 'show_tables'; database?: string; like?: string }
  | { kind: 'show_views'; database?: string; like?: string }
  | ({ kind: 'show_partitions' } & TableName)
  | ({ kind: 'show_columns' } & TableName)
  | ({ kind: 'show_create_table' } & TableName)
  | ({ kind: 'show_tblproperties' } & TableName)
  | ({ kind: 'describe'; extended: boolean; formatted: boolean; column?: string } & TableName)
  | { kind: 'create_database'; name: string; ifNotExists: boolean; comment?: string; location?: string; properties: Record<string, string> }
  | { kind: 'drop_database'; name: string; ifExists: boolean; cascade: boolean }
  | ({ kind: 'drop_table'; ifExists: boolean } & TableName)
  | ({ kind: 'drop_view'; ifExists: boolean } & TableName);

const PRIMITIVES = new Set([
  'tinyint', 'smallint', 'int', 'integer', 'bigint', 'boolean', 'float', 'double', 'string',
  'binary', 'timestamp', 'date', 'decimal', 'varchar', 'char',
]);

/** A Hive type: primitives, decimal(p,s), varchar(n), array<…>, map<…,…>, struct<a:…,…>. */
function hiveType(c: Cursor): string {
  const peeked = c.peek()?.text.toLowerCase() ?? '';
  if (!['array', 'map', 'struct'].includes(peeked) && !PRIMITIVES.has(peeked)) throw c.error(`unknown type '${peeked}'`);
  const name = c.identifier().toLowerCase();
  if (name === 'array') {
    c.expect('<');
    const inner = hiveType(c);
    c.closeAngle();
    return `array<${inner}>`;
  }
  if (name === 'map') {
    c.expect('<');
    const k = hiveType(c);
    c.expect(',');
    const v = hiveType(c);
    c.closeAngle();
    return `map<${k},${v}>`;
  }
  if (name === 'struct') {
    c.expect('<');
    const fields: string[] = [];
    do {
      const field = c.identifier();
      c.expect(':');
      fields.push(`${field}:${hiveType(c)}`);
    } while (c.accept(','));
    c.closeAngle();
    return `struct<${fields.join(',')}>`;
  }
  const canonical = name === 'integer' ? 'int' : name;
  if (c.accept('(')) {
    const args = [c.next().text];
    while (c.accept(',')) args.push(c.next().text);
    c.expect(')');
    return `${canonical}(${args.join(',')})`;
  }
  return canonical;
}

function columns(c: Cursor): HiveColumn[] {
  const out: HiveColumn[] = [];
  c.expect('(');
  do {
    const col: HiveColumn = { name: c.identifier(), type: hiveType(c) };
    if (c.accept('COMMENT')) col.comment = c.string();
    out.push(col);
  } while (c.accept(','));
  c.expect(')');
  return out;
}

/** `('k'='v', …)` */
export function properties(c: Cursor): Record<string, string> {
  const out: Record<string, string> = {};
  c.expect('(');
  if (c.accept(')')) return out;
  do {
    const k = c.string();
    c.expect('=');
    out[k] = c.string();
  } while (c.accept(','));
  c.expect(')');
  return out;
}

function delimited(c: Cursor): DelimitedFormat {
  const d: DelimitedFormat = {};
  for (;;) {
    if (c.accept('FIELDS', 'TERMINATED', 'BY')) {
      d.fieldsTerminatedBy = c.string();
      if (c.accept('ESCAPED', 'BY')) d.escapedBy = c.string();
    } else if (c.accept('COLLECTION', 'ITEMS', 'TERMINATED', 'BY')) d.collectionItemsTerminatedBy = c.string();
    else if (c.accept('MAP', 'KEYS', 'TERMINATED', 'BY')) d.mapKeysTerminatedBy = c.string();
    else if (c.accept('LINES', 'TERMINATED', 'BY')) d.linesTerminatedBy = c.string();
    else if (c.accept('NULL', 'DEFINED', 'AS')) d.nullDefinedAs = c.string();
    else return d;
  }
}

function createTable(c: Cursor, external: boolean): CreateTable {
  const ifNotExists = c.accept('IF', 'NOT', 'EXISTS');
  const t: CreateTable = {
    kind: 'create_table', external, ifNotExists, ...c.qualifiedName(), columns: [], partitionKeys: [], tblProperties: {},
  };
  if (c.at('(')) t.columns = columns(c);
  for (;;) {
    if (c.accept('COMMENT')) t.comment = c.string();
    else if (c.accept('PARTITIONED', 'BY')) t.partitionKeys = columns(c);
    else if (c.at('CLUSTERED', 'BY')) throw notSupported('CLUSTERED BY');
    else if (c.accept('ROW', 'FORMAT', 'SERDE')) {
      const serde = c.string();
      t.rowFormat = { kind: 'serde', serde, serdeProperties: c.accept('WITH', 'SERDEPROPERTIES') ? properties(c) : {} };
    } else if (c.accept('ROW', 'FORMAT', 'DELIMITED')) {
      const d = delimited(c);
      t.rowFormat = { kind: 'delimited', delimited: d, serdeProperties: c.accept('WITH', 'SERDEPROPERTIES') ? properties(c) : {} };
    } else if (c.accept('WITH', 'SERDEPROPERTIES')) {
      const props = properties(c);
      if (t.rowFormat) t.rowFormat.serdeProperties = props;
      else throw c.error('WITH SERDEPROPERTIES needs a ROW FORMAT');
    } else if (c.accept('STORED', 'AS', 'INPUTFORMAT')) {
      t.inputFormat = c.string();
      c.expect('OUTPUTFORMAT');
      t.outputFormat = c.string();
    } else if (c.accept('STORED', 'AS')) t.storedAs = c.identifier().toUpperCase();
    else if (c.accept('LOCATION')) t.location = c.string();
    else if (c.accept('TBLPROPERTIES')) t.tblProperties = properties(c);
    else break;
  }
  c.end();
  return t;
}

/** `PARTITION (k = 'v', …)` */
function partitionValues(c: Cursor): Record<string, string> {
  c.expect('PARTITION');
  c.expect('(');
  const out: Record<string, string> = {};
  do {
    const k = c.identifier();
    c.expect('=');
    const v = c.next();
    out[k] = v.text;
  } while (c.accept(','));
  c.expect(')');
  return out;
}

function alterTable(c: Cursor): HiveDdl {
  const name = c.qualifiedName();
  if (c.accept('ADD')) {
    const ifNotExists = c.accept('IF', 'NOT', 'EXISTS');
    const partitions: PartitionSpec[] = [];
    while (c.at('PARTITION')) {
      const p: PartitionSpec = { values: partitionValues(c) };
      if (c.accept('LOCATION')) p.location = c.string();
      partitions.push(p);
    }
    if (partitions.length === 0) throw c.error('expecting PARTITION');
    c.end();
    return { kind: 'add_partitions', ...name, ifNotExists, partitions };
  }
  if (c.accept('DROP')) {
    const ifExists = c.accept('IF', 'EXISTS');
    const partitions = [partitionValues(c)];
    while (c.accept(',')) partitions.push(partitionValues(c));
    c.end();
    return { kind: 'drop_partitions', ...name, ifExists, partitions };
  }
  throw notSupported(`ALTER TABLE ${c.peek()?.text ?? ''}`.trim());
}

function show(c: Cursor): HiveDdl {
  const like = (): string | undefined => {
    if (c.accept('LIKE')) return c.string();
    return c.peek()?.type === 'STRING' ? c.string() : undefined;
  };
  let out: HiveDdl;
  if (c.accept('DATABASES') || c.accept('SCHEMAS')) out = { kind: 'show_databases', like: like() };
  else if (c.at('TABLES') || c.at('VIEWS')) {
    const views = c.next().text.toUpperCase() === 'VIEWS';
    const database = c.accept('IN') || c.accept('FROM') ? c.identifier() : undefined;
    out = { kind: views ? 'show_views' : 'show_tables', database, like: like() };
  } else if (c.accept('PARTITIONS')) out = { kind: 'show_partitions', ...c.qualifiedName() };
  else if (c.accept('COLUMNS')) {
    if (!c.accept('IN')) c.expect('FROM');
    const t = c.qualifiedName();
    if (c.accept('IN') || c.accept('FROM')) t.database = c.identifier();
    out = { kind: 'show_columns', ...t };
  } else if (c.accept('CREATE', 'TABLE')) out = { kind: 'show_create_table', ...c.qualifiedName() };
  else if (c.accept('TBLPROPERTIES')) out = { kind: 'show_tblproperties', ...c.qualifiedName() };
  else throw notSupported(`SHOW ${c.peek()?.text ?? ''}`.trim());
  c.end();
  return out;
}

/** Parses one Athena DDL statement (the classifier has routed it here). */
export function parseHiveDdl(c: Cursor): HiveDdl {
  if (c.accept('CREATE', 'EXTERNAL', 'TABLE')) return createTable(c, true);
  if (c.accept('CREATE', 'TABLE')) return createTable(c, false);
  if (c.accept('CREATE', 'DATABASE') || c.accept('CREATE', 'SCHEMA')) {
    const ifNotExists = c.accept('IF', 'NOT', 'EXISTS');
    const out: HiveDdl = { kind: 'create_database', name: c.identifier(), ifNotExists, properties: {} };
    for (;;) {
      if (c.accept('COMMENT')) out.comment = c.string();
      else if (c.accept('LOCATION')) out.location = c.string();
      else if (c.accept('WITH', 'DBPROPERTIES')) out.properties = properties(c);
      else break;
    }
    c.end();
    return out;
  }
  if (c.accept('MSCK', 'REPAIR', 'TABLE')) {
    const t = c.qualifiedName();
    c.end();
    return { kind: 'msck_repair_table', ...t };
  }
  if (c.accept('ALTER', 'TABLE')) return alterTable(c);
  if (c.accept('SHOW')) return show(c);
  if (c.accept('DESCRIBE') || c.accept('DESC')) {
    const extended = c.accept('EXTENDED');
    const formatted = !extended && c.accept('FORMATTED');
    const t = c.qualifiedName();
    const column = c.done ? undefined : c.identifier();
    c.end();
    return { kind: 'describe', extended, formatted, ...t, ...(column ? { column } : {}) };
  }
  if (c.accept('DROP', 'DATABASE') || c.accept('DROP', 'SCHEMA')) {
    const ifExists = c.accept('IF', 'EXISTS');
    const name = c.identifier();
    const cascade = c.accept('CASCADE');
    if (!cascade) c.accept('RESTRICT');
    c.end();
    return { kind: 'drop_database', name, ifExists, cascade };
  }
  for (const [words, kind] of [[['DROP', 'TABLE'], 'drop_table'], [['DROP', 'VIEW'], 'drop_view']] as const) {
    if (c.accept(...words)) {
      const ifExists = c.accept('IF', 'EXISTS');
      const t = c.qualifiedName();
      c.end();
      return { kind, ifExists, ...t };
    }
  }
  throw c.error('expecting a DDL statement');
}
