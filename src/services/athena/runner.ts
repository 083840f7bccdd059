// Runs query executions in the background: StartQueryExecution records a QUEUED execution and returns; the
// runner hands it to the engine, marks it RUNNING when the engine gives it a slot, streams its rows into the
// results file, adopts that file into the output location, and records SUCCEEDED, FAILED or CANCELLED with
// statistics measured on the way. Executions a previous process left QUEUED or RUNNING are FAILED at start-up.
import { promises as fsp } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { AwsError } from '../../aws/errors.js';
import type * as T from '../../aws/generated/athena/shapes.js';
import type { Clock } from '../../core/clock.js';
import { log } from '../../core/log.js';
import { EngineError, type EngineColumn, type EngineStatement, type EngineValue, type QueryEngine } from '../../engine/engine.js';
import { LakeError, parseS3Location, type S3Lake } from '../../services/s3/lake.js';
import { csvLine, metadataDocument, txtLine } from './results.js';
import { reviveExecution, type AthenaStore, type ResultRef, type Scope } from './store.js';

/** ErrorType per engine error (Athena's error catalog: 1006 is a query the analyzer rejects, 1001 bad data). */
const ERROR_TYPES: Partial<Record<EngineError['code'], number>> = {
  SYNTAX_ERROR: 1006, COLUMN_NOT_FOUND: 1006, TABLE_NOT_FOUND: 1006, SCHEMA_NOT_FOUND: 1006, TYPE_MISMATCH: 1006,
  FUNCTION_NOT_FOUND: 1006, NOT_SUPPORTED: 1006, MISSING_COLUMN_NAME: 1006, TABLE_ALREADY_EXISTS: 1003, SCHEMA_ALREADY_EXISTS: 1003,
  HIVE_PATH_ALREADY_EXISTS: 1003, HIVE_BAD_DATA: 1001, HIVE_UNSUPPORTED_FORMAT: 1001, INVALID_CAST_ARGUMENT: 1001,
  DIVISION_BY_ZERO: 1001, INVALID_FUNCTION_ARGUMENT: 1001, EXCEEDED_MEMORY_LIMIT: 0, GENERIC_INTERNAL_ERROR: 200,
};

export interface Submission {
  scope: Scope;
  id: string;
  sql: string;
  database: string;
  parameters?: string[];
  outputLocation: string;
}

interface Active {
  statement?: EngineStatement;
  cancelled: boolean;
  /** The execution while it runs: RUNNING is served from here rather than written (a restart fails it anyway). */
  exec?: T.QueryExecution;
}

/** Rows of recent results kept in memory so paging does not re-read the file. */
interface CachedResult {
  columns: EngineColumn[];
  rows: EngineValue[][];
}

export class QueryRunner {
  private readonly active = new Map<string, Active>();
  private readonly cache = new Map<string, CachedResult>();

  constructor(private readonly store: AthenaStore, private readonly engine: QueryEngine, private readonly lake: S3Lake, private readonly clock: Clock) {}

  /** Fails what a previous process left unfinished: it cannot be resumed, and must not stay RUNNING forever. */
  recover(): number {
    const rows = this.store.unfinished();
    for (const r of rows) {
      const exec = reviveExecution(r.doc);
      const reason = 'Query did not finish: Lakestack stopped while the query was queued or running. Submit it again.';
      exec.Status = { ...exec.Status, State: 'FAILED', StateChangeReason: reason, CompletionDateTime: this.clock.now(),
        AthenaError: { ErrorCategory: 1, ErrorType: 100, Retryable: true, ErrorMessage: reason } };
      this.store.updateQuery(r.id, exec);
    }
    return rows.length;
  }

  /** The execution as it stands now when it is running in this process (RUNNING is not written to the store). */
  live(id: string): T.QueryExecution | undefined {
    return this.active.get(id)?.exec;
  }

  /** Asks a queued or running execution to stop; it ends CANCELLED once the engine lets go. */
  stop(id: string): void {
    const a = this.active.get(id);
    if (!a) return;
    a.cancelled = true;
    a.statement?.cancel();
  }

  cached(id: string): CachedResult | undefined {
    return this.cache.get(id);
  }

  remember(id: string, r: CachedResult): void {
    this.cache.set(id, r);
    // A handful of recent results is enough for paging clients; older ones are read from S3 again.
    while (this.cache.size > 8) this.cache.delete(this.cache.keys().next().value!);
  }

  submit(s: Submission): void {
    const entry: Active = { cancelled: false };
    this.active.set(s.id, entry);
    this.execute(s, entry)
      .catch((err: unknown) => log.error('athena execution failed outside the engine', { id: s.id, error: err instanceof Error ? err.stack : String(err) }))
      .finally(() => this.active.delete(s.id));
  }

  private load(id: string, scope: Scope): T.QueryExecution {
    return reviveExecution(this.store.query(scope, id)!.doc);
  }

