import path from 'node:path';
import { resolveConfig } from '../core/config.js';
import { log } from '../core/log.js';
import { Lakestack } from '../server.js';

export async function startCommand(flags: Record<string, string>): Promise<void> {
  const config = resolveConfig({
    host: flags.host,
    port: flags.port,
    dataDir: flags['data-dir'],
    auth: flags.auth,
    kubePort: flags['kube-port'],
    kubeStore: flags['kube-store'],
    kubeTokenFile: flags['kube-token-file'],
  });
  const app = new Lakestack(config);
  await app.start();
  const endpoint = app.endpoint;
  process.stdout.write(
    `Lakestack is running at ${endpoint} (data in ${config.dataDir}, auth ${config.auth})\n` +
      `Point the aws CLI and SDKs at it:\n` +
      `  export AWS_ENDPOINT_URL=${endpoint} AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_DEFAULT_REGION=${config.defaultRegion}\n` +
      (app.kube ? `Kubernetes API at ${app.kube.endpoint}; kubectl: export KUBECONFIG=${path.join(config.dataDir, 'kubeconfig')}\n` : ''),
  );
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info(`received ${signal}, shutting down`);
    app.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        log.error('shutdown failed', { error: String(err) });
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}
