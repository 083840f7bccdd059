// SQL dialect translation for the engine: Trino (Athena engine v3), Hive and Spark SQL → DuckDB
// for queries; Athena's Hive-style DDL is parsed into structures for the Glue catalog instead.
import { DialectError } from './errors.js';
import { parseOne, queryToDuckdb, type SourceDialect } from './translate.js';

export { DialectError, type DialectErrorCode } from './errors.js';
export { duckdbSessionSettings, type SourceDialect } from './translate.js';

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
    return { ok: true, sql: queryToDuckdb(parseOne(sql, from), from) };
  } catch (e) {
    if (e instanceof DialectError) return failure(e);
    throw e;
  }
}
