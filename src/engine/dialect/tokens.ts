// A cursor over polyglot's token stream, for the statements its parser does not keep whole
// (Athena's Hive DDL, CTAS/INSERT/UNLOAD headers). Errors carry Athena's `line L:C:` position.
import { tokenize, Dialect } from '@polyglot-sql/sdk';
import { DialectError, positionOf } from './errors.js';
import type { LexedToken } from './translate.js';

export interface Token {
  type: string;
  text: string;
  /** Offsets into the source string (UTF-16 units, not bytes). */
  start: number;
  end: number;
}

export function lex(sql: string, dialect: Dialect = Dialect.Hive): Token[] {
  const r = tokenize(sql, dialect);
  if (!r.success || !r.tokens) {
    const pos = positionOf(sql, r.errorStart ?? 0);
    throw new DialectError('SYNTAX_ERROR', r.error ?? 'cannot tokenize', pos.line, pos.column);
  }
  // Spans are UTF-8 byte offsets; map them to string indexes once.
  const bytes = Buffer.from(sql, 'utf8');
  const ascii = bytes.length === sql.length;
  const index = (b: number): number => (ascii ? b : bytes.subarray(0, b).toString('utf8').length);
  return (r.tokens as readonly LexedToken[]).map((t) => ({
    type: t.token_type ?? t.tokenType ?? '',
    text: t.text,
    start: index(t.span.start),
    end: index(t.span.end),
  }));
}

export class Cursor {
  private i = 0;
  constructor(
    readonly sql: string,
    private readonly tokens: Token[],
  ) {}

  get done(): boolean {
    return this.i >= this.tokens.length || (this.i === this.tokens.length - 1 && this.tokens[this.i]!.text === ';');
  }
  peek(ahead = 0): Token | undefined {
    return this.tokens[this.i + ahead];
  }
  /** True when the next tokens are these keywords (case-insensitive); does not consume. */
  at(...words: string[]): boolean {
    return words.every((w, k) => {
      const t = this.tokens[this.i + k];
      return t !== undefined && t.type !== 'STRING' && t.text.toUpperCase() === w;
    });
  }
  /** Consumes the keywords if they are next. */
  accept(...words: string[]): boolean {
    if (!this.at(...words)) return false;
    this.i += words.length;
    return true;
  }
  expect(...words: string[]): void {
    if (!this.accept(...words)) throw this.error(`expecting ${words.join(' ')}`);
  }
  next(): Token {
    const t = this.tokens[this.i];
    if (!t) throw this.error('unexpected end of statement');
    this.i++;
    return t;
  }
  identifier(): string {
    const t = this.peek();
    if (!t || t.type === 'STRING' || !(t.type === 'VAR' || t.type === 'QUOTED_IDENTIFIER' || /^[A-Za-z_]/.test(t.text))) {
      throw this.error('expecting an identifier');
    }
    this.i++;
    return t.type === 'QUOTED_IDENTIFIER' ? t.text : t.text.toLowerCase();
  }
  /** `name` or `db.name`. */
  qualifiedName(): { database?: string; name: string } {
    const first = this.identifier();
    if (this.accept('.')) return { database: first, name: this.identifier() };
    return { name: first };
  }
  string(): string {
    const t = this.peek();
    if (t?.type !== 'STRING') throw this.error('expecting a string literal');
    this.i++;
    return t.text;
  }
  /** Splits a `>>` token when closing nested type brackets. */
  closeAngle(): void {
    const t = this.peek();
    if (t?.text === '>') {
      this.i++;
      return;
    }
    if (t?.text === '>>') {
      this.tokens[this.i] = { ...t, text: '>', start: t.start + 1 };
      return;
    }
    throw this.error("expecting '>'");
  }
  /** Source text from token `from` to the end of the statement (a trailing `;` excluded). */
  restFrom(from: Token): string {
    const last = this.tokens[this.tokens.length - 1]!;
    const end = last.text === ';' ? last.start : this.sql.length;
    return this.sql.slice(from.start, end).trim();
  }
  error(message: string): DialectError {
    const t = this.peek();
    const pos = positionOf(this.sql, t ? Buffer.byteLength(this.sql.slice(0, t.start)) : Buffer.byteLength(this.sql));
    return new DialectError('SYNTAX_ERROR', `mismatched input '${t?.text ?? '<EOF>'}'. ${message}`, pos.line, pos.column);
  }
  end(): void {
    this.accept(';');
    if (this.i < this.tokens.length) throw this.error('expecting end of statement');
  }
}
