// One Kubernetes cluster: its certificates, its API server on HTTPS, and the objects every cluster
// starts with (namespaces default, kube-system, kube-public, kube-node-lease; the "kubernetes"
// Service). The store is shared; each cluster's keys live under "/<cluster>/registry/".
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { log } from '../core/log.js';
import type { KubeStore } from './store/types.js';
import { KubeApiServer } from './apiserver/server.js';
import { StatusError } from './apiserver/status.js';
import { loadClusterPki, type ClusterPki } from './pki.js';
import { renderKubeconfig } from './kubeconfig.js';
import { TokenIssuer } from './tokens.js';
import { KINDS } from './registry/index.js';
import type { KubeObject } from './registry/types.js';
import { NamespaceController } from './controllers/namespace.js';
import { GarbageCollector } from './controllers/garbage-collector.js';
import { CrdController } from './controllers/crd.js';
import { Compactor } from './compactor.js';
import { ClusterRoleAggregationController } from './controllers/clusterrole-aggregation.js';
import { DEFAULT_CLUSTER_ROLES, DEFAULT_CLUSTER_ROLE_BINDINGS } from './auth/bootstrap-policy.js';
import { loadTokenFile } from './auth/token-file.js';

export interface KubeClusterOptions {
  name: string;
  host: string;
  port: number;
  dataDir: string;
  store: KubeStore;
  lakestackVersion: string;
  /** Static token file (CSV token,user,uid,"groups"). */
  tokenFile?: string;
}

const SYSTEM_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

export class KubeCluster {
  private server: https.Server | undefined;
  private pki: ClusterPki | undefined;
  api: KubeApiServer | undefined;
  private controllers: Array<{ stop(): Promise<void> }> = [];
  private compactor: Compactor | undefined;

  constructor(readonly opts: KubeClusterOptions) {}

  get port(): number {
    return (this.server?.address() as AddressInfo | null)?.port ?? this.opts.port;
  }

  get endpoint(): string {
    return `https://${this.opts.host}:${this.port}`;
  }

  kubeconfig(): string {
    if (!this.pki) throw new Error('cluster not started');
    return renderKubeconfig({ cluster: this.opts.name, server: this.endpoint, ca: this.pki.ca.cert, admin: this.pki.admin });
  }

  async start(): Promise<void> {
    const { opts } = this;
    this.pki = await loadClusterPki(path.join(opts.dataDir, 'kube', opts.name), opts.name);
    const tokens = new TokenIssuer(path.join(opts.dataDir, 'kube', opts.name));
    const api = new KubeApiServer({
      tokens,
      ...(opts.tokenFile ? { staticTokens: loadTokenFile(opts.tokenFile) } : {}),
      cluster: opts.name,
      store: opts.store,
      kinds: KINDS,
      lakestackVersion: opts.lakestackVersion,
      serverAddress: () => `${opts.host}:${this.port}`,
    });
    this.api = api;
    await this.bootstrap(api);
    const nsController = new NamespaceController(api, this.pki.ca.cert);
    await nsController.start();
    const crds = new CrdController(api);
    await crds.start();
    const gc = new GarbageCollector(api);
    await gc.start();
    const aggregation = new ClusterRoleAggregationController(api);
    await aggregation.start();
    this.controllers = [crds, nsController, gc, aggregation];
    this.compactor = new Compactor(opts.store);
    this.compactor.start();
    this.server = https.createServer(
      {
        cert: this.pki.serving.cert,
        key: this.pki.serving.key,
        ca: this.pki.ca.cert,
        // Ask for a client certificate but let the request through without one: the API server
        // answers 401 itself, with upstream's Status body.
        requestCert: true,
        rejectUnauthorized: false,
        keepAliveTimeout: 65_000,
        requestTimeout: 0,
      },
      (req, res) => api.handle(req, res),
    );
    this.server.on('clientError', (_err, socket) => socket.destroy());
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(opts.port, opts.host, () => resolve());
    });
    log.info('kubernetes API server listening', { cluster: opts.name, endpoint: this.endpoint, store: opts.store.kind });
  }

  private async bootstrap(api: KubeApiServer): Promise<void> {
    const ensure = async (group: string, version: string, plural: string, namespace: string, obj: KubeObject) => {
      try {
        await api.storeFor(group, version, plural).create(namespace, obj);
      } catch (err) {
        if (!(err instanceof StatusError && err.code === 409)) throw err;
      }
    };
    for (const name of SYSTEM_NAMESPACES) await ensure('', 'v1', 'namespaces', '', { metadata: { name } });
    await ensure('', 'v1', 'services', 'default', {
      metadata: { name: 'kubernetes', labels: { component: 'apiserver', provider: 'kubernetes' } },
      spec: { type: 'ClusterIP', clusterIP: '10.96.0.1', ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 6443 }] },
    });
    // Upstream's default RBAC policy; one deleted by hand comes back at the next start, as
    // upstream's autoupdate reconciliation restores it.
    for (const r of DEFAULT_CLUSTER_ROLES) await ensure('rbac.authorization.k8s.io', 'v1', 'clusterroles', '', structuredClone(r));
    for (const b of DEFAULT_CLUSTER_ROLE_BINDINGS) await ensure('rbac.authorization.k8s.io', 'v1', 'clusterrolebindings', '', structuredClone(b));
  }

  async stop(): Promise<void> {
    this.compactor?.stop();
    for (const c of this.controllers) await c.stop();
    this.controllers = [];
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      // Watches hold connections open: end them rather than wait for their timeouts.
      server.closeAllConnections();
    });
  }
}
