// STYLE rule 13 for S3: SDK v3's own serializer feeds our rest-xml parser (every operation the provider
// implements must route back to itself), and our responses go through the SDK's deserializer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as S3 from '@aws-sdk/client-s3';
import { model } from '../../src/aws/generated/s3/model.js';
import { operationMethods } from '../../src/aws/generated/s3/service.js';
import { S3Protocol, bucketFromHost } from '../../src/services/s3/protocol.js';
import { S3Provider } from '../../src/services/s3/provider.js';
import * as errors from '../../src/aws/generated/s3/errors.js';
import { loopback, clientConfig } from '../protocol/loopback.js';

const protocol = new S3Protocol(model);

function client(handler: Parameters<typeof loopback>[1], log: ReturnType<typeof loopback>['log'] = []) {
  const lb = loopback(protocol, handler, log);
  return {
    log,
    s3: new S3.S3Client({ ...clientConfig, forcePathStyle: true, requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED', requestHandler: lb.requestHandler }),
  };
}

const B = { Bucket: 'bkt' };
const K = { Bucket: 'bkt', Key: 'dir/a b+c.txt' };
const U = { ...K, UploadId: 'up1' };
const ACP = { Owner: { ID: 'o' }, Grants: [{ Grantee: { Type: 'CanonicalUser' as const, ID: 'o' }, Permission: 'FULL_CONTROL' as const }] };

/** One SDK command per operation the provider implements, with the input that names it. */
const COMMANDS: [string, () => unknown][] = [
  ['CreateBucket', () => new S3.CreateBucketCommand({ ...B, CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' } })],
  ['DeleteBucket', () => new S3.DeleteBucketCommand(B)],
  ['HeadBucket', () => new S3.HeadBucketCommand(B)],
  ['ListBuckets', () => new S3.ListBucketsCommand({})],
  ['GetBucketLocation', () => new S3.GetBucketLocationCommand(B)],
  ['PutBucketVersioning', () => new S3.PutBucketVersioningCommand({ ...B, VersioningConfiguration: { Status: 'Enabled' } })],
  ['GetBucketVersioning', () => new S3.GetBucketVersioningCommand(B)],
  ['PutObject', () => new S3.PutObjectCommand({ ...K, Body: 'x', Metadata: { a: '1' } })],
  ['GetObject', () => new S3.GetObjectCommand({ ...K, Range: 'bytes=0-1' })],
  ['HeadObject', () => new S3.HeadObjectCommand(K)],
  ['GetObjectAttributes', () => new S3.GetObjectAttributesCommand({ ...K, ObjectAttributes: ['ETag', 'ObjectParts'] })],
  ['DeleteObject', () => new S3.DeleteObjectCommand(K)],
  ['DeleteObjects', () => new S3.DeleteObjectsCommand({ ...B, Delete: { Objects: [{ Key: 'a' }] } })],
  ['CopyObject', () => new S3.CopyObjectCommand({ ...K, CopySource: 'src/key' })],
  ['ListObjects', () => new S3.ListObjectsCommand(B)],
  ['ListObjectsV2', () => new S3.ListObjectsV2Command({ ...B, Prefix: 'p/' })],
  ['ListObjectVersions', () => new S3.ListObjectVersionsCommand(B)],
  ['CreateMultipartUpload', () => new S3.CreateMultipartUploadCommand(K)],
  ['UploadPart', () => new S3.UploadPartCommand({ ...U, PartNumber: 1, Body: 'x' })],
  ['UploadPartCopy', () => new S3.UploadPartCopyCommand({ ...U, PartNumber: 1, CopySource: 'src/key' })],
  ['CompleteMultipartUpload', () => new S3.CompleteMultipartUploadCommand({ ...U, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: '"e"' }] } })],
  ['AbortMultipartUpload', () => new S3.AbortMultipartUploadCommand(U)],
  ['ListParts', () => new S3.ListPartsCommand(U)],
  ['ListMultipartUploads', () => new S3.ListMultipartUploadsCommand(B)],
  ['PutObjectTagging', () => new S3.PutObjectTaggingCommand({ ...K, Tagging: { TagSet: [{ Key: 'k', Value: 'v' }] } })],
  ['GetObjectTagging', () => new S3.GetObjectTaggingCommand(K)],
  ['DeleteObjectTagging', () => new S3.DeleteObjectTaggingCommand(K)],
  ['PutBucketTagging', () => new S3.PutBucketTaggingCommand({ ...B, Tagging: { TagSet: [{ Key: 'k', Value: 'v' }] } })],
  ['GetBucketTagging', () => new S3.GetBucketTaggingCommand(B)],
  ['DeleteBucketTagging', () => new S3.DeleteBucketTaggingCommand(B)],
  ['PutBucketPolicy', () => new S3.PutBucketPolicyCommand({ ...B, Policy: '{"Statement":[]}' })],
  ['GetBucketPolicy', () => new S3.GetBucketPolicyCommand(B)],
  ['DeleteBucketPolicy', () => new S3.DeleteBucketPolicyCommand(B)],
  ['PutBucketCors', () => new S3.PutBucketCorsCommand({ ...B, CORSConfiguration: { CORSRules: [{ AllowedMethods: ['GET'], AllowedOrigins: ['*'] }] } })],
  ['GetBucketCors', () => new S3.GetBucketCorsCommand(B)],
  ['DeleteBucketCors', () => new S3.DeleteBucketCorsCommand(B)],
  ['PutBucketLifecycleConfiguration', () => new S3.PutBucketLifecycleConfigurationCommand({ ...B, LifecycleConfiguration: { Rules: [{ Status: 'Enabled', Filter: { Prefix: '' }, Expiration: { Days: 1 } }] } })],
  ['GetBucketLifecycleConfiguration', () => new S3.GetBucketLifecycleConfigurationCommand(B)],
  ['DeleteBucketLifecycle', () => new S3.DeleteBucketLifecycleCommand(B)],
  ['PutBucketAcl', () => new S3.PutBucketAclCommand({ ...B, AccessControlPolicy: ACP })],
  ['GetBucketAcl', () => new S3.GetBucketAclCommand(B)],
  ['PutObjectAcl', () => new S3.PutObjectAclCommand({ ...K, ACL: 'private' })],
  ['GetObjectAcl', () => new S3.GetObjectAclCommand(K)],
  ['PutBucketEncryption', () => new S3.PutBucketEncryptionCommand({ ...B, ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] } })],
  ['GetBucketEncryption', () => new S3.GetBucketEncryptionCommand(B)],
  ['DeleteBucketEncryption', () => new S3.DeleteBucketEncryptionCommand(B)],
  ['PutBucketOwnershipControls', () => new S3.PutBucketOwnershipControlsCommand({ ...B, OwnershipControls: { Rules: [{ ObjectOwnership: 'ObjectWriter' }] } })],
  ['GetBucketOwnershipControls', () => new S3.GetBucketOwnershipControlsCommand(B)],
  ['DeleteBucketOwnershipControls', () => new S3.DeleteBucketOwnershipControlsCommand(B)],
  ['PutPublicAccessBlock', () => new S3.PutPublicAccessBlockCommand({ ...B, PublicAccessBlockConfiguration: { BlockPublicAcls: false } })],
  ['GetPublicAccessBlock', () => new S3.GetPublicAccessBlockCommand(B)],
  ['DeletePublicAccessBlock', () => new S3.DeletePublicAccessBlockCommand(B)],
  ['PutBucketAccelerateConfiguration', () => new S3.PutBucketAccelerateConfigurationCommand({ ...B, AccelerateConfiguration: { Status: 'Enabled' } })],
  ['GetBucketAccelerateConfiguration', () => new S3.GetBucketAccelerateConfigurationCommand(B)],
  ['PutBucketLogging', () => new S3.PutBucketLoggingCommand({ ...B, BucketLoggingStatus: {} })],
  ['GetBucketLogging', () => new S3.GetBucketLoggingCommand(B)],
  ['PutBucketRequestPayment', () => new S3.PutBucketRequestPaymentCommand({ ...B, RequestPaymentConfiguration: { Payer: 'Requester' } })],
  ['GetBucketRequestPayment', () => new S3.GetBucketRequestPaymentCommand(B)],
  ['PutBucketNotificationConfiguration', () => new S3.PutBucketNotificationConfigurationCommand({ ...B, NotificationConfiguration: {} })],
  ['GetBucketNotificationConfiguration', () => new S3.GetBucketNotificationConfigurationCommand(B)],
  ['GetBucketWebsite', () => new S3.GetBucketWebsiteCommand(B)],
  ['GetBucketReplication', () => new S3.GetBucketReplicationCommand(B)],
  ['GetObjectLockConfiguration', () => new S3.GetObjectLockConfigurationCommand(B)],
];

