// Our AST rewrites over polyglot's Trino AST, run before polyglot's own Trino → DuckDB
// transforms: function tables by name, plus the structural fixes (casts, EXTRACT, date
// arithmetic, UNNEST forms DuckDB lacks).
import { type Json, type Node, callOf, dataOf, isNode, kindOf, mapTree, template, statementTemplate } from './ast.js';
import { notSupported } from './errors.js';
import { DATETIME_REWRITES, dateIntervalArith } from './functions-datetime.js';
import { COLLECTION_REWRITES } from './functions-collections.js';
import { SCALAR_REWRITES } from './functions-scalar.js';
import { staticType } from './static-types.js';
import { DUCK, type RewriteTable } from './rewrite-types.js';

const REWRITES: RewriteTable = { ...DATETIME_REWRITES, ...COLLECTION_REWRITES, ...SCALAR_REWRITES };
/** polyglot node kinds that are calls we rewrite (others are left to polyglot). */
const TYPED = new Set(Object.keys(REWRITES));

function rewriteCast(node: Node): Node | null {
  const kind = kindOf(node);
  const d = dataOf(node);
  const to = d.to as { data_type?: string; length?: number | null } | null;
  if (to?.data_type === 'var_char' && typeof to.length === 'number' && isNode(d.this)) {
    // Trino truncates on CAST to varchar(n); DuckDB ignores the length.
    const fn = kind === 'try_cast' ? 'TRY_CAST' : 'CAST';
    return template(`${DUCK}left(${fn}($0 AS VARCHAR), ${to.length})`, [d.this]);
  }
  return null;
}

/** Trino's EXTRACT(DOW) is ISO (Monday = 1 … Sunday = 7). */
function rewriteExtract(node: Node): Node | null {
  const d = dataOf(node);
  if (!isNode(d.this)) return null;
  if (d.field === 'DayOfWeek') return template(`${DUCK}isodow($0)`, [d.this]);
  return null;
}

/** UNNEST forms DuckDB's table function lacks: several arrays, maps, arrays of rows. */
function rewriteUnnestAlias(node: Node): Node | null {
  const d = dataOf(node);
  if (!isNode(d.this) || kindOf(d.this) !== 'unnest') return null;
  const u = dataOf(d.this);
  const arrays = [u.this, ...((u.expressions as Json[] | undefined) ?? [])].filter(isNode);
  const aliases = (d.column_aliases as { name: string }[] | undefined) ?? [];
  const ordinality = u.with_ordinality === true;
  const single = arrays.length === 1 ? arrays[0]! : null;
  const fieldCount = aliases.length - (ordinality ? 1 : 0);
  const type = single === null ? null : staticType(single);
  // One argument with two names is a map unless it is known to be an array (of rows).
  const isMap = single !== null && (type === 'map' || (type === null && fieldCount === 2));
  const wantsFields = single !== null && !isMap && fieldCount > 1;
  if (single && !isMap && !wantsFields) return null;
  let select: Node;
  if (isMap) {
    const cols = `${DUCK}unnest(${DUCK}map_keys($0)), ${DUCK}unnest(${DUCK}map_values($0))`;
    select = statementTemplate(
      ordinality ? `SELECT ${cols}, ${DUCK}unnest(${DUCK}generate_series(1, ${DUCK}cardinality($0)))` : `SELECT ${cols}`,
      [single!],
    );
  } else if (wantsFields) {
    // An array of rows: one column per row field, read by position (Trino rows may be unnamed).
    const cols = Array.from({ length: fieldCount }, (_, i) => `${DUCK}struct_extract(__r, ${i + 1})`);
    if (ordinality) cols.push('__o');
    const inner = ordinality
      ? `SELECT ${DUCK}unnest($0) AS __r, ${DUCK}unnest(${DUCK}generate_series(1, ${DUCK}len($0))) AS __o`
      : `SELECT ${DUCK}unnest($0) AS __r`;
    select = statementTemplate(`SELECT ${cols.join(', ')} FROM (${inner}) AS __u`, [single!]);
  } else {
    // Several arrays are zipped, the shorter padded with NULLs, as DuckDB's select-list unnest does.
    const cols = arrays.map((_, i) => `${DUCK}unnest($${i})`);
    if (ordinality) {
      const lens = arrays.map((_, i) => `${DUCK}len($${i})`).join(', ');
      cols.push(`${DUCK}unnest(${DUCK}generate_series(1, greatest(${lens})))`);
    }
    select = statementTemplate(`SELECT ${cols.join(', ')}`, arrays);
  }
  return {
    subquery: {
      this: select, alias: d.alias ?? { name: 'unnest', quoted: false }, column_aliases: d.column_aliases ?? [],
      alias_explicit_as: true, alias_keyword: 'AS', order_by: null, limit: null, offset: null,
      lateral: false, modifiers_inside: false, trailing_comments: [],
    },
  };
}

function visit(node: Node): Node {
  const kind = kindOf(node);
  switch (kind) {
    case 'cast':
    case 'try_cast':
      return rewriteCast(node) ?? node;
    case 'extract':
      return rewriteExtract(node) ?? node;
    case 'add':
    case 'sub': {
      const d = dataOf(node);
      return isNode(d.left) && isNode(d.right) ? (dateIntervalArith(node, d.left, d.right) ?? node) : node;
    }
    case 'alias':
      return rewriteUnnestAlias(node) ?? node;
    default:
      break;
  }
  const call = callOf(node, TYPED);
  if (!call) return node;
  const rw = REWRITES[call.name];
  if (!rw) return node;
  if (call.distinct && call.generic && !['approx_percentile', 'map_agg'].includes(call.name)) return node;
  return rw(call.args, call, node) ?? node;
}

/** Rewrites one parsed Trino statement in place of polyglot's own handling. */
export function rewriteTrino(stmt: Node): Node {
  const out = mapTree(stmt, visit);
  if (!isNode(out)) throw notSupported('statement');
  return out;
}
