// EMR through @aws-sdk/client-emr, side by side with doing the same work directly on this machine:
//  - RunJobFlow → WAITING and AddJobFlowSteps → COMPLETED for a trivial step (`bash -c true`), p50/p99 over
//    N runs (the peer for the step is spawning `bash -c true` here);
//  - a Hive step running TPC-H queries over the generated Parquet lake (bench/tpch.ts, uploaded into
//    Lakestack's S3), each written with INSERT OVERWRITE DIRECTORY, vs raw DuckDB running the same queries
//    over the same files with COPY … TO (target <= 1.2x);
//  - a hadoop-streaming word count (Python mapper and reducer, as EMR's examples) over generated text vs
//    `tr | sort | uniq -c` on the same text (LC_ALL=C, as Hadoop compares bytes).
// Run: npm run bench -- emr   (BENCH_EMR_RUNS=10, BENCH_TPCH_SF=0.1, BENCH_EMR_QUERIES=q1,q3,q5,q6,q10,q12,q14,q19,
//      BENCH_EMR_HIVE_RUNS=3, BENCH_EMR_TEXT_MB=64 (the issue's 1 GB: 1024), BENCH_EMR_REDUCERS=2, BENCH_THREADS=2)
import { spawn } from 'node:child_process';
import { createReadStream, createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { CreateBucketCommand, GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import {
  AddJobFlowStepsCommand, DescribeClusterCommand, DescribeStepCommand, EMRClient, RunJobFlowCommand, TerminateJobFlowsCommand,
  type StepConfig,
} from '@aws-sdk/client-emr';
import { CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { startServer } from '../test/helpers/server.js';
import { rawDuckDB, tpchLake, uploadLake, TPCH_COLUMNS, TPCH_QUERIES, TPCH_TABLES } from './tpch.js';
import { pct } from './stats.js';

const RUNS = Number(process.env.BENCH_EMR_RUNS ?? 10);
const SF = Number(process.env.BENCH_TPCH_SF ?? 0.1);
const QUERIES = (process.env.BENCH_EMR_QUERIES ?? 'q1,q3,q5,q6,q10,q12,q14,q19').split(',');
const HIVE_RUNS = Number(process.env.BENCH_EMR_HIVE_RUNS ?? 3);
const TEXT_MB = Number(process.env.BENCH_EMR_TEXT_MB ?? 64);
const REDUCERS = process.env.BENCH_EMR_REDUCERS ?? '2';
const THREADS = process.env.BENCH_THREADS ?? '2';
const POLL_MS = 10;
const load = () => os.loadavg().map((x) => x.toFixed(1)).join(' ');
const f1 = (x: number) => x.toFixed(1);

const MAPPER = '#!/usr/bin/env python3\nimport sys\nfor line in sys.stdin:\n    for w in line.split():\n        print(w + "\\t1")\n';
const REDUCER = '#!/usr/bin/env python3\nimport sys\ncur, n = None, 0\nfor line in sys.stdin:\n    k, v = line.rstrip("\\n").split("\\t")\n' +
  '    if k != cur:\n        if cur is not None: print(cur + "\\t" + str(n))\n        cur, n = k, 0\n    n += int(v)\nif cur is not None: print(cur + "\\t" + str(n))\n';

function sh(cmd: string, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const c = spawn('sh', ['-c', cmd], { stdio: ['ignore', 'ignore', 'inherit'], env });
    c.once('error', reject);
    c.once('exit', (code) => (code === 0 ? resolve(performance.now() - t0) : reject(new Error(`${cmd}: exit ${code}`))));
  });
}

/** Text of `mb` MiB in files of at most 32 MiB: words drawn from a 5,000-word vocabulary, skewed like prose. */
async function writeText(dir: string, mb: number): Promise<{ files: string[]; words: number }> {
  const vocab = Array.from({ length: 5000 }, (_, i) => `w${(i * 2654435761 % 4294967296).toString(36)}`);
  let seed = 42;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const files: string[] = [];
  let words = 0;
  const total = mb * 1024 * 1024;
  const fileSize = 32 * 1024 * 1024;
  for (let written = 0, n = 0; written < total; n++) {
    const file = path.join(dir, `text-${String(n).padStart(4, '0')}.txt`);
    files.push(file);
    const out = createWriteStream(file);
    let inFile = 0;
    while (inFile < fileSize && written < total) {
      const lines: string[] = [];
      for (let l = 0; l < 1000; l++) {
        const line: string[] = [];
        for (let k = 0; k < 12; k++) line.push(vocab[Math.floor(vocab.length * rnd() ** 3)]!);
        words += 12;
        lines.push(line.join(' '));
      }
      const chunk = lines.join('\n') + '\n';
      inFile += chunk.length;
      written += chunk.length;
      if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()));
    }
    await new Promise<void>((r) => out.end(() => r()));
  }
  return { files, words };
}

