// One suite for every KubeStore implementation (STYLE rule 6): SQLite always, etcd when the
// binary is on the machine (required under LAKESTACK_REQUIRE_ALL=1). Revisions are asserted
// relative to each other, never as absolute numbers, and every test works under its own prefix,
// so the same assertions hold on a fresh SQLite file and on an etcd shared by the whole suite.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openDatabase, type SqliteDatabase } from '../../src/storage/db.js';
import {
  CompactedError,
  FutureRevisionError,
  InvalidStoreArgumentError,
  StoreClosedError,
  openKubeStore,
  type KeyValue,
  type KubeStore,
  type WatchEvent,
} from '../../src/kube/store/index.js';
import { SqliteKubeStore } from '../../src/kube/store/sqlite.js';
import { findEtcd, startEtcd, type EtcdServer } from './etcd-server.js';

interface StoreFactory {
  /** A store on this backend's data; stores opened in one test see the same data. */
  open(): Promise<KubeStore>;
  /** Closes `store` and opens the same data again, as a process restart does. */
  reopen(store: KubeStore): Promise<KubeStore>;
  setup(): Promise<void>;
  teardown(): Promise<void>;
}

const enc = (s: string) => Buffer.from(s);
const str = (b: Uint8Array) => Buffer.from(b).toString();
let prefixSeq = 0;
const freshPrefix = () => `/registry/t${process.pid}-${Date.now()}-${prefixSeq++}/`;

