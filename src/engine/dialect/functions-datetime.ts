// Trino date/time functions → DuckDB. Trino keeps DATE for date arithmetic on dates and counts
// whole units in date_diff; DuckDB widens to TIMESTAMP and counts boundaries, hence the casts
// and `datesub`. Format patterns are converted, never passed through.
import { type Node, template, stringLiteral, str } from './ast.js';
import { notSupported } from './errors.js';
import { jodaToStrftime, mysqlToStrftime } from './formats.js';
import { staticType, DATE_UNITS } from './static-types.js';
import { DUCK, type RewriteTable } from './rewrite-types.js';

const UNITS: Record<string, string> = {
  millisecond: 'MILLISECOND', second: 'SECOND', minute: 'MINUTE', hour: 'HOUR', day: 'DAY',
  week: 'WEEK', month: 'MONTH', quarter: 'QUARTER', year: 'YEAR',
};

function unitOf(arg: Node | undefined, fnName: string): string {
  const unit = stringLiteral(arg)?.toLowerCase();
  if (!unit || !UNITS[unit]) throw notSupported(`${fnName} unit ${unit ?? '(not a literal)'}`);
  return unit;
}

/** Keeps Trino's DATE result when a date-typed operand moves by whole days or more. */
function keepDate(result: Node, operand: Node, unit: string): Node {
  return staticType(operand) === 'date' && DATE_UNITS.has(unit) ? template('CAST($0 AS DATE)', [result]) : result;
}

function formatArg(arg: Node | undefined, convert: (f: string) => string, fnName: string): Node {
  const f = stringLiteral(arg);
  if (f === null) throw notSupported(`${fnName} with a non-literal format`);
  return str(convert(f));
}

export const DATETIME_REWRITES: RewriteTable = {
  date_add: ([u, n, d]) => {
    const unit = unitOf(u, 'date_add');
    // `n * INTERVAL '1' unit` accepts any integer expression; quarters are three months.
    const step = unit === 'quarter' ? "($0) * INTERVAL '3' MONTH" : `($0) * INTERVAL '1' ${UNITS[unit]}`;
    return keepDate(template(`$1 + ${step}`, [n!, d!]), d!, unit);
  },
  date_diff: ([u, a, b]) => template(`${DUCK}datesub('${unitOf(u, 'date_diff')}', $0, $1)`, [a!, b!]),
  date_trunc: ([u, d]) => {
    const unit = stringLiteral(u)?.toLowerCase() ?? '';
    return staticType(d!) === 'date' && DATE_UNITS.has(unit)
      ? template(`CAST(${DUCK}date_trunc($0, $1) AS DATE)`, [u!, d!])
      : null;
  },
  day_of_week: ([d]) => template(`${DUCK}isodow($0)`, [d!]),
  dow: ([d]) => template(`${DUCK}isodow($0)`, [d!]),
  day_of_year: ([d]) => template(`${DUCK}dayofyear($0)`, [d!]),
  doy: ([d]) => template(`${DUCK}dayofyear($0)`, [d!]),
  week: ([d]) => template(`${DUCK}weekofyear($0)`, [d!]),
  week_of_year: ([d]) => template(`${DUCK}weekofyear($0)`, [d!]),
  year_of_week: ([d]) => template(`${DUCK}isoyear($0)`, [d!]),
  yow: ([d]) => template(`${DUCK}isoyear($0)`, [d!]),
  day_of_month: ([d]) => template(`${DUCK}day($0)`, [d!]),
  // DuckDB's millisecond() includes the seconds.
  millisecond: ([d]) => template(`${DUCK}millisecond($0) % 1000`, [d!]),
  last_day_of_month: ([d]) => template(`CAST(${DUCK}last_day($0) AS DATE)`, [d!]),
  from_unixtime: ([x, tz]) => {
    if (tz) throw notSupported('from_unixtime with a time zone');
    return template(`${DUCK}to_timestamp($0)`, [x!]);
  },
  to_unixtime: ([t]) => template(`${DUCK}epoch($0)`, [t!]),
  to_milliseconds: ([i]) => template(`CAST(${DUCK}epoch($0) * 1000 AS BIGINT)`, [i!]),
  to_seconds: ([i]) => template(`CAST(${DUCK}epoch($0) AS BIGINT)`, [i!]),
  date_format: ([t, f]) => template(`${DUCK}strftime($0, $1)`, [t!, formatArg(f, (s) => mysqlToStrftime(s), 'date_format')]),
  format_datetime: ([t, f]) => template(`${DUCK}strftime($0, $1)`, [t!, formatArg(f, (s) => jodaToStrftime(s), 'format_datetime')]),
  date_parse: ([s, f]) => template(`${DUCK}strptime($0, $1)`, [s!, formatArg(f, (x) => mysqlToStrftime(x, true), 'date_parse')]),
  parse_datetime: ([s, f]) =>
    template(`CAST(${DUCK}strptime($0, $1) AS TIMESTAMP WITH TIME ZONE)`, [s!, formatArg(f, (x) => jodaToStrftime(x, true), 'parse_datetime')]),
  date: ([x]) => template('CAST($0 AS DATE)', [x!]),
  from_iso8601_date: ([x]) => template('CAST($0 AS DATE)', [x!]),
  from_iso8601_timestamp: ([x]) => template('CAST($0 AS TIMESTAMP WITH TIME ZONE)', [x!]),
  to_iso8601: ([x]) =>
    staticType(x!) === 'date'
      ? template('CAST($0 AS VARCHAR)', [x!])
      : template(`${DUCK}strftime($0, '%Y-%m-%dT%H:%M:%S.%g')`, [x!]),
  human_readable_seconds: () => {
    throw notSupported('human_readable_seconds');
  },
};

/** `DATE '…' ± INTERVAL '…' DAY` stays a DATE in Trino. */
export function dateIntervalArith(node: Node, left: Node, right: Node): Node | null {
  if (staticType(left) !== 'date') return null;
  const iv = right.interval as { unit?: { unit?: string } } | undefined;
  const unit = iv?.unit?.unit?.toLowerCase();
  if (!unit || !DATE_UNITS.has(unit)) return null;
  return template('CAST($0 AS DATE)', [node]);
}
