// DuckDB's errors in Athena's words. DuckDB reports positions in the translated SQL, which the user never
// saw, so a position is found again in the statement as written: the first occurrence of the offending
// name as a whole word outside quotes (Trino reports the first reference too).
import { EngineError } from '../engine.js';

/** 1-based line:column of the first whole-word, unquoted occurrence of `word` in `sql` (1:1 if none). */
export function positionOfWord(sql: string, word: string): string {
  const lower = sql.toLowerCase();
  const w = word.toLowerCase();
  let inString = false;
  for (let i = 0; i < sql.length; i++) {
    const ch = sql[i]!;
    if (ch === "'") inString = !inString;
    if (inString) continue;
    if (lower.startsWith(w, i) && !/[\w]/.test(lower[i - 1] ?? ' ') && !/[\w]/.test(lower[i + w.length] ?? ' ')) {
      const before = sql.slice(0, i).split('\n');
      return `${before.length}:${before[before.length - 1]!.length + 1}`;
    }
  }
  return '1:1';
}

/** Athena's TABLE_NOT_FOUND for a name as written. */
export function tableNotFound(sql: string, written: string, qualified: string): EngineError {
  const last = written.split('.').pop()!.replace(/"/g, '');
  return new EngineError('TABLE_NOT_FOUND', `TABLE_NOT_FOUND: line ${positionOfWord(sql, last)}: Table '${qualified}' does not exist`);
}

export function schemaNotFound(sql: string, schema: string): EngineError {
  return new EngineError('SCHEMA_NOT_FOUND', `SCHEMA_NOT_FOUND: line ${positionOfWord(sql, schema)}: Schema '${schema}' does not exist`);
}

/** Maps a DuckDB failure of a statement written as `sql` (database `database` current) to an EngineError. */
export function fromDuckdb(err: unknown, sql: string, database: string, cancelled: boolean): EngineError {
  if (err instanceof EngineError) return err;
  const text = err instanceof Error ? err.message : String(err);
  const first = text.replace(/^Error:\s*/, '').split('\n')[0]!;
  if (cancelled || /INTERRUPT|Interrupted/.test(text)) return new EngineError('USER_CANCELED', 'Query cancelled by user', 2);
  let m = /Referenced column "([^"]+)" not found/.exec(first);
  if (m) return new EngineError('COLUMN_NOT_FOUND', `COLUMN_NOT_FOUND: line ${positionOfWord(sql, m[1]!)}: Column '${m[1]}' cannot be resolved`);
  m = /Table with name "?([^"!\s]+)"? does not exist because schema "([^"]+)"/.exec(first);
  if (m) return schemaNotFound(sql, m[2]!);
  m = /Table with name "?([^"!\s]+)"? does not exist/.exec(first);
  if (m) return tableNotFound(sql, m[1]!, `awsdatacatalog.${database}.${m[1]!.split('.').pop()}`);
  m = /(?:Scalar|Aggregate|Table) Function with name "?([^"!\s]+)"? does not exist/.exec(first);
  if (m) return new EngineError('FUNCTION_NOT_FOUND', `FUNCTION_NOT_FOUND: line ${positionOfWord(sql, m[1]!)}: Function '${m[1]}' not registered`);
  m = /Cannot compare values of type (\w+) and type (\w+)/.exec(first);
  if (m) return new EngineError('TYPE_MISMATCH', `TYPE_MISMATCH: line 1:1: Cannot apply operator: ${m[1]!.toLowerCase()} = ${m[2]!.toLowerCase()}`);
  if (/No function matches the given name and argument types/.test(first)) {
    return new EngineError('TYPE_MISMATCH', `TYPE_MISMATCH: ${first.replace(/^Binder Error:\s*/, '')}`);
  }
  if (/^Parser Error/.test(first)) return new EngineError('SYNTAX_ERROR', `SYNTAX_ERROR: ${first.replace(/^Parser Error:\s*/, '')}`);
  const mismatch = /^Conversion Error/.test(first) ? comparisonMismatch(text, sql) : undefined;
  if (mismatch) return mismatch;
  const cast = /^Conversion Error: Could not convert string '(.*)' to (\w+)/.exec(first);
  if (cast) {
    const to = ({ INT32: 'INT', INT64: 'BIGINT', INT16: 'SMALLINT', INT8: 'TINYINT' } as Record<string, string>)[cast[2]!] ?? cast[2]!;
    return new EngineError('INVALID_CAST_ARGUMENT', `INVALID_CAST_ARGUMENT: Cannot cast '${cast[1]}' to ${to}`);
  }
  if (/^Conversion Error/.test(first)) return new EngineError('INVALID_CAST_ARGUMENT', `INVALID_CAST_ARGUMENT: ${first.replace(/^Conversion Error:\s*/, '')}`);
  if (/Division by zero/i.test(first)) return new EngineError('DIVISION_BY_ZERO', 'DIVISION_BY_ZERO: Division by zero');
  if (/Out of Memory/i.test(first)) return new EngineError('EXCEEDED_MEMORY_LIMIT', `EXCEEDED_MEMORY_LIMIT: ${first}`, 1);
  if (/^Invalid Input Error|^IO Error/.test(first)) return new EngineError('HIVE_BAD_DATA', `HIVE_BAD_DATA: ${first.replace(/^[^:]+:\s*/, '')}`);
  return new EngineError('GENERIC_INTERNAL_ERROR', `GENERIC_INTERNAL_ERROR: ${first}`, 1);
}

