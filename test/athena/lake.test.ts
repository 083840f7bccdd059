// The lake through Athena: partitions found by MSCK REPAIR and pruned by WHERE (less data scanned), CTAS and
// INSERT INTO writing Parquet objects that the S3 API lists, results files in the output location, paging,
// errors in Athena's words, StopQueryExecution, idempotent starts, prepared statements and the aws CLI.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  GetQueryResultsCommand, StopQueryExecutionCommand, StartQueryExecutionCommand, GetQueryRuntimeStatisticsCommand,
  ListQueryExecutionsCommand, BatchGetQueryExecutionCommand, GetTableMetadataCommand, ListDatabasesCommand,
  CreateWorkGroupCommand, GetWorkGroupCommand,
} from '@aws-sdk/client-athena';
import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { aws, run } from '../helpers/clients.js';
import { ok, query, start, startHarness, upload, waitFor, OUTPUT, type Harness } from './harness.js';

let h: Harness;

before(async () => {
  h = await startHarness();
  await ok(h, 'CREATE DATABASE tpch', 'default');
  await upload(h, 'parquet/nation/data.parquet', 'tpch/nation/data.parquet');
  for (const r of ['0', '1', '2', '3']) await upload(h, 'parquet/nation/data.parquet', `parted/nation/region=${r}/part-0.parquet`);
  await ok(h, `CREATE EXTERNAL TABLE nation (n_nationkey bigint, n_name string, n_regionkey bigint, n_comment string)
    STORED AS PARQUET LOCATION 's3://lake/tpch/nation/'`);
});

after(async () => {
  await h?.close();
});

test('MSCK REPAIR adds partitions; a WHERE on the partition key scans a quarter of the bytes', async () => {
  await ok(h, `CREATE EXTERNAL TABLE pnation (n_nationkey bigint, n_name string) PARTITIONED BY (region string)
    STORED AS PARQUET LOCATION 's3://lake/parted/nation/'`);
  await ok(h, 'MSCK REPAIR TABLE pnation');
  assert.deepEqual(await ok(h, 'SHOW PARTITIONS pnation'), [['region=0'], ['region=1'], ['region=2'], ['region=3']]);
  const all = await query(h, 'SELECT count(*) FROM pnation');
  const one = await query(h, "SELECT count(*), min(region) FROM pnation WHERE region = '2'");
  assert.deepEqual(all.rows, [['100']]);
  assert.deepEqual(one.rows, [['25', '2']]);
  const full = all.exec.Statistics!.DataScannedInBytes!;
  assert.equal(one.exec.Statistics!.DataScannedInBytes! * 4, full);
  await upload(h, 'parquet/nation/data.parquet', 'parted/nation/region=4/part-0.parquet');
  await ok(h, 'MSCK REPAIR TABLE pnation');
  assert.deepEqual(await ok(h, 'SELECT count(DISTINCT region) FROM pnation'), [['5']]);
  await ok(h, "ALTER TABLE pnation DROP PARTITION (region = '4')");
  assert.deepEqual(await ok(h, 'SELECT count(*) FROM pnation'), [['100']]);
});

test('CTAS writes partitioned Parquet that S3 lists and Athena reads back; INSERT INTO appends', async () => {
  const ctas = await query(h, `CREATE TABLE nation_by_region WITH (format = 'PARQUET', external_location = 's3://lake/ctas/nation_by_region/',
    partitioned_by = ARRAY['n_regionkey']) AS SELECT n_nationkey, n_name, n_regionkey FROM nation`);
  assert.equal(ctas.exec.Status?.State, 'SUCCEEDED', ctas.exec.Status?.StateChangeReason);
  assert.equal(ctas.exec.SubstatementType, 'CREATE_TABLE_AS_SELECT');
  const listed = await h.s3.send(new ListObjectsV2Command({ Bucket: 'lake', Prefix: 'ctas/nation_by_region/' }));
  assert.equal(listed.KeyCount, 5);
  assert.ok(listed.Contents!.every((o) => /^n_regionkey=\d\/[^/]+$/.test(o.Key!.slice('ctas/nation_by_region/'.length)) && o.ETag && o.Size! > 0));
  const back = await ok(h, 'SELECT n_regionkey, count(*), max(n_name) FROM nation_by_region GROUP BY 1 ORDER BY 1');
  const orig = await ok(h, 'SELECT n_regionkey, count(*), max(n_name) FROM nation GROUP BY 1 ORDER BY 1');
  assert.deepEqual(back, orig);
  const meta = await h.athena.send(new GetTableMetadataCommand({ CatalogName: 'AwsDataCatalog', DatabaseName: 'tpch', TableName: 'nation_by_region' }));
  assert.deepEqual(meta.TableMetadata?.PartitionKeys?.map((k) => k.Name), ['n_regionkey']);
  const ins = await query(h, 'INSERT INTO nation_by_region SELECT n_nationkey, n_name, n_regionkey FROM nation WHERE n_regionkey = 1');
  assert.equal(ins.exec.Status?.State, 'SUCCEEDED', ins.exec.Status?.StateChangeReason);
  assert.deepEqual(await ok(h, 'SELECT count(*) FROM nation_by_region WHERE n_regionkey = 1'), [['10']]);
  const again = await query(h, "CREATE TABLE nation_by_region AS SELECT 1 AS x");
  assert.equal(again.exec.Status?.State, 'FAILED');
  assert.match(again.exec.Status!.StateChangeReason!, /TABLE_ALREADY_EXISTS/);
});

