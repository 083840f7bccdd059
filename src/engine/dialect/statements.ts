// Classifies a statement and parses what each kind needs: queries become DuckDB SQL; Hive DDL
// becomes a structure for the Glue catalog; CTAS / INSERT INTO / UNLOAD / CREATE VIEW keep their
// header (target, properties) and carry their query translated.
import { Dialect } from '@polyglot-sql/sdk';
import { Cursor, lex, type Token } from './tokens.js';
import { parseHiveDdl, type HiveDdl, type TableName } from './hive-ddl.js';
import { notSupported } from './errors.js';
import { parseOne, queryToDuckdb, type SourceDialect } from './translate.js';

export type StatementKind =
  | 'query' | 'ddl' | 'ctas' | 'insert' | 'unload' | 'create_view'
  | 'explain' | 'prepare' | 'execute' | 'deallocate' | 'unsupported';

/** A CTAS / UNLOAD `WITH (…)` property value. */
export type PropertyValue = string | number | boolean | string[];

export type ParsedStatement =
  | { kind: 'query'; sql: string }
  | { kind: 'ddl'; ddl: HiveDdl }
  | { kind: 'ctas'; table: TableName; ifNotExists: boolean; properties: Record<string, PropertyValue>; withData: boolean; sql: string }
  | { kind: 'insert'; table: TableName; columns?: string[]; sql: string }
  | { kind: 'unload'; location: string; properties: Record<string, PropertyValue>; sql: string }
  | { kind: 'create_view'; view: TableName; orReplace: boolean; sql: string; /** The view's query as written (Glue keeps it). */ originalSql: string };

const QUERY_STARTS = new Set(['SELECT', 'WITH', 'VALUES', 'TABLE', '(']);
const DDL_STARTS = new Set(['MSCK', 'ALTER', 'SHOW', 'DESCRIBE', 'DESC', 'DROP']);

function word(t: Token | undefined): string {
  return t && t.type !== 'STRING' ? t.text.toUpperCase() : '';
}

/** True when a `CREATE TABLE` header is followed by `AS` at depth 0 (a CTAS). */
function isCtas(tokens: Token[]): boolean {
  let depth = 0;
  for (const t of tokens) {
    if (t.text === '(') depth++;
    else if (t.text === ')') depth--;
    else if (depth === 0 && word(t) === 'AS') return true;
  }
  return false;
}

export function classifyTokens(tokens: Token[]): StatementKind {
  const w0 = word(tokens[0]);
  const w1 = word(tokens[1]);
  const w2 = word(tokens[2]);
  if (QUERY_STARTS.has(w0)) return 'query';
  if (DDL_STARTS.has(w0)) return 'ddl';
  if (w0 === 'CREATE') {
    if (w1 === 'VIEW' || (w1 === 'OR' && w2 === 'REPLACE')) return 'create_view';
    if (w1 === 'DATABASE' || w1 === 'SCHEMA' || w1 === 'EXTERNAL') return 'ddl';
    if (w1 === 'TABLE') return isCtas(tokens) ? 'ctas' : 'ddl';
    return 'unsupported';
  }
  if (w0 === 'INSERT') return 'insert';
  if (w0 === 'UNLOAD') return 'unload';
  if (w0 === 'EXPLAIN') return 'explain';
  if (w0 === 'PREPARE') return 'prepare';
  if (w0 === 'EXECUTE') return 'execute';
  if (w0 === 'DEALLOCATE') return 'deallocate';
  return 'unsupported';
}

/** The kind of one statement, from its leading tokens. */
export function classify(sql: string): StatementKind {
  return classifyTokens(lex(sql, Dialect.Trino));
}

function propertyValue(c: Cursor): PropertyValue {
  const t = c.peek();
  if (t?.type === 'STRING') return c.string();
  if (c.accept('ARRAY')) {
    c.expect('[');
    const items: string[] = [];
    if (!c.accept(']')) {
      do items.push(c.string());
      while (c.accept(','));
      c.expect(']');
    }
    return items;
  }
  if (c.accept('TRUE')) return true;
  if (c.accept('FALSE')) return false;
  const n = Number(c.next().text);
  if (Number.isNaN(n)) throw c.error('expecting a property value');
  return n;
}

