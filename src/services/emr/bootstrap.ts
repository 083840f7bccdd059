// Bootstrap actions: each script is fetched from S3 and run with its arguments once per simulated node, in that
// node's directory under the cluster's working directory (its HOME), with the node's environment. The first
// failure is the cluster's BOOTSTRAP_FAILURE, naming the node, the action and the script; logs go under
// LogUri at node/<instance-id>/bootstrap-actions/<n>/.
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import type { S3Lake } from '../s3/lake.js';
import { StepFailure, fetchObject } from './exec/context.js';
import { BoundedBuffer, runProcess } from './exec/process.js';
import type { LogWriter } from './logs.js';
import type { ClusterRecord } from './store.js';

export interface BootstrapDeps {
  lake: S3Lake;
  workDir: string;
  env: (extra: Record<string, string>) => NodeJS.ProcessEnv;
  logs: LogWriter;
}

/** Runs every action on every node; returns the failure message, or undefined when all succeeded. */
export async function runBootstrap(rec: ClusterRecord, d: BootstrapDeps): Promise<string | undefined> {
  const nodes = rec.instances.filter((i) => i.Status?.State !== 'TERMINATED');
  const failures = await Promise.all(nodes.map(async (node, n) => {
    const role = n === 0 ? 'master' : 'core';
    const home = path.join(d.workDir, 'nodes', node.Ec2InstanceId!, 'home');
    await fsp.mkdir(home, { recursive: true });
    for (const [k, ba] of rec.bootstrapActions.entries()) {
      const script = ba.ScriptBootstrapAction.Path;
      const local = path.join(home, '..', 'bootstrap-actions', String(k + 1), path.basename(script) || 'script');
      const stdout = new BoundedBuffer(1 << 20);
      const stderr = new BoundedBuffer(1 << 20);
      let failure: string | undefined;
      try {
        await fetchObject(d, script, local);
      } catch (e) {
        failure = `${role === 'master' ? 'Master' : 'Core'} instance (${node.Ec2InstanceId}) failed attempting to download bootstrap action ${k + 1} file from S3: ${script}${e instanceof StepFailure ? '' : ` (${String(e)})`}`;
      }
      if (!failure) {
        await fsp.chmod(local, 0o755);
        const shebang = (await fsp.readFile(local, 'utf8')).startsWith('#!');
        const args = ba.ScriptBootstrapAction.Args ?? [];
        const env = d.env({ HOME: home, EMR_INSTANCE_ID: node.Ec2InstanceId!, EMR_IS_MASTER: String(role === 'master') });
        const r = await runProcess(shebang ? local : '/bin/bash', shebang ? args : [local, ...args], { cwd: home, env, stdout, stderr });
        if (r.code !== 0) failure = `On the ${role} instance (${node.Ec2InstanceId}), bootstrap action ${k + 1} (${ba.Name}: ${script}) returned a non-zero return code (${r.code})`;
      }
      const base = `node/${node.Ec2InstanceId}/bootstrap-actions/${k + 1}`;
      await Promise.all([d.logs.write(`${base}/stdout`, stdout.buffer()), d.logs.write(`${base}/stderr`, stderr.buffer())]);
      if (failure) return failure;
    }
    return undefined;
  }));
  return failures.find((f) => f !== undefined);
}
