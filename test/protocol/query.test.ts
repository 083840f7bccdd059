import { test } from 'node:test';
import assert from 'node:assert/strict';
import { IAMClient, CreateRoleCommand, ListRolesCommand, GetRoleCommand, DeleteRoleCommand, NoSuchEntityException } from '@aws-sdk/client-iam';
import { STSClient, AssumeRoleCommand } from '@aws-sdk/client-sts';
import { model as iamModel } from '../../src/aws/generated/iam/index.js';
import { model as stsModel } from '../../src/aws/generated/sts/index.js';
import { errors as iamErrors } from '../../src/aws/generated/iam/index.js';
import { protocolFor } from '../../src/aws/protocol/multi.js';
import { QueryProtocol } from '../../src/aws/protocol/query.js';
import type { ServiceModel } from '../../src/aws/protocol/model.js';
import { Readable } from 'node:stream';
import { loopback, clientConfig, type Exchange, sdkError } from './loopback.js';

const created = new Date('2024-05-06T07:08:09Z');

test('query: SDK v3 IAM CreateRole flattens Tags.member.N into typed input; the XML result deserializes with dates', async () => {
  const log: Exchange[] = [];
  const lb = loopback(protocolFor(iamModel), (_op, input) => ({
    Role: { Path: '/', RoleName: input.RoleName, RoleId: 'AROAEXAMPLEEXAMPLE123', Arn: 'arn:aws:iam::000000000000:role/r', CreateDate: created, AssumeRolePolicyDocument: '%7B%7D', Tags: input.Tags },
  }), log);
  const iam = new IAMClient({ ...clientConfig, requestHandler: lb.requestHandler });
  const out = await iam.send(new CreateRoleCommand({
    RoleName: 'r',
    AssumeRolePolicyDocument: '{}',
    MaxSessionDuration: 7200,
    Tags: [{ Key: 'a', Value: '1' }, { Key: 'b', Value: '2' }],
  }));
  assert.deepEqual(log[0]!.input, { RoleName: 'r', AssumeRolePolicyDocument: '{}', MaxSessionDuration: 7200, Tags: [{ Key: 'a', Value: '1' }, { Key: 'b', Value: '2' }] });
  assert.equal(log[0]!.request.form?.get('Tags.member.2.Key'), 'b');
  assert.equal(out.Role?.RoleName, 'r');
  assert.equal(out.Role?.CreateDate?.toISOString(), created.toISOString());
  assert.deepEqual(out.Role?.Tags, [{ Key: 'a', Value: '1' }, { Key: 'b', Value: '2' }]);
  assert.ok(out.$metadata.requestId);
  const xml = log[0]!.body.toString();
  assert.match(xml, /^<CreateRoleResponse xmlns="https:\/\/iam.amazonaws.com\/doc\/2010-05-08\/"><CreateRoleResult><Role>/);
  assert.match(xml, /<ResponseMetadata><RequestId>req-1<\/RequestId><\/ResponseMetadata><\/CreateRoleResponse>$/);
});

test('query: paging members and an operation without output', async () => {
  const lb = loopback(protocolFor(iamModel), (op) => (op === 'ListRoles' ? { Roles: [], IsTruncated: true, Marker: 'next' } : undefined));
  const iam = new IAMClient({ ...clientConfig, requestHandler: lb.requestHandler });
  const out = await iam.send(new ListRolesCommand({ MaxItems: 5, Marker: 'm' }));
  assert.deepEqual(lb.log[0]!.input, { MaxItems: 5, Marker: 'm' });
  assert.equal(out.IsTruncated, true);
  assert.equal(out.Marker, 'next');
  assert.deepEqual(out.Roles, []);
  await iam.send(new DeleteRoleCommand({ RoleName: 'x' }));
  assert.match(lb.log[1]!.body.toString(), /^<DeleteRoleResponse xmlns="[^"]+"><ResponseMetadata><RequestId>/);
});

test('query: a modeled error is an ErrorResponse the SDK raises as that exception, with the status and message', async () => {
  const lb = loopback(protocolFor(iamModel), () => {
    throw new iamErrors.NoSuchEntityException('The role with name r cannot be found.');
  });
  const iam = new IAMClient({ ...clientConfig, requestHandler: lb.requestHandler });
  const err = await iam.send(new GetRoleCommand({ RoleName: 'r' })).catch((e: unknown) => e);
  assert.ok(err instanceof NoSuchEntityException);
  assert.equal(err.message, 'The role with name r cannot be found.');
  assert.equal(err.$metadata.httpStatusCode, 404);
  assert.match(lb.log[0]!.body.toString(), /<ErrorResponse xmlns="[^"]+"><Error><Type>Sender<\/Type><Code>NoSuchEntity<\/Code>/);
});

