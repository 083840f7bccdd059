// Garbage collection by ownerReferences: background, foreground and orphan propagation.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { inProcessCluster, type InProcess } from './api.js';

let api: InProcess;
before(async () => {
  api = await inProcessCluster();
});
after(async () => {
  await api?.close();
});

const CM = '/api/v1/namespaces/default/configmaps';
const SEC = '/api/v1/namespaces/default/secrets';

async function owner(name: string): Promise<string> {
  const r = await api.request('POST', CM, { metadata: { name } });
  assert.equal(r.status, 201, r.body);
  return (r.json as { metadata: { uid: string } }).metadata.uid;
}

async function dependent(name: string, ownerName: string, uid: string): Promise<void> {
  const r = await api.request('POST', SEC, { metadata: { name, ownerReferences: [{ apiVersion: 'v1', kind: 'ConfigMap', name: ownerName, uid, blockOwnerDeletion: true }] } });
  assert.equal(r.status, 201, r.body);
}

async function eventually(check: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.fail(`timed out waiting for ${what}`);
}

const exists = async (path: string) => (await api.request('GET', path)).status === 200;

test('background: dependents go after their owner', async () => {
  const uid = await owner('bg-owner');
  await dependent('bg-dep', 'bg-owner', uid);
  const del = await api.request('DELETE', `${CM}/bg-owner`, { propagationPolicy: 'Background' });
  assert.equal(del.status, 200, del.body);
  await eventually(async () => !(await exists(`${SEC}/bg-dep`)), 'the dependent to be collected');
});

test('foreground: the owner waits, marked, until its dependents are gone', async () => {
  const uid = await owner('fg-owner');
  await dependent('fg-dep', 'fg-owner', uid);
  const del = await api.request('DELETE', `${CM}/fg-owner`, { propagationPolicy: 'Foreground' });
  assert.equal(del.status, 202, del.body);
  assert.deepEqual((del.json as { metadata: { finalizers: string[] } }).metadata.finalizers, ['foregroundDeletion']);
  await eventually(async () => !(await exists(`${CM}/fg-owner`)), 'the owner to go');
  assert.equal(await exists(`${SEC}/fg-dep`), false);
});

test('orphan: dependents stay, without the ownerReference', async () => {
  const uid = await owner('or-owner');
  await dependent('or-dep', 'or-owner', uid);
  const del = await api.request('DELETE', `${CM}/or-owner`, { propagationPolicy: 'Orphan' });
  assert.equal(del.status, 202, del.body);
  await eventually(async () => !(await exists(`${CM}/or-owner`)), 'the owner to go');
  const dep = (await api.request('GET', `${SEC}/or-dep`)).json as { metadata: { ownerReferences?: unknown[] } };
  assert.equal((dep.metadata.ownerReferences ?? []).length, 0);
});

test('a dependent whose owner never existed is collected', async () => {
  await dependent('dangling', 'ghost', '00000000-0000-0000-0000-000000000000');
  await eventually(async () => !(await exists(`${SEC}/dangling`)), 'the dangling dependent to be collected');
});

test('a deleted default ServiceAccount comes back', async () => {
  const sa = '/api/v1/namespaces/default/serviceaccounts/default';
  await eventually(async () => exists(sa), 'the default ServiceAccount');
  const uid = ((await api.request('GET', sa)).json as { metadata: { uid: string } }).metadata.uid;
  assert.equal((await api.request('DELETE', sa)).status, 200);
  await eventually(async () => {
    const r = await api.request('GET', sa);
    return r.status === 200 && (r.json as { metadata: { uid: string } }).metadata.uid !== uid;
  }, 'a new default ServiceAccount');
});
