// Buckets: create (with S3's LocationConstraint rules), delete, head, list, location and versioning.
import type { RequestContext } from '../../aws/context.js';
import * as errors from '../../aws/generated/s3/errors.js';
import type * as T from '../../aws/generated/s3/shapes.js';
import { now, ownerOf, requireBucket, type S3Deps } from './common.js';

/** S3's bucket naming rules for general purpose buckets. */
export function validBucketName(name: string): boolean {
  if (name.length < 3 || name.length > 63) return false;
  if (!/^[a-z0-9][a-z0-9.-]*[a-z0-9]$/.test(name)) return false;
  if (name.includes('..') || name.includes('.-') || name.includes('-.')) return false;
  if (/^\d+\.\d+\.\d+\.\d+$/.test(name)) return false;
  if (/^(xn--|sthree-|amzn-s3-demo-)/.test(name) || /(-s3alias|--ol-s3|\.mrap|--x-s3|--table-s3)$/.test(name)) return false;
  return true;
}

export function checkBucketName(name: string): void {
  if (!validBucketName(name)) throw new errors.InvalidBucketName('The specified bucket is not valid.', { BucketName: name });
}

export async function createBucket(deps: S3Deps, ctx: RequestContext, input: T.CreateBucketRequest): Promise<T.CreateBucketOutput> {
  checkBucketName(input.Bucket);
  const constraint = input.CreateBucketConfiguration?.LocationConstraint;
  const region = ctx.region;
  if (constraint !== undefined && constraint !== '' && !/^[a-z]{2}(-[a-z]+)+-\d$/.test(constraint) && constraint !== 'EU') {
    throw new errors.InvalidLocationConstraint('The specified location-constraint is not valid', { LocationConstraint: constraint });
  }
  if (region === 'us-east-1') {
    // The global endpoint takes any other region's constraint, but naming us-east-1 itself is refused.
    if (constraint === 'us-east-1') throw new errors.InvalidLocationConstraint('The specified location-constraint is not valid', { LocationConstraint: constraint });
  } else if (constraint === undefined || constraint === '') {
    throw new errors.IllegalLocationConstraintException('The unspecified location constraint is incompatible for the region specific endpoint this request was sent to.');
  } else if (constraint !== region) {
    throw new errors.IllegalLocationConstraintException(`The ${constraint} location constraint is incompatible for the region specific endpoint this request was sent to.`);
  }
  const existing = deps.store.bucket(input.Bucket);
  if (existing) {
    if (existing.account_id !== ctx.accountId) {
      throw new errors.BucketAlreadyExists('The requested bucket name is not available. The bucket namespace is shared by all users of the system. Please select a different name and try again.', { BucketName: input.Bucket });
    }
    // us-east-1 answers a repeated create by the owner with success (a legacy behaviour clients rely on).
    if (existing.region === 'us-east-1' && region === 'us-east-1') return { Location: `/${input.Bucket}` };
    throw new errors.BucketAlreadyOwnedByYou('Your previous request to create the named bucket succeeded and you already own it.', { BucketName: input.Bucket });
  }
  deps.store.insertBucket({
    name: input.Bucket,
    account_id: ctx.accountId,
    region: constraint || 'us-east-1',
    created_at: now(ctx).toISOString(),
    versioning: null,
    object_ownership: input.ObjectOwnership ?? 'BucketOwnerEnforced',
  });
  if (input.ObjectLockEnabledForBucket) deps.store.setVersioning(input.Bucket, 'Enabled');
  return { Location: region === 'us-east-1' ? `/${input.Bucket}` : `http://${input.Bucket}.s3.amazonaws.com/` };
}

export async function deleteBucket(deps: S3Deps, _ctx: RequestContext, input: T.DeleteBucketRequest): Promise<void> {
  requireBucket(deps, input.Bucket);
  if (deps.store.hasObjects(input.Bucket)) {
    throw new errors.BucketNotEmpty('The bucket you tried to delete is not empty', { BucketName: input.Bucket });
  }
  deps.store.deleteBucket(input.Bucket);
}

export async function headBucket(deps: S3Deps, _ctx: RequestContext, input: T.HeadBucketRequest): Promise<T.HeadBucketOutput> {
  const b = requireBucket(deps, input.Bucket);
  return { BucketRegion: b.region, AccessPointAlias: false };
}

export async function listBuckets(deps: S3Deps, ctx: RequestContext, input: T.ListBucketsRequest): Promise<T.ListBucketsOutput> {
  let rows = deps.store.buckets(ctx.accountId);
  if (input.Prefix) rows = rows.filter((b) => b.name.startsWith(input.Prefix!));
  if (input.BucketRegion) rows = rows.filter((b) => b.region === input.BucketRegion);
  if (input.ContinuationToken) rows = rows.filter((b) => b.name > input.ContinuationToken!);
  const max = input.MaxBuckets ?? 10000;
  const page = rows.slice(0, max);
  const out: T.ListBucketsOutput = {
    Buckets: page.map((b) => ({ Name: b.name, CreationDate: new Date(b.created_at), BucketRegion: b.region })),
    Owner: ownerOf(ctx.accountId),
  };
  if (input.Prefix !== undefined) out.Prefix = input.Prefix;
  if (rows.length > max) out.ContinuationToken = page[page.length - 1]!.name;
  return out;
}

export async function getBucketLocation(deps: S3Deps, _ctx: RequestContext, input: T.GetBucketLocationRequest): Promise<T.GetBucketLocationOutput> {
  const b = requireBucket(deps, input.Bucket);
  return b.region === 'us-east-1' ? {} : { LocationConstraint: b.region as T.BucketLocationConstraint };
}

export async function putBucketVersioning(deps: S3Deps, _ctx: RequestContext, input: T.PutBucketVersioningRequest): Promise<void> {
  requireBucket(deps, input.Bucket);
  const status = input.VersioningConfiguration?.Status;
  if (status !== 'Enabled' && status !== 'Suspended') {
    throw new errors.MalformedXML('The XML you provided was not well-formed or did not validate against our published schema');
  }
  deps.store.setVersioning(input.Bucket, status);
}

export async function getBucketVersioning(deps: S3Deps, _ctx: RequestContext, input: T.GetBucketVersioningRequest): Promise<T.GetBucketVersioningOutput> {
  const b = requireBucket(deps, input.Bucket);
  return b.versioning ? { Status: b.versioning as T.BucketVersioningStatus } : {};
}
