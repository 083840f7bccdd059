// The API's core (create/get/list/watch/update/delete/conflict) through client-node on each store:
// SQLite (the default) and a real etcd that this test starts on loopback.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as k8s from '@kubernetes/client-node';
import { startServer, type TestServer } from '../helpers/server.js';
import { findEtcd, startEtcd, type EtcdServer } from './etcd-server.js';

const etcdBin = findEtcd();

function statusOf(err: unknown): { code: number; reason: string; message: string } {
  const e = err as { code?: number; body?: string };
  const s = JSON.parse(String(e.body)) as { reason: string; message: string };
  return { code: e.code ?? 0, reason: s.reason, message: s.message };
}

for (const backend of ['sqlite', 'etcd'] as const) {
  const skip = backend === 'etcd' && !etcdBin && !process.env.LAKESTACK_REQUIRE_ALL ? 'etcd is not on this machine' : false;
  describe(`API core on ${backend}`, { skip }, () => {
    let etcd: EtcdServer | undefined;
    let server: TestServer;
    let core: k8s.CoreV1Api;
    let kc: k8s.KubeConfig;

    before(async () => {
      if (backend === 'etcd') etcd = await startEtcd(etcdBin!);
      server = await startServer(etcd ? { kubeStore: `etcd://${etcd.endpoint}` } : {});
      kc = new k8s.KubeConfig();
      kc.loadFromFile(server.kubeconfig);
      core = kc.makeApiClient(k8s.CoreV1Api);
    });
    after(async () => {
      await server?.close();
      await etcd?.stop();
    });

    test('create, get, list with a label selector, AlreadyExists', async () => {
      const made = await core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'core-a', labels: { suite: 'core' } }, data: { k: 'v' } } });
      assert.match(made.metadata!.resourceVersion!, /^\d+$/);
      await core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'core-b', labels: { suite: 'core' } } } });
      const got = await core.readNamespacedConfigMap({ name: 'core-a', namespace: 'default' });
      assert.equal(got.data?.k, 'v');
      assert.equal(got.metadata?.uid, made.metadata?.uid);
      const list = await core.listNamespacedConfigMap({ namespace: 'default', labelSelector: 'suite=core' });
      assert.deepEqual(list.items.map((c) => c.metadata!.name), ['core-a', 'core-b']);
      assert.ok(Number(list.metadata!.resourceVersion) >= Number(made.metadata!.resourceVersion));
      await assert.rejects(core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'core-a' } } }), (err: unknown) => {
        assert.deepEqual(statusOf(err), { code: 409, reason: 'AlreadyExists', message: 'configmaps "core-a" already exists' });
        return true;
      });
    });

    test('update with the current resourceVersion, 409 Conflict with a stale one', async () => {
      const cur = await core.readNamespacedConfigMap({ name: 'core-a', namespace: 'default' });
      const updated = await core.replaceNamespacedConfigMap({ name: 'core-a', namespace: 'default', body: { ...cur, data: { k: 'v2' } } });
      assert.ok(Number(updated.metadata!.resourceVersion) > Number(cur.metadata!.resourceVersion));
      await assert.rejects(core.replaceNamespacedConfigMap({ name: 'core-a', namespace: 'default', body: { ...cur, data: { k: 'stale' } } }), (err: unknown) => {
        assert.deepEqual(statusOf(err), {
          code: 409,
          reason: 'Conflict',
          message: 'Operation cannot be fulfilled on configmaps "core-a": the object has been modified; please apply your changes to the latest version and try again',
        });
        return true;
      });
      assert.equal((await core.readNamespacedConfigMap({ name: 'core-a', namespace: 'default' })).data?.k, 'v2');
    });

    test('watch from a list resourceVersion sees ADDED, MODIFIED, DELETED in order with increasing resourceVersions', async () => {
      const list = await core.listNamespacedConfigMap({ namespace: 'default' });
      const events: Array<{ type: string; name: string; rv: number }> = [];
      let done!: () => void;
      const sawDelete = new Promise<void>((r) => (done = r));
      const ctl = await new k8s.Watch(kc).watch(
        '/api/v1/namespaces/default/configmaps',
        { resourceVersion: list.metadata!.resourceVersion },
        (type: string, obj: k8s.V1ConfigMap) => {
          events.push({ type, name: obj.metadata!.name!, rv: Number(obj.metadata!.resourceVersion) });
          if (type === 'DELETED') done();
        },
        () => undefined,
      );
      await core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'core-w' } } });
      await core.patchNamespacedConfigMap({ name: 'core-w', namespace: 'default', body: { data: { a: '1' } } }, k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch));
      await core.deleteNamespacedConfigMap({ name: 'core-w', namespace: 'default' });
      await sawDelete;
      ctl.abort();
      assert.deepEqual(events.map((e) => `${e.type} ${e.name}`), ['ADDED core-w', 'MODIFIED core-w', 'DELETED core-w']);
      assert.ok(events[0]!.rv < events[1]!.rv && events[1]!.rv < events[2]!.rv);
    });

    test('delete returns the object; a get after it is 404; deletecollection by label', async () => {
      await core.deleteNamespacedConfigMap({ name: 'core-b', namespace: 'default' });
      await assert.rejects(core.readNamespacedConfigMap({ name: 'core-b', namespace: 'default' }), (err: unknown) => {
        assert.deepEqual(statusOf(err), { code: 404, reason: 'NotFound', message: 'configmaps "core-b" not found' });
        return true;
      });
      await core.deleteCollectionNamespacedConfigMap({ namespace: 'default', labelSelector: 'suite=core' });
      assert.deepEqual((await core.listNamespacedConfigMap({ namespace: 'default', labelSelector: 'suite=core' })).items, []);
    });
  });
}
