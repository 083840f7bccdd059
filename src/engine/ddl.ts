// Athena's Hive DDL as catalog operations (parsed by the dialect layer; none of it runs on DuckDB): CREATE
// EXTERNAL TABLE/DATABASE, DROP, MSCK REPAIR TABLE, ALTER TABLE ADD/DROP PARTITION, SHOW and DESCRIBE.
// Results are rows of text, as Athena returns DDL results (no header row, type `string`).
import type { S3Lake } from '../services/s3/lake.js';
import { LakeError, folderOf, parseS3Location } from '../services/s3/lake.js';
import type { CatalogScope, EngineCatalog, Table, TableInput } from './catalog.js';
import type { CreateTable, HiveDdl } from './dialect/index.js';
import { EngineError, type EngineColumn, type EngineValue } from './engine.js';

export interface DdlResult {
  columns: EngineColumn[];
  rows: EngineValue[][];
  subtype: string;
}

const col = (name: string): EngineColumn => ({ name, type: 'string', fullType: 'string', precision: 0, scale: 0 });
const unquote = (s: string) => (/^'.*'$/.test(s) || /^".*"$/.test(s) ? s.slice(1, -1) : s);
const likeMatcher = (like?: string) => {
  if (!like) return () => true;
  // Hive's SHOW … LIKE takes `*` wildcards and `|` alternatives.
  const re = new RegExp(`^(?:${like.split('|').map((p) => p.trim().replace(/[.+?^${}()[\]\\]/g, '\\$&').replace(/\*/g, '.*')).join('|')})$`, 'i');
  return (name: string) => re.test(name);
};

const SERDES: Record<string, { serde: string; input: string; output: string }> = {
  PARQUET: {
    serde: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe',
    input: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat',
    output: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat',
  },
  TEXTFILE: {
    serde: 'org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe',
    input: 'org.apache.hadoop.mapred.TextInputFormat',
    output: 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat',
  },
  ORC: {
    serde: 'org.apache.hadoop.hive.ql.io.orc.OrcSerde',
    input: 'org.apache.hadoop.hive.ql.io.orc.OrcInputFormat',
    output: 'org.apache.hadoop.hive.ql.io.orc.OrcOutputFormat',
  },
  AVRO: {
    serde: 'org.apache.hadoop.hive.serde2.avro.AvroSerDe',
    input: 'org.apache.hadoop.hive.ql.io.avro.AvroContainerInputFormat',
    output: 'org.apache.hadoop.hive.ql.io.avro.AvroContainerOutputFormat',
  },
};

/** The Glue table a CREATE [EXTERNAL] TABLE describes, as Athena registers it. */
export function tableInputOf(ddl: CreateTable): TableInput {
  const stored = SERDES[ddl.storedAs ?? 'TEXTFILE'] ?? SERDES.TEXTFILE!;
  let serde = stored.serde;
  const params: Record<string, string> = {};
  if (ddl.rowFormat?.kind === 'serde') serde = ddl.rowFormat.serde;
  if (ddl.rowFormat?.kind === 'delimited') {
    const d = ddl.rowFormat.delimited;
    serde = SERDES.TEXTFILE!.serde;
    if (d.fieldsTerminatedBy !== undefined) Object.assign(params, { 'field.delim': d.fieldsTerminatedBy, 'serialization.format': d.fieldsTerminatedBy });
    if (d.escapedBy !== undefined) params['escape.delim'] = d.escapedBy;
    if (d.collectionItemsTerminatedBy !== undefined) params['collection.delim'] = d.collectionItemsTerminatedBy;
    if (d.mapKeysTerminatedBy !== undefined) params['mapkey.delim'] = d.mapKeysTerminatedBy;
    if (d.linesTerminatedBy !== undefined) params['line.delim'] = d.linesTerminatedBy;
    if (d.nullDefinedAs !== undefined) params['serialization.null.format'] = d.nullDefinedAs;
  }
  Object.assign(params, ddl.rowFormat?.serdeProperties ?? {});
  if (serde === SERDES.TEXTFILE!.serde && !params['serialization.format']) params['serialization.format'] = params['field.delim'] ?? '1';
  return {
    Name: ddl.name,
    Description: ddl.comment,
    TableType: ddl.external ? 'EXTERNAL_TABLE' : 'MANAGED_TABLE',
    Parameters: { ...(ddl.external ? { EXTERNAL: 'TRUE' } : {}), ...ddl.tblProperties },
    PartitionKeys: ddl.partitionKeys.map((c) => ({ Name: c.name.toLowerCase(), Type: c.type, ...(c.comment ? { Comment: c.comment } : {}) })),
    StorageDescriptor: {
      Columns: ddl.columns.map((c) => ({ Name: c.name.toLowerCase(), Type: c.type, ...(c.comment ? { Comment: c.comment } : {}) })),
      Location: ddl.location,
      InputFormat: ddl.inputFormat ?? stored.input,
      OutputFormat: ddl.outputFormat ?? stored.output,
      Compressed: false,
      NumberOfBuckets: -1,
      SerdeInfo: { SerializationLibrary: serde, Parameters: params },
      BucketColumns: [],
      SortColumns: [],
      StoredAsSubDirectories: false,
    },
  };
}