test('query: server-side validation answers ValidationError listing every violation (SDK v3 does not validate)', async () => {
  const lb = loopback(protocolFor(iamModel), () => ({}));
  const iam = new IAMClient({ ...clientConfig, requestHandler: lb.requestHandler });
  const err = await sdkError(iam.send(new CreateRoleCommand({ RoleName: 'bad name', AssumeRolePolicyDocument: '{}', MaxSessionDuration: 60 })));
  assert.equal(err.name, 'ValidationError');
  assert.equal(
    err.message,
    "2 validation errors detected: Value 'bad name' at 'roleName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+; " +
      "Value '60' at 'maxSessionDuration' failed to satisfy constraint: Member must have value greater than or equal to 3600",
  );
});

test('query: SDK v3 STS AssumeRole round-trips credentials with their expiration', async () => {
  const exp = new Date('2030-01-01T00:00:00Z');
  const lb = loopback(protocolFor(stsModel), (_op, input) => ({
    Credentials: { AccessKeyId: 'ASIAEXAMPLE', SecretAccessKey: 's', SessionToken: 't', Expiration: exp },
    AssumedRoleUser: { AssumedRoleId: `AROAX:${String(input.RoleSessionName)}`, Arn: 'arn:aws:sts::000000000000:assumed-role/r/s1' },
  }));
  const sts = new STSClient({ ...clientConfig, requestHandler: lb.requestHandler });
  const out = await sts.send(new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::000000000000:role/r', RoleSessionName: 's1', DurationSeconds: 900 }));
  assert.deepEqual(lb.log[0]!.input, { RoleArn: 'arn:aws:iam::000000000000:role/r', RoleSessionName: 's1', DurationSeconds: 900 });
  assert.equal(out.Credentials?.Expiration?.toISOString(), exp.toISOString());
  assert.equal(out.AssumedRoleUser?.AssumedRoleId, 'AROAX:s1');
});

test('query: maps (entry.N.key/value), flattened lists and empty lists are read from the form', async () => {
  const model: ServiceModel = {
    metadata: { apiVersion: '2020-01-01', endpointPrefix: 'demo', protocol: 'query', serviceId: 'Demo' },
    operations: { Put: { name: 'Put', http: { method: 'POST', requestUri: '/' }, input: { shape: 'PutInput' } } },
    shapes: {
      PutInput: { type: 'structure', members: { Attrs: { shape: 'AttrMap' }, Ids: { shape: 'IdList' }, Flat: { shape: 'FlatList' }, Empty: { shape: 'IdList' }, When: { shape: 'Ts' }, On: { shape: 'Bool' } } },
      AttrMap: { type: 'map', key: { shape: 'Str' }, value: { shape: 'Int' } },
      IdList: { type: 'list', member: { shape: 'Str' } },
      FlatList: { type: 'list', member: { shape: 'Str' }, flattened: true },
      Str: { type: 'string' },
      Int: { type: 'integer' },
      Ts: { type: 'timestamp' },
      Bool: { type: 'boolean' },
    },
  };
  const p = new QueryProtocol(model);
  const form = new URLSearchParams('Action=Put&Version=2020-01-01&Attrs.entry.1.key=a&Attrs.entry.1.value=1&Attrs.entry.2.key=b&Attrs.entry.2.value=2' +
    '&Ids.member.1=x&Ids.member.2=y&Flat.1=f&Empty=&When=2024-01-02T03:04:05Z&On=true');
  const req = { method: 'POST', rawPath: '/', rawQuery: '', query: [], headers: {}, hostname: 'localhost', body: Readable.from([]), form };
  assert.equal(p.resolveOperation(req), 'Put');
  const input = await p.parseInput(req, 'Put');
  assert.deepEqual(input, { Attrs: { a: 1, b: 2 }, Ids: ['x', 'y'], Flat: ['f'], Empty: [], When: new Date('2024-01-02T03:04:05Z'), On: true });
  assert.throws(() => p.resolveOperation({ ...req, form: new URLSearchParams('Action=Nope') }), /Could not find operation Nope/);
});
