// EMR: clusters with instance groups or fleets of simulated nodes, a lifecycle with EMR's states and reasons,
// bootstrap actions and steps that really run (SQL on the process's engine over the local S3, streaming and
// copies over the lake, everything else as host processes), logs under LogUri, restart recovery.
// Not yet: Studio, notebooks, persistent app UIs, session credentials, auto-scaling policies on instance
// groups (stored at creation only), managed scaling acting on capacity (stored), Kerberos, spark-submit of
// application code and other JVM jars (such steps fail with that reason). Those operations answer NotImplemented.
import type { EmrService } from '../../aws/generated/emr/service.js';
import type { ServiceDeps } from '../../aws/service-definition.js';
import { log } from '../../core/log.js';
import { engineFor } from '../../engine/index.js';
import { iamStoreFor } from '../iam/shared.js';
import { accountOperations } from './account.js';
import { clusterOperations } from './clusters.js';
import { Lifecycle } from './lifecycle.js';
import { stepOperations } from './steps.js';
import { EmrStore } from './store.js';

export type EmrProvider = Partial<EmrService>;

export function createEmrProvider(deps: ServiceDeps): EmrProvider {
  const store = new EmrStore(deps.db);
  const { engine, lake } = engineFor(deps);
  const life = new Lifecycle({
    store, clock: deps.clock, lake, engine, catalog: engine.catalog, dataDir: deps.config.dataDir,
    credentials: { accessKeyId: deps.config.rootAccessKeyId, secretAccessKey: deps.config.rootSecretAccessKey },
  });
  const failed = life.recover();
  if (failed) log.warn('emr: marked steps of the previous run FAILED', { count: failed });
  return {
    ...clusterOperations(store, life, iamStoreFor(deps.db)),
    ...stepOperations(store, life),
    ...accountOperations(store),
  };
}
