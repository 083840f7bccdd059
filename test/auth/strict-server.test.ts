// Strict auth through the whole server (startServer({ auth: 'strict' })) with real clients: what is refused
// never reaches the services, what is accepted is stored and reads back.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { S3Client, PutObjectCommand, GetObjectCommand, CreateBucketCommand } from '@aws-sdk/client-s3';
import { CloudWatchClient, ListMetricsCommand } from '@aws-sdk/client-cloudwatch';
import { GlueClient, GetDatabasesCommand } from '@aws-sdk/client-glue';
import { startServer, type TestServer } from '../helpers/server.js';
import { aws, python } from '../helpers/clients.js';
import { signedStream } from './signed-stream.js';

let s: TestServer;
let services: Record<string, string> = {};
before(async () => {
  // Port 0 for the Kubernetes API too, so that parallel test files never fight over 6443.
  s = await startServer({ auth: 'strict', env: { LAKESTACK_KUBE_PORT: '0' } });
  services = ((await (await fetch(`${s.endpoint}/_lakestack/health`)).json()) as { services: Record<string, string> }).services;
  const c = client('test', 'test');
  await c.send(new CreateBucketCommand({ Bucket: 'strict' }));
});
after(async () => {
  await s.close();
});

function client(accessKeyId: string, secretAccessKey: string, sessionToken?: string): S3Client {
  return new S3Client({ endpoint: s.endpoint, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId, secretAccessKey, sessionToken }, maxAttempts: 1 });
}

async function errorName(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    return (err as Error).name;
  }
  return 'no error';
}

const readKey = async (key: string) => {
  const r = await client('test', 'test').send(new GetObjectCommand({ Bucket: 'strict', Key: key }));
  return Buffer.from(await r.Body!.transformToByteArray());
};

test('aws CLI: the right secret writes, a wrong secret and an unknown key are refused', async () => {
  const file = path.join(s.dataDir, 'cli-upload.txt');
  writeFileSync(file, 'from the cli');
  const ok = await aws(s.env, 's3', 'cp', file, 's3://strict/cli.txt');
  assert.equal(ok.code, 0, ok.stderr);
  assert.equal((await readKey('cli.txt')).toString(), 'from the cli');
  const bad = await aws({ ...s.env, AWS_SECRET_ACCESS_KEY: 'wrong' }, 's3api', 'put-object', '--bucket', 'strict', '--key', 'nope', '--body', file);
  assert.match(bad.stderr, /SignatureDoesNotMatch/);
  const unknown = await aws({ ...s.env, AWS_ACCESS_KEY_ID: 'AKIANOBODY' }, 's3api', 'list-objects-v2', '--bucket', 'strict');
  assert.match(unknown.stderr, /InvalidAccessKeyId/);
  assert.equal(await errorName(readKey('nope')), 'NoSuchKey');
});

test('SDK v3 PutObject in aws-chunked with its CRC32 trailer: right secret stored, wrong secret refused', async () => {
  const data = Buffer.alloc(300_000, 'z');
  const put = (secret: string, key: string) =>
    client('test', secret).send(new PutObjectCommand({ Bucket: 'strict', Key: key, Body: Readable.from([data]), ContentLength: data.length }));
  await put('test', 'chunked');
  assert.deepEqual(await readKey('chunked'), data);
  assert.equal(await errorName(put('wrong', 'chunked-bad')), 'SignatureDoesNotMatch');
  assert.equal(await errorName(readKey('chunked-bad')), 'NoSuchKey');
});

test('signed chunk chains: a tampered chunk is refused and nothing is stored; a cut body gets IncompleteBody', async () => {
  const data = Buffer.alloc(40_000, 'c');
  const ok = await signedStream(`${s.endpoint}/strict/signed`, 'test', data);
  assert.equal(ok.status, 200, ok.body);
  assert.deepEqual(await readKey('signed'), data);
  const tampered = await signedStream(`${s.endpoint}/strict/tampered`, 'test', data, { tamperChunk: 3 });
  assert.equal(tampered.status, 403);
  assert.match(tampered.body, /<Code>SignatureDoesNotMatch<\/Code>/);
  assert.equal(await errorName(readKey('tampered')), 'NoSuchKey');
  const cut = await signedStream(`${s.endpoint}/strict/cut`, 'test', data, { truncate: true });
  assert.equal(cut.status, 400);
  assert.match(cut.body, /<Code>IncompleteBody<\/Code>/);
  assert.equal(await errorName(readKey('cut')), 'NoSuchKey');
});

test('boto3 presigned URLs fetched with fetch: right secret reads, wrong secret and expiry give S3 errors', async () => {
  await client('test', 'test').send(new PutObjectCommand({ Bucket: 'strict', Key: 'shared.txt', Body: 'presign me' }));
  const r = await python(
    { ...s.env, ENDPOINT: s.endpoint },
    `
import boto3, json, os
from botocore.config import Config
def url(secret, version, expires):
    c = boto3.client('s3', endpoint_url=os.environ['ENDPOINT'], aws_access_key_id='test', aws_secret_access_key=secret, region_name='us-east-1',
                     config=Config(signature_version=version, s3={'addressing_style': 'path'}) if version else None)
    return c.generate_presigned_url('get_object', Params={'Bucket': 'strict', 'Key': 'shared.txt'}, ExpiresIn=expires)
print(json.dumps([url('test', None, 300), url('test', 's3v4', 300), url('wrong', None, 300), url('wrong', 's3v4', 300), url('test', 's3v4', 1)]))
`,
  );
  assert.equal(r.code, 0, r.stderr);
  const [v2, v4, v2bad, v4bad, short] = JSON.parse(r.stdout) as string[];
  for (const u of [v2!, v4!]) {
    const res = await fetch(u);
    assert.equal(res.status, 200);
    assert.equal(await res.text(), 'presign me');
  }
  for (const u of [v2bad!, v4bad!]) {
    const res = await fetch(u);
    assert.equal(res.status, 403);
    const body = await res.text();
    assert.match(body, /<Code>SignatureDoesNotMatch<\/Code>/);
    assert.match(body, /<StringToSign>/);
  }
  await sleep(2500);
  const expired = await fetch(short!);
  assert.equal(expired.status, 403);
  const body = await expired.text();
  assert.match(body, /<Code>AccessDenied<\/Code>\s*<Message>Request has expired<\/Message>/);
  assert.match(body, /<X-Amz-Expires>1<\/X-Amz-Expires>/);
});

