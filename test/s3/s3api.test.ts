// `aws s3api` for the bucket and object operations, with the outputs and errors a user sees.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServer, type TestServer } from '../helpers/server.js';
import { aws } from '../helpers/clients.js';

let server: TestServer;
let dir: string;

before(async () => {
  server = await startServer();
  dir = mkdtempSync(path.join(os.tmpdir(), 'lakestack-s3api-'));
});

after(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

async function ok(...args: string[]): Promise<Record<string, unknown>> {
  const r = await aws(server.env, 's3api', ...args);
  assert.equal(r.code, 0, `aws s3api ${args.join(' ')}: ${r.stderr}`);
  return (r.json ?? {}) as Record<string, unknown>;
}

async function fails(code: string, ...args: string[]): Promise<string> {
  const r = await aws(server.env, 's3api', ...args);
  assert.notEqual(r.code, 0, `expected ${code} from ${args.join(' ')}`);
  assert.match(r.stderr, new RegExp(`\\(${code}\\)`), r.stderr);
  return r.stderr;
}

test('create-bucket: LocationConstraint rules, names, ownership; location, head, list', async () => {
  await ok('create-bucket', '--bucket', 'api-east');
  assert.deepEqual(await ok('get-bucket-location', '--bucket', 'api-east'), { LocationConstraint: null });
  await ok('create-bucket', '--bucket', 'api-west', '--create-bucket-configuration', 'LocationConstraint=eu-west-1');
  assert.deepEqual(await ok('get-bucket-location', '--bucket', 'api-west'), { LocationConstraint: 'eu-west-1' });
  await fails('InvalidLocationConstraint', 'create-bucket', '--bucket', 'api-bad', '--create-bucket-configuration', 'LocationConstraint=us-east-1');
  const r = await aws({ ...server.env, AWS_DEFAULT_REGION: 'eu-central-1' }, 's3api', 'create-bucket', '--bucket', 'api-nolc');
  assert.match(r.stderr, /IllegalLocationConstraintException/);
  await fails('InvalidBucketName', 'create-bucket', '--bucket', 'Bad_Name');
  // In us-east-1 creating a bucket you already own succeeds; elsewhere it is BucketAlreadyOwnedByYou.
  await ok('create-bucket', '--bucket', 'api-east');
  await fails('BucketAlreadyOwnedByYou', 'create-bucket', '--bucket', 'api-west', '--create-bucket-configuration', 'LocationConstraint=eu-west-1', '--region', 'eu-west-1');
  const other = await aws({ ...server.env, AWS_ACCESS_KEY_ID: '111122223333' }, 's3api', 'create-bucket', '--bucket', 'api-east');
  assert.match(other.stderr, /BucketAlreadyExists/);
  const head = await ok('head-bucket', '--bucket', 'api-west');
  assert.equal(head.BucketRegion, 'eu-west-1');
  const list = await ok('list-buckets');
  assert.deepEqual((list.Buckets as { Name: string }[]).map((b) => b.Name), ['api-east', 'api-west']);
  const missing = await aws(server.env, 's3api', 'head-bucket', '--bucket', 'api-missing');
  assert.match(missing.stderr, /\(404\)/);
});

test('versioning, bucket tagging, policy, CORS, lifecycle and ACL are stored and returned', async () => {
  const b = 'api-east';
  assert.deepEqual(await ok('get-bucket-versioning', '--bucket', b), {});
  await ok('put-bucket-versioning', '--bucket', b, '--versioning-configuration', 'Status=Enabled');
  assert.deepEqual(await ok('get-bucket-versioning', '--bucket', b), { Status: 'Enabled' });
  await fails('NoSuchTagSet', 'get-bucket-tagging', '--bucket', b);
  await ok('put-bucket-tagging', '--bucket', b, '--tagging', 'TagSet=[{Key=team,Value=data},{Key=env,Value=dev}]');
  assert.deepEqual(await ok('get-bucket-tagging', '--bucket', b), { TagSet: [{ Key: 'team', Value: 'data' }, { Key: 'env', Value: 'dev' }] });
  await fails('NoSuchBucketPolicy', 'get-bucket-policy', '--bucket', b);
  const policy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: `arn:aws:s3:::${b}/*` }] });
  await ok('put-bucket-policy', '--bucket', b, '--policy', policy);
  assert.equal((await ok('get-bucket-policy', '--bucket', b)).Policy, policy);
  await fails('MalformedPolicy', 'put-bucket-policy', '--bucket', b, '--policy', 'not json');
  await fails('NoSuchCORSConfiguration', 'get-bucket-cors', '--bucket', b);
  const cors = { CORSRules: [{ AllowedMethods: ['GET', 'PUT'], AllowedOrigins: ['https://example.com'], AllowedHeaders: ['*'], MaxAgeSeconds: 300 }] };
  await ok('put-bucket-cors', '--bucket', b, '--cors-configuration', JSON.stringify(cors));
  assert.deepEqual(await ok('get-bucket-cors', '--bucket', b), cors);
  await fails('NoSuchLifecycleConfiguration', 'get-bucket-lifecycle-configuration', '--bucket', b);
  const lifecycle = { Rules: [{ ID: 'expire-tmp', Filter: { Prefix: 'tmp/' }, Status: 'Enabled', Expiration: { Days: 7 } }] };
  await ok('put-bucket-lifecycle-configuration', '--bucket', b, '--lifecycle-configuration', JSON.stringify(lifecycle));
  const got = await ok('get-bucket-lifecycle-configuration', '--bucket', b);
  assert.deepEqual(got.Rules, lifecycle.Rules);
  const acl = await ok('get-bucket-acl', '--bucket', b);
  assert.deepEqual((acl.Grants as { Permission: string }[]).map((g) => g.Permission), ['FULL_CONTROL']);
  await ok('put-bucket-acl', '--bucket', b, '--acl', 'public-read');
  const acl2 = await ok('get-bucket-acl', '--bucket', b);
  assert.deepEqual(
    (acl2.Grants as { Grantee: { URI?: string }; Permission: string }[]).map((g) => [g.Grantee.URI ?? 'owner', g.Permission]),
    [['owner', 'FULL_CONTROL'], ['http://acs.amazonaws.com/groups/global/AllUsers', 'READ']],
  );
});

