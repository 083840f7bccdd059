// A catalog table as a DuckDB relation: its storage format decides the reader (read_parquet, read_csv with the
// SerDe's delimiter and header skip, read_json), its partitions become constant columns, and only the files of
// the partitions that survive pruning are read (their bytes are what the statement scanned).
import type { LakeFile } from '../../services/s3/lake.js';
import type { Partition, Table } from '../catalog.js';
import { EngineError } from '../engine.js';
import { duckdbType, parseHiveType } from './types.js';

export type TableFormat =
  | { kind: 'parquet' }
  | { kind: 'text'; delimiter: string; skipHeader: number; nullText: string; quote: string; escape: string; allString: boolean }
  | { kind: 'json' };

const lit = (s: string) => `'${s.replace(/'/g, "''")}'`;
const ident = (s: string) => `"${s.replace(/"/g, '""')}"`;

/** Hive writes control characters in DDL as octal/escape text (`'\001'`, `'\t'`); the SerDe sees the character. */
function unescapeDelimiter(d: string | undefined, fallback: string): string {
  if (d === undefined || d === '') return fallback;
  if (/^\\[0-7]{1,3}$/.test(d)) return String.fromCharCode(parseInt(d.slice(1), 8));
  if (d === '\\t') return '\t';
  if (/^\d+$/.test(d) && d.length > 1) return String.fromCharCode(Number(d));
  return d[0] === '\\' && d.length === 2 ? d[1]! : d[0]!;
}

/** The reader a table needs, from its SerDe, input format and `classification`, as Athena decides it. */
export function formatOf(t: Table): TableFormat {
  const sd = t.StorageDescriptor ?? {};
  const serde = (sd.SerdeInfo?.SerializationLibrary ?? '').toLowerCase();
  const input = (sd.InputFormat ?? '').toLowerCase();
  const cls = (t.Parameters?.classification ?? '').toLowerCase();
  const params = { ...(sd.SerdeInfo?.Parameters ?? {}) };
  const skipHeader = Number(t.Parameters?.['skip.header.line.count'] ?? params['skip.header.line.count'] ?? 0) || 0;
  if (serde.includes('parquet') || input.includes('parquet') || cls === 'parquet') return { kind: 'parquet' };
  if (serde.includes('orc') || input.includes('orc') || cls === 'orc') throw unsupportedFormat('ORC', t);
  if (serde.includes('avro') || input.includes('avro') || cls === 'avro') throw unsupportedFormat('Avro', t);
  if (serde.includes('ion') || input.includes('ion')) throw unsupportedFormat('Ion', t);
  if (serde.includes('json') || cls === 'json') return { kind: 'json' };
  if (serde.includes('opencsvserde')) {
    return {
      kind: 'text', delimiter: unescapeDelimiter(params.separatorChar, ','), skipHeader, nullText: '',
      // OpenCSV reads `""` inside quotes as a quote; an explicit escapeChar takes over when the table sets one.
      quote: params.quoteChar ?? '"', escape: params.escapeChar ?? params.quoteChar ?? '"', allString: true,
    };
  }
  if (serde.includes('lazysimpleserde') || input.includes('textinputformat') || cls === 'csv' || cls === 'tsv' || !serde) {
    const delim = params['field.delim'] ?? params['serialization.format'];
    return {
      kind: 'text', delimiter: unescapeDelimiter(delim, cls === 'tsv' ? '\t' : cls === 'csv' ? ',' : '\u0001'), skipHeader,
      nullText: params['serialization.null.format'] ?? '\\N', quote: '', escape: params['escape.delim'] ?? '', allString: false,
    };
  }
  throw new EngineError('HIVE_UNSUPPORTED_FORMAT', `HIVE_UNSUPPORTED_FORMAT: Unable to create input format for SerDe ${sd.SerdeInfo?.SerializationLibrary}`);
}

function unsupportedFormat(name: string, t: Table): EngineError {
  return new EngineError('HIVE_UNSUPPORTED_FORMAT', `HIVE_UNSUPPORTED_FORMAT: ${name} files are not readable by Lakestack's engine yet (table ${t.DatabaseName}.${t.Name})`);
}

/** Compression from the object key, since blob files carry no extension for DuckDB to look at. */
function compressionOf(key: string): string {
  const k = key.toLowerCase();
  if (k.endsWith('.gz') || k.endsWith('.gzip')) return 'gzip';
  if (k.endsWith('.zst') || k.endsWith('.zstd')) return 'zstd';
  // 'uncompressed' is the spelling both read_csv and read_json accept ('none' is read_csv's only).
  return 'uncompressed';
}

export interface TableColumn {
  name: string;
  hiveType: string;
  duckType: string;
}

