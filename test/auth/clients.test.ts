// Real clients against the auth layer alone (see harness.ts): what each SDK really puts on the wire is
// accepted with the right secret and refused with a wrong one, in header, presigned and chunked forms.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { S3Client, PutObjectCommand } from '@aws-sdk/client-s3';
import { STSClient, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { startAuthHarness, type AuthHarness } from './harness.js';
import { aws, python } from '../helpers/clients.js';
import { sha256Hex } from '../../src/aws/auth/sigv4.js';
import { signedStream as send } from './signed-stream.js';

let h: AuthHarness;
before(async () => {
  h = await startAuthHarness();
});
after(async () => {
  await h.close();
});

const s3 = (secret: string) =>
  new S3Client({ endpoint: h.endpoint, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: 'test', secretAccessKey: secret }, maxAttempts: 1 });

const cliEnv = (secret: string): NodeJS.ProcessEnv => ({
  ...process.env,
  AWS_ENDPOINT_URL: h.endpoint,
  AWS_ACCESS_KEY_ID: 'test',
  AWS_SECRET_ACCESS_KEY: secret,
  AWS_DEFAULT_REGION: 'us-east-1',
  AWS_CONFIG_FILE: '/dev/null',
  AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
  AWS_MAX_ATTEMPTS: '1',
  ENDPOINT: h.endpoint,
});

async function errorName(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    return (err as Error).name;
  }
  return 'no error';
}

test('SDK v3 PutObject streams aws-chunked with a CRC32 trailer; the right secret passes, a wrong one is refused', async () => {
  const data = Buffer.alloc(200_000, 'x');
  const put = (secret: string) => s3(secret).send(new PutObjectCommand({ Bucket: 'b', Key: 'k', Body: Readable.from([data.subarray(0, 70_000), data.subarray(70_000)]), ContentLength: data.length }));
  await put('test');
  assert.equal(h.last?.contentSha256, 'STREAMING-UNSIGNED-PAYLOAD-TRAILER');
  assert.deepEqual(h.last?.body, data);
  assert.match(h.last?.trailers['x-amz-checksum-crc32'] ?? '', /^[A-Za-z0-9+/]{6}==$/);
  assert.equal(await errorName(put('wrong')), 'SignatureDoesNotMatch');
});

test('SDK v3 header-signed requests: S3 with a buffer body and STS', async () => {
  await s3('test').send(new PutObjectCommand({ Bucket: 'b', Key: 'k k+é', Body: 'hello' }));
  assert.equal(h.last?.body.toString(), 'hello');
  assert.equal(await errorName(s3('wrong').send(new PutObjectCommand({ Bucket: 'b', Key: 'k', Body: 'hello' }))), 'SignatureDoesNotMatch');
  const sts = (secret: string) => new STSClient({ endpoint: h.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: secret }, maxAttempts: 1 });
  assert.equal((await sts('test').send(new GetCallerIdentityCommand({}))).Account, '000000000000');
  assert.equal(await errorName(sts('wrong').send(new GetCallerIdentityCommand({}))), 'SignatureDoesNotMatch');
  const unknown = new STSClient({ endpoint: h.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'AKIANOBODY', secretAccessKey: 'x' }, maxAttempts: 1 });
  assert.equal(await errorName(unknown.send(new GetCallerIdentityCommand({}))), 'InvalidClientTokenId');
});

test('aws CLI: right secret works, wrong secret and unknown key are refused', async () => {
  const ok = await aws(cliEnv('test'), 'sts', 'get-caller-identity');
  assert.equal(ok.code, 0, ok.stderr);
  const bad = await aws(cliEnv('wrong'), 's3api', 'put-object', '--bucket', 'b', '--key', 'k', '--body', '/etc/hostname');
  assert.match(bad.stderr, /SignatureDoesNotMatch/);
  const unknown = await aws({ ...cliEnv('x'), AWS_ACCESS_KEY_ID: 'AKIANOBODY' }, 's3api', 'head-bucket', '--bucket', 'b');
  assert.notEqual(unknown.code, 0);
  const good = await aws(cliEnv('test'), 's3api', 'put-object', '--bucket', 'b', '--key', 'dir/a b', '--body', '/etc/hostname');
  assert.equal(good.code, 0, good.stderr);
});

test('boto3 presigned URLs (SigV2 default and s3v4) fetched with fetch; a wrong secret and an expired URL are refused', async () => {
  const r = await python(
    cliEnv('test'),
    `
import boto3, json, os
from botocore.config import Config
def url(secret, version, expires, method='get_object'):
    c = boto3.client('s3', endpoint_url=os.environ['ENDPOINT'], aws_access_key_id='test', aws_secret_access_key=secret, region_name='us-east-1',
                     config=Config(signature_version=version, s3={'addressing_style': 'path'}) if version else None)
    return c.generate_presigned_url(method, Params={'Bucket': 'b', 'Key': 'a b/ü+1.txt'}, ExpiresIn=expires)
print(json.dumps({'v2': url('test', None, 300), 'v4': url('test', 's3v4', 300), 'put': url('test', 's3v4', 300, 'put_object'),
  'v2bad': url('wrong', None, 300), 'v4bad': url('wrong', 's3v4', 300), 'v2short': url('test', None, 1), 'v4short': url('test', 's3v4', 1)}))
`,
  );
  assert.equal(r.code, 0, r.stderr);
  const urls = JSON.parse(r.stdout) as Record<string, string>;
  assert.match(urls.v2!, /AWSAccessKeyId=/);
  assert.equal((await fetch(urls.v2!)).status, 200);
  assert.equal((await fetch(urls.v4!)).status, 200);
  assert.equal((await fetch(urls.put!, { method: 'PUT', body: 'presigned body' })).status, 200);
  assert.equal(h.last?.body.toString(), 'presigned body');
  for (const bad of [urls.v2bad!, urls.v4bad!]) {
    const res = await fetch(bad);
    assert.equal(res.status, 403);
    assert.match(await res.text(), /<Code>SignatureDoesNotMatch<\/Code>/);
  }
  await sleep(2500);
  for (const short of [urls.v2short!, urls.v4short!]) {
    const res = await fetch(short);
    assert.equal(res.status, 403);
    const text = await res.text();
    assert.match(text, /<Code>AccessDenied<\/Code><Message>Request has expired<\/Message>/);
    assert.match(text, /<ServerTime>/);
  }
});

const signedStream = (secret: string, data: Buffer, opts: { tamperChunk?: number; truncate?: boolean } = {}) => send(`${h.endpoint}/b/streamed`, secret, data, opts);

test('signed aws-chunked uploads: every chunk and the trailer are verified along the chain', async () => {
  const data = Buffer.alloc(30_000, 'q');
  const ok = await signedStream('test', data);
  assert.equal(ok.status, 200, ok.body);
  assert.deepEqual(h.last?.body, data);
  assert.equal(h.last?.trailers['x-amz-checksum-sha256'], Buffer.from(sha256Hex(data), 'hex').toString('base64'));
  const tampered = await signedStream('test', data, { tamperChunk: 2 });
  assert.equal(tampered.status, 403);
  assert.match(tampered.body, /<Code>SignatureDoesNotMatch<\/Code>/);
  const wrong = await signedStream('wrong', data);
  assert.equal(wrong.status, 403);
  const cut = await signedStream('test', data, { truncate: true });
  assert.equal(cut.status, 400);
  assert.match(cut.body, /<Code>IncompleteBody<\/Code>/);
});
