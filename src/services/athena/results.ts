// Query results as Athena keeps them: `<id>.csv` in the output location (every value quoted, `""` for a quote,
// NULL as nothing between the commas, a header row), `<id>.txt` for DDL output (one row a line, tab-separated),
// and GetQueryResults pages over them with ColumnInfo typed as Athena types it.
import type * as T from '../../aws/generated/athena/shapes.js';
import type { EngineColumn, EngineValue } from '../../engine/engine.js';

export function csvLine(values: readonly EngineValue[]): string {
  return `${values.map((v) => (v === null ? '' : `"${v.replace(/"/g, '""')}"`)).join(',')}\n`;
}

export function txtLine(values: readonly EngineValue[]): string {
  return `${values.map((v) => v ?? '').join('\t')}\n`;
}

/** Parses Athena's CSV back into rows: quoted values are strings, an empty unquoted field is NULL. */
export function parseCsv(text: string): EngineValue[][] {
  const rows: EngineValue[][] = [];
  let row: EngineValue[] = [];
  let i = 0;
  while (i < text.length) {
    let value: EngineValue;
    if (text[i] === '"') {
      let v = '';
      i++;
      for (;;) {
        const q = text.indexOf('"', i);
        if (q < 0) { v += text.slice(i); i = text.length; break; }
        v += text.slice(i, q);
        if (text[q + 1] === '"') { v += '"'; i = q + 2; } else { i = q + 1; break; }
      }
      value = v;
    } else {
      let end = i;
      while (end < text.length && text[end] !== ',' && text[end] !== '\n') end++;
      value = end === i ? null : text.slice(i, end);
      i = end;
    }
    row.push(value);
    if (text[i] === ',') i++;
    else {
      rows.push(row);
      row = [];
      if (text[i] === '\n') i++;
    }
  }
  return rows;
}

export function parseTxt(text: string, columnCount: number): EngineValue[][] {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  // DDL output with one column keeps its tabs (DESCRIBE lines are tab-aligned text).
  return lines.map((l) => (columnCount > 1 ? l.split('\t') : [l]));
}

export function columnInfo(c: EngineColumn): T.ColumnInfo {
  return {
    CatalogName: 'hive',
    SchemaName: '',
    TableName: '',
    Name: c.name,
    Label: c.name,
    Type: c.type,
    Precision: c.precision,
    Scale: c.scale,
    Nullable: 'UNKNOWN',
    CaseSensitive: c.type === 'varchar' || c.type === 'string',
  };
}

/**
 * The `.metadata` file beside a CSV result. Athena's own is a binary protobuf that only its drivers read;
 * ours holds the same facts (columns and their types) as JSON.
 */
export function metadataDocument(columns: EngineColumn[], rows: number): string {
  return JSON.stringify({ columnInfo: columns.map(columnInfo), rowCount: rows });
}
