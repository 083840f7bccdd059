// @kubernetes/client-node against `lakestack start`: typed list/create/patch, paging, watch.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as k8s from '@kubernetes/client-node';
import { startServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
let kc: k8s.KubeConfig;

before(async () => {
  server = await startServer();
  kc = new k8s.KubeConfig();
  kc.loadFromFile(server.kubeconfig);
});
after(async () => {
  await server?.close();
});

test('client-node lists namespaces, creates and reads configmaps, pages with limit/continue', async () => {
  const core = kc.makeApiClient(k8s.CoreV1Api);
  const nss = await core.listNamespace();
  assert.deepEqual(nss.items.map((n) => n.metadata?.name).sort(), ['default', 'kube-node-lease', 'kube-public', 'kube-system']);
  for (let i = 0; i < 5; i++) {
    await core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: `page-${i}`, labels: { set: 'paging' } }, data: { i: String(i) } } });
  }
  const got = await core.readNamespacedConfigMap({ name: 'page-3', namespace: 'default' });
  assert.equal(got.data?.i, '3');
  const names: string[] = [];
  let token: string | undefined;
  let pages = 0;
  do {
    const page = await core.listNamespacedConfigMap({ namespace: 'default', labelSelector: 'set=paging', limit: 2, _continue: token });
    names.push(...page.items.map((c) => c.metadata!.name!));
    token = page.metadata?._continue || undefined;
    pages++;
  } while (token);
  assert.deepEqual(names, ['page-0', 'page-1', 'page-2', 'page-3', 'page-4']);
  assert.equal(pages, 3);
  await assert.rejects(core.createNamespacedConfigMap({ namespace: 'nowhere', body: { metadata: { name: 'x' } } }), (err: unknown) => {
    const e = err as { code?: number; body?: string };
    assert.equal(e.code, 404);
    assert.match(String(e.body), /namespaces \\?"nowhere\\?" not found/);
    return true;
  });
});

test('client-node watch from a resourceVersion sees ADDED, MODIFIED and DELETED in order', async () => {
  const core = kc.makeApiClient(k8s.CoreV1Api);
  const list = await core.listNamespacedConfigMap({ namespace: 'default' });
  const events: string[] = [];
  const watch = new k8s.Watch(kc);
  let resolveDone!: () => void;
  const sawDelete = new Promise<void>((r) => (resolveDone = r));
  const ctl = await watch.watch(
    '/api/v1/namespaces/default/configmaps',
    { resourceVersion: list.metadata!.resourceVersion, allowWatchBookmarks: true },
    (type: string, obj: k8s.V1ConfigMap) => {
      events.push(`${type} ${obj.metadata?.name}`);
      if (type === 'DELETED') resolveDone();
    },
    () => undefined,
  );
  await core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'w1' }, data: { a: '1' } } });
  await core.patchNamespacedConfigMap({ name: 'w1', namespace: 'default', body: { data: { a: '2' } } }, k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch));
  await core.deleteNamespacedConfigMap({ name: 'w1', namespace: 'default' });
  await sawDelete;
  ctl.abort();
  assert.deepEqual(events, ['ADDED w1', 'MODIFIED w1', 'DELETED w1']);
});

test('client-node creates a deployment and a pod; pods stay Pending; services get a ClusterIP', async () => {
  const apps = kc.makeApiClient(k8s.AppsV1Api);
  const core = kc.makeApiClient(k8s.CoreV1Api);
  const dep = await apps.createNamespacedDeployment({
    namespace: 'default',
    body: {
      metadata: { name: 'api' },
      spec: { selector: { matchLabels: { app: 'api' } }, template: { metadata: { labels: { app: 'api' } }, spec: { containers: [{ name: 'api', image: 'busybox' }] } } },
    },
  });
  assert.equal(dep.spec?.replicas, 1);
  assert.equal(dep.spec?.strategy?.type, 'RollingUpdate');
  assert.equal(dep.metadata?.generation, 1);
  const pod = await core.createNamespacedPod({ namespace: 'default', body: { metadata: { generateName: 'job-' }, spec: { containers: [{ name: 'c', image: 'busybox:1.36' }] } } });
  assert.match(pod.metadata!.name!, /^job-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
  assert.equal(pod.status?.phase, 'Pending');
  const svc = await core.createNamespacedService({ namespace: 'default', body: { metadata: { name: 'api' }, spec: { selector: { app: 'api' }, ports: [{ port: 8080 }] } } });
  assert.match(svc.spec!.clusterIP!, /^10\.\d+\.\d+\.\d+$/);
  assert.equal(svc.spec?.ports?.[0]?.targetPort, 8080);
  await assert.rejects(
    apps.createNamespacedDeployment({ namespace: 'default', body: { metadata: { name: 'bad' }, spec: { selector: { matchLabels: { app: 'x' } }, template: { metadata: { labels: { app: 'y' } }, spec: { containers: [] } } } } }),
    (err: unknown) => {
      const e = err as { code?: number; body?: string };
      assert.equal(e.code, 422);
      const status = JSON.parse(String(e.body)) as { reason: string; details: { causes: Array<{ field: string }> } };
      assert.equal(status.reason, 'Invalid');
      assert.deepEqual(status.details.causes.map((c) => c.field).sort(), ['spec.template.metadata.labels', 'spec.template.spec.containers']);
      return true;
    },
  );
});
