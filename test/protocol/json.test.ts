import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GlueClient, CreateDatabaseCommand, GetDatabaseCommand, EntityNotFoundException } from '@aws-sdk/client-glue';
import { model as glueModel, errors as glueErrors } from '../../src/aws/generated/glue/index.js';
import { protocolFor } from '../../src/aws/protocol/multi.js';
import { loopback, clientConfig, sdkError } from './loopback.js';

const created = new Date('2024-05-06T07:08:09.250Z');

test('json 1.1: SDK v3 Glue request is parsed by X-Amz-Target into typed input (nested structures, maps, lists)', async () => {
  const lb = loopback(protocolFor(glueModel), () => ({}));
  const glue = new GlueClient({ ...clientConfig, requestHandler: lb.requestHandler });
  await glue.send(new CreateDatabaseCommand({
    DatabaseInput: { Name: 'sales', Parameters: { owner: 'data' }, CreateTableDefaultPermissions: [{ Permissions: ['ALL'] }] },
    Tags: { team: 'a' },
  }));
  const x = lb.log[0]!;
  assert.equal(x.operation, 'CreateDatabase');
  assert.equal(x.request.headers['x-amz-target'], 'AWSGlue.CreateDatabase');
  assert.deepEqual(x.input, { DatabaseInput: { Name: 'sales', Parameters: { owner: 'data' }, CreateTableDefaultPermissions: [{ Permissions: ['ALL'] }] }, Tags: { team: 'a' } });
  assert.equal(x.headers['content-type'], 'application/x-amz-json-1.1');
});

test('json 1.1: output timestamps travel as epoch seconds and come back as the same Date', async () => {
  const lb = loopback(protocolFor(glueModel), (_op, input) => ({ Database: { Name: input.Name, CreateTime: created, Parameters: { k: 'v' } } }));
  const glue = new GlueClient({ ...clientConfig, requestHandler: lb.requestHandler });
  const out = await glue.send(new GetDatabaseCommand({ Name: 'sales' }));
  assert.equal(JSON.parse(lb.log[0]!.body.toString()).Database.CreateTime, 1714979289.25);
  assert.equal(out.Database?.CreateTime?.toISOString(), created.toISOString());
  assert.deepEqual(out.Database?.Parameters, { k: 'v' });
});

test('json 1.1: a modeled error carries __type and the shape\'s message member; the SDK raises that exception', async () => {
  const lb = loopback(protocolFor(glueModel), () => {
    throw new glueErrors.EntityNotFoundException('Database sales not found.');
  });
  const glue = new GlueClient({ ...clientConfig, requestHandler: lb.requestHandler });
  const err = await glue.send(new GetDatabaseCommand({ Name: 'sales' })).catch((e: unknown) => e);
  assert.ok(err instanceof EntityNotFoundException);
  assert.equal(err.message, 'Database sales not found.');
  assert.equal(err.$metadata.httpStatusCode, 400);
  assert.deepEqual(JSON.parse(lb.log[0]!.body.toString()), { __type: 'EntityNotFoundException', Message: 'Database sales not found.' });
});

test('json 1.1: server-side validation answers ValidationException with the count and each violation', async () => {
  const lb = loopback(protocolFor(glueModel), () => ({}));
  const glue = new GlueClient({ ...clientConfig, requestHandler: lb.requestHandler });
  const err = await sdkError(glue.send(new GetDatabaseCommand({ Name: '' })));
  assert.equal(err.name, 'ValidationException');
  assert.equal(err.$metadata.httpStatusCode, 400);
  assert.match(err.message, /^1 validation error detected: Value '' at 'name' failed to satisfy constraint: Member must have length greater than or equal to 1$/);
});

test('json: an unknown target and a malformed body get UnknownOperationException and SerializationException', async () => {
  const p = protocolFor(glueModel);
  const { Readable } = await import('node:stream');
  const base = { method: 'POST', rawPath: '/', rawQuery: '', query: [], hostname: 'localhost', body: Readable.from([]) };
  assert.throws(() => p.resolveOperation({ ...base, headers: { 'x-amz-target': 'AWSGlue.Nope' } }), { code: 'UnknownOperationException' });
  const req = { ...base, headers: { 'x-amz-target': 'AWSGlue.GetDatabase' }, body: Readable.from([Buffer.from('{"Name": 5}')]) };
  await assert.rejects(p.parseInput(req, p.resolveOperation(req)), { code: 'SerializationException' });
  const bad = { ...base, headers: { 'x-amz-target': 'AWSGlue.GetDatabase' }, body: Readable.from([Buffer.from('{nope')]) };
  await assert.rejects(p.parseInput(bad, 'GetDatabase'), { code: 'SerializationException' });
});
