// S3 under --auth strict: real clients with the right key work end to end; a wrong secret is refused
// with S3's error document and nothing is stored.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { S3Client, CreateBucketCommand, PutObjectCommand, GetObjectCommand, HeadObjectCommand, S3ServiceException } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { startServer } from '../helpers/server.js';
import { aws } from '../helpers/clients.js';

test('strict auth: SDK v3 (chunked, signed) and the aws CLI work; a wrong secret gets SignatureDoesNotMatch', async () => {
  const server = await startServer({ auth: 'strict' });
  const mk = (secret: string) => new S3Client({ endpoint: server.endpoint, region: 'us-east-1', forcePathStyle: true, maxAttempts: 1, credentials: { accessKeyId: 'test', secretAccessKey: secret } });
  const good = mk('test');
  const bad = mk('wrong');
  try {
    await good.send(new CreateBucketCommand({ Bucket: 'strict' }));
    const body = randomBytes(200_000);
    await good.send(new PutObjectCommand({ Bucket: 'strict', Key: 'k', Body: body }));
    const got = await good.send(new GetObjectCommand({ Bucket: 'strict', Key: 'k', ChecksumMode: 'ENABLED' }));
    assert.ok(Buffer.from(await got.Body!.transformToByteArray()).equals(body));
    await new Upload({ client: good, params: { Bucket: 'strict', Key: 'big', Body: randomBytes(6 * 1024 * 1024) }, partSize: 5 * 1024 * 1024 }).done();
    const err = await bad.send(new PutObjectCommand({ Bucket: 'strict', Key: 'nope', Body: 'x' })).catch((e: unknown) => e);
    assert.ok(err instanceof S3ServiceException);
    assert.equal(err.name, 'SignatureDoesNotMatch');
    assert.equal(err.$metadata.httpStatusCode, 403);
    const head = await good.send(new HeadObjectCommand({ Bucket: 'strict', Key: 'nope' })).catch((e: unknown) => e);
    assert.ok(head instanceof S3ServiceException && head.$metadata.httpStatusCode === 404, 'the refused PUT stored nothing');
    const r = await aws(server.env, 's3', 'ls', 's3://strict/');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /\sk\n/);
  } finally {
    good.destroy();
    bad.destroy();
    await server.close();
  }
});