/** `WITH (name = value, …)` as CTAS and UNLOAD write it. */
function withProperties(c: Cursor): Record<string, PropertyValue> {
  const out: Record<string, PropertyValue> = {};
  if (!c.accept('WITH')) return out;
  c.expect('(');
  do {
    const k = c.identifier();
    c.expect('=');
    out[k] = propertyValue(c);
  } while (c.accept(','));
  c.expect(')');
  return out;
}

function translateRest(c: Cursor, from: SourceDialect): { sql: string; original: string } {
  const start = c.peek();
  if (!start) throw c.error('expecting a query');
  const original = c.restFrom(start);
  return { sql: queryToDuckdb(parseOne(original, from), from), original };
}

/** Parses one statement of any kind; throws DialectError (syntax or not supported). */
export function parseStatement(sql: string, from: SourceDialect): ParsedStatement {
  const tokens = lex(sql, from === 'trino' ? Dialect.Trino : Dialect.Hive);
  const kind = classifyTokens(tokens);
  const c = new Cursor(sql, tokens);
  switch (kind) {
    case 'query':
      return { kind, sql: queryToDuckdb(parseOne(sql, from), from) };
    case 'ddl':
      return { kind, ddl: parseHiveDdl(new Cursor(sql, lex(sql, Dialect.Hive))) };
    case 'ctas': {
      c.expect('CREATE', 'TABLE');
      const ifNotExists = c.accept('IF', 'NOT', 'EXISTS');
      const table = c.qualifiedName();
      const properties = withProperties(c);
      c.expect('AS');
      // `AS (query) WITH [NO] DATA`: the trailing clause is Trino's, not part of the query.
      const start = c.peek();
      if (!start) throw c.error('expecting a query');
      let body = c.restFrom(start);
      let withData = true;
      const tail = lex(body, Dialect.Trino);
      const n = tail.length;
      if (n >= 2 && word(tail[n - 1]) === 'DATA' && word(tail[n - 2]) === 'WITH') body = body.slice(0, tail[n - 2]!.start).trim();
      else if (n >= 3 && word(tail[n - 1]) === 'DATA' && word(tail[n - 2]) === 'NO' && word(tail[n - 3]) === 'WITH') {
        body = body.slice(0, tail[n - 3]!.start).trim();
        withData = false;
      }
      return { kind, table, ifNotExists, properties, withData, sql: queryToDuckdb(parseOne(body, from), from) };
    }
    case 'insert': {
      c.expect('INSERT', 'INTO');
      const table = c.qualifiedName();
      let columns: string[] | undefined;
      if (c.at('(') && !c.at('(', 'SELECT') && !c.at('(', 'WITH') && !c.at('(', 'VALUES')) {
        c.expect('(');
        columns = [];
        do columns.push(c.identifier());
        while (c.accept(','));
        c.expect(')');
      }
      return { kind, table, ...(columns ? { columns } : {}), sql: translateRest(c, from).sql };
    }
    case 'unload': {
      c.expect('UNLOAD');
      c.expect('(');
      const open = c.peek();
      if (!open) throw c.error('expecting a query');
      // The query runs to the parenthesis matching UNLOAD's.
      let depth = 1;
      let close: Token | undefined;
      while (!c.done) {
        const t = c.next();
        if (t.text === '(') depth++;
        else if (t.text === ')' && --depth === 0) {
          close = t;
          break;
        }
      }
      if (!close) throw c.error("expecting ')'");
      const query = sql.slice(open.start, close.start).trim();
      c.expect('TO');
      const location = c.string();
      const properties = withProperties(c);
      c.end();
      return { kind, location, properties, sql: queryToDuckdb(parseOne(query, from), from) };
    }
    case 'create_view': {
      c.expect('CREATE');
      const orReplace = c.accept('OR', 'REPLACE');
      c.expect('VIEW');
      const view = c.qualifiedName();
      c.expect('AS');
      const { sql: duck, original } = translateRest(c, from);
      return { kind, view, orReplace, sql: duck, originalSql: original };
    }
    default:
      throw notSupported(`${kind === 'unsupported' ? (tokens[0]?.text ?? 'empty') : kind.toUpperCase()} statement`);
  }
}