export interface DdlContext {
  catalog: EngineCatalog;
  lake: S3Lake;
  scope: CatalogScope;
  database: string;
}

async function requireTable(ctx: DdlContext, db: string | undefined, name: string): Promise<Table> {
  const database = (db ?? ctx.database).toLowerCase();
  if (!(await ctx.catalog.getDatabase(ctx.scope, database))) {
    throw new EngineError('SCHEMA_NOT_FOUND', `SCHEMA_NOT_FOUND: Schema '${database}' does not exist`);
  }
  const t = await ctx.catalog.getTable(ctx.scope, database, name);
  if (!t) throw new EngineError('TABLE_NOT_FOUND', `TABLE_NOT_FOUND: Table '${`awsdatacatalog.${database}.${name}`.toLowerCase()}' does not exist`);
  return t;
}

function orderedValues(t: Table, values: Record<string, string>): string[] {
  const lower: Record<string, string> = {};
  for (const [k, v] of Object.entries(values)) lower[k.toLowerCase()] = unquote(v);
  return (t.PartitionKeys ?? []).map((k) => {
    const v = lower[k.Name.toLowerCase()];
    if (v === undefined) throw new EngineError('SYNTAX_ERROR', `SYNTAX_ERROR: Partition spec is missing key '${k.Name}'`);
    return v;
  });
}

const partitionPath = (t: Table, values: string[]) => (t.PartitionKeys ?? []).map((k, i) => `${k.Name}=${values[i]}`).join('/');

/** MSCK REPAIR TABLE: every `k=v/…` folder under the table's location that holds files becomes a partition. */
async function msckRepair(ctx: DdlContext, t: Table): Promise<EngineValue[][]> {
  const keys = (t.PartitionKeys ?? []).map((k) => k.Name.toLowerCase());
  const location = t.StorageDescriptor?.Location;
  if (!keys.length || !location) return [];
  const loc = folderOf(parseS3Location(location));
  let files;
  try {
    files = ctx.lake.listFiles(loc);
  } catch (e) {
    if (e instanceof LakeError) return [];
    throw e;
  }
  const found = new Map<string, string[]>();
  for (const f of files) {
    const segs = f.key.slice(loc.prefix.length).split('/').slice(0, -1);
    if (segs.length < keys.length) continue;
    const values: string[] = [];
    for (let i = 0; i < keys.length; i++) {
      const [k, ...rest] = segs[i]!.split('=');
      if (k?.toLowerCase() !== keys[i] || !rest.length) break;
      values.push(decodeURIComponent(rest.join('=')));
    }
    if (values.length === keys.length) found.set(values.join('\u0000'), values);
  }
  const existing = new Set((await ctx.catalog.getPartitions(ctx.scope, t.DatabaseName!, t.Name)).map((p) => (p.Values ?? []).join('\u0000')));
  const missing = [...found.entries()].filter(([k]) => !existing.has(k)).map(([, v]) => v);
  if (!missing.length) return [];
  const base = location.replace(/\/?$/, '/');
  await ctx.catalog.createPartitions(ctx.scope, t.DatabaseName!, t.Name, missing.map((v) => ({
    Values: v, StorageDescriptor: { ...t.StorageDescriptor, Location: `${base}${partitionPath(t, v)}/` },
  })));
  return [
    [`Partitions not in metastore:\t${missing.map((v) => `${t.Name}:${partitionPath(t, v)}`).join('\t')}`],
    ...missing.map((v) => [`Repair: Added partition to metastore ${t.Name}:${partitionPath(t, v)}`]),
  ];
}

function describeRows(t: Table): EngineValue[][] {
  const line = (n: string, ty: string, c = '') => [`${n.padEnd(20)}\t${ty.padEnd(20)}\t${c.padEnd(20)}`];
  const rows = (t.StorageDescriptor?.Columns ?? []).map((c) => line(c.Name, c.Type ?? '', c.Comment ?? ''));
  for (const k of t.PartitionKeys ?? []) rows.push(line(k.Name, k.Type ?? '', k.Comment ?? ''));
  if (t.PartitionKeys?.length) {
    rows.push(['\t \t '], ['# Partition Information\t \t '], [`# col_name            \tdata_type           \tcomment             `], ['\t \t ']);
    for (const k of t.PartitionKeys) rows.push(line(k.Name, k.Type ?? '', k.Comment ?? ''));
  }
  return rows;
}

