// Partition pruning from the WHERE clause, read off DuckDB's own parse tree (json_serialize_sql) of the
// translated query. Only the simple, certain cases prune: a table referenced once, in a SELECT whose WHERE has
// top-level AND-ed comparisons of one of its partition keys with constants (=, <>, <, <=, >, >=, IN, BETWEEN).
// Anything else reads every partition; DuckDB still applies the filter, so pruning never changes results.

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Obj = { [k: string]: Json };

export interface Constraint {
  column: string;
  op: '=' | '<>' | '<' | '<=' | '>' | '>=' | 'in' | 'between';
  values: string[];
}

/** Which referenced table a name means: `db.t`, resolved by the caller, and its partition keys. */
export interface PrunableTable {
  key: string;
  partitionKeys: string[];
}

const isObj = (j: Json | undefined): j is Obj => typeof j === 'object' && j !== null && !Array.isArray(j);

function* walk(j: Json): Generator<Obj> {
  if (Array.isArray(j)) for (const x of j) yield* walk(x);
  else if (isObj(j)) {
    yield j;
    for (const v of Object.values(j)) yield* walk(v);
  }
}

interface BaseRef {
  name: string;
  alias: string;
}

function baseTables(from: Json | undefined, out: BaseRef[]): void {
  if (!isObj(from)) return;
  if (from.type === 'BASE_TABLE') {
    const parts = [from.catalog_name, from.schema_name, from.table_name].filter((p): p is string => typeof p === 'string' && p !== '');
    out.push({ name: parts.join('.').toLowerCase(), alias: String(from.alias || from.table_name || '').toLowerCase() });
  } else if (from.type === 'JOIN') {
    baseTables(from.left, out);
    baseTables(from.right, out);
  }
}

function conjuncts(e: Json | undefined): Obj[] {
  if (!isObj(e)) return [];
  if (e.type === 'CONJUNCTION_AND' && Array.isArray(e.children)) return e.children.flatMap((c) => conjuncts(c));
  return [e];
}

function constantText(e: Json | undefined): string | undefined {
  if (!isObj(e)) return undefined;
  if (e.class === 'CONSTANT' && isObj(e.value) && !e.value.is_null) {
    const v = e.value.value;
    return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;
  }
  // DATE '2024-01-01' and CAST('1' AS INTEGER) compare as their constant.
  if (e.class === 'CAST') return constantText(e.child);
  return undefined;
}

function columnRef(e: Json | undefined): string[] | undefined {
  if (!isObj(e) || e.class !== 'COLUMN_REF' || !Array.isArray(e.column_names)) return undefined;
  return e.column_names.map((n) => String(n).toLowerCase());
}

const FLIP: Record<string, Constraint['op']> = { '<': '>', '<=': '>=', '>': '<', '>=': '<=', '=': '=', '<>': '<>' };
const OPS: Record<string, Constraint['op']> = {
  COMPARE_EQUAL: '=', COMPARE_NOTEQUAL: '<>', COMPARE_LESSTHAN: '<', COMPARE_LESSTHANOREQUALTO: '<=',
  COMPARE_GREATERTHAN: '>', COMPARE_GREATERTHANOREQUALTO: '>=',
};

function constraintOf(e: Obj): { ref: string[]; c: Omit<Constraint, 'column'> } | undefined {
  const op = typeof e.type === 'string' ? OPS[e.type] : undefined;
  if (op) {
    const l = columnRef(e.left);
    const r = constantText(e.right);
    if (l && r !== undefined) return { ref: l, c: { op, values: [r] } };
    const r2 = columnRef(e.right);
    const l2 = constantText(e.left);
    if (r2 && l2 !== undefined) return { ref: r2, c: { op: FLIP[op]!, values: [l2] } };
    return undefined;
  }
  if (e.type === 'COMPARE_IN' && Array.isArray(e.children)) {
    const [first, ...rest] = e.children;
    const ref = columnRef(first);
    const values = rest.map((x) => constantText(x));
    if (ref && values.every((v): v is string => v !== undefined)) return { ref, c: { op: 'in', values } };
  }
  if (e.type === 'COMPARE_BETWEEN') {
    const ref = columnRef(e.input);
    const lo = constantText(e.lower);
    const hi = constantText(e.upper);
    if (ref && lo !== undefined && hi !== undefined) return { ref, c: { op: 'between', values: [lo, hi] } };
  }
  return undefined;
}

/**
 * Constraints on partition keys per table key. `resolve` maps a name as written (`t`, `db.t`,
 * `awsdatacatalog.db.t`) to a catalog table, or undefined for CTEs and unknown names.
 */
export function partitionConstraints(tree: unknown, resolve: (name: string) => PrunableTable | undefined): Map<string, Constraint[]> {
  const out = new Map<string, Constraint[]>();
  const uses = new Map<string, number>();
  for (const node of walk(tree as Json)) {
    if (node.type !== 'BASE_TABLE') continue;
    const refs: BaseRef[] = [];
    baseTables(node, refs);
    const t = resolve(refs[0]!.name);
    if (t) uses.set(t.key, (uses.get(t.key) ?? 0) + 1);
  }
  for (const node of walk(tree as Json)) {
    if (node.type !== 'SELECT_NODE') continue;
    const refs: BaseRef[] = [];
    baseTables(node.from_table, refs);
    const tables = refs.map((r) => ({ ref: r, table: resolve(r.name) }));
    for (const e of conjuncts(node.where_clause)) {
      const found = constraintOf(e);
      if (!found) continue;
      const col = found.ref[found.ref.length - 1]!;
      const qualifier = found.ref.length > 1 ? found.ref[found.ref.length - 2] : undefined;
      const candidates = tables.filter(({ ref, table }) =>
        qualifier ? ref.alias === qualifier || ref.name.endsWith(qualifier) : table?.partitionKeys.includes(col));
      // An unqualified name must belong to exactly one table of this FROM, and that table must be a catalog table.
      if (candidates.length !== 1 || (!qualifier && tables.length > 1 && tables.some((x) => !x.table))) continue;
      const t = candidates[0]!.table;
      if (!t || !t.partitionKeys.includes(col) || uses.get(t.key) !== 1) continue;
      out.set(t.key, [...(out.get(t.key) ?? []), { column: col, ...found.c }]);
    }
  }
  return out;
}

function compare(a: string, b: string, numeric: boolean): number {
  if (numeric) return Number(a) - Number(b);
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Whether a partition's value for a key can satisfy every constraint on that key. */
export function partitionMatches(values: Record<string, string>, constraints: Constraint[], numericKeys: Set<string>): boolean {
  return constraints.every((c) => {
    const v = values[c.column];
    if (v === undefined || v === '__HIVE_DEFAULT_PARTITION__') return false;
    const n = numericKeys.has(c.column);
    const [a, b] = c.values as [string, string];
    switch (c.op) {
      case '=': return compare(v, a, n) === 0;
      case '<>': return compare(v, a, n) !== 0;
      case '<': return compare(v, a, n) < 0;
      case '<=': return compare(v, a, n) <= 0;
      case '>': return compare(v, a, n) > 0;
      case '>=': return compare(v, a, n) >= 0;
      case 'in': return c.values.some((x) => compare(v, x, n) === 0);
      case 'between': return compare(v, a, n) >= 0 && compare(v, b, n) <= 0;
    }
  });
}
