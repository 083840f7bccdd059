// Objects: put (with conditional writes), get and head (ranges, part numbers, preconditions, checksum
// mode), and the commit step every write shares: the file is durable before its row is written.
import { createReadStream, promises as fsp } from 'node:fs';
import type { RequestContext } from '../../aws/context.js';
import * as errors from '../../aws/generated/s3/errors.js';
import type * as T from '../../aws/generated/s3/shapes.js';
import { log } from '../../core/log.js';
import type { ReceivedBody } from './body.js';
import { receiveBody } from './body.js';
import { checksumFields, checkKey, checkVersionId, newVersionId, noSuchKey, now, parseJson, requireBucket, standardHeaders, userMetadata, type S3Deps } from './common.js';
import { checkReadConditions, checkWriteConditions, parseRange } from './conditions.js';
import type { BucketRow, NewObject, ObjectRow, StoredHeaders } from './store.js';
import { parseTagging, type TagList } from './tagging.js';
import { aclFromInput } from './config.js';

/** What a write stores besides the bytes. */
export interface ObjectAttributes {
  headers: StoredHeaders;
  metadata: Record<string, string>;
  tags: TagList;
  storageClass?: string;
}

/** Removes blobs that no row references any more; a failure only leaves an unreferenced file behind. */
export function freeBlobs(deps: S3Deps, paths: string[]): void {
  for (const p of paths) deps.blobs.remove(p).catch((err: unknown) => log.warn('could not remove s3 blob', { path: p, error: String(err) }));
}

/** The version id a new write gets in this bucket: a fresh id when versioning is on, else "null". */
export function versionIdFor(bucket: BucketRow): string {
  return bucket.versioning === 'Enabled' ? newVersionId() : 'null';
}

/** The VersionId clients see: only buckets that have had versioning configured report one. */
export function visibleVersionId(bucket: BucketRow, versionId: string): string | undefined {
  return bucket.versioning ? versionId : undefined;
}

/**
 * Makes a received body the new current version of `key`: fsync + rename the file, then re-check the
 * write conditions and commit the row (in a group commit; see S3Store.group).
 */
export async function commitObject(
  deps: S3Deps,
  ctx: RequestContext,
  bucketName: string,
  key: string,
  body: Pick<ReceivedBody, 'tmpPath' | 'size'>,
  row: Omit<NewObject, 'bucket' | 'key' | 'version_id' | 'blob_path' | 'size' | 'last_modified' | 'delete_marker'>,
  conditions: { IfMatch?: string; IfNoneMatch?: string } = {},
  after?: () => string[],
): Promise<{ row: NewObject; bucket: BucketRow }> {
  const relPath = deps.blobs.newRelPath(`s3/${bucketName}`);
  try {
    await deps.blobs.commit(body.tmpPath, relPath);
  } catch (err) {
    await deps.blobs.discard(body.tmpPath);
    throw err;
  }
  try {
    // Synchronous inside the shared commit, so no other write to this key interleaves with the checks.
    const { full, bucket, freed } = await deps.store.group(() => {
      const bucket = requireBucket(deps, bucketName);
      checkWriteConditions(conditions, liveObject(deps, bucketName, key), key);
      const full: NewObject = {
        ...row,
        bucket: bucketName,
        key,
        version_id: versionIdFor(bucket),
        delete_marker: 0,
        size: body.size,
        last_modified: now(ctx).toISOString(),
        blob_path: relPath,
      };
      const freed = [...deps.store.putVersion(full), ...(after?.() ?? [])];
      return { full, bucket, freed };
    });
    freeBlobs(deps, freed);
    return { row: full, bucket };
  } catch (err) {
    freeBlobs(deps, [relPath]);
    throw err;
  }
}

/** The current version of a key unless it is a delete marker. */
export function liveObject(deps: S3Deps, bucket: string, key: string): ObjectRow | undefined {
  const row = deps.store.latest(bucket, key);
  return row && !row.delete_marker ? row : undefined;
}

export async function putObject(deps: S3Deps, ctx: RequestContext, input: T.PutObjectRequest): Promise<T.PutObjectOutput> {
  requireBucket(deps, input.Bucket);
  checkKey(input.Key);
  const conditions = { IfMatch: input.IfMatch, IfNoneMatch: input.IfNoneMatch };
  checkWriteConditions(conditions, liveObject(deps, input.Bucket, input.Key), input.Key);
  const tags = parseTagging(input.Tagging);
  const acl = aclFromInput(input, ctx.accountId);
  const body = await receiveBody(deps, ctx, input.Body, input);
  const etag = `"${body.md5Hex}"`;
  const { row, bucket } = await commitObject(deps, ctx, input.Bucket, input.Key, body, {
    etag,
    headers: JSON.stringify(standardHeaders(input)),
    metadata: JSON.stringify(userMetadata(input.Metadata)),
    tags: JSON.stringify(tags),
    checksum_algorithm: body.checksum.algorithm,
    checksum_value: body.checksum.value,
    checksum_type: 'FULL_OBJECT',
    parts: null,
    storage_class: input.StorageClass ?? 'STANDARD',
    acl: acl ? JSON.stringify(acl) : null,
  }, conditions);
  return {
    ETag: etag,
    VersionId: visibleVersionId(bucket, row.version_id),
    ...checksumFields(row),
    // Every object is encrypted at rest with SSE-S3 in S3 today, and S3 says so on each response.
    ServerSideEncryption: 'AES256',
  };
}

