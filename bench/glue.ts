// Glue at catalog scale, through @aws-sdk/client-glue:
//  - a crawler over many small CSV objects in Hive-style partitions (issue: 10,000 objects in 1,000
//    partitions), StartCrawler → READY with LastCrawl, in seconds; the peer is raw DuckDB opening the same
//    files from local disk with hive_partitioning (what touching every object costs without a catalog);
//  - GetPartitions with an expression over a table of many partitions (issue: 10,000), every page, in ms,
//    side by side with moto_server holding the same partitions.
// Run: npm run bench -- glue   (BENCH_GLUE_OBJECTS=2000, BENCH_GLUE_PARTITIONS=200 for the crawl;
//      BENCH_GLUE_CATALOG_PARTITIONS=10000, BENCH_GLUE_RUNS=20; full: BENCH_GLUE_OBJECTS=10000 BENCH_GLUE_PARTITIONS=1000)
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import {
  BatchCreatePartitionCommand, CreateCrawlerCommand, CreateDatabaseCommand, CreateTableCommand, GetCrawlerCommand, GetPartitionsCommand,
  GlueClient, StartCrawlerCommand,
} from '@aws-sdk/client-glue';
import { DuckDBInstance } from '@duckdb/node-api';
import { startServer } from '../test/helpers/server.js';
import { startMoto } from './peers.js';
import { pct } from './stats.js';

const OBJECTS = Number(process.env.BENCH_GLUE_OBJECTS ?? 2000);
const PARTS = Number(process.env.BENCH_GLUE_PARTITIONS ?? 200);
const CATALOG_PARTS = Number(process.env.BENCH_GLUE_CATALOG_PARTITIONS ?? 10_000);
const RUNS = Number(process.env.BENCH_GLUE_RUNS ?? 20);
const creds = { accessKeyId: 'test', secretAccessKey: 'test' };
const load = () => os.loadavg().map((x) => x.toFixed(1)).join(' ');

const day = (i: number) => new Date(Date.UTC(2022, 0, 1) + i * 86_400_000).toISOString().slice(0, 10);
const csv = (p: number, o: number) => `id,name,amount\n${Array.from({ length: 5 }, (_, r) => `${p * 1000 + o * 10 + r},item-${r},${(r * 1.25).toFixed(2)}`).join('\n')}\n`;

async function pool<T>(items: T[], n: number, f: (x: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: n }, async () => {
    while (next < items.length) await f(items[next++]!);
  }));
}

