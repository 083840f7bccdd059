// Watch and list semantics over raw HTTP: resourceVersion unset/"0"/exact, compaction (410),
// bookmarks and sendInitialEvents, timeoutSeconds, selectors turning into ADDED/DELETED; list
// paging, Table output, dryRun, deletecollection.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { inProcessCluster, type InProcess } from './api.js';

let api: InProcess;
const CM = '/api/v1/namespaces/default/configmaps';

before(async () => {
  api = await inProcessCluster();
});
after(async () => {
  await api?.close();
});

async function createCm(name: string, labels: Record<string, string> = {}): Promise<string> {
  const r = await api.request('POST', CM, { metadata: { name, labels }, data: { a: '1' } });
  assert.equal(r.status, 201, r.body);
  return (r.json as { metadata: { resourceVersion: string } }).metadata.resourceVersion;
}

test('watch without resourceVersion (and with "0") starts with ADDED for what exists', async () => {
  await createCm('w-existing');
  for (const rv of ['', '&resourceVersion=0']) {
    const events = await api.watch(`${CM}?watch=1${rv}&timeoutSeconds=1`, (e) => e.some((x) => x.object.metadata?.name === 'w-existing'));
    assert.ok(events.some((e) => e.type === 'ADDED' && e.object.metadata?.name === 'w-existing'), JSON.stringify(events));
  }
});

test('watch from an exact resourceVersion sends only later changes, in order, with their resourceVersions', async () => {
  const rv = await createCm('w-exact');
  const events = await api.watch(`${CM}?watch=1&resourceVersion=${rv}`, (e) => e.some((x) => x.type === 'DELETED'), async () => {
    await api.request('PATCH', `${CM}/w-exact`, { data: { a: '2' } }, { 'Content-Type': 'application/merge-patch+json' });
    await api.request('DELETE', `${CM}/w-exact`);
  });
  assert.deepEqual(events.map((e) => `${e.type} ${e.object.metadata?.name}`), ['MODIFIED w-exact', 'DELETED w-exact']);
  const rvs = events.map((e) => Number(e.object.metadata?.resourceVersion));
  assert.ok(rvs[0]! > Number(rv) && rvs[1]! > rvs[0]!, `resourceVersions increase: ${rvs}`);
});

test('a label selector turns objects entering and leaving the selection into ADDED and DELETED', async () => {
  const rv = await createCm('w-sel', { stage: 'dev' });
  const events = await api.watch(`${CM}?watch=1&labelSelector=stage%3Dprod&resourceVersion=${rv}`, (e) => e.length >= 2, async () => {
    await api.request('PATCH', `${CM}/w-sel`, { metadata: { labels: { stage: 'prod' } } }, { 'Content-Type': 'application/merge-patch+json' });
    await api.request('PATCH', `${CM}/w-sel`, { metadata: { labels: { stage: 'dev' } } }, { 'Content-Type': 'application/merge-patch+json' });
  });
  assert.deepEqual(events.map((e) => e.type), ['ADDED', 'DELETED']);
});

test('a compacted resourceVersion: watch gets an ERROR 410 Expired event, list with Exact gets 410', async () => {
  const old = await createCm('w-old');
  await createCm('w-new');
  const current = await api.store.currentRevision();
  await api.store.compact(current);
  const events = await api.watch(`${CM}?watch=1&resourceVersion=${old}`, (e) => e.length > 0);
  assert.equal(events[0]!.type, 'ERROR');
  assert.equal(events[0]!.object.code, 410);
  assert.equal(events[0]!.object.reason, 'Expired');
  assert.match(events[0]!.object.message ?? '', /too old resource version/);
  const list = await api.request('GET', `${CM}?resourceVersion=${old}&resourceVersionMatch=Exact`);
  assert.equal(list.status, 410, list.body);
});

test('sendInitialEvents ends the initial state with a k8s.io/initial-events-end bookmark', async () => {
  const events = await api.watch(`${CM}?watch=1&sendInitialEvents=true&allowWatchBookmarks=true&resourceVersionMatch=NotOlderThan`, (e) => e.some((x) => x.type === 'BOOKMARK'));
  const bookmark = events.find((e) => e.type === 'BOOKMARK')!;
  assert.equal(bookmark.object.metadata?.annotations?.['k8s.io/initial-events-end'], 'true');
  assert.ok(events.slice(0, -1).every((e) => e.type === 'ADDED'));
});