test('results: Athena CSV in the output location, paging with NextToken and MaxResults ≤ 1000', async () => {
  const id = await start(h, "SELECT x, CASE WHEN x % 10 = 0 THEN NULL ELSE 'v\"' || CAST(x AS varchar) END AS s FROM UNNEST(sequence(1, 2500)) AS t(x) ORDER BY x");
  const exec = await waitFor(h, id);
  assert.equal(exec.Status?.State, 'SUCCEEDED', exec.Status?.StateChangeReason);
  assert.equal(exec.ResultConfiguration?.OutputLocation, `${OUTPUT}${id}.csv`);
  const body = await (await h.s3.send(new GetObjectCommand({ Bucket: 'lake', Key: `results/${id}.csv` }))).Body!.transformToString();
  const lines = body.trimEnd().split('\n');
  assert.equal(lines[0], '"x","s"');
  assert.equal(lines[1], '"1","v""1"');
  assert.equal(lines[10], '"10",');
  assert.equal(lines.length, 2501);
  const meta = await h.s3.send(new ListObjectsV2Command({ Bucket: 'lake', Prefix: `results/${id}.csv.metadata` }));
  assert.equal(meta.KeyCount, 1);
  let token: string | undefined;
  const pages: number[] = [];
  let first = true;
  do {
    const r = await h.athena.send(new GetQueryResultsCommand({ QueryExecutionId: id, NextToken: token, MaxResults: 1000 }));
    pages.push(r.ResultSet!.Rows!.length);
    if (first) {
      assert.deepEqual(r.ResultSet!.Rows![0]!.Data!.map((d) => d.VarCharValue), ['x', 's']);
      assert.deepEqual(r.ResultSet!.ResultSetMetadata!.ColumnInfo!.map((c) => [c.Name, c.Type, c.Precision]), [['x', 'bigint', 19], ['s', 'varchar', 2147483647]]);
      assert.deepEqual(r.ResultSet!.Rows![10]!.Data, [{ VarCharValue: '10' }, {}]);
      first = false;
    }
    token = r.NextToken;
  } while (token);
  assert.deepEqual(pages, [1000, 1000, 501]);
  await assert.rejects(h.athena.send(new GetQueryResultsCommand({ QueryExecutionId: id, MaxResults: 1001 })), (e: Error) => e.name === 'InvalidRequestException');
  const rt = await h.athena.send(new GetQueryRuntimeStatisticsCommand({ QueryExecutionId: id }));
  assert.equal(rt.QueryRuntimeStatistics?.Rows?.OutputRows, 2500);
});

test('errors carry Athena state, reason and error category', async () => {
  const col = await query(h, 'SELECT nope FROM nation');
  assert.equal(col.exec.Status?.State, 'FAILED');
  assert.equal(col.exec.Status?.StateChangeReason, "COLUMN_NOT_FOUND: line 1:8: Column 'nope' cannot be resolved");
  assert.equal(col.exec.Status?.AthenaError?.ErrorCategory, 2);
  const tbl = await query(h, 'SELECT * FROM missing');
  assert.equal(tbl.exec.Status?.StateChangeReason, "TABLE_NOT_FOUND: line 1:15: Table 'awsdatacatalog.tpch.missing' does not exist");
  const syn = await query(h, 'SELECT * FORM nation');
  assert.equal(syn.exec.Status?.State, 'FAILED');
  assert.match(syn.exec.Status!.StateChangeReason!, /^SYNTAX_ERROR: line 1:\d+:/);
  await assert.rejects(
    h.athena.send(new StartQueryExecutionCommand({ QueryString: 'SELECT 1' })),
    (e: Error) => e.name === 'InvalidRequestException' && /No output location provided/.test(e.message),
  );
  await assert.rejects(h.athena.send(new GetQueryResultsCommand({ QueryExecutionId: col.exec.QueryExecutionId! })), (e: Error) => e.name === 'InvalidRequestException');
  assert.deepEqual(await ok(h, 'SELECT 1'), [['1']], 'the server keeps serving');
});

test('StopQueryExecution interrupts a running query, which ends CANCELLED', async () => {
  const id = await start(h, 'SELECT count(*) FROM nation a, nation b, nation c, nation d, nation e, nation f, nation g WHERE a.n_name || g.n_name <> \'x\'');
  for (;;) {
    const { QueryExecution: q } = await h.athena.send(new BatchGetQueryExecutionCommand({ QueryExecutionIds: [id] })).then((r) => ({ QueryExecution: r.QueryExecutions![0] }));
    if (q?.Status?.State === 'RUNNING') break;
    assert.equal(q?.Status?.State, 'QUEUED');
    await new Promise((r) => setTimeout(r, 20));
  }
  await h.athena.send(new StopQueryExecutionCommand({ QueryExecutionId: id }));
  const exec = await waitFor(h, id);
  assert.equal(exec.Status?.State, 'CANCELLED');
  assert.deepEqual(await ok(h, 'SELECT count(*) FROM nation'), [['25']], 'the engine slot is free again');
});

