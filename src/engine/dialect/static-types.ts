// The little static typing the rewrites need: DuckDB widens DATE ± INTERVAL to TIMESTAMP where
// Trino keeps DATE, so date arithmetic is cast back when the operand is known to be a DATE.
import { type Node, kindOf, dataOf, isNode } from './ast.js';

export type StaticType = 'date' | 'timestamp' | 'array' | 'map' | null;

const DATE_FUNCS = new Set(['date', 'from_iso8601_date', 'last_day_of_month', 'current_date']);
const ARRAY_FUNCS = new Set(['array_func', 'split', 'sequence', 'array_agg', 'map_keys', 'map_values', 'regexp_extract_all', 'filter', 'transform', 'repeat', 'array_distinct', 'array_sort']);

export function staticType(n: Node): StaticType {
  const kind = kindOf(n);
  const d = dataOf(n);
  if (kind === 'literal') {
    if (d.literal_type === 'date') return 'date';
    if (d.literal_type === 'timestamp') return 'timestamp';
    return null;
  }
  if (kind === 'cast' || kind === 'try_cast') {
    const to = d.to as { data_type?: string } | null;
    const t = to?.data_type;
    if (t === 'date') return 'date';
    if (t === 'timestamp') return 'timestamp';
    if (t === 'array') return 'array';
    if (t === 'map') return 'map';
    return null;
  }
  if (kind === 'current_date' || DATE_FUNCS.has(kind)) return 'date';
  if (ARRAY_FUNCS.has(kind)) return 'array';
  if (kind === 'function') {
    const name = String(d.name).toLowerCase();
    if (DATE_FUNCS.has(name)) return 'date';
    if (ARRAY_FUNCS.has(name)) return 'array';
    if (name === 'map' || name === 'map_from_entries' || name === 'map_concat') return 'map';
  }
  if (kind === 'map_from_entries' || kind === 'map_func' || kind === 'map') return 'map';
  if (kind === 'paren' && isNode(d.this)) return staticType(d.this);
  return null;
}

export const DATE_UNITS = new Set(['day', 'week', 'month', 'quarter', 'year']);
