// Glue's partition predicate language (GetPartitions Expression), the SQL WHERE subset Glue documents:
//   year = '2024' AND month IN ('01','02') OR (day BETWEEN 1 AND 9 AND NOT region LIKE 'eu-%') OR x IS NULL
// Values compare as the partition key's type: numerically for integer/decimal keys, as strings otherwise
// (dates and timestamps in their ISO spelling sort correctly as strings). Parsed once, evaluated per partition.
import { InvalidInputException } from '../../aws/generated/glue/errors.js';

type Operand = { kind: 'column'; name: string } | { kind: 'literal'; value: string; numeric: boolean } | { kind: 'null' };

export type Predicate =
  | { op: 'and' | 'or'; left: Predicate; right: Predicate }
  | { op: 'not'; inner: Predicate }
  | { op: 'cmp'; cmp: '=' | '<>' | '<' | '<=' | '>' | '>='; left: Operand; right: Operand }
  | { op: 'between'; value: Operand; low: Operand; high: Operand; negated: boolean }
  | { op: 'in'; value: Operand; list: Operand[]; negated: boolean }
  | { op: 'like'; value: Operand; pattern: Operand; negated: boolean }
  | { op: 'isnull'; value: Operand; negated: boolean };

interface Token {
  type: 'ident' | 'string' | 'number' | 'op' | 'punct' | 'end';
  text: string;
  pos: number;
}

const KEYWORDS = new Set(['AND', 'OR', 'NOT', 'IN', 'BETWEEN', 'LIKE', 'IS', 'NULL']);

function invalid(message: string): InvalidInputException {
  return new InvalidInputException(message);
}

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (/\s/.test(c)) { i++; continue; }
    const start = i;
    if (c === "'" || c === '"') {
      // A quote doubled inside a literal stands for itself, as in SQL.
      let text = '';
      i++;
      for (;;) {
        if (i >= src.length) throw invalid(`Unterminated string literal at position ${start} in expression: ${src}`);
        if (src[i] === c && src[i + 1] === c) { text += c; i += 2; continue; }
        if (src[i] === c) { i++; break; }
        text += src[i++];
      }
      out.push({ type: 'string', text, pos: start });
    } else if (c === '`') {
      const end = src.indexOf('`', i + 1);
      if (end < 0) throw invalid(`Unterminated identifier at position ${start} in expression: ${src}`);
      out.push({ type: 'ident', text: src.slice(i + 1, end), pos: start });
      i = end + 1;
    } else if (/[0-9]/.test(c) || (c === '-' && /[0-9.]/.test(src[i + 1] ?? ''))) {
      const m = /^-?[0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?/.exec(src.slice(i))!;
      out.push({ type: 'number', text: m[0], pos: start });
      i += m[0].length;
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_$]*/.exec(src.slice(i))!;
      out.push({ type: 'ident', text: m[0], pos: start });
      i += m[0].length;
    } else if ('<>=!'.includes(c)) {
      const two = src.slice(i, i + 2);
      const op = ['<=', '>=', '<>', '!='].includes(two) ? two : c;
      if (op === '!') throw invalid(`Unexpected character '!' at position ${start} in expression: ${src}`);
      out.push({ type: 'op', text: op === '!=' ? '<>' : op, pos: start });
      i += op.length;
    } else if ('(),'.includes(c)) {
      out.push({ type: 'punct', text: c, pos: start });
      i++;
    } else {
      throw invalid(`Unexpected character '${c}' at position ${start} in expression: ${src}`);
    }
  }
  out.push({ type: 'end', text: '', pos: src.length });
  return out;
}

class Parser {
  private i = 0;
  constructor(private readonly tokens: Token[], private readonly src: string) {}

  private peek(): Token {
    return this.tokens[this.i]!;
  }

  private isKeyword(word: string): boolean {
    const t = this.peek();
    return t.type === 'ident' && t.text.toUpperCase() === word;
  }

  private eatKeyword(word: string): boolean {
    if (!this.isKeyword(word)) return false;
    this.i++;
    return true;
  }

