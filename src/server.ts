import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdirSync, writeFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { Config } from './core/config.js';
import { SystemClock } from './core/clock.js';
import { log } from './core/log.js';
import { VERSION } from './core/version.js';
import { openDatabase, type SqliteDatabase } from './storage/db.js';
import { BlobStore } from './storage/blobs.js';
import { CredentialStore } from './aws/auth/credentials.js';
import { AwsGateway, type GatewayService } from './aws/gateway.js';
import type { ServiceDeps } from './aws/service-definition.js';
import { SERVICE_DEFINITIONS } from './services/index.js';
import { handleAdmin } from './admin.js';
import { KubeCluster } from './kube/cluster.js';
import { openKubeStore } from './kube/store/index.js';
import type { KubeStore } from './kube/store/types.js';

/** The whole process: data dir, state.db, blob store, the AWS gateway and the /_lakestack/ endpoints. */
export class Lakestack {
  readonly clock = new SystemClock();
  private server: http.Server | undefined;
  private db: SqliteDatabase | undefined;
  private services: GatewayService[] = [];
  private serviceStatus = new Map<string, string>();
  private kubeStore: KubeStore | undefined;
  /** The default local Kubernetes cluster (EKS clusters will join it here). */
  kube: KubeCluster | undefined;
  startedAt = new Date();

  constructor(readonly config: Config) {}

  get port(): number {
    return (this.server?.address() as AddressInfo | null)?.port ?? this.config.port;
  }

  get endpoint(): string {
    return `http://${this.config.host}:${this.port}`;
  }

  async start(): Promise<void> {
    const { config } = this;
    mkdirSync(config.dataDir, { recursive: true });
    this.db = openDatabase(path.join(config.dataDir, 'state.db'));
    const blobs = new BlobStore(path.join(config.dataDir, 'objects'));
    const orphans = blobs.cleanTemp();
    if (orphans) log.info('removed temp files of interrupted writes', { count: orphans });
    const credentials = new CredentialStore(this.db);
    if (config.auth === 'strict') {
      credentials.put({
        accessKeyId: config.rootAccessKeyId,
        secretAccessKey: config.rootSecretAccessKey,
        accountId: /^\d{12}$/.test(config.rootAccessKeyId) ? config.rootAccessKeyId : '000000000000',
        principalArn: 'arn:aws:iam::000000000000:root',
        userId: '000000000000',
        status: 'Active',
        source: 'root',
        createdAt: this.clock.now().toISOString(),
      });
    }
    const deps: ServiceDeps = { config, clock: this.clock, db: this.db, blobs, credentials };
    // Providers are made after the server listens (health answers at once); each is made in turn, and a
    // request for a service waits for its provider.
    this.serviceStatus = new Map(SERVICE_DEFINITIONS.map((d) => [d.name, 'starting']));
    let previous: Promise<unknown> = Promise.resolve();
    this.services = SERVICE_DEFINITIONS.map((def) => {
      const provider = previous.then(async () => {
        try {
          const p = await def.createProvider(deps);
          this.serviceStatus.set(def.name, 'running');
          return p;
        } catch (err) {
          this.serviceStatus.set(def.name, 'failed');
          log.error(`service ${def.name} failed to start`, { error: err instanceof Error ? err.stack : String(err) });
          throw err;
        }
      });
      previous = provider.catch(() => undefined);
      return { definition: def, protocol: def.createProtocol(def.model), provider };
    });
    const servicesReady = previous;
    const gateway = new AwsGateway(this.services, { config, clock: this.clock, credentials }, this.clock);

    this.server = http.createServer({ keepAliveTimeout: 65_000, requestTimeout: 0 }, (req, res) => {
      if (req.url?.startsWith('/_lakestack/')) {
        handleAdmin(this, req, res);
        return;
      }
      gateway.handle(req, res).catch((err: unknown) => {
        log.error('request failed outside the gateway', { error: String(err) });
        res.destroy();
      });
    });
    this.server.on('clientError', (_err, socket) => {
      if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    });
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(config.port, config.host, () => resolve());
    });
    this.kubeStore = await openKubeStore(config.kubeStore, { db: this.db });
    this.kube = new KubeCluster({ name: 'local', host: config.host, port: config.kubePort, dataDir: config.dataDir, store: this.kubeStore, lakestackVersion: VERSION, tokenFile: config.kubeTokenFile });
    await this.kube.start();
    writeFileSync(path.join(config.dataDir, 'kubeconfig'), this.kube.kubeconfig(), { mode: 0o600 });
    this.startedAt = new Date();
    await servicesReady;
    writeFileSync(path.join(config.dataDir, 'lakestack.pid'), JSON.stringify({ pid: process.pid, endpoint: this.endpoint, version: VERSION }));
  }

  serviceStates(): Record<string, string> {
    return Object.fromEntries(this.serviceStatus);
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
        setTimeout(() => server.closeAllConnections(), 2000).unref();
      });
    }
    await this.kube?.stop();
    this.kube = undefined;
    await this.kubeStore?.close();
    this.kubeStore = undefined;
    this.db?.close();
    this.db = undefined;
    rmSync(path.join(this.config.dataDir, 'lakestack.pid'), { force: true });
  }
}
