// Label selectors (equality- and set-based, k8s.io/apimachinery/pkg/labels) and field selectors
// (k8s.io/apimachinery/pkg/fields), parsed once per request into predicates.
import { Errors } from './status.js';

export type LabelPredicate = (labels: Record<string, string> | undefined) => boolean;
export type FieldPredicate = (fields: Record<string, string>) => boolean;

interface Requirement {
  key: string;
  op: 'in' | 'notin' | 'exists' | '!' | '=' | '!=' | 'gt' | 'lt';
  values: string[];
}

const KEY = /^([a-z0-9A-Z]([a-z0-9A-Z._-]*[a-z0-9A-Z])?\/)?[a-zA-Z0-9]([a-zA-Z0-9._-]{0,61}[a-zA-Z0-9])?$/;
const VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9])?$/;

/** Splits on commas that are not inside parentheses. */
function splitTop(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of s) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out.map((x) => x.trim()).filter((x) => x !== '');
}

function bad(selector: string, why: string): never {
  throw Errors.badRequest(`unable to parse requirement: ${why}`.replace('%s', selector));
}

function checkKey(key: string, sel: string): void {
  if (!KEY.test(key)) bad(sel, `<nil>: Invalid value: ${JSON.stringify(key)}: name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character`);
}

function checkValue(v: string, sel: string): void {
  if (!VALUE.test(v) || v.length > 63) bad(sel, `values[0][${v}]: Invalid value: ${JSON.stringify(v)}: a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character`);
}

function parseRequirement(part: string, sel: string): Requirement {
  let m = /^(\S+)\s+(in|notin)\s*\(([^)]*)\)$/.exec(part);
  if (m) {
    const values = m[3]!.split(',').map((v) => v.trim());
    checkKey(m[1]!, sel);
    values.forEach((v) => checkValue(v, sel));
    return { key: m[1]!, op: m[2] as 'in' | 'notin', values };
  }
  m = /^!\s*(\S+)$/.exec(part);
  if (m) {
    checkKey(m[1]!, sel);
    return { key: m[1]!, op: '!', values: [] };
  }
  m = /^([^=!<>\s]+)\s*(==|=|!=|<|>)\s*(\S*)$/.exec(part);
  if (m) {
    checkKey(m[1]!, sel);
    const op = m[2] === '!=' ? '!=' : m[2] === '<' ? 'lt' : m[2] === '>' ? 'gt' : '=';
    if (op === 'lt' || op === 'gt') {
      if (!/^-?\d+$/.test(m[3]!)) bad(sel, `for 'Gt', 'Lt' operators, the value must be an integer`);
    } else checkValue(m[3]!, sel);
    return { key: m[1]!, op, values: [m[3]!] };
  }
  if (/^\S+$/.test(part)) {
    checkKey(part, sel);
    return { key: part, op: 'exists', values: [] };
  }
  return bad(sel, `found '${part}', expected: in, notin, =, ==, !=, gt, lt`);
}

export function parseLabelSelector(selector: string | null | undefined): LabelPredicate | null {
  if (!selector || !selector.trim()) return null;
  const reqs = splitTop(selector).map((p) => parseRequirement(p, selector));
  return (labels) => {
    const l = labels ?? {};
    for (const r of reqs) {
      const has = Object.prototype.hasOwnProperty.call(l, r.key);
      const v = l[r.key];
      switch (r.op) {
        case 'exists':
          if (!has) return false;
          break;
        case '!':
          if (has) return false;
          break;
        case '=':
        case 'in':
          if (!has || !r.values.includes(v!)) return false;
          break;
        case '!=':
        case 'notin':
          if (has && r.values.includes(v!)) return false;
          break;
        case 'gt':
        case 'lt': {
          if (!has || !/^-?\d+$/.test(v!)) return false;
          const n = Number(v);
          const bound = Number(r.values[0]);
          if (r.op === 'gt' ? !(n > bound) : !(n < bound)) return false;
        }
      }
    }
    return true;
  };
}

/** `names` are the fields the kind supports; anything else is upstream's 400. */
export function parseFieldSelector(selector: string | null | undefined, names: readonly string[]): FieldPredicate | null {
  if (!selector || !selector.trim()) return null;
  const terms: Array<{ field: string; neg: boolean; value: string }> = [];
  for (const part of splitTop(selector)) {
    const m = /^([^=!]+?)\s*(==|=|!=)\s*(.*)$/.exec(part);
    if (!m) throw Errors.badRequest(`invalid selector: '${selector}'; can't understand '${part}'`);
    const field = m[1]!.trim();
    if (!names.includes(field)) {
      throw Errors.badRequest(`field label not supported: ${field}`);
    }
    terms.push({ field, neg: m[2] === '!=', value: m[3]!.trim() });
  }
  return (fields) => terms.every((t) => ((fields[t.field] ?? '') === t.value) !== t.neg);
}

/** The `metadata.name=x` term of a field selector, if it pins one name (lets get/watch narrow the key). */
export function pinnedName(selector: string | null | undefined): string | null {
  if (!selector) return null;
  for (const part of splitTop(selector)) {
    const m = /^metadata\.name\s*==?\s*(\S+)$/.exec(part);
    if (m) return m[1]!;
  }
  return null;
}