function showCreateTable(t: Table): EngineValue[][] {
  const sd = t.StorageDescriptor ?? {};
  const cols = (sd.Columns ?? []).map((c) => `  \`${c.Name}\` ${c.Type}`).join(',\n');
  const lines = [`CREATE EXTERNAL TABLE \`${t.DatabaseName}\`.\`${t.Name}\`(`, cols, ')'];
  if (t.PartitionKeys?.length) lines.push('PARTITIONED BY (', t.PartitionKeys.map((k) => `  \`${k.Name}\` ${k.Type}`).join(',\n'), ')');
  lines.push('ROW FORMAT SERDE ', `  '${sd.SerdeInfo?.SerializationLibrary ?? ''}' `);
  const sp = Object.entries(sd.SerdeInfo?.Parameters ?? {});
  if (sp.length) lines.push('WITH SERDEPROPERTIES ( ', sp.map(([k, v]) => `  '${k}'='${v}'`).join(', \n') + ')');
  lines.push('STORED AS INPUTFORMAT ', `  '${sd.InputFormat ?? ''}' `, 'OUTPUTFORMAT ', `  '${sd.OutputFormat ?? ''}'`, 'LOCATION', `  '${sd.Location ?? ''}'`);
  const tp = Object.entries(t.Parameters ?? {});
  if (tp.length) lines.push('TBLPROPERTIES (', tp.map(([k, v]) => `  '${k}'='${v}'`).join(', \n') + ')');
  return lines.join('\n').split('\n').map((l) => [l]);
}