test('objects: metadata and standard headers, tagging, copy with directives, ranges, conditions', async () => {
  const b = 'api-west';
  const file = path.join(dir, 'o.txt');
  writeFileSync(file, '0123456789abcdef');
  const put = await ok('put-object', '--bucket', b, '--key', 'o.txt', '--body', file, '--content-type', 'text/csv', '--cache-control', 'max-age=60',
    '--content-disposition', 'attachment; filename="o.txt"', '--content-language', 'en', '--expires', '2030-01-01T00:00:00Z', '--metadata', 'Owner=ana,stage=raw', '--tagging', 'a=1&b=2');
  const etag = put.ETag as string;
  const head = await ok('head-object', '--bucket', b, '--key', 'o.txt');
  assert.equal(head.ContentType, 'text/csv');
  assert.equal(head.CacheControl, 'max-age=60');
  assert.equal(head.ContentDisposition, 'attachment; filename="o.txt"');
  assert.equal(head.ContentLanguage, 'en');
  assert.match(String(head.Expires ?? head.ExpiresString), /2030/);
  assert.deepEqual(head.Metadata, { owner: 'ana', stage: 'raw' });
  assert.deepEqual((await ok('get-object-tagging', '--bucket', b, '--key', 'o.txt')).TagSet, [{ Key: 'a', Value: '1' }, { Key: 'b', Value: '2' }]);
  await ok('put-object-tagging', '--bucket', b, '--key', 'o.txt', '--tagging', 'TagSet=[{Key=c,Value=3}]');
  assert.deepEqual((await ok('get-object-tagging', '--bucket', b, '--key', 'o.txt')).TagSet, [{ Key: 'c', Value: '3' }]);

  const out = path.join(dir, 'range.out');
  const ranged = await ok('get-object', '--bucket', b, '--key', 'o.txt', '--range', 'bytes=2-5', out);
  assert.equal(ranged.ContentRange, 'bytes 2-5/16');
  assert.equal(readFileSync(out, 'utf8'), '2345');
  await ok('get-object', '--bucket', b, '--key', 'o.txt', '--range', 'bytes=-3', out);
  assert.equal(readFileSync(out, 'utf8'), 'def');
  await fails('InvalidRange', 'get-object', '--bucket', b, '--key', 'o.txt', '--range', 'bytes=16-20', out);
  await fails('PreconditionFailed', 'get-object', '--bucket', b, '--key', 'o.txt', '--if-match', '"nope"', out);
  const r304 = await aws(server.env, 's3api', 'get-object', '--bucket', b, '--key', 'o.txt', '--if-none-match', etag, out);
  assert.match(r304.stderr, /\(304\)/);
  await fails('PreconditionFailed', 'put-object', '--bucket', b, '--key', 'o.txt', '--body', file, '--if-none-match', '*');

  // COPY keeps metadata and tags; REPLACE takes the request's.
  await ok('copy-object', '--bucket', b, '--key', 'copy1.txt', '--copy-source', `${b}/o.txt`);
  const c1 = await ok('head-object', '--bucket', b, '--key', 'copy1.txt');
  assert.deepEqual(c1.Metadata, { owner: 'ana', stage: 'raw' });
  assert.equal(c1.ContentType, 'text/csv');
  await ok('copy-object', '--bucket', b, '--key', 'copy2.txt', '--copy-source', `${b}/o.txt`, '--metadata-directive', 'REPLACE', '--metadata', 'fresh=yes', '--content-type', 'text/plain');
  const c2 = await ok('head-object', '--bucket', b, '--key', 'copy2.txt');
  assert.deepEqual(c2.Metadata, { fresh: 'yes' });
  assert.equal(c2.ContentType, 'text/plain');
  await fails('PreconditionFailed', 'copy-object', '--bucket', b, '--key', 'copy3.txt', '--copy-source', `${b}/o.txt`, '--copy-source-if-match', '"other"');
  await fails('InvalidRequest', 'copy-object', '--bucket', b, '--key', 'o.txt', '--copy-source', `${b}/o.txt`);
  await fails('NoSuchKey', 'copy-object', '--bucket', b, '--key', 'x.txt', '--copy-source', `${b}/missing.txt`);

  const del = await ok('delete-objects', '--bucket', b, '--delete', 'Objects=[{Key=copy1.txt},{Key=copy2.txt},{Key=never-there}]');
  assert.deepEqual((del.Deleted as { Key: string }[]).map((d) => d.Key).sort(), ['copy1.txt', 'copy2.txt', 'never-there']);
});

