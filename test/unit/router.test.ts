import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { ServiceRouter } from '../../src/aws/router.js';
import { parseQuery } from '../../src/aws/gateway.js';
import { parseCredentialScope } from '../../src/aws/auth/scope.js';
import type { ServiceDefinition } from '../../src/aws/service-definition.js';
import type { HttpRequest } from '../../src/aws/protocol/http.js';
import type { ServiceModel } from '../../src/aws/protocol/model.js';
import { model as s3 } from '../../src/aws/generated/s3/model.js';
import { model as sts } from '../../src/aws/generated/sts/model.js';
import { model as iam } from '../../src/aws/generated/iam/model.js';
import { model as glue } from '../../src/aws/generated/glue/model.js';
import { model as cloudwatch } from '../../src/aws/generated/cloudwatch/model.js';

function def(name: string, model: ServiceModel, signingNames: string[]): ServiceDefinition {
  return {
    name,
    model,
    signingNames,
    operationMethods: {},
    createProtocol: () => {
      throw new Error('not used');
    },
    createProvider: () => ({}),
  };
}

const router = new ServiceRouter([
  def('s3', s3, ['s3']),
  def('sts', sts, ['sts']),
  def('iam', iam, ['iam']),
  def('glue', glue, ['glue']),
  def('cloudwatch', cloudwatch, ['monitoring']),
]);

function req(p: Partial<HttpRequest>): HttpRequest {
  return { method: 'GET', rawPath: '/', rawQuery: '', query: [], headers: {}, hostname: 'localhost', body: Readable.from([]), ...p };
}

test('credential scope picks the service first', () => {
  const r = req({ headers: { authorization: 'AWS4-HMAC-SHA256 Credential=AKID/20260101/eu-west-1/iam/aws4_request, SignedHeaders=host, Signature=abc' } });
  const scope = parseCredentialScope(r);
  assert.deepEqual(scope, { accessKeyId: 'AKID', date: '20260101', region: 'eu-west-1', service: 'iam', form: 'header' });
  assert.equal(router.route(r, scope, undefined)?.name, 'iam');
});

test('presigned X-Amz-Credential is a credential scope too', () => {
  const r = req({ query: parseQuery('X-Amz-Credential=AKID%2F20260101%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Signature=x') });
  const scope = parseCredentialScope(r);
  assert.equal(scope?.form, 'presigned');
  assert.equal(router.route(r, scope, undefined)?.name, 's3');
});

test('X-Amz-Target prefix, Smithy-Protocol path and query Version route unsigned requests', () => {
  assert.equal(router.route(req({ method: 'POST', headers: { 'x-amz-target': 'AWSGlue.GetDatabases' } }), undefined, undefined)?.name, 'glue');
  assert.equal(
    router.route(req({ method: 'POST', rawPath: '/service/GraniteServiceVersion20100801/operation/ListMetrics', headers: { 'smithy-protocol': 'rpc-v2-cbor' } }), undefined, undefined)?.name,
    'cloudwatch',
  );
  assert.equal(router.route(req({ method: 'POST' }), undefined, new URLSearchParams('Action=GetCallerIdentity&Version=2011-06-15'))?.name, 'sts');
  assert.equal(router.route(req({ method: 'POST' }), undefined, new URLSearchParams('Action=ListRoles&Version=2010-05-08'))?.name, 'iam');
});

test('anything else falls back to S3; a scope for an unknown service routes nowhere', () => {
  assert.equal(router.route(req({ rawPath: '/bucket/key' }), undefined, undefined)?.name, 's3');
  const r = req({ headers: { authorization: 'AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/ec2/aws4_request, SignedHeaders=host, Signature=abc' } });
  assert.equal(router.route(r, parseCredentialScope(r), undefined), undefined);
});

test('parseQuery keeps bare keys and decodes values', () => {
  assert.deepEqual(parseQuery('uploads&prefix=a%2Fb+c&list-type=2'), [
    ['uploads', ''],
    ['prefix', 'a/b c'],
    ['list-type', '2'],
  ]);
  assert.deepEqual(parseQuery(''), []);
  assert.deepEqual(parseQuery('bad=%E0%A4%A'), [['bad', '%E0%A4%A']]);
});
