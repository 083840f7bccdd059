import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { commitDurably, openDatabase, walSyncFor } from '../../src/storage/db.js';

test('commitDurably commits concurrent writers, restores synchronous=FULL and rolls back a failing transaction', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'walsync-'));
  const db = openDatabase(path.join(dir, 'state.db'));
  try {
    db.exec('CREATE TABLE t (n INTEGER)');
    const insert = db.prepare('INSERT INTO t (n) VALUES (?)');
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => commitDurably(db, () => insert.run(i).changes)));
    assert.deepEqual(results, Array(20).fill(1));
    assert.equal((db.prepare('SELECT count(*) AS c FROM t').get() as { c: number }).c, 20);
    // 2 = FULL: the relaxed setting never leaks to other writers.
    assert.equal(db.pragma('synchronous', { simple: true }), 2);
    await assert.rejects(commitDurably(db, () => {
      insert.run(99);
      throw new Error('undo me');
    }), /undo me/);
    assert.equal((db.prepare('SELECT count(*) AS c FROM t WHERE n = 99').get() as { c: number }).c, 0);
    assert.equal(db.pragma('synchronous', { simple: true }), 2);
  } finally {
    await walSyncFor(db).close();
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
