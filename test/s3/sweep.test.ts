import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, utimesSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../src/storage/db.js';
import { BlobStore } from '../../src/storage/blobs.js';
import { S3Store } from '../../src/services/s3/store.js';
import { sweepOrphanBlobs } from '../../src/services/s3/sweep.js';

test('the start-up sweep removes only old blob files that no row references', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'lakestack-sweep-'));
  try {
    const db = openDatabase(path.join(dir, 'state.db'));
    const blobs = new BlobStore(path.join(dir, 'objects'));
    const store = new S3Store(db);
    store.insertBucket({ name: 'b', account_id: '000000000000', region: 'us-east-1', created_at: new Date().toISOString(), versioning: null, object_ownership: null });
    const kept = (await blobs.writeBuffer(blobs.newRelPath('s3/b'), Buffer.from('kept'))).relPath;
    const orphan = (await blobs.writeBuffer(blobs.newRelPath('s3/b'), Buffer.from('orphan'))).relPath;
    const fresh = (await blobs.writeBuffer(blobs.newRelPath('s3/b'), Buffer.from('in flight'))).relPath;
    store.putVersion({ bucket: 'b', key: 'k', version_id: 'null', delete_marker: 0, size: 4, etag: '"e"', last_modified: new Date().toISOString(), headers: '{}', metadata: '{}', tags: '[]', checksum_algorithm: null, checksum_value: null, checksum_type: null, parts: null, blob_path: kept, storage_class: 'STANDARD' });
    const old = new Date(Date.now() - 3600_000);
    for (const p of [kept, orphan]) utimesSync(blobs.absolute(p), old, old);
    const removed = await sweepOrphanBlobs(store, blobs, Date.now() - 60_000);
    assert.equal(removed, 1);
    assert.equal(existsSync(blobs.absolute(kept)), true);
    assert.equal(existsSync(blobs.absolute(orphan)), false);
    assert.equal(existsSync(blobs.absolute(fresh)), true, 'a file newer than the process may belong to a write in flight');
    db.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
