// The Glue Data Catalog as data engineers drive it: the aws CLI for databases, tables and partitions with
// expressions, the SDK v3 for versions, paging, statistics and Glue's errors.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  GlueClient, GetTableVersionsCommand, UpdateTableCommand, GetPartitionsCommand, BatchCreatePartitionCommand,
  UpdateColumnStatisticsForTableCommand, GetColumnStatisticsForTableCommand, DeleteTableCommand, GetPartitionCommand,
  CreateTableCommand, SearchTablesCommand, BatchDeleteTableCommand, EntityNotFoundException, GetDatabasesCommand,
} from '@aws-sdk/client-glue';
import { startServer, type TestServer } from '../helpers/server.js';
import { aws } from '../helpers/clients.js';

let server: TestServer;
let glue: GlueClient;

before(async () => {
  server = await startServer();
  glue = new GlueClient({ endpoint: server.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
});

after(async () => {
  glue.destroy();
  await server.close();
});

const TABLE = {
  Name: 'Orders',
  TableType: 'EXTERNAL_TABLE',
  PartitionKeys: [{ Name: 'year', Type: 'string' }, { Name: 'month', Type: 'string' }],
  StorageDescriptor: {
    Columns: [{ Name: 'id', Type: 'bigint' }, { Name: 'amount', Type: 'double' }],
    Location: 's3://lake/orders/',
    InputFormat: 'org.apache.hadoop.mapred.TextInputFormat',
    OutputFormat: 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat',
    SerdeInfo: { SerializationLibrary: 'org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe', Parameters: { 'field.delim': ',' } },
  },
  Parameters: { classification: 'csv' },
};

test('aws CLI: databases, tables, partitions and expressions', async () => {
  const env = server.env;
  let r = await aws(env, 'glue', 'create-database', '--database-input', JSON.stringify({ Name: 'Shop', Description: 'the shop' }));
  assert.equal(r.code, 0, r.stderr);
  r = await aws(env, 'glue', 'create-database', '--database-input', '{"Name":"shop"}');
  assert.notEqual(r.code, 0);
  assert.match(r.stderr, /AlreadyExistsException.*Database already exists\./);
  r = await aws(env, 'glue', 'get-database', '--name', 'nowhere');
  assert.match(r.stderr, /EntityNotFoundException.*Database nowhere not found\./);

  r = await aws(env, 'glue', 'create-table', '--database-name', 'shop', '--table-input', JSON.stringify(TABLE));
  assert.equal(r.code, 0, r.stderr);
  r = await aws(env, 'glue', 'create-table', '--database-name', 'shop', '--table-input', JSON.stringify({ ...TABLE, Name: 'order_items' }));
  assert.equal(r.code, 0, r.stderr);
  r = await aws(env, 'glue', 'create-table', '--database-name', 'missing', '--table-input', JSON.stringify(TABLE));
  assert.match(r.stderr, /EntityNotFoundException.*Database missing not found\./);

  r = await aws(env, 'glue', 'get-tables', '--database-name', 'shop');
  const tables = (r.json as { TableList: { Name: string; DatabaseName: string; StorageDescriptor: { Columns: unknown[] } }[] }).TableList;
  assert.deepEqual(tables.map((t) => t.Name), ['order_items', 'orders']);
  assert.equal(tables[1]!.DatabaseName, 'shop');
  assert.deepEqual(tables[1]!.StorageDescriptor.Columns, TABLE.StorageDescriptor.Columns);
  r = await aws(env, 'glue', 'get-tables', '--database-name', 'shop', '--expression', 'orders');
  assert.deepEqual((r.json as { TableList: { Name: string }[] }).TableList.map((t) => t.Name), ['orders']);

  const parts = [['2023', '12'], ['2024', '01'], ['2024', '02'], ['2024', '03']].map((v) => ({
    Values: v,
    StorageDescriptor: { ...TABLE.StorageDescriptor, Location: `s3://lake/orders/year=${v[0]}/month=${v[1]}/` },
  }));
  r = await aws(env, 'glue', 'batch-create-partition', '--database-name', 'shop', '--table-name', 'orders', '--partition-input-list', JSON.stringify([...parts, parts[0], { Values: ['2024'] }]));
  assert.equal(r.code, 0, r.stderr);
  const errs = (r.json as { Errors: { PartitionValues: string[]; ErrorDetail: { ErrorCode: string } }[] }).Errors;
  assert.deepEqual(errs.map((e) => [e.PartitionValues, e.ErrorDetail.ErrorCode]), [[['2023', '12'], 'AlreadyExistsException'], [['2024'], 'InvalidInputException']]);

  const values = async (expr: string) => {
    const res = await aws(env, 'glue', 'get-partitions', '--database-name', 'shop', '--table-name', 'orders', '--expression', expr);
    assert.equal(res.code, 0, res.stderr);
    return (res.json as { Partitions: { Values: string[] }[] }).Partitions.map((p) => p.Values.join('-')).sort();
  };
  assert.deepEqual(await values("year='2024' AND month IN ('01','02')"), ['2024-01', '2024-02']);
  assert.deepEqual(await values("month > '01'"), ['2023-12', '2024-02', '2024-03']);
  assert.deepEqual(await values("month BETWEEN '02' AND '03'"), ['2024-02', '2024-03']);
  assert.deepEqual(await values("year LIKE '202_' AND NOT month = '12'"), ['2024-01', '2024-02', '2024-03']);
  r = await aws(env, 'glue', 'get-partitions', '--database-name', 'shop', '--table-name', 'orders', '--expression', "colour = 'red'");
  assert.match(r.stderr, /InvalidInputException/);

  r = await aws(env, 'glue', 'get-partition', '--database-name', 'shop', '--table-name', 'orders', '--partition-values', '1999', '01');
  assert.match(r.stderr, /EntityNotFoundException.*Cannot find partition\./);
  r = await aws(env, 'glue', 'delete-database', '--name', 'shop');
  assert.equal(r.code, 0, r.stderr);
  r = await aws(env, 'glue', 'get-table', '--database-name', 'shop', '--name', 'orders');
  assert.match(r.stderr, /EntityNotFoundException.*Database shop not found\./);
});

test('SDK v3: versions, paging, segments, statistics, search and cascades', async () => {
  await aws(server.env, 'glue', 'create-database', '--database-input', '{"Name":"sdk"}');
  await glue.send(new CreateTableCommand({ DatabaseName: 'sdk', TableInput: TABLE }));
  await glue.send(new UpdateTableCommand({ DatabaseName: 'sdk', TableInput: { ...TABLE, Description: 'second' } }));
  await glue.send(new UpdateTableCommand({ DatabaseName: 'sdk', TableInput: { ...TABLE, Description: 'third' } }));
  const versions = await glue.send(new GetTableVersionsCommand({ DatabaseName: 'sdk', TableName: 'orders' }));
  assert.deepEqual(versions.TableVersions!.map((v) => [v.VersionId, v.Table!.Description]), [['2', 'third'], ['1', 'second'], ['0', undefined]]);
  assert.ok(versions.TableVersions![0]!.Table!.UpdateTime instanceof Date);

  const inputs = Array.from({ length: 25 }, (_, i) => ({ Values: ['2024', String(i).padStart(2, '0')], StorageDescriptor: { Location: `s3://lake/orders/${i}/` } }));
  const created = await glue.send(new BatchCreatePartitionCommand({ DatabaseName: 'sdk', TableName: 'orders', PartitionInputList: inputs }));
  assert.deepEqual(created.Errors, []);
  const seen: string[] = [];
  let token: string | undefined;
  let pages = 0;
  do {
    const p = await glue.send(new GetPartitionsCommand({ DatabaseName: 'sdk', TableName: 'orders', MaxResults: 10, NextToken: token }));
    seen.push(...p.Partitions!.map((x) => x.Values![1]!));
    token = p.NextToken;
    pages++;
  } while (token);
  assert.equal(pages, 3);
  assert.equal(new Set(seen).size, 25);
  let inSegments = 0;
  for (let n = 0; n < 4; n++) {
    const p = await glue.send(new GetPartitionsCommand({ DatabaseName: 'sdk', TableName: 'orders', Segment: { SegmentNumber: n, TotalSegments: 4 } }));
    inSegments += p.Partitions!.length;
  }
  assert.equal(inSegments, 25);

  const stats = await glue.send(new UpdateColumnStatisticsForTableCommand({
    DatabaseName: 'sdk', TableName: 'orders',
    ColumnStatisticsList: [
      { ColumnName: 'id', ColumnType: 'bigint', AnalyzedTime: new Date('2024-01-01T00:00:00Z'), StatisticsData: { Type: 'LONG', LongColumnStatisticsData: { MinimumValue: 1, MaximumValue: 99, NumberOfNulls: 0, NumberOfDistinctValues: 99 } } },
      { ColumnName: 'nope', ColumnType: 'bigint', AnalyzedTime: new Date(), StatisticsData: { Type: 'LONG', LongColumnStatisticsData: { NumberOfNulls: 0, NumberOfDistinctValues: 1 } } },
    ],
  }));
  assert.equal(stats.Errors!.length, 1);
  const got = await glue.send(new GetColumnStatisticsForTableCommand({ DatabaseName: 'sdk', TableName: 'orders', ColumnNames: ['id', 'amount'] }));
  assert.equal(got.ColumnStatisticsList![0]!.StatisticsData!.LongColumnStatisticsData!.MaximumValue, 99);
  assert.equal(got.ColumnStatisticsList![0]!.AnalyzedTime!.toISOString(), '2024-01-01T00:00:00.000Z');
  assert.deepEqual(got.Errors!.map((e) => e.ColumnName), ['amount']);

  const found = await glue.send(new SearchTablesCommand({ SearchText: 'amount' }));
  assert.deepEqual(found.TableList!.map((t) => `${t.DatabaseName}.${t.Name}`), ['sdk.orders']);
  const dbs = await glue.send(new GetDatabasesCommand({}));
  assert.ok(dbs.DatabaseList!.some((d) => d.Name === 'sdk'));

  await glue.send(new DeleteTableCommand({ DatabaseName: 'sdk', Name: 'orders' }));
  await glue.send(new CreateTableCommand({ DatabaseName: 'sdk', TableInput: TABLE }));
  await assert.rejects(
    glue.send(new GetPartitionCommand({ DatabaseName: 'sdk', TableName: 'orders', PartitionValues: ['2024', '00'] })),
    (err: unknown) => err instanceof EntityNotFoundException && err.message === 'Cannot find partition.',
  );
  const del = await glue.send(new BatchDeleteTableCommand({ DatabaseName: 'sdk', TablesToDelete: ['orders', 'ghost'] }));
  assert.deepEqual(del.Errors!.map((e) => [e.TableName, e.ErrorDetail!.ErrorCode]), [['ghost', 'EntityNotFoundException']]);
});
