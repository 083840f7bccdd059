// Executes corpus SQL on an in-memory DuckDB and compares rows with Trino's documented results.
// Shared by the corpus test and bench/dialect-eval.ts (which scores the candidate libraries).
import path from 'node:path';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  DuckDBInstance,
  DuckDBBlobValue,
  DuckDBDateValue,
  DuckDBDecimalValue,
  DuckDBListValue,
  DuckDBArrayValue,
  DuckDBMapValue,
  DuckDBStructValue,
  DuckDBTimestampValue,
  DuckDBTimestampTZValue,
  DuckDBTimestampMillisecondsValue,
  DuckDBTimestampSecondsValue,
  DuckDBTimestampNanosecondsValue,
  type DuckDBConnection,
  type DuckDBValue,
} from '@duckdb/node-api';
import type { Cell } from './trino-corpus.js';

const TPCH_TABLES = ['nation', 'region', 'customer', 'orders', 'lineitem', 'part', 'partsupp', 'supplier'];

/** The TPC-H sf0.01 Parquet: shared/ sits beside the repo (in CI too). */
export function tpchDir(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const candidates = [
    path.resolve(here, '../../../shared/datasets/tpch-sf0.01/parquet'),
    '/work/shared/datasets/tpch-sf0.01/parquet',
  ];
  const found = candidates.find((p) => existsSync(p));
  if (!found) throw new Error(`TPC-H parquet not found in ${candidates.join(', ')}`);
  return found;
}

/** An in-memory DuckDB in UTC with the TPC-H tables as views. */
export async function openCorpusDb(): Promise<DuckDBConnection> {
  const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
  const conn = await instance.connect();
  await conn.run("SET TimeZone = 'UTC'");
  const dir = tpchDir();
  for (const t of TPCH_TABLES) {
    const file = path.join(dir, t, '*.parquet').replaceAll("'", "''");
    await conn.run(`CREATE VIEW ${t} AS SELECT * FROM read_parquet('${file}')`);
  }
  return conn;
}

function trimFraction(s: string): string {
  // Trino prints a zero fraction; our expected values omit it, so drop trailing zeros.
  const dot = s.indexOf('.');
  if (dot < 0) return s;
  let end = s.length;
  while (end > dot + 1 && s[end - 1] === '0') end--;
  return end === dot + 1 ? s.slice(0, dot) : s.slice(0, end);
}

/** DuckDB value → the plain shape the corpus writes expected values in. */
export function normalize(v: DuckDBValue): Cell {
  if (v === null || v === undefined) return null;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') return v;
  if (v instanceof DuckDBDecimalValue) return Number(v.toString());
  if (v instanceof DuckDBDateValue) return v.toString();
  if (
    v instanceof DuckDBTimestampValue ||
    v instanceof DuckDBTimestampMillisecondsValue ||
    v instanceof DuckDBTimestampSecondsValue ||
    v instanceof DuckDBTimestampNanosecondsValue
  ) {
    return trimFraction(v.toString());
  }
  if (v instanceof DuckDBTimestampTZValue) {
    const s = v.toString();
    return `${trimFraction(s.endsWith('+00') ? s.slice(0, -3) : s)} UTC`;
  }
  if (v instanceof DuckDBBlobValue) return Buffer.from(v.bytes).toString('hex');
  if (v instanceof DuckDBListValue || v instanceof DuckDBArrayValue) return v.items.map(normalize);
  if (v instanceof DuckDBStructValue) {
    const out: { [k: string]: Cell } = {};
    for (const [k, x] of Object.entries(v.entries)) out[k] = normalize(x);
    return out;
  }
  if (v instanceof DuckDBMapValue) {
    const out: { [k: string]: Cell } = {};
    for (const e of v.entries) out[String(normalize(e.key))] = normalize(e.value);
    return out;
  }
  return String(v);
}

export async function runSql(conn: DuckDBConnection, sql: string): Promise<Cell[][]> {
  const reader = await conn.runAndReadAll(sql);
  return reader.getRows().map((row) => row.map(normalize));
}

function cellEqual(actual: Cell, expected: Cell): boolean {
  if (typeof expected === 'number' && typeof actual === 'number') {
    if (Number.isNaN(expected)) return Number.isNaN(actual);
    const scale = Math.max(1, Math.abs(expected));
    return Math.abs(actual - expected) <= 1e-9 * scale;
  }
  if (Array.isArray(expected)) {
    // A Trino ROW compares by field values, whatever DuckDB names the struct's fields.
    const list = Array.isArray(actual)
      ? actual
      : actual !== null && typeof actual === 'object'
        ? Object.values(actual)
        : null;
    return list !== null && list.length === expected.length && list.every((a, i) => cellEqual(a, expected[i]!));
  }
  if (expected !== null && typeof expected === 'object') {
    if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) return false;
    const ek = Object.keys(expected);
    const ak = Object.keys(actual);
    return ek.length === ak.length && ek.every((k) => k in actual && cellEqual(actual[k]!, expected[k]!));
  }
  return actual === expected;
}

const rowKey = (row: Cell[]): string => JSON.stringify(row);

/** Compares row sets (as a multiset unless ordered); returns a reason when they differ. */
export function compareRows(actual: Cell[][], expected: Cell[][], ordered: boolean): string | null {
  if (actual.length !== expected.length) {
    return `expected ${expected.length} rows, got ${actual.length}: ${JSON.stringify(actual).slice(0, 300)}`;
  }
  const a = ordered ? actual : [...actual].sort((x, y) => rowKey(x).localeCompare(rowKey(y)));
  const e = ordered ? expected : [...expected].sort((x, y) => rowKey(x).localeCompare(rowKey(y)));
  for (let i = 0; i < e.length; i++) {
    const ar = a[i]!;
    const er = e[i]!;
    if (ar.length !== er.length || !er.every((c, j) => cellEqual(ar[j]!, c))) {
      return `row ${i}: expected ${JSON.stringify(er)}, got ${JSON.stringify(ar)}`;
    }
  }
  return null;
}
