import path from 'node:path';

export type AuthMode = 'open' | 'strict';

export interface Config {
  host: string;
  port: number;
  dataDir: string;
  auth: AuthMode;
  /** Root credentials always known under strict auth (account 000000000000 unless the key says otherwise). */
  rootAccessKeyId: string;
  rootSecretAccessKey: string;
  defaultRegion: string;
  /** HTTPS port of the default local Kubernetes cluster's API server (0 picks a free one). */
  kubePort: number;
  /** Kubernetes store: "sqlite" (in state.db) or "etcd://host:port". */
  kubeStore: string;
  /** Static token file of the Kubernetes API server (upstream's --token-auth-file CSV), if any. */
  kubeTokenFile?: string;
}

export interface ConfigFlags {
  host?: string;
  port?: string;
  dataDir?: string;
  auth?: string;
  kubePort?: string;
  kubeStore?: string;
  kubeTokenFile?: string;
}

/** Flags win over environment variables, which win over the embedded defaults. */
export function resolveConfig(flags: ConfigFlags, env: NodeJS.ProcessEnv = process.env): Config {
  const auth = flags.auth ?? env.LAKESTACK_AUTH ?? 'open';
  if (auth !== 'open' && auth !== 'strict') throw new Error(`--auth must be open or strict, not ${auth}`);
  const portText = flags.port ?? env.LAKESTACK_PORT ?? '4566';
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`invalid port: ${portText}`);
  const kubePortText = flags.kubePort ?? env.LAKESTACK_KUBE_PORT ?? '6443';
  const kubePort = Number(kubePortText);
  if (!Number.isInteger(kubePort) || kubePort < 0 || kubePort > 65535) throw new Error(`invalid kube port: ${kubePortText}`);
  return {
    host: flags.host ?? env.LAKESTACK_HOST ?? '127.0.0.1',
    port,
    dataDir: path.resolve(flags.dataDir ?? env.LAKESTACK_DATA_DIR ?? '.lakestack'),
    auth,
    rootAccessKeyId: env.LAKESTACK_ROOT_ACCESS_KEY_ID ?? 'test',
    rootSecretAccessKey: env.LAKESTACK_ROOT_SECRET_ACCESS_KEY ?? 'test',
    defaultRegion: env.LAKESTACK_DEFAULT_REGION ?? 'us-east-1',
    kubePort,
    kubeStore: flags.kubeStore ?? env.LAKESTACK_KUBE_STORE ?? 'sqlite',
    kubeTokenFile: flags.kubeTokenFile ?? (env.LAKESTACK_KUBE_TOKEN_FILE || undefined),
  };
}
