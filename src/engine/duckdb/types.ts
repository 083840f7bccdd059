// Types across the boundary: Hive/Glue column types (`decimal(15,2)`, `array<struct<a:int>>`) → DuckDB types
// for reading, DuckDB result types → the names and precision/scale Athena reports in ColumnInfo, and DuckDB
// values → the text Athena puts in results (Java's double rendering, `[a, b]` arrays, `{k=v}` maps and rows).
import {
  DuckDBDecimalValue, DuckDBListValue, DuckDBArrayValue, DuckDBMapValue, DuckDBStructValue, DuckDBBlobValue,
  DuckDBTimestampValue, DuckDBTimestampMillisecondsValue, DuckDBTimestampSecondsValue, DuckDBTimestampNanosecondsValue,
  DuckDBTimestampTZValue, DuckDBTypeId,
  type DuckDBType, type DuckDBValue, DuckDBDecimalType, DuckDBListType, DuckDBArrayType, DuckDBMapType, DuckDBStructType,
} from '@duckdb/node-api';
import type { EngineColumn, EngineValue } from '../engine.js';
import { EngineError } from '../engine.js';

/** A parsed Hive type. */
export type HiveType =
  | { kind: 'primitive'; name: string; args: number[] }
  | { kind: 'array'; element: HiveType }
  | { kind: 'map'; key: HiveType; value: HiveType }
  | { kind: 'struct'; fields: { name: string; type: HiveType }[] };

