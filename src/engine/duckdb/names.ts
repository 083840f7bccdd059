// Result column names as Trino gives them: a select item without an alias that is not a plain column reference
// is named `_col<position>` (0-based), where DuckDB would name it after its expression text (`count_star()`).
// Read off DuckDB's parse tree of the translated query.

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Obj = { [k: string]: Json };

const isObj = (j: Json | undefined): j is Obj => typeof j === 'object' && j !== null && !Array.isArray(j);

/** DuckDB's parse tree of one statement (json_serialize_sql), as the engine keeps it. */
export type ParseTree = Json;

/** The first SELECT node of a query node: set operations take their names from the left-most branch. */
function firstSelect(node: Json | undefined): Obj | undefined {
  if (!isObj(node)) return undefined;
  if (node.type === 'SELECT_NODE') return node;
  if (node.type === 'SET_OPERATION_NODE') return firstSelect(node.left) ?? firstSelect(Array.isArray(node.children) ? node.children[0] : undefined);
  if (node.type === 'CTE_NODE' || node.type === 'RECURSIVE_CTE_NODE') return firstSelect(node.query ?? node.child);
  return undefined;
}

/**
 * Per result column, the Trino name when it differs from DuckDB's (undefined where DuckDB's name stands), or
 * undefined altogether when the select list has a `*` (positions are then unknown).
 */
export function trinoColumnNames(tree: ParseTree): (string | undefined)[] | undefined {
  if (!isObj(tree) || !Array.isArray(tree.statements)) return undefined;
  const stmt = tree.statements[0];
  const select = firstSelect(isObj(stmt) ? stmt.node : undefined);
  if (!select || !Array.isArray(select.select_list)) return undefined;
  const items = select.select_list.filter(isObj);
  if (items.some((e) => e.class === 'STAR' || e.type === 'STAR' || e.class === 'COLUMNS')) return undefined;
  return items.map((e, i) => (e.alias || e.class === 'COLUMN_REF' ? undefined : `_col${i}`));
}
