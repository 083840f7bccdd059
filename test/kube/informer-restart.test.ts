// A client-node informer across kill -9 of `lakestack start` and a restart on the same data dir
// and port: it resumes its watch from the last resourceVersion it saw (no relist), and receives
// every change made while it was away exactly once, in order.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import * as k8s from '@kubernetes/client-node';
import { startServer, type TestServer } from '../helpers/server.js';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => resolve(typeof addr === 'object' && addr ? addr.port : 0));
    });
  });
}

async function until(cond: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200 && !cond(); i++) await new Promise((r) => setTimeout(r, 50));
  assert.ok(cond(), `timed out waiting for ${what}`);
}

test('client-node informer resumes from its last resourceVersion after kill -9 and restart', async () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'lakestack-informer-'));
  const kubePort = await freePort();
  let server: TestServer | undefined = await startServer({ dataDir, kubePort });
  const kc = new k8s.KubeConfig();
  kc.loadFromFile(server.kubeconfig);
  const core = kc.makeApiClient(k8s.CoreV1Api);
  const events: string[] = [];
  let connects = 0;
  const informer = k8s.makeInformer(kc, '/api/v1/namespaces/default/configmaps', () => core.listNamespacedConfigMap({ namespace: 'default', labelSelector: 'informed=yes' }), 'informed=yes');
  const record = (type: string) => (obj: k8s.V1ConfigMap) => events.push(`${type} ${obj.metadata!.name} ${obj.data?.v ?? ''}`);
  informer.on('add', record('ADDED'));
  informer.on('update', record('MODIFIED'));
  informer.on('delete', record('DELETED'));
  informer.on('connect', () => connects++);
  let stopped = false;
  // client-node's informer stops on an error; restarting it keeps its resourceVersion, as an
  // operator's retry loop does.
  informer.on('error', () => {
    if (!stopped) setTimeout(() => void informer.start().catch(() => undefined), 500);
  });
  try {
    await informer.start();
    await core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'i1', labels: { informed: 'yes' } }, data: { v: '1' } } });
    await core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'i2', labels: { informed: 'yes' } }, data: { v: '1' } } });
    await until(() => events.length === 2, 'the first two ADDED events');
    await server.stop('SIGKILL');
    server = await startServer({ dataDir, kubePort });
    // Changes made before the informer reconnects: it must get each from its watch, once.
    await core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'i3', labels: { informed: 'yes' } }, data: { v: '1' } } });
    await core.patchNamespacedConfigMap({ name: 'i1', namespace: 'default', body: { data: { v: '2' } } }, k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch));
    await core.deleteNamespacedConfigMap({ name: 'i2', namespace: 'default' });
    await until(() => events.length >= 5, 'the events made across the restart');
    await core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'i4', labels: { informed: 'yes' } }, data: { v: '1' } } });
    await until(() => events.length >= 6, 'an event after the reconnect');
    await new Promise((r) => setTimeout(r, 300));
    assert.deepEqual(events, ['ADDED i1 1', 'ADDED i2 1', 'ADDED i3 1', 'MODIFIED i1 2', 'DELETED i2 1', 'ADDED i4 1']);
    assert.deepEqual(informer.list().map((c) => c.metadata!.name).sort(), ['i1', 'i3', 'i4']);
    assert.ok(connects >= 2, 'the informer reconnected');
  } finally {
    stopped = true;
    await informer.stop();
    await server?.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
