import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './helpers/server.js';
import { run } from './helpers/clients.js';

test('start serves /_lakestack/health with version and services; status reports it; SIGTERM stops it cleanly', async () => {
  const server = await startServer();
  try {
    const res = await fetch(`${server.endpoint}/_lakestack/health`);
    assert.equal(res.status, 200);
    const health = (await res.json()) as { status: string; version: string; services: Record<string, string> };
    assert.equal(health.status, 'ok');
    assert.match(health.version, /^\d+\.\d+\.\d+/);
    assert.equal(typeof health.services, 'object');
    const status = await run(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'status', '--data-dir', server.dataDir], process.env);
    assert.equal(status.code, 0, status.stderr);
    assert.match(status.stdout, new RegExp(`running at ${server.endpoint}`));
  } finally {
    await server.stop('SIGTERM');
    assert.equal(server.process.exitCode, 0);
    // Asked by its port: without the pid file, status would otherwise try the default 4566, where another
    // instance may well be running.
    const after = await run(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'status', '--data-dir', server.dataDir, '--port', String(server.port)], process.env);
    assert.equal(after.code, 1);
    assert.match(after.stdout, /not running/);
    await server.close();
  }
});
