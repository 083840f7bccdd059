import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findViolations, validationMessage, validateInput } from '../../src/aws/protocol/validate.js';
import { JSON_DOCUMENT, readDocument, writeDocument } from '../../src/aws/protocol/document.js';
import type { ServiceModel } from '../../src/aws/protocol/model.js';

const model: ServiceModel = {
  metadata: { apiVersion: '2020-01-01', endpointPrefix: 'demo', protocol: 'json', serviceId: 'Demo', targetPrefix: 'Demo' },
  operations: { Put: { name: 'Put', http: { method: 'POST', requestUri: '/' }, input: { shape: 'PutInput' } } },
  shapes: {
    PutInput: { type: 'structure', required: ['Name', 'Items'], members: { Name: { shape: 'Name' }, Items: { shape: 'Items' }, Size: { shape: 'Size' }, Mode: { shape: 'Mode' }, Attrs: { shape: 'Attrs' }, At: { shape: 'Ts' }, Data: { shape: 'Bytes' }, Ratio: { shape: 'Dbl' } } },
    Name: { type: 'string', min: 1, max: 8, pattern: '[a-z]+' },
    Items: { type: 'list', member: { shape: 'Item' }, max: 2 },
    Item: { type: 'structure', required: ['Key'], members: { Key: { shape: 'Name' } } },
    Size: { type: 'integer', min: 1, max: 10 },
    Mode: { type: 'string', enum: ['fast', 'slow'] },
    Attrs: { type: 'map', key: { shape: 'Name' }, value: { shape: 'Size' } },
    Ts: { type: 'timestamp' },
    Bytes: { type: 'blob' },
    Dbl: { type: 'double' },
  },
};

test('validation: every violation, in model order, with list and map paths as AWS writes them', () => {
  const v = findViolations(model, 'PutInput', { Name: 'ABC', Items: [{ Key: 'ok' }, {}, { Key: 'x' }], Size: 11, Mode: 'warp', Attrs: { good: 0 } });
  assert.deepEqual(v, [
    "Value 'ABC' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-z]+",
    "Value '[{Key=ok}, {}, {Key=x}]' at 'items' failed to satisfy constraint: Member must have length less than or equal to 2",
    "Value null at 'items.2.member.key' failed to satisfy constraint: Member must not be null",
    "Value '11' at 'size' failed to satisfy constraint: Member must have value less than or equal to 10",
    "Value 'warp' at 'mode' failed to satisfy constraint: Member must satisfy enum value set: [fast, slow]",
    "Value '0' at 'attrs.good.value' failed to satisfy constraint: Member must have value greater than or equal to 1",
  ]);
  assert.equal(validationMessage(v.slice(0, 1)), `1 validation error detected: ${v[0]}`);
  assert.throws(() => validateInput(model, 'Put', {}, 'ValidationException'), {
    code: 'ValidationException',
    message:
      "2 validation errors detected: Value null at 'name' failed to satisfy constraint: Member must not be null; Value null at 'items' failed to satisfy constraint: Member must not be null",
  });
  assert.doesNotThrow(() => validateInput(model, 'Put', { Name: 'ok', Items: [] }, 'ValidationException'));
});

test('json documents: epoch-second timestamps, base64 blobs and non-finite doubles both ways; wrong types are SerializationException', () => {
  const ref = { shape: 'PutInput' };
  const typed = readDocument(model, ref, { Name: 'a', Items: [], At: 1700000000.5, Data: 'aGk=', Ratio: 'NaN' }, JSON_DOCUMENT) as Record<string, unknown>;
  assert.equal((typed.At as Date).toISOString(), '2023-11-14T22:13:20.500Z');
  assert.equal(Buffer.from(typed.Data as Uint8Array).toString(), 'hi');
  assert.ok(Number.isNaN(typed.Ratio));
  assert.deepEqual(writeDocument(model, ref, typed, JSON_DOCUMENT), { Name: 'a', Items: [], At: 1700000000.5, Data: 'aGk=', Ratio: 'NaN' });
  assert.throws(() => readDocument(model, ref, { Size: '3' }, JSON_DOCUMENT), { code: 'SerializationException' });
  assert.throws(() => readDocument(model, ref, { Items: {} }, JSON_DOCUMENT), { code: 'SerializationException' });
});
