// The engine boundary: what Athena (and next, EMR's SQL steps) ask of a SQL engine. Run one statement over
// the catalog's tables, stream its rows with typed columns, cancel it. DuckDB is the embedded
// implementation (src/engine/duckdb/); a Trino cluster speaking to the same catalog can take its place,
// so nothing here names DuckDB.
import type { SourceDialect } from './dialect/index.js';

/** A column of a result, typed as Trino/Athena names types (`varchar`, `decimal`, `array`…). */
export interface EngineColumn {
  name: string;
  /** The bare type name Athena reports in ColumnInfo.Type. */
  type: string;
  /** The full type, e.g. `decimal(15,2)` or `array(varchar)`. */
  fullType: string;
  precision: number;
  scale: number;
}

/** A value as Athena renders it in results (text), or null for SQL NULL. */
export type EngineValue = string | null;

/** What a statement did, as Athena reports it in its statistics and StatementType. */
export interface ScanStats {
  /** Bytes of the object files the statement read, after partition pruning. */
  bytesScanned: number;
  filesScanned: number;
  /** Rows written by CTAS / INSERT / UNLOAD. */
  rowsWritten?: number;
}

export type StatementKind = 'DML' | 'DDL' | 'UTILITY';

export interface EngineRequest {
  sql: string;
  dialect: SourceDialect;
  accountId: string;
  region: string;
  /** Database for unqualified table names (QueryExecutionContext.Database). */
  database: string;
  /** Values for `?` placeholders, as SQL literals (ExecutionParameters). */
  parameters?: string[];
  /** Where CTAS tables go when the statement names no external_location (workgroup output location). */
  defaultOutputLocation?: string;
  /** The time the statement runs at (the process's clock), for date partition projections that range to NOW. */
  now?: Date;
  /** Called once the statement holds an engine slot (QUEUED → RUNNING). */
  onStart?: () => void;
}

/** A statement that has been accepted: its rows stream once it runs. */
export interface EngineStatement {
  readonly kind: StatementKind;
  /** Athena's StatementType subtype: SELECT, CREATE_TABLE_AS_SELECT, INSERT_INTO, UNLOAD, CREATE_TABLE, … */
  readonly subtype: string;
  /** Column descriptions; known once `rows()` has yielded its first batch (or ended). */
  columns(): EngineColumn[];
  /** Batches of rows. Throws an EngineError when the statement fails or is cancelled. */
  rows(): AsyncIterable<EngineValue[][]>;
  stats(): ScanStats;
  /** Stops the statement wherever it is (queued or running); rows() then throws CANCELLED. */
  cancel(): void;
}

export interface QueryEngine {
  /** Validates and queues a statement; errors that need no execution (syntax) are thrown here. */
  start(req: EngineRequest): Promise<EngineStatement>;
  /** Optional: get ready for the first statement (load parsers, open a connection) in the background. */
  warm?(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Failures in Athena's vocabulary: `code` is the Trino error name Athena puts before the message
 * (SYNTAX_ERROR, COLUMN_NOT_FOUND, TABLE_NOT_FOUND…), category 1 = system, 2 = user, 3 = other.
 */
export type EngineErrorCode =
  | 'SYNTAX_ERROR'
  | 'NOT_SUPPORTED'
  | 'COLUMN_NOT_FOUND'
  | 'TABLE_NOT_FOUND'
  | 'SCHEMA_NOT_FOUND'
  | 'TABLE_ALREADY_EXISTS'
  | 'SCHEMA_ALREADY_EXISTS'
  | 'TYPE_MISMATCH'
  | 'FUNCTION_NOT_FOUND'
  | 'INVALID_FUNCTION_ARGUMENT'
  | 'DIVISION_BY_ZERO'
  | 'HIVE_BAD_DATA'
  | 'HIVE_UNSUPPORTED_FORMAT'
  | 'HIVE_PATH_ALREADY_EXISTS'
  | 'INVALID_CAST_ARGUMENT'
  | 'EXCEEDED_MEMORY_LIMIT'
  | 'MISSING_COLUMN_NAME'
  | 'USER_CANCELED'
  | 'GENERIC_INTERNAL_ERROR';

export class EngineError extends Error {
  constructor(
    readonly code: EngineErrorCode,
    message: string,
    /** 1 system, 2 user, 3 other (AthenaError.ErrorCategory). */
    readonly category: 1 | 2 | 3 = 2,
  ) {
    super(message);
    this.name = 'EngineError';
  }
}