export function columnsOf(t: Table): { columns: TableColumn[]; partitionKeys: TableColumn[] } {
  const conv = (c: { Name: string; Type?: string }): TableColumn => {
    const hiveType = (c.Type ?? 'string').toLowerCase();
    return { name: c.Name.toLowerCase(), hiveType, duckType: duckdbType(parseHiveType(hiveType)) };
  };
  return { columns: (t.StorageDescriptor?.Columns ?? []).map(conv), partitionKeys: (t.PartitionKeys ?? []).map(conv) };
}

/** One reader call over files that share a compression, projecting the table's columns in order. */
function reader(format: TableFormat, files: LakeFile[], columns: TableColumn[]): string {
  const paths = `[${files.map((f) => lit(f.path)).join(', ')}]`;
  if (format.kind === 'parquet') {
    // Athena matches Parquet columns by name; DuckDB identifiers are case-insensitive, so the file's casing is fine.
    const sel = columns.map((c) => `CAST(${ident(c.name)} AS ${c.duckType}) AS ${ident(c.name)}`).join(', ');
    return `SELECT ${sel || '*'} FROM read_parquet(${paths}, union_by_name = true)`;
  }
  const compression = compressionOf(files[0]!.key);
  if (format.kind === 'json') {
    const cols = columns.map((c) => `${lit(c.name)}: ${lit(c.duckType)}`).join(', ');
    return `SELECT ${columns.map((c) => ident(c.name)).join(', ')} FROM read_json(${paths}, format = 'newline_delimited', columns = {${cols}}, compression = ${lit(compression)}, ignore_errors = true)`;
  }
  // Text is read as strings and converted as Hive's LazySimpleSerDe does: extra fields ignored, missing ones
  // NULL, the null marker NULL, and a value that does not parse as the column's type NULL rather than an error.
  const raw = columns.map((_, i) => `${lit(`c${i}`)}: 'VARCHAR'`).join(', ');
  const opts = [
    `delim = ${lit(format.delimiter)}`, 'header = false', 'auto_detect = false', `columns = {${raw}}`,
    `quote = ${lit(format.quote)}`, `escape = ${lit(format.escape)}`, 'strict_mode = false', 'null_padding = true',
    `skip = ${format.skipHeader}`, `compression = ${lit(compression)}`,
  ];
  // The SerDe's null marker (`\N` for LazySimpleSerDe) is NULL; OpenCSVSerde has none, so DuckDB's default stays.
  if (format.nullText) opts.push(`nullstr = ${lit(format.nullText)}`);
  const sel = columns.map((c, i) => {
    // OpenCSVSerde has no NULL: an empty field is an empty string.
    const v = format.allString ? `COALESCE(c${i}, '')` : `c${i}`;
    return c.duckType === 'VARCHAR' ? `${v} AS ${ident(c.name)}` : `TRY_CAST(${v} AS ${c.duckType}) AS ${ident(c.name)}`;
  });
  return `SELECT ${sel.join(', ')} FROM read_csv(${paths}, ${opts.join(', ')})`;
}

export interface PartitionFiles {
  /** The partition's values, in key order; empty for an unpartitioned table. */
  values: string[];
  files: LakeFile[];
}

/** The relation for a table over the given partitions' files; an empty table is a typed empty relation. */
export function relationSql(t: Table, parts: PartitionFiles[]): string {
  const format = formatOf(t);
  const { columns, partitionKeys } = columnsOf(t);
  const branches: string[] = [];
  for (const p of parts) {
    if (!p.files.length) continue;
    const consts = partitionKeys.map((k, i) => {
      const v = p.values[i];
      const value = v === undefined || v === '__HIVE_DEFAULT_PARTITION__' ? 'NULL' : lit(v);
      return `CAST(${value} AS ${k.duckType}) AS ${ident(k.name)}`;
    });
    const groups = new Map<string, LakeFile[]>();
    for (const f of p.files) {
      const g = format.kind === 'parquet' ? 'parquet' : compressionOf(f.key);
      groups.set(g, [...(groups.get(g) ?? []), f]);
    }
    for (const files of groups.values()) {
      const inner = reader(format, files, columns);
      branches.push(consts.length ? `SELECT *, ${consts.join(', ')} FROM (${inner})` : inner);
    }
  }
  if (!branches.length) {
    const all = [...columns, ...partitionKeys].map((c) => `CAST(NULL AS ${c.duckType}) AS ${ident(c.name)}`);
    return `SELECT ${all.join(', ')} WHERE false`;
  }
  return branches.join('\nUNION ALL\n');
}

/** The partition a Glue partition's values name, for tables that came from DDL or CTAS. */
export function partitionLocation(table: Table, p: Partition): string | undefined {
  return p.StorageDescriptor?.Location ?? (table.StorageDescriptor?.Location
    ? `${table.StorageDescriptor.Location.replace(/\/?$/, '/')}${(table.PartitionKeys ?? []).map((k, i) => `${k.Name}=${p.Values?.[i] ?? ''}`).join('/')}/`
    : undefined);
}
