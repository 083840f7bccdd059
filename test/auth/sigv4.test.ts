import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { authenticate, type AuthEnv } from '../../src/aws/auth/authenticate.js';
import { CredentialStore } from '../../src/aws/auth/credentials.js';
import { canonicalQuery, canonicalRequest, canonicalUriCandidates, chunkVerifier, hmacHex, signingKey, stringToSign, sha256Hex } from '../../src/aws/auth/sigv4.js';
import { parseQuery } from '../../src/aws/gateway.js';
import { AwsError } from '../../src/aws/errors.js';
import { resolveConfig } from '../../src/core/config.js';
import { openDatabase } from '../../src/storage/db.js';
import type { HttpRequest } from '../../src/aws/protocol/http.js';

interface Vector {
  name: string;
  service: string;
  method: string;
  rawPath: string;
  rawQuery: string;
  headers: Record<string, string>;
  body: string;
}
const fixtures = JSON.parse(readFileSync(new URL('./fixtures/sigv4-vectors.json', import.meta.url), 'utf8')) as { secret: string; vectors: Vector[] };

let nowMs = 0;
const credentials = new CredentialStore(openDatabase(':memory:'));
const env: AuthEnv = { config: resolveConfig({ auth: 'strict' }, {}), clock: { now: () => new Date(nowMs) }, credentials };
const base = { accountId: '123456789012', userId: 'AIDAEXAMPLE', status: 'Active' as const, createdAt: '2026-01-01T00:00:00Z' };
credentials.put({ ...base, accessKeyId: 'AKIDEXAMPLE', secretAccessKey: fixtures.secret, principalArn: 'arn:aws:iam::123456789012:user/alice', source: 'iam' });
credentials.put({
  ...base,
  accessKeyId: 'ASIAEXAMPLE',
  secretAccessKey: fixtures.secret,
  principalArn: 'arn:aws:sts::123456789012:assumed-role/r/s',
  source: 'sts',
  sessionToken: 'TOKEN/with+chars==',
  expiration: '2099-01-01T00:00:00Z',
});

function request(v: Vector, patch: Partial<Vector> = {}): HttpRequest {
  const w = { ...v, ...patch };
  return {
    method: w.method,
    rawPath: w.rawPath,
    rawQuery: w.rawQuery,
    query: parseQuery(w.rawQuery),
    headers: w.headers,
    hostname: (w.headers['host'] ?? '').split(':')[0]!,
    body: Readable.from([Buffer.from(w.body, 'base64')]),
  };
}

/** Sets the clock to when the vector was signed (plus `offsetMs`). */
function signedAt(v: Vector, offsetMs = 0): void {
  const q = new URLSearchParams(v.rawQuery);
  const amz = v.headers['x-amz-date'] ?? q.get('X-Amz-Date');
  const t = amz ? Date.parse(amz.replace(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/, '$1-$2-$3T$4:$5:$6Z')) : (Number(q.get('Expires')) - 300) * 1000;
  nowMs = t + offsetMs;
}

async function refused(v: Vector, patch: Partial<Vector> = {}): Promise<AwsError> {
  try {
    const r = await authenticate(request(v, patch), env);
    for await (const _ of r.body) {
      // drain: payload checks fail at the end of the stream
    }
  } catch (err) {
    assert.ok(err instanceof AwsError, String(err));
    return err;
  }
  assert.fail(`${v.name}: expected a refusal`);
}

const byName = (prefix: string) => fixtures.vectors.find((v) => v.name.startsWith(prefix))!;
const withSig = (v: Vector, replace: (s: string) => string): Partial<Vector> =>
  v.headers['authorization']
    ? { headers: { ...v.headers, authorization: v.headers['authorization'].replace(/Signature=([0-9a-f]+)/, (_m, s: string) => `Signature=${replace(s)}`) } }
    : { rawQuery: v.rawQuery.replace(/(X-Amz-Signature|Signature)=([^&]+)/, (_m, k: string, s: string) => `${k}=${replace(s)}`) };
const flip = (s: string) => (s[0] === '0' ? '1' : '0') + s.slice(1);

for (const v of fixtures.vectors) {
  test(`botocore-signed request verifies: ${v.name}`, async () => {
    signedAt(v);
    const r = await authenticate(request(v), env);
    for await (const _ of r.body) {
      // drain
    }
    assert.equal(r.principal.accountId, '123456789012');
  });

  test(`a wrong signature is refused in the service's terms: ${v.name}`, async () => {
    signedAt(v);
    const err = await refused(v, withSig(v, flip));
    const expected = v.service === 's3' ? 'SignatureDoesNotMatch' : v.service === 'glue' ? 'InvalidSignatureException' : 'SignatureDoesNotMatch';
    assert.equal(err.code, expected);
    if (v.service === 's3') {
      assert.equal(err.status, 403);
      assert.equal(err.fields.AWSAccessKeyId, 'AKIDEXAMPLE');
      assert.ok(String(err.fields.StringToSign).length > 0);
    }
  });
}

