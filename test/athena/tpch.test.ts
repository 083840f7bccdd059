// TPC-H through Athena: tables over Parquet and dbgen's `|`-delimited text in Lakestack's S3, queries Q1, Q3
// and Q6 submitted with @aws-sdk/client-athena, results compared with raw DuckDB over the same files.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { formatValue } from '../../src/engine/duckdb/types.js';
import { ok, query, startHarness, TPCH, upload, type Harness } from './harness.js';

let h: Harness;
let raw: DuckDBConnection;

const Q1 = `SELECT l_returnflag, l_linestatus, sum(l_quantity) AS sum_qty, sum(l_extendedprice) AS sum_base_price,
  sum(l_extendedprice * (1 - l_discount)) AS sum_disc_price, sum(l_extendedprice * (1 - l_discount) * (1 + l_tax)) AS sum_charge,
  avg(l_quantity) AS avg_qty, avg(l_extendedprice) AS avg_price, avg(l_discount) AS avg_disc, count(*) AS count_order
FROM lineitem WHERE l_shipdate <= DATE '1998-12-01' - INTERVAL '90' DAY
GROUP BY l_returnflag, l_linestatus ORDER BY l_returnflag, l_linestatus`;

const Q3 = `SELECT l_orderkey, sum(l_extendedprice * (1 - l_discount)) AS revenue, o_orderdate, o_shippriority
FROM customer, orders, lineitem
WHERE c_mktsegment = 'BUILDING' AND c_custkey = o_custkey AND l_orderkey = o_orderkey
  AND o_orderdate < DATE '1995-03-15' AND l_shipdate > DATE '1995-03-15'
GROUP BY l_orderkey, o_orderdate, o_shippriority ORDER BY revenue DESC, o_orderdate LIMIT 10`;

const Q6 = `SELECT sum(l_extendedprice * l_discount) AS revenue FROM lineitem
WHERE l_shipdate >= DATE '1994-01-01' AND l_shipdate < DATE '1994-01-01' + INTERVAL '1' YEAR
  AND l_discount BETWEEN 0.06 - 0.01 AND 0.06 + 0.01 AND l_quantity < 24`;

const LINEITEM_COLS = `l_orderkey bigint, l_partkey bigint, l_suppkey bigint, l_linenumber int, l_quantity decimal(15,2),
  l_extendedprice decimal(15,2), l_discount decimal(15,2), l_tax decimal(15,2), l_returnflag string, l_linestatus string,
  l_shipdate date, l_commitdate date, l_receiptdate date, l_shipinstruct string, l_shipmode string, l_comment string`;

/** The same SQL on raw DuckDB over the dataset's own files, rendered as Athena renders values. */
async function direct(sql: string): Promise<(string | null)[][]> {
  const r = await raw.runAndReadAll(sql);
  const types = r.columnTypes();
  return r.getRows().map((row) => row.map((v, i) => formatValue(v, types[i])));
}

/** Equal as text, or as numbers to 1e-9 relative (avg over decimals may round in the last place). */
function assertSameRows(actual: (string | null)[][], expected: (string | null)[][]): void {
  assert.equal(actual.length, expected.length);
  actual.forEach((row, i) => row.forEach((v, j) => {
    const e = expected[i]![j]!;
    if (v === e) return;
    const a = Number(v);
    const b = Number(e);
    assert.ok(Number.isFinite(a) && Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b)), `row ${i} col ${j}: ${v} != ${e}`);
  }));
}

before(async () => {
  h = await startHarness();
  for (const t of ['lineitem', 'orders', 'customer']) await upload(h, `parquet/${t}/data.parquet`, `tpch/${t}/data.parquet`);
  await upload(h, 'tbl/lineitem.tbl.gz', 'tpch_text/lineitem/lineitem.tbl.gz');
  raw = await (await DuckDBInstance.create(':memory:', { threads: '1' })).connect();
  for (const t of ['lineitem', 'orders', 'customer']) {
    await raw.run(`CREATE VIEW ${t} AS SELECT * FROM read_parquet('${path.join(TPCH, 'parquet', t, 'data.parquet')}')`);
  }
  await ok(h, 'CREATE DATABASE tpch', 'default');
  await ok(h, `CREATE EXTERNAL TABLE lineitem (${LINEITEM_COLS}) STORED AS PARQUET LOCATION 's3://lake/tpch/lineitem/'`);
  await ok(h, `CREATE EXTERNAL TABLE orders (o_orderkey bigint, o_custkey bigint, o_orderstatus string, o_totalprice decimal(15,2),
    o_orderdate date, o_orderpriority string, o_clerk string, o_shippriority int, o_comment string) STORED AS PARQUET LOCATION 's3://lake/tpch/orders/'`);
  await ok(h, `CREATE EXTERNAL TABLE customer (c_custkey bigint, c_name string, c_address string, c_nationkey bigint, c_phone string,
    c_acctbal decimal(15,2), c_mktsegment string, c_comment string) STORED AS PARQUET LOCATION 's3://lake/tpch/customer/'`);
  await ok(h, `CREATE EXTERNAL TABLE lineitem_text (${LINEITEM_COLS})
    ROW FORMAT DELIMITED FIELDS TERMINATED BY '|' STORED AS TEXTFILE LOCATION 's3://lake/tpch_text/lineitem/'`);
});

after(async () => {
  raw?.closeSync();
  await h?.close();
});

test('Q1 over Parquet matches raw DuckDB, with Athena column types', async () => {
  const { exec, rows } = await query(h, Q1);
  assert.equal(exec.Status?.State, 'SUCCEEDED', exec.Status?.StateChangeReason);
  assertSameRows(rows, await direct(Q1));
  assert.equal(rows.length, 4);
  assert.ok((exec.Statistics?.DataScannedInBytes ?? 0) > 1_000_000);
  assert.ok((exec.Statistics?.EngineExecutionTimeInMillis ?? -1) >= 0);
});

test('Q3 (three-way join) and Q6 match raw DuckDB', async () => {
  assertSameRows(await ok(h, Q3), await direct(Q3));
  assertSameRows(await ok(h, Q6), await direct(Q6));
});

test('the pipe-delimited text table reads the same rows as the Parquet one', async () => {
  const text = await ok(h, Q6.replace('FROM lineitem', 'FROM lineitem_text'));
  assertSameRows(text, await direct(Q6));
  const counts = await ok(h, 'SELECT (SELECT count(*) FROM lineitem_text), (SELECT count(*) FROM lineitem)');
  assert.deepEqual(counts, [['60175', '60175']]);
});
