// `lakestack kubeconfig`: prints the kubeconfig `lakestack start` wrote into the data dir.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { resolveConfig } from '../core/config.js';

export function kubeconfigCommand(flags: Record<string, string>): number {
  const config = resolveConfig({ dataDir: flags['data-dir'] });
  const file = path.join(config.dataDir, 'kubeconfig');
  if (!existsSync(file)) {
    process.stderr.write(`lakestack: no kubeconfig in ${config.dataDir}; run lakestack start first\n`);
    return 1;
  }
  process.stdout.write(readFileSync(file, 'utf8'));
  return 0;
}
