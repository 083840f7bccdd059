// Every corpus statement is translated from Trino and executed on an in-memory DuckDB; its rows
// must equal the result Trino documents. Statements listed as unsupported run as `todo`.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { DuckDBConnection } from '@duckdb/node-api';
import { translate, duckdbSessionSettings } from '../../src/engine/dialect/index.js';
import { CORPUS } from './trino-corpus.js';
import { openCorpusDb, runSql, compareRows } from './corpus-runner.js';

let conn: DuckDBConnection;
let passed = 0;

before(async () => {
  conn = await openCorpusDb();
  for (const s of duckdbSessionSettings('trino')) await conn.run(s);
});

after(() => {
  const unsupported = CORPUS.filter((c) => c.unsupported).length;
  console.log(`trino corpus: ${passed}/${CORPUS.length} passed, ${unsupported} listed as unsupported`);
  conn.closeSync();
});

test('the corpus has at least 200 statements', () => {
  assert.ok(CORPUS.length >= 200, `only ${CORPUS.length} statements`);
});

for (const kase of CORPUS) {
  const opts = kase.unsupported ? { todo: kase.unsupported } : {};
  test(`${kase.category}: ${kase.sql}`, opts, async () => {
    const t = translate(kase.sql, 'trino');
    if (!t.ok) assert.fail(`translation failed: ${t.error.message}`);
    let rows;
    try {
      rows = await runSql(conn, t.sql);
    } catch (e) {
      assert.fail(`DuckDB rejected ${t.sql}: ${(e as Error).message.split('\n')[0]}`);
    }
    const diff = compareRows(rows, kase.rows, kase.ordered ?? false);
    assert.equal(diff, null, `${diff}\n  DuckDB SQL: ${t.sql}`);
    passed++;
  });
}
