#!/usr/bin/env node
// Object writes fsync files and directories in libuv's pool: 4 threads (the default) queue them behind
// each other under concurrent PUTs. Set before the pool's first use; a user's own setting wins.
process.env.UV_THREADPOOL_SIZE ??= '16';
import { parseArgs } from './args.js';
import { startCommand } from './start.js';
import { statusCommand } from './status.js';
import { kubeconfigCommand } from './kubeconfig.js';
import { VERSION } from '../core/version.js';

const USAGE = `Usage: lakestack <command> [flags]

Commands:
  start     run Lakestack in the foreground
            --host (LAKESTACK_HOST, default 127.0.0.1)  --port (LAKESTACK_PORT, default 4566)
            --data-dir (LAKESTACK_DATA_DIR, default ./.lakestack)  --auth open|strict (LAKESTACK_AUTH)
            --kube-port (LAKESTACK_KUBE_PORT, default 6443)  --kube-store sqlite|etcd://host:port (LAKESTACK_KUBE_STORE)
            --kube-token-file FILE (LAKESTACK_KUBE_TOKEN_FILE; CSV token,user,uid,"group1,group2")
  kubeconfig  print the kubeconfig of the local Kubernetes cluster (admin, system:masters)
  status    report a running instance
  version   print the version
`;

async function main(): Promise<number> {
  const { positionals, flags } = parseArgs(process.argv.slice(2));
  switch (positionals[0]) {
    case 'start':
      await startCommand(flags);
      return -1; // keep running
    case 'status':
      return statusCommand(flags);
    case 'kubeconfig':
      return kubeconfigCommand(flags);
    case 'version':
      process.stdout.write(`${VERSION}\n`);
      return 0;
    default:
      process.stdout.write(USAGE);
      return positionals[0] ? 2 : 0;
  }
}

main().then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (err: unknown) => {
    process.stderr.write(`lakestack: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