  private expect(type: Token['type'], text?: string): Token {
    const t = this.peek();
    if (t.type !== type || (text !== undefined && t.text !== text)) {
      throw invalid(`Unsupported expression: expected ${text ?? type} at position ${t.pos} but found '${t.text || 'end of input'}' in: ${this.src}`);
    }
    this.i++;
    return t;
  }

  parse(): Predicate {
    const p = this.or();
    if (this.peek().type !== 'end') this.expect('end');
    return p;
  }

  private or(): Predicate {
    let left = this.and();
    while (this.eatKeyword('OR')) left = { op: 'or', left, right: this.and() };
    return left;
  }

  private and(): Predicate {
    let left = this.not();
    while (this.eatKeyword('AND')) left = { op: 'and', left, right: this.not() };
    return left;
  }

  private not(): Predicate {
    if (this.eatKeyword('NOT')) return { op: 'not', inner: this.not() };
    const t = this.peek();
    if (t.type === 'punct' && t.text === '(') {
      // A parenthesis opens a nested predicate here; operands are never parenthesised in this language.
      this.i++;
      const inner = this.or();
      this.expect('punct', ')');
      return inner;
    }
    return this.predicate();
  }

  private predicate(): Predicate {
    const value = this.operand();
    const t = this.peek();
    if (t.type === 'op') {
      this.i++;
      return { op: 'cmp', cmp: t.text as '=' | '<>' | '<' | '<=' | '>' | '>=', left: value, right: this.operand() };
    }
    if (this.eatKeyword('IS')) {
      const negated = this.eatKeyword('NOT');
      if (!this.eatKeyword('NULL')) this.expect('ident', 'NULL');
      return { op: 'isnull', value, negated };
    }
    const negated = this.eatKeyword('NOT');
    if (this.eatKeyword('BETWEEN')) {
      const low = this.operand();
      if (!this.eatKeyword('AND')) this.expect('ident', 'AND');
      return { op: 'between', value, low, high: this.operand(), negated };
    }
    if (this.eatKeyword('IN')) {
      this.expect('punct', '(');
      const list = [this.operand()];
      while (this.peek().type === 'punct' && this.peek().text === ',') {
        this.i++;
        list.push(this.operand());
      }
      this.expect('punct', ')');
      return { op: 'in', value, list, negated };
    }
    if (this.eatKeyword('LIKE')) return { op: 'like', value, pattern: this.operand(), negated };
    throw invalid(`Unsupported expression: expected an operator at position ${t.pos} but found '${t.text || 'end of input'}' in: ${this.src}`);
  }

  private operand(): Operand {
    const t = this.peek();
    this.i++;
    if (t.type === 'string') return { kind: 'literal', value: t.text, numeric: false };
    if (t.type === 'number') return { kind: 'literal', value: t.text, numeric: true };
    if (t.type === 'ident' && t.text.toUpperCase() === 'NULL') return { kind: 'null' };
    if (t.type === 'ident' && !KEYWORDS.has(t.text.toUpperCase())) return { kind: 'column', name: t.text };
    throw invalid(`Unsupported expression: unexpected '${t.text || 'end of input'}' at position ${t.pos} in: ${this.src}`);
  }
}

export function parsePredicate(expression: string): Predicate {
  return new Parser(tokenize(expression), expression).parse();
}

const NUMERIC_TYPES = /^(tinyint|smallint|int|integer|bigint|float|double|decimal|real)\b/i;

/** A compiled expression over a table's partition keys; `matches` takes one partition's values. */
export interface PartitionFilter {
  matches(values: readonly string[]): boolean;
}

