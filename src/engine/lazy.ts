// The engine as services hold it: DuckDB and the SQL translator (a WASM module) are loaded on the first
// statement, not at start-up, where together they would cost ~140 MB resident and ~300 ms.
import type { EngineCatalog } from './catalog.js';
import type { EngineRequest, EngineStatement, QueryEngine } from './engine.js';
import type { DuckDbEngine, DuckDbEngineOptions } from './duckdb/engine.js';
import type { S3Lake } from '../services/s3/lake.js';

export class LazyDuckDbEngine implements QueryEngine {
  private loaded: Promise<DuckDbEngine> | undefined;

  constructor(readonly catalog: EngineCatalog, readonly lake: S3Lake, private readonly opts: DuckDbEngineOptions) {}

  private load(): Promise<DuckDbEngine> {
    this.loaded ??= import('./duckdb/engine.js').then((m) => new m.DuckDbEngine(this.catalog, this.lake, this.opts));
    return this.loaded;
  }

  async start(req: EngineRequest): Promise<EngineStatement> {
    return (await this.load()).start(req);
  }

  async warm(): Promise<void> {
    await (await this.load()).warm();
  }

  async close(): Promise<void> {
    if (this.loaded) await (await this.loaded).close();
  }
}