test('versions and delete markers; list-object-versions', async () => {
  const b = 'api-east'; // versioning enabled above
  const file = path.join(dir, 'v.txt');
  writeFileSync(file, 'one');
  const v1 = (await ok('put-object', '--bucket', b, '--key', 'v.txt', '--body', file)).VersionId as string;
  writeFileSync(file, 'two');
  const v2 = (await ok('put-object', '--bucket', b, '--key', 'v.txt', '--body', file)).VersionId as string;
  assert.notEqual(v1, v2);
  const out = path.join(dir, 'v.out');
  await ok('get-object', '--bucket', b, '--key', 'v.txt', '--version-id', v1, out);
  assert.equal(readFileSync(out, 'utf8'), 'one');
  const del = await ok('delete-object', '--bucket', b, '--key', 'v.txt');
  assert.equal(del.DeleteMarker, true);
  await fails('NoSuchKey', 'get-object', '--bucket', b, '--key', 'v.txt', out);
  const versions = await ok('list-object-versions', '--bucket', b, '--prefix', 'v.txt');
  assert.deepEqual((versions.Versions as { VersionId: string; IsLatest: boolean }[]).map((v) => [v.VersionId, v.IsLatest]), [[v2, false], [v1, false]]);
  const markers = versions.DeleteMarkers as { VersionId: string; IsLatest: boolean }[];
  assert.equal(markers.length, 1);
  assert.equal(markers[0]!.IsLatest, true);
  // Removing the marker brings the object back.
  await ok('delete-object', '--bucket', b, '--key', 'v.txt', '--version-id', markers[0]!.VersionId);
  await ok('get-object', '--bucket', b, '--key', 'v.txt', out);
  assert.equal(readFileSync(out, 'utf8'), 'two');
});

test('list-objects v1 and v2: delimiter, prefixes, paging, start-after, url encoding', async () => {
  const b = 'api-list';
  await ok('create-bucket', '--bucket', b);
  const file = path.join(dir, 'l.txt');
  writeFileSync(file, 'x');
  for (const k of ['a/1', 'a/2', 'b/1', 'c', 'd e+f']) await ok('put-object', '--bucket', b, '--key', k, '--body', file);
  const v2 = await ok('list-objects-v2', '--bucket', b, '--delimiter', '/', '--no-paginate');
  assert.deepEqual((v2.CommonPrefixes as { Prefix: string }[]).map((p) => p.Prefix), ['a/', 'b/']);
  assert.deepEqual((v2.Contents as { Key: string }[]).map((c) => c.Key), ['c', 'd e+f']);
  assert.equal(v2.KeyCount, 4);
  const page = await ok('list-objects-v2', '--bucket', b, '--max-keys', '2', '--no-paginate');
  assert.equal(page.IsTruncated, true);
  const next = await ok('list-objects-v2', '--bucket', b, '--max-keys', '10', '--continuation-token', page.NextContinuationToken as string, '--no-paginate');
  assert.deepEqual((next.Contents as { Key: string }[]).map((c) => c.Key), ['b/1', 'c', 'd e+f']);
  const after = await ok('list-objects-v2', '--bucket', b, '--start-after', 'b/1');
  assert.deepEqual((after.Contents as { Key: string }[]).map((c) => c.Key), ['c', 'd e+f']);
  // The CLI asks for encoding-type=url and decodes; keys come back as they were written.
  const all = await ok('list-objects', '--bucket', b, '--prefix', 'd');
  assert.deepEqual((all.Contents as { Key: string }[]).map((c) => c.Key), ['d e+f']);
  const v1 = await ok('list-objects', '--bucket', b, '--delimiter', '/', '--max-keys', '1', '--no-paginate');
  assert.equal(v1.IsTruncated, true);
  assert.equal(v1.NextMarker, 'a/');
});

