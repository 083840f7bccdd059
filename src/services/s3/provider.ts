// The S3 provider: one method per implemented operation of the generated S3Service, each delegating to
// the feature file that owns it. Providers never see HTTP; src/services/s3/protocol.ts does.
//
// Not done yet (each answers NotImplemented with S3's error shape): bucket website, logging, notification,
// replication, inventory, analytics, metrics, intelligent tiering, object lock and retention, legal hold,
// SSE-C/KMS (SSE headers are accepted as S3's default SSE-S3 only), Select, restore, torrent, accelerate,
// request payment, public access block, directory buckets and sessions, GetObjectAttributes, RenameObject.
// Policies, ACLs, CORS and lifecycle are stored and returned but not enforced; lifecycle never expires objects.
import type { RequestContext } from '../../aws/context.js';
import type { S3Service } from '../../aws/generated/s3/service.js';
import type { S3Deps } from './common.js';
import * as buckets from './buckets.js';
import * as objects from './objects.js';
import * as deletion from './delete.js';
import * as copy from './copy.js';
import * as listing from './listing.js';
import * as multipart from './multipart.js';
import * as tagging from './tagging.js';
import * as config from './config.js';

export class S3Provider implements Partial<S3Service> {
  constructor(private readonly deps: S3Deps) {}

