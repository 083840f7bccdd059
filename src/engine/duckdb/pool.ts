// A bounded pool of DuckDB databases. Each slot is its own in-memory instance, so the per-statement catalog
// (views over the lake in an attached `awsdatacatalog`) of one query never meets another's; the memory limit
// is shared out between the slots and each spills to its own directory under the data dir. Statements wait
// in FIFO order for a slot; a waiting statement can be withdrawn. DuckDB runs queries on its own threads,
// so the event loop is never blocked by a query.
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';

export interface PoolOptions {
  /** Directory for spill files (`<dataDir>/engine/spill`). */
  spillDir: string;
  /** Statements running at once. */
  concurrency: number;
  /** Total memory for all slots, in DuckDB's notation (`2GB`, `512MB`). */
  memoryLimit: string;
  /** DuckDB worker threads per slot. */
  threads: number;
}

export interface Slot {
  index: number;
  conn: DuckDBConnection;
  /** The database the slot's lake catalog was last reset for, and whether a statement has since added views. */
  catalog?: { database: string; dirty: boolean };
  /** The source dialect whose session settings the connection has. */
  dialect?: string;
}

interface Waiter {
  resolve: (s: Slot) => void;
  reject: (e: Error) => void;
}

/** `2GB` / 4 → `512MB`: DuckDB accepts any unit, so the division is done in MB. */
function share(limit: string, n: number): string {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(KB|MB|GB|TB|KIB|MIB|GIB|TIB)?\s*$/i.exec(limit);
  if (!m) throw new Error(`invalid engine memory limit: ${limit}`);
  const unit = (m[2] ?? 'MB').toUpperCase().replace('I', '');
  const mb = Number(m[1]) * ({ KB: 1 / 1024, MB: 1, GB: 1024, TB: 1024 * 1024 } as Record<string, number>)[unit]!;
  return `${Math.max(64, Math.floor(mb / n))}MB`;
}

export class DuckDbPool {
  private readonly free: Slot[] = [];
  private readonly waiting: Waiter[] = [];
  private readonly instances: DuckDBInstance[] = [];
  private created = 0;
  private closed = false;

  constructor(readonly options: PoolOptions) {
    // Spill files of a previous run are garbage: nothing can resume from them.
    rmSync(options.spillDir, { recursive: true, force: true });
  }

  /** A free slot, waiting in line for one; `onWait` gets a function that withdraws from the line. */
  acquire(onWait?: (withdraw: (reason: Error) => void) => void): Promise<Slot> {
    if (this.closed) return Promise.reject(new Error('engine closed'));
    const slot = this.free.pop();
    if (slot) return Promise.resolve(slot);
    if (this.created < this.options.concurrency) return this.create();
    return new Promise<Slot>((resolve, reject) => {
      const w: Waiter = { resolve, reject };
      this.waiting.push(w);
      onWait?.((reason) => {
        const i = this.waiting.indexOf(w);
        if (i >= 0) {
          this.waiting.splice(i, 1);
          reject(reason);
        }
      });
    });
  }

  release(slot: Slot): void {
    const next = this.waiting.shift();
    if (next) next.resolve(slot);
    else this.free.push(slot);
  }

  private async create(): Promise<Slot> {
    const index = this.created++;
    try {
      const spill = path.join(this.options.spillDir, String(index));
      mkdirSync(spill, { recursive: true });
      const instance = await DuckDBInstance.create(':memory:', {
        memory_limit: share(this.options.memoryLimit, this.options.concurrency),
        temp_directory: spill,
        threads: String(this.options.threads),
        // Never reach for the network: the extensions we use (parquet, json) are built in.
        autoinstall_known_extensions: 'false',
        autoload_known_extensions: 'true',
        enable_external_access: 'true',
      });
      this.instances.push(instance);
      const conn = await instance.connect();
      // Object files are immutable (a new version is a new file), so Parquet footers can be cached safely across
      // statements that re-create their views. The setting needs the (built-in) extension loaded first.
      await conn.run('LOAD parquet; SET parquet_metadata_cache = true');
      return { index, conn };
    } catch (err) {
      this.created--;
      throw err;
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const w of this.waiting.splice(0)) w.reject(new Error('engine closed'));
    for (const s of this.free.splice(0)) s.conn.closeSync();
    for (const i of this.instances.splice(0)) i.closeSync();
  }
}