/** Parses a Glue column type (`bigint`, `varchar(10)`, `map<string,array<int>>`, `struct<a:int,b:string>`). */
export function parseHiveType(text: string): HiveType {
  let i = 0;
  const s = text.trim();
  const ws = () => { while (s[i] === ' ') i++; };
  const ident = (): string => {
    ws();
    const start = i;
    while (i < s.length && /[A-Za-z0-9_$`]/.test(s[i]!)) i++;
    if (start === i) throw new EngineError('NOT_SUPPORTED', `Unsupported Hive type: ${text}`);
    return s.slice(start, i).replace(/`/g, '');
  };
  const expect = (c: string) => {
    ws();
    if (s[i] !== c) throw new EngineError('NOT_SUPPORTED', `Unsupported Hive type: ${text}`);
    i++;
  };
  const type = (): HiveType => {
    const name = ident().toLowerCase();
    ws();
    if (name === 'array') { expect('<'); const element = type(); expect('>'); return { kind: 'array', element }; }
    if (name === 'map') { expect('<'); const key = type(); expect(','); const value = type(); expect('>'); return { kind: 'map', key, value }; }
    if (name === 'struct') {
      expect('<');
      const fields: { name: string; type: HiveType }[] = [];
      for (;;) {
        const fname = ident();
        expect(':');
        fields.push({ name: fname, type: type() });
        ws();
        if (s[i] === ',') { i++; continue; }
        expect('>');
        return { kind: 'struct', fields };
      }
    }
    const args: number[] = [];
    if (s[i] === '(') {
      i++;
      for (;;) {
        ws();
        const start = i;
        while (/[0-9]/.test(s[i] ?? '')) i++;
        args.push(Number(s.slice(start, i)));
        ws();
        if (s[i] === ',') { i++; continue; }
        expect(')');
        break;
      }
    }
    return { kind: 'primitive', name, args };
  };
  const t = type();
  ws();
  if (i !== s.length) throw new EngineError('NOT_SUPPORTED', `Unsupported Hive type: ${text}`);
  return t;
}

const quoteIdent = (s: string) => `"${s.replace(/"/g, '""')}"`;

/** The DuckDB type a Hive type reads as. */
export function duckdbType(t: HiveType): string {
  switch (t.kind) {
    case 'array': return `${duckdbType(t.element)}[]`;
    case 'map': return `MAP(${duckdbType(t.key)}, ${duckdbType(t.value)})`;
    case 'struct': return `STRUCT(${t.fields.map((f) => `${quoteIdent(f.name)} ${duckdbType(f.type)}`).join(', ')})`;
    case 'primitive':
      switch (t.name) {
        case 'string': case 'varchar': case 'char': return 'VARCHAR';
        case 'tinyint': return 'TINYINT';
        case 'smallint': return 'SMALLINT';
        case 'int': case 'integer': return 'INTEGER';
        case 'bigint': return 'BIGINT';
        case 'float': case 'real': return 'FLOAT';
        case 'double': return 'DOUBLE';
        case 'boolean': return 'BOOLEAN';
        case 'date': return 'DATE';
        case 'timestamp': return 'TIMESTAMP';
        case 'binary': case 'varbinary': return 'BLOB';
        case 'decimal': case 'numeric': return `DECIMAL(${t.args[0] ?? 10}, ${t.args[1] ?? 0})`;
        default: throw new EngineError('NOT_SUPPORTED', `Unsupported Hive type: ${t.name}`);
      }
  }
}

/** The Hive type name Glue stores for a DuckDB result type (CTAS registers its columns with these). */
export function hiveTypeOf(t: DuckDBType): string {
  switch (t.typeId) {
    case DuckDBTypeId.VARCHAR: case DuckDBTypeId.UUID: case DuckDBTypeId.ENUM: return 'string';
    case DuckDBTypeId.BOOLEAN: return 'boolean';
    case DuckDBTypeId.TINYINT: return 'tinyint';
    case DuckDBTypeId.SMALLINT: case DuckDBTypeId.UTINYINT: return 'smallint';
    case DuckDBTypeId.INTEGER: case DuckDBTypeId.USMALLINT: return 'int';
    case DuckDBTypeId.BIGINT: case DuckDBTypeId.UINTEGER: return 'bigint';
    case DuckDBTypeId.FLOAT: return 'float';
    case DuckDBTypeId.DOUBLE: return 'double';
    case DuckDBTypeId.DATE: return 'date';
    case DuckDBTypeId.TIMESTAMP: case DuckDBTypeId.TIMESTAMP_MS: case DuckDBTypeId.TIMESTAMP_S: case DuckDBTypeId.TIMESTAMP_NS: case DuckDBTypeId.TIMESTAMP_TZ: return 'timestamp';
    case DuckDBTypeId.BLOB: return 'binary';
    case DuckDBTypeId.DECIMAL: { const d = t as DuckDBDecimalType; return `decimal(${d.width},${d.scale})`; }
    case DuckDBTypeId.HUGEINT: case DuckDBTypeId.UBIGINT: case DuckDBTypeId.UHUGEINT: return 'decimal(38,0)';
    case DuckDBTypeId.LIST: return `array<${hiveTypeOf((t as DuckDBListType).valueType)}>`;
    case DuckDBTypeId.ARRAY: return `array<${hiveTypeOf((t as DuckDBArrayType).valueType)}>`;
    case DuckDBTypeId.MAP: { const m = t as DuckDBMapType; return `map<${hiveTypeOf(m.keyType)},${hiveTypeOf(m.valueType)}>`; }
    case DuckDBTypeId.STRUCT: { const s = t as DuckDBStructType; return `struct<${s.entryNames.map((n, i) => `${n}:${hiveTypeOf(s.entryTypes[i]!)}`).join(',')}>`; }
    default: return 'string';
  }
}

/** Trino's name for a DuckDB type, in full (`decimal(15,2)`, `array(varchar)`, `row(a integer)`). */
function trinoType(t: DuckDBType): string {
  switch (t.typeId) {
    case DuckDBTypeId.DECIMAL: { const d = t as DuckDBDecimalType; return `decimal(${d.width},${d.scale})`; }
    case DuckDBTypeId.LIST: return `array(${trinoType((t as DuckDBListType).valueType)})`;
    case DuckDBTypeId.ARRAY: return `array(${trinoType((t as DuckDBArrayType).valueType)})`;
    case DuckDBTypeId.MAP: { const m = t as DuckDBMapType; return `map(${trinoType(m.keyType)}, ${trinoType(m.valueType)})`; }
    case DuckDBTypeId.STRUCT: { const s = t as DuckDBStructType; return `row(${s.entryNames.map((n, i) => `${n} ${trinoType(s.entryTypes[i]!)}`).join(', ')})`; }
    default: return BASE_NAMES[t.typeId] ?? 'varchar';
  }
}

const BASE_NAMES: Partial<Record<DuckDBTypeId, string>> = {
  [DuckDBTypeId.BOOLEAN]: 'boolean', [DuckDBTypeId.TINYINT]: 'tinyint', [DuckDBTypeId.SMALLINT]: 'smallint',
  [DuckDBTypeId.INTEGER]: 'integer', [DuckDBTypeId.BIGINT]: 'bigint', [DuckDBTypeId.UTINYINT]: 'smallint',
  [DuckDBTypeId.USMALLINT]: 'integer', [DuckDBTypeId.UINTEGER]: 'bigint', [DuckDBTypeId.UBIGINT]: 'decimal(20,0)',
  [DuckDBTypeId.HUGEINT]: 'decimal(38,0)', [DuckDBTypeId.UHUGEINT]: 'decimal(38,0)', [DuckDBTypeId.FLOAT]: 'real',
  [DuckDBTypeId.DOUBLE]: 'double', [DuckDBTypeId.VARCHAR]: 'varchar', [DuckDBTypeId.BLOB]: 'varbinary',
  [DuckDBTypeId.DATE]: 'date', [DuckDBTypeId.TIME]: 'time', [DuckDBTypeId.TIMESTAMP]: 'timestamp',
  [DuckDBTypeId.TIMESTAMP_MS]: 'timestamp', [DuckDBTypeId.TIMESTAMP_S]: 'timestamp', [DuckDBTypeId.TIMESTAMP_NS]: 'timestamp',
  [DuckDBTypeId.TIMESTAMP_TZ]: 'timestamp with time zone', [DuckDBTypeId.INTERVAL]: 'interval day to second',
  [DuckDBTypeId.UUID]: 'uuid', [DuckDBTypeId.ENUM]: 'varchar', [DuckDBTypeId.SQLNULL]: 'unknown',
};

/** Precision Athena reports per type (the JDBC column sizes Trino uses). */
const PRECISION: Record<string, number> = {
  varchar: 2147483647, varbinary: 2147483647, bigint: 19, integer: 10, smallint: 5, tinyint: 3, double: 17, real: 7,
  boolean: 0, date: 0, timestamp: 3, 'timestamp with time zone': 3, time: 3, uuid: 0,
};

export function columnOf(name: string, t: DuckDBType): EngineColumn {
  const fullType = trinoType(t);
  const base = fullType.replace(/\(.*$/, '');
  if (t.typeId === DuckDBTypeId.DECIMAL) {
    const d = t as DuckDBDecimalType;
    return { name, type: 'decimal', fullType, precision: d.width, scale: d.scale };
  }
  return { name, type: base, fullType, precision: PRECISION[base] ?? 0, scale: 0 };
}

/** Java's Double.toString, which Trino (and so Athena) uses for double and real values. */
export function javaDouble(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? 'Infinity' : '-Infinity';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const abs = Math.abs(x);
  if (abs >= 1e-3 && abs < 1e7) {
    const s = String(x);
    return s.includes('.') ? s : `${s}.0`;
  }
  const [mant, exp] = x.toExponential().split('e') as [string, string];
  return `${mant.includes('.') ? mant : `${mant}.0`}E${Number(exp)}`;
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

function timestampText(micros: bigint): string {
  const ms = Number(micros / 1000n);
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)}`;
}

/** A value as Athena prints it; `nested` renders inside arrays, maps and rows (no quoting, as Trino). */
export function formatValue(v: DuckDBValue, t?: DuckDBType): EngineValue {
  if (v === null) return null;
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') {
    if (t && (t.typeId === DuckDBTypeId.DOUBLE || t.typeId === DuckDBTypeId.FLOAT)) return javaDouble(v);
    return String(v);
  }
  if (typeof v === 'bigint' || typeof v === 'string') return String(v);
  if (v instanceof DuckDBDecimalValue) return v.toString();
  if (v instanceof DuckDBTimestampValue || v instanceof DuckDBTimestampTZValue) return timestampText(v.micros);
  if (v instanceof DuckDBTimestampMillisecondsValue) return timestampText(v.millis * 1000n);
  if (v instanceof DuckDBTimestampSecondsValue) return timestampText(v.seconds * 1_000_000n);
  if (v instanceof DuckDBTimestampNanosecondsValue) return timestampText(v.nanos / 1000n);
  const elem = (x: DuckDBValue, et?: DuckDBType) => formatValue(x, et) ?? 'null';
  if (v instanceof DuckDBListValue || v instanceof DuckDBArrayValue) {
    const et = t && (t.typeId === DuckDBTypeId.LIST || t.typeId === DuckDBTypeId.ARRAY) ? (t as DuckDBListType).valueType : undefined;
    return `[${v.items.map((x) => elem(x, et)).join(', ')}]`;
  }
  if (v instanceof DuckDBMapValue) {
    const mt = t?.typeId === DuckDBTypeId.MAP ? (t as DuckDBMapType) : undefined;
    return `{${v.entries.map((e) => `${elem(e.key, mt?.keyType)}=${elem(e.value, mt?.valueType)}`).join(', ')}}`;
  }
  if (v instanceof DuckDBStructValue) {
    const st = t?.typeId === DuckDBTypeId.STRUCT ? (t as DuckDBStructType) : undefined;
    return `{${Object.entries(v.entries).map(([k, x]) => `${k}=${elem(x, st ? st.entryTypes[st.entryIndexes[k] ?? -1] : undefined)}`).join(', ')}}`;
  }
  if (v instanceof DuckDBBlobValue) return [...v.bytes].map((b) => b.toString(16).padStart(2, '0')).join(' ');
  return v.toString();
}
