// @aws-sdk/client-s3 v3 with its defaults (CRC32 trailers in aws-chunked bodies, response checksum
// validation) and @aws-sdk/lib-storage, plus the conditional-write and checksum rules it relies on.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import {
  S3Client, CreateBucketCommand, PutObjectCommand, GetObjectCommand, HeadObjectCommand, CreateMultipartUploadCommand,
  UploadPartCommand, CompleteMultipartUploadCommand, S3ServiceException, type ChecksumAlgorithm,
} from '@aws-sdk/client-s3';
import * as S3 from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { startServer, type TestServer } from '../helpers/server.js';
import { checksumOf } from '../../src/aws/checksums.js';

let server: TestServer;
let s3: S3Client;

before(async () => {
  server = await startServer();
  s3 = new S3Client({ endpoint: server.endpoint, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
  await s3.send(new CreateBucketCommand({ Bucket: 'sdk' }));
});

after(async () => {
  s3.destroy();
  await server.close();
});

async function rejects(p: Promise<unknown>, name: string, status: number): Promise<S3ServiceException> {
  try {
    await p;
  } catch (err) {
    assert.ok(err instanceof S3ServiceException, String(err));
    assert.equal(err.name, name);
    assert.equal(err.$metadata.httpStatusCode, status);
    return err;
  }
  assert.fail(`expected ${name}`);
}

test('PutObject with the default CRC32 trailer, GetObject validating it', async () => {
  const body = randomBytes(300_000);
  const put = await s3.send(new PutObjectCommand({ Bucket: 'sdk', Key: 'default.bin', Body: body }));
  assert.equal(put.ChecksumCRC32, checksumOf('CRC32', body));
  const get = await s3.send(new GetObjectCommand({ Bucket: 'sdk', Key: 'default.bin', ChecksumMode: 'ENABLED' }));
  assert.equal(get.ChecksumCRC32, checksumOf('CRC32', body));
  assert.equal(get.ChecksumType, 'FULL_OBJECT');
  assert.equal(get.ServerSideEncryption, 'AES256');
  // aws-chunked is how the body travelled, not how the object is encoded.
  assert.equal(get.ContentEncoding, undefined);
  const back = Buffer.from(await get.Body!.transformToByteArray());
  assert.ok(back.equals(body));
});

test('every checksum algorithm is validated, stored and returned', async () => {
  const body = Buffer.from('checksummed '.repeat(1000));
  for (const alg of ['CRC32', 'CRC32C', 'CRC64NVME', 'SHA1', 'SHA256'] as ChecksumAlgorithm[]) {
    await s3.send(new PutObjectCommand({ Bucket: 'sdk', Key: `alg-${alg}`, Body: body, ChecksumAlgorithm: alg }));
    const head = await s3.send(new HeadObjectCommand({ Bucket: 'sdk', Key: `alg-${alg}`, ChecksumMode: 'ENABLED' }));
    const field = `Checksum${alg}` as 'ChecksumCRC32';
    assert.equal(head[field], checksumOf(alg as 'CRC32', body), alg);
  }
  // A wrong value is BadDigest; a value that is not a checksum at all is InvalidRequest.
  await rejects(s3.send(new PutObjectCommand({ Bucket: 'sdk', Key: 'bad', Body: body, ChecksumSHA256: checksumOf('SHA256', Buffer.from('other')) })), 'BadDigest', 400);
  const e = await rejects(s3.send(new PutObjectCommand({ Bucket: 'sdk', Key: 'bad', Body: body, ChecksumCRC32: 'nope' })), 'InvalidRequest', 400);
  assert.equal(e.message, 'Value for x-amz-checksum-crc32 header is invalid.');
  await rejects(s3.send(new HeadObjectCommand({ Bucket: 'sdk', Key: 'bad' })), 'NotFound', 404);
});

test('lib-storage Upload: parallel multipart with composite checksums', async () => {
  const body = randomBytes(13 * 1024 * 1024);
  const up = new Upload({ client: s3, params: { Bucket: 'sdk', Key: 'lib/upload.bin', Body: body }, partSize: 5 * 1024 * 1024, queueSize: 3 });
  const res = await up.done();
  assert.match(res.ETag ?? '', /-3"$/);
  const expected = createHash('md5').update(Buffer.concat([0, 1, 2].map((i) => createHash('md5').update(body.subarray(i * 5 * 1024 * 1024, (i + 1) * 5 * 1024 * 1024)).digest()))).digest('hex');
  assert.equal(res.ETag, `"${expected}-3"`);
  const get = await s3.send(new GetObjectCommand({ Bucket: 'sdk', Key: 'lib/upload.bin', ChecksumMode: 'ENABLED' }));
  const back = Buffer.from(await get.Body!.transformToByteArray());
  assert.ok(back.equals(body));
  const checksum = get.ChecksumCRC32 ?? get.ChecksumCRC64NVME;
  assert.ok(checksum, 'a checksum is returned');
});

test('multipart with SHA256: composite checksum "<sha of part shas>-N", and a part in another algorithm is refused', async () => {
  const parts = [randomBytes(5 * 1024 * 1024), randomBytes(1000)];
  const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: 'sdk', Key: 'composite', ChecksumAlgorithm: 'SHA256' }));
  const done = [];
  for (const [i, body] of parts.entries()) {
    const r = await s3.send(new UploadPartCommand({ Bucket: 'sdk', Key: 'composite', UploadId, PartNumber: i + 1, Body: body, ChecksumAlgorithm: 'SHA256' }));
    assert.equal(r.ChecksumSHA256, checksumOf('SHA256', body));
    done.push({ PartNumber: i + 1, ETag: r.ETag, ChecksumSHA256: r.ChecksumSHA256 });
  }
  const e = await rejects(s3.send(new UploadPartCommand({ Bucket: 'sdk', Key: 'composite', UploadId, PartNumber: 3, Body: 'x', ChecksumAlgorithm: 'CRC32' })), 'InvalidRequest', 400);
  assert.match(e.message, /Checksum Type mismatch/);
  const complete = await s3.send(new CompleteMultipartUploadCommand({ Bucket: 'sdk', Key: 'composite', UploadId, MultipartUpload: { Parts: done } }));
  const expected = `${createHash('sha256').update(Buffer.concat(parts.map((p) => createHash('sha256').update(p).digest()))).digest('base64')}-2`;
  assert.equal(complete.ChecksumSHA256, expected);
  assert.equal(complete.ChecksumType, 'COMPOSITE');
  const head = await s3.send(new HeadObjectCommand({ Bucket: 'sdk', Key: 'composite', ChecksumMode: 'ENABLED' }));
  assert.equal(head.ChecksumSHA256, expected);
  const get = await s3.send(new GetObjectCommand({ Bucket: 'sdk', Key: 'composite', ChecksumMode: 'ENABLED' }));
  assert.ok(Buffer.from(await get.Body!.transformToByteArray()).equals(Buffer.concat(parts)));
  const attrs = await s3.send(new S3.GetObjectAttributesCommand({ Bucket: 'sdk', Key: 'composite', ObjectAttributes: ['ETag', 'Checksum', 'ObjectParts', 'ObjectSize'] }));
  assert.equal(attrs.ETag, complete.ETag!.replace(/"/g, ''));
  assert.equal(attrs.ObjectSize, 5 * 1024 * 1024 + 1000);
  assert.equal(attrs.Checksum?.ChecksumSHA256, expected.replace(/-2$/, ''));
  assert.equal(attrs.ObjectParts?.TotalPartsCount, 2);
  assert.deepEqual(attrs.ObjectParts?.Parts?.map((p) => [p.PartNumber, p.Size, p.ChecksumSHA256]), parts.map((p, i) => [i + 1, p.length, checksumOf('SHA256', p)]));
});

test('conditional writes: If-None-Match on put and complete, If-Match on put', async () => {
  const first = await s3.send(new PutObjectCommand({ Bucket: 'sdk', Key: 'cond', Body: 'v1', IfNoneMatch: '*' }));
  await rejects(s3.send(new PutObjectCommand({ Bucket: 'sdk', Key: 'cond', Body: 'v2', IfNoneMatch: '*' })), 'PreconditionFailed', 412);
  await rejects(s3.send(new PutObjectCommand({ Bucket: 'sdk', Key: 'cond', Body: 'v2', IfMatch: '"0123"' })), 'PreconditionFailed', 412);
  await rejects(s3.send(new PutObjectCommand({ Bucket: 'sdk', Key: 'cond-missing', Body: 'v2', IfMatch: first.ETag })), 'NoSuchKey', 404);
  await s3.send(new PutObjectCommand({ Bucket: 'sdk', Key: 'cond', Body: 'v2', IfMatch: first.ETag }));
  const get = await s3.send(new GetObjectCommand({ Bucket: 'sdk', Key: 'cond' }));
  assert.equal(await get.Body!.transformToString(), 'v2');

  const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: 'sdk', Key: 'cond' }));
  const part = await s3.send(new UploadPartCommand({ Bucket: 'sdk', Key: 'cond', UploadId, PartNumber: 1, Body: 'mp' }));
  await rejects(
    s3.send(new CompleteMultipartUploadCommand({ Bucket: 'sdk', Key: 'cond', UploadId, IfNoneMatch: '*', MultipartUpload: { Parts: [{ PartNumber: 1, ETag: part.ETag }] } })),
    'PreconditionFailed',
    412,
  );
  const done = await s3.send(new CompleteMultipartUploadCommand({ Bucket: 'sdk', Key: 'cond', UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: part.ETag }] } }));
  assert.match(done.ETag ?? '', /-1"$/);
});

