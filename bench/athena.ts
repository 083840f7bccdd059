// Athena side by side with raw DuckDB: TPC-H queries over the same Parquet files (the dataset's sf0.01 lake,
// uploaded into Lakestack's S3), submitted with StartQueryExecution, polled, and fetched in full through
// GetQueryResults, against the same SQL on an in-process DuckDB with the same thread count. Prints medians
// and ratios; also the fixed overhead of a trivial query (submit to last result page).
// Run: node --import tsx bench/athena.ts   (BENCH_RUNS=5, BENCH_THREADS=2, BENCH_POLL_MS=10)
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { AthenaClient, GetQueryExecutionCommand, GetQueryResultsCommand, StartQueryExecutionCommand } from '@aws-sdk/client-athena';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { DuckDBInstance } from '@duckdb/node-api';
import { startServer } from '../test/helpers/server.js';

const TPCH = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../shared/datasets/tpch-sf0.01/parquet');
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const THREADS = process.env.BENCH_THREADS ?? '2';
// How often the client asks GetQueryExecution; on a small machine a tight loop competes with DuckDB for CPU.
const POLL_MS = Number(process.env.BENCH_POLL_MS ?? 10);

const TABLES: Record<string, string> = {
  lineitem: `l_orderkey bigint, l_partkey bigint, l_suppkey bigint, l_linenumber int, l_quantity decimal(15,2), l_extendedprice decimal(15,2),
    l_discount decimal(15,2), l_tax decimal(15,2), l_returnflag string, l_linestatus string, l_shipdate date, l_commitdate date,
    l_receiptdate date, l_shipinstruct string, l_shipmode string, l_comment string`,
  orders: `o_orderkey bigint, o_custkey bigint, o_orderstatus string, o_totalprice decimal(15,2), o_orderdate date, o_orderpriority string,
    o_clerk string, o_shippriority int, o_comment string`,
  customer: 'c_custkey bigint, c_name string, c_address string, c_nationkey bigint, c_phone string, c_acctbal decimal(15,2), c_mktsegment string, c_comment string',
  supplier: 's_suppkey bigint, s_name string, s_address string, s_nationkey bigint, s_phone string, s_acctbal decimal(15,2), s_comment string',
  nation: 'n_nationkey bigint, n_name string, n_regionkey bigint, n_comment string',
  region: 'r_regionkey bigint, r_name string, r_comment string',
};