async function crawl(endpoint: string): Promise<{ upload: number; crawl: number; duck: number; partitions: number }> {
  const s3 = new S3Client({ endpoint, region: 'us-east-1', credentials: creds, forcePathStyle: true });
  const glue = new GlueClient({ endpoint, region: 'us-east-1', credentials: creds });
  const local = mkdtempSync(path.join(os.tmpdir(), 'lakestack-bench-glue-'));
  try {
    await s3.send(new CreateBucketCommand({ Bucket: 'crawl' }));
    const keys: [string, string][] = [];
    const per = Math.ceil(OBJECTS / PARTS);
    for (let i = 0; i < OBJECTS; i++) {
      const p = Math.floor(i / per);
      keys.push([`sales/dt=${day(p)}/part-${String(i % per).padStart(5, '0')}.csv`, csv(p, i % per)]);
    }
    const t0 = performance.now();
    await pool(keys, 8, ([Key, Body]) => s3.send(new PutObjectCommand({ Bucket: 'crawl', Key, Body })));
    const upload = performance.now() - t0;
    for (const [k, body] of keys) {
      mkdirSync(path.dirname(path.join(local, k)), { recursive: true });
      writeFileSync(path.join(local, k), body);
    }
    await glue.send(new CreateDatabaseCommand({ DatabaseInput: { Name: 'crawled' } }));
    await glue.send(new CreateCrawlerCommand({ Name: 'bench', Role: 'arn:aws:iam::000000000000:role/glue', DatabaseName: 'crawled', Targets: { S3Targets: [{ Path: 's3://crawl/sales/' }] } }));
    const t1 = performance.now();
    await glue.send(new StartCrawlerCommand({ Name: 'bench' }));
    for (;;) {
      const c = (await glue.send(new GetCrawlerCommand({ Name: 'bench' }))).Crawler!;
      if (c.State === 'READY' && c.LastCrawl) {
        if (c.LastCrawl.Status !== 'SUCCEEDED') throw new Error(`crawl ${c.LastCrawl.Status}: ${c.LastCrawl.ErrorMessage}`);
        break;
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    const crawlMs = performance.now() - t1;
    let partitions = 0;
    let token: string | undefined;
    do {
      const r = await glue.send(new GetPartitionsCommand({ DatabaseName: 'crawled', TableName: 'sales', NextToken: token }));
      partitions += r.Partitions?.length ?? 0;
      token = r.NextToken;
    } while (token);
    const db = await (await DuckDBInstance.create(':memory:', { threads: '2' })).connect();
    const t2 = performance.now();
    await db.runAndReadAll(`SELECT dt, count(*) FROM read_csv('${local}/sales/*/*.csv', hive_partitioning = true) GROUP BY dt`);
    const duck = performance.now() - t2;
    db.closeSync();
    return { upload, crawl: crawlMs, duck, partitions };
  } finally {
    rmSync(local, { recursive: true, force: true });
    s3.destroy();
    glue.destroy();
  }
}

// Dates inside the generated range whatever its size: ten regions per day.
const DAYS = Math.max(1, Math.floor(CATALOG_PARTS / 10));
const EXPRESSIONS: Record<string, string> = {
  'one day': `dt = '${day(Math.floor(DAYS / 2))}'`,
  'a month, two regions': `dt >= '${day(Math.floor(DAYS / 3))}' AND dt < '${day(Math.floor(DAYS / 3) + 31)}' AND region IN ('r1', 'r2')`,
  'range or like': `(dt BETWEEN '${day(10)}' AND '${day(19)}') OR region LIKE 'r9%'`,
};

/** Creates CATALOG_PARTS partitions (dt × region) and times GetPartitions for each expression, all pages. */
async function partitions(endpoint: string): Promise<{ create: number; ms: Record<string, number[]>; counts: Record<string, number> }> {
  const glue = new GlueClient({ endpoint, region: 'us-east-1', credentials: creds });
  try {
    await glue.send(new CreateDatabaseCommand({ DatabaseInput: { Name: 'parts' } }));
    const sd = (loc: string) => ({
      Columns: [{ Name: 'id', Type: 'bigint' }, { Name: 'amount', Type: 'double' }], Location: loc,
      InputFormat: 'org.apache.hadoop.mapred.TextInputFormat', OutputFormat: 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat',
      SerdeInfo: { SerializationLibrary: 'org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe', Parameters: { 'field.delim': ',' } },
    });
    await glue.send(new CreateTableCommand({ DatabaseName: 'parts', TableInput: {
      Name: 'events', TableType: 'EXTERNAL_TABLE', StorageDescriptor: sd('s3://lake/events/'),
      PartitionKeys: [{ Name: 'dt', Type: 'string' }, { Name: 'region', Type: 'string' }],
    } }));
    const regions = 10;
    const inputs = Array.from({ length: CATALOG_PARTS }, (_, i) => {
      const dt = day(Math.floor(i / regions));
      const region = `r${i % regions}`;
      return { Values: [dt, region], StorageDescriptor: sd(`s3://lake/events/dt=${dt}/region=${region}/`) };
    });
    const t0 = performance.now();
    for (let i = 0; i < inputs.length; i += 100) {
      const r = await glue.send(new BatchCreatePartitionCommand({ DatabaseName: 'parts', TableName: 'events', PartitionInputList: inputs.slice(i, i + 100) }));
      if (r.Errors?.length) throw new Error(`BatchCreatePartition: ${JSON.stringify(r.Errors[0])}`);
    }
    const create = performance.now() - t0;
    const ms: Record<string, number[]> = {};
    const counts: Record<string, number> = {};
    for (const [name, Expression] of Object.entries(EXPRESSIONS)) {
      ms[name] = [];
      for (let run = 0; run <= RUNS; run++) {
        const t1 = performance.now();
        let n = 0;
        let token: string | undefined;
        do {
          const r = await glue.send(new GetPartitionsCommand({ DatabaseName: 'parts', TableName: 'events', Expression, NextToken: token }));
          n += r.Partitions?.length ?? 0;
          token = r.NextToken;
        } while (token);
        if (run > 0) ms[name]!.push(performance.now() - t1); // the first is a warm-up
        counts[name] = n;
      }
    }
    return { create, ms, counts };
  } finally {
    glue.destroy();
  }
}

export async function runGlueBench(): Promise<void> {
  console.log(`Glue: crawler over ${OBJECTS} objects in ${PARTS} partitions; GetPartitions over ${CATALOG_PARTS} partitions (vs moto_server), ` +
    `median of ${RUNS}; ${os.cpus().length} cores, load ${load()}`);
  const server = await startServer();
  try {
    const c = await crawl(server.endpoint);
    console.log(`crawler: ${(c.crawl / 1000).toFixed(2)} s StartCrawler → READY, ${c.partitions} partitions found ` +
      `(upload ${(c.upload / 1000).toFixed(1)} s); raw DuckDB reading the same files from local disk: ${(c.duck / 1000).toFixed(2)} s, ratio ${(c.crawl / c.duck).toFixed(1)}x`);
    const ls = await partitions(server.endpoint);
    const moto = await startMoto();
    let mo: Awaited<ReturnType<typeof partitions>> | undefined;
    try {
      mo = await partitions(moto.endpoint);
    } catch (err) {
      console.log(`moto: ${(err as Error).message}`);
    } finally {
      await moto.stop();
    }
    console.log(`BatchCreatePartition of ${CATALOG_PARTS} (100 per call): lakestack ${(ls.create / 1000).toFixed(2)} s` + (mo ? `, moto ${(mo.create / 1000).toFixed(2)} s` : ''));
    console.log('GetPartitions expression        matches  lakestack_p50  lakestack_p99    moto_p50   ratio');
    for (const name of Object.keys(EXPRESSIONS)) {
      const a = pct(ls.ms[name]!, 0.5);
      const m = mo ? pct(mo.ms[name]!, 0.5) : NaN;
      const counts = mo && mo.counts[name] !== ls.counts[name] ? `${ls.counts[name]}≠${mo.counts[name]}` : String(ls.counts[name]);
      console.log(`${name.padEnd(30)} ${counts.padStart(9)} ${a.toFixed(1).padStart(11)} ms ${pct(ls.ms[name]!, 0.99).toFixed(1).padStart(11)} ms ` +
        `${(mo ? `${m.toFixed(1)} ms` : '-').padStart(11)} ${mo ? `${(a / m).toFixed(2)}x` : '-'}`);
    }
    console.log(`load after: ${load()}`);
  } finally {
    await server.close();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) await runGlueBench();
