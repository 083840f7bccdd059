// Crawlers over Lakestack's own S3, as a data engineer runs them: objects uploaded with the SDK (CSV with a
// header in Hive partitions, gzipped JSON lines in plain folders, TPC-H Parquet, quoted CSV, TSV), then
// `aws glue start-crawler` / `get-crawler`, and the tables, columns, SerDes and partitions a user would see.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { S3Client, CreateBucketCommand, PutObjectCommand, DeleteObjectCommand } from '@aws-sdk/client-s3';
import {
  GlueClient, CreateCrawlerCommand, StartCrawlerCommand, GetCrawlerCommand, GetTablesCommand, GetPartitionsCommand,
  GetCrawlerMetricsCommand, UpdateCrawlerCommand, StopCrawlerCommand, CreateClassifierCommand, GetClassifierCommand,
  CrawlerRunningException, CrawlerNotRunningException, InvalidInputException, type Table,
} from '@aws-sdk/client-glue';
import { startServer, type TestServer } from '../helpers/server.js';
import { aws } from '../helpers/clients.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const NATION = path.join(repo, '../shared/datasets/tpch-sf0.01/parquet/nation/data.parquet');

let server: TestServer;
let s3: S3Client;
let glue: GlueClient;

before(async () => {
  server = await startServer();
  const cfg = { endpoint: server.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } };
  s3 = new S3Client({ ...cfg, forcePathStyle: true });
  glue = new GlueClient(cfg);
  await s3.send(new CreateBucketCommand({ Bucket: 'lake' }));
  const put = (Key: string, Body: string | Buffer) => s3.send(new PutObjectCommand({ Bucket: 'lake', Key, Body }));
  const sales = (rows: string) => `id,product,price,paid\n${rows}`;
  await put('sales/year=2024/month=01/part-0.csv', sales('1,apple,1.5,true\n2,pear,2.25,false\n'));
  await put('sales/year=2024/month=02/part-0.csv', sales('3,plum,3.5,true\n'));
  await put('sales/year=2023/month=12/part-0.csv', sales('4,fig,4,false\n'));
  await put('sales/year=2023/month=12/_SUCCESS', '');
  const ev = (o: object[]) => gzipSync(o.map((x) => JSON.stringify(x)).join('\n') + '\n');
  await put('events/2024/01/a.json.gz', ev([{ user: 'a', n: 1, tags: ['x'], geo: { lat: 1.5, lon: 2.5 } }, { user: 'b', n: 2, tags: [], geo: { lat: 3, lon: 4 } }]));
  await put('events/2024/02/b.json.gz', ev([{ user: 'c', n: 3, tags: ['y'], geo: { lat: 1, lon: 1 } }]));
  await put('nation/nation.parquet', readFileSync(NATION));
  await put('people/people.csv', 'name,city,amount\n"Smith, J","Paris",10\n"Doe, A","Rome",20\n');
  await put('metrics/data.tsv', 'k\tv\tw\na\t1\t2.5\nb\t2\t3.5\n');
  await put('plain/data.csv', 'a,b\nx,y\nz,w\n');
});

after(async () => {
  s3.destroy();
  glue.destroy();
  await server.close();
});

