// The 22 TPC-H queries through Athena vs raw DuckDB over the same Parquet files, on a TPC-H-style lake the
// project generates (bench/tpch.ts) at a chosen scale and uploads into Lakestack's S3. Each Athena sample is
// StartQueryExecution → polling GetQueryExecution → every page of GetQueryResults; each DuckDB sample is the
// same SQL on an in-process DuckDB with the same thread count, rows read in full. Prints per-query medians,
// the total ratio (target <= 1.15x) and the fixed overhead of a trivial query (target < 50 ms).
// Run: npm run bench -- athena-tpch   (BENCH_TPCH_SF=0.1 (about 1 GB of Parquet at 4), BENCH_RUNS=3,
//      BENCH_THREADS=2, BENCH_POLL_MS=10, BENCH_TRIVIAL_RUNS=30)
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { AthenaClient, GetQueryExecutionCommand, GetQueryResultsCommand, StartQueryExecutionCommand } from '@aws-sdk/client-athena';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { startServer } from '../test/helpers/server.js';
import { rawDuckDB, tpchLake, uploadLake, TPCH_COLUMNS, TPCH_QUERIES, TPCH_TABLES } from './tpch.js';
import { pct } from './stats.js';

const SF = Number(process.env.BENCH_TPCH_SF ?? 0.1);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const THREADS = process.env.BENCH_THREADS ?? '2';
const POLL_MS = Number(process.env.BENCH_POLL_MS ?? 10);
const TRIVIAL_RUNS = Number(process.env.BENCH_TRIVIAL_RUNS ?? 30);

const median = (xs: number[]) => pct(xs, 0.5);
const load = () => os.loadavg().map((x) => x.toFixed(1)).join(' ');

export async function runAthenaTpchBench(): Promise<void> {
  const lake = await tpchLake(SF, THREADS);
  const server = await startServer({ env: { LAKESTACK_ENGINE_THREADS: THREADS, LAKESTACK_ENGINE_CONCURRENCY: '1' } });
  const cfg = { endpoint: server.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, forcePathStyle: true };
  const athena = new AthenaClient(cfg);
  const s3 = new S3Client(cfg);
  const raw = await rawDuckDB(lake, THREADS);
  try {
    await s3.send(new CreateBucketCommand({ Bucket: 'lake' }));
    /** Submit, poll, fetch every page; returns the elapsed ms and the data rows. */
    const run = async (sql: string, database = 'tpch'): Promise<{ ms: number; rows: number }> => {
      const t0 = performance.now();
      const { QueryExecutionId: id } = await athena.send(new StartQueryExecutionCommand({
        QueryString: sql, QueryExecutionContext: { Database: database }, ResultConfiguration: { OutputLocation: 's3://lake/results/' },
      }));
      for (;;) {
        const q = await athena.send(new GetQueryExecutionCommand({ QueryExecutionId: id }));
        const state = q.QueryExecution?.Status?.State;
        if (state === 'SUCCEEDED') break;
        if (state === 'FAILED' || state === 'CANCELLED') throw new Error(`${sql.slice(0, 80)}…: ${q.QueryExecution?.Status?.StateChangeReason}`);
        await new Promise((r) => setTimeout(r, POLL_MS));
      }
      let token: string | undefined;
      let rows = 0;
      do {
        const page = await athena.send(new GetQueryResultsCommand({ QueryExecutionId: id, NextToken: token }));
        rows += page.ResultSet?.Rows?.length ?? 0;
        token = page.NextToken;
      } while (token);
      return { ms: performance.now() - t0, rows: rows - 1 };
    };
    const t0 = performance.now();
    await uploadLake(s3, lake, 'lake', 'tpch');
    await run('CREATE DATABASE tpch', 'default');
    for (const t of TPCH_TABLES) await run(`CREATE EXTERNAL TABLE ${t} (${TPCH_COLUMNS[t]}) STORED AS PARQUET LOCATION 's3://lake/tpch/${t}/'`);
    console.log(`Athena (Lakestack) vs raw DuckDB: 22 TPC-H queries, generated lake sf ${SF} (${(lake.bytes / 1e6).toFixed(1)} MB Parquet, ` +
      `uploaded in ${((performance.now() - t0) / 1000).toFixed(1)} s), ${THREADS} threads, median of ${RUNS}; ${os.cpus().length} cores, load ${load()}`);
    console.log('query   athena_ms   duckdb_ms   ratio   rows');
    let totalA = 0;
    let totalD = 0;
    const failed: string[] = [];
    for (const [name, sql] of Object.entries(TPCH_QUERIES)) {
      const a: number[] = [];
      const d: number[] = [];
      let rowsA = -1;
      let rowsD = -1;
      try {
        await run(sql); // warm: the catalog, the files' metadata, DuckDB's caches on both sides
        await raw.runAndReadAll(sql);
        for (let i = 0; i < RUNS; i++) {
          const r = await run(sql);
          a.push(r.ms);
          rowsA = r.rows;
          const t1 = performance.now();
          rowsD = (await raw.runAndReadAll(sql)).getRows().length;
          d.push(performance.now() - t1);
        }
      } catch (err) {
        failed.push(name);
        console.log(`${name.padEnd(6)} FAILED: ${String((err as Error).message).slice(0, 200)}`);
        continue;
      }
      const ma = median(a);
      const md = median(d);
      totalA += ma;
      totalD += md;
      const rows = rowsA === rowsD ? String(rowsA) : `${rowsA} vs ${rowsD} (differ!)`;
      console.log(`${name.padEnd(6)} ${ma.toFixed(1).padStart(10)} ${md.toFixed(1).padStart(11)} ${(ma / md).toFixed(2).padStart(6)}x   ${rows}`);
    }
    console.log(`${'total'.padEnd(6)} ${totalA.toFixed(1).padStart(10)} ${totalD.toFixed(1).padStart(11)} ${(totalA / totalD).toFixed(2).padStart(6)}x   ` +
      `(target <= 1.15x${failed.length ? `; ${failed.length} failed and are left out: ${failed.join(' ')}` : ''})`);
    // Fixed overhead: a query that reads nothing, submit to last page of results.
    const trivial: number[] = [];
    await run('SELECT 1');
    for (let i = 0; i < TRIVIAL_RUNS; i++) trivial.push((await run('SELECT 1')).ms);
    const rawTrivial: number[] = [];
    for (let i = 0; i < TRIVIAL_RUNS; i++) {
      const t1 = performance.now();
      (await raw.runAndReadAll('SELECT 1')).getRows();
      rawTrivial.push(performance.now() - t1);
    }
    console.log(`trivial query (SELECT 1) submit → results: p50 ${median(trivial).toFixed(1)} ms, p99 ${pct(trivial, 0.99).toFixed(1)} ms over ${TRIVIAL_RUNS} ` +
      `(target < 50 ms; raw DuckDB p50 ${median(rawTrivial).toFixed(2)} ms; client polls every ${POLL_MS} ms); load ${load()}`);
  } finally {
    raw.closeSync();
    athena.destroy();
    s3.destroy();
    await server.close();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) await runAthenaTpchBench();
