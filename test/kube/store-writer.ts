// Child process for the kill -9 test: creates keys forever, printing each revision only after
// the store acknowledged it, until the parent kills it mid-write.
import { openDatabase } from '../../src/storage/db.js';
import { SqliteKubeStore } from '../../src/kube/store/sqlite.js';

const store = new SqliteKubeStore(openDatabase(process.argv[2]!));
for (let i = 0; ; i++) {
  const res = await store.create(`/registry/configmaps/crash/cm${i}`, Buffer.from(JSON.stringify({ i })));
  if (!res.ok) throw new Error(`unexpected ${res.reason}`);
  process.stdout.write(`${res.kv.modRevision}\n`);
}
