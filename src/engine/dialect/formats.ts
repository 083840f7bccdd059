// Datetime format patterns → DuckDB strftime/strptime patterns. Trino's date_format/date_parse
// take MySQL specifiers; format_datetime/parse_datetime (and Hive/Spark date_format) take
// Joda/Java letters. Unknown specifiers are refused, never passed through.
import { notSupported } from './errors.js';

const MYSQL: Record<string, string> = {
  a: '%a', b: '%b', c: '%-m', d: '%d', e: '%-d', f: '%f', H: '%H', h: '%I', I: '%I', i: '%M',
  j: '%j', k: '%-H', l: '%-I', M: '%B', m: '%m', p: '%p', r: '%I:%M:%S %p', S: '%S', s: '%S',
  T: '%H:%M:%S', v: '%V', W: '%A', x: '%G', Y: '%Y', y: '%y', '%': '%%',
};

/** MySQL-style `%Y-%m-%d %H:%i` → strftime. `parsing` drops the unpadded `%-x` forms strptime lacks. */
export function mysqlToStrftime(format: string, parsing = false): string {
  let out = '';
  for (let i = 0; i < format.length; i++) {
    const c = format[i]!;
    if (c !== '%') {
      out += c;
      continue;
    }
    const spec = format[++i];
    const mapped = spec === undefined ? undefined : MYSQL[spec];
    if (mapped === undefined) throw notSupported(`date format specifier %${spec ?? ''}`);
    out += parsing ? mapped.split('%-').join('%') : mapped;
  }
  return out;
}

/** Joda letter run → strftime, by letter and run length. */
function jodaRun(letter: string, n: number): string | undefined {
  switch (letter) {
    case 'y': case 'Y': case 'u': return n === 2 ? '%y' : '%Y';
    case 'x': return '%G';
    case 'M': return n >= 4 ? '%B' : n === 3 ? '%b' : n === 2 ? '%m' : '%-m';
    case 'd': return n >= 2 ? '%d' : '%-d';
    case 'D': return n >= 3 ? '%j' : '%-j';
    case 'H': return n >= 2 ? '%H' : '%-H';
    case 'h': return n >= 2 ? '%I' : '%-I';
    case 'm': return n >= 2 ? '%M' : '%-M';
    case 's': return n >= 2 ? '%S' : '%-S';
    case 'S': return n <= 3 ? '%g' : n <= 6 ? '%f' : '%n';
    case 'E': return n >= 4 ? '%A' : '%a';
    case 'e': return '%u';
    case 'a': return '%p';
    case 'w': return n >= 2 ? '%V' : '%-V';
    case 'Z': return '%z';
    case 'z': return '%Z';
    default: return undefined;
  }
}

const isLetter = (c: string): boolean => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');

/** Joda/Java `yyyy-MM-dd HH:mm` → strftime; quoted text is literal, `''` is a quote. */
export function jodaToStrftime(format: string, parsing = false): string {
  let out = '';
  let i = 0;
  while (i < format.length) {
    const c = format[i]!;
    if (c === "'") {
      if (format[i + 1] === "'") {
        out += "'";
        i += 2;
        continue;
      }
      const end = format.indexOf("'", i + 1);
      const text = end < 0 ? format.slice(i + 1) : format.slice(i + 1, end);
      out += text.split('%').join('%%');
      i = end < 0 ? format.length : end + 1;
      continue;
    }
    if (!isLetter(c)) {
      out += c === '%' ? '%%' : c;
      i++;
      continue;
    }
    let n = 1;
    while (format[i + n] === c) n++;
    const mapped = jodaRun(c, n);
    if (mapped === undefined) throw notSupported(`datetime format letter '${c}'`);
    out += parsing ? mapped.split('%-').join('%') : mapped;
    i += n;
  }
  return out;
}
