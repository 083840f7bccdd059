// npm run bench -- <suite>: runs a benchmark side by side with its peer and prints ratios.
//   s3           Lakestack vs moto_server (small and large objects, listing, start time, idle RSS)
//   athena       athena-sf001, athena-tpch and glue below, one after the other (issue 5's benchmark)
//   athena-sf001 TPC-H Q1/Q3/Q5/Q6 through Athena vs raw DuckDB on the dataset's sf0.01 Parquet files
//   athena-tpch  the 22 TPC-H queries through Athena vs raw DuckDB on a generated lake (BENCH_TPCH_SF); trivial-query overhead
//   glue         a crawler over many partitioned objects; GetPartitions with expressions over 10,000 partitions vs moto_server
//   kube         the Kubernetes API server on SQLite and etcd: create/get/update/list/watch latency, start to kubectl, RSS
//   emr          RunJobFlow → WAITING, a trivial step, a Hive step vs raw DuckDB, hadoop-streaming word count vs sort | uniq -c
// Each suite's file documents its BENCH_* environment variables; the defaults are small enough for a quick run.
import { runS3Bench } from './s3.js';
import { runAthenaBench } from './athena.js';
import { runAthenaTpchBench } from './athena-tpch.js';
import { runGlueBench } from './glue.js';
import { runKubeBench } from './kube.js';
import { runEmrBench } from './emr.js';

const suites: Record<string, () => Promise<void>> = {
  s3: runS3Bench,
  athena: async () => {
    await runAthenaBench();
    console.log();
    await runAthenaTpchBench();
    console.log();
    await runGlueBench();
  },
  'athena-sf001': runAthenaBench,
  'athena-tpch': runAthenaTpchBench,
  glue: runGlueBench,
  kube: runKubeBench,
  emr: runEmrBench,
};
const name = process.argv[2] ?? 's3';
const suite = suites[name];
if (!suite) {
  console.error(`unknown suite ${name}; known: ${Object.keys(suites).join(', ')}`);
  process.exit(2);
}
await suite();