/** Resolves the version a read addresses, with S3's errors for missing keys, versions and delete markers. */
export function readableVersion(deps: S3Deps, bucket: string, key: string, versionId: string | undefined, method: string): ObjectRow {
  if (versionId !== undefined) {
    checkVersionId(versionId);
    const row = deps.store.version(bucket, key, versionId);
    if (!row) throw new errors.NoSuchVersion('The specified version does not exist.', { Key: key, VersionId: versionId });
    if (row.delete_marker) {
      throw new errors.MethodNotAllowed('The specified method is not allowed against this resource.', { Method: method, ResourceType: 'DeleteMarker' }, {
        'x-amz-delete-marker': 'true',
        'x-amz-version-id': row.version_id,
        'last-modified': new Date(row.last_modified).toUTCString(),
      });
    }
    return row;
  }
  const row = deps.store.latest(bucket, key);
  if (!row) throw noSuchKey(key);
  if (row.delete_marker) throw new errors.NoSuchKey('The specified key does not exist.', { Key: key }, { 'x-amz-delete-marker': 'true', 'x-amz-version-id': row.version_id });
  return row;
}

interface PartInfo {
  size: number;
  checksum?: string | null;
}

type ReadInput = T.GetObjectRequest | T.HeadObjectRequest;

/** Everything GetObject and HeadObject answer, minus the body; plus the byte range to send. */
function describe(deps: S3Deps, input: ReadInput, method: string): { out: T.GetObjectOutput; row: ObjectRow; start: number; end: number } {
  const bucket = requireBucket(deps, input.Bucket);
  const row = readableVersion(deps, input.Bucket, input.Key, input.VersionId, method);
  checkReadConditions(input, row);
  const parts = parseJson<PartInfo[] | null>(row.parts, null);
  let start = 0;
  let end = row.size - 1;
  const out: T.GetObjectOutput = { AcceptRanges: 'bytes', LastModified: new Date(row.last_modified), ETag: row.etag, ServerSideEncryption: 'AES256' };
  if (input.PartNumber !== undefined) {
    const count = parts?.length ?? 1;
    if (!Number.isInteger(input.PartNumber) || input.PartNumber < 1 || input.PartNumber > 10000) {
      throw new errors.InvalidArgument('Part number must be an integer between 1 and 10000, inclusive', { ArgumentName: 'partNumber', ArgumentValue: String(input.PartNumber) });
    }
    if (input.PartNumber > count) {
      throw new errors.InvalidPartNumber('The requested partnumber is not satisfiable', { PartNumberRequested: input.PartNumber, ActualPartCount: count });
    }
    if (parts) {
      start = parts.slice(0, input.PartNumber - 1).reduce((n, p) => n + p.size, 0);
      end = start + parts[input.PartNumber - 1]!.size - 1;
      out.ContentRange = `bytes ${start}-${end}/${row.size}`;
    }
    out.PartsCount = count;
  } else {
    const range = parseRange(input.Range, row.size);
    if (range) {
      ({ start, end } = range);
      out.ContentRange = `bytes ${start}-${end}/${row.size}`;
    } else if (input.ChecksumMode === 'ENABLED') {
      Object.assign(out, checksumFields(row));
    }
  }
  out.ContentLength = Math.max(0, end - start + 1);
  const headers = parseJson<StoredHeaders>(row.headers, {});
  Object.assign(out, { ContentType: 'binary/octet-stream', ...headers });
  const meta = parseJson<Record<string, string>>(row.metadata, {});
  if (Object.keys(meta).length) out.Metadata = meta;
  const tags = parseJson<TagList>(row.tags, []);
  if (tags.length) out.TagCount = tags.length;
  if (row.storage_class !== 'STANDARD') out.StorageClass = row.storage_class as T.StorageClass;
  out.VersionId = visibleVersionId(bucket, row.version_id);
  const g = input as T.GetObjectRequest;
  if (g.ResponseContentType !== undefined) out.ContentType = g.ResponseContentType;
  if (g.ResponseContentDisposition !== undefined) out.ContentDisposition = g.ResponseContentDisposition;
  if (g.ResponseContentEncoding !== undefined) out.ContentEncoding = g.ResponseContentEncoding;
  if (g.ResponseContentLanguage !== undefined) out.ContentLanguage = g.ResponseContentLanguage;
  if (g.ResponseCacheControl !== undefined) out.CacheControl = g.ResponseCacheControl;
  if (g.ResponseExpires !== undefined) out.Expires = g.ResponseExpires.toUTCString();
  return { out, row, start, end };
}

export async function getObject(deps: S3Deps, _ctx: RequestContext, input: T.GetObjectRequest): Promise<T.GetObjectOutput> {
  for (let attempt = 0; ; attempt++) {
    const { out, row, start, end } = describe(deps, input, 'GET');
    if (end < start || !row.blob_path) return { ...out, Body: new Uint8Array(0) };
    // Opened in libuv's pool, not on the event loop (under load a synchronous open stalls every request).
    // An overwrite that lands meanwhile may unlink the file: then the row is read again. Once open, the
    // descriptor keeps reading the version described, as S3 serves a consistent version.
    let fh: fsp.FileHandle;
    try {
      fh = await fsp.open(deps.blobs.absolute(row.blob_path), 'r');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT' && attempt < 3) continue;
      throw err;
    }
    return await streamFrom(fh, out, start, end);
  }
}

async function streamFrom(fh: fsp.FileHandle, out: T.GetObjectOutput, start: number, end: number): Promise<T.GetObjectOutput> {
  try {
    return { ...out, Body: createReadStream('', { fd: fh, start, end, highWaterMark: 1 << 20 }) };
  } catch (err) {
    await fh.close();
    throw err;
  }
}

export async function headObject(deps: S3Deps, _ctx: RequestContext, input: T.HeadObjectRequest): Promise<T.HeadObjectOutput> {
  return describe(deps, input, 'HEAD').out as T.HeadObjectOutput;
}
