// Query executions: Start (idempotent by ClientRequestToken, output location from the workgroup or the call),
// Get, BatchGet, List, Stop, GetQueryResults (header row first for SELECT, pages of at most 1000 rows) and
// GetQueryRuntimeStatistics. The work itself happens in runner.ts.
import { promises as fsp } from 'node:fs';
import { randomUUID } from 'node:crypto';
import type { RequestContext } from '../../aws/context.js';
import { InvalidRequestException } from '../../aws/generated/athena/errors.js';
import type * as T from '../../aws/generated/athena/shapes.js';
import { EngineError, type EngineColumn, type EngineValue } from '../../engine/engine.js';
import type { S3Lake } from '../s3/lake.js';
import { columnInfo, parseCsv, parseTxt } from './results.js';
import type { QueryRunner } from './runner.js';
import { reviveExecution, type AthenaStore, type QueryRow, type ResultRef } from './store.js';
import { ENGINE_VERSION, requireWorkGroup, scopeOf } from './workgroups.js';
import { utilityStatement, type PreparedLookup } from './prepared.js';

const invalid = (message: string) => new InvalidRequestException(message, { AthenaErrorCode: 'INVALID_INPUT' });


function encodeToken(n: number): string {
  return Buffer.from(JSON.stringify({ n })).toString('base64');
}

function decodeToken(t: string): number {
  try {
    const n = (JSON.parse(Buffer.from(t, 'base64').toString()) as { n?: unknown }).n;
    if (typeof n === 'number' && n >= 0) return n;
  } catch {
    // fall through
  }
  throw invalid('Invalid NextToken');
}

