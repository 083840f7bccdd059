// A crawl that was RUNNING when the process died is not left running: the next start marks it FAILED with a
// reason and the crawler READY, so it can be started again.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../src/storage/db.js';
import { BlobStore } from '../../src/storage/blobs.js';
import { glueCatalogFor } from '../../src/services/glue/catalog.js';
import { crawlerOperations } from '../../src/services/glue/crawler/crawlers.js';
import { S3Lake } from '../../src/services/s3/lake.js';

test('a crawl cut short by a restart ends FAILED with a reason', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'lakestack-glue-'));
  try {
    const db = openDatabase(path.join(dir, 'state.db'));
    const clock = { now: () => new Date('2024-05-01T00:00:00Z') };
    const catalog = glueCatalogFor(db, clock);
    const s = { accountId: '000000000000', region: 'us-east-1' };
    const crawler = { Name: 'c', State: 'RUNNING', Targets: { S3Targets: [{ Path: 's3://b/' }] }, LastCrawl: { Status: 'SUCCEEDED' } };
    catalog.store.putNamed('crawlers', s, 'c', JSON.stringify({ crawler, runtimes: [], last: { tablesCreated: 0, tablesUpdated: 0, tablesDeleted: 0 }, runStartedAt: clock.now().toISOString() }));
    crawlerOperations(catalog, new S3Lake(db, new BlobStore(path.join(dir, 'objects')), clock), clock);
    const after = JSON.parse(catalog.store.named('crawlers', s, 'c')!) as { crawler: { State: string; LastCrawl: { Status: string; ErrorMessage: string } } };
    assert.equal(after.crawler.State, 'READY');
    assert.equal(after.crawler.LastCrawl.Status, 'FAILED');
    assert.match(after.crawler.LastCrawl.ErrorMessage, /interrupted/);
    db.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
