// A query RUNNING when the process is killed (-9) is FAILED with a reason after the restart, never left
// RUNNING; a CTAS killed mid-write leaves no table; the results of queries that finished before the crash are still there.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AthenaClient, GetQueryExecutionCommand, GetQueryResultsCommand } from '@aws-sdk/client-athena';
import { GetTableCommand, GlueClient } from '@aws-sdk/client-glue';
import { startServer } from '../helpers/server.js';
import { ok, start, startHarness, upload } from './harness.js';

test('kill -9 while a query runs: after restart it is FAILED with a reason; finished results survive', async () => {
  const h = await startHarness({ LAKESTACK_ENGINE_CONCURRENCY: '2' });
  const dataDir = h.server.dataDir;
  let restarted: Awaited<ReturnType<typeof startServer>> | undefined;
  try {
    await ok(h, 'CREATE DATABASE tpch', 'default');
    await upload(h, 'parquet/nation/data.parquet', 'tpch/nation/data.parquet');
    await ok(h, `CREATE EXTERNAL TABLE nation (n_nationkey bigint, n_name string, n_regionkey bigint, n_comment string)
      STORED AS PARQUET LOCATION 's3://lake/tpch/nation/'`);
    const done = await start(h, 'SELECT n_name FROM nation WHERE n_nationkey = 1');
    for (;;) {
      const q = await h.athena.send(new GetQueryExecutionCommand({ QueryExecutionId: done }));
      if (q.QueryExecution?.Status?.State === 'SUCCEEDED') break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const long = await start(h, "SELECT count(*) FROM nation a, nation b, nation c, nation d, nation e, nation f, nation g WHERE a.n_name || g.n_name <> 'x'");
    for (;;) {
      const q = await h.athena.send(new GetQueryExecutionCommand({ QueryExecutionId: long }));
      if (q.QueryExecution?.Status?.State === 'RUNNING') break;
      await new Promise((r) => setTimeout(r, 20));
    }
    // A CTAS killed while it writes leaves no table in the catalog (the table is registered after its data).
    const ctas = await start(h, `CREATE TABLE wide WITH (external_location = 's3://lake/wide/') AS
      SELECT a.n_name AS a, b.n_name AS b, c.n_name AS c, d.n_comment AS d FROM nation a, nation b, nation c, nation d, nation e`);
    for (;;) {
      const q = await h.athena.send(new GetQueryExecutionCommand({ QueryExecutionId: ctas }));
      const state = q.QueryExecution?.Status?.State;
      if (state === 'RUNNING') break;
      assert.equal(state, 'QUEUED', q.QueryExecution?.Status?.StateChangeReason);
      await new Promise((r) => setTimeout(r, 20));
    }
    await h.server.stop('SIGKILL');
    restarted = await startServer({ dataDir, env: { LAKESTACK_ENGINE_CONCURRENCY: '1', LAKESTACK_ENGINE_THREADS: '1' } });
    const athena = new AthenaClient({ endpoint: restarted.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
    const q = (await athena.send(new GetQueryExecutionCommand({ QueryExecutionId: long }))).QueryExecution!;
    assert.equal(q.Status?.State, 'FAILED');
    assert.match(q.Status!.StateChangeReason!, /stopped while the query was queued or running/);
    assert.equal(q.Status?.AthenaError?.ErrorCategory, 1);
    const c = (await athena.send(new GetQueryExecutionCommand({ QueryExecutionId: ctas }))).QueryExecution!;
    assert.equal(c.Status?.State, 'FAILED');
    const glue = new GlueClient({ endpoint: restarted.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
    await assert.rejects(glue.send(new GetTableCommand({ DatabaseName: 'tpch', Name: 'wide' })), (e: Error) => e.name === 'EntityNotFoundException');
    glue.destroy();
    const r = await athena.send(new GetQueryResultsCommand({ QueryExecutionId: done }));
    assert.deepEqual(r.ResultSet?.Rows?.map((x) => x.Data?.map((d) => d.VarCharValue)), [['n_name'], ['ARGENTINA']]);
    athena.destroy();
  } finally {
    h.athena.destroy();
    h.s3.destroy();
    await restarted?.close();
    await h.server.close();
  }
});