export function queryOperations(store: AthenaStore, runner: QueryRunner, lake: S3Lake) {
  /** The stored execution, or the running one when this process is running it. */
  const execution = (row: QueryRow): T.QueryExecution => runner.live(row.id) ?? reviveExecution(row.doc);

  const requireQuery = (ctx: RequestContext, id: string): QueryRow => {
    const row = store.query(scopeOf(ctx), id);
    if (!row) throw invalid(`QueryExecution ${id} was not found`);
    return row;
  };

  const readResult = async (row: QueryRow): Promise<{ columns: EngineColumn[]; rows: EngineValue[][] }> => {
    const hit = runner.cached(row.id);
    if (hit) return hit;
    const columns = JSON.parse(row.columns ?? '[]') as EngineColumn[];
    if (!row.result_key) return { columns, rows: [] };
    const ref = JSON.parse(row.result_key) as ResultRef;
    const file = lake.object(ref.bucket, ref.key);
    if (!file) throw invalid(`Unable to read the results of query ${row.id}: s3://${ref.bucket}/${ref.key} does not exist`);
    const text = await fsp.readFile(file.path, 'utf8');
    let rows = ref.format === 'csv' ? parseCsv(text) : parseTxt(text, columns.length);
    if (ref.format === 'csv') rows = rows.slice(1);
    const out = { columns, rows };
    runner.remember(row.id, out);
    return out;
  };

  return {
    async startQueryExecution(ctx: RequestContext, input: T.StartQueryExecutionInput): Promise<T.StartQueryExecutionOutput> {
      const s = scopeOf(ctx);
      const wg = requireWorkGroup(store, ctx, input.WorkGroup ?? 'primary');
      if (wg.State === 'DISABLED') throw invalid(`WorkGroup ${wg.Name} is disabled.`);
      if (input.ClientRequestToken) {
        const prior = store.queryByToken(s, input.ClientRequestToken);
        if (prior) {
          if (execution(prior).Query !== input.QueryString) throw invalid('Idempotent parameters do not match');
          return { QueryExecutionId: prior.id };
        }
      }
      const cfg = wg.Configuration ?? {};
      const enforced = cfg.EnforceWorkGroupConfiguration === true;
      const outputLocation = enforced && cfg.ResultConfiguration?.OutputLocation
        ? cfg.ResultConfiguration.OutputLocation
        : input.ResultConfiguration?.OutputLocation ?? cfg.ResultConfiguration?.OutputLocation;
      if (!outputLocation) {
        throw invalid('No output location provided. An output location is required either through the Workgroup result configuration setting or as an API input.');
      }
      if (!/^s3:\/\/[^/]+/.test(outputLocation)) throw invalid(`Invalid OutputLocation: ${outputLocation}`);
      const catalog = input.QueryExecutionContext?.Catalog;
      if (catalog && catalog.toLowerCase() !== 'awsdatacatalog') throw invalid(`Catalog ${catalog} is not supported by Lakestack yet; use AwsDataCatalog`);
      const database = input.QueryExecutionContext?.Database ?? 'default';
      const id = randomUUID();
      const lookup: PreparedLookup = (name) => store.preparedStatement(s, wg.Name, name);
      const utility = utilityStatement(input.QueryString, lookup);
      const exec: T.QueryExecution = {
        QueryExecutionId: id,
        Query: input.QueryString,
        StatementType: utility?.kind === 'execute' ? 'DML' : utility ? 'UTILITY' : 'DML',
        ResultConfiguration: { ...(enforced ? cfg.ResultConfiguration : input.ResultConfiguration), OutputLocation: outputLocation },
        ResultReuseConfiguration: { ResultReuseByAgeConfiguration: { Enabled: false } },
        QueryExecutionContext: { Database: database, Catalog: catalog ?? 'awsdatacatalog' },
        Status: { State: 'QUEUED', SubmissionDateTime: ctx.clock.now() },
        Statistics: { TotalExecutionTimeInMillis: 0 },
        WorkGroup: wg.Name,
        EngineVersion: ENGINE_VERSION,
        ExecutionParameters: input.ExecutionParameters,
      };
      store.insertQuery(s, id, wg.Name, input.ClientRequestToken, exec);
      if (utility && utility.kind !== 'execute') {
        // PREPARE and DEALLOCATE PREPARE change the workgroup's prepared statements; nothing runs on the engine.
        try {
          utility.apply(store, s, wg.Name, ctx.clock.now());
          exec.Status = { ...exec.Status, State: 'SUCCEEDED', CompletionDateTime: ctx.clock.now() };
        } catch (err) {
          const message = err instanceof EngineError ? err.message : String(err);
          exec.Status = { ...exec.Status, State: 'FAILED', CompletionDateTime: ctx.clock.now(), StateChangeReason: message,
            AthenaError: { ErrorCategory: 2, ErrorType: 1006, Retryable: false, ErrorMessage: message } };
        }
        exec.Statistics = { EngineExecutionTimeInMillis: 0, DataScannedInBytes: 0, TotalExecutionTimeInMillis: 0, QueryQueueTimeInMillis: 0 };
        store.updateQuery(id, exec);
        return { QueryExecutionId: id };
      }
      const sql = utility?.kind === 'execute' ? utility.sql : input.QueryString;
      const parameters = utility?.kind === 'execute' && utility.parameters.length ? utility.parameters : input.ExecutionParameters;
      runner.submit({ scope: s, id, sql, database, parameters, outputLocation });
      return { QueryExecutionId: id };
    },

    async getQueryExecution(ctx: RequestContext, input: T.GetQueryExecutionInput): Promise<T.GetQueryExecutionOutput> {
      return { QueryExecution: execution(requireQuery(ctx, input.QueryExecutionId)) };
    },

    async batchGetQueryExecution(ctx: RequestContext, input: T.BatchGetQueryExecutionInput): Promise<T.BatchGetQueryExecutionOutput> {
      const out: T.BatchGetQueryExecutionOutput = { QueryExecutions: [], UnprocessedQueryExecutionIds: [] };
      for (const id of input.QueryExecutionIds) {
        const row = store.query(scopeOf(ctx), id);
        if (row) out.QueryExecutions!.push(execution(row));
        else out.UnprocessedQueryExecutionIds!.push({ QueryExecutionId: id, ErrorCode: 'INVALID_INPUT', ErrorMessage: `QueryExecution ${id} was not found` });
      }
      return out;
    },

    async listQueryExecutions(ctx: RequestContext, input: T.ListQueryExecutionsInput): Promise<T.ListQueryExecutionsOutput> {
      const wg = requireWorkGroup(store, ctx, input.WorkGroup ?? 'primary');
      const max = input.MaxResults ?? 50;
      const before = input.NextToken ? decodeToken(input.NextToken) : Number.MAX_SAFE_INTEGER;
      const rows = store.listQueries(scopeOf(ctx), wg.Name, before, max + 1);
      const page = rows.slice(0, max);
      return { QueryExecutionIds: page.map((r) => r.id), NextToken: rows.length > max ? encodeToken(page[page.length - 1]!.seq) : undefined };
    },

    async stopQueryExecution(ctx: RequestContext, input: T.StopQueryExecutionInput): Promise<T.StopQueryExecutionOutput> {
      requireQuery(ctx, input.QueryExecutionId);
      runner.stop(input.QueryExecutionId);
      return {};
    },

    async getQueryResults(ctx: RequestContext, input: T.GetQueryResultsInput): Promise<T.GetQueryResultsOutput> {
      const row = requireQuery(ctx, input.QueryExecutionId);
      const max = input.MaxResults ?? 1000;
      if (max > 1000) {
        throw invalid(`1 validation error detected: Value '${max}' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 1000`);
      }
      const exec = execution(row);
      const state = exec.Status?.State;
      if (state === 'QUEUED' || state === 'RUNNING') throw invalid(`Query has not yet finished. Current state: ${state}`);
      if (state !== 'SUCCEEDED') throw invalid(`Query did not finish successfully. Final query state: ${state}${exec.Status?.StateChangeReason ? `\n${exec.Status.StateChangeReason}` : ''}`);
      const { columns, rows } = await readResult(row);
      const select = exec.StatementType === 'DML' && (exec.SubstatementType === undefined || exec.SubstatementType === 'SELECT');
      const all: EngineValue[][] = select ? [columns.map((c) => c.name), ...rows] : rows;
      const start = input.NextToken ? decodeToken(input.NextToken) : 0;
      const page = all.slice(start, start + max);
      const written = exec.SubstatementType === 'INSERT' || exec.SubstatementType === 'CREATE_TABLE_AS_SELECT' ? Number(rows[0]?.[0] ?? 0) : 0;
      return {
        UpdateCount: written,
        ResultSet: {
          Rows: page.map((r) => ({ Data: r.map((v) => (v === null ? {} : { VarCharValue: v })) })),
          ResultSetMetadata: { ColumnInfo: columns.map(columnInfo) },
        },
        NextToken: start + max < all.length ? encodeToken(start + max) : undefined,
      };
    },

    async getQueryRuntimeStatistics(ctx: RequestContext, input: T.GetQueryRuntimeStatisticsInput): Promise<T.GetQueryRuntimeStatisticsOutput> {
      const row = requireQuery(ctx, input.QueryExecutionId);
      const exec = execution(row);
      const st = exec.Statistics ?? {};
      const out = runner.outputs.get(row.id);
      return {
        QueryRuntimeStatistics: {
          Timeline: {
            QueryQueueTimeInMillis: st.QueryQueueTimeInMillis, ServicePreProcessingTimeInMillis: st.ServicePreProcessingTimeInMillis,
            QueryPlanningTimeInMillis: st.QueryPlanningTimeInMillis, EngineExecutionTimeInMillis: st.EngineExecutionTimeInMillis,
            ServiceProcessingTimeInMillis: st.ServiceProcessingTimeInMillis, TotalExecutionTimeInMillis: st.TotalExecutionTimeInMillis,
          },
          Rows: { InputBytes: st.DataScannedInBytes ?? out?.inputBytes, OutputBytes: out?.bytes, OutputRows: out?.rows },
        },
      };
    },
  };
}
