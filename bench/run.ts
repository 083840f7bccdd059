// npm run bench -- <suite>: runs a benchmark side by side with its peer and prints ratios.
//   s3      Lakestack vs moto_server (small and large objects, listing, start time, idle RSS)
//   athena  TPC-H through Athena vs raw DuckDB on the same Parquet files
import { runS3Bench } from './s3.js';
import { runAthenaBench } from './athena.js';

const suites: Record<string, () => Promise<void>> = { s3: runS3Bench, athena: runAthenaBench };
const name = process.argv[2] ?? 's3';
const suite = suites[name];
if (!suite) {
  console.error(`unknown suite ${name}; known: ${Object.keys(suites).join(', ')}`);
  process.exit(2);
}
await suite();
