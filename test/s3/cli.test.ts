// The aws CLI's high-level `s3` commands against Lakestack, as a data engineer runs them.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, readFileSync, mkdirSync, rmSync, existsSync } from 'node:fs';
import { createHash, randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { startServer, type TestServer } from '../helpers/server.js';
import { aws } from '../helpers/clients.js';

let server: TestServer;
let dir: string;

before(async () => {
  server = await startServer();
  dir = mkdtempSync(path.join(os.tmpdir(), 'lakestack-s3cli-'));
});

after(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

const md5 = (b: Buffer) => createHash('md5').update(b).digest('hex');

test('s3 mb, cp up and down, ls, mv, rm, rb', async () => {
  const env = server.env;
  let r = await aws(env, 's3', 'mb', 's3://cli-bucket');
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /make_bucket: cli-bucket/);
  const src = path.join(dir, 'hello.txt');
  writeFileSync(src, 'hello lakestack\n');
  r = await aws(env, 's3', 'cp', src, 's3://cli-bucket/docs/hello.txt');
  assert.equal(r.code, 0, r.stderr);
  r = await aws(env, 's3', 'ls', 's3://cli-bucket/');
  assert.match(r.stdout, /PRE docs\//);
  r = await aws(env, 's3', 'ls', 's3://cli-bucket/docs/');
  assert.match(r.stdout, /\s16 hello\.txt/);
  const back = path.join(dir, 'back.txt');
  r = await aws(env, 's3', 'cp', 's3://cli-bucket/docs/hello.txt', back);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(readFileSync(back, 'utf8'), 'hello lakestack\n');
  r = await aws(env, 's3', 'mv', 's3://cli-bucket/docs/hello.txt', 's3://cli-bucket/moved/hello.txt');
  assert.equal(r.code, 0, r.stderr);
  r = await aws(env, 's3', 'ls', 's3://cli-bucket/', '--recursive');
  assert.doesNotMatch(r.stdout, /docs\/hello\.txt/);
  assert.match(r.stdout, /moved\/hello\.txt/);
  r = await aws(env, 's3', 'rb', 's3://cli-bucket');
  assert.notEqual(r.code, 0);
  assert.match(r.stderr, /BucketNotEmpty/);
  r = await aws(env, 's3', 'rm', 's3://cli-bucket/moved/hello.txt');
  assert.equal(r.code, 0, r.stderr);
  r = await aws(env, 's3', 'rb', 's3://cli-bucket');
  assert.equal(r.code, 0, r.stderr);
  r = await aws(env, 's3', 'ls');
  assert.doesNotMatch(r.stdout, /cli-bucket/);
});

test('s3 sync uploads a tree, re-sync copies only changes, --delete removes, and sync down restores it', async () => {
  const env = server.env;
  await aws(env, 's3', 'mb', 's3://sync-bucket');
  const tree = path.join(dir, 'tree');
  mkdirSync(path.join(tree, 'a/b'), { recursive: true });
  writeFileSync(path.join(tree, 'top.csv'), 'id,name\n1,x\n');
  writeFileSync(path.join(tree, 'a/one.json'), '{"a":1}');
  writeFileSync(path.join(tree, 'a/b/two with space.txt'), 'two');
  let r = await aws(env, 's3', 'sync', tree, 's3://sync-bucket/data');
  assert.equal(r.code, 0, r.stderr);
  assert.equal((r.stdout.match(/upload:/g) ?? []).length, 3);
  r = await aws(env, 's3', 'sync', tree, 's3://sync-bucket/data');
  assert.equal((r.stdout.match(/upload:/g) ?? []).length, 0, 'unchanged files are not uploaded again');
  writeFileSync(path.join(tree, 'a/one.json'), '{"a":2,"changed":true}');
  rmSync(path.join(tree, 'top.csv'));
  r = await aws(env, 's3', 'sync', tree, 's3://sync-bucket/data', '--delete');
  assert.match(r.stdout, /upload: .*one\.json/);
  assert.match(r.stdout, /delete: s3:\/\/sync-bucket\/data\/top\.csv/);
  const down = path.join(dir, 'down');
  r = await aws(env, 's3', 'sync', 's3://sync-bucket/data', down);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(readFileSync(path.join(down, 'a/one.json'), 'utf8'), '{"a":2,"changed":true}');
  assert.equal(readFileSync(path.join(down, 'a/b/two with space.txt'), 'utf8'), 'two');
  assert.equal(existsSync(path.join(down, 'top.csv')), false);
});

test('a 40 MB file goes up as a multipart upload and comes back byte-identical', async () => {
  const env = server.env;
  await aws(env, 's3', 'mb', 's3://big-bucket');
  const data = randomBytes(40 * 1024 * 1024);
  const src = path.join(dir, 'big.bin');
  writeFileSync(src, data);
  let r = await aws(env, 's3', 'cp', src, 's3://big-bucket/big.bin');
  assert.equal(r.code, 0, r.stderr);
  r = await aws(env, 's3api', 'head-object', '--bucket', 'big-bucket', '--key', 'big.bin');
  const head = r.json as { ContentLength: number; ETag: string };
  assert.equal(head.ContentLength, data.length);
  // The CLI uses 8 MiB parts: 40 MiB is five of them, and the ETag says so.
  assert.match(head.ETag, /^"[0-9a-f]{32}-5"$/);
  const back = path.join(dir, 'big.back');
  r = await aws(env, 's3', 'cp', 's3://big-bucket/big.bin', back);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(md5(readFileSync(back)), md5(data));
  r = await aws(env, 's3api', 'list-multipart-uploads', '--bucket', 'big-bucket');
  assert.equal((r.json as { Uploads?: unknown[] } | undefined)?.Uploads, undefined, 'no upload is left open');
});

test('s3 presign gives a URL that plain fetch can read, and that stops working for a missing key', async () => {
  const env = server.env;
  await aws(env, 's3', 'mb', 's3://presign-bucket');
  const src = path.join(dir, 'p.txt');
  writeFileSync(src, 'presigned body');
  await aws(env, 's3', 'cp', src, 's3://presign-bucket/p.txt');
  let r = await aws(env, 's3', 'presign', 's3://presign-bucket/p.txt', '--expires-in', '300');
  assert.equal(r.code, 0, r.stderr);
  const url = r.stdout.trim();
  assert.match(url, /X-Amz-Signature=|Signature=/);
  const res = await fetch(url);
  assert.equal(res.status, 200);
  assert.equal(await res.text(), 'presigned body');
  r = await aws(env, 's3', 'presign', 's3://presign-bucket/missing.txt');
  const miss = await fetch(r.stdout.trim());
  assert.equal(miss.status, 404);
  assert.match(await miss.text(), /<Code>NoSuchKey<\/Code>/);
});
