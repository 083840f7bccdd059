// The shared registry tester (as upstream's generic/testing/tester.go): every kind creates a valid
// object, refuses an invalid one with 422 causes, keeps metadata rules, bumps generation on spec
// changes where it has a spec, conflicts on a stale resourceVersion, and shows up in a watch.
import assert from 'node:assert/strict';
import { openDatabase } from '../../src/storage/db.js';
import { SqliteKubeStore } from '../../src/kube/store/sqlite.js';
import type { KubeStore, WatchEvent } from '../../src/kube/store/types.js';
import { GenericStore } from '../../src/kube/apiserver/generic-store.js';
import { StatusError } from '../../src/kube/apiserver/status.js';
import type { KindDef, KubeObject } from '../../src/kube/registry/types.js';

export interface KindFixture {
  valid: () => KubeObject;
  /** An object the kind's validation refuses, and a field its causes must name. */
  invalid?: { object: () => KubeObject; field: string };
  /** Changes the spec (generation must go up), if the kind tracks generation. */
  changeSpec?: (o: KubeObject) => void;
  /** The kind's names are fixed by its content (CRDs: <plural>.<group>), so generateName cannot apply. */
  fixedName?: boolean;
  /** For kinds that DELETE only marks (Namespaces): what their controller does to complete it. */
  finalize?: (store: GenericStore, namespace: string, name: string) => Promise<void>;
}

export function memoryStore(): KubeStore {
  return new SqliteKubeStore(openDatabase(':memory:'));
}

export async function expectStatus(p: Promise<unknown>, code: number, reason?: string): Promise<StatusError> {
  try {
    await p;
  } catch (err) {
    assert.ok(err instanceof StatusError, `expected a StatusError, got ${String(err)}`);
    assert.equal(err.code, code, err.message);
    if (reason) assert.equal(err.status.reason, reason);
    return err;
  }
  assert.fail(`expected ${code}`);
}

export async function testKind(def: KindDef, fx: KindFixture): Promise<void> {
  const kv = memoryStore();
  const store = new GenericStore(kv, def, 'test', () => ({ now: new Date(), list: async () => [] }));
  const ns = def.info.namespaced ? 'ns1' : '';
  try {
    const created = await store.create(ns, fx.valid());
    assert.equal(created.kind, def.info.kind);
    assert.match(created.metadata.uid ?? '', /^[0-9a-f-]{36}$/);
    assert.match(created.metadata.resourceVersion ?? '', /^\d+$/);
    assert.match(created.metadata.creationTimestamp ?? '', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.equal(created.metadata.namespace, def.info.namespaced ? ns : undefined);
    const name = created.metadata.name!;
    await expectStatus(store.create(ns, fx.valid()), 409, 'AlreadyExists');
    const got = await store.get(ns, name);
    assert.deepEqual(got, created);
    await expectStatus(store.get(ns, 'missing'), 404, 'NotFound');

    // generateName, and names the kind refuses.
    if (!fx.fixedName) {
      const gen = fx.valid();
      gen.metadata = { generateName: 'gen-' };
      assert.match((await store.create(ns, gen)).metadata.name ?? '', /^gen-[a-z0-9]{5}$/);
    }
    const badName = fx.valid();
    // RBAC names are path segments ("system:controller:x" is fine), others DNS names.
    badName.metadata.name = def.strategy.nameRule === 'path' ? 'bad/name' : 'Not_Valid';
    await expectStatus(store.create(ns, badName), 422, 'Invalid');
    if (fx.invalid) {
      const err = await expectStatus(store.create(ns, fx.invalid.object()), 422, 'Invalid');
      assert.ok(err.status.details?.causes?.some((c) => c.field === fx.invalid!.field), JSON.stringify(err.status.details?.causes));
    }

    // Updates: labels change the resourceVersion; a stale one is a 409; a no-op writes nothing.
    const events: WatchEvent[] = [];
    const watch = await kv.watch(store.listPrefix(ns), 0, (e) => events.push(e));
    const labelled = await store.update(ns, name, (cur) => ({ ...cur!, metadata: { ...cur!.metadata, labels: { ...cur!.metadata.labels, tested: 'yes' } } }));
    assert.notEqual(labelled.object.metadata.resourceVersion, created.metadata.resourceVersion);
    assert.equal(labelled.object.metadata.uid, created.metadata.uid);
    assert.equal(labelled.object.metadata.generation, created.metadata.generation, 'metadata changes keep the generation');
    const same = await store.update(ns, name, (cur) => cur!);
    assert.equal(same.object.metadata.resourceVersion, labelled.object.metadata.resourceVersion);
    await expectStatus(store.update(ns, name, (cur) => ({ ...cur!, metadata: { ...cur!.metadata, resourceVersion: created.metadata.resourceVersion } })), 409, 'Conflict');
    if (fx.changeSpec) {
      const changed = await store.update(ns, name, (cur) => {
        fx.changeSpec!(cur!);
        return cur!;
      });
      assert.equal(changed.object.metadata.generation, (created.metadata.generation ?? 0) + 1);
    }
    const del = await store.delete(ns, name);
    assert.equal(del.deleted, !fx.finalize);
    if (fx.finalize) {
      assert.ok(del.object.metadata.deletionTimestamp, 'a marked object carries its deletionTimestamp');
      await fx.finalize(store, ns, name);
    }
    await expectStatus(store.get(ns, name), 404);
    await new Promise((r) => setTimeout(r, 20));
    await watch.cancel();
    const expected = ['PUT', ...(fx.changeSpec ? ['PUT'] : []), ...(fx.finalize ? ['PUT'] : []), 'DELETE'];
    assert.deepEqual(events.map((e) => e.type), expected);
  } finally {
    await kv.close();
  }
}