test('unknown keys: InvalidAccessKeyId for S3, InvalidClientTokenId for query services, UnrecognizedClientException for JSON', async () => {
  const cases: [string, string, number][] = [
    ['s3 PutObject', 'InvalidAccessKeyId', 403],
    ['sts GetCallerIdentity', 'InvalidClientTokenId', 403],
    ['glue', 'UnrecognizedClientException', 400],
  ];
  for (const [name, code, status] of cases) {
    const v = byName(name);
    signedAt(v);
    const err = await refused(v, { headers: { ...v.headers, authorization: v.headers['authorization']!.replace('AKIDEXAMPLE', 'AKIDUNKNOWN') } });
    assert.equal(err.code, code, name);
    assert.equal(err.status, status, name);
  }
  assert.equal((await refused(byName('sts with'), { headers: { ...byName('sts with').headers, 'x-amz-security-token': 'other' } })).code, 'InvalidClientTokenId');
});

test('temporary credentials past their expiration give ExpiredToken', async () => {
  const v = byName('sts with');
  credentials.put({ ...credentials.get('ASIAEXAMPLE')!, expiration: '2000-01-01T00:00:00Z' });
  try {
    signedAt(v);
    const err = await refused(v);
    assert.equal(err.code, 'ExpiredToken');
    assert.equal(err.status, 403);
  } finally {
    credentials.put({ ...credentials.get('ASIAEXAMPLE')!, expiration: '2099-01-01T00:00:00Z' });
  }
});

test('a request dated more than 15 minutes away is refused', async () => {
  const s3 = byName('s3 ListObjectsV2');
  signedAt(s3, 16 * 60 * 1000);
  const err = await refused(s3);
  assert.equal(err.code, 'RequestTimeTooSkewed');
  assert.equal(err.status, 403);
  const sts = byName('sts GetCallerIdentity');
  signedAt(sts, 16 * 60 * 1000);
  const e2 = await refused(sts);
  assert.equal(e2.code, 'SignatureDoesNotMatch');
  assert.match(e2.message, /^Signature expired: \d{8}T\d{6}Z is now earlier than/);
  signedAt(sts, 14 * 60 * 1000);
  await authenticate(request(sts), env);
});

test('expired presigned URLs: AccessDenied "Request has expired" for S3 (both signature versions), RequestExpired for STS', async () => {
  for (const name of ['s3 presigned get_object (SigV4)', 's3 presigned GetObject (SigV2']) {
    const v = byName(name);
    signedAt(v, 301_000);
    const err = await refused(v);
    assert.equal(err.code, 'AccessDenied', name);
    assert.equal(err.message, 'Request has expired');
    assert.ok(err.fields.Expires && err.fields.ServerTime, name);
    signedAt(v, 299_000);
    await authenticate(request(v), env);
  }
  const sigv4 = byName('s3 presigned get_object (SigV4)');
  signedAt(sigv4, 301_000);
  assert.equal((await refused(sigv4)).fields['X-Amz-Expires'], '300');
  const eks = byName('sts presigned');
  signedAt(eks, 61_000);
  assert.equal((await refused(eks)).code, 'RequestExpired');
});

test('absent or malformed authorization', async () => {
  const s3 = byName('s3 ListObjectsV2');
  signedAt(s3);
  const { authorization: _a, ...anon } = s3.headers;
  assert.equal((await refused(s3, { headers: anon })).code, 'AccessDenied');
  const sts = byName('sts GetCallerIdentity');
  const { authorization: _b, ...anonSts } = sts.headers;
  assert.equal((await refused(sts, { headers: anonSts })).code, 'MissingAuthenticationToken');
  const noSig = { headers: { ...sts.headers, authorization: sts.headers['authorization']!.replace(/, Signature=.*$/, '') } };
  const e = await refused(sts, noSig);
  assert.equal(e.code, 'IncompleteSignature');
  assert.match(e.message, /requires 'Signature' parameter/);
  const noSha = { ...s3.headers };
  delete noSha['x-amz-content-sha256'];
  assert.equal((await refused(s3, { headers: noSha })).code, 'InvalidRequest');
});

test('a body that does not match its signed x-amz-content-sha256 is refused', async () => {
  const v = byName('s3 PutObject');
  signedAt(v);
  const err = await refused(v, { body: Buffer.from('hello WORLD').toString('base64') });
  assert.equal(err.code, 'XAmzContentSHA256Mismatch');
  const sts = byName('sts GetCallerIdentity');
  signedAt(sts);
  assert.equal((await refused(sts, { body: Buffer.from('Action=GetCallerIdentity&Version=2011-06-16').toString('base64') })).code, 'SignatureDoesNotMatch');
});

