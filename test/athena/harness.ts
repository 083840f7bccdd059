// Shared by the Athena suites: a server, SDK v3 clients pointed at it, TPC-H files uploaded into its S3, and
// a helper that runs one statement to its final state the way a client does (start, poll, fetch).
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { AthenaClient, GetQueryExecutionCommand, GetQueryResultsCommand, StartQueryExecutionCommand, type QueryExecution } from '@aws-sdk/client-athena';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { startServer, type TestServer } from '../helpers/server.js';

export const TPCH = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../shared/datasets/tpch-sf0.01');
export const OUTPUT = 's3://lake/results/';

export interface Harness {
  server: TestServer;
  athena: AthenaClient;
  s3: S3Client;
  close(): Promise<void>;
}

export async function startHarness(env: NodeJS.ProcessEnv = {}): Promise<Harness> {
  // One slot and one thread keep the suites light on a shared machine.
  const server = await startServer({ env: { LAKESTACK_ENGINE_CONCURRENCY: '1', LAKESTACK_ENGINE_THREADS: '1', LAKESTACK_ENGINE_MEMORY: '512MB', ...env } });
  const config = { endpoint: server.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, forcePathStyle: true };
  const athena = new AthenaClient(config);
  const s3 = new S3Client(config);
  await s3.send(new CreateBucketCommand({ Bucket: 'lake' }));
  return {
    server, athena, s3,
    close: async () => {
      athena.destroy();
      s3.destroy();
      await server.close();
    },
  };
}

export async function upload(h: Harness, file: string, key: string): Promise<void> {
  await h.s3.send(new PutObjectCommand({ Bucket: 'lake', Key: key, Body: readFileSync(path.join(TPCH, file)) }));
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls until the execution is final, as a client's waiter does. */
export async function waitFor(h: Harness, id: string): Promise<QueryExecution> {
  for (;;) {
    const { QueryExecution: q } = await h.athena.send(new GetQueryExecutionCommand({ QueryExecutionId: id }));
    const state = q?.Status?.State;
    if (state === 'SUCCEEDED' || state === 'FAILED' || state === 'CANCELLED') return q!;
    await sleep(50);
  }
}

export async function start(h: Harness, sql: string, database = 'tpch', extra: { params?: string[]; workgroup?: string } = {}): Promise<string> {
  const r = await h.athena.send(new StartQueryExecutionCommand({
    QueryString: sql,
    QueryExecutionContext: { Database: database },
    ResultConfiguration: { OutputLocation: OUTPUT },
    ExecutionParameters: extra.params,
    WorkGroup: extra.workgroup,
  }));
  return r.QueryExecutionId!;
}

/** Runs a statement; returns its execution and every result row (header row removed for SELECT). */
export async function query(h: Harness, sql: string, database = 'tpch', extra: { params?: string[] } = {}): Promise<{ exec: QueryExecution; rows: (string | null)[][] }> {
  const id = await start(h, sql, database, extra);
  const exec = await waitFor(h, id);
  if (exec.Status?.State !== 'SUCCEEDED') return { exec, rows: [] };
  const rows: (string | null)[][] = [];
  let token: string | undefined;
  do {
    const r = await h.athena.send(new GetQueryResultsCommand({ QueryExecutionId: id, NextToken: token }));
    for (const row of r.ResultSet?.Rows ?? []) rows.push((row.Data ?? []).map((d) => d.VarCharValue ?? null));
    token = r.NextToken;
  } while (token);
  if (exec.StatementType === 'DML' && !exec.SubstatementType) rows.shift();
  return { exec, rows };
}

export async function ok(h: Harness, sql: string, database = 'tpch'): Promise<(string | null)[][]> {
  const { exec, rows } = await query(h, sql, database);
  if (exec.Status?.State !== 'SUCCEEDED') throw new Error(`${sql}\n→ ${exec.Status?.State}: ${exec.Status?.StateChangeReason}`);
  return rows;
}
