// Crawler schedules: Glue's cron(min hour day-of-month month day-of-week year), as CloudWatch Events writes
// them. Validated and stored; Lakestack does not fire crawlers on their schedule yet.
import { InvalidInputException } from '../../../aws/generated/glue/errors.js';

const MONTHS = 'JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC';
const DAYS = 'SUN|MON|TUE|WED|THU|FRI|SAT';

/** Each field's grammar: lists of values, ranges and increments, plus the field's own specials. */
function field(value: string, min: number, max: number, names = '', special = ''): boolean {
  const atom = `(?:\\d+|${names || '\\d+'})`;
  const re = new RegExp(`^(?:\\*|${atom}(?:-${atom})?)(?:/\\d+)?$`, 'i');
  return value.split(',').every((part) => {
    if (special && new RegExp(`^(?:${special})$`, 'i').test(part)) return true;
    if (!re.test(part)) return false;
    return (part.match(/\d+/g) ?? []).every((n, i, all) => {
      // The step after '/' is not bounded by the field's range.
      const isStep = part.includes('/') && i === all.length - 1;
      return isStep || (Number(n) >= min && Number(n) <= max);
    });
  });
}

/** Checks a schedule expression; throws Glue's InvalidInputException when it is not a valid cron(). */
export function validateSchedule(expression: string): void {
  const m = /^cron\((.*)\)$/.exec(expression.trim());
  const f = m ? m[1]!.trim().split(/\s+/) : [];
  const bad = () => new InvalidInputException(`Schedule expression is not valid: ${expression}`);
  if (f.length !== 6) throw bad();
  const [min, hour, dom, month, dow, year] = f as [string, string, string, string, string, string];
  const ok =
    field(min, 0, 59) &&
    field(hour, 0, 23) &&
    (dom === '?' || field(dom, 1, 31, '', 'L|LW|\\d+W')) &&
    field(month, 1, 12, `${MONTHS}|\\d+`) &&
    (dow === '?' || field(dow, 1, 7, `${DAYS}|\\d+`, '\\d#\\d|\\d?L')) &&
    field(year, 1970, 2199);
  // Exactly one of day-of-month and day-of-week must be '?', as in CloudWatch Events.
  if (!ok || (dom === '?') === (dow === '?')) throw bad();
}
