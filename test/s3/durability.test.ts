// kill -9 in the middle of concurrent PUTs and a multipart upload: after a restart every acknowledged
// object reads back byte-identical, and nothing listed is partial.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createCipheriv, createHash } from 'node:crypto';
import { readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import {
  S3Client, CreateBucketCommand, PutObjectCommand, GetObjectCommand, CreateMultipartUploadCommand, UploadPartCommand,
  CompleteMultipartUploadCommand, paginateListObjectsV2,
} from '@aws-sdk/client-s3';
import { startServer, type TestServer } from '../helpers/server.js';

/** The bytes stored under a key: derived from the key, so any object can be checked, acknowledged or not. */
function bodyFor(key: string, size: number): Buffer {
  const seed = createHash('sha256').update(key).digest();
  const c = createCipheriv('aes-128-ctr', seed.subarray(0, 16), seed.subarray(16, 32));
  return Buffer.concat([c.update(Buffer.alloc(size)), c.final()]);
}

function sizeFor(i: number): number {
  return 64 * 1024 + ((i * 7919) % 24) * 64 * 1024;
}

function client(server: TestServer): S3Client {
  return new S3Client({ endpoint: server.endpoint, region: 'us-east-1', forcePathStyle: true, maxAttempts: 1, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
}

test('acknowledged objects survive kill -9; nothing half-written is visible', async () => {
  const first = await startServer();
  const dataDir = first.dataDir;
  const s3 = client(first);
  await s3.send(new CreateBucketCommand({ Bucket: 'durable' }));
  const acked = new Map<string, number>();
  let stopping = false;
  let killed!: () => void;
  const killedNow = new Promise<void>((r) => (killed = r));
  const target = 30;

  const worker = async (w: number) => {
    for (let i = 0; !stopping; i++) {
      const n = w * 10_000 + i;
      const key = `w${w}/obj-${n}`;
      const size = sizeFor(n);
      try {
        await s3.send(new PutObjectCommand({ Bucket: 'durable', Key: key, Body: bodyFor(key, size) }));
        acked.set(key, size);
        if (acked.size >= target && !stopping) killed();
      } catch {
        return; // the server is gone
      }
    }
  };

  // A multipart upload that completes (and is acknowledged) while the PUTs run, then a second one left open.
  const mpKey = 'multipart/done.bin';
  const partSize = 5 * 1024 * 1024;
  const mpBody = bodyFor(mpKey, partSize * 2 + 1000);
  let mpAcked = false;
  const multipart = async () => {
    try {
      const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: 'durable', Key: mpKey }));
      const parts = [];
      for (let p = 0; p < 3; p++) {
        const r = await s3.send(new UploadPartCommand({ Bucket: 'durable', Key: mpKey, UploadId, PartNumber: p + 1, Body: mpBody.subarray(p * partSize, (p + 1) * partSize) }));
        parts.push({ PartNumber: p + 1, ETag: r.ETag });
      }
      await s3.send(new CompleteMultipartUploadCommand({ Bucket: 'durable', Key: mpKey, UploadId, MultipartUpload: { Parts: parts } }));
      mpAcked = true;
      const open = await s3.send(new CreateMultipartUploadCommand({ Bucket: 'durable', Key: 'multipart/open.bin' }));
      for (let p = 1; !stopping; p++) {
        await s3.send(new UploadPartCommand({ Bucket: 'durable', Key: 'multipart/open.bin', UploadId: open.UploadId, PartNumber: p, Body: bodyFor(`part${p}`, partSize) }));
      }
    } catch {
      // the server is gone
    }
  };

  const workers = [0, 1, 2, 3, 4, 5].map(worker);
  const mp = multipart();
  await killedNow;
  stopping = true;
  await first.stop('SIGKILL');
  await Promise.all([...workers, mp]);
  s3.destroy();

  const second = await startServer({ dataDir });
  const s3b = client(second);
  try {
    assert.deepEqual(readdirSync(path.join(dataDir, 'objects', 'tmp')), [], 'temp files of interrupted writes are removed');
    for (const [key, size] of acked) {
      const got = await s3b.send(new GetObjectCommand({ Bucket: 'durable', Key: key }));
      const bytes = Buffer.from(await got.Body!.transformToByteArray());
      assert.ok(bytes.equals(bodyFor(key, size)), `acknowledged ${key} reads back byte-identical`);
    }
    if (mpAcked) {
      const got = await s3b.send(new GetObjectCommand({ Bucket: 'durable', Key: mpKey }));
      assert.ok(Buffer.from(await got.Body!.transformToByteArray()).equals(mpBody), 'the completed multipart object is intact');
    }
    // Every listed object is complete: its size and bytes are exactly what its writer sent.
    let listed = 0;
    for await (const page of paginateListObjectsV2({ client: s3b }, { Bucket: 'durable' })) {
      for (const o of page.Contents ?? []) {
        listed++;
        if (o.Key === mpKey) continue;
        const n = Number(/obj-(\d+)$/.exec(o.Key!)?.[1]);
        assert.equal(o.Size, sizeFor(n), `${o.Key} is not partial`);
        const got = await s3b.send(new GetObjectCommand({ Bucket: 'durable', Key: o.Key }));
        assert.ok(Buffer.from(await got.Body!.transformToByteArray()).equals(bodyFor(o.Key!, sizeFor(n))), `${o.Key} bytes`);
      }
    }
    assert.ok(listed >= acked.size, 'every acknowledged object is listed');
    // Still writable after the crash.
    await s3b.send(new PutObjectCommand({ Bucket: 'durable', Key: 'after-restart', Body: 'fine' }));
  } finally {
    s3b.destroy();
    await second.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
