// HTTP preconditions as S3 applies them (RFC 9110 order: If-Match before If-Unmodified-Since, If-None-Match
// before If-Modified-Since), conditional writes, and byte ranges.
import * as errors from '../../aws/generated/s3/errors.js';
import type { ObjectRow } from './store.js';

export interface ReadConditions {
  IfMatch?: string;
  IfNoneMatch?: string;
  IfModifiedSince?: Date;
  IfUnmodifiedSince?: Date;
}

function etagList(header: string): string[] {
  return header.split(',').map((s) => s.trim().replace(/^W\//, '').replace(/^"|"$/g, ''));
}

export function etagMatches(header: string, etag: string): boolean {
  const bare = etag.replace(/^"|"$/g, '');
  return etagList(header).some((e) => e === '*' || e === bare);
}

function seconds(d: Date): number {
  return Math.floor(d.getTime() / 1000);
}

/**
 * Checks GET/HEAD preconditions against the object. `prefix` names the headers in errors
 * ("" for GetObject, "x-amz-copy-source-" for a copy's source, whose failures are all 412).
 */
export function checkReadConditions(c: ReadConditions, row: ObjectRow, prefix = ''): void {
  const modified = seconds(new Date(row.last_modified));
  const copy = prefix !== '';
  const cond = (name: string) => (copy ? `${prefix}${name}` : name);
  if (c.IfMatch !== undefined) {
    if (!etagMatches(c.IfMatch, row.etag)) throw new errors.PreconditionFailed(undefined, { Condition: cond('If-Match') });
  } else if (c.IfUnmodifiedSince && modified > seconds(c.IfUnmodifiedSince)) {
    throw new errors.PreconditionFailed(undefined, { Condition: cond('If-Unmodified-Since') });
  }
  const notModified = () =>
    copy
      ? new errors.PreconditionFailed(undefined, { Condition: cond(c.IfNoneMatch !== undefined ? 'If-None-Match' : 'If-Modified-Since') })
      : new errors.NotModified('Not Modified', undefined, { etag: row.etag, 'last-modified': new Date(row.last_modified).toUTCString() });
  if (c.IfNoneMatch !== undefined) {
    if (etagMatches(c.IfNoneMatch, row.etag)) throw notModified();
  } else if (c.IfModifiedSince && modified <= seconds(c.IfModifiedSince)) {
    throw notModified();
  }
}

/**
 * Conditional writes: `If-None-Match: *` (only if absent) and `If-Match: <etag>` (only if unchanged).
 * `current` is the latest non-deleted version, if any.
 */
export function checkWriteConditions(c: { IfMatch?: string; IfNoneMatch?: string }, current: ObjectRow | undefined, key: string): void {
  if (c.IfNoneMatch !== undefined) {
    if (c.IfNoneMatch.trim() !== '*') {
      throw new errors.NotImplemented('A header you provided implies functionality that is not implemented', { Header: 'If-None-Match' });
    }
    if (current) throw new errors.PreconditionFailed(undefined, { Condition: 'If-None-Match' });
  }
  if (c.IfMatch !== undefined) {
    if (!current) throw new errors.NoSuchKey('The specified key does not exist.', { Key: key });
    if (!etagMatches(c.IfMatch, current.etag)) throw new errors.PreconditionFailed(undefined, { Condition: 'If-Match' });
  }
}

/** An inclusive byte range within an object. */
export interface ByteRange {
  start: number;
  end: number;
}

/**
 * Parses a Range header against an object size. A header S3 does not understand (bad syntax, several
 * ranges) is ignored and the whole object is returned; a range past the end is InvalidRange (416).
 */
export function parseRange(header: string | undefined, size: number): ByteRange | undefined {
  if (header === undefined) return undefined;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) return undefined;
  const invalid = () => new errors.InvalidRange('The requested range is not satisfiable', { RangeRequested: header, ActualObjectSize: size });
  if (m[1] === '') {
    const n = Number(m[2]);
    if (n === 0 || size === 0) throw invalid();
    return { start: Math.max(0, size - n), end: size - 1 };
  }
  const start = Number(m[1]);
  let end = m[2] === '' ? size - 1 : Number(m[2]);
  if (m[2] !== '' && end < start) return undefined;
  if (start >= size) throw invalid();
  if (end >= size) end = size - 1;
  return { start, end };
}
