// Trino array, map and lambda functions → DuckDB list/map functions. Lambdas are applied by
// substituting their parameters on the AST (reduce's output function, zip_with, map lambdas).
import { type Node, template, applyLambda, lambdaParams, numberLiteral, stringLiteral } from './ast.js';
import { notSupported } from './errors.js';
import { staticType } from './static-types.js';
import { DUCK, type RewriteTable } from './rewrite-types.js';

const D = DUCK;

/** Order-preserving distinct (DuckDB's list_distinct does not keep first-seen order). */
const distinct = (a: Node): Node =>
  template(`${D}list_filter($0, (__x, __i) -> coalesce(${D}list_position($0, __x), __i) = __i)`, [a]);

function lambdaOf(n: Node | undefined, arity: number, fnName: string): Node {
  if (!n || lambdaParams(n)?.length !== arity) throw notSupported(`${fnName} without a ${arity}-argument lambda`);
  return n;
}

/** Builds `ls__list_transform(seq, __e -> f(field(__e)…))`-style lambdas from a user lambda. */
function mapEntryLambda(f: Node, fnName: string): Node {
  const key = template(`${D}struct_extract(__e, 'key')`, []);
  const value = template(`${D}struct_extract(__e, 'value')`, []);
  const body = applyLambda(lambdaOf(f, 2, fnName), [key, value]);
  if (!body) throw notSupported(fnName);
  return template('__e -> $0', [body]);
}

/** Months in a positive `INTERVAL 'n' MONTH|YEAR` literal, else null. */
function intervalMonths(step: Node): number | null {
  const iv = step.interval as { this?: Node; unit?: { unit?: string } } | undefined;
  const unit = iv?.unit?.unit?.toLowerCase();
  const n = Number(iv?.this ? stringLiteral(iv.this) ?? numberLiteral(iv.this) : NaN);
  if (!Number.isInteger(n) || n <= 0) return null;
  return unit === 'month' ? n : unit === 'year' ? 12 * n : null;
}

