// Typed translation errors, rendered as Athena renders them: `line 1:8: mismatched input 'FORM'`.

export type DialectErrorCode = 'SYNTAX_ERROR' | 'NOT_SUPPORTED' | 'NOT_A_QUERY';

export class DialectError extends Error {
  constructor(
    readonly code: DialectErrorCode,
    message: string,
    readonly line: number = 1,
    readonly column: number = 1,
  ) {
    super(`line ${line}:${column}: ${message}`);
    this.name = 'DialectError';
  }
}

/** A construct we parse but cannot express on DuckDB: named, never silently dropped. */
export function notSupported(what: string): DialectError {
  return new DialectError('NOT_SUPPORTED', `${what} is not supported`);
}

/** 1-based line and column of a byte offset in `sql` (polyglot reports UTF-8 byte offsets). */
export function positionOf(sql: string, byteOffset: number): { line: number; column: number; index: number } {
  const index = Buffer.from(sql, 'utf8').subarray(0, byteOffset).toString('utf8').length;
  let line = 1;
  let column = 1;
  for (let i = 0; i < index && i < sql.length; i++) {
    if (sql[i] === '\n') {
      line++;
      column = 1;
    } else {
      column++;
    }
  }
  return { line, column, index };
}
