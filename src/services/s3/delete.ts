// Deleting objects: permanently (a version id, or an unversioned bucket) or by placing a delete marker.
import type { RequestContext } from '../../aws/context.js';
import { AwsError } from '../../aws/errors.js';
import * as errors from '../../aws/generated/s3/errors.js';
import type * as T from '../../aws/generated/s3/shapes.js';
import { checkVersionId, now, requireBucket, type S3Deps } from './common.js';
import { checkWriteConditions } from './conditions.js';
import { freeBlobs, liveObject, versionIdFor } from './objects.js';

interface DeleteResult {
  VersionId?: string;
  DeleteMarker?: boolean;
}

function deleteOne(deps: S3Deps, ctx: RequestContext, bucketName: string, key: string, versionId: string | undefined): DeleteResult {
  const bucket = requireBucket(deps, bucketName);
  if (versionId !== undefined) {
    checkVersionId(versionId);
    const row = deps.store.version(bucketName, key, versionId);
    // Deleting a version that does not exist succeeds, as in S3.
    if (!row) return { VersionId: versionId };
    const freed = deps.store.deleteVersion(row);
    if (freed) freeBlobs(deps, [freed]);
    return { VersionId: versionId, DeleteMarker: row.delete_marker ? true : undefined };
  }
  if (!bucket.versioning) {
    const row = deps.store.latest(bucketName, key);
    if (row) {
      const freed = deps.store.deleteVersion(row);
      if (freed) freeBlobs(deps, [freed]);
    }
    return {};
  }
  const vid = versionIdFor(bucket);
  const freed = deps.store.putVersion({
    bucket: bucketName,
    key,
    version_id: vid,
    delete_marker: 1,
    size: 0,
    etag: '',
    last_modified: now(ctx).toISOString(),
    headers: '{}',
    metadata: '{}',
    tags: '[]',
    checksum_algorithm: null,
    checksum_value: null,
    checksum_type: null,
    parts: null,
    blob_path: null,
    storage_class: 'STANDARD',
  });
  freeBlobs(deps, freed);
  return { VersionId: vid, DeleteMarker: true };
}

export async function deleteObject(deps: S3Deps, ctx: RequestContext, input: T.DeleteObjectRequest): Promise<T.DeleteObjectOutput> {
  requireBucket(deps, input.Bucket);
  if (input.IfMatch !== undefined) checkWriteConditions({ IfMatch: input.IfMatch }, liveObject(deps, input.Bucket, input.Key), input.Key);
  return deleteOne(deps, ctx, input.Bucket, input.Key, input.VersionId);
}

export async function deleteObjects(deps: S3Deps, ctx: RequestContext, input: T.DeleteObjectsRequest): Promise<T.DeleteObjectsOutput> {
  requireBucket(deps, input.Bucket);
  const objects = input.Delete?.Objects ?? [];
  if (objects.length === 0 || objects.length > 1000) {
    throw new errors.MalformedXML('The XML you provided was not well-formed or did not validate against our published schema');
  }
  const deleted: T.DeletedObject[] = [];
  const failed: T.Error_[] = [];
  for (const o of objects) {
    try {
      const r = deleteOne(deps, ctx, input.Bucket, o.Key, o.VersionId);
      if (!input.Delete.Quiet) {
        deleted.push({
          Key: o.Key,
          VersionId: o.VersionId,
          DeleteMarker: r.DeleteMarker,
          DeleteMarkerVersionId: r.DeleteMarker && !o.VersionId ? r.VersionId : r.DeleteMarker ? o.VersionId : undefined,
        });
      }
    } catch (err) {
      if (!(err instanceof AwsError)) throw err;
      failed.push({ Key: o.Key, VersionId: o.VersionId, Code: err.code, Message: err.message });
    }
  }
  const out: T.DeleteObjectsOutput = {};
  if (deleted.length) out.Deleted = deleted;
  if (failed.length) out.Errors = failed;
  return out;
}
