// ListObjects (v1 and v2) and ListObjectVersions: a walk over the keys in byte order that folds keys
// sharing a delimiter into common prefixes (each counting once towards MaxKeys) and jumps over the rest
// of a prefix in the index instead of reading every key under it.
import type { RequestContext } from '../../aws/context.js';
import * as errors from '../../aws/generated/s3/errors.js';
import type * as T from '../../aws/generated/s3/shapes.js';
import { ownerOf, requireBucket, type S3Deps } from './common.js';
import type { ObjectRow } from './store.js';

/** Sorts after every key that starts with a given prefix (the largest code point). */
const MAX_CHAR = String.fromCodePoint(0x10ffff);
const BATCH = 1000;

type Entry = { kind: 'object'; row: ObjectRow } | { kind: 'prefix'; prefix: string };

/** The common prefix `key` falls under, if the delimiter folds it. */
function commonPrefix(key: string, prefix: string, delimiter: string | undefined): string | undefined {
  if (!delimiter) return undefined;
  const i = key.indexOf(delimiter, prefix.length);
  return i >= 0 ? key.slice(0, i + delimiter.length) : undefined;
}

/** Where a walk resumes: after `key`, or within `key` at versions older than `seq` (seq -1: skip the key). */
interface Cursor {
  key: string;
  seq: number;
}

/**
 * Up to `max` entries after the cursor, folding keys under a delimiter into common prefixes. `fetch`
 * returns rows after a cursor in listing order. Returns whether more entries follow.
 */
function walk(fetch: (c: Cursor, limit: number) => ObjectRow[], prefix: string, delimiter: string | undefined, start: Cursor, max: number): { entries: Entry[]; truncated: boolean } {
  const entries: Entry[] = [];
  // MaxKeys=0 asks for nothing, and S3 then reports the listing as complete.
  if (max === 0) return { entries, truncated: false };
  let cursor = start;
  // Resuming from a marker that is (or lies under) a common prefix: that prefix was already returned.
  const markerPrefix = start.key.startsWith(prefix) ? commonPrefix(start.key, prefix, delimiter) : undefined;
  if (markerPrefix) cursor = { key: markerPrefix + MAX_CHAR, seq: -1 };
  for (;;) {
    // One row past what is still needed tells whether the listing is truncated.
    const rows = fetch(cursor, Math.min(BATCH, max - entries.length + 1));
    if (rows.length === 0) return { entries, truncated: false };
    for (const r of rows) {
      if (entries.length >= max) return { entries, truncated: true };
      const cp = commonPrefix(r.key, prefix, delimiter);
      if (cp) {
        entries.push({ kind: 'prefix', prefix: cp });
        cursor = { key: cp + MAX_CHAR, seq: -1 };
        break;
      }
      entries.push({ kind: 'object', row: r });
      cursor = { key: r.key, seq: r.seq };
    }
  }
}

