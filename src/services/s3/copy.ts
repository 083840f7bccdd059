// CopyObject: the source (optionally a version) is read through its own preconditions, its bytes are
// written anew with fresh hashes, and metadata and tags are copied or replaced as the directives say.
import { createReadStream, openSync } from 'node:fs';
import type { Readable } from 'node:stream';
import type { RequestContext } from '../../aws/context.js';
import * as errors from '../../aws/generated/s3/errors.js';
import type * as T from '../../aws/generated/s3/shapes.js';
import { receiveBody } from './body.js';
import { checksumFields, checkKey, parseJson, requireBucket, standardHeaders, userMetadata, type S3Deps } from './common.js';
import { checkReadConditions, checkWriteConditions } from './conditions.js';
import { commitObject, liveObject, readableVersion, visibleVersionId } from './objects.js';
import type { ObjectRow } from './store.js';
import { parseTagging } from './tagging.js';

export interface CopySourceInput {
  CopySource: string;
  CopySourceIfMatch?: string;
  CopySourceIfNoneMatch?: string;
  CopySourceIfModifiedSince?: Date;
  CopySourceIfUnmodifiedSince?: Date;
}

/** Parses x-amz-copy-source: "[/]bucket/key[?versionId=id]", URL-encoded. */
export function parseCopySource(src: string): { bucket: string; key: string; versionId?: string } {
  const q = src.indexOf('?');
  const pathPart = q >= 0 ? src.slice(0, q) : src;
  const versionId = q >= 0 ? new URLSearchParams(src.slice(q + 1)).get('versionId') ?? undefined : undefined;
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathPart);
  } catch {
    decoded = pathPart;
  }
  decoded = decoded.replace(/^\//, '');
  const slash = decoded.indexOf('/');
  if (slash <= 0 || slash === decoded.length - 1) {
    throw new errors.InvalidArgument('Invalid copy source object key', { ArgumentName: 'x-amz-copy-source', ArgumentValue: src });
  }
  return { bucket: decoded.slice(0, slash), key: decoded.slice(slash + 1), versionId };
}

/** The source object of a copy, after its preconditions (all of which fail with 412). */
export function copySourceRow(deps: S3Deps, input: CopySourceInput): { row: ObjectRow; src: ReturnType<typeof parseCopySource> } {
  const src = parseCopySource(input.CopySource);
  requireBucket(deps, src.bucket);
  if (src.versionId !== undefined && deps.store.version(src.bucket, src.key, src.versionId)?.delete_marker) {
    throw new errors.InvalidRequest('The source of a copy request may not specifically refer to a delete marker by version id.');
  }
  const row = readableVersion(deps, src.bucket, src.key, src.versionId, 'GET');
  checkReadConditions(
    { IfMatch: input.CopySourceIfMatch, IfNoneMatch: input.CopySourceIfNoneMatch, IfModifiedSince: input.CopySourceIfModifiedSince, IfUnmodifiedSince: input.CopySourceIfUnmodifiedSince },
    row,
    'x-amz-copy-source-',
  );
  return { row, src };
}

/** A stream of the source's bytes [start, end]; opened at once so a concurrent overwrite cannot pull it away. */
export function openSource(deps: S3Deps, row: ObjectRow, start = 0, end = row.size - 1): Readable | Buffer {
  if (!row.blob_path || end < start) return Buffer.alloc(0);
  const fd = openSync(deps.blobs.absolute(row.blob_path), 'r');
  return createReadStream('', { fd, start, end, highWaterMark: 1 << 20 });
}

export async function copyObject(deps: S3Deps, ctx: RequestContext, input: T.CopyObjectRequest): Promise<T.CopyObjectOutput> {
  requireBucket(deps, input.Bucket);
  checkKey(input.Key);
  const { row, src } = copySourceRow(deps, input);
  const replaceMeta = input.MetadataDirective === 'REPLACE';
  if (input.MetadataDirective !== undefined && input.MetadataDirective !== 'COPY' && !replaceMeta) {
    throw new errors.InvalidArgument('Unknown metadata directive.', { ArgumentName: 'x-amz-metadata-directive', ArgumentValue: input.MetadataDirective });
  }
  const sameObject = src.bucket === input.Bucket && src.key === input.Key && src.versionId === undefined;
  if (sameObject && !replaceMeta && input.StorageClass === undefined && input.WebsiteRedirectLocation === undefined && input.ServerSideEncryption === undefined) {
    throw new errors.InvalidRequest(
      "This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata, storage class, website redirect location or encryption attributes.",
    );
  }
  const conditions = { IfMatch: input.IfMatch, IfNoneMatch: input.IfNoneMatch };
  checkWriteConditions(conditions, liveObject(deps, input.Bucket, input.Key), input.Key);
  const tags = input.TaggingDirective === 'REPLACE' ? parseTagging(input.Tagging) : parseJson(row.tags, []);
  const algorithm = input.ChecksumAlgorithm ?? row.checksum_algorithm ?? undefined;
  const body = await receiveBody(deps, ctx, openSource(deps, row), { ChecksumAlgorithm: algorithm }, { verifyPayloadHash: false });
  const etag = `"${body.md5Hex}"`;
  const { row: written, bucket } = await commitObject(
    deps,
    ctx,
    input.Bucket,
    input.Key,
    body,
    {
      etag,
      headers: replaceMeta ? JSON.stringify(standardHeaders(input)) : row.headers,
      metadata: replaceMeta ? JSON.stringify(userMetadata(input.Metadata)) : row.metadata,
      tags: JSON.stringify(tags),
      checksum_algorithm: body.checksum.algorithm,
      checksum_value: body.checksum.value,
      checksum_type: 'FULL_OBJECT',
      parts: null,
      storage_class: input.StorageClass ?? row.storage_class,
    },
    conditions,
  );
  const srcBucket = requireBucket(deps, src.bucket);
  return {
    CopyObjectResult: { ETag: etag, LastModified: new Date(written.last_modified), ...checksumFields(written) },
    VersionId: visibleVersionId(bucket, written.version_id),
    CopySourceVersionId: visibleVersionId(srcBucket, row.version_id),
    ServerSideEncryption: 'AES256',
  };
}
