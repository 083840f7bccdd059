// Athena: workgroups, data catalogs and Glue metadata, query executions that really run (on the process's
// SQL engine, over the objects in the local S3), results in S3 in Athena's formats, named queries and
// prepared statements.
// Not yet: Spark notebooks, sessions and calculations, capacity reservations, result reuse (accepted, never
// reused), encryption of results (stored, not applied), federated catalogs (registered, not queryable),
// tags, BytesScannedCutoffPerQuery enforcement. Those operations answer NotImplemented.
import type { AthenaService } from '../../aws/generated/athena/service.js';
import type { ServiceDeps } from '../../aws/service-definition.js';
import { log } from '../../core/log.js';
import { engineFor } from '../../engine/index.js';
import { glueCatalogFor } from '../glue/catalog.js';
import { catalogOperations } from './catalogs.js';
import { preparedOperations } from './prepared.js';
import { queryOperations } from './queries.js';
import { QueryRunner } from './runner.js';
import { AthenaStore } from './store.js';
import { workgroupOperations } from './workgroups.js';

export type AthenaProvider = Partial<AthenaService>;

export function createAthenaProvider(deps: ServiceDeps): AthenaProvider {
  const store = new AthenaStore(deps.db);
  const { engine, lake } = engineFor(deps);
  const runner = new QueryRunner(store, engine, lake, deps.clock);
  const failed = runner.recover();
  if (failed) log.warn('athena: marked executions of the previous run FAILED', { count: failed });
  // DuckDB and the SQL parser are loaded by the first query rather than at start-up: every process (and every
  // test server) would otherwise pay for them, whether it runs SQL or not. LAKESTACK_ENGINE_WARM=1 loads them early.
  if (process.env.LAKESTACK_ENGINE_WARM === '1') engine.warm().catch((err: unknown) => log.warn('athena: engine warm-up failed', { error: String(err) }));
  return {
    ...workgroupOperations(store),
    ...queryOperations(store, runner, lake),
    ...catalogOperations(store, glueCatalogFor(deps.db, deps.clock)),
    ...preparedOperations(store),
  };
}
