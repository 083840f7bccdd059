// What one object file holds, as Glue's built-in classifiers (or the crawler's custom CSV/JSON classifiers) would
// report it: classification, columns, compression and the reader options that go into the SerDe. The bytes are
// read in place by DuckDB: sniff_csv for CSV/TSV, read_json's schema detection for JSON, Parquet's own metadata.
import { open } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';
import type { DuckDBConnection } from '@duckdb/node-api';
import type * as T from '../../../aws/generated/glue/shapes.js';
import { csvType, hiveType, jsonType } from './types.js';

export type Classification = 'csv' | 'json' | 'parquet';

export interface FileSchema {
  classification: Classification;
  columns: { Name: string; Type: string }[];
  compression: 'none' | 'gzip' | 'zstd' | 'snappy';
  csv?: { delimiter: string; quoted: boolean; header: boolean; quote: string };
  json?: { array: boolean };
  /** Rows in the file when the format says (Parquet), else estimated from the sampled head. */
  recordCount: number;
  averageRecordSize: number;
}

/** Why a file was not classified; the crawl goes on without it. */
export class Unclassified extends Error {}

const HEAD_BYTES = 64 * 1024;

const sql = (s: string): string => `'${s.replace(/'/g, "''")}'`;

async function rawHead(path: string, n: number): Promise<Buffer> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(n);
    const { bytesRead } = await fh.read(buf, 0, n, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

/** The first bytes after decompression (a gzip stream is cut short once enough is out). */
async function textHead(path: string, gzip: boolean): Promise<Buffer> {
  if (!gzip) return rawHead(path, HEAD_BYTES);
  const { createReadStream } = await import('node:fs');
  const chunks: Buffer[] = [];
  let size = 0;
  const src = createReadStream(path);
  const gunzip = createGunzip();
  try {
    for await (const chunk of src.pipe(gunzip) as AsyncIterable<Buffer>) {
      chunks.push(chunk);
      size += chunk.length;
      if (size >= HEAD_BYTES) break;
    }
  } catch {
    // A truncated or damaged stream still gives what was decoded before the damage.
  } finally {
    src.destroy();
    gunzip.destroy();
  }
  return Buffer.concat(chunks).subarray(0, HEAD_BYTES);
}

function extensionOf(key: string): string[] {
  const base = key.slice(key.lastIndexOf('/') + 1).toLowerCase();
  return base.split('.').slice(1);
}

/** A custom classifier the crawler lists, tried before the built-in ones. */
export type CustomClassifier = { csv: T.CsvClassifier } | { json: T.JsonClassifier };

interface Sample {
  lines: number;
  bytes: number;
}

function sampleOf(head: Buffer): Sample {
  let lines = 0;
  for (const b of head) if (b === 0x0a) lines++;
  return { lines: Math.max(lines, 1), bytes: head.length };
}

function estimate(size: number, s: Sample, header: boolean): { recordCount: number; averageRecordSize: number } {
  const avg = Math.max(1, Math.round(s.bytes / s.lines));
  const records = Math.max(0, Math.round(size / avg) - (header ? 1 : 0));
  return { recordCount: records, averageRecordSize: avg };
}

/** Classifies one file and infers its schema; throws Unclassified for what no classifier recognises. */
export async function inferFile(conn: DuckDBConnection, file: { key: string; path: string; size: number }, custom: CustomClassifier[]): Promise<FileSchema> {
  const magic = await rawHead(file.path, 4);
  const ext = extensionOf(file.key);
  if (magic.toString('latin1') === 'PAR1' || ext.includes('parquet')) return inferParquet(conn, file.path);
  const gzip = magic[0] === 0x1f && magic[1] === 0x8b;
  const zstd = magic.readUInt32LE(0) === 0xfd2fb528;
  if (ext.some((e) => ['orc', 'avro', 'ion', 'bz2', 'snappy', 'lzo', 'xml'].includes(e))) {
    throw new Unclassified(`format of ${file.key} is not readable by Lakestack's crawler (${ext.join('.')})`);
  }
  const compression = gzip ? 'gzip' : zstd ? 'zstd' : 'none';
  const head = zstd ? Buffer.alloc(0) : await textHead(file.path, gzip);
  const first = head.toString('utf8').trimStart()[0];
  const jsonByExt = ext.some((e) => ['json', 'jsonl', 'ndjson'].includes(e));
  for (const c of custom) {
    if ('json' in c && (first === '{' || first === '[' || jsonByExt)) return inferJson(conn, file, compression, head, c.json.JsonPath === '$[*]');
    if ('csv' in c && first !== '{' && first !== '[') {
      const r = await inferCsv(conn, file, compression, head, c.csv).catch(() => undefined);
      if (r) return r;
    }
  }
  if (first === '{' || first === '[' || (zstd && jsonByExt)) return inferJson(conn, file, compression, head, first === '[');
  if (head.includes(0) && !zstd) throw new Unclassified(`${file.key} is binary data of an unknown format`);
  return inferCsv(conn, file, compression, head);
}

async function inferParquet(conn: DuckDBConnection, path: string): Promise<FileSchema> {
  const cols = (await conn.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet(${sql(path)})`)).getRowObjectsJson();
  const meta = (await conn.runAndReadAll(
    `SELECT (SELECT num_rows FROM parquet_file_metadata(${sql(path)})) AS n, (SELECT lower(compression) FROM parquet_metadata(${sql(path)}) LIMIT 1) AS c`,
  )).getRowObjectsJson()[0] ?? {};
  const codec = String(meta.c ?? 'uncompressed');
  const rows = Number(meta.n ?? 0);
  return {
    classification: 'parquet',
    columns: cols.map((c) => ({ Name: String(c.column_name).toLowerCase(), Type: hiveType(String(c.column_type)) })),
    compression: codec === 'snappy' ? 'snappy' : codec === 'gzip' ? 'gzip' : codec === 'zstd' ? 'zstd' : 'none',
    recordCount: rows,
    averageRecordSize: 0,
  };
}

async function inferJson(conn: DuckDBConnection, file: { path: string; size: number }, compression: FileSchema['compression'], head: Buffer, array: boolean): Promise<FileSchema> {
  const opts = `format=${array ? "'array'" : "'auto'"}, compression=${sql(compression === 'none' ? 'auto' : compression)}, sample_size=1000`;
  let cols;
  try {
    cols = (await conn.runAndReadAll(`DESCRIBE SELECT * FROM read_json(${sql(file.path)}, ${opts})`)).getRowObjectsJson();
  } catch (err) {
    throw new Unclassified(`not valid JSON: ${(err as Error).message.split('\n')[0]}`);
  }
  return {
    classification: 'json',
    columns: cols.map((c) => ({ Name: String(c.column_name).toLowerCase(), Type: jsonType(String(c.column_type)) })),
    compression,
    json: { array },
    ...estimate(file.size, sampleOf(head), false),
  };
}

async function inferCsv(
  conn: DuckDBConnection, file: { path: string; size: number }, compression: FileSchema['compression'], head: Buffer, custom?: T.CsvClassifier,
): Promise<FileSchema> {
  const opts = [`compression=${sql(compression === 'none' ? 'auto' : compression)}`, 'sample_size=20480'];
  if (custom?.Delimiter) opts.push(`delim=${sql(custom.Delimiter)}`);
  if (custom?.QuoteSymbol) opts.push(`quote=${sql(custom.QuoteSymbol)}`);
  if (custom?.ContainsHeader === 'PRESENT') opts.push('header=true');
  if (custom?.ContainsHeader === 'ABSENT') opts.push('header=false');
  let row;
  try {
    row = (await conn.runAndReadAll(`SELECT Delimiter, Quote, HasHeader, Columns FROM sniff_csv(${sql(file.path)}, ${opts.join(', ')})`)).getRowObjectsJson()[0];
  } catch (err) {
    throw new Unclassified(`not delimited text: ${(err as Error).message.split('\n')[0]}`);
  }
  if (!row) throw new Unclassified('empty file');
  const columns = (row.Columns as { name: string; type: string }[]).map((c) => ({ name: c.name, type: csvType(c.type) }));
  if (columns.length < 2 && !custom?.AllowSingleColumn) throw new Unclassified('a single column is not delimited text');
  // Glue takes the first row as a header only when it differs from the data: with every column a string it
  // cannot tell, and names the columns col0, col1, … (a custom classifier can say the header is present).
  let header = Boolean(row.HasHeader);
  if (header && custom?.ContainsHeader !== 'PRESENT' && columns.every((c) => c.type === 'string')) header = false;
  const names = custom?.Header?.length ? custom.Header : header ? columns.map((c) => c.name) : columns.map((_, i) => `col${i}`);
  const quote = row.Quote === '(empty)' ? '' : String(row.Quote ?? '');
  return {
    classification: 'csv',
    columns: columns.map((c, i) => ({ Name: (names[i] ?? `col${i}`).toLowerCase(), Type: c.type })),
    compression,
    csv: { delimiter: String(row.Delimiter), quoted: quote !== '' && head.includes(quote), header, quote: quote || '"' },
    ...estimate(file.size, sampleOf(head), header),
  };
}