/** Waits for the crawl to finish: states advance because the crawl's work is done, so we poll, never sleep-and-assert. */
async function crawlDone(name: string): Promise<string> {
  for (;;) {
    const c = (await glue.send(new GetCrawlerCommand({ Name: name }))).Crawler!;
    if (c.State === 'READY' && c.LastCrawl) return c.LastCrawl.Status!;
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function tables(db: string): Promise<Map<string, Table>> {
  const r = await glue.send(new GetTablesCommand({ DatabaseName: db }));
  return new Map(r.TableList!.map((t) => [t.Name!, t]));
}

const cols = (t: Table | undefined) => t?.StorageDescriptor?.Columns?.map((c) => `${c.Name}:${c.Type}`);

test('a crawl through the aws CLI discovers every table, its columns, SerDe and partitions', async () => {
  const env = server.env;
  let r = await aws(env, 'glue', 'create-crawler', '--name', 'lake-crawler', '--role', 'arn:aws:iam::000000000000:role/glue',
    '--database-name', 'lakedb', '--targets', '{"S3Targets":[{"Path":"s3://lake/"}]}', '--schedule', 'cron(15 2 * * ? *)');
  assert.equal(r.code, 0, r.stderr);
  r = await aws(env, 'glue', 'get-crawler', '--name', 'lake-crawler');
  const before = (r.json as { Crawler: { State: string; Schedule: { ScheduleExpression: string; State: string } } }).Crawler;
  assert.equal(before.State, 'READY');
  assert.deepEqual(before.Schedule, { ScheduleExpression: 'cron(15 2 * * ? *)', State: 'SCHEDULED' });
  r = await aws(env, 'glue', 'start-crawler', '--name', 'lake-crawler');
  assert.equal(r.code, 0, r.stderr);
  assert.equal(await crawlDone('lake-crawler'), 'SUCCEEDED');
  r = await aws(env, 'glue', 'get-crawler', '--name', 'lake-crawler');
  const last = (r.json as { Crawler: { LastCrawl: { Status: string; StartTime: number } } }).Crawler.LastCrawl;
  assert.equal(last.Status, 'SUCCEEDED');
  assert.equal(typeof last.StartTime, 'number');

  const t = await tables('lakedb');
  assert.deepEqual([...t.keys()].sort(), ['events', 'metrics', 'nation', 'people', 'plain', 'sales']);

  const sales = t.get('sales')!;
  assert.deepEqual(cols(sales), ['id:bigint', 'product:string', 'price:double', 'paid:boolean']);
  assert.deepEqual(sales.PartitionKeys!.map((k) => `${k.Name}:${k.Type}`), ['year:string', 'month:string']);
  assert.equal(sales.StorageDescriptor!.Location, 's3://lake/sales/');
  assert.equal(sales.StorageDescriptor!.SerdeInfo!.SerializationLibrary, 'org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe');
  assert.deepEqual(sales.StorageDescriptor!.SerdeInfo!.Parameters, { 'field.delim': ',' });
  assert.equal(sales.StorageDescriptor!.InputFormat, 'org.apache.hadoop.mapred.TextInputFormat');
  assert.equal(sales.TableType, 'EXTERNAL_TABLE');
  assert.equal(sales.Parameters!.classification, 'csv');
  assert.equal(sales.Parameters!['skip.header.line.count'], '1');
  assert.equal(sales.Parameters!.compressionType, 'none');
  assert.equal(sales.Parameters!.typeOfData, 'file');
  assert.equal(sales.Parameters!.objectCount, '3');

  const events = t.get('events')!;
  assert.deepEqual(cols(events), ['user:string', 'n:bigint', 'tags:array<string>', 'geo:struct<lat:double,lon:double>']);
  assert.deepEqual(events.PartitionKeys!.map((k) => k.Name), ['partition_0', 'partition_1']);
  assert.equal(events.StorageDescriptor!.SerdeInfo!.SerializationLibrary, 'org.openx.data.jsonserde.JsonSerDe');
  assert.equal(events.Parameters!.classification, 'json');
  assert.equal(events.Parameters!.compressionType, 'gzip');

  const nation = t.get('nation')!;
  assert.deepEqual(nation.StorageDescriptor!.Columns!.map((c) => c.Name), ['n_nationkey', 'n_name', 'n_regionkey', 'n_comment']);
  assert.equal(nation.StorageDescriptor!.Columns![1]!.Type, 'string');
  assert.equal(nation.Parameters!.classification, 'parquet');
  assert.equal(nation.Parameters!.recordCount, '25');
  assert.equal(nation.StorageDescriptor!.SerdeInfo!.SerializationLibrary, 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe');
  assert.equal(nation.StorageDescriptor!.InputFormat, 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat');

  const people = t.get('people')!;
  assert.equal(people.StorageDescriptor!.SerdeInfo!.SerializationLibrary, 'org.apache.hadoop.hive.serde2.OpenCSVSerde');
  assert.deepEqual(people.StorageDescriptor!.SerdeInfo!.Parameters, { separatorChar: ',', quoteChar: '"' });
  assert.deepEqual(cols(people), ['name:string', 'city:string', 'amount:bigint']);

  assert.deepEqual(t.get('metrics')!.StorageDescriptor!.SerdeInfo!.Parameters, { 'field.delim': '\t' });
  assert.deepEqual(cols(t.get('metrics')), ['k:string', 'v:bigint', 'w:double']);
  // Every column a string: Glue cannot tell a header from data, so the header row is data and columns are col0…
  assert.deepEqual(cols(t.get('plain')), ['col0:string', 'col1:string']);
  assert.equal(t.get('plain')!.Parameters!['skip.header.line.count'], undefined);

  r = await aws(env, 'glue', 'get-partitions', '--database-name', 'lakedb', '--table-name', 'sales', '--expression', "year = '2024' AND month IN ('01','02')");
  const parts = (r.json as { Partitions: { Values: string[]; StorageDescriptor: { Location: string } }[] }).Partitions;
  assert.deepEqual(parts.map((p) => p.Values.join('/')).sort(), ['2024/01', '2024/02']);
  assert.ok(parts.every((p) => p.StorageDescriptor.Location === `s3://lake/sales/year=${p.Values[0]}/month=${p.Values[1]}/`));
  const ep = await glue.send(new GetPartitionsCommand({ DatabaseName: 'lakedb', TableName: 'events' }));
  assert.deepEqual(ep.Partitions!.map((p) => p.Values!.join('/')).sort(), ['2024/01', '2024/02']);

  const m = await glue.send(new GetCrawlerMetricsCommand({ CrawlerNameList: ['lake-crawler'] }));
  assert.equal(m.CrawlerMetricsList![0]!.TablesCreated, 6);
});

test('a recrawl follows the SchemaChangePolicy: new partitions and columns, deleted data', async () => {
  await glue.send(new UpdateCrawlerCommand({
    Name: 'lake-crawler',
    SchemaChangePolicy: { UpdateBehavior: 'UPDATE_IN_DATABASE', DeleteBehavior: 'DELETE_FROM_DATABASE' },
  }));
  await s3.send(new PutObjectCommand({ Bucket: 'lake', Key: 'sales/year=2024/month=03/part-0.csv', Body: 'id,product,price,paid,store\n5,kiwi,1,true,north\n' }));
  await s3.send(new DeleteObjectCommand({ Bucket: 'lake', Key: 'sales/year=2023/month=12/part-0.csv' }));
  await s3.send(new DeleteObjectCommand({ Bucket: 'lake', Key: 'plain/data.csv' }));
  await glue.send(new StartCrawlerCommand({ Name: 'lake-crawler' }));
  // A crawl takes longer than one loopback round trip: the second start finds it running.
  await assert.rejects(glue.send(new StartCrawlerCommand({ Name: 'lake-crawler' })), CrawlerRunningException);
  assert.equal(await crawlDone('lake-crawler'), 'SUCCEEDED');
  const t = await tables('lakedb');
  assert.equal(t.has('plain'), false, 'the table whose data is gone was deleted');
  assert.deepEqual(cols(t.get('sales')), ['id:bigint', 'product:string', 'price:double', 'paid:boolean', 'store:string']);
  assert.equal(t.get('sales')!.VersionId, '1');
  const p = await glue.send(new GetPartitionsCommand({ DatabaseName: 'lakedb', TableName: 'sales' }));
  assert.deepEqual(p.Partitions!.map((x) => x.Values!.join('/')).sort(), ['2024/01', '2024/02', '2024/03']);
  const m = await glue.send(new GetCrawlerMetricsCommand({ CrawlerNameList: ['lake-crawler'] }));
  assert.equal(m.CrawlerMetricsList![0]!.TablesDeleted, 1);
  assert.equal(m.CrawlerMetricsList![0]!.TablesUpdated, 1);
});

test('custom CSV classifier, stop states and bad input get Glue errors', async () => {
  await s3.send(new PutObjectCommand({ Bucket: 'lake', Key: 'pipes/x.txt', Body: 'a|b\nx|y\nz|w\n' }));
  await glue.send(new CreateClassifierCommand({ CsvClassifier: { Name: 'pipes', Delimiter: '|', ContainsHeader: 'PRESENT' } }));
  const cl = await glue.send(new GetClassifierCommand({ Name: 'pipes' }));
  assert.equal(cl.Classifier!.CsvClassifier!.Delimiter, '|');
  await glue.send(new CreateCrawlerCommand({
    Name: 'pipes', Role: 'glue', DatabaseName: 'pipesdb', Classifiers: ['pipes'], TablePrefix: 'raw_', Targets: { S3Targets: [{ Path: 's3://lake/pipes/' }] },
  }));
  await assert.rejects(glue.send(new StopCrawlerCommand({ Name: 'pipes' })), CrawlerNotRunningException);
  await glue.send(new StartCrawlerCommand({ Name: 'pipes' }));
  assert.equal(await crawlDone('pipes'), 'SUCCEEDED');
  const t = await tables('pipesdb');
  assert.deepEqual(cols(t.get('raw_pipes')), ['a:string', 'b:string']);
  assert.equal(t.get('raw_pipes')!.Parameters!.delimiter, '|');
  // Stopped while it runs: STOPPING, then READY with the crawl CANCELLED and nothing new written.
  await glue.send(new StartCrawlerCommand({ Name: 'pipes' }));
  await glue.send(new StopCrawlerCommand({ Name: 'pipes' }));
  assert.equal((await glue.send(new GetCrawlerCommand({ Name: 'pipes' }))).Crawler!.State, 'STOPPING');
  assert.equal(await crawlDone('pipes'), 'CANCELLED');

  let r = await aws(server.env, 'glue', 'create-crawler', '--name', 'bad', '--role', 'r', '--targets', '{"S3Targets":[{"Path":"s3://lake/"}]}', '--schedule', 'cron(99 * * * ? *)');
  assert.match(r.stderr, /InvalidInputException/);
  r = await aws(server.env, 'glue', 'start-crawler', '--name', 'ghost');
  assert.match(r.stderr, /EntityNotFoundException/);
  await assert.rejects(
    glue.send(new CreateCrawlerCommand({ Name: 'jdbc', Role: 'r', Targets: { JdbcTargets: [{ ConnectionName: 'c', Path: 'db/%' }] } })),
    InvalidInputException,
  );
});
