// The S3 provider: one method per implemented operation of the generated S3Service, each delegating to
// the feature file that owns it. Providers never see HTTP; src/services/s3/protocol.ts does.
//
// Not done yet (each answers NotImplemented with S3's error shape): putting a website, replication or
// object-lock configuration (reading them answers "not configured"), inventory, analytics, metrics,
// intelligent tiering, retention and legal hold, SSE-C and SSE-KMS (objects are reported as S3's default
// SSE-S3), Select, restore, torrent, directory buckets and sessions, RenameObject,
// POST (browser form) uploads and CORS preflight. Policies, ACLs, CORS, lifecycle, logging, notification
// and public-access-block settings are stored and returned but not enforced: lifecycle never expires
// anything and no event is delivered.
import type { RequestContext } from '../../aws/context.js';
import type { S3Service } from '../../aws/generated/s3/service.js';
import type { S3Deps } from './common.js';
import * as attributes from './attributes.js';
import * as buckets from './buckets.js';
import * as objects from './objects.js';
import * as deletion from './delete.js';
import * as copy from './copy.js';
import * as listing from './listing.js';
import * as multipart from './multipart.js';
import * as tagging from './tagging.js';
import * as config from './config.js';
import * as defaults from './defaults.js';

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
  // defaults.ts
  putBucketEncryption = (ctx: RequestContext, input: Parameters<S3Service['putBucketEncryption']>[1]) => defaults.putBucketEncryption(this.deps, ctx, input);
  getBucketEncryption = (ctx: RequestContext, input: Parameters<S3Service['getBucketEncryption']>[1]) => defaults.getBucketEncryption(this.deps, ctx, input);
  deleteBucketEncryption = (ctx: RequestContext, input: Parameters<S3Service['deleteBucketEncryption']>[1]) => defaults.deleteBucketEncryption(this.deps, ctx, input);
  putBucketOwnershipControls = (ctx: RequestContext, input: Parameters<S3Service['putBucketOwnershipControls']>[1]) => defaults.putBucketOwnershipControls(this.deps, ctx, input);
  getBucketOwnershipControls = (ctx: RequestContext, input: Parameters<S3Service['getBucketOwnershipControls']>[1]) => defaults.getBucketOwnershipControls(this.deps, ctx, input);
  deleteBucketOwnershipControls = (ctx: RequestContext, input: Parameters<S3Service['deleteBucketOwnershipControls']>[1]) => defaults.deleteBucketOwnershipControls(this.deps, ctx, input);
  putPublicAccessBlock = (ctx: RequestContext, input: Parameters<S3Service['putPublicAccessBlock']>[1]) => defaults.putPublicAccessBlock(this.deps, ctx, input);
  getPublicAccessBlock = (ctx: RequestContext, input: Parameters<S3Service['getPublicAccessBlock']>[1]) => defaults.getPublicAccessBlock(this.deps, ctx, input);
  deletePublicAccessBlock = (ctx: RequestContext, input: Parameters<S3Service['deletePublicAccessBlock']>[1]) => defaults.deletePublicAccessBlock(this.deps, ctx, input);
  getBucketAccelerateConfiguration = (ctx: RequestContext, input: Parameters<S3Service['getBucketAccelerateConfiguration']>[1]) => defaults.getBucketAccelerateConfiguration(this.deps, ctx, input);
  putBucketAccelerateConfiguration = (ctx: RequestContext, input: Parameters<S3Service['putBucketAccelerateConfiguration']>[1]) => defaults.putBucketAccelerateConfiguration(this.deps, ctx, input);
  getBucketLogging = (ctx: RequestContext, input: Parameters<S3Service['getBucketLogging']>[1]) => defaults.getBucketLogging(this.deps, ctx, input);
  putBucketLogging = (ctx: RequestContext, input: Parameters<S3Service['putBucketLogging']>[1]) => defaults.putBucketLogging(this.deps, ctx, input);
  getBucketRequestPayment = (ctx: RequestContext, input: Parameters<S3Service['getBucketRequestPayment']>[1]) => defaults.getBucketRequestPayment(this.deps, ctx, input);
  putBucketRequestPayment = (ctx: RequestContext, input: Parameters<S3Service['putBucketRequestPayment']>[1]) => defaults.putBucketRequestPayment(this.deps, ctx, input);
  getBucketNotificationConfiguration = (ctx: RequestContext, input: Parameters<S3Service['getBucketNotificationConfiguration']>[1]) => defaults.getBucketNotificationConfiguration(this.deps, ctx, input);
  putBucketNotificationConfiguration = (ctx: RequestContext, input: Parameters<S3Service['putBucketNotificationConfiguration']>[1]) => defaults.putBucketNotificationConfiguration(this.deps, ctx, input);
  getBucketWebsite = (ctx: RequestContext, input: Parameters<S3Service['getBucketWebsite']>[1]) => defaults.getBucketWebsite(this.deps, ctx, input);
  getBucketReplication = (ctx: RequestContext, input: Parameters<S3Service['getBucketReplication']>[1]) => defaults.getBucketReplication(this.deps, ctx, input);
  getObjectLockConfiguration = (ctx: RequestContext, input: Parameters<S3Service['getObjectLockConfiguration']>[1]) => defaults.getObjectLockConfiguration(this.deps, ctx, input);
  // attributes.ts
  getObjectAttributes = (ctx: RequestContext, input: Parameters<S3Service['getObjectAttributes']>[1]) => attributes.getObjectAttributes(this.deps, ctx, input);
}
