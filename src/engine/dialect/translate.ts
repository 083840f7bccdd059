// Trino (or Hive/Spark) query → DuckDB SQL: polyglot parses, our rewrites fix what its
// transforms get wrong, polyglot generates DuckDB, and the `ls__` marker that shielded our
// DuckDB calls from polyglot's transforms is removed from the final token stream.
import { parse, generate, transpile, tokenize, Dialect } from '@polyglot-sql/sdk';
import { type Node } from './ast.js';
import { DialectError, positionOf } from './errors.js';
import { rewriteTrino } from './rewrite.js';
import { DUCK } from './rewrite-types.js';

export type SourceDialect = 'trino' | 'hive' | 'spark';

const DIALECTS: Record<SourceDialect, Dialect> = { trino: Dialect.Trino, hive: Dialect.Hive, spark: Dialect.Spark };

/**
 * Settings a DuckDB connection needs for translated SQL to keep the source's semantics
 * (Trino divides integers as integers; Hive and Spark do not).
 */
export function duckdbSessionSettings(from: SourceDialect): string[] {
  return [`SET integer_division = ${from === 'trino' ? 'true' : 'false'}`];
}

function syntaxError(sql: string, start: number | undefined, fallback: string): DialectError {
  const bytes = Buffer.from(sql, 'utf8');
  if (start === undefined || start === null) return new DialectError('SYNTAX_ERROR', fallback);
  const pos = positionOf(sql, start);
  let token = '<EOF>';
  if (start < bytes.length) {
    const lexed = tokenize(sql.slice(pos.index), Dialect.Trino);
    const first = lexed.success ? lexed.tokens?.[0]?.text : undefined;
    token = first ?? sql.slice(pos.index, pos.index + 1);
  }
  return new DialectError('SYNTAX_ERROR', `mismatched input '${token}'`, pos.line, pos.column);
}

/** Parses exactly one statement, raising Athena-style syntax errors. */
export function parseOne(sql: string, from: SourceDialect): Node {
  const r = parse(sql, DIALECTS[from]);
  if (!r.success || !r.ast) {
    throw syntaxError(sql, r.errorStart ?? undefined, r.error ?? 'syntax error');
  }
  const stmts = r.ast as Node[];
  if (stmts.length !== 1) {
    throw new DialectError('SYNTAX_ERROR', `expected one statement, found ${stmts.length}`);
  }
  return stmts[0]!;
}

/** polyglot's token as it arrives at run time (its typings name the type field `tokenType`). */
export interface LexedToken {
  token_type?: string;
  tokenType?: string;
  text: string;
  span: { start: number; end: number; line: number; column: number };
}

/** Removes the `ls__` marker from identifier tokens of generated DuckDB SQL. */
function unmark(sql: string): string {
  const lexed = tokenize(sql, Dialect.DuckDB);
  if (!lexed.success || !lexed.tokens) throw new Error(`cannot re-tokenize generated SQL: ${lexed.error}`);
  const bytes = Buffer.from(sql, 'utf8');
  const parts: Buffer[] = [];
  let at = 0;
  for (const t of lexed.tokens as readonly LexedToken[]) {
    const type = t.token_type ?? t.tokenType;
    if (type === 'VAR' && t.text.length > DUCK.length && t.text.toLowerCase().startsWith(DUCK)) {
      parts.push(bytes.subarray(at, t.span.start));
      at = t.span.start + DUCK.length;
    }
  }
  parts.push(bytes.subarray(at));
  return Buffer.concat(parts).toString('utf8');
}

/** Translates one query statement's AST to DuckDB SQL. */
export function queryToDuckdb(stmt: Node, from: SourceDialect): string {
  const rewritten = from === 'trino' ? rewriteTrino(stmt) : stmt;
  const gen = generate([rewritten], DIALECTS[from]);
  if (!gen.success || !gen.sql) throw new Error(`polyglot could not generate the rewritten query: ${gen.error}`);
  const out = transpile(gen.sql.join(';\n'), DIALECTS[from], Dialect.DuckDB);
  if (!out.success || !out.sql) throw new Error(`polyglot could not transpile the rewritten query: ${out.error}`);
  return unmark(out.sql.join(';\n'));
}