export async function runEmrBench(): Promise<void> {
  console.log(`EMR (Lakestack): ${RUNS} clusters and trivial steps; Hive step with ${QUERIES.join(',')} over TPC-H sf ${SF} x${HIVE_RUNS}; ` +
    `streaming word count over ${TEXT_MB} MiB; ${os.cpus().length} cores, load ${load()}`);
  const lake = await tpchLake(SF, THREADS);
  const server = await startServer({ env: { LAKESTACK_ENGINE_THREADS: THREADS, LAKESTACK_ENGINE_CONCURRENCY: '1' } });
  const cfg = { endpoint: server.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } };
  const emr = new EMRClient(cfg);
  const s3 = new S3Client({ ...cfg, forcePathStyle: true });
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'lakestack-bench-emr-'));
  const clusters: string[] = [];
  try {
    await s3.send(new CreateBucketCommand({ Bucket: 'lake' }));
    // The roles `aws emr create-default-roles` makes, so RunJobFlow names them as users do.
    const iam = new IAMClient(cfg);
    for (const [name, service] of [['EMR_DefaultRole', 'elasticmapreduce'], ['EMR_EC2_DefaultRole', 'ec2']]) {
      const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: `${service}.amazonaws.com` }, Action: 'sts:AssumeRole' }] };
      await iam.send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: JSON.stringify(trust) }));
    }
    iam.destroy();
    const runCluster = async (): Promise<{ id: string; ms: number }> => {
      const t0 = performance.now();
      const { JobFlowId: id } = await emr.send(new RunJobFlowCommand({
        Name: 'bench', ReleaseLabel: 'emr-7.5.0', Applications: [{ Name: 'Hive' }, { Name: 'Spark' }],
        JobFlowRole: 'EMR_EC2_DefaultRole', ServiceRole: 'EMR_DefaultRole', LogUri: 's3://lake/logs/',
        Instances: { KeepJobFlowAliveWhenNoSteps: true, InstanceGroups: [
          { InstanceRole: 'MASTER', InstanceType: 'm5.xlarge', InstanceCount: 1 }, { InstanceRole: 'CORE', InstanceType: 'm5.xlarge', InstanceCount: 2 },
        ] },
      }));
      clusters.push(id!);
      for (;;) {
        const st = (await emr.send(new DescribeClusterCommand({ ClusterId: id }))).Cluster?.Status;
        if (st?.State === 'WAITING') return { id: id!, ms: performance.now() - t0 };
        if (st?.State?.startsWith('TERMINATED')) throw new Error(`cluster ${id} ${st.State}: ${st.StateChangeReason?.Message}`);
        await new Promise((r) => setTimeout(r, POLL_MS));
      }
    };
    const runStep = async (id: string, step: StepConfig): Promise<number> => {
      const t0 = performance.now();
      const [sid] = (await emr.send(new AddJobFlowStepsCommand({ JobFlowId: id, Steps: [step] }))).StepIds!;
      for (;;) {
        const st = (await emr.send(new DescribeStepCommand({ ClusterId: id, StepId: sid }))).Step?.Status;
        if (st?.State === 'COMPLETED') return performance.now() - t0;
        if (st?.State === 'FAILED' || st?.State === 'CANCELLED' || st?.State === 'INTERRUPTED') {
          throw new Error(`step ${step.Name} ${st.State}: ${st.FailureDetails?.Message ?? st.StateChangeReason?.Message ?? ''}`);
        }
        await new Promise((r) => setTimeout(r, POLL_MS));
      }
    };
    const cr = (name: string, args: string[]): StepConfig => ({ Name: name, ActionOnFailure: 'CONTINUE', HadoopJarStep: { Jar: 'command-runner.jar', Args: args } });

    // 1. Cluster start and a trivial step.
    const starts: number[] = [];
    for (let i = 0; i < RUNS; i++) starts.push((await runCluster()).ms);
    const main = clusters[0]!;
    const steps: number[] = [];
    await runStep(main, cr('warm', ['bash', '-c', 'true']));
    for (let i = 0; i < RUNS; i++) steps.push(await runStep(main, cr('trivial', ['bash', '-c', 'true'])));
    const local: number[] = [];
    for (let i = 0; i < RUNS; i++) local.push(await sh('bash -c true'));
    console.log(`\nRunJobFlow → WAITING            p50 ${f1(pct(starts, 0.5))} ms  p99 ${f1(pct(starts, 0.99))} ms  (${RUNS} clusters; EMR on AWS: minutes)`);
    console.log(`AddJobFlowSteps → COMPLETED    p50 ${f1(pct(steps, 0.5))} ms  p99 ${f1(pct(steps, 0.99))} ms  ` +
      `(bash -c true; spawned here directly: p50 ${f1(pct(local, 0.5))} ms, ratio ${(pct(steps, 0.5) / pct(local, 0.5)).toFixed(1)}x; client polls every ${POLL_MS} ms)`);
    for (const id of clusters.slice(1)) await emr.send(new TerminateJobFlowsCommand({ JobFlowIds: [id] }));

    // 2. Hive over the TPC-H lake vs raw DuckDB.
    await uploadLake(s3, lake, 'lake', 'tpch');
    const ddl = ['CREATE DATABASE IF NOT EXISTS tpch;', 'USE tpch;',
      ...TPCH_TABLES.map((t) => `CREATE EXTERNAL TABLE IF NOT EXISTS ${t} (${TPCH_COLUMNS[t]!.replace(/\s+/g, ' ')}) STORED AS PARQUET LOCATION 's3://lake/tpch/${t}/';`)];
    await s3.send(new PutObjectCommand({ Bucket: 'lake', Key: 'scripts/tables.hql', Body: ddl.join('\n') + '\n' }));
    await runStep(main, cr('tables', ['hive', '-f', 's3://lake/scripts/tables.hql']));
    const script = ['USE tpch;', ...QUERIES.map((q) => `INSERT OVERWRITE DIRECTORY 's3://lake/hive-out/${q}/' ROW FORMAT DELIMITED FIELDS TERMINATED BY ',' ${TPCH_QUERIES[q]};`)];
    await s3.send(new PutObjectCommand({ Bucket: 'lake', Key: 'scripts/tpch.hql', Body: script.join('\n') + '\n' }));
    const raw = await rawDuckDB(lake, THREADS);
    const hive: number[] = [];
    const duck: number[] = [];
    try {
      await runStep(main, cr('tpch-warm', ['hive', '-f', 's3://lake/scripts/tpch.hql']));
      for (let i = 0; i < HIVE_RUNS; i++) {
        hive.push(await runStep(main, cr('tpch', ['hive', '-f', 's3://lake/scripts/tpch.hql'])));
        const t0 = performance.now();
        for (const q of QUERIES) await raw.run(`COPY (${TPCH_QUERIES[q]}) TO '${path.join(tmp, `${q}.csv`)}' (HEADER false)`);
        duck.push(performance.now() - t0);
      }
    } finally {
      raw.closeSync();
    }
    const h = pct(hive, 0.5);
    const d = pct(duck, 0.5);
    console.log(`Hive step (${QUERIES.length} TPC-H queries, sf ${SF}, ${(lake.bytes / 1e6).toFixed(1)} MB Parquet)  ` +
      `step ${f1(h)} ms  raw DuckDB ${f1(d)} ms  ratio ${(h / d).toFixed(2)}x  (target <= 1.2x; median of ${HIVE_RUNS})`);

    // 3. hadoop-streaming word count vs sort | uniq -c.
    const text = await writeText(tmp, TEXT_MB);
    for (const f of text.files) {
      await new Upload({ client: s3, params: { Bucket: 'lake', Key: `wc-in/${path.basename(f)}`, Body: createReadStream(f) }, partSize: 16 * 1024 * 1024, queueSize: 2 }).done();
    }
    await s3.send(new PutObjectCommand({ Bucket: 'lake', Key: 'code/mapper.py', Body: MAPPER }));
    await s3.send(new PutObjectCommand({ Bucket: 'lake', Key: 'code/reducer.py', Body: REDUCER }));
    const wc = await runStep(main, cr('wordcount', ['hadoop-streaming', '-files', 's3://lake/code/mapper.py,s3://lake/code/reducer.py',
      '-mapper', 'mapper.py', '-reducer', 'reducer.py', '-input', 's3://lake/wc-in/', '-output', 's3://lake/wc-out/', '-numReduceTasks', REDUCERS]));
    // The step's output must hold every word once counted: the sum of the counts is the number of words.
    let counted = 0;
    const parts = (await s3.send(new ListObjectsV2Command({ Bucket: 'lake', Prefix: 'wc-out/part-' }))).Contents ?? [];
    for (const p of parts) {
      const body = await (await s3.send(new GetObjectCommand({ Bucket: 'lake', Key: p.Key }))).Body!.transformToString();
      for (const line of body.split('\n')) if (line) counted += Number(line.split('\t')[1]);
    }
    const files = text.files.map((x) => `'${x}'`).join(' ');
    const unix = await sh(`cat ${files} | tr -s ' ' '\\n' | sort | uniq -c > '${path.join(tmp, 'wc.txt')}'`, { ...process.env, LC_ALL: 'C' });
    const unixWords = readFileSync(path.join(tmp, 'wc.txt'), 'utf8').split('\n').reduce((a, l) => a + (Number(l.trim().split(' ')[0]) || 0), 0);
    console.log(`hadoop-streaming word count (${TEXT_MB} MiB, ${text.files.length} files, ${REDUCERS} reducers, Python mapper/reducer)  ` +
      `step ${f1(wc / 1000)} s  sort | uniq -c ${f1(unix / 1000)} s  ratio ${(wc / unix).toFixed(2)}x  ` +
      `(${(TEXT_MB / (wc / 1000)).toFixed(1)} MiB/s; words ${text.words}, step counted ${counted}, uniq counted ${unixWords})`);
    console.log(`load after: ${load()}`);
  } finally {
    for (const id of clusters) await emr.send(new TerminateJobFlowsCommand({ JobFlowIds: [id] })).catch(() => undefined);
    emr.destroy();
    s3.destroy();
    rmSync(tmp, { recursive: true, force: true });
    await server.close();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) await runEmrBench();
