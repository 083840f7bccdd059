// Partition projection: a table with `projection.enabled` = true has no partitions in the catalog; Athena computes
// them from the table's `projection.<key>.*` properties (integer ranges, enums, date ranges, injected values)
// and places them with `storage.location.template`. The WHERE clause's constraints narrow each key before the
// product is taken, as Athena does, and injected keys must be constrained to values.
import type { Table } from '../catalog.js';
import { EngineError } from '../engine.js';
import { partitionMatches, type Constraint } from './pruning.js';

/** Products larger than this are refused rather than listed (Athena caps projected partitions too). */
const MAX_PARTITIONS = 1_000_000;

export function projectionEnabled(t: Table): boolean {
  return (t.Parameters?.['projection.enabled'] ?? '').toLowerCase() === 'true';
}

function projectionError(message: string): EngineError {
  return new EngineError('HIVE_BAD_DATA', `HIVE_METASTORE_ERROR: Failed to project partitions: ${message}`);
}

const UNIT_MS: Record<string, number> = { SECONDS: 1000, MINUTES: 60_000, HOURS: 3_600_000, DAYS: 86_400_000, WEEKS: 7 * 86_400_000 };

function addUnits(d: Date, n: number, unit: string): Date {
  const u = unit.toUpperCase();
  const out = new Date(d.getTime());
  if (u === 'MONTHS') out.setUTCMonth(out.getUTCMonth() + n);
  else if (u === 'YEARS') out.setUTCFullYear(out.getUTCFullYear() + n);
  else if (UNIT_MS[u]) out.setTime(out.getTime() + n * UNIT_MS[u]!);
  else throw projectionError(`unknown interval unit ${unit}`);
  return out;
}

const pad = (n: number, w: number) => String(n).padStart(w, '0');

/** Formats a date with a Java pattern's common letters (yyyy, MM, dd, HH, mm, ss); quoted text is literal. */
function formatDate(d: Date, pattern: string): string {
  return pattern.replace(/'([^']*)'|y+|M+|d+|H+|m+|s+/g, (m, lit: string | undefined) => {
    if (lit !== undefined) return lit;
    switch (m[0]) {
      case 'y': return m.length === 2 ? pad(d.getUTCFullYear() % 100, 2) : pad(d.getUTCFullYear(), 4);
      case 'M': return pad(d.getUTCMonth() + 1, m.length);
      case 'd': return pad(d.getUTCDate(), m.length);
      case 'H': return pad(d.getUTCHours(), m.length);
      case 'm': return pad(d.getUTCMinutes(), m.length);
      default: return pad(d.getUTCSeconds(), m.length);
    }
  });
}

/** Parses a date written in the projection's format back (for range ends), or NOW[+-N UNIT]. */
function parseDateEnd(text: string, pattern: string, now: Date): Date {
  const rel = /^NOW(?:\s*([+-])\s*(\d+)\s*([A-Z]+))?$/i.exec(text.trim());
  if (rel) return rel[1] ? addUnits(now, (rel[1] === '-' ? -1 : 1) * Number(rel[2]), rel[3]!.toUpperCase().replace(/S?$/, 'S')) : now;
  const parts: Record<string, number> = { y: 1970, M: 1, d: 1, H: 0, m: 0, s: 0 };
  let i = 0;
  for (const tok of pattern.match(/'[^']*'|y+|M+|d+|H+|m+|s+|./g) ?? []) {
    if (tok.startsWith("'")) { i += tok.length - 2; continue; }
    if (/^[yMdHms]/.test(tok)) {
      const digits = /^\d+/.exec(text.slice(i))?.[0].slice(0, tok[0] === 'y' && tok.length === 4 ? 4 : tok.length) ?? '';
      if (!digits) throw projectionError(`range value '${text}' does not match format '${pattern}'`);
      parts[tok[0]!] = Number(digits);
      i += digits.length;
    } else i += tok.length;
  }
  return new Date(Date.UTC(parts.y!, parts.M! - 1, parts.d!, parts.H!, parts.m!, parts.s!));
}

function valuesOf(t: Table, key: string, constraints: Constraint[], now: Date): string[] {
  const p = (name: string) => t.Parameters?.[`projection.${key}.${name}`];
  const type = (p('type') ?? '').toLowerCase();
  switch (type) {
    case 'enum':
      return (p('values') ?? '').split(',').map((v) => v.trim()).filter(Boolean);
    case 'integer': {
      const [lo, hi] = (p('range') ?? '').split(',').map((v) => Number(v.trim()));
      if (!Number.isInteger(lo) || !Number.isInteger(hi)) throw projectionError(`projection.${key}.range must be two integers`);
      const step = Number(p('interval') ?? 1) || 1;
      const digits = Number(p('digits') ?? 0);
      const out: string[] = [];
      for (let v = lo!; v <= hi!; v += step) out.push(digits ? pad(v, digits) : String(v));
      return out;
    }
    case 'date': {
      const format = p('format');
      const range = (p('range') ?? '').split(',');
      if (!format || range.length !== 2) throw projectionError(`projection.${key}.format and .range are required`);
      const unit = (p('interval.unit') ?? (/H/.test(format) ? 'HOURS' : 'DAYS')).toUpperCase();
      const step = Number(p('interval') ?? 1) || 1;
      const end = parseDateEnd(range[1]!, format, now);
      const out: string[] = [];
      for (let d = parseDateEnd(range[0]!, format, now); d <= end; d = addUnits(d, step, unit)) {
        out.push(formatDate(d, format));
        if (out.length > MAX_PARTITIONS) throw projectionError(`too many values for ${key}`);
      }
      return out;
    }
    case 'injected': {
      const fixed = constraints.filter((c) => c.op === '=' || c.op === 'in').flatMap((c) => c.values);
      if (!fixed.length) {
        throw projectionError(`column '${key}' is an injected projection column and must be constrained to values with = or IN in the WHERE clause`);
      }
      return [...new Set(fixed)];
    }
    default:
      throw projectionError(`projection.${key}.type '${type}' is not one of integer, enum, date, injected`);
  }
}

export interface ProjectedPartition {
  values: string[];
  location: string;
}

/** The partitions a projected table has under the query's constraints, with their locations. */
export function projectPartitions(t: Table, constraints: Constraint[], numericKeys: Set<string>, now: Date): ProjectedPartition[] {
  const keys = (t.PartitionKeys ?? []).map((k) => k.Name.toLowerCase());
  let combos: string[][] = [[]];
  for (const key of keys) {
    const own = constraints.filter((c) => c.column === key);
    const vals = valuesOf(t, key, own, now).filter((v) => partitionMatches({ [key]: v }, own, numericKeys));
    if (combos.length * vals.length > MAX_PARTITIONS) throw projectionError(`more than ${MAX_PARTITIONS} partitions would be read; constrain the partition keys in the WHERE clause`);
    combos = combos.flatMap((c) => vals.map((v) => [...c, v]));
  }
  const template = t.Parameters?.['storage.location.template'];
  const base = (t.StorageDescriptor?.Location ?? '').replace(/\/?$/, '/');
  return combos.map((values) => {
    let location: string;
    if (template) {
      location = template;
      keys.forEach((k, i) => (location = location.split(`\${${k}}`).join(values[i]!)));
    } else {
      location = `${base}${keys.map((k, i) => `${k}=${values[i]}`).join('/')}/`;
    }
    return { values, location };
  });
}
