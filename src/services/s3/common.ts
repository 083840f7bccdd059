// What every S3 feature file shares: the dependencies, bucket lookup with S3's exact not-found errors,
// owner identities, and row → header conversions.
import { createHash, randomBytes } from 'node:crypto';
import type { Clock } from '../../core/clock.js';
import type { BlobStore } from '../../storage/blobs.js';
import type { RequestContext } from '../../aws/context.js';
import * as errors from '../../aws/generated/s3/errors.js';
import type * as T from '../../aws/generated/s3/shapes.js';
import type { BucketRow, ObjectRow, S3Store, StoredHeaders } from './store.js';

export interface S3Deps {
  store: S3Store;
  blobs: BlobStore;
  clock: Clock;
}

export function noSuchBucket(name: string): errors.NoSuchBucket {
  return new errors.NoSuchBucket('The specified bucket does not exist', { BucketName: name });
}

/** The bucket, or NoSuchBucket. Buckets are global: any account may address any bucket (access is not enforced yet). */
export function requireBucket(deps: S3Deps, name: string): BucketRow {
  const b = deps.store.bucket(name);
  if (!b) throw noSuchBucket(name);
  return b;
}

export function noSuchKey(key: string): errors.NoSuchKey {
  return new errors.NoSuchKey('The specified key does not exist.', { Key: key });
}

/** The 64-hex canonical user id of an account, stable across restarts. */
export function canonicalId(accountId: string): string {
  return createHash('sha256').update(`lakestack:${accountId}`).digest('hex');
}

export function ownerOf(accountId: string): T.Owner {
  return { ID: canonicalId(accountId), DisplayName: 'lakestack' };
}

const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/**
 * An opaque id for a version or an upload. Letters and digits only: an id starting with '-' would be
 * read as an option by command-line tools (`aws s3api get-object --version-id -x…` fails to parse).
 */
export function newVersionId(): string {
  return Array.from(randomBytes(32), (b) => ID_ALPHABET[b % ID_ALPHABET.length]).join('');
}

/** S3 refuses a version id that none of its ids could be, before looking it up. */
export function checkVersionId(versionId: string): void {
  if (versionId !== 'null' && !/^[A-Za-z0-9_-]{24,64}$/.test(versionId)) {
    throw new errors.InvalidArgument('Invalid version id specified', { ArgumentName: 'versionId', ArgumentValue: versionId });
  }
}

export function now(ctx: RequestContext): Date {
  // Object timestamps have second precision in S3's HTTP headers; keep milliseconds at zero so that
  // If-Modified-Since with the Last-Modified a client was given compares equal.
  const d = ctx.clock.now();
  return new Date(Math.floor(d.getTime() / 1000) * 1000);
}

export function parseJson<V>(s: string | null | undefined, fallback: V): V {
  if (!s) return fallback;
  try {
    return JSON.parse(s) as V;
  } catch {
    return fallback;
  }
}

/** The standard headers a client sets on an object, as stored. */
export function standardHeaders(input: {
  ContentType?: string;
  ContentEncoding?: string;
  ContentDisposition?: string;
  ContentLanguage?: string;
  CacheControl?: string;
  Expires?: string | Date;
  WebsiteRedirectLocation?: string;
}): StoredHeaders {
  const h: StoredHeaders = {};
  if (input.ContentType !== undefined) h.ContentType = input.ContentType;
  // aws-chunked is a transfer framing, not part of the object's encoding.
  if (input.ContentEncoding !== undefined) {
    const enc = input.ContentEncoding.split(',').map((s) => s.trim()).filter((s) => s && s !== 'aws-chunked').join(',');
    if (enc) h.ContentEncoding = enc;
  }
  if (input.ContentDisposition !== undefined) h.ContentDisposition = input.ContentDisposition;
  if (input.ContentLanguage !== undefined) h.ContentLanguage = input.ContentLanguage;
  if (input.CacheControl !== undefined) h.CacheControl = input.CacheControl;
  if (input.Expires !== undefined) h.Expires = input.Expires instanceof Date ? input.Expires.toUTCString() : input.Expires;
  if (input.WebsiteRedirectLocation !== undefined) h.WebsiteRedirectLocation = input.WebsiteRedirectLocation;
  return h;
}

/** Lower-cases user metadata keys, as S3 stores them. */
export function userMetadata(m: Record<string, string> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(m ?? {})) out[k.toLowerCase()] = v;
  return out;
}

export function lastModified(row: ObjectRow): Date {
  return new Date(row.last_modified);
}

/** The checksum members of an output for a stored object. */
export function checksumFields(row: Pick<ObjectRow, 'checksum_algorithm' | 'checksum_value' | 'checksum_type'>): {
  ChecksumCRC32?: string;
  ChecksumCRC32C?: string;
  ChecksumCRC64NVME?: string;
  ChecksumSHA1?: string;
  ChecksumSHA256?: string;
  ChecksumType?: T.ChecksumType;
} {
  if (!row.checksum_algorithm || !row.checksum_value) return {};
  const key = `Checksum${row.checksum_algorithm}` as 'ChecksumCRC32';
  return { [key]: row.checksum_value, ChecksumType: (row.checksum_type ?? 'FULL_OBJECT') as T.ChecksumType };
}

/** Validates an object key the way S3 does before anything is stored. */
export function checkKey(key: string): void {
  if (Buffer.byteLength(key) > 1024) throw new errors.KeyTooLongError('Your key is too long', { Size: Buffer.byteLength(key), MaxSizeAllowed: 1024 });
}