  // buckets.ts
  createBucket = (ctx: RequestContext, input: Parameters<S3Service['createBucket']>[1]) => buckets.createBucket(this.deps, ctx, input);
  deleteBucket = (ctx: RequestContext, input: Parameters<S3Service['deleteBucket']>[1]) => buckets.deleteBucket(this.deps, ctx, input);
  headBucket = (ctx: RequestContext, input: Parameters<S3Service['headBucket']>[1]) => buckets.headBucket(this.deps, ctx, input);
  listBuckets = (ctx: RequestContext, input: Parameters<S3Service['listBuckets']>[1]) => buckets.listBuckets(this.deps, ctx, input);
  getBucketLocation = (ctx: RequestContext, input: Parameters<S3Service['getBucketLocation']>[1]) => buckets.getBucketLocation(this.deps, ctx, input);
  putBucketVersioning = (ctx: RequestContext, input: Parameters<S3Service['putBucketVersioning']>[1]) => buckets.putBucketVersioning(this.deps, ctx, input);
  getBucketVersioning = (ctx: RequestContext, input: Parameters<S3Service['getBucketVersioning']>[1]) => buckets.getBucketVersioning(this.deps, ctx, input);
  // objects.ts
  putObject = (ctx: RequestContext, input: Parameters<S3Service['putObject']>[1]) => objects.putObject(this.deps, ctx, input);
  getObject = (ctx: RequestContext, input: Parameters<S3Service['getObject']>[1]) => objects.getObject(this.deps, ctx, input);
  headObject = (ctx: RequestContext, input: Parameters<S3Service['headObject']>[1]) => objects.headObject(this.deps, ctx, input);
  // delete.ts
  deleteObject = (ctx: RequestContext, input: Parameters<S3Service['deleteObject']>[1]) => deletion.deleteObject(this.deps, ctx, input);
  deleteObjects = (ctx: RequestContext, input: Parameters<S3Service['deleteObjects']>[1]) => deletion.deleteObjects(this.deps, ctx, input);
  // copy.ts
  copyObject = (ctx: RequestContext, input: Parameters<S3Service['copyObject']>[1]) => copy.copyObject(this.deps, ctx, input);
  // listing.ts
  listObjects = (ctx: RequestContext, input: Parameters<S3Service['listObjects']>[1]) => listing.listObjects(this.deps, ctx, input);
  listObjectsV2 = (ctx: RequestContext, input: Parameters<S3Service['listObjectsV2']>[1]) => listing.listObjectsV2(this.deps, ctx, input);
  listObjectVersions = (ctx: RequestContext, input: Parameters<S3Service['listObjectVersions']>[1]) => listing.listObjectVersions(this.deps, ctx, input);
  // multipart.ts
  createMultipartUpload = (ctx: RequestContext, input: Parameters<S3Service['createMultipartUpload']>[1]) => multipart.createMultipartUpload(this.deps, ctx, input);
  uploadPart = (ctx: RequestContext, input: Parameters<S3Service['uploadPart']>[1]) => multipart.uploadPart(this.deps, ctx, input);
  uploadPartCopy = (ctx: RequestContext, input: Parameters<S3Service['uploadPartCopy']>[1]) => multipart.uploadPartCopy(this.deps, ctx, input);
  completeMultipartUpload = (ctx: RequestContext, input: Parameters<S3Service['completeMultipartUpload']>[1]) => multipart.completeMultipartUpload(this.deps, ctx, input);
  abortMultipartUpload = (ctx: RequestContext, input: Parameters<S3Service['abortMultipartUpload']>[1]) => multipart.abortMultipartUpload(this.deps, ctx, input);
  listParts = (ctx: RequestContext, input: Parameters<S3Service['listParts']>[1]) => multipart.listParts(this.deps, ctx, input);
  listMultipartUploads = (ctx: RequestContext, input: Parameters<S3Service['listMultipartUploads']>[1]) => multipart.listMultipartUploads(this.deps, ctx, input);
  // tagging.ts
  putObjectTagging = (ctx: RequestContext, input: Parameters<S3Service['putObjectTagging']>[1]) => tagging.putObjectTagging(this.deps, ctx, input);
  getObjectTagging = (ctx: RequestContext, input: Parameters<S3Service['getObjectTagging']>[1]) => tagging.getObjectTagging(this.deps, ctx, input);
  deleteObjectTagging = (ctx: RequestContext, input: Parameters<S3Service['deleteObjectTagging']>[1]) => tagging.deleteObjectTagging(this.deps, ctx, input);
  putBucketTagging = (ctx: RequestContext, input: Parameters<S3Service['putBucketTagging']>[1]) => tagging.putBucketTagging(this.deps, ctx, input);
  getBucketTagging = (ctx: RequestContext, input: Parameters<S3Service['getBucketTagging']>[1]) => tagging.getBucketTagging(this.deps, ctx, input);
  deleteBucketTagging = (ctx: RequestContext, input: Parameters<S3Service['deleteBucketTagging']>[1]) => tagging.deleteBucketTagging(this.deps, ctx, input);
  // config.ts
  putBucketPolicy = (ctx: RequestContext, input: Parameters<S3Service['putBucketPolicy']>[1]) => config.putBucketPolicy(this.deps, ctx, input);
  getBucketPolicy = (ctx: RequestContext, input: Parameters<S3Service['getBucketPolicy']>[1]) => config.getBucketPolicy(this.deps, ctx, input);
  deleteBucketPolicy = (ctx: RequestContext, input: Parameters<S3Service['deleteBucketPolicy']>[1]) => config.deleteBucketPolicy(this.deps, ctx, input);
  putBucketCors = (ctx: RequestContext, input: Parameters<S3Service['putBucketCors']>[1]) => config.putBucketCors(this.deps, ctx, input);
  getBucketCors = (ctx: RequestContext, input: Parameters<S3Service['getBucketCors']>[1]) => config.getBucketCors(this.deps, ctx, input);
  deleteBucketCors = (ctx: RequestContext, input: Parameters<S3Service['deleteBucketCors']>[1]) => config.deleteBucketCors(this.deps, ctx, input);
  putBucketLifecycleConfiguration = (ctx: RequestContext, input: Parameters<S3Service['putBucketLifecycleConfiguration']>[1]) => config.putBucketLifecycleConfiguration(this.deps, ctx, input);
  getBucketLifecycleConfiguration = (ctx: RequestContext, input: Parameters<S3Service['getBucketLifecycleConfiguration']>[1]) => config.getBucketLifecycleConfiguration(this.deps, ctx, input);
  deleteBucketLifecycle = (ctx: RequestContext, input: Parameters<S3Service['deleteBucketLifecycle']>[1]) => config.deleteBucketLifecycle(this.deps, ctx, input);
  putBucketAcl = (ctx: RequestContext, input: Parameters<S3Service['putBucketAcl']>[1]) => config.putBucketAcl(this.deps, ctx, input);
  getBucketAcl = (ctx: RequestContext, input: Parameters<S3Service['getBucketAcl']>[1]) => config.getBucketAcl(this.deps, ctx, input);
  putObjectAcl = (ctx: RequestContext, input: Parameters<S3Service['putObjectAcl']>[1]) => config.putObjectAcl(this.deps, ctx, input);
  getObjectAcl = (ctx: RequestContext, input: Parameters<S3Service['getObjectAcl']>[1]) => config.getObjectAcl(this.deps, ctx, input);
  getBucketEncryption = (ctx: RequestContext, input: Parameters<S3Service['getBucketEncryption']>[1]) => config.getBucketEncryption(this.deps, ctx, input);
  getBucketOwnershipControls = (ctx: RequestContext, input: Parameters<S3Service['getBucketOwnershipControls']>[1]) => config.getBucketOwnershipControls(this.deps, ctx, input);
}