// Published examples: the SigV4 test suite's get-vanilla and the S3 developer guide's examples.
const DOC_SECRET = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY';
const S3_DOC_SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';

test('SigV4 test suite: get-vanilla', () => {
  const canonical = canonicalRequest({
    method: 'GET',
    uri: canonicalUriCandidates('/', false)[0]!,
    query: canonicalQuery(''),
    headers: { host: 'example.amazonaws.com', 'x-amz-date': '20150830T123600Z' },
    signedHeaders: ['host', 'x-amz-date'],
    payloadHash: sha256Hex(''),
  });
  const sts = stringToSign('20150830T123600Z', '20150830/us-east-1/service/aws4_request', canonical);
  assert.equal(hmacHex(signingKey(DOC_SECRET, '20150830', 'us-east-1', 'service'), sts), '5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31');
});

test('canonical URI: S3 keeps the path as sent; other services normalize and encode twice', () => {
  assert.deepEqual(canonicalUriCandidates('/b/a%20b/./c', true), ['/b/a%20b/./c']);
  assert.deepEqual(canonicalUriCandidates('/b/a b!', true), ['/b/a b!', '/b/a%20b%21']);
  assert.deepEqual(canonicalUriCandidates('/a/./b/../c//d%20e/', false), ['/a/c/d%2520e/']);
  assert.deepEqual(canonicalUriCandidates('', false), ['/']);
  assert.equal(canonicalQuery('b=2&a=%7e&a=1&c&X-Amz-Signature=x', 'X-Amz-Signature'), 'a=1&a=~&b=2&c=');
});

test('S3 developer guide: GET object with Range', () => {
  const sha = sha256Hex('');
  const canonical = canonicalRequest({
    method: 'GET',
    uri: '/test.txt',
    query: '',
    headers: { host: 'examplebucket.s3.amazonaws.com', range: 'bytes=0-9', 'x-amz-content-sha256': sha, 'x-amz-date': '20130524T000000Z' },
    signedHeaders: ['host', 'range', 'x-amz-content-sha256', 'x-amz-date'],
    payloadHash: sha,
  });
  const sts = stringToSign('20130524T000000Z', '20130524/us-east-1/s3/aws4_request', canonical);
  assert.equal(hmacHex(signingKey(S3_DOC_SECRET, '20130524', 'us-east-1', 's3'), sts), 'f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41');
});

test('S3 developer guide: the signed chunk chain of a 66560-byte streaming upload', () => {
  const key = signingKey(S3_DOC_SECRET, '20130524', 'us-east-1', 's3');
  const v = chunkVerifier(key, '20130524T000000Z', '20130524/us-east-1/s3/aws4_request', '4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9');
  assert.ok(v.chunk(sha256Hex(Buffer.alloc(65536, 'a')), 'ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648'));
  assert.ok(v.chunk(sha256Hex(Buffer.alloc(1024, 'a')), '0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497'));
  assert.ok(v.chunk(sha256Hex(''), 'b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9'));
});

test('open mode accepts any signature: known keys keep their principal, a 12-digit key id is that account', async () => {
  const open: AuthEnv = { ...env, config: resolveConfig({ auth: 'open' }, {}) };
  const v = byName('s3 PutObject');
  const bad = withSig(v, flip);
  const known = await authenticate(request(v, bad), open);
  assert.equal(known.principal.arn, 'arn:aws:iam::123456789012:user/alice');
  const acct = await authenticate(request(v, { headers: { ...v.headers, authorization: v.headers['authorization']!.replace('AKIDEXAMPLE', '111122223333') } }), open);
  assert.equal(acct.principal.accountId, '111122223333');
  const anon = await authenticate(request(v, { headers: { host: 'x' } }), open);
  assert.equal(anon.principal.accountId, '000000000000');
  assert.equal(anon.region, 'us-east-1');
});

test('SigV4a requests route by their region-less scope in open mode and are refused as not implemented under strict', async () => {
  const headers = { host: 'x', authorization: 'AWS4-ECDSA-P256-SHA256 Credential=AKIDEXAMPLE/20261126/s3/aws4_request, SignedHeaders=host, Signature=30', 'x-amz-region-set': 'eu-west-1' };
  const v: Vector = { name: 'sigv4a', service: 's3', method: 'GET', rawPath: '/b', rawQuery: '', headers, body: '' };
  const open: AuthEnv = { ...env, config: resolveConfig({ auth: 'open' }, {}) };
  const r = await authenticate(request(v), open);
  assert.equal(r.region, 'eu-west-1');
  assert.equal(r.principal.accountId, '123456789012');
  assert.equal((await refused(v)).code, 'NotImplemented');
});