const DUCK_TO_TRINO: Record<string, string> = {
  INT8: 'tinyint', INT16: 'smallint', INT32: 'integer', INT64: 'bigint', DOUBLE: 'double', FLOAT: 'real', DATE: 'date', TIMESTAMP: 'timestamp', BOOL: 'boolean',
};

/**
 * Trino refuses `bigint = 'x'` while analysing (TYPE_MISMATCH); DuckDB tries to cast the string and fails at bind
 * time with a Conversion Error whose caret points at one operand of the comparison. That shape is told apart
 * from a failing CAST by the comparison operator next to the caret.
 */
function comparisonMismatch(text: string, sql: string): EngineError | undefined {
  const lines = text.split('\n');
  const at = lines.findIndex((l) => /^LINE \d+: /.test(l));
  if (at < 0 || !lines[at + 1]) return undefined;
  const prefix = /^LINE \d+: /.exec(lines[at]!)![0].length;
  const snippet = lines[at]!.slice(prefix);
  const caret = lines[at + 1]!.indexOf('^') - prefix;
  if (caret < 0) return undefined;
  const token = /^('(?:[^']|'')*'|"[^"]*"|[A-Za-z_][\w.]*|\d+(?:\.\d+)?)/.exec(snippet.slice(caret))?.[1];
  if (!token) return undefined;
  const before = /(<>|!=|<=|>=|=|<|>)\s*$/.exec(snippet.slice(0, caret));
  const after = /^\s*(<>|!=|<=|>=|=|<|>)\s*('(?:[^']|'')*'|"[^"]*"|[A-Za-z_][\w.]*|\d+(?:\.\d+)?)/.exec(snippet.slice(caret + token.length));
  if (!before && !after) return undefined;
  const target = /to (INT8|INT16|INT32|INT64|DOUBLE|FLOAT|DATE|TIMESTAMP|BOOL)\b/.exec(text)?.[1];
  const other = target ? DUCK_TO_TRINO[target]! : 'unknown';
  const stringType = token.startsWith("'") ? `varchar(${token.length - 2})` : 'varchar';
  const fromColumn = /when casting from source column/.test(text);
  const caretType = fromColumn ? 'varchar' : stringType;
  const partnerType = fromColumn ? (/^\d+$/.test(after?.[2] ?? before?.[1] ?? '') ? 'integer' : other) : other;
  let left: string;
  let op: string;
  let right: string;
  let leftToken: string;
  if (after) {
    [left, op, right, leftToken] = [caretType, after[1]!, partnerType, token];
  } else {
    const lhs = /('(?:[^']|'')*'|"[^"]*"|[A-Za-z_][\w.]*|\d+(?:\.\d+)?)\s*(<>|!=|<=|>=|=|<|>)\s*$/.exec(snippet.slice(0, caret));
    [left, op, right, leftToken] = [partnerType, before![1]!, caretType, lhs?.[1] ?? token];
  }
  const where = leftToken.startsWith("'") ? positionOfLiteral(sql, leftToken) : positionOfWord(sql, leftToken.split('.').pop()!.replace(/"/g, ''));
  return new EngineError('TYPE_MISMATCH', `TYPE_MISMATCH: line ${where}: Cannot apply operator: ${left} ${op} ${right}`);
}

function positionOfLiteral(sql: string, literal: string): string {
  const i = sql.indexOf(literal);
  if (i < 0) return '1:1';
  const before = sql.slice(0, i).split('\n');
  return `${before.length}:${before[before.length - 1]!.length + 1}`;
}
