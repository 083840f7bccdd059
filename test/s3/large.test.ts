// The 200 MB case from the issue: one multipart round trip through the aws CLI, compared by digest.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServer } from '../helpers/server.js';
import { aws } from '../helpers/clients.js';

async function md5File(file: string): Promise<string> {
  const h = createHash('md5');
  for await (const c of createReadStream(file) as AsyncIterable<Buffer>) h.update(c);
  return h.digest('hex');
}

test('aws s3 cp of a 200 MB file up and down is byte-identical', async () => {
  const server = await startServer();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'lakestack-large-'));
  try {
    const src = path.join(dir, 'big.bin');
    const out = createWriteStream(src);
    const block = randomBytes(1024 * 1024);
    for (let i = 0; i < 200; i++) {
      block.writeUInt32BE(i, 0);
      if (!out.write(Buffer.from(block))) await new Promise<void>((r) => out.once('drain', () => r()));
    }
    await new Promise<void>((r) => out.end(r));
    let r = await aws(server.env, 's3', 'mb', 's3://large');
    assert.equal(r.code, 0, r.stderr);
    r = await aws(server.env, 's3', 'cp', src, 's3://large/big.bin');
    assert.equal(r.code, 0, r.stderr);
    r = await aws(server.env, 's3api', 'head-object', '--bucket', 'large', '--key', 'big.bin');
    const head = r.json as { ContentLength: number; ETag: string };
    assert.equal(head.ContentLength, 200 * 1024 * 1024);
    assert.match(head.ETag, /-25"$/);
    const back = path.join(dir, 'back.bin');
    r = await aws(server.env, 's3', 'cp', 's3://large/big.bin', back);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(await md5File(back), await md5File(src));
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
