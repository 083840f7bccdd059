import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync, existsSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { BlobStore } from '../../src/storage/blobs.js';

test('a blob is invisible until committed, then a plain file with the exact bytes', async () => {
  const root = mkdtempSync(path.join(os.tmpdir(), 'blobs-'));
  try {
    const store = new BlobStore(root);
    const md5 = createHash('md5');
    const chunks = [Buffer.from('hello '), Buffer.from('world')];
    const { tmpPath, size } = await store.writeTemp(chunks, [md5]);
    assert.equal(size, 11);
    assert.equal(md5.digest('hex'), createHash('md5').update('hello world').digest('hex'));
    const rel = store.newRelPath('s3/bucket');
    assert.equal(existsSync(store.absolute(rel)), false);
    await store.commit(tmpPath, rel);
    assert.equal(readFileSync(store.absolute(rel), 'utf8'), 'hello world');
    assert.equal(existsSync(tmpPath), false);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('a failing source leaves no temp file; cleanTemp removes leftovers of a crash', async () => {
  const root = mkdtempSync(path.join(os.tmpdir(), 'blobs-'));
  try {
    const store = new BlobStore(root);
    async function* broken(): AsyncGenerator<Buffer> {
      yield Buffer.from('partial');
      throw new Error('client went away');
    }
    await assert.rejects(store.writeTemp(broken()), /client went away/);
    assert.deepEqual(readdirSync(path.join(root, 'tmp')), []);
    writeFileSync(path.join(root, 'tmp', 'orphan'), 'x');
    assert.equal(new BlobStore(root).cleanTemp(), 1);
    assert.deepEqual(readdirSync(path.join(root, 'tmp')), []);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
