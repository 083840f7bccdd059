// Starts a throwaway etcd for the store suite: 127.0.0.1 only, ephemeral ports, temp data dir.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface EtcdServer {
  /** "127.0.0.1:port", as `etcd://` specs take it. */
  endpoint: string;
  stop(): Promise<void>;
}

/** The etcd binary on PATH, or null (the caller skips, unless CI requires everything). */
export function findEtcd(): string | null {
  const res = spawnSync('etcd', ['--version'], { encoding: 'utf8' });
  return res.status === 0 ? 'etcd' : null;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export async function startEtcd(bin = 'etcd'): Promise<EtcdServer> {
  // A port found free can be taken before etcd binds it; a fresh pair is cheap, so try again.
  let lastErr: Error | undefined;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      return await startOnce(bin);
    } catch (err) {
      lastErr = err as Error;
    }
  }
  throw lastErr;
}

async function startOnce(bin: string): Promise<EtcdServer> {
  const dir = mkdtempSync(path.join(tmpdir(), 'lakestack-etcd-'));
  const [client, peer] = [await freePort(), await freePort()];
  const clientUrl = `http://127.0.0.1:${client}`;
  const peerUrl = `http://127.0.0.1:${peer}`;
  const child: ChildProcess = spawn(
    bin,
    [
      '--name', 'lakestack-test',
      '--data-dir', path.join(dir, 'data'),
      '--listen-client-urls', clientUrl,
      '--advertise-client-urls', clientUrl,
      '--listen-peer-urls', peerUrl,
      '--initial-advertise-peer-urls', peerUrl,
      '--initial-cluster', `lakestack-test=${peerUrl}`,
      '--log-level', 'warn',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let log = '';
  child.stderr!.on('data', (d: Buffer) => {
    log = (log + d.toString()).slice(-4000);
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const cleanup = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
    rmSync(dir, { recursive: true, force: true });
  };
  // Ready when /health answers; etcd's log format changes between versions, the endpoint does not.
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (child.exitCode !== null) {
      await cleanup();
      throw new Error(`etcd exited with ${child.exitCode}: ${log}`);
    }
    try {
      const res = await fetch(`${clientUrl}/health`);
      if (res.ok && ((await res.json()) as { health?: string }).health === 'true') break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await cleanup();
      throw new Error(`etcd did not become healthy within 15s: ${log}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return { endpoint: `127.0.0.1:${client}`, stop: cleanup };
}