test('ClientRequestToken makes a start idempotent; ListQueryExecutions lists newest first', async () => {
  const input = { QueryString: 'SELECT 42', ClientRequestToken: 'token-0000000000000000000000000000001', ResultConfiguration: { OutputLocation: OUTPUT } };
  const a = await h.athena.send(new StartQueryExecutionCommand(input));
  const b = await h.athena.send(new StartQueryExecutionCommand(input));
  assert.equal(a.QueryExecutionId, b.QueryExecutionId);
  const list = await h.athena.send(new ListQueryExecutionsCommand({ MaxResults: 2 }));
  assert.equal(list.QueryExecutionIds![0], a.QueryExecutionId);
  assert.ok(list.NextToken);
});

test('ExecutionParameters, PREPARE/EXECUTE and workgroups with an enforced output location', async () => {
  assert.deepEqual((await query(h, 'SELECT n_name FROM nation WHERE n_nationkey = ? AND n_regionkey = ?', 'tpch', { params: ['7', '3'] })).rows, [['GERMANY']]);
  await ok(h, 'PREPARE by_key FROM SELECT n_name FROM nation WHERE n_nationkey = ?');
  assert.deepEqual(await ok(h, 'EXECUTE by_key USING 24'), [['UNITED STATES']]);
  await h.athena.send(new CreateWorkGroupCommand({ Name: 'analysts', Configuration: { EnforceWorkGroupConfiguration: true, ResultConfiguration: { OutputLocation: 's3://lake/analysts/' } } }));
  const wg = await h.athena.send(new GetWorkGroupCommand({ WorkGroup: 'analysts' }));
  assert.equal(wg.WorkGroup?.Configuration?.ResultConfiguration?.OutputLocation, 's3://lake/analysts/');
  const id = await start(h, 'SELECT 1', 'tpch', { workgroup: 'analysts' });
  const exec = await waitFor(h, id);
  assert.equal(exec.ResultConfiguration?.OutputLocation, `s3://lake/analysts/${id}.csv`);
  const dbs = await h.athena.send(new ListDatabasesCommand({ CatalogName: 'AwsDataCatalog' }));
  assert.ok(dbs.DatabaseList!.some((d) => d.Name === 'tpch'));
});

test('10,000 rows: the results file fetched with aws s3 cp matches GetQueryResults page by page', async () => {
  const id = await start(h, "SELECT x, 'row ' || CAST(x AS varchar) AS label, x * 0.5 AS half FROM UNNEST(sequence(1, 10000)) AS t(x)");
  assert.equal((await waitFor(h, id)).Status?.State, 'SUCCEEDED');
  const paged: (string | undefined)[][] = [];
  let token: string | undefined;
  do {
    const r = await h.athena.send(new GetQueryResultsCommand({ QueryExecutionId: id, NextToken: token }));
    for (const row of r.ResultSet!.Rows!) paged.push(row.Data!.map((d) => d.VarCharValue));
    token = r.NextToken;
  } while (token);
  assert.equal(paged.length, 10_001);
  const cp = await run('aws', ['s3', 'cp', `${OUTPUT}${id}.csv`, '-'], h.server.env);
  assert.equal(cp.code, 0, cp.stderr);
  const fromFile = cp.stdout.trimEnd().split('\n').map((l) => l.split(',').map((v) => v.replace(/^"|"$/g, '')));
  assert.deepEqual(fromFile, paged);
});

test('the aws CLI: start-query-execution, get-query-execution, get-query-results', async () => {
  const started = await aws(h.server.env, 'athena', 'start-query-execution', '--query-string', 'SELECT n_name FROM nation ORDER BY n_nationkey LIMIT 2',
    '--query-execution-context', 'Database=tpch', '--result-configuration', `OutputLocation=${OUTPUT}`);
  assert.equal(started.code, 0, started.stderr);
  const id = (started.json as { QueryExecutionId: string }).QueryExecutionId;
  await waitFor(h, id);
  const got = await aws(h.server.env, 'athena', 'get-query-execution', '--query-execution-id', id);
  assert.equal((got.json as { QueryExecution: { Status: { State: string } } }).QueryExecution.Status.State, 'SUCCEEDED');
  const res = await aws(h.server.env, 'athena', 'get-query-results', '--query-execution-id', id);
  assert.equal(res.code, 0, res.stderr);
  const rows = (res.json as { ResultSet: { Rows: { Data: { VarCharValue?: string }[] }[] } }).ResultSet.Rows.map((r) => r.Data.map((d) => d.VarCharValue));
  assert.deepEqual(rows, [['n_name'], ['ALGERIA'], ['ARGENTINA']]);
});