/** S3's encoding-type=url: percent-encoding that keeps '/' and writes spaces as '+'. */
export function urlEncodeKey(s: string): string {
  return encodeURIComponent(s).replace(/%2F/g, '/').replace(/%20/g, '+').replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** The key encoder for a listing's EncodingType (only "url" exists). */
export function encoder(encodingType: string | undefined): (s: string | undefined) => string | undefined {
  if (encodingType !== undefined && encodingType !== 'url') {
    throw new errors.InvalidArgument('Invalid Encoding Method specified in Request', { ArgumentName: 'encoding-type', ArgumentValue: encodingType });
  }
  return (s) => (s === undefined ? undefined : encodingType === 'url' ? urlEncodeKey(s) : s);
}

function maxKeys(n: number | undefined): number {
  if (n !== undefined && n < 0) throw new errors.InvalidArgument('Argument maxKeys must be an integer between 0 and 2147483647', { ArgumentName: 'maxKeys', ArgumentValue: String(n) });
  return Math.min(n ?? 1000, 1000);
}

function toObject(row: ObjectRow, enc: (s: string) => string | undefined, owner: T.Owner | undefined): T.Object_ {
  const o: T.Object_ = { Key: enc(row.key), LastModified: new Date(row.last_modified), ETag: row.etag, Size: row.size, StorageClass: row.storage_class as T.ObjectStorageClass };
  if (row.checksum_algorithm) {
    o.ChecksumAlgorithm = [row.checksum_algorithm as T.ChecksumAlgorithm];
    o.ChecksumType = (row.checksum_type ?? 'FULL_OBJECT') as T.ChecksumType;
  }
  if (owner) o.Owner = owner;
  return o;
}

export async function listObjects(deps: S3Deps, ctx: RequestContext, input: T.ListObjectsRequest): Promise<T.ListObjectsOutput> {
  requireBucket(deps, input.Bucket);
  const enc = encoder(input.EncodingType);
  const prefix = input.Prefix ?? '';
  const max = maxKeys(input.MaxKeys);
  const { entries, truncated } = walk((c, limit) => deps.store.listLatest(input.Bucket, prefix, c.key, limit), prefix, input.Delimiter, { key: input.Marker ?? '', seq: -1 }, max);
  const owner = ownerOf(ctx.accountId);
  const contents = entries.flatMap((e) => (e.kind === 'object' ? [toObject(e.row, enc, owner)] : []));
  const prefixes = entries.flatMap((e) => (e.kind === 'prefix' ? [{ Prefix: enc(e.prefix) }] : []));
  const last = entries[entries.length - 1];
  return {
    IsTruncated: truncated,
    Marker: enc(input.Marker ?? ''),
    // v1 only names the next marker when a delimiter is used; clients otherwise take the last key.
    NextMarker: truncated && input.Delimiter && last ? enc(last.kind === 'object' ? last.row.key : last.prefix) : undefined,
    Contents: contents.length ? contents : undefined,
    Name: input.Bucket,
    Prefix: enc(prefix),
    Delimiter: enc(input.Delimiter),
    MaxKeys: max,
    CommonPrefixes: prefixes.length ? prefixes : undefined,
    EncodingType: input.EncodingType,
  };
}

function decodeToken(token: string): string {
  const s = Buffer.from(token, 'base64url').toString('utf8');
  if (!s.startsWith('k:')) throw new errors.InvalidArgument('The continuation token provided is incorrect', { ArgumentName: 'continuation-token' });
  return s.slice(2);
}

export async function listObjectsV2(deps: S3Deps, ctx: RequestContext, input: T.ListObjectsV2Request): Promise<T.ListObjectsV2Output> {
  requireBucket(deps, input.Bucket);
  const enc = encoder(input.EncodingType);
  const prefix = input.Prefix ?? '';
  const max = maxKeys(input.MaxKeys);
  let marker = input.StartAfter ?? '';
  if (input.ContinuationToken !== undefined) marker = decodeToken(input.ContinuationToken);
  const { entries, truncated } = walk((c, limit) => deps.store.listLatest(input.Bucket, prefix, c.key, limit), prefix, input.Delimiter, { key: marker, seq: -1 }, max);
  const owner = input.FetchOwner ? ownerOf(ctx.accountId) : undefined;
  const contents = entries.flatMap((e) => (e.kind === 'object' ? [toObject(e.row, enc, owner)] : []));
  const prefixes = entries.flatMap((e) => (e.kind === 'prefix' ? [{ Prefix: enc(e.prefix) }] : []));
  const last = entries[entries.length - 1];
  return {
    IsTruncated: truncated,
    Contents: contents.length ? contents : undefined,
    Name: input.Bucket,
    Prefix: enc(prefix),
    Delimiter: enc(input.Delimiter),
    MaxKeys: max,
    CommonPrefixes: prefixes.length ? prefixes : undefined,
    EncodingType: input.EncodingType,
    KeyCount: entries.length,
    ContinuationToken: input.ContinuationToken,
    NextContinuationToken: truncated && last ? Buffer.from(`k:${last.kind === 'object' ? last.row.key : last.prefix}`).toString('base64url') : undefined,
    StartAfter: enc(input.StartAfter),
  };
}

export async function listObjectVersions(deps: S3Deps, ctx: RequestContext, input: T.ListObjectVersionsRequest): Promise<T.ListObjectVersionsOutput> {
  requireBucket(deps, input.Bucket);
  const enc = encoder(input.EncodingType);
  const prefix = input.Prefix ?? '';
  const max = maxKeys(input.MaxKeys);
  const keyMarker = input.KeyMarker ?? '';
  const vidMarker = input.VersionIdMarker;
  let start: Cursor = { key: keyMarker, seq: -1 };
  if (keyMarker && vidMarker) {
    const v = deps.store.version(input.Bucket, keyMarker, vidMarker);
    if (!v) throw new errors.InvalidArgument('Invalid version id specified', { ArgumentName: 'version-id-marker', ArgumentValue: vidMarker });
    start = { key: keyMarker, seq: v.seq };
  }
  const { entries, truncated } = walk((c, limit) => deps.store.listVersions(input.Bucket, prefix, c.key, c.seq, limit), prefix, input.Delimiter, start, max);
  const owner = ownerOf(ctx.accountId);
  const versions: T.ObjectVersion[] = [];
  const markers: T.DeleteMarkerEntry[] = [];
  const prefixes: T.CommonPrefix[] = [];
  for (const e of entries) {
    if (e.kind === 'prefix') prefixes.push({ Prefix: enc(e.prefix) });
    else if (e.row.delete_marker) markers.push({ Owner: owner, Key: enc(e.row.key), VersionId: e.row.version_id, IsLatest: !!e.row.is_latest, LastModified: new Date(e.row.last_modified) });
    else {
      const o = toObject(e.row, enc, owner);
      versions.push({ ...o, StorageClass: 'STANDARD', VersionId: e.row.version_id, IsLatest: !!e.row.is_latest } as T.ObjectVersion);
    }
  }
  const last = entries[entries.length - 1];
  return {
    IsTruncated: truncated,
    KeyMarker: enc(keyMarker),
    VersionIdMarker: vidMarker,
    NextKeyMarker: truncated && last ? enc(last.kind === 'object' ? last.row.key : last.prefix) : undefined,
    NextVersionIdMarker: truncated && last?.kind === 'object' ? last.row.version_id : undefined,
    Versions: versions.length ? versions : undefined,
    DeleteMarkers: markers.length ? markers : undefined,
    Name: input.Bucket,
    Prefix: enc(prefix),
    Delimiter: enc(input.Delimiter),
    MaxKeys: max,
    CommonPrefixes: prefixes.length ? prefixes : undefined,
    EncodingType: input.EncodingType,
  };
}
