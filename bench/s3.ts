// S3 side by side: Lakestack and moto_server in the same run, same client (SDK v3), same machine.
// Prints absolute numbers and Lakestack/moto ratios; large objects are compared with a plain file copy
// (fsynced, like a durable PUT) on the same disk as the limit.
import { S3Client, CreateBucketCommand, PutObjectCommand, GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { Agent, request } from 'node:http';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promises as fsp, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startLakestack, startMoto, rssMiB, type Peer } from './peers.js';

const SMALL_OPS = Number(process.env.BENCH_SMALL_OPS ?? 2000);
const CONCURRENCY = 16;
const LARGE_MIB = Number(process.env.BENCH_LARGE_MIB ?? 256);
const LIST_KEYS = Number(process.env.BENCH_LIST_KEYS ?? 10000);

function client(endpoint: string): S3Client {
  return new S3Client({
    endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    requestHandler: new NodeHttpHandler({ httpAgent: new Agent({ keepAlive: true, maxSockets: CONCURRENCY }) }),
  });
}

async function pool(n: number, concurrency: number, fn: (i: number) => Promise<void>): Promise<number> {
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let i = next++; i < n; i = next++) await fn(i);
    }),
  );
  return (performance.now() - t0) / 1000;
}

/**
 * One request over a keep-alive agent to a presigned URL: the lightest honest client, so that the server
 * (not the SDK's own CPU, which saturates a core near 550 requests/s here) is what is measured.
 */
function raw(agent: Agent, method: 'PUT' | 'GET', url: string, body?: Buffer, length?: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, agent, headers: length !== undefined ? { 'content-length': length } : {} }, (res) => {
      let n = 0;
      res.on('data', (c: Buffer) => (n += c.length));
      res.on('end', () => ((res.statusCode ?? 500) < 300 ? resolve(n) : reject(new Error(`${method} ${res.statusCode}`))));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Runs curl (body to /dev/null, failing on HTTP errors) and returns what -w printed. */
function curl(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('curl', ['-sS', '--fail', '-o', '/dev/null', ...args], { maxBuffer: 1 << 20 }, (err, stdout) => (err ? reject(err) : resolve(stdout)));
  });
}

interface Result {
  rawPutOps: number;
  rawGetOps: number;
  putOps: number;
  getOps: number;
  largePutMBs: number;
  largeGetMBs: number;
  listSeconds: number;
  startMs: number;
  idleRssMiB: number;
}

async function measure(peer: Peer): Promise<Result> {
  await new Promise((r) => setTimeout(r, 1000));
  const idleRssMiB = rssMiB(peer.pid);
  const s3 = client(peer.endpoint);
  const bucket = 'bench';
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  const small = randomBytes(1024);
  const putSec = await pool(SMALL_OPS, CONCURRENCY, async (i) => {
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: `small/${i}`, Body: small }));
  });
  const getSec = await pool(SMALL_OPS, CONCURRENCY, async (i) => {
    const r = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: `small/${i}` }));
    await r.Body!.transformToByteArray();
  });
  // The same operations through presigned URLs (signed before the clock starts) and node's http client.
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const sign = (method: 'PUT' | 'GET', key: string) =>
    getSignedUrl(s3, method === 'PUT' ? new PutObjectCommand({ Bucket: bucket, Key: key }) : new GetObjectCommand({ Bucket: bucket, Key: key }), { expiresIn: 3600 });
  const putUrls = await Promise.all(Array.from({ length: SMALL_OPS }, (_, i) => sign('PUT', `raw/${i}`)));
  const getUrls = await Promise.all(Array.from({ length: SMALL_OPS }, (_, i) => sign('GET', `raw/${i}`)));
  const rawPutSec = await pool(SMALL_OPS, CONCURRENCY, async (i) => {
    await raw(agent, 'PUT', putUrls[i]!, small, small.length);
  });
  const rawGetSec = await pool(SMALL_OPS, CONCURRENCY, async (i) => {
    if ((await raw(agent, 'GET', getUrls[i]!)) !== small.length) throw new Error(`${peer.name}: short GET`);
  });
  // One large object through a presigned URL with curl: node's own http client tops out near 350 MB/s
  // here and the SDK adds its CRC32 in JS, either of which would measure the client, not the server.
  const largeFile = path.join(mkdtempSync(path.join(os.tmpdir(), 'lakestack-bench-large-')), 'large');
  await fsp.writeFile(largeFile, randomBytes(LARGE_MIB * 1024 * 1024));
  const largeBytes = LARGE_MIB * 1024 * 1024;
  // Median of three: a single transfer of this size swings with the page cache.
  const median3 = async (fn: () => Promise<void>): Promise<number> => {
    const mbs: number[] = [];
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now();
      await fn();
      mbs.push(LARGE_MIB / ((performance.now() - t0) / 1000));
    }
    return mbs.sort((a, b) => a - b)[1]!;
  };
  const largePutUrl = await sign('PUT', 'large');
  const largePutMBs = await median3(async () => {
    await curl(['-T', largeFile, largePutUrl]);
  });
  const largeGetUrl = await sign('GET', 'large');
  const largeGetMBs = await median3(async () => {
    const got = Number(await curl(['-w', '%{size_download}', largeGetUrl]));
    if (got !== largeBytes) throw new Error(`${peer.name}: large GET returned ${got} bytes`);
  });
  rmSync(path.dirname(largeFile), { recursive: true, force: true });
  agent.destroy();
  const listBucket = 'bench-list';
  await s3.send(new CreateBucketCommand({ Bucket: listBucket }));
  const tiny = Buffer.from('x');
  await pool(LIST_KEYS, CONCURRENCY, async (i) => {
    await s3.send(new PutObjectCommand({ Bucket: listBucket, Key: `k/${String(i).padStart(6, '0')}`, Body: tiny }));
  });
  const t0 = performance.now();
  let listed = 0;
  let token: string | undefined;
  do {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: listBucket, ContinuationToken: token }));
    listed += page.KeyCount ?? 0;
    token = page.NextContinuationToken;
  } while (token);
  const listSeconds = (performance.now() - t0) / 1000;
  if (listed !== LIST_KEYS) throw new Error(`${peer.name}: listed ${listed} of ${LIST_KEYS}`);
  s3.destroy();
  return { rawPutOps: SMALL_OPS / rawPutSec, rawGetOps: SMALL_OPS / rawGetSec, putOps: SMALL_OPS / putSec, getOps: SMALL_OPS / getSec, largePutMBs, largeGetMBs, listSeconds, startMs: peer.startMs, idleRssMiB };
}