/** Runs one DDL statement against the catalog. */
export async function runDdl(ctx: DdlContext, ddl: HiveDdl): Promise<DdlResult> {
  const none = (subtype: string): DdlResult => ({ columns: [], rows: [], subtype });
  const dbOf = (d?: string) => (d ?? ctx.database).toLowerCase();
  switch (ddl.kind) {
    case 'create_table': {
      const db = dbOf(ddl.database);
      if (!(await ctx.catalog.getDatabase(ctx.scope, db))) throw new EngineError('SCHEMA_NOT_FOUND', `SCHEMA_NOT_FOUND: Namespace ${db} not found. Please check your query.`);
      if (await ctx.catalog.getTable(ctx.scope, db, ddl.name)) {
        if (ddl.ifNotExists) return none('CREATE_TABLE');
        throw new EngineError('TABLE_ALREADY_EXISTS', `TABLE_ALREADY_EXISTS: Table awsdatacatalog.${db}.${ddl.name.toLowerCase()} already exists`);
      }
      await ctx.catalog.createTable(ctx.scope, db, tableInputOf(ddl));
      return none('CREATE_TABLE');
    }
    case 'create_database': {
      if (await ctx.catalog.getDatabase(ctx.scope, ddl.name)) {
        if (ddl.ifNotExists) return none('CREATE_DATABASE');
        throw new EngineError('SCHEMA_ALREADY_EXISTS', `SCHEMA_ALREADY_EXISTS: Database ${ddl.name.toLowerCase()} already exists`);
      }
      await ctx.catalog.createDatabase(ctx.scope, { Name: ddl.name, Description: ddl.comment, LocationUri: ddl.location, Parameters: ddl.properties });
      return none('CREATE_DATABASE');
    }
    case 'drop_database': {
      if (!(await ctx.catalog.getDatabase(ctx.scope, ddl.name))) {
        if (ddl.ifExists) return none('DROP_DATABASE');
        throw new EngineError('SCHEMA_NOT_FOUND', `SCHEMA_NOT_FOUND: Database ${ddl.name.toLowerCase()} does not exist`);
      }
      if (!ddl.cascade && (await ctx.catalog.listTables(ctx.scope, ddl.name)).length) {
        throw new EngineError('GENERIC_INTERNAL_ERROR', `InvalidOperationException: Database ${ddl.name.toLowerCase()} is not empty. One or more tables exist.`, 2);
      }
      await ctx.catalog.deleteDatabase(ctx.scope, ddl.name);
      return none('DROP_DATABASE');
    }
    case 'drop_table':
    case 'drop_view': {
      const db = dbOf(ddl.database);
      const t = (await ctx.catalog.getDatabase(ctx.scope, db)) ? await ctx.catalog.getTable(ctx.scope, db, ddl.name) : undefined;
      if (!t) {
        if (ddl.ifExists) return none(ddl.kind === 'drop_table' ? 'DROP_TABLE' : 'DROP_VIEW');
        throw new EngineError('TABLE_NOT_FOUND', `TABLE_NOT_FOUND: Table '${`awsdatacatalog.${db}.${ddl.name}`.toLowerCase()}' does not exist`);
      }
      await ctx.catalog.deleteTable(ctx.scope, db, t.Name);
      return none(ddl.kind === 'drop_table' ? 'DROP_TABLE' : 'DROP_VIEW');
    }
    case 'msck_repair_table': {
      const t = await requireTable(ctx, ddl.database, ddl.name);
      return { columns: [col('result')], rows: await msckRepair(ctx, t), subtype: 'MSCK_REPAIR_TABLE' };
    }
    case 'add_partitions': {
      const t = await requireTable(ctx, ddl.database, ddl.name);
      const base = (t.StorageDescriptor?.Location ?? '').replace(/\/?$/, '/');
      const inputs = ddl.partitions.map((p) => {
        const values = orderedValues(t, p.values);
        return { Values: values, StorageDescriptor: { ...t.StorageDescriptor, Location: p.location ?? `${base}${partitionPath(t, values)}/` } };
      });
      const { existing } = await ctx.catalog.createPartitions(ctx.scope, t.DatabaseName!, t.Name, inputs);
      if (existing.length && !ddl.ifNotExists) throw new EngineError('GENERIC_INTERNAL_ERROR', 'AlreadyExistsException: Partition already exists.', 2);
      return none('ALTER_TABLE_ADD_PARTITION');
    }
    case 'drop_partitions': {
      const t = await requireTable(ctx, ddl.database, ddl.name);
      await ctx.catalog.deletePartitions(ctx.scope, t.DatabaseName!, t.Name, ddl.partitions.map((p) => orderedValues(t, p)));
      return none('ALTER_TABLE_DROP_PARTITION');
    }
    case 'show_databases': {
      const like = likeMatcher(ddl.like);
      const rows = (await ctx.catalog.listDatabases(ctx.scope)).map((d) => d.Name).filter(like).sort().map((n) => [n]);
      return { columns: [col('database_name')], rows, subtype: 'SHOW_DATABASES' };
    }
    case 'show_tables':
    case 'show_views': {
      const db = dbOf(ddl.database);
      if (!(await ctx.catalog.getDatabase(ctx.scope, db))) throw new EngineError('SCHEMA_NOT_FOUND', `SCHEMA_NOT_FOUND: Schema '${db}' does not exist`);
      const like = likeMatcher(ddl.like);
      const views = ddl.kind === 'show_views';
      const rows = (await ctx.catalog.listTables(ctx.scope, db))
        .filter((t) => (t.TableType === 'VIRTUAL_VIEW') === views && like(t.Name)).map((t) => [t.Name]).sort();
      return { columns: [col(views ? 'views' : 'tab_name')], rows, subtype: views ? 'SHOW_VIEWS' : 'SHOW_TABLES' };
    }
    case 'show_partitions': {
      const t = await requireTable(ctx, ddl.database, ddl.name);
      const parts = await ctx.catalog.getPartitions(ctx.scope, t.DatabaseName!, t.Name);
      return { columns: [col('partition')], rows: parts.map((p) => [partitionPath(t, p.Values ?? [])]).sort(), subtype: 'SHOW_PARTITIONS' };
    }
    case 'show_columns': {
      const t = await requireTable(ctx, ddl.database, ddl.name);
      const rows = [...(t.StorageDescriptor?.Columns ?? []), ...(t.PartitionKeys ?? [])].map((c) => [`${c.Name.padEnd(20)}`]);
      return { columns: [col('field')], rows, subtype: 'SHOW_COLUMNS' };
    }
    case 'show_create_table': {
      const t = await requireTable(ctx, ddl.database, ddl.name);
      return { columns: [col('createtab_stmt')], rows: showCreateTable(t), subtype: 'SHOW_CREATE_TABLE' };
    }
    case 'show_tblproperties': {
      const t = await requireTable(ctx, ddl.database, ddl.name);
      return { columns: [col('prpt_name'), col('prpt_value')], rows: Object.entries(t.Parameters ?? {}).map(([k, v]) => [k, v]), subtype: 'SHOW_TBLPROPERTIES' };
    }
    case 'describe': {
      const t = await requireTable(ctx, ddl.database, ddl.name);
      return { columns: [col('col_name'), col('data_type'), col('comment')].slice(0, 1), rows: describeRows(t), subtype: 'DESCRIBE_TABLE' };
    }
  }
}