  private async execute(s: Submission, entry: Active): Promise<void> {
    const t0 = performance.now();
    let tRun = t0;
    let running = false;
    const exec = this.load(s.id, s.scope);
    const finish = (state: T.QueryExecutionState, extra: Partial<T.QueryExecutionStatus> = {}, stats: Partial<T.QueryExecutionStatistics> = {}) => {
      entry.exec = undefined;
      const tEnd = performance.now();
      const queue = Math.round((running ? tRun : tEnd) - t0);
      const engineMs = running ? Math.round(tEnd - tRun) : 0;
      exec.Status = { ...exec.Status, State: state, CompletionDateTime: this.clock.now(), ...extra };
      exec.Statistics = {
        EngineExecutionTimeInMillis: engineMs, DataScannedInBytes: 0, TotalExecutionTimeInMillis: Math.round(tEnd - t0),
        QueryQueueTimeInMillis: queue, ServicePreProcessingTimeInMillis: 0, QueryPlanningTimeInMillis: 0,
        ServiceProcessingTimeInMillis: 0, ResultReuseInformation: { ReusedPreviousResult: false }, ...stats,
      };
    };
    let tmp: string | undefined;
    try {
      const out = parseS3Location(s.outputLocation);
      if (!this.lake.bucketExists(out.bucket)) {
        throw new EngineError('GENERIC_INTERNAL_ERROR', `Unable to verify/create output bucket ${out.bucket}`, 2);
      }
      const st = await this.engine.start({
        sql: s.sql, dialect: 'trino', accountId: s.scope.accountId, region: s.scope.region, database: s.database,
        parameters: s.parameters, defaultOutputLocation: s.outputLocation, now: this.clock.now(),
        onStart: () => {
          if (entry.cancelled || running) return;
          running = true;
          tRun = performance.now();
          exec.Status = { ...exec.Status, State: 'RUNNING' };
          entry.exec = structuredClone(exec);
        },
      });
      entry.statement = st;
      if (entry.cancelled) st.cancel();
      exec.StatementType = st.kind;
      const csv = st.kind === 'DML' || st.subtype === 'CREATE_TABLE_AS_SELECT';
      tmp = this.lake.tempPath();
      const fh = await fsp.open(tmp, 'w');
      const rows: EngineValue[][] = [];
      let buf = '';
      let headerDone = false;
      try {
        const header = () => {
          if (headerDone || !csv) return;
          headerDone = true;
          buf += csvLine(st.columns().map((c) => c.name));
        };
        for await (const batch of st.rows()) {
          header();
          for (const r of batch) {
            buf += csv ? csvLine(r) : txtLine(r);
            if (rows.length < 100_000) rows.push(r);
          }
          if (buf.length > 1 << 20) { await fh.write(buf); buf = ''; }
        }
        header();
        await fh.write(buf);
      } finally {
        await fh.close();
      }
      if (entry.cancelled) throw new EngineError('USER_CANCELED', 'Query cancelled by user');
      const tWrite = performance.now();
      const prefix = out.prefix && !out.prefix.endsWith('/') ? `${out.prefix}/` : out.prefix;
      const result: ResultRef = { bucket: out.bucket, key: `${prefix}${s.id}.${csv ? 'csv' : 'txt'}`, format: csv ? 'csv' : 'txt' };
      // The results file and its metadata are made durable side by side: each is an fsync + rename.
      const file = tmp;
      tmp = undefined;
      const [adopted] = await Promise.all([
        this.lake.adopt(file, result.bucket, result.key, csv ? 'text/csv' : 'text/plain', s.scope.accountId),
        csv ? this.lake.putText(result.bucket, `${result.key}.metadata`, metadataDocument(st.columns(), rows.length), 'application/octet-stream', s.scope.accountId) : undefined,
      ]);
      const stats = st.stats();
      if (rows.length < 100_000) this.remember(s.id, { columns: st.columns(), rows });
      exec.ResultConfiguration = { ...exec.ResultConfiguration, OutputLocation: `s3://${result.bucket}/${result.key}` };
      if (st.subtype !== 'SELECT') exec.SubstatementType = st.subtype;
      finish('SUCCEEDED', {}, { DataScannedInBytes: stats.bytesScanned, ServiceProcessingTimeInMillis: Math.round(performance.now() - tWrite) });
      this.store.updateQuery(s.id, exec, {
        columns: st.columns(), result,
      });
      this.outputs.set(s.id, { bytes: adopted.size, rows: stats.rowsWritten ?? rows.length, inputBytes: stats.bytesScanned });
    } catch (err) {
      if (tmp) await this.lake.discard(tmp);
      if (entry.cancelled || (err instanceof EngineError && err.code === 'USER_CANCELED')) {
        finish('CANCELLED');
      } else {
        // Catalog (Glue) and S3 refusals are the user's to fix, and keep their own words.
        const e = err instanceof EngineError ? err
          : err instanceof LakeError ? new EngineError('GENERIC_INTERNAL_ERROR', err.message, 2)
          : err instanceof AwsError ? new EngineError('GENERIC_INTERNAL_ERROR', `${err.code}: ${err.message}`, 2)
          : undefined;
        if (!e) log.error('athena query failed unexpectedly', { id: s.id, error: err instanceof Error ? err.stack : String(err) });
        const message = e?.message ?? 'GENERIC_INTERNAL_ERROR: An internal error occurred while running the query';
        finish('FAILED', {
          StateChangeReason: message,
          AthenaError: { ErrorCategory: e?.category ?? 1, ErrorType: (e && ERROR_TYPES[e.code]) ?? 1000, Retryable: false, ErrorMessage: message },
        });
      }
      this.store.updateQuery(s.id, exec);
    }
  }

  /** Output sizes of executions finished by this process (GetQueryRuntimeStatistics). */
  readonly outputs = new Map<string, { bytes: number; rows: number; inputBytes: number }>();
}
