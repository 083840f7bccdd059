import { readFileSync } from 'node:fs';
import path from 'node:path';
import { resolveConfig } from '../core/config.js';

/** Reports the instance recorded in the data dir (or at --port) by asking its health endpoint. */
export async function statusCommand(flags: Record<string, string>): Promise<number> {
  const config = resolveConfig({ host: flags.host, port: flags.port, dataDir: flags['data-dir'] });
  let endpoint = `http://${config.host}:${config.port}`;
  if (!flags.port) {
    try {
      const pid = JSON.parse(readFileSync(path.join(config.dataDir, 'lakestack.pid'), 'utf8')) as { endpoint?: string };
      if (pid.endpoint) endpoint = pid.endpoint;
    } catch {
      /* no pid file: fall back to host and port */
    }
  }
  try {
    const res = await fetch(`${endpoint}/_lakestack/health`, { signal: AbortSignal.timeout(3000) });
    const health = (await res.json()) as { version: string; services: Record<string, string>; uptimeSeconds: number; dataDir: string };
    process.stdout.write(`Lakestack ${health.version} is running at ${endpoint} (up ${health.uptimeSeconds}s, data in ${health.dataDir})\n`);
    for (const [name, state] of Object.entries(health.services)) process.stdout.write(`  ${name.padEnd(16)} ${state}\n`);
    return 0;
  } catch {
    process.stdout.write(`Lakestack is not running at ${endpoint}\n`);
    return 1;
  }
}