test('multipart via s3api: create, upload-part, list-parts, complete errors and success, abort', async () => {
  const b = 'api-list';
  const part = path.join(dir, 'part.bin');
  writeFileSync(part, Buffer.alloc(5 * 1024 * 1024, 1));
  const small = path.join(dir, 'small.bin');
  writeFileSync(small, 'tail');
  const id = (await ok('create-multipart-upload', '--bucket', b, '--key', 'mp.bin')).UploadId as string;
  const e1 = (await ok('upload-part', '--bucket', b, '--key', 'mp.bin', '--upload-id', id, '--part-number', '1', '--body', small)).ETag as string;
  const e2 = (await ok('upload-part', '--bucket', b, '--key', 'mp.bin', '--upload-id', id, '--part-number', '2', '--body', small)).ETag as string;
  const parts = await ok('list-parts', '--bucket', b, '--key', 'mp.bin', '--upload-id', id);
  assert.deepEqual((parts.Parts as { PartNumber: number }[]).map((p) => p.PartNumber), [1, 2]);
  const mpu = (p: [number, string][]) => JSON.stringify({ Parts: p.map(([n, e]) => ({ PartNumber: n, ETag: e })) });
  await fails('EntityTooSmall', 'complete-multipart-upload', '--bucket', b, '--key', 'mp.bin', '--upload-id', id, '--multipart-upload', mpu([[1, e1], [2, e2]]));
  await fails('InvalidPartOrder', 'complete-multipart-upload', '--bucket', b, '--key', 'mp.bin', '--upload-id', id, '--multipart-upload', mpu([[2, e2], [1, e1]]));
  await fails('InvalidPart', 'complete-multipart-upload', '--bucket', b, '--key', 'mp.bin', '--upload-id', id, '--multipart-upload', mpu([[1, '"0000"']]));
  const big = (await ok('upload-part', '--bucket', b, '--key', 'mp.bin', '--upload-id', id, '--part-number', '1', '--body', part)).ETag as string;
  const done = await ok('complete-multipart-upload', '--bucket', b, '--key', 'mp.bin', '--upload-id', id, '--multipart-upload', mpu([[1, big], [2, e2]]));
  assert.match(done.ETag as string, /-2"$/);
  assert.equal((await ok('head-object', '--bucket', b, '--key', 'mp.bin')).ContentLength, 5 * 1024 * 1024 + 4);
  // UploadPartCopy with a range, into a second upload.
  const id2 = (await ok('create-multipart-upload', '--bucket', b, '--key', 'mp2.bin')).UploadId as string;
  const copied = await ok('upload-part-copy', '--bucket', b, '--key', 'mp2.bin', '--upload-id', id2, '--part-number', '1', '--copy-source', `${b}/mp.bin`, '--copy-source-range', 'bytes=5242880-5242883');
  const ce = (copied.CopyPartResult as { ETag: string }).ETag;
  await ok('complete-multipart-upload', '--bucket', b, '--key', 'mp2.bin', '--upload-id', id2, '--multipart-upload', mpu([[1, ce]]));
  const out = path.join(dir, 'mp2.out');
  await ok('get-object', '--bucket', b, '--key', 'mp2.bin', out);
  assert.equal(readFileSync(out, 'utf8'), 'tail');
  const id3 = (await ok('create-multipart-upload', '--bucket', b, '--key', 'gone.bin')).UploadId as string;
  assert.equal(((await ok('list-multipart-uploads', '--bucket', b)).Uploads as unknown[]).length, 1);
  await ok('abort-multipart-upload', '--bucket', b, '--key', 'gone.bin', '--upload-id', id3);
  await fails('NoSuchUpload', 'list-parts', '--bucket', b, '--key', 'gone.bin', '--upload-id', id3);
});
