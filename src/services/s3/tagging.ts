// Object and bucket tags, with S3's limits (10 per object, 50 per bucket, key 128 and value 256 characters).
import type { RequestContext } from '../../aws/context.js';
import * as errors from '../../aws/generated/s3/errors.js';
import type * as T from '../../aws/generated/s3/shapes.js';
import { parseJson, requireBucket, type S3Deps } from './common.js';
import { readableVersion, visibleVersionId } from './objects.js';

export type TagList = { Key: string; Value: string }[];

export function validateTags(tags: TagList, max: number): TagList {
  if (tags.length > max) {
    throw max === 10 ? new errors.BadRequest('Object tags cannot be greater than 10') : new errors.InvalidTag('Bucket tag count cannot be greater than 50');
  }
  const seen = new Set<string>();
  for (const t of tags) {
    if (seen.has(t.Key)) throw new errors.InvalidTag('Cannot provide multiple Tags with the same key', { TagKey: t.Key });
    seen.add(t.Key);
    if (t.Key.length < 1 || t.Key.length > 128) throw new errors.InvalidTag('The TagKey you have provided is invalid', { TagKey: t.Key });
    if ((t.Value ?? '').length > 256) throw new errors.InvalidTag('The TagValue you have provided is invalid', { TagKey: t.Key, TagValue: t.Value });
  }
  return tags.map((t) => ({ Key: t.Key, Value: t.Value ?? '' }));
}

/** The x-amz-tagging header: a URL-encoded query string of key=value pairs. */
export function parseTagging(header: string | undefined): TagList {
  if (!header) return [];
  return validateTags([...new URLSearchParams(header)].map(([Key, Value]) => ({ Key, Value })), 10);
}

export async function putObjectTagging(deps: S3Deps, _ctx: RequestContext, input: T.PutObjectTaggingRequest): Promise<T.PutObjectTaggingOutput> {
  const bucket = requireBucket(deps, input.Bucket);
  const row = readableVersion(deps, input.Bucket, input.Key, input.VersionId, 'PUT');
  const tags = validateTags((input.Tagging?.TagSet ?? []) as TagList, 10);
  deps.store.setTags(row.seq, JSON.stringify(tags));
  return { VersionId: visibleVersionId(bucket, row.version_id) };
}

export async function getObjectTagging(deps: S3Deps, _ctx: RequestContext, input: T.GetObjectTaggingRequest): Promise<T.GetObjectTaggingOutput> {
  const bucket = requireBucket(deps, input.Bucket);
  const row = readableVersion(deps, input.Bucket, input.Key, input.VersionId, 'GET');
  return { TagSet: parseJson<TagList>(row.tags, []), VersionId: visibleVersionId(bucket, row.version_id) };
}

export async function deleteObjectTagging(deps: S3Deps, _ctx: RequestContext, input: T.DeleteObjectTaggingRequest): Promise<T.DeleteObjectTaggingOutput> {
  const bucket = requireBucket(deps, input.Bucket);
  const row = readableVersion(deps, input.Bucket, input.Key, input.VersionId, 'DELETE');
  deps.store.setTags(row.seq, '[]');
  return { VersionId: visibleVersionId(bucket, row.version_id) };
}

export async function putBucketTagging(deps: S3Deps, _ctx: RequestContext, input: T.PutBucketTaggingRequest): Promise<void> {
  requireBucket(deps, input.Bucket);
  const tags = validateTags((input.Tagging?.TagSet ?? []) as TagList, 50);
  deps.store.setConfig(input.Bucket, 'tagging', JSON.stringify(tags));
}

export async function getBucketTagging(deps: S3Deps, _ctx: RequestContext, input: T.GetBucketTaggingRequest): Promise<T.GetBucketTaggingOutput> {
  requireBucket(deps, input.Bucket);
  const v = deps.store.config(input.Bucket, 'tagging');
  if (v === undefined) throw new errors.NoSuchTagSet('The TagSet does not exist', { BucketName: input.Bucket });
  return { TagSet: parseJson<TagList>(v, []) };
}

export async function deleteBucketTagging(deps: S3Deps, _ctx: RequestContext, input: T.DeleteBucketTaggingRequest): Promise<void> {
  requireBucket(deps, input.Bucket);
  deps.store.setConfig(input.Bucket, 'tagging', undefined);
}