export const COLLECTION_REWRITES: RewriteTable = {
  element_at: ([c, k]) => template('$0[$1]', [c!, k!]),
  cardinality: ([c]) =>
    staticType(c!) === 'map' ? template(`${D}cardinality($0)`, [c!]) : template(`${D}len($0)`, [c!]),
  array_join: ([a, sep, nullRep]) =>
    nullRep
      ? template(`${D}array_to_string(${D}list_transform($0, __x -> coalesce(CAST(__x AS VARCHAR), $2)), $1)`, [a!, sep!, nullRep])
      : template(`${D}array_to_string($0, $1)`, [a!, sep!]),
  array_distinct: ([a]) => distinct(a!),
  array_position: ([a, x]) => template(`coalesce(${D}list_position($0, $1), 0)`, [a!, x!]),
  array_union: ([a, b]) => distinct(template(`${D}list_concat($0, $1)`, [a!, b!])),
  array_except: ([a, b]) => template(`${D}list_filter($0, __y -> NOT ${D}list_contains($1, __y))`, [distinct(a!), b!]),
  arrays_overlap: ([a, b]) => template(`${D}list_has_any($0, $1)`, [a!, b!]),
  flatten: ([a]) => template(`${D}flatten($0)`, [a!]),
  reverse: ([a]) => (staticType(a!) === 'array' ? template(`${D}list_reverse($0)`, [a!]) : null),
  slice: ([a, s, n]) => {
    const start = numberLiteral(s);
    return start !== null && start > 0
      ? template(`${D}list_slice($0, $1, $1 + $2 - 1)`, [a!, s!, n!])
      : template(`${D}list_slice($0, ${D}len($0) + $1 + 1, ${D}len($0) + $1 + $2)`, [a!, s!, n!]);
  },
  sequence: ([a, b, step]) => {
    const isDate = staticType(a!) === 'date';
    const months = step ? intervalMonths(step) : null;
    if (months !== null) {
      // Trino steps from the start (Jan 31 → Feb 29 → Mar 31); generate_series steps from the
      // previous value, so month steps are computed as start + i * step.
      const series = template(
        `${D}list_transform(${D}generate_series(0, CAST(${D}datesub('month', $0, $1) / ${months} AS BIGINT)), __i -> $0 + __i * $2)`,
        [a!, b!, step!],
      );
      return isDate ? template('CAST($0 AS ARRAY(DATE))', [series]) : series;
    }
    const stepNode = step ?? (isDate ? template("INTERVAL '1' DAY", []) : null);
    const series = stepNode
      ? template(`${D}generate_series($0, $1, $2)`, [a!, b!, stepNode])
      : template(`${D}generate_series($0, $1)`, [a!, b!]);
    return isDate ? template('CAST($0 AS ARRAY(DATE))', [series]) : series;
  },
  repeat: ([x, n]) => template(`${D}list_transform(${D}generate_series(1, $1), __i -> $0)`, [x!, n!]),
  zip: (args) => {
    const fields = args.map((_, i) => `field${i} := $${i}[__i]`).join(', ');
    const lens = args.map((_, i) => `${D}len($${i})`).join(', ');
    return template(`${D}list_transform(${D}generate_series(1, greatest(${lens})), __i -> ${D}struct_pack(${fields}))`, args);
  },
  trim_array: ([a, n]) => template(`${D}list_slice($0, 1, ${D}len($0) - $1)`, [a!, n!]),
  transform: ([a, f]) => template(`${D}list_transform($0, $1)`, [a!, lambdaOf(f, 1, 'transform')]),
  filter: ([a, f]) => template(`${D}list_filter($0, $1)`, [a!, lambdaOf(f, 1, 'filter')]),
  reduce: ([a, init, f, out]) => {
    const reduced = template(`${D}list_reduce($0, $1, $2)`, [a!, lambdaOf(f, 2, 'reduce'), init!]);
    return applyLambda(lambdaOf(out, 1, 'reduce'), [reduced]);
  },
  all_match: ([a, f]) => template(`coalesce(${D}list_bool_and(${D}list_transform($0, $1)), true)`, [a!, lambdaOf(f, 1, 'all_match')]),
  any_match: ([a, f]) => template(`coalesce(${D}list_bool_or(${D}list_transform($0, $1)), false)`, [a!, lambdaOf(f, 1, 'any_match')]),
  none_match: ([a, f]) => template(`NOT coalesce(${D}list_bool_or(${D}list_transform($0, $1)), false)`, [a!, lambdaOf(f, 1, 'none_match')]),
  zip_with: ([a, b, f]) => {
    const body = applyLambda(lambdaOf(f, 2, 'zip_with'), [template('$0[__i]', [a!]), template('$0[__i]', [b!])]);
    if (!body) throw notSupported('zip_with');
    return template(`${D}list_transform(${D}generate_series(1, greatest(${D}len($0), ${D}len($1))), __i -> $2)`, [a!, b!, body]);
  },
  array_sort: ([a, cmp]) => {
    if (cmp) throw notSupported('array_sort with a comparator lambda');
    return template(`${D}list_sort($0)`, [a!]);
  },
  map_filter: ([m, f]) =>
    template(`${D}map_from_entries(${D}list_filter(${D}map_entries($0), $1))`, [m!, mapEntryLambda(f!, 'map_filter')]),
  transform_values: ([m, f]) =>
    template(`${D}map(${D}map_keys($0), ${D}list_transform(${D}map_entries($0), $1))`, [m!, mapEntryLambda(f!, 'transform_values')]),
  transform_keys: ([m, f]) =>
    template(`${D}map(${D}list_transform(${D}map_entries($0), $1), ${D}map_values($0))`, [m!, mapEntryLambda(f!, 'transform_keys')]),
  map_agg: ([k, v]) => template(`${D}map(${D}list($0), ${D}list($1))`, [k!, v!]),
  split_to_map: ([s, entryDelim, kvDelim]) =>
    template(
      `${D}map(${D}list_transform(${D}string_split($0, $1), __e -> ${D}split_part(__e, $2, 1)), ${D}list_transform(${D}string_split($0, $1), __e -> ${D}split_part(__e, $2, 2)))`,
      [s!, entryDelim!, kvDelim!],
    ),
  // Trino's max(x, n) / min(x, n) are top-n aggregates, not greatest/least.
  max: (args, call) => (args.length === 2 && call.generic ? template(`${D}arg_max($0, $0, $1)`, args) : null),
  min: (args, call) => (args.length === 2 && call.generic ? template(`${D}arg_min($0, $0, $1)`, args) : null),
  ngrams: () => {
    throw notSupported('ngrams');
  },
  combinations: () => {
    throw notSupported('combinations');
  },
  array_frequency: () => {
    throw notSupported('array_frequency');
  },
  multimap_agg: () => {
    throw notSupported('multimap_agg');
  },
};