test('timeoutSeconds ends the watch', async () => {
  const startedAt = Date.now();
  await api.watch(`${CM}?watch=1&resourceVersion=0&timeoutSeconds=1`, () => false);
  assert.ok(Date.now() - startedAt >= 900);
});

test('list: limit/continue pages at one revision; Table output; dryRun writes nothing; deletecollection', async () => {
  for (let i = 0; i < 3; i++) await createCm(`page-${i}`, { batch: 'b1' });
  const first = (await api.request('GET', `${CM}?labelSelector=batch%3Db1&limit=2`)).json as { metadata: { continue?: string; resourceVersion: string }; items: unknown[] };
  assert.equal(first.items.length, 2);
  await createCm('page-9', { batch: 'b1' });
  const second = (await api.request('GET', `${CM}?labelSelector=batch%3Db1&limit=2&continue=${encodeURIComponent(first.metadata.continue!)}`)).json as { metadata: { continue?: string; resourceVersion: string }; items: Array<{ metadata: { name: string } }> };
  // The second page reads the snapshot of the first: page-9, created after it, is not there.
  assert.deepEqual(second.items.map((i) => i.metadata.name), ['page-2']);
  assert.equal(second.metadata.resourceVersion, first.metadata.resourceVersion);
  const table = (await api.request('GET', CM, undefined, { Accept: 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json' })).json as { kind: string; columnDefinitions: Array<{ name: string }>; rows: Array<{ cells: unknown[] }> };
  assert.equal(table.kind, 'Table');
  assert.deepEqual(table.columnDefinitions.map((c) => c.name), ['Name', 'Data', 'Age']);
  const dry = await api.request('POST', `${CM}?dryRun=All`, { metadata: { name: 'dry' } });
  assert.equal(dry.status, 201);
  assert.equal((await api.request('GET', `${CM}/dry`)).status, 404);
  const del = await api.request('DELETE', `${CM}?labelSelector=batch%3Db1`);
  assert.equal(del.status, 200, del.body);
  assert.equal((del.json as { items: unknown[] }).items.length, 4);
  assert.equal(((await api.request('GET', `${CM}?labelSelector=batch%3Db1`)).json as { items: unknown[] }).items.length, 0);
});

test('pods: Table with wide columns, unscheduled pods delete at once and return the object', async () => {
  const pods = '/api/v1/namespaces/default/pods';
  const created = await api.request('POST', pods, { metadata: { name: 'p1' }, spec: { containers: [{ name: 'c', image: 'busybox' }] } });
  assert.equal(created.status, 201, created.body);
  const table = (await api.request('GET', pods, undefined, { Accept: 'application/json;as=Table;v=v1;g=meta.k8s.io' })).json as { columnDefinitions: Array<{ name: string; priority: number }>; rows: Array<{ cells: unknown[] }> };
  assert.deepEqual(table.columnDefinitions.map((c) => c.name), ['Name', 'Ready', 'Status', 'Restarts', 'Age', 'IP', 'Node', 'Nominated Node', 'Readiness Gates']);
  assert.deepEqual(table.rows[0]!.cells.slice(0, 4), ['p1', '0/1', 'Pending', '0']);
  const del = await api.request('DELETE', `${pods}/p1`);
  assert.equal(del.status, 200);
  assert.equal((del.json as { kind: string }).kind, 'Pod');
  assert.equal((await api.request('GET', `${pods}/p1`)).status, 404);
});

test('the compactor compacts up to the revision it saw one tick earlier', async () => {
  const { Compactor } = await import('../../src/kube/compactor.js');
  const { memoryStore } = await import('./registry-tester.js');
  const store = memoryStore();
  try {
    const c = new Compactor(store);
    await store.create('/a', new Uint8Array([1]));
    await c.tick(); // remembers revision 1, compacts nothing
    await store.create('/b', new Uint8Array([2]));
    await c.tick(); // compacts to 1
    await assert.rejects(store.watch('/', 1, () => undefined), /compacted/);
    const ok = await store.watch('/', 2, () => undefined);
    await ok.cancel();
  } finally {
    await store.close();
  }
});
