// Runs the test files under test/ (or the paths given) with node's test runner, TypeScript via tsx.
// Usage: npm test [-- path-or-dir ...]
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';

function collect(p, out) {
  const st = statSync(p);
  if (st.isDirectory()) {
    for (const name of readdirSync(p).sort()) collect(path.join(p, name), out);
  } else if (/\.test\.(ts|mjs|js)$/.test(p)) {
    out.push(p);
  }
}

const args = process.argv.slice(2);
const files = [];
for (const p of args.length ? args : ['test']) collect(p, files);
if (files.length === 0) {
  console.error('no test files found');
  process.exit(1);
}
const concurrency = process.env.LAKESTACK_TEST_CONCURRENCY ?? '2';
const res = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', `--test-concurrency=${concurrency}`, '--test-reporter=spec', ...files],
  { stdio: 'inherit', env: process.env },
);
process.exit(res.status ?? 1);