/** The disk limit: copy a file of the same size and fsync it, as a durable PUT must. */
async function diskCopyMBs(): Promise<number> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'lakestack-bench-disk-'));
  try {
    const src = path.join(dir, 'src');
    await fsp.writeFile(src, randomBytes(LARGE_MIB * 1024 * 1024));
    const t0 = performance.now();
    await fsp.copyFile(src, path.join(dir, 'dst'));
    const fh = await fsp.open(path.join(dir, 'dst'), 'r+');
    await fh.sync();
    await fh.close();
    return LARGE_MIB / ((performance.now() - t0) / 1000);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function runS3Bench(): Promise<void> {
  const results: Record<string, Result> = {};
  for (const start of [startLakestack, startMoto]) {
    const peer = await start();
    try {
      results[peer.name] = await measure(peer);
    } finally {
      await peer.stop();
    }
  }
  const disk = await diskCopyMBs();
  const l = results.lakestack!;
  const m = results.moto!;
  const f = (n: number, d = 0) => n.toFixed(d);
  const rows: [string, string, string, string][] = [
    [`PUT 1 KiB x${SMALL_OPS}, c=${CONCURRENCY}, presigned (ops/s)`, f(l.rawPutOps), f(m.rawPutOps), `${f(l.rawPutOps / m.rawPutOps, 1)}x moto`],
    [`GET 1 KiB x${SMALL_OPS}, c=${CONCURRENCY}, presigned (ops/s)`, f(l.rawGetOps), f(m.rawGetOps), `${f(l.rawGetOps / m.rawGetOps, 1)}x moto`],
    [`PUT 1 KiB x${SMALL_OPS}, c=${CONCURRENCY}, SDK v3 (ops/s)`, f(l.putOps), f(m.putOps), `${f(l.putOps / m.putOps, 1)}x moto`],
    [`GET 1 KiB x${SMALL_OPS}, c=${CONCURRENCY}, SDK v3 (ops/s)`, f(l.getOps), f(m.getOps), `${f(l.getOps / m.getOps, 1)}x moto`],
    [`PUT ${LARGE_MIB} MiB (MB/s)`, f(l.largePutMBs), f(m.largePutMBs), `${f((100 * l.largePutMBs) / disk)}% of disk copy (${f(disk)} MB/s); ${f(l.largePutMBs / m.largePutMBs, 1)}x moto`],
    [`GET ${LARGE_MIB} MiB (MB/s)`, f(l.largeGetMBs), f(m.largeGetMBs), `${f((100 * l.largeGetMBs) / disk)}% of disk copy; ${f(l.largeGetMBs / m.largeGetMBs, 1)}x moto`],
    [`LIST ${LIST_KEYS} keys (s)`, f(l.listSeconds, 2), f(m.listSeconds, 2), `${f(m.listSeconds / l.listSeconds, 1)}x faster than moto`],
    ['start to healthy (ms)', f(l.startMs), f(m.startMs), `${f(m.startMs / l.startMs, 1)}x faster than moto`],
    ['idle RSS (MiB)', f(l.idleRssMiB), f(m.idleRssMiB), `${f(l.idleRssMiB / m.idleRssMiB, 2)}x moto`],
  ];
  const w = [46, 12, 12];
  console.log(['metric'.padEnd(w[0]!), 'lakestack'.padStart(w[1]!), 'moto'.padStart(w[2]!), '  ratio'].join(''));
  for (const [a, b, c, d] of rows) console.log([a.padEnd(w[0]!), b.padStart(w[1]!), c.padStart(w[2]!), `  ${d}`].join(''));
}
