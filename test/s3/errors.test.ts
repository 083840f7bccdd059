// Bad input over plain HTTP: each gets S3's error code, status and <Error> document, and the server keeps
// serving. Also virtual-host style addressing, which needs a Host header no SDK here would send.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { createHash } from 'node:crypto';
import { startServer, type TestServer } from '../helpers/server.js';

let server: TestServer;

before(async () => {
  server = await startServer();
  assert.equal((await req('PUT', '/errs')).status, 200);
  assert.equal((await req('PUT', '/errs/obj.txt', { body: '0123456789' })).status, 200);
});

after(async () => {
  await server.close();
});

interface Res {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** An unsigned request (open auth accepts it) with an optional Host override. */
function req(method: string, p: string, opts: { body?: string | Buffer; headers?: Record<string, string>; host?: string } = {}): Promise<Res> {
  return new Promise((resolve, reject) => {
    const r = http.request(
      { host: '127.0.0.1', port: server.port, method, path: p, headers: { ...(opts.host ? { host: `${opts.host}:${server.port}` } : {}), ...opts.headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    r.on('error', reject);
    r.end(opts.body);
  });
}

function assertError(res: Res, status: number, code: string, message?: string): void {
  assert.equal(res.status, status, res.body);
  assert.match(res.body, /^<\?xml version="1.0" encoding="UTF-8"\?>\n<Error><Code>/);
  assert.match(res.body, new RegExp(`<Code>${code}</Code>`));
  if (message) assert.ok(res.body.includes(`<Message>${message}</Message>`), res.body);
  assert.match(res.body, /<RequestId>[^<]+<\/RequestId><HostId>[^<]+<\/HostId><\/Error>$/);
  assert.ok(res.headers['x-amz-request-id']);
  assert.ok(res.headers['x-amz-id-2']);
}

test('malformed XML bodies are MalformedXML', async () => {
  assertError(await req('PUT', '/errs?tagging', { body: '<Tagging><TagSet><Tag>' }), 400, 'MalformedXML',
    'The XML you provided was not well-formed or did not validate against our published schema');
  assertError(await req('POST', '/errs?delete', { body: 'not xml at all <' }), 400, 'MalformedXML');
  assertError(await req('PUT', '/errs?versioning', { body: '<VersioningConfiguration><Status>Sometimes</Status></VersioningConfiguration>' }), 400, 'MalformedXML');
  // Well-formed, but an element the schema requires is missing.
  assertError(await req('POST', '/errs?delete', { body: '<Delete><Object><VersionId>1</VersionId></Object></Delete>' }), 400, 'MalformedXML');
  assertError(await req('PUT', '/errs?tagging', { body: '<Tagging><TagSet><Tag><Value>v</Value></Tag></TagSet></Tagging>' }), 400, 'MalformedXML');
  assertError(await req('POST', '/errs?delete'), 400, 'MalformedXML');
});

test('invalid bucket names, missing buckets and keys', async () => {
  const bad = await req('PUT', '/Invalid_Bucket');
  assertError(bad, 400, 'InvalidBucketName', 'The specified bucket is not valid.');
  assert.match(bad.body, /<BucketName>Invalid_Bucket<\/BucketName>/);
  assertError(await req('PUT', '/ab'), 400, 'InvalidBucketName');
  assertError(await req('PUT', '/192.168.1.1'), 400, 'InvalidBucketName');
  const cfg = '<CreateBucketConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><LocationConstraint>moon-1</LocationConstraint></CreateBucketConfiguration>';
  assertError(await req('PUT', '/moon-bucket', { body: cfg }), 400, 'InvalidLocationConstraint', 'The specified location-constraint is not valid');
  const nb = await req('GET', '/no-such-bucket/key');
  assertError(nb, 404, 'NoSuchBucket', 'The specified bucket does not exist');
  assert.match(nb.body, /<BucketName>no-such-bucket<\/BucketName>/);
  const nk = await req('GET', '/errs/missing.txt');
  assertError(nk, 404, 'NoSuchKey', 'The specified key does not exist.');
  assert.match(nk.body, /<Key>missing.txt<\/Key>/);
  // HEAD errors carry the status and request ids but no body.
  const head = await req('HEAD', '/errs/missing.txt');
  assert.equal(head.status, 404);
  assert.equal(head.body, '');
  assert.ok(head.headers['x-amz-request-id']);
});

test('ranges: 206 with Content-Range, unsatisfiable ranges are 416 InvalidRange, bad syntax is ignored', async () => {
  const part = await req('GET', '/errs/obj.txt', { headers: { range: 'bytes=3-5' } });
  assert.equal(part.status, 206);
  assert.equal(part.body, '345');
  assert.equal(part.headers['content-range'], 'bytes 3-5/10');
  assert.equal(part.headers['content-length'], '3');
  const bad = await req('GET', '/errs/obj.txt', { headers: { range: 'bytes=10-' } });
  assertError(bad, 416, 'InvalidRange', 'The requested range is not satisfiable');
  assert.match(bad.body, /<RangeRequested>bytes=10-<\/RangeRequested><ActualObjectSize>10<\/ActualObjectSize>/);
  assertError(await req('GET', '/errs/obj.txt?partNumber=0'), 400, 'InvalidArgument', 'Part number must be an integer between 1 and 10000, inclusive');
  assertError(await req('GET', '/errs/obj.txt?partNumber=2'), 416, 'InvalidPartNumber', 'The requested partnumber is not satisfiable');
  assertError(await req('GET', '/errs/obj.txt?versionId=not-a-version'), 400, 'InvalidArgument', 'Invalid version id specified');
  const ignored = await req('GET', '/errs/obj.txt', { headers: { range: 'lines=1-2' } });
  assert.equal(ignored.status, 200);
  assert.equal(ignored.body, '0123456789');
});

test('unknown operations and methods are MethodNotAllowed; unimplemented ones are NotImplemented', async () => {
  const patch = await req('PATCH', '/errs/obj.txt');
  assertError(patch, 405, 'MethodNotAllowed', 'The specified method is not allowed against this resource.');
  assert.match(patch.body, /<Method>PATCH<\/Method><ResourceType>OBJECT<\/ResourceType>/);
  assertError(await req('GET', '/errs?analytics'), 501, 'NotImplemented');
});

test('checksum and digest failures name the header and store nothing', async () => {
  const wrong = await req('PUT', '/errs/ck.txt', { body: 'abc', headers: { 'x-amz-checksum-crc32': 'AAAAAA==' } });
  assertError(wrong, 400, 'BadDigest', 'The CRC32 you specified did not match the calculated checksum.');
  const invalid = await req('PUT', '/errs/ck.txt', { body: 'abc', headers: { 'x-amz-checksum-sha256': 'short' } });
  assertError(invalid, 400, 'InvalidRequest', 'Value for x-amz-checksum-sha256 header is invalid.');
  const md5 = await req('PUT', '/errs/ck.txt', { body: 'abc', headers: { 'content-md5': Buffer.alloc(16).toString('base64') } });
  assertError(md5, 400, 'BadDigest', 'The Content-MD5 you specified did not match what we received.');
  assertError(await req('PUT', '/errs/ck.txt', { body: 'abc', headers: { 'content-md5': 'xyz' } }), 400, 'InvalidDigest');
  assert.equal((await req('HEAD', '/errs/ck.txt')).status, 404);
  const good = await req('PUT', '/errs/ck.txt', { body: 'abc', headers: { 'x-amz-checksum-crc32': 'NSRBwg==' } });
  assert.equal(good.status, 200);
  assert.equal(good.headers['x-amz-checksum-crc32'], 'NSRBwg==');
});

test('document payloads are checked against Content-MD5 and x-amz-checksum-* headers', async () => {
  const tagging = '<Tagging><TagSet><Tag><Key>k</Key><Value>v</Value></Tag></TagSet></Tagging>';
  const md5 = (s: string) => createHash('md5').update(s).digest('base64');
  assertError(await req('PUT', '/errs?tagging', { body: tagging, headers: { 'content-md5': md5('other') } }), 400, 'BadDigest');
  assertError(await req('PUT', '/errs?tagging', { body: tagging, headers: { 'x-amz-checksum-crc32': 'AAAAAA==' } }), 400, 'BadDigest', 'The CRC32 you specified did not match the calculated checksum.');
  assert.equal((await req('PUT', '/errs?tagging', { body: tagging, headers: { 'content-md5': md5(tagging) } })).status, 204);
  const got = await req('GET', '/errs?tagging');
  assert.match(got.body, /<Tagging xmlns="http:\/\/s3.amazonaws.com\/doc\/2006-03-01\/"><TagSet><Tag><Key>k<\/Key><Value>v<\/Value><\/Tag><\/TagSet><\/Tagging>/);
});

test('multipart errors: NoSuchUpload, part numbers out of range', async () => {
  assertError(await req('PUT', '/errs/mp?partNumber=1&uploadId=nope', { body: 'x' }), 404, 'NoSuchUpload');
  const created = await req('POST', '/errs/mp?uploads');
  const id = /<UploadId>([^<]+)<\/UploadId>/.exec(created.body)![1]!;
  assert.match(created.body, /^<\?xml version="1.0" encoding="UTF-8"\?>\n<InitiateMultipartUploadResult xmlns="http:\/\/s3.amazonaws.com\/doc\/2006-03-01\/"><Bucket>errs<\/Bucket><Key>mp<\/Key><UploadId>/);
  assertError(await req('PUT', `/errs/mp?partNumber=10001&uploadId=${id}`, { body: 'x' }), 400, 'InvalidArgument');
  assertError(await req('POST', `/errs/mp?uploadId=${id}`, { body: '<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>"x"</ETag></Part></CompleteMultipartUpload>' }), 400, 'InvalidPart');
});

test('virtual-host style: the bucket comes from the Host header', async () => {
  for (const host of ['errs.s3.localhost.localstack.cloud', 'errs.localhost', 'errs.s3.us-east-1.amazonaws.com']) {
    const res = await req('GET', '/obj.txt', { host });
    assert.equal(res.status, 200, host);
    assert.equal(res.body, '0123456789');
  }
  const list = await req('GET', '/?list-type=2&prefix=obj', { host: 'errs.s3.localhost.localstack.cloud' });
  assert.match(list.body, /<ListBucketResult xmlns="http:\/\/s3.amazonaws.com\/doc\/2006-03-01\/"><IsTruncated>false<\/IsTruncated><Contents><Key>obj.txt<\/Key>/);
  const loc = await req('GET', '/?location', { host: 'errs.localhost' });
  assert.equal(loc.body, '<?xml version="1.0" encoding="UTF-8"?>\n<LocationConstraint xmlns="http://s3.amazonaws.com/doc/2006-03-01/"></LocationConstraint>');
  // A plain endpoint host (an IP, localhost, s3.<domain>) is path style.
  const root = await req('GET', '/', { host: 's3.localhost.localstack.cloud' });
  assert.match(root.body, /<ListAllMyBucketsResult/);
});

test('max-keys=0 lists nothing and is not truncated', async () => {
  const res = await req('GET', '/errs?list-type=2&max-keys=0');
  assert.equal(res.status, 200);
  assert.match(res.body, /<IsTruncated>false<\/IsTruncated>/);
  assert.doesNotMatch(res.body, /<Contents>/);
  assert.match(res.body, /<KeyCount>0<\/KeyCount>/);
});

test('the server keeps serving after all of the above', async () => {
  const res = await req('GET', '/');
  assert.equal(res.status, 200);
  assert.match(res.body, /<Name>errs<\/Name>/);
});
