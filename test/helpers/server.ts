import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface TestServer {
  endpoint: string;
  port: number;
  dataDir: string;
  process: ChildProcess;
  /** Environment for the aws CLI / boto3 pointed at this server. */
  env: NodeJS.ProcessEnv;
  /** https://127.0.0.1:<port> of the local Kubernetes cluster. */
  kubeEndpoint: string;
  /** The kubeconfig `lakestack start` wrote (admin, system:masters). */
  kubeconfig: string;
  /** Stops with SIGTERM (or `signal`) and waits for exit; keeps the data dir. */
  stop(signal?: NodeJS.Signals): Promise<void>;
  /** Stops and removes the data dir. */
  close(): Promise<void>;
}

export interface StartOptions {
  dataDir?: string;
  auth?: 'open' | 'strict';
  env?: NodeJS.ProcessEnv;
  /** Pin the port (e.g. to restart on the same one); 0 picks a free port. */
  port?: number;
  /** Pin the Kubernetes API port; 0 (the default here) picks a free port. */
  kubePort?: number;
  /** --kube-store: "sqlite" (default) or "etcd://host:port". */
  kubeStore?: string;
}

/** Starts `lakestack start` as a child process on an ephemeral port with a temporary data dir. */
export async function startServer(opts: StartOptions = {}): Promise<TestServer> {
  const dataDir = opts.dataDir ?? mkdtempSync(path.join(os.tmpdir(), 'lakestack-test-'));
  const args = ['--import', 'tsx', path.join(repo, 'src/cli/main.ts'), 'start', '--port', String(opts.port ?? 0), '--data-dir', dataDir];
  if (opts.auth) args.push('--auth', opts.auth);
  // Tests run side by side: never the fixed 6443 unless a test pins it.
  args.push('--kube-port', String(opts.kubePort ?? 0));
  if (opts.kubeStore) args.push('--kube-store', opts.kubeStore);
  const child = spawn(process.execPath, args, {
    cwd: repo,
    env: { ...process.env, LAKESTACK_LOG: process.env.LAKESTACK_LOG ?? 'warn', ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => {
    stderr += d.toString();
    if (process.env.LAKESTACK_TEST_VERBOSE) process.stderr.write(d);
  });
  let kubeEndpoint = '';
  const endpoint = await new Promise<string>((resolve, reject) => {
    let out = '';
    const onData = (d: Buffer) => {
      out += d.toString();
      const m = /running at (http:\/\/[^\s]+)/.exec(out);
      if (m) {
        kubeEndpoint = /Kubernetes API at (https:\/\/[^\s;]+)/.exec(out)?.[1] ?? '';
        child.stdout!.off('data', onData);
        child.stdout!.resume();
        resolve(m[1]!);
      }
    };
    child.stdout!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`lakestack exited with ${code} before serving:\n${stderr}`)));
  });
  const port = Number(new URL(endpoint).port);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async (signal: NodeJS.Signals = 'SIGTERM') => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
  };
  return {
    endpoint,
    port,
    dataDir,
    kubeEndpoint,
    kubeconfig: path.join(dataDir, 'kubeconfig'),
    process: child,
    env: {
      ...process.env,
      AWS_ENDPOINT_URL: endpoint,
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
      AWS_DEFAULT_REGION: 'us-east-1',
      AWS_REGION: 'us-east-1',
      AWS_CONFIG_FILE: '/dev/null',
      AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
      AWS_PAGER: '',
    },
    stop,
    close: async () => {
      await stop();
      if (!opts.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
