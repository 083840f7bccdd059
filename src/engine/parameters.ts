// ExecutionParameters: each `?` outside quotes and comments takes the next value, which is a SQL literal as
// the caller wrote it (`'abc'`, `42`, `DATE '2024-01-01'`), exactly as Athena substitutes them.
import { EngineError } from './engine.js';

export function bindParameters(sql: string, params: readonly string[] | undefined): string {
  let out = '';
  let next = 0;
  let i = 0;
  while (i < sql.length) {
    const ch = sql[i]!;
    if (ch === "'" || ch === '"') {
      const end = closing(sql, i, ch);
      out += sql.slice(i, end);
      i = end;
    } else if (ch === '-' && sql[i + 1] === '-') {
      const end = sql.indexOf('\n', i);
      out += sql.slice(i, end < 0 ? sql.length : end);
      i = end < 0 ? sql.length : end;
    } else if (ch === '/' && sql[i + 1] === '*') {
      const end = sql.indexOf('*/', i + 2);
      const stop = end < 0 ? sql.length : end + 2;
      out += sql.slice(i, stop);
      i = stop;
    } else if (ch === '?') {
      const v = params?.[next++];
      if (v === undefined) {
        throw new EngineError('SYNTAX_ERROR', `SYNTAX_ERROR: line 1:1: Incorrect number of parameters: expected ${countPlaceholders(sql)} but found ${params?.length ?? 0}`);
      }
      out += v;
      i++;
    } else {
      out += ch;
      i++;
    }
  }
  if (params && next !== params.length) {
    throw new EngineError('SYNTAX_ERROR', `SYNTAX_ERROR: line 1:1: Incorrect number of parameters: expected ${next} but found ${params.length}`);
  }
  return out;
}

/** End (exclusive) of a quoted run starting at `start`; a doubled quote stays inside. */
function closing(sql: string, start: number, q: string): number {
  let i = start + 1;
  while (i < sql.length) {
    if (sql[i] === q) {
      if (sql[i + 1] === q) i += 2;
      else return i + 1;
    } else i++;
  }
  return sql.length;
}

/** How many `?` placeholders a statement has (for the error when too few values are given). */
export function countPlaceholders(sql: string): number {
  let n = 0;
  let i = 0;
  while (i < sql.length) {
    const ch = sql[i]!;
    if (ch === "'" || ch === '"') i = closing(sql, i, ch);
    else if (ch === '-' && sql[i + 1] === '-') { const e = sql.indexOf('\n', i); i = e < 0 ? sql.length : e; }
    else if (ch === '/' && sql[i + 1] === '*') { const e = sql.indexOf('*/', i + 2); i = e < 0 ? sql.length : e + 2; }
    else { if (ch === '?') n++; i++; }
  }
  return n;
}
