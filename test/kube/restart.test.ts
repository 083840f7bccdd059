// Durability through the API: kill -9 of `lakestack start` and a restart on the same data dir bring
// every acknowledged object back, resourceVersions keep increasing, and the cluster keeps its CA
// (a kubeconfig written before the restart still verifies the server).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { startServer } from '../helpers/server.js';
import { kubectl, kubectlBinary } from './kubectl.js';

const k133 = kubectlBinary(33);

test('kill -9 and restart keep objects, revisions and the CA', { skip: !k133 && !process.env.LAKESTACK_REQUIRE_ALL ? 'kubectl 1.33 is not on this machine' : false }, async () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'lakestack-restart-'));
  try {
    const first = await startServer({ dataDir });
    const caBefore = (parseYaml(readFileSync(first.kubeconfig, 'utf8')) as { clusters: Array<{ cluster: Record<string, string> }> }).clusters[0]!.cluster['certificate-authority-data'];
    let k = kubectl(k133!, first.kubeconfig);
    for (let i = 0; i < 3; i++) assert.equal((await k('create', 'configmap', `keep-${i}`, `--from-literal=i=${i}`)).code, 0);
    const before = JSON.parse((await k('get', 'cm', 'keep-2', '-o', 'json')).stdout) as { metadata: { resourceVersion: string; uid: string } };
    await first.stop('SIGKILL');

    const second = await startServer({ dataDir });
    try {
      const caAfter = (parseYaml(readFileSync(second.kubeconfig, 'utf8')) as { clusters: Array<{ cluster: Record<string, string> }> }).clusters[0]!.cluster['certificate-authority-data'];
      assert.equal(caAfter, caBefore);
      k = kubectl(k133!, second.kubeconfig);
      const names = (await k('get', 'cm', '-o', 'name')).stdout;
      for (let i = 0; i < 3; i++) assert.match(names, new RegExp(`^configmap/keep-${i}$`, 'm'));
      const after = JSON.parse((await k('get', 'cm', 'keep-2', '-o', 'json')).stdout) as { metadata: { resourceVersion: string; uid: string } };
      assert.deepEqual(after.metadata, { ...after.metadata, resourceVersion: before.metadata.resourceVersion, uid: before.metadata.uid });
      assert.equal((await k('create', 'configmap', 'later')).code, 0);
      const later = JSON.parse((await k('get', 'cm', 'later', '-o', 'json')).stdout) as { metadata: { resourceVersion: string } };
      assert.ok(Number(later.metadata.resourceVersion) > Number(before.metadata.resourceVersion));
      assert.match((await k('get', 'ns')).stdout, /^default\s+Active/m);
    } finally {
      await second.stop();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});
