// Bucket settings that every S3 bucket has an answer for, even when nobody set them: tools such as
// Terraform read all of them after creating a bucket and expect S3's defaults or its exact not-found
// errors. Settings a client puts are stored and returned; none of them changes behaviour yet.
import type { RequestContext } from '../../aws/context.js';
import * as errors from '../../aws/generated/s3/errors.js';
import type * as T from '../../aws/generated/s3/shapes.js';
import { parseJson, requireBucket, type S3Deps } from './common.js';

// ----- default encryption (SSE-S3 for every bucket since 2023) -----------------------------------

const SSE_S3: T.ServerSideEncryptionConfiguration = { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' }, BucketKeyEnabled: false }] };

export async function putBucketEncryption(deps: S3Deps, _ctx: RequestContext, input: T.PutBucketEncryptionRequest): Promise<void> {
  requireBucket(deps, input.Bucket);
  const rules = input.ServerSideEncryptionConfiguration?.Rules ?? [];
  if (!rules.length) throw new errors.MalformedXML('The XML you provided was not well-formed or did not validate against our published schema');
  deps.store.setConfig(input.Bucket, 'encryption', JSON.stringify(input.ServerSideEncryptionConfiguration));
}

export async function getBucketEncryption(deps: S3Deps, _ctx: RequestContext, input: T.GetBucketEncryptionRequest): Promise<T.GetBucketEncryptionOutput> {
  requireBucket(deps, input.Bucket);
  return { ServerSideEncryptionConfiguration: parseJson(deps.store.config(input.Bucket, 'encryption'), SSE_S3) };
}

export async function deleteBucketEncryption(deps: S3Deps, _ctx: RequestContext, input: T.DeleteBucketEncryptionRequest): Promise<void> {
  requireBucket(deps, input.Bucket);
  deps.store.setConfig(input.Bucket, 'encryption', undefined);
}

// ----- object ownership ------------------------------------------------------------------------

export async function putBucketOwnershipControls(deps: S3Deps, _ctx: RequestContext, input: T.PutBucketOwnershipControlsRequest): Promise<void> {
  requireBucket(deps, input.Bucket);
  const rule = input.OwnershipControls?.Rules?.[0]?.ObjectOwnership;
  if (!rule || !['BucketOwnerPreferred', 'ObjectWriter', 'BucketOwnerEnforced'].includes(rule)) {
    throw new errors.MalformedXML('The XML you provided was not well-formed or did not validate against our published schema');
  }
  deps.store.setOwnership(input.Bucket, rule);
}

export async function getBucketOwnershipControls(deps: S3Deps, _ctx: RequestContext, input: T.GetBucketOwnershipControlsRequest): Promise<T.GetBucketOwnershipControlsOutput> {
  const b = requireBucket(deps, input.Bucket);
  if (!b.object_ownership) throw new errors.OwnershipControlsNotFoundError('The bucket ownership controls were not found', { BucketName: input.Bucket });
  return { OwnershipControls: { Rules: [{ ObjectOwnership: b.object_ownership as T.ObjectOwnership }] } };
}

export async function deleteBucketOwnershipControls(deps: S3Deps, _ctx: RequestContext, input: T.DeleteBucketOwnershipControlsRequest): Promise<void> {
  requireBucket(deps, input.Bucket);
  deps.store.setOwnership(input.Bucket, null);
}

// ----- public access block (on for every new bucket since 2023) ----------------------------------

const ALL_BLOCKED: T.PublicAccessBlockConfiguration = { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true };

export async function putPublicAccessBlock(deps: S3Deps, _ctx: RequestContext, input: T.PutPublicAccessBlockRequest): Promise<void> {
  requireBucket(deps, input.Bucket);
  const c = input.PublicAccessBlockConfiguration ?? {};
  deps.store.setConfig(input.Bucket, 'public-access-block', JSON.stringify({
    BlockPublicAcls: !!c.BlockPublicAcls,
    IgnorePublicAcls: !!c.IgnorePublicAcls,
    BlockPublicPolicy: !!c.BlockPublicPolicy,
    RestrictPublicBuckets: !!c.RestrictPublicBuckets,
  }));
}

export async function getPublicAccessBlock(deps: S3Deps, _ctx: RequestContext, input: T.GetPublicAccessBlockRequest): Promise<T.GetPublicAccessBlockOutput> {
  requireBucket(deps, input.Bucket);
  const v = deps.store.config(input.Bucket, 'public-access-block');
  if (v === 'deleted') {
    throw new errors.NoSuchPublicAccessBlockConfiguration('The public access block configuration was not found', { BucketName: input.Bucket });
  }
  return { PublicAccessBlockConfiguration: parseJson(v, ALL_BLOCKED) };
}

export async function deletePublicAccessBlock(deps: S3Deps, _ctx: RequestContext, input: T.DeletePublicAccessBlockRequest): Promise<void> {
  requireBucket(deps, input.Bucket);
  // Deleting leaves the bucket with no configuration at all (not the default), which reads as not found.
  deps.store.setConfig(input.Bucket, 'public-access-block', 'deleted');
}

// ----- settings stored as sent, with S3's empty answers ------------------------------------------

export async function getBucketAccelerateConfiguration(deps: S3Deps, _ctx: RequestContext, input: T.GetBucketAccelerateConfigurationRequest): Promise<T.GetBucketAccelerateConfigurationOutput> {
  requireBucket(deps, input.Bucket);
  const status = deps.store.config(input.Bucket, 'accelerate');
  return status ? { Status: status as T.BucketAccelerateStatus } : {};
}

export async function putBucketAccelerateConfiguration(deps: S3Deps, _ctx: RequestContext, input: T.PutBucketAccelerateConfigurationRequest): Promise<void> {
  requireBucket(deps, input.Bucket);
  const status = input.AccelerateConfiguration?.Status;
  if (status !== 'Enabled' && status !== 'Suspended') throw new errors.MalformedXML('The XML you provided was not well-formed or did not validate against our published schema');
  if (input.Bucket.includes('.')) throw new errors.InvalidRequest('S3 Transfer Acceleration is not supported for buckets with periods (.) in their names');
  deps.store.setConfig(input.Bucket, 'accelerate', status);
}

export async function getBucketLogging(deps: S3Deps, _ctx: RequestContext, input: T.GetBucketLoggingRequest): Promise<T.GetBucketLoggingOutput> {
  requireBucket(deps, input.Bucket);
  return parseJson<T.GetBucketLoggingOutput>(deps.store.config(input.Bucket, 'logging'), {});
}

export async function putBucketLogging(deps: S3Deps, _ctx: RequestContext, input: T.PutBucketLoggingRequest): Promise<void> {
  requireBucket(deps, input.Bucket);
  const enabled = input.BucketLoggingStatus?.LoggingEnabled;
  if (enabled && !deps.store.bucket(enabled.TargetBucket)) {
    throw new errors.InvalidTargetBucketForLogging('The target bucket for logging does not exist', { TargetBucket: enabled.TargetBucket });
  }
  deps.store.setConfig(input.Bucket, 'logging', JSON.stringify(enabled ? { LoggingEnabled: enabled } : {}));
}

export async function getBucketRequestPayment(deps: S3Deps, _ctx: RequestContext, input: T.GetBucketRequestPaymentRequest): Promise<T.GetBucketRequestPaymentOutput> {
  requireBucket(deps, input.Bucket);
  return { Payer: (deps.store.config(input.Bucket, 'request-payment') ?? 'BucketOwner') as T.Payer };
}

export async function putBucketRequestPayment(deps: S3Deps, _ctx: RequestContext, input: T.PutBucketRequestPaymentRequest): Promise<void> {
  requireBucket(deps, input.Bucket);
  const payer = input.RequestPaymentConfiguration?.Payer;
  if (payer !== 'Requester' && payer !== 'BucketOwner') throw new errors.MalformedXML('The XML you provided was not well-formed or did not validate against our published schema');
  deps.store.setConfig(input.Bucket, 'request-payment', payer);
}

export async function getBucketNotificationConfiguration(deps: S3Deps, _ctx: RequestContext, input: T.GetBucketNotificationConfigurationRequest): Promise<T.NotificationConfiguration> {
  requireBucket(deps, input.Bucket);
  return parseJson<T.NotificationConfiguration>(deps.store.config(input.Bucket, 'notification'), {});
}

export async function putBucketNotificationConfiguration(deps: S3Deps, _ctx: RequestContext, input: T.PutBucketNotificationConfigurationRequest): Promise<void> {
  requireBucket(deps, input.Bucket);
  // Stored so that reads return it; events are not delivered yet (there is no SNS, SQS or Lambda here).
  deps.store.setConfig(input.Bucket, 'notification', JSON.stringify(input.NotificationConfiguration ?? {}));
}

// ----- features not built yet: read as "not configured", as on a fresh S3 bucket -------------------

export async function getBucketWebsite(deps: S3Deps, _ctx: RequestContext, input: T.GetBucketWebsiteRequest): Promise<T.GetBucketWebsiteOutput> {
  requireBucket(deps, input.Bucket);
  throw new errors.NoSuchWebsiteConfiguration('The specified bucket does not have a website configuration', { BucketName: input.Bucket });
}

export async function getBucketReplication(deps: S3Deps, _ctx: RequestContext, input: T.GetBucketReplicationRequest): Promise<T.GetBucketReplicationOutput> {
  requireBucket(deps, input.Bucket);
  throw new errors.ReplicationConfigurationNotFoundError('The replication configuration was not found', { BucketName: input.Bucket });
}

export async function getObjectLockConfiguration(deps: S3Deps, _ctx: RequestContext, input: T.GetObjectLockConfigurationRequest): Promise<T.GetObjectLockConfigurationOutput> {
  requireBucket(deps, input.Bucket);
  throw new errors.ObjectLockConfigurationNotFoundError('Object Lock configuration does not exist for this bucket', { BucketName: input.Bucket });
}
