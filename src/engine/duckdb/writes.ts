// Statements that write the lake: CTAS, INSERT INTO and UNLOAD. DuckDB's COPY writes the files into a temp
// directory under the blob store's tmp/ (swept at start-up, so a crash leaves nothing half-visible); each file
// is then adopted as an S3 object, and only after every object is durable does the catalog learn of the
// table or its new partitions.
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import type { DuckDBType } from '@duckdb/node-api';
import type { S3Lake } from '../../services/s3/lake.js';
import { folderOf, parseS3Location } from '../../services/s3/lake.js';
import type { CatalogScope, EngineCatalog, PartitionInput, Table, TableInput } from '../catalog.js';
import type { PropertyValue } from '../dialect/index.js';
import { EngineError } from '../engine.js';
import type { Slot } from './pool.js';
import { columnsOf, formatOf } from './sources.js';
import { hiveTypeOf } from './types.js';

const lit = (s: string) => `'${s.replace(/'/g, "''")}'`;
const ident = (s: string) => `"${s.replace(/"/g, '""')}"`;

export type WriteFormat = 'parquet' | 'json' | 'textfile';

export interface WriteSpec {
  format: WriteFormat;
  compression: string;
  delimiter: string;
  partitionedBy: string[];
}

const STORAGE: Record<WriteFormat, { input: string; output: string; serde: string; classification: string }> = {
  parquet: {
    input: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat',
    output: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat',
    serde: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe',
    classification: 'parquet',
  },
  json: {
    input: 'org.apache.hadoop.mapred.TextInputFormat',
    output: 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat',
    serde: 'org.openx.data.jsonserde.JsonSerDe',
    classification: 'json',
  },
  textfile: {
    input: 'org.apache.hadoop.mapred.TextInputFormat',
    output: 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat',
    serde: 'org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe',
    classification: 'csv',
  },
};

const KNOWN_PROPERTIES = new Set(['format', 'external_location', 'partitioned_by', 'write_compression', 'compression', 'field_delimiter', 'table_type']);

/** CTAS / UNLOAD properties → what to write; formats DuckDB cannot write are refused by name. */
export function writeSpec(props: Record<string, PropertyValue>, defaults: { format: string; compression?: string }): WriteSpec {
  const p: Record<string, PropertyValue> = {};
  for (const [k, v] of Object.entries(props)) p[k.toLowerCase()] = v;
  for (const k of Object.keys(p)) {
    if (k === 'bucketed_by' || k === 'bucket_count') throw new EngineError('NOT_SUPPORTED', `NOT_SUPPORTED: Table property '${k}' (bucketing) is not supported by Lakestack's engine yet`);
    if (!KNOWN_PROPERTIES.has(k)) throw new EngineError('NOT_SUPPORTED', `INVALID_TABLE_PROPERTY: Catalog 'awsdatacatalog' table property '${k}' does not exist`);
  }
  if (p.table_type !== undefined && String(p.table_type).toUpperCase() !== 'HIVE') {
    throw new EngineError('NOT_SUPPORTED', `NOT_SUPPORTED: table_type '${String(p.table_type)}' is not supported by Lakestack's engine yet; only HIVE tables`);
  }
  const format = String(p.format ?? defaults.format).toLowerCase();
  if (format !== 'parquet' && format !== 'json' && format !== 'textfile') {
    throw new EngineError('NOT_SUPPORTED', `NOT_SUPPORTED: Writing ${format.toUpperCase()} is not supported by Lakestack's engine yet; use PARQUET, JSON or TEXTFILE`);
  }
  const compression = String(p.write_compression ?? p.compression ?? defaults.compression ?? (format === 'parquet' ? 'GZIP' : 'GZIP')).toLowerCase();
  const by = p.partitioned_by;
  return {
    format,
    compression: compression === 'none' ? 'uncompressed' : compression,
    delimiter: String(p.field_delimiter ?? (format === 'textfile' ? '\u0001' : ',')),
    partitionedBy: Array.isArray(by) ? by.map((c) => c.toLowerCase()) : [],
  };
}

function copyOptions(spec: WriteSpec): string {
  if (spec.format === 'parquet') return `FORMAT parquet, COMPRESSION ${spec.compression === 'uncompressed' ? 'uncompressed' : spec.compression}`;
  const comp = spec.compression === 'gzip' || spec.compression === 'zstd' ? spec.compression : 'none';
  if (spec.format === 'json') return `FORMAT json, COMPRESSION ${comp}`;
  return `FORMAT csv, HEADER false, DELIMITER ${lit(spec.delimiter)}, COMPRESSION ${comp}, NULLSTR '\\N'`;
}

function extension(spec: WriteSpec): string {
  if (spec.format === 'parquet') return '';
  return spec.compression === 'gzip' ? '.gz' : spec.compression === 'zstd' ? '.zst' : '';
}

export interface Written {
  rows: number;
  /** Partition values (in partitionedBy order) of each written partition; [[]] when unpartitioned. */
  partitions: string[][];
  files: number;
  bytes: number;
}

async function walkFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await fsp.readdir(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...(await walkFiles(p)));
    else out.push(p);
  }
  return out.sort();
}

