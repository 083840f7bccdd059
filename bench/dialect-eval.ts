// Scores the candidate dialect translators on the Trino corpus: each statement is translated,
// executed on DuckDB and its rows compared with Trino's documented result.
// Run: node --import tsx bench/dialect-eval.ts [candidate ...]
import { createRequire } from 'node:module';
import { transpile, Dialect } from '@polyglot-sql/sdk';
import { CORPUS } from '../test/engine/trino-corpus.js';
import { openCorpusDb, runSql, compareRows } from '../test/engine/corpus-runner.js';
import { duckdbSessionSettings } from '../src/engine/dialect/index.js';
import { translate } from '../src/engine/dialect/index.js';

type Translator = (sql: string) => string | null;
interface NodeSqlParser {
  astify(sql: string, opt: { database: string }): unknown;
  sqlify(ast: unknown, opt: { database: string }): string;
}

const require = createRequire(import.meta.url);

async function candidates(): Promise<Record<string, { translate: Translator; parseOnly?: Translator }>> {
  const { Parser } = require('node-sql-parser') as { Parser: new () => NodeSqlParser };
  const nsp = new Parser();
  // dt-sql-parser ships ESM with directory imports: loadable under tsx only.
  const dt = (await import('dt-sql-parser')) as unknown as {
    TrinoSQL: new () => { validate(sql: string): unknown[] };
  };
  const trino = new dt.TrinoSQL();
  return {
    identity: { translate: (sql) => sql },
    polyglot: {
      translate: (sql) => {
        const r = transpile(sql, Dialect.Trino, Dialect.DuckDB);
        return r.success && r.sql ? r.sql.join(';\n') : null;
      },
    },
    'node-sql-parser': {
      // No DuckDB generator: parse as Trino, print as PostgreSQL (closest to DuckDB).
      translate: (sql) => {
        try {
          return nsp.sqlify(nsp.astify(sql, { database: 'trino' }), { database: 'postgresql' });
        } catch {
          return null;
        }
      },
    },
    'dt-sql-parser': {
      // A validating parser only (no generator): the SQL runs unchanged when it parses.
      translate: (sql) => (trino.validate(sql).length === 0 ? sql : null),
    },
    lakestack: {
      translate: (sql) => {
        const r = translate(sql, 'trino');
        return r.ok ? r.sql : null;
      },
    },
  };
}

async function main(): Promise<void> {
  const all = await candidates();
  const wanted = process.argv.slice(2);
  const names = wanted.length ? wanted : Object.keys(all);
  const conn = await openCorpusDb();
  const verbose = process.env.VERBOSE === '1';
  for (const name of names) {
    const c = all[name];
    if (!c) throw new Error(`unknown candidate ${name}`);
    // Trino's integer division is a session setting on DuckDB: only our translator sets it.
    const settings = duckdbSessionSettings(name === 'lakestack' ? 'trino' : 'hive');
    for (const s of settings) await conn.run(s);
    let parsed = 0;
    let passed = 0;
    const started = performance.now();
    let translateMs = 0;
    for (const kase of CORPUS) {
      const t0 = performance.now();
      const sql = c.translate(kase.sql);
      translateMs += performance.now() - t0;
      if (sql === null) {
        if (verbose) console.log(`[${name}] PARSE FAIL ${kase.sql}`);
        continue;
      }
      parsed++;
      try {
        const diff = compareRows(await runSql(conn, sql), kase.rows, kase.ordered ?? false);
        if (diff === null) passed++;
        else if (verbose) console.log(`[${name}] WRONG ${kase.sql}\n    => ${sql}\n    ${diff}`);
      } catch (e) {
        if (verbose) console.log(`[${name}] ERROR ${kase.sql}\n    => ${sql}\n    ${(e as Error).message.split('\n')[0]}`);
      }
    }
    const n = CORPUS.length;
    const pct = (x: number): string => `${((100 * x) / n).toFixed(1)}%`;
    console.log(
      `${name.padEnd(16)} translated ${String(parsed).padStart(3)}/${n} (${pct(parsed)})  ` +
        `correct ${String(passed).padStart(3)}/${n} (${pct(passed)})  ` +
        `translate ${(translateMs / n).toFixed(2)} ms/stmt  total ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
  }
}

await main();
