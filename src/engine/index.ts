// The engine of the process: one DuckDB engine over the lake and the Glue catalog, shared by every service
// that runs SQL (Athena now, EMR's SQL steps next), so they share one pool and one memory budget.
import type { ServiceDeps } from '../aws/service-definition.js';
import { glueCatalogFor } from '../services/glue/catalog.js';
import { S3Lake } from '../services/s3/lake.js';
import type { SqliteDatabase } from '../storage/db.js';
import { LazyDuckDbEngine } from './lazy.js';
import { GlueEngineCatalog } from './glue-catalog.js';

export type { QueryEngine, EngineStatement, EngineColumn, EngineValue, EngineRequest, ScanStats } from './engine.js';
export { EngineError } from './engine.js';

const engines = new WeakMap<SqliteDatabase, { engine: LazyDuckDbEngine; lake: S3Lake }>();

/** The process's engine and lake, made on first use. */
export function engineFor(deps: Pick<ServiceDeps, 'db' | 'blobs' | 'clock' | 'config'>): { engine: LazyDuckDbEngine; lake: S3Lake } {
  let e = engines.get(deps.db);
  if (!e) {
    const lake = new S3Lake(deps.db, deps.blobs, deps.clock);
    const engine = new LazyDuckDbEngine(new GlueEngineCatalog(glueCatalogFor(deps.db, deps.clock)), lake, { dataDir: deps.config.dataDir });
    e = { engine, lake };
    engines.set(deps.db, e);
  }
  return e;
}