test('STS and IAM under strict auth: issued keys and temporary credentials sign, a wrong secret is refused', async (t) => {
  if (!services.sts || !services.iam) {
    t.skip('STS/IAM are not in this build yet');
    return;
  }
  const bad = await aws({ ...s.env, AWS_SECRET_ACCESS_KEY: 'wrong' }, 'sts', 'get-caller-identity');
  assert.match(bad.stderr, /SignatureDoesNotMatch/);
  const unknown = await aws({ ...s.env, AWS_ACCESS_KEY_ID: 'AKIANOBODY' }, 'sts', 'get-caller-identity');
  assert.match(unknown.stderr, /InvalidClientTokenId/);
  const user = await aws(s.env, 'iam', 'create-user', '--user-name', 'alice');
  assert.equal(user.code, 0, user.stderr);
  const key = (await aws(s.env, 'iam', 'create-access-key', '--user-name', 'alice')).json as { AccessKey: { AccessKeyId: string; SecretAccessKey: string } };
  const asAlice = await aws({ ...s.env, AWS_ACCESS_KEY_ID: key.AccessKey.AccessKeyId, AWS_SECRET_ACCESS_KEY: key.AccessKey.SecretAccessKey }, 'sts', 'get-caller-identity');
  assert.equal(asAlice.code, 0, asAlice.stderr);
  assert.match((asAlice.json as { Arn: string }).Arn, /:user\/alice$/);
  await client(key.AccessKey.AccessKeyId, key.AccessKey.SecretAccessKey).send(new PutObjectCommand({ Bucket: 'strict', Key: 'by-alice', Body: 'a' }));
  const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole' }] });
  const role = await aws(s.env, 'iam', 'create-role', '--role-name', 'r', '--assume-role-policy-document', trust);
  assert.equal(role.code, 0, role.stderr);
  const assumed = (await aws(s.env, 'sts', 'assume-role', '--role-arn', (role.json as { Role: { Arn: string } }).Role.Arn, '--role-session-name', 'sess')).json as {
    Credentials: { AccessKeyId: string; SecretAccessKey: string; SessionToken: string };
  };
  const c = assumed.Credentials;
  const who = await aws({ ...s.env, AWS_ACCESS_KEY_ID: c.AccessKeyId, AWS_SECRET_ACCESS_KEY: c.SecretAccessKey, AWS_SESSION_TOKEN: c.SessionToken }, 'sts', 'get-caller-identity');
  assert.equal(who.code, 0, who.stderr);
  assert.match((who.json as { Arn: string }).Arn, /assumed-role\/r\/sess$/);
  await client(c.AccessKeyId, c.SecretAccessKey, c.SessionToken).send(new PutObjectCommand({ Bucket: 'strict', Key: 'by-role', Body: 'r' }));
  const noToken = await aws({ ...s.env, AWS_ACCESS_KEY_ID: c.AccessKeyId, AWS_SECRET_ACCESS_KEY: c.SecretAccessKey }, 'sts', 'get-caller-identity');
  assert.match(noToken.stderr, /InvalidClientTokenId/);
});

test('CloudWatch over CBOR (SDK v3): the signature of a hashed body is checked, in the query vocabulary', async (t) => {
  if (!services.cloudwatch) {
    t.skip('CloudWatch is not in this build yet');
    return;
  }
  const cw = (secret: string) => new CloudWatchClient({ endpoint: s.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: secret }, maxAttempts: 1 });
  assert.equal(await errorName(cw('wrong').send(new ListMetricsCommand({}))), 'SignatureDoesNotMatch');
  assert.ok(!['SignatureDoesNotMatch', 'InvalidClientTokenId'].includes(await errorName(cw('test').send(new ListMetricsCommand({})))));
});

test('Glue over JSON 1.1 (SDK v3): right secret lists, a wrong secret or unknown key gets the JSON services\' codes', async (t) => {
  if (!services.glue) {
    t.skip('Glue is not in this build yet');
    return;
  }
  const glue = (id: string, secret: string) => new GlueClient({ endpoint: s.endpoint, region: 'us-east-1', credentials: { accessKeyId: id, secretAccessKey: secret }, maxAttempts: 1 });
  assert.deepEqual((await glue('test', 'test').send(new GetDatabasesCommand({}))).DatabaseList, []);
  assert.equal(await errorName(glue('test', 'wrong').send(new GetDatabasesCommand({}))), 'InvalidSignatureException');
  assert.equal(await errorName(glue('AKIANOBODY', 'x').send(new GetDatabasesCommand({}))), 'UnrecognizedClientException');
});