test('every implemented operation routes back to itself from the SDK v3 request', async () => {
  const { s3, log } = client(() => {
    throw new errors.NoSuchBucket('stop here', { BucketName: 'bkt' });
  });
  for (const [op, make] of COMMANDS) {
    await s3.send(make() as Parameters<typeof s3.send>[0]).catch(() => undefined);
    assert.equal(log[log.length - 1]?.operation, op, `routing ${op}`);
  }
  const implemented = Object.entries(operationMethods).filter(([, m]) => typeof (S3Provider.prototype as unknown as Record<string, unknown>)[m] === 'function' || m in new S3Provider({} as never));
  const covered = new Set(COMMANDS.map(([op]) => op));
  assert.deepEqual(implemented.map(([op]) => op).filter((op) => !covered.has(op)), [], 'every provider operation has a routing case');
});

test('inputs bind from uri (greedy key), query, headers, header maps and XML payloads', async () => {
  // CopyObject must answer with a document: the SDK treats an empty 200 as an aborted copy.
  const { s3, log } = client((op) => (op === 'CopyObject' ? { CopyObjectResult: { ETag: '"e"' } } : {}));
  await s3.send(new S3.CopyObjectCommand({ ...K, CopySource: 'src/k', MetadataDirective: 'REPLACE', Metadata: { Owner: 'ana' }, CopySourceIfModifiedSince: new Date('2024-01-02T03:04:05Z') }));
  const copy = log[0]!.input;
  assert.equal(copy.Key, 'dir/a b+c.txt');
  assert.equal(copy.MetadataDirective, 'REPLACE');
  assert.deepEqual(copy.Metadata, { owner: 'ana' });
  assert.equal((copy.CopySourceIfModifiedSince as Date).toISOString(), '2024-01-02T03:04:05.000Z');
  await s3.send(new S3.ListObjectsV2Command({ ...B, MaxKeys: 5, StartAfter: 'a', FetchOwner: true }));
  assert.deepEqual(log[1]!.input, { Bucket: 'bkt', MaxKeys: 5, StartAfter: 'a', FetchOwner: true });
  await s3.send(new S3.DeleteObjectsCommand({ ...B, Delete: { Quiet: true, Objects: [{ Key: '<&>' }, { Key: 'v', VersionId: '1' }] } }));
  assert.deepEqual(log[2]!.input.Delete, { Quiet: true, Objects: [{ Key: '<&>' }, { Key: 'v', VersionId: '1' }] });
});