/** Compiles `expression` against the table's partition keys; unknown keys are refused as Glue refuses them. */
export function compilePartitionFilter(expression: string, keys: readonly { Name: string; Type?: string }[]): PartitionFilter {
  const pred = parsePredicate(expression);
  const index = new Map<string, number>();
  keys.forEach((k, i) => index.set(k.Name.toLowerCase(), i));
  const numericKey = keys.map((k) => NUMERIC_TYPES.test(k.Type ?? ''));
  const check = (o: Operand): void => {
    if (o.kind === 'column' && !index.has(o.name.toLowerCase())) {
      throw invalid(`Unknown column '${o.name}' in expression: only partition keys may be filtered on (${keys.map((k) => k.Name).join(', ')}).`);
    }
  };
  walkOperands(pred, check);

  const resolve = (o: Operand, values: readonly string[]): { v: string | null; numeric: boolean } => {
    if (o.kind === 'null') return { v: null, numeric: false };
    if (o.kind === 'literal') return { v: o.value, numeric: o.numeric };
    const i = index.get(o.name.toLowerCase())!;
    return { v: values[i] ?? null, numeric: numericKey[i]! };
  };
  const compare = (a: { v: string | null; numeric: boolean }, b: { v: string | null; numeric: boolean }): number | null => {
    if (a.v === null || b.v === null) return null;
    if (a.numeric || b.numeric) {
      const x = Number(a.v);
      const y = Number(b.v);
      if (!Number.isNaN(x) && !Number.isNaN(y)) return x - y;
    }
    return a.v < b.v ? -1 : a.v > b.v ? 1 : 0;
  };
  const evaluate = (p: Predicate, values: readonly string[]): boolean => {
    switch (p.op) {
      case 'and': return evaluate(p.left, values) && evaluate(p.right, values);
      case 'or': return evaluate(p.left, values) || evaluate(p.right, values);
      case 'not': return !evaluate(p.inner, values);
      case 'cmp': {
        const c = compare(resolve(p.left, values), resolve(p.right, values));
        if (c === null) return false;
        switch (p.cmp) {
          case '=': return c === 0;
          case '<>': return c !== 0;
          case '<': return c < 0;
          case '<=': return c <= 0;
          case '>': return c > 0;
          case '>=': return c >= 0;
        }
        return false;
      }
      case 'between': {
        const v = resolve(p.value, values);
        const lo = compare(v, resolve(p.low, values));
        const hi = compare(v, resolve(p.high, values));
        if (lo === null || hi === null) return false;
        return (lo >= 0 && hi <= 0) !== p.negated;
      }
      case 'in': {
        const v = resolve(p.value, values);
        const hit = p.list.some((o) => compare(v, resolve(o, values)) === 0);
        return hit !== p.negated;
      }
      case 'like': {
        const v = resolve(p.value, values).v;
        const pat = resolve(p.pattern, values).v;
        if (v === null || pat === null) return false;
        return likeRegex(pat).test(v) !== p.negated;
      }
      case 'isnull': return (resolve(p.value, values).v === null) !== p.negated;
    }
  };
  return { matches: (values) => evaluate(pred, values) };
}

function walkOperands(p: Predicate, fn: (o: Operand) => void): void {
  switch (p.op) {
    case 'and': case 'or': walkOperands(p.left, fn); walkOperands(p.right, fn); break;
    case 'not': walkOperands(p.inner, fn); break;
    case 'cmp': fn(p.left); fn(p.right); break;
    case 'between': fn(p.value); fn(p.low); fn(p.high); break;
    case 'in': fn(p.value); p.list.forEach(fn); break;
    case 'like': fn(p.value); fn(p.pattern); break;
    case 'isnull': fn(p.value); break;
  }
}

const likeCache = new Map<string, RegExp>();

/** SQL LIKE: % any run, _ one character, everything else literal. */
function likeRegex(pattern: string): RegExp {
  let re = likeCache.get(pattern);
  if (!re) {
    const body = [...pattern].map((ch) => (ch === '%' ? '.*' : ch === '_' ? '.' : ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('');
    re = new RegExp(`^${body}$`, 's');
    likeCache.set(pattern, re);
  }
  return re;
}

/**
 * GetTables/SearchTables name patterns, as the Hive metastore reads them: '*' is any run of characters and
 * '|' separates alternatives; the rest is a regular expression. Matched case-insensitively, like Glue's names.
 */
export function tableNameMatcher(expression: string): (name: string) => boolean {
  const alternatives = expression.split('|').map((alt) => {
    const body = alt.trim().replace(/(^|[^.])\*/g, '$1.*');
    try {
      return new RegExp(`^(?:${body})$`, 'i');
    } catch {
      throw invalid(`Invalid table name pattern: ${expression}`);
    }
  });
  return (name) => alternatives.some((re) => re.test(name));
}
