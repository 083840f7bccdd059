// Glue and Athena together: a partitioned CSV dataset uploaded with `aws s3 sync`, a Glue crawler run over it,
// and Athena querying the table the crawler made (header skipped, partition values from the folders).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CreateCrawlerCommand, CreateDatabaseCommand, GetCrawlerCommand, GlueClient, StartCrawlerCommand } from '@aws-sdk/client-glue';
import { aws } from '../helpers/clients.js';
import { ok, startHarness } from './harness.js';

test('a crawled partitioned CSV table answers Athena queries', async () => {
  const h = await startHarness();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'crawl-'));
  const glue = new GlueClient({ endpoint: h.server.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
  try {
    mkdirSync(path.join(dir, 'dt=2024-01-01'));
    mkdirSync(path.join(dir, 'dt=2024-01-02'));
    writeFileSync(path.join(dir, 'dt=2024-01-01', 'a.csv'), 'id,amount,city\n1,10.5,Paris\n2,3.25,Oslo\n');
    writeFileSync(path.join(dir, 'dt=2024-01-02', 'b.csv'), 'id,amount,city\n3,7,Rome\n');
    const sync = await aws(h.server.env, 's3', 'sync', dir, 's3://lake/sales/');
    assert.equal(sync.code, 0, sync.stderr);
    await glue.send(new CreateDatabaseCommand({ DatabaseInput: { Name: 'crawled' } }));
    await glue.send(new CreateCrawlerCommand({ Name: 'sales', Role: 'arn:aws:iam::000000000000:role/crawler', DatabaseName: 'crawled', Targets: { S3Targets: [{ Path: 's3://lake/sales/' }] } }));
    await glue.send(new StartCrawlerCommand({ Name: 'sales' }));
    for (;;) {
      const c = await glue.send(new GetCrawlerCommand({ Name: 'sales' }));
      if (c.Crawler?.State === 'READY' && c.Crawler.LastCrawl) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const rows = await ok(h, 'SELECT dt, count(*) AS n, sum(amount) AS total, max(city) AS city FROM sales GROUP BY dt ORDER BY dt', 'crawled');
    assert.deepEqual(rows, [['2024-01-01', '2', '13.75', 'Paris'], ['2024-01-02', '1', '7.0', 'Rome']]);
  } finally {
    glue.destroy();
    rmSync(dir, { recursive: true, force: true });
    await h.close();
  }
});
