// Malformed bodies are upstream's 400 BadRequest (never a 500), and the static token file parser.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { inProcessCluster, type InProcess } from './api.js';
import { parseTokenFile } from '../../src/kube/auth/token-file.js';

let api: InProcess;
before(async () => {
  api = await inProcessCluster();
});
after(async () => {
  await api?.close();
});

test('malformed JSON and YAML bodies are 400 BadRequest; the server keeps serving', async () => {
  const json = await api.request('POST', '/api/v1/namespaces/default/configmaps', '{"metadata": {"name": ');
  assert.equal(json.status, 400);
  assert.equal((json.json as { reason: string }).reason, 'BadRequest');
  assert.match((json.json as { message: string }).message, /^error decoding from json: /);
  const yaml = await api.request('POST', '/api/v1/namespaces/default/configmaps', 'metadata: {name: [x\n  :: bad', { 'Content-Type': 'application/yaml' });
  assert.equal(yaml.status, 400);
  assert.match((yaml.json as { message: string }).message, /^error converting YAML to JSON: /);
  const notObject = await api.request('POST', '/api/v1/namespaces/default/configmaps', '[1,2]');
  assert.equal(notObject.status, 400);
  assert.equal((await api.request('GET', '/api/v1/namespaces/default/configmaps')).status, 200);
});

test('token file: quoted groups, optional groups column, comments; short lines refused', () => {
  const m = parseTokenFile('# c\nt1,alice,1001,"dev,qa"\nt2,bob,1002\n');
  assert.deepEqual(m.get('t1'), { name: 'alice', uid: '1001', groups: ['dev', 'qa'] });
  assert.deepEqual(m.get('t2'), { name: 'bob', uid: '1002', groups: [] });
  assert.throws(() => parseTokenFile('t3,carol\n'), /at least 3 columns/);
});
