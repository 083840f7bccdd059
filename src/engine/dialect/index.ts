// SQL dialect translation for the engine: Trino (Athena engine v3), Hive and Spark SQL → DuckDB
// for queries; Athena's Hive-style DDL is parsed into structures for the Glue catalog instead.
import { DialectError } from './errors.js';
import { parseOne, queryToDuckdb, type SourceDialect } from './translate.js';
import { classify, parseStatement, type ParsedStatement } from './statements.js';

export { DialectError, type DialectErrorCode } from './errors.js';
export { duckdbSessionSettings, type SourceDialect } from './translate.js';
export { classify, parseStatement, type StatementKind, type ParsedStatement, type PropertyValue } from './statements.js';
export type { HiveDdl, CreateTable, HiveColumn, RowFormat, DelimitedFormat, PartitionSpec, TableName } from './hive-ddl.js';

export interface TranslateOk {
  ok: true;
  /** DuckDB SQL; run it on a connection with `duckdbSessionSettings(from)` applied. */
  sql: string;
}

export interface TranslateError {
  ok: false;
  error: {
    code: DialectError['code'];
    /** Athena-style message, e.g. `line 1:10: mismatched input 'FORM'`. */
    message: string;
    line: number;
    column: number;
  };
}

export type TranslateResult = TranslateOk | TranslateError;

function failure(e: DialectError): TranslateError {
  return { ok: false, error: { code: e.code, message: e.message, line: e.line, column: e.column } };
}

/** Translates one query (SELECT / WITH / VALUES) to DuckDB SQL. */
export function translate(sql: string, from: SourceDialect): TranslateResult {
  try {
    const kind = classify(sql);
    if (kind !== 'query') {
      throw new DialectError('NOT_A_QUERY', `${kind} statements are not translated; use parseStatement`);
    }
    return { ok: true, sql: queryToDuckdb(parseOne(sql, from), from) };
  } catch (e) {
    if (e instanceof DialectError) return failure(e);
    throw e;
  }
}

/** Parses any statement (query, DDL, CTAS, INSERT INTO, UNLOAD, CREATE VIEW) without throwing. */
export function analyze(sql: string, from: SourceDialect): { ok: true; statement: ParsedStatement } | TranslateError {
  try {
    return { ok: true, statement: parseStatement(sql, from) };
  } catch (e) {
    if (e instanceof DialectError) return failure(e);
    throw e;
  }
}