test('a fresh bucket answers the settings tools read after creating one with S3\'s defaults', async () => {
  await s3.send(new S3.CreateBucketCommand({ Bucket: 'fresh' }));
  const enc = await s3.send(new S3.GetBucketEncryptionCommand({ Bucket: 'fresh' }));
  assert.equal(enc.ServerSideEncryptionConfiguration?.Rules?.[0]?.ApplyServerSideEncryptionByDefault?.SSEAlgorithm, 'AES256');
  const pab = await s3.send(new S3.GetPublicAccessBlockCommand({ Bucket: 'fresh' }));
  assert.deepEqual(pab.PublicAccessBlockConfiguration, { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true });
  assert.equal((await s3.send(new S3.GetBucketOwnershipControlsCommand({ Bucket: 'fresh' }))).OwnershipControls?.Rules?.[0]?.ObjectOwnership, 'BucketOwnerEnforced');
  assert.equal((await s3.send(new S3.GetBucketRequestPaymentCommand({ Bucket: 'fresh' }))).Payer, 'BucketOwner');
  assert.equal((await s3.send(new S3.GetBucketAccelerateConfigurationCommand({ Bucket: 'fresh' }))).Status, undefined);
  assert.equal((await s3.send(new S3.GetBucketLoggingCommand({ Bucket: 'fresh' }))).LoggingEnabled, undefined);
  await rejects(s3.send(new S3.GetBucketWebsiteCommand({ Bucket: 'fresh' })), 'NoSuchWebsiteConfiguration', 404);
  await rejects(s3.send(new S3.GetBucketReplicationCommand({ Bucket: 'fresh' })), 'ReplicationConfigurationNotFoundError', 404);
  await rejects(s3.send(new S3.GetObjectLockConfigurationCommand({ Bucket: 'fresh' })), 'ObjectLockConfigurationNotFoundError', 404);
  await s3.send(new S3.DeletePublicAccessBlockCommand({ Bucket: 'fresh' }));
  await rejects(s3.send(new S3.GetPublicAccessBlockCommand({ Bucket: 'fresh' })), 'NoSuchPublicAccessBlockConfiguration', 404);
  await s3.send(new S3.PutPublicAccessBlockCommand({ Bucket: 'fresh', PublicAccessBlockConfiguration: { BlockPublicAcls: true } }));
  assert.deepEqual((await s3.send(new S3.GetPublicAccessBlockCommand({ Bucket: 'fresh' }))).PublicAccessBlockConfiguration, { BlockPublicAcls: true, IgnorePublicAcls: false, BlockPublicPolicy: false, RestrictPublicBuckets: false });
});

test('conditional reads: If-Modified-Since / If-Unmodified-Since', async () => {
  const head = await s3.send(new HeadObjectCommand({ Bucket: 'sdk', Key: 'default.bin' }));
  const lm = head.LastModified!;
  const notModified = await s3.send(new GetObjectCommand({ Bucket: 'sdk', Key: 'default.bin', IfModifiedSince: lm })).then(
    () => assert.fail('expected 304'),
    (err: S3ServiceException) => err,
  );
  assert.equal(notModified.$metadata.httpStatusCode, 304);
  await rejects(s3.send(new GetObjectCommand({ Bucket: 'sdk', Key: 'default.bin', IfUnmodifiedSince: new Date(lm.getTime() - 60_000) })), 'PreconditionFailed', 412);
  const ok = await s3.send(new GetObjectCommand({ Bucket: 'sdk', Key: 'default.bin', IfModifiedSince: new Date(lm.getTime() - 60_000) }));
  assert.equal(ok.$metadata.httpStatusCode, 200);
  await ok.Body!.transformToByteArray();
});