async function waitFor(cond: () => boolean, what: string, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

function storeSuite(f: StoreFactory): void {
  let s: KubeStore;
  let p: string;
  const run = (name: string, body: () => Promise<void>) =>
    test(name, async () => {
      s = await f.open();
      p = freshPrefix();
      try {
        await body();
      } finally {
        await s.close();
      }
    });

  before(() => f.setup());
  after(() => f.teardown());

  run('a list larger than 4 MiB (a LIST of thousands of objects) comes back whole', async () => {
    const value = Buffer.alloc(100 * 1024, 'x');
    for (let i = 0; i < 50; i++) assert.ok((await s.create(`${p}${String(i).padStart(3, '0')}`, value)).ok);
    const listed = await s.list(p);
    assert.equal(listed.items.length, 50);
    assert.equal(listed.items.reduce((n, kv) => n + kv.value.length, 0), 50 * value.length);
  });

  run('create takes the next revision and refuses an existing key', async () => {
    const before = await s.currentRevision();
    const c = await s.create(`${p}a`, enc('one'));
    assert.ok(c.ok);
    assert.ok(c.kv.modRevision > before);
    assert.equal(c.kv.createRevision, c.kv.modRevision);
    assert.equal(await s.currentRevision(), c.kv.modRevision);
    const got = await s.get(`${p}a`);
    assert.equal(str(got.kv!.value), 'one');
    assert.equal(got.kv!.modRevision, c.kv.modRevision);
    assert.equal(got.revision, c.kv.modRevision);
    const again = await s.create(`${p}a`, enc('two'));
    assert.ok(!again.ok && again.reason === 'exists');
    assert.equal(str(again.current.value), 'one');
    assert.equal(await s.currentRevision(), c.kv.modRevision, 'a refused write takes no revision');
    assert.equal((await s.get(`${p}missing`)).kv, null);
  });

  run('update and delete compare the mod revision', async () => {
    const c = await s.create(`${p}a`, enc('v1'));
    assert.ok(c.ok);
    const u = await s.update(`${p}a`, enc('v2'), c.kv.modRevision);
    assert.ok(u.ok);
    assert.ok(u.kv.modRevision > c.kv.modRevision);
    assert.equal(u.kv.createRevision, c.kv.createRevision);
    assert.equal(str(u.prevKv.value), 'v1');
    assert.equal(u.prevKv.modRevision, c.kv.modRevision);
    const stale = await s.update(`${p}a`, enc('v3'), c.kv.modRevision);
    assert.ok(!stale.ok && stale.reason === 'conflict');
    assert.equal(stale.current.modRevision, u.kv.modRevision);
    assert.deepEqual(await s.update(`${p}missing`, enc('x'), 0), { ok: false, reason: 'not_found' });
    assert.deepEqual(await s.update(`${p}missing`, enc('x'), c.kv.modRevision), { ok: false, reason: 'not_found' });
    assert.equal((await s.get(`${p}missing`)).kv, null, 'a failed update creates nothing');

    const staleDel = await s.delete(`${p}a`, c.kv.modRevision);
    assert.ok(!staleDel.ok && staleDel.reason === 'conflict');
    assert.equal(str(staleDel.current.value), 'v2');
    const d = await s.delete(`${p}a`, u.kv.modRevision);
    assert.ok(d.ok);
    assert.ok(d.revision > u.kv.modRevision);
    assert.equal(str(d.prevKv.value), 'v2');
    assert.equal(await s.currentRevision(), d.revision);
    assert.equal((await s.get(`${p}a`)).kv, null);
    assert.deepEqual(await s.delete(`${p}a`), { ok: false, reason: 'not_found' });
    assert.deepEqual(await s.delete(`${p}a`, d.revision), { ok: false, reason: 'not_found' });

    const re = await s.create(`${p}a`, enc('again'));
    assert.ok(re.ok);
    assert.ok(re.kv.createRevision > d.revision, 'a recreated key has a new create revision');
    const plain = await s.delete(`${p}a`);
    assert.ok(plain.ok && str(plain.prevKv.value) === 'again');
  });

  run('get and list at a past revision see the store as it was', async () => {
    for (const k of ['a', 'b', 'c']) assert.ok((await s.create(`${p}${k}`, enc(`${k}1`))).ok);
    const r1 = await s.currentRevision();
    const b = (await s.get(`${p}b`)).kv!;
    assert.ok((await s.update(`${p}b`, enc('b2'), b.modRevision)).ok);
    assert.ok((await s.delete(`${p}a`)).ok);
    assert.ok((await s.create(`${p}d`, enc('d1'))).ok);

    const then = await s.list(p, { revision: r1 });
    assert.equal(then.revision, r1);
    assert.deepEqual(then.items.map((kv) => [kv.key.slice(p.length), str(kv.value)]), [['a', 'a1'], ['b', 'b1'], ['c', 'c1']]);
    const now = await s.list(p);
    assert.equal(now.revision, await s.currentRevision());
    assert.deepEqual(now.items.map((kv) => [kv.key.slice(p.length), str(kv.value)]), [['b', 'b2'], ['c', 'c1'], ['d', 'd1']]);
    assert.equal(now.more, false);
    assert.equal(str((await s.get(`${p}a`, { revision: r1 })).kv!.value), 'a1');
    assert.equal((await s.get(`${p}d`, { revision: r1 })).kv, null);

    const future = (await s.currentRevision()) + 10;
    await assert.rejects(s.get(`${p}a`, { revision: future }), FutureRevisionError);
    await assert.rejects(s.list(p, { revision: future }), FutureRevisionError);
    await assert.rejects(s.list(p, { limit: -1 }), InvalidStoreArgumentError);
  });

  run('list respects the prefix and pages over one snapshot', async () => {
    for (let i = 0; i < 25; i++) assert.ok((await s.create(`${p}x/${String(i).padStart(2, '0')}`, enc(`v${i}`))).ok);
    assert.ok((await s.create(`${p}xy`, enc('outside'))).ok);
    assert.ok((await s.create(`${p}w`, enc('before'))).ok);
    const first = await s.list(`${p}x/`, { limit: 10 });
    assert.equal(first.items.length, 10);
    assert.equal(first.more, true);
    // Writes between pages must not show up in later pages read at the first page's revision.
    assert.ok((await s.create(`${p}x/15a`, enc('late'))).ok);
    assert.ok((await s.delete(`${p}x/20`)).ok);
    const seen = [...first.items];
    let page = first;
    while (page.more) {
      page = await s.list(`${p}x/`, { limit: 10, revision: first.revision, continueFrom: page.items.at(-1)!.key });
      assert.equal(page.revision, first.revision);
      seen.push(...page.items);
    }
    assert.deepEqual(
      seen.map((kv) => kv.key.slice(p.length)),
      Array.from({ length: 25 }, (_, i) => `x/${String(i).padStart(2, '0')}`),
    );
    const all = await s.list(`${p}x/`);
    assert.equal(all.items.length, 25, '25 + 1 created - 1 deleted');
    assert.ok(all.items.some((kv) => kv.key === `${p}x/15a`));
    const exact = await s.list(`${p}x/`, { limit: 25 });
    assert.equal(exact.more, false);
  });

  run('watch from a past revision replays history, then live writes, in order, exactly once', async () => {
    const written: number[] = [];
    const note = (rev: number) => written.push(rev);
    for (let i = 0; i < 40; i++) {
      const c = await s.create(`${p}k${i}`, enc(`v${i}`));
      assert.ok(c.ok);
      note(c.kv.modRevision);
    }
    const from = written[10]!;
    const base = await s.list(p, { revision: from - 1 });
    // Writers race the watch's creation and its catch-up: updates, deletes and creates.
    const writer = async (w: number) => {
      for (let i = 0; i < 30; i++) {
        const key = `${p}k${w * 10 + (i % 10)}`;
        const cur = (await s.get(key)).kv;
        if (!cur) {
          const c = await s.create(key, enc(`w${w}-${i}`));
          if (c.ok) note(c.kv.modRevision);
        } else if (i % 7 === 3) {
          const d = await s.delete(key, cur.modRevision);
          if (d.ok) note(d.revision);
        } else {
          const u = await s.update(key, enc(`w${w}-${i}`), cur.modRevision);
          if (u.ok) note(u.kv.modRevision);
        }
      }
    };
    const events: WatchEvent[] = [];
    const writers = Promise.all([0, 1, 2, 3].map(writer));
    const h = await s.watch(p, from, (ev) => events.push(ev), (err) => assert.fail(err));
    await writers;
    const last = Math.max(...written);
    await waitFor(() => events.length > 0 && events.at(-1)!.revision >= last, `events up to ${last}`);
    await h.cancel();
    assert.deepEqual(
      events.map((e) => e.revision),
      written.filter((r) => r >= from).sort((a, b) => a - b),
    );
    // Replaying the events over the snapshot before `from` gives the final state, and every
    // prevKv is exactly the value the event replaced.
    const state = new Map<string, KeyValue>(base.items.map((kv) => [kv.key, kv]));
    for (const ev of events) {
      const key = ev.type === 'PUT' ? ev.kv.key : ev.key;
      const before = state.get(key) ?? null;
      assert.deepEqual(norm(ev.prevKv), norm(before), `prevKv of ${ev.type} ${key} @${ev.revision}`);
      if (ev.type === 'PUT') state.set(key, ev.kv);
      else state.delete(key);
    }
    const final = await s.list(p);
    assert.deepEqual([...state.values()].map(norm).sort(byKey), final.items.map(norm));
  });

  run('a callback that writes neither reorders nor loses events', async () => {
    const written: number[] = [];
    for (let i = 0; i < 10; i++) {
      const c = await s.create(`${p}a/${i}`, enc('a'));
      assert.ok(c.ok);
      written.push(c.kv.modRevision);
    }
    const pending: Promise<void>[] = [];
    // A controller-like watcher: each a/<i> it sees makes it write b/<i> under its own prefix,
    // during its replay of history as well as live.
    const mine: WatchEvent[] = [];
    const react = (ev: WatchEvent) => {
      mine.push(ev);
      if (ev.type === 'PUT' && ev.kv.key.startsWith(`${p}a/`)) {
        const n = ev.kv.key.slice(`${p}a/`.length);
        pending.push(s.create(`${p}b/${n}`, enc('b')).then((c) => void (c.ok && written.push(c.kv.modRevision))));
      }
    };
    const other: WatchEvent[] = [];
    const h1 = await s.watch(p, written[0]!, react, (err) => assert.fail(err));
    const h2 = await s.watch(p, written[0]!, (ev) => other.push(ev), (err) => assert.fail(err));
    await waitFor(() => pending.length === 10, 'the replayed creates');
    const live = await s.create(`${p}a/10`, enc('a'));
    assert.ok(live.ok);
    written.push(live.kv.modRevision);
    await waitFor(() => pending.length === 11, 'the live create');
    await Promise.all(pending);
    await waitFor(() => mine.length === 22 && other.length === 22, 'every event on both watchers');
    await h1.cancel();
    await h2.cancel();
    const all = [...written].sort((a, b) => a - b);
    assert.deepEqual(mine.map((e) => e.revision), all);
    assert.deepEqual(other.map((e) => e.revision), all);
  });

  run('watch from now and from the future, and cancellation', async () => {
    assert.ok((await s.create(`${p}old`, enc('old'))).ok);
    const nowEvents: WatchEvent[] = [];
    const futureEvents: WatchEvent[] = [];
    const h = await s.watch(p, 0, (ev) => nowEvents.push(ev));
    const next = (await s.currentRevision()) + 2;
    const hf = await s.watch(p, next, (ev) => futureEvents.push(ev));
    const a = await s.create(`${p}a`, enc('a'));
    const b = await s.create(`${p}b`, enc('b'));
    assert.ok(a.ok && b.ok);
    assert.ok((await s.create(`/other${p}c`, enc('not mine'))).ok);
    await waitFor(() => nowEvents.length === 2 && futureEvents.length >= 1, 'two events');
    assert.deepEqual(nowEvents.map((e) => e.type === 'PUT' && e.kv.key), [`${p}a`, `${p}b`]);
    assert.equal(nowEvents[0]!.type === 'PUT' && nowEvents[0]!.prevKv, null);
    assert.deepEqual(futureEvents.map((e) => e.revision), [b.kv.modRevision]);
    await h.cancel();
    await hf.cancel();
    assert.ok((await s.create(`${p}after`, enc('x'))).ok);
    const check = await s.watch(p, 0, () => {});
    assert.ok((await s.create(`${p}after2`, enc('x'))).ok);
    await new Promise((r) => setTimeout(r, 100));
    await check.cancel();
    assert.equal(nowEvents.length, 2, 'nothing after cancel');
    assert.equal(futureEvents.length, 1, 'nothing after cancel');
  });

  run('compaction: reads below it and watches from it fail with CompactedError', async () => {
    const a = await s.create(`${p}a`, enc('a1'));
    const gone = await s.create(`${p}gone`, enc('g'));
    assert.ok(a.ok && gone.ok);
    const u = await s.update(`${p}a`, enc('a2'), a.kv.modRevision);
    assert.ok(u.ok);
    const d = await s.delete(`${p}gone`);
    assert.ok(d.ok);
    const rc = await s.currentRevision();
    await s.compact(rc);
    await assert.rejects(s.get(`${p}a`, { revision: a.kv.modRevision }), CompactedError);
    await assert.rejects(s.list(p, { revision: rc - 1 }), CompactedError);
    await assert.rejects(s.watch(p, a.kv.modRevision, () => {}), CompactedError);
    await assert.rejects(s.watch(p, rc, () => {}), CompactedError);
    await assert.rejects(s.compact(rc), CompactedError);
    await assert.rejects(s.compact(rc + 100), FutureRevisionError);
    // At the compacted revision itself the store still reads exactly as it was.
    const at = await s.list(p, { revision: rc });
    assert.deepEqual(at.items.map((kv) => [kv.key.slice(p.length), str(kv.value)]), [['a', 'a2']]);
    assert.equal((await s.get(`${p}gone`, { revision: rc })).kv, null);
    // Watching from just after it works, with prevKv of rows at or below the compaction.
    const events: WatchEvent[] = [];
    const h = await s.watch(p, rc + 1, (ev) => events.push(ev));
    const u2 = await s.update(`${p}a`, enc('a3'), u.kv.modRevision);
    assert.ok(u2.ok);
    assert.ok((await s.delete(`${p}a`, u2.kv.modRevision)).ok);
    await waitFor(() => events.length === 2, 'two events after compaction');
    await h.cancel();
    assert.equal(events[0]!.prevKv && str(events[0]!.prevKv.value), 'a2');
    assert.ok(events[1]!.type === 'DELETE' && str(events[1]!.prevKv.value) === 'a3');
  });

  run('a watch overtaken by compaction ends with CompactedError and no gap', async () => {
    const from = (await s.currentRevision()) + 1;
    const written: number[] = [];
    for (let i = 0; i < 1200; i++) {
      const c = await s.create(`${p}k${i}`, enc(String(i)));
      assert.ok(c.ok);
      written.push(c.kv.modRevision);
    }
    const events: WatchEvent[] = [];
    let failure: Error | undefined;
    const h = await s.watch(p, from, (ev) => events.push(ev), (err) => (failure = err));
    await s.compact(written.at(-1)!);
    await waitFor(() => failure !== undefined || events.length === written.length, 'the watch to finish');
    await h.cancel();
    // Either the watch got all of history before compaction caught it, or it stopped: what it
    // delivered is always an unbroken prefix of history.
    assert.deepEqual(events.map((e) => e.revision), written.slice(0, events.length));
    if (failure) assert.ok(failure instanceof CompactedError, String(failure));
  });

  run('acknowledged writes survive reopening, and revisions keep increasing', async () => {
    const a = await s.create(`${p}a`, enc('a1'));
    assert.ok(a.ok);
    const u = await s.update(`${p}a`, enc('a2'), a.kv.modRevision);
    assert.ok(u.ok);
    assert.ok((await s.create(`${p}b`, enc('b1'))).ok);
    assert.ok((await s.delete(`${p}b`)).ok);
    const rev = await s.currentRevision();
    s = await f.reopen(s);
    assert.equal(await s.currentRevision(), rev);
    const got = await s.list(p);
    assert.deepEqual(got.items.map((kv) => [kv.key.slice(p.length), str(kv.value), kv.createRevision, kv.modRevision]), [
      ['a', 'a2', a.kv.createRevision, u.kv.modRevision],
    ]);
    assert.equal(str((await s.get(`${p}a`, { revision: a.kv.modRevision })).kv!.value), 'a1');
    const events: WatchEvent[] = [];
    const h = await s.watch(p, a.kv.modRevision, (ev) => events.push(ev));
    const c = await s.create(`${p}c`, enc('c'));
    assert.ok(c.ok && c.kv.modRevision > rev);
    await waitFor(() => events.length === 5, 'history and the new write');
    await h.cancel();
    assert.deepEqual(events.map((e) => e.type), ['PUT', 'PUT', 'PUT', 'DELETE', 'PUT']);
  });

  run('close ends watches and refuses further calls', async () => {
    let failure: Error | undefined;
    await s.watch(p, 0, () => {}, (err) => (failure = err));
    await s.close();
    assert.ok(failure instanceof StoreClosedError);
    await assert.rejects(s.get(`${p}a`), StoreClosedError);
  });
}

function norm(kv: KeyValue | null): unknown {
  return kv && { key: kv.key, value: str(kv.value), createRevision: kv.createRevision, modRevision: kv.modRevision };
}

function byKey(a: unknown, b: unknown): number {
  const [x, y] = [(a as KeyValue).key, (b as KeyValue).key];
  return x < y ? -1 : x > y ? 1 : 0;
}

describe('kube store: sqlite', () => {
  const dbs = new Map<KubeStore, { db: SqliteDatabase; file: string }>();
  let dir = '';
  const openOn = async (file: string) => {
    const db = openDatabase(file);
    const store = await openKubeStore('sqlite', { db });
    dbs.set(store, { db, file });
    return store;
  };
  let n = 0;
  storeSuite({
    setup: async () => {
      dir = mkdtempSync(path.join(tmpdir(), 'lakestack-kube-store-'));
    },
    teardown: async () => {
      for (const { db } of dbs.values()) if (db.open) db.close();
      rmSync(dir, { recursive: true, force: true });
    },
    open: () => openOn(path.join(dir, `state-${n++}.db`)),
    reopen: async (store) => {
      const { db, file } = dbs.get(store)!;
      await store.close();
      db.close();
      return openOn(file);
    },
  });
});

test('sqlite: every acknowledged write survives kill -9 of the writer', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'lakestack-kube-crash-'));
  const file = path.join(dir, 'state.db');
  try {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'store-writer.ts'), file], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const acked: number[] = [];
    let buf = '';
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.stdout!.on('data', (d: Buffer) => {
      buf += d.toString();
      const lines = buf.split('\n');
      buf = lines.pop()!;
      acked.push(...lines.map(Number));
      if (acked.length >= 300 && child.exitCode === null) child.kill('SIGKILL');
    });
    await exited;
    assert.equal(child.signalCode, 'SIGKILL');
    const db = openDatabase(file);
    try {
      const store = new SqliteKubeStore(db);
      const items = (await store.list('/registry/configmaps/crash/')).items;
      const revs = new Set(items.map((kv) => kv.modRevision));
      for (const r of acked) assert.ok(revs.has(r), `acknowledged revision ${r} is lost`);
      const top = await store.currentRevision();
      assert.ok(top >= Math.max(...acked));
      const next = await store.create('/registry/configmaps/crash/after', Buffer.from('{}'));
      assert.ok(next.ok && next.kv.modRevision > top, 'revisions stay monotonic after the crash');
      await store.close();
    } finally {
      db.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

describe('kube store: etcd', () => {
  const bin = findEtcd();
  if (!bin) {
    const reason = 'etcd binary not found (Debian package etcd-server)';
    if (process.env.LAKESTACK_REQUIRE_ALL === '1') test('etcd is installed', () => assert.fail(reason));
    else test('etcd store', { skip: reason }, () => {});
    return;
  }
  let server: EtcdServer | undefined;
  storeSuite({
    setup: async () => {
      server = await startEtcd(bin);
    },
    teardown: async () => {
      await server?.stop();
    },
    open: () => openKubeStore(`etcd://${server!.endpoint}`),
    reopen: async (store) => {
      await store.close();
      return openKubeStore(`etcd://${server!.endpoint}`);
    },
  });

  test('losing etcd ends a watch through onError', async () => {
    const own = await startEtcd(bin);
    const s = await openKubeStore(`etcd://${own.endpoint}`);
    try {
      let failure: Error | undefined;
      await s.watch('/registry/', 0, () => {}, (err) => (failure = err));
      await own.stop();
      await waitFor(() => failure !== undefined, 'onError');
    } finally {
      await s.close();
      await own.stop();
    }
  });
});

test('openKubeStore refuses an unknown spec', async () => {
  await assert.rejects(openKubeStore('postgres://x'), InvalidStoreArgumentError);
  await assert.rejects(openKubeStore('etcd://'), InvalidStoreArgumentError);
});
