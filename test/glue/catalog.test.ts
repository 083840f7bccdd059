// The in-process catalog API Athena and EMR call: databases, tables with versions, partitions and Glue's
// partition expression language, without HTTP in between.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openDatabase } from '../../src/storage/db.js';
import { GlueCatalog, glueCatalogFor } from '../../src/services/glue/catalog.js';

const clock = { now: () => new Date('2024-05-01T00:00:00Z') };
const s = { accountId: '000000000000', region: 'us-east-1' };

function fresh(): GlueCatalog {
  return glueCatalogFor(openDatabase(':memory:'), clock);
}

function code(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    return `${(err as { code: string }).code}: ${(err as Error).message}`;
  }
  return 'no error';
}

test('databases and tables: lower-cased names, versions, cascades, Glue errors', () => {
  const c = fresh();
  c.createDatabase(s, { Name: 'Sales' });
  assert.equal(c.getDatabase(s, 'SALES').Name, 'sales');
  assert.equal(code(() => c.createDatabase(s, { Name: 'sales' })), 'AlreadyExistsException: Database already exists.');
  assert.equal(code(() => c.getDatabase(s, 'nope')), 'EntityNotFoundException: Database nope not found.');
  assert.equal(code(() => c.getTable(s, 'nope', 't')), 'EntityNotFoundException: Database nope not found.');
  assert.equal(code(() => c.getTable(s, 'sales', 't')), 'EntityNotFoundException: Table t not found.');
  // Another region is another catalog.
  assert.equal(code(() => c.getDatabase({ ...s, region: 'eu-west-1' }, 'sales')), 'EntityNotFoundException: Database sales not found.');

  const t = c.createTable(s, 'sales', {
    Name: 'Orders',
    PartitionKeys: [{ Name: 'year', Type: 'string' }, { Name: 'month', Type: 'int' }],
    StorageDescriptor: { Columns: [{ Name: 'id', Type: 'bigint' }], Location: 's3://lake/orders/' },
  });
  assert.equal(t.Name, 'orders');
  assert.equal(t.VersionId, '0');
  const u = c.updateTable(s, 'sales', { ...t, Name: 'orders', Description: 'v1', PartitionKeys: t.PartitionKeys });
  assert.equal(u.VersionId, '1');
  assert.deepEqual(c.getTableVersions(s, 'sales', 'orders').map((v) => v.VersionId), ['1', '0']);
  assert.equal(c.getTableVersion(s, 'sales', 'orders', '0').Table?.Description, undefined);
  assert.equal(code(() => c.updateTable(s, 'sales', { Name: 'orders' }, { versionId: '0' })).split(':')[0], 'ConcurrentModificationException');
  assert.deepEqual(c.getTables(s, 'sales', 'ord*').map((x) => x.Name), ['orders']);
  assert.deepEqual(c.getTables(s, 'sales', 'x*|y').map((x) => x.Name), []);

  const errors = c.batchCreatePartitions(s, 'sales', 'orders', [
    { Values: ['2023', '12'] },
    { Values: ['2024', '1'] },
    { Values: ['2024', '2'] },
    { Values: ['2024', '10'] },
    { Values: ['2024', '1'] },
    { Values: ['2024'] },
  ]);
  assert.deepEqual(errors.map((e) => e.ErrorDetail?.ErrorCode), ['AlreadyExistsException', 'InvalidInputException']);
  const vals = (expr: string) => c.getPartitions(s, 'sales', 'orders', { expression: expr }).partitions.map((p) => p.Values!.join('/'));
  assert.deepEqual(vals("year = '2024' AND month IN (1, 2)"), ['2024/1', '2024/2']);
  assert.deepEqual(vals('month > 2'), ['2023/12', '2024/10']); // numeric: month is an int key
  assert.deepEqual(vals("month BETWEEN 2 AND 10 AND year LIKE '20%'"), ['2024/2', '2024/10']);
  assert.deepEqual(vals("NOT (year = '2024') OR month <> 1 AND month < 3"), ['2023/12', '2024/2']);
  assert.equal(code(() => vals("colour = 'red'")).split(':')[0], 'InvalidInputException');
  assert.equal(code(() => vals("year = ")).split(':')[0], 'InvalidInputException');

  const page1 = c.getPartitions(s, 'sales', 'orders', { maxResults: 3 });
  assert.equal(page1.partitions.length, 3);
  const page2 = c.getPartitions(s, 'sales', 'orders', { maxResults: 3, nextToken: page1.nextToken });
  assert.equal(page2.partitions.length, 1);
  assert.equal(page2.nextToken, undefined);
  const segs = [0, 1, 2].flatMap((n) => c.getPartitions(s, 'sales', 'orders', { segment: { SegmentNumber: n, TotalSegments: 3 } }).partitions);
  assert.equal(segs.length, 4);

  c.updatePartition(s, 'sales', 'orders', ['2024', '10'], { Values: ['2024', '11'] });
  assert.equal(code(() => c.getPartition(s, 'sales', 'orders', ['2024', '10'])), 'EntityNotFoundException: Cannot find partition.');
  assert.ok(c.getPartition(s, 'sales', 'orders', ['2024', '11']).CreationTime instanceof Date);
  assert.deepEqual(c.batchDeletePartitions(s, 'sales', 'orders', [['2024', '11'], ['1999', '1']]).length, 1);

  c.deleteTable(s, 'sales', 'orders');
  c.createTable(s, 'sales', { Name: 'orders', PartitionKeys: [{ Name: 'year', Type: 'string' }] });
  assert.equal(c.getPartitions(s, 'sales', 'orders').partitions.length, 0, 'partitions went with the table');
  c.deleteDatabase(s, 'sales');
  assert.equal(code(() => c.getTable(s, 'sales', 'orders')), 'EntityNotFoundException: Database sales not found.');
});