test('outputs: headers, XML roots and lists come back through the SDK deserializer', async () => {
  const t = new Date('2024-05-06T07:08:09.000Z');
  const { s3 } = client((op) => {
    if (op === 'ListObjectsV2') {
      return { Name: 'bkt', IsTruncated: true, KeyCount: 2, NextContinuationToken: 'tok', Contents: [{ Key: 'a&b', Size: 3, ETag: '"e"', LastModified: t }], CommonPrefixes: [{ Prefix: 'p/' }] };
    }
    if (op === 'GetBucketLocation') return { LocationConstraint: 'eu-west-1' };
    if (op === 'HeadObject') return { ContentLength: 10, ETag: '"e"', LastModified: t, Metadata: { a: '1' }, ContentType: 'text/plain', Expires: 'Thu, 01 Jan 2037 00:00:00 GMT' };
    return {};
  });
  const list = await s3.send(new S3.ListObjectsV2Command(B));
  assert.equal(list.Contents?.[0]?.Key, 'a&b');
  assert.equal(list.Contents?.[0]?.LastModified?.toISOString(), t.toISOString());
  assert.deepEqual(list.CommonPrefixes, [{ Prefix: 'p/' }]);
  assert.equal(list.NextContinuationToken, 'tok');
  assert.equal((await s3.send(new S3.GetBucketLocationCommand(B))).LocationConstraint, 'eu-west-1');
  const head = await s3.send(new S3.HeadObjectCommand(K));
  assert.equal(head.ContentLength, 10);
  assert.equal(head.LastModified?.toISOString(), t.toISOString());
  assert.deepEqual(head.Metadata, { a: '1' });
  assert.equal(head.ExpiresString, 'Thu, 01 Jan 2037 00:00:00 GMT');
});

test('errors carry S3 codes and extra fields the SDK exposes', async () => {
  const { s3 } = client(() => {
    throw new errors.NoSuchKey('The specified key does not exist.', { Key: 'dir/a b+c.txt' });
  });
  const err = await s3.send(new S3.GetObjectCommand(K)).catch((e: unknown) => e);
  assert.ok(err instanceof S3.NoSuchKey);
  assert.equal(err.message, 'The specified key does not exist.');
  assert.equal(err.$metadata.httpStatusCode, 404);
  assert.equal((err as unknown as { Key: string }).Key, 'dir/a b+c.txt');
});

test('virtual-host bucket names come from the Host unless it is an IP, localhost or a bare endpoint', () => {
  assert.equal(bucketFromHost('my.bucket.s3.us-west-2.amazonaws.com'), 'my.bucket');
  assert.equal(bucketFromHost('data.s3.localhost.localstack.cloud'), 'data');
  assert.equal(bucketFromHost('data.localhost'), 'data');
  assert.equal(bucketFromHost('localhost'), undefined);
  assert.equal(bucketFromHost('127.0.0.1'), undefined);
  assert.equal(bucketFromHost('s3.localhost.localstack.cloud'), undefined);
  assert.equal(bucketFromHost('s3.amazonaws.com'), undefined);
});
