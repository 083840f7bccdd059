// kill -9 while a step runs: after restart the cluster is back in its state, the step is FAILED with a reason,
// and the cluster follows the step's ActionOnFailure (CONTINUE: WAITING again).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServer } from '../helpers/server.js';
import { aws } from '../helpers/clients.js';

test('a RUNNING step is FAILED after kill -9 and restart; the cluster comes back WAITING', async () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'emr-restart-'));
  let s = await startServer({ dataDir });
  try {
    const c = await aws(s.env, 'emr', 'create-cluster', '--release-label', 'emr-7.5.0', '--instance-type', 'm5.xlarge', '--instance-count', '1', '--no-auto-terminate',
      '--steps', 'Type=CUSTOM_JAR,Name=sleep,ActionOnFailure=CONTINUE,Jar=command-runner.jar,Args=[bash,-c,sleep 60]');
    const id = (c.json as { ClusterId: string }).ClusterId;
    for (let i = 0; i < 50; i++) {
      const st = await aws(s.env, 'emr', 'list-steps', '--cluster-id', id);
      if ((st.json as { Steps: { Status: { State: string } }[] }).Steps[0]!.Status.State === 'RUNNING') break;
      await new Promise((r) => setTimeout(r, 200));
    }
    await s.stop('SIGKILL');
    s = await startServer({ dataDir, port: s.port });
    const steps = await aws(s.env, 'emr', 'list-steps', '--cluster-id', id);
    const step = (steps.json as { Steps: { Status: { State: string; FailureDetails: { Reason: string } } }[] }).Steps[0]!;
    assert.equal(step.Status.State, 'FAILED');
    assert.match(step.Status.FailureDetails.Reason, /Lakestack stopped/);
    const d = await aws(s.env, 'emr', 'describe-cluster', '--cluster-id', id);
    assert.equal((d.json as { Cluster: { Status: { State: string } } }).Cluster.Status.State, 'WAITING');
  } finally {
    await s.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