/** Runs COPY for `sql` into temp files and adopts them under `location`; returns what was written. */
export async function writeQuery(slot: Slot, lake: S3Lake, sql: string, location: string, spec: WriteSpec, queryId: string, accountId: string): Promise<Written> {
  const tmp = lake.tempPath();
  await fsp.mkdir(tmp, { recursive: true });
  try {
    const parts = spec.partitionedBy.length ? `, PARTITION_BY (${spec.partitionedBy.map(ident).join(', ')})` : '';
    const r = await slot.conn.run(`COPY (${sql}) TO ${lit(tmp)} (${copyOptions(spec)}${parts}, FILENAME_PATTERN ${lit(`${queryId}_{i}`)}, PER_THREAD_OUTPUT ${parts ? 'false' : 'true'})`);
    const rows = Number(r.rowsChanged);
    const loc = folderOf(parseS3Location(location));
    const partitions = new Map<string, string[]>();
    let bytes = 0;
    const files = await walkFiles(tmp);
    for (const f of files) {
      const rel = path.relative(tmp, f).split(path.sep);
      const name = rel.pop()!.replace(/\.(parquet|json|csv)(\.gz|\.zst)?$/, '');
      // DuckDB writes `col=value` directories with values escaped as URLs; Hive paths keep that escaping.
      const values = rel.map((seg) => decodeURIComponent(seg.slice(seg.indexOf('=') + 1)));
      partitions.set(rel.join('/'), values);
      const key = `${loc.prefix}${rel.length ? `${rel.join('/')}/` : ''}${name}${extension(spec)}`;
      const adopted = await lake.adopt(f, loc.bucket, key, spec.format === 'parquet' ? 'application/octet-stream' : 'text/plain', accountId);
      bytes += adopted.size;
    }
    return { rows, partitions: spec.partitionedBy.length ? [...partitions.values()] : [[]], files: files.length, bytes };
  } finally {
    await lake.discard(tmp);
  }
}

/** The Glue definition of a table written as `spec` with the given result types (partition columns last). */
export function tableInputFor(name: string, location: string, spec: WriteSpec, columns: { name: string; type: DuckDBType }[]): TableInput {
  const store = STORAGE[spec.format];
  const hive = columns.map((c) => ({ Name: c.name.toLowerCase(), Type: hiveTypeOf(c.type) }));
  const keys = spec.partitionedBy.map((k) => {
    const c = hive.find((h) => h.Name === k);
    if (!c) throw new EngineError('COLUMN_NOT_FOUND', `COLUMN_NOT_FOUND: Partition column '${k}' is not in the query's columns`);
    return c;
  });
  const last = hive.slice(hive.length - keys.length).map((c) => c.Name);
  if (keys.length && last.join() !== spec.partitionedBy.join()) {
    throw new EngineError('SYNTAX_ERROR', 'SYNTAX_ERROR: Partition columns must be the last columns in the SELECT list, in the order of partitioned_by');
  }
  const serdeParams: Record<string, string> = spec.format === 'textfile' ? { 'field.delim': spec.delimiter, 'serialization.format': spec.delimiter } : {};
  return {
    Name: name,
    TableType: 'EXTERNAL_TABLE',
    Parameters: { EXTERNAL: 'TRUE', classification: store.classification, has_encrypted_data: 'false', [`${spec.format === 'parquet' ? 'parquet' : 'write'}.compression`]: spec.compression.toUpperCase() },
    PartitionKeys: keys,
    StorageDescriptor: {
      Columns: hive.slice(0, hive.length - keys.length),
      Location: location.replace(/\/?$/, '/'),
      InputFormat: store.input,
      OutputFormat: store.output,
      Compressed: false,
      NumberOfBuckets: 0,
      SerdeInfo: { SerializationLibrary: store.serde, Parameters: serdeParams },
      StoredAsSubDirectories: false,
    },
  };
}

/** The spec INSERT INTO uses: the target table's own format and partitioning. */
export function specOfTable(t: Table): WriteSpec {
  const f = formatOf(t);
  const keys = columnsOf(t).partitionKeys.map((k) => k.name);
  const comp = (t.Parameters?.['parquet.compression'] ?? t.Parameters?.['write.compression'] ?? (f.kind === 'parquet' ? 'SNAPPY' : 'GZIP')).toLowerCase();
  if (f.kind === 'parquet') return { format: 'parquet', compression: comp, delimiter: ',', partitionedBy: keys };
  if (f.kind === 'json') return { format: 'json', compression: comp, delimiter: ',', partitionedBy: keys };
  return { format: 'textfile', compression: comp, delimiter: f.delimiter, partitionedBy: keys };
}

/** Registers the partitions a write produced (existing ones are left as they are). */
export async function registerPartitions(catalog: EngineCatalog, scope: CatalogScope, t: Table, values: string[][]): Promise<void> {
  if (!(t.PartitionKeys ?? []).length) return;
  const base = (t.StorageDescriptor?.Location ?? '').replace(/\/?$/, '/');
  const inputs: PartitionInput[] = values.map((v) => ({
    Values: v,
    StorageDescriptor: { ...t.StorageDescriptor, Location: `${base}${(t.PartitionKeys ?? []).map((k, i) => `${k.Name}=${v[i]}`).join('/')}/` },
  }));
  if (inputs.length) await catalog.createPartitions(scope, t.DatabaseName!, t.Name, inputs);
}
