// Helpers over polyglot's JSON AST: every node is a one-key object `{ kind: data }`.
// Rewrites build replacement subtrees from SQL templates parsed by polyglot itself, with
// placeholders (`__a0`, `__a1`, …) substituted by argument subtrees on the AST.
import { parse, Dialect } from '@polyglot-sql/sdk';
import { DUCK } from './rewrite-types.js';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type Node = { [kind: string]: Json };

export function isNode(v: unknown): v is Node {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 1;
}

export const kindOf = (n: Node): string => Object.keys(n)[0]!;
export function dataOf(n: Node): { [key: string]: Json } {
  const d = n[kindOf(n)];
  // Some one-key objects carry a scalar (`{ "Comment": "x" }`): they have no fields.
  return d !== null && typeof d === 'object' && !Array.isArray(d) ? d : {};
}

export const clone = <T extends Json>(v: T): T => structuredClone(v);

/** Typed polyglot nodes that are plain calls: node kind → argument fields, in order. */
const TYPED_CALL_FIELDS: Record<string, string[]> = {
  str_position: ['this', 'substr', 'occurrence'],
};
const DEFAULT_FIELDS = ['this', 'expression', 'path'];

export interface Call {
  name: string;
  args: Node[];
  /** true when the node was a generic call (`function` / `aggregate_function`). */
  generic: boolean;
  distinct: boolean;
}

/** Reads a node as a function call, whether generic or one of polyglot's typed call nodes. */
export function callOf(n: Node, typedKinds: ReadonlySet<string>): Call | null {
  const kind = kindOf(n);
  const d = dataOf(n);
  if (kind === 'function' || kind === 'aggregate_function') {
    const args = (d.args as Json[]).filter(isNode);
    return { name: String(d.name).toLowerCase(), args, generic: true, distinct: d.distinct === true };
  }
  if (!typedKinds.has(kind)) return null;
  const fields = TYPED_CALL_FIELDS[kind] ?? DEFAULT_FIELDS;
  const args: Node[] = [];
  for (const f of fields) {
    const v = d[f];
    if (isNode(v)) args.push(v);
  }
  return { name: kind, args, generic: false, distinct: d.distinct === true };
}

export function fn(name: string, args: Node[]): Node {
  return { function: { name, args, distinct: false, use_bracket_syntax: false, no_parens: false, quoted: false, trailing_comments: [] } };
}

export const str = (value: string): Node => ({ literal: { literal_type: 'string', value } });
export const num = (value: number): Node => ({ literal: { literal_type: 'number', value: String(value) } });

/** The string value of a string literal node, or null. */
export function stringLiteral(n: Node | undefined): string | null {
  if (!n || kindOf(n) !== 'literal') return null;
  const d = dataOf(n);
  return d.literal_type === 'string' ? String(d.value) : null;
}

/** The value of a (possibly negated) number literal node, or null. */
export function numberLiteral(n: Node | undefined): number | null {
  if (!n) return null;
  if (kindOf(n) === 'neg') {
    const inner = dataOf(n).this;
    const v = isNode(inner) ? numberLiteral(inner) : null;
    return v === null ? null : -v;
  }
  if (kindOf(n) !== 'literal') return null;
  const d = dataOf(n);
  return d.literal_type === 'number' ? Number(d.value) : null;
}

/** A bare column reference's name (no table qualifier), as lambda parameters are referenced. */
export function bareColumnName(n: Node): string | null {
  if (kindOf(n) !== 'column') return null;
  const d = dataOf(n);
  if (d.table !== null && d.table !== undefined) return null;
  const name = d.name as { name?: Json };
  return typeof name.name === 'string' ? name.name : null;
}

/** Rebuilds a tree bottom-up: `visit` sees each node after its children were rebuilt. */
export function mapTree(v: Json, visit: (n: Node) => Node): Json {
  if (Array.isArray(v)) return v.map((x) => mapTree(x, visit));
  if (v === null || typeof v !== 'object') return v;
  const out: { [key: string]: Json } = {};
  for (const [k, x] of Object.entries(v)) out[k] = mapTree(x, visit);
  return isNode(out) ? visit(out) : out;
}

/** Replaces bare column references named in `bindings` by (copies of) the bound subtrees. */
export function substitute(tree: Node, bindings: ReadonlyMap<string, Node>): Node {
  return mapTree(tree, (n) => {
    const name = bareColumnName(n);
    const bound = name === null ? undefined : bindings.get(name.toLowerCase());
    if (bound) return clone(bound);
    // `s.field` on a bound row parameter reads the field of the substituted expression.
    const q = qualifiedColumn(n);
    const row = q === null ? undefined : bindings.get(q.table.toLowerCase());
    return row && q ? fn(`${DUCK}struct_extract`, [clone(row), str(q.field)]) : n;
  }) as Node;
}

function qualifiedColumn(n: Node): { table: string; field: string } | null {
  if (kindOf(n) !== 'column') return null;
  const d = dataOf(n);
  const table = d.table as { name?: Json } | null;
  const name = d.name as { name?: Json };
  if (!table || typeof table.name !== 'string' || typeof name.name !== 'string') return null;
  return { table: table.name, field: name.name };
}

const templateCache = new Map<string, Node>();

function parsedTemplate(sql: string, whole: boolean): Node {
  const key = (whole ? 'S:' : 'E:') + sql;
  let base = templateCache.get(key);
  if (!base) {
    const r = parse(whole ? placeholders(sql) : 'SELECT ' + placeholders(sql), Dialect.Trino);
    if (!r.success || !r.ast) throw new Error(`bad rewrite template ${sql}: ${r.error}`);
    const stmt = r.ast[0] as Node;
    base = whole ? stmt : (dataOf(stmt).expressions as Node[])[0]!;
    templateCache.set(key, base);
  }
  return base;
}

function bind(base: Node, args: readonly Node[]): Node {
  const bindings = new Map<string, Node>();
  args.forEach((a, i) => bindings.set(`__a${i}`, a));
  return substitute(clone(base), bindings);
}

/**
 * Builds a subtree from an expression template in Trino syntax: `$0`, `$1`… stand for the
 * arguments (written `__a0`… in the parsed template so they parse as columns).
 */
export function template(expr: string, args: readonly Node[]): Node {
  return bind(parsedTemplate(expr, false), args);
}

/** Like `template`, for a whole statement (`SELECT … FROM …`). */
export function statementTemplate(sql: string, args: readonly Node[]): Node {
  return bind(parsedTemplate(sql, true), args);
}

/** Applies a lambda node `(p1, p2) -> body` to argument subtrees by substitution. */
export function applyLambda(lambda: Node, args: readonly Node[]): Node | null {
  if (kindOf(lambda) !== 'lambda') return null;
  const d = dataOf(lambda);
  const params = (d.parameters as { name: string }[]).map((p) => p.name.toLowerCase());
  if (params.length !== args.length || !isNode(d.body)) return null;
  return substitute(d.body, new Map(params.map((p, i) => [p, args[i]!])));
}

export function lambdaParams(lambda: Node): string[] | null {
  if (kindOf(lambda) !== 'lambda') return null;
  return (dataOf(lambda).parameters as { name: string }[]).map((p) => p.name);
}

/** `$0` → `__a0` in our own template constants (never applied to user SQL). */
function placeholders(expr: string): string {
  let out = '';
  for (let i = 0; i < expr.length; i++) {
    const c = expr[i]!;
    const next = expr[i + 1];
    out += c === '$' && next !== undefined && next >= '0' && next <= '9' ? '__a' : c;
  }
  return out;
}
