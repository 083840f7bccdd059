// npm run bench -- <suite>: runs a benchmark side by side with its peer and prints ratios.
import { runS3Bench } from './s3.js';

const suites: Record<string, () => Promise<void>> = { s3: runS3Bench };
const name = process.argv[2] ?? 's3';
const suite = suites[name];
if (!suite) {
  console.error(`unknown suite ${name}; known: ${Object.keys(suites).join(', ')}`);
  process.exit(2);
}
await suite();