const QUERIES: Record<string, string> = {
  trivial: 'SELECT 1',
  q1: `SELECT l_returnflag, l_linestatus, sum(l_quantity), sum(l_extendedprice), sum(l_extendedprice * (1 - l_discount)),
    sum(l_extendedprice * (1 - l_discount) * (1 + l_tax)), avg(l_quantity), avg(l_extendedprice), avg(l_discount), count(*)
    FROM lineitem WHERE l_shipdate <= DATE '1998-12-01' - INTERVAL '90' DAY GROUP BY 1, 2 ORDER BY 1, 2`,
  q3: `SELECT l_orderkey, sum(l_extendedprice * (1 - l_discount)) AS revenue, o_orderdate, o_shippriority FROM customer, orders, lineitem
    WHERE c_mktsegment = 'BUILDING' AND c_custkey = o_custkey AND l_orderkey = o_orderkey AND o_orderdate < DATE '1995-03-15'
    AND l_shipdate > DATE '1995-03-15' GROUP BY l_orderkey, o_orderdate, o_shippriority ORDER BY revenue DESC, o_orderdate LIMIT 10`,
  q5: `SELECT n_name, sum(l_extendedprice * (1 - l_discount)) AS revenue FROM customer, orders, lineitem, supplier, nation, region
    WHERE c_custkey = o_custkey AND l_orderkey = o_orderkey AND l_suppkey = s_suppkey AND c_nationkey = s_nationkey
    AND s_nationkey = n_nationkey AND n_regionkey = r_regionkey AND r_name = 'ASIA' AND o_orderdate >= DATE '1994-01-01'
    AND o_orderdate < DATE '1995-01-01' GROUP BY n_name ORDER BY revenue DESC`,
  q6: `SELECT sum(l_extendedprice * l_discount) AS revenue FROM lineitem WHERE l_shipdate >= DATE '1994-01-01'
    AND l_shipdate < DATE '1995-01-01' AND l_discount BETWEEN 0.05 AND 0.07 AND l_quantity < 24`,
  scan10k: 'SELECT l_orderkey, l_comment FROM lineitem LIMIT 10000',
};

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export async function runAthenaBench(): Promise<void> {
  const server = await startServer({ env: { LAKESTACK_ENGINE_THREADS: THREADS, LAKESTACK_ENGINE_CONCURRENCY: '1' } });
  const cfg = { endpoint: server.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, forcePathStyle: true };
  const athena = new AthenaClient(cfg);
  const s3 = new S3Client(cfg);
  const raw = await (await DuckDBInstance.create(':memory:', { threads: THREADS })).connect();
  try {
    await s3.send(new CreateBucketCommand({ Bucket: 'lake' }));
    const run = async (sql: string, database = 'tpch'): Promise<number> => {
      const t0 = performance.now();
      const { QueryExecutionId: id } = await athena.send(new StartQueryExecutionCommand({
        QueryString: sql, QueryExecutionContext: { Database: database }, ResultConfiguration: { OutputLocation: 's3://lake/results/' },
      }));
      for (;;) {
        const q = await athena.send(new GetQueryExecutionCommand({ QueryExecutionId: id }));
        const state = q.QueryExecution?.Status?.State;
        if (state === 'SUCCEEDED') break;
        if (state === 'FAILED' || state === 'CANCELLED') throw new Error(`${sql}: ${q.QueryExecution?.Status?.StateChangeReason}`);
        await new Promise((r) => setTimeout(r, POLL_MS));
      }
      let token: string | undefined;
      do token = (await athena.send(new GetQueryResultsCommand({ QueryExecutionId: id, NextToken: token }))).NextToken;
      while (token);
      return performance.now() - t0;
    };
    await run('CREATE DATABASE tpch', 'default');
    for (const [t, cols] of Object.entries(TABLES)) {
      await s3.send(new PutObjectCommand({ Bucket: 'lake', Key: `tpch/${t}/data.parquet`, Body: readFileSync(path.join(TPCH, t, 'data.parquet')) }));
      await run(`CREATE EXTERNAL TABLE ${t} (${cols}) STORED AS PARQUET LOCATION 's3://lake/tpch/${t}/'`);
      await raw.run(`CREATE VIEW ${t} AS SELECT * FROM read_parquet('${path.join(TPCH, t, 'data.parquet')}')`);
    }
    console.log(`Athena (Lakestack) vs raw DuckDB, TPC-H sf0.01 Parquet, ${THREADS} threads, median of ${RUNS} runs`);
    console.log('query      athena_ms   duckdb_ms   ratio');
    let totalA = 0;
    let totalD = 0;
    for (const [name, sql] of Object.entries(QUERIES)) {
      await run(sql);
      const a: number[] = [];
      const d: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        a.push(await run(sql));
        const t0 = performance.now();
        const r = await raw.runAndReadAll(sql);
        r.getRows();
        d.push(performance.now() - t0);
      }
      const ma = median(a);
      const md = median(d);
      if (name !== 'trivial') { totalA += ma; totalD += md; }
      console.log(`${name.padEnd(10)} ${ma.toFixed(1).padStart(9)} ${md.toFixed(1).padStart(11)} ${(ma / md).toFixed(2).padStart(7)}x`);
    }
    console.log(`${'total'.padEnd(10)} ${totalA.toFixed(1).padStart(9)} ${totalD.toFixed(1).padStart(11)} ${(totalA / totalD).toFixed(2).padStart(7)}x  (TPC-H queries, trivial excluded)`);
  } finally {
    raw.closeSync();
    athena.destroy();
    s3.destroy();
    await server.close();
  }
}

// Runs on its own (`node --import tsx bench/athena.ts`); bench/run.ts can list runAthenaBench as the `athena` suite.
if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) await runAthenaBench();
