// Starting and stopping the servers a benchmark compares: Lakestack (built or from source) and moto_server.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface Peer {
  name: string;
  endpoint: string;
  pid: number;
  /** Milliseconds from spawn to the first healthy answer. */
  startMs: number;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

async function waitHealthy(url: string, child: ChildProcess, started: number): Promise<number> {
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${url}: server exited with ${child.exitCode}`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(1000) });
      if (res.status < 500) {
        await res.arrayBuffer();
        return performance.now() - started;
      }
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 5));
  }
}

function stopper(child: ChildProcess, cleanup: () => void): () => Promise<void> {
  return async () => {
    if (child.exitCode === null) {
      const done = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await done;
    }
    cleanup();
  };
}

/** Lakestack from dist/ when built (what `npm start` runs), else from source through tsx. */
export async function startLakestack(): Promise<Peer> {
  const port = await freePort();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'lakestack-bench-'));
  const built = path.join(repo, 'dist/src/cli/main.js');
  const args = existsSync(built) ? [built] : ['--import', 'tsx', path.join(repo, 'src/cli/main.ts')];
  const started = performance.now();
  const child = spawn(process.execPath, [...args, 'start', '--port', String(port), '--data-dir', dataDir], {
    stdio: 'ignore',
    env: { ...process.env, LAKESTACK_LOG: 'warn' },
  });
  const endpoint = `http://127.0.0.1:${port}`;
  const startMs = await waitHealthy(`${endpoint}/_lakestack/health`, child, started);
  return { name: 'lakestack', endpoint, pid: child.pid!, startMs, stop: stopper(child, () => rmSync(dataDir, { recursive: true, force: true })) };
}

export async function startMoto(): Promise<Peer> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn('moto_server', ['-H', '127.0.0.1', '-p', String(port)], { stdio: 'ignore' });
  const endpoint = `http://127.0.0.1:${port}`;
  const startMs = await waitHealthy(`${endpoint}/moto-api/`, child, started);
  return { name: 'moto', endpoint, pid: child.pid!, startMs, stop: stopper(child, () => undefined) };
}

/** Resident set size of a process in MiB (Linux /proc). */
export function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}
