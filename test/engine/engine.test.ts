// The engine under Athena, without HTTP: a real S3 store and Glue catalog over a temp state.db, DuckDB over
// TPC-H files adopted into the lake.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDatabase, type SqliteDatabase } from '../../src/storage/db.js';
import { BlobStore } from '../../src/storage/blobs.js';
import { SystemClock } from '../../src/core/clock.js';
import { S3Lake } from '../../src/services/s3/lake.js';
import { S3Store } from '../../src/services/s3/store.js';
import { glueCatalogFor } from '../../src/services/glue/catalog.js';
import { GlueEngineCatalog } from '../../src/engine/glue-catalog.js';
import { DuckDbEngine } from '../../src/engine/duckdb/engine.js';
import { EngineError, type EngineStatement, type EngineValue } from '../../src/engine/engine.js';

const TPCH = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../shared/datasets/tpch-sf0.01');
let dir: string;
let db: SqliteDatabase;
let lake: S3Lake;
let engine: DuckDbEngine;

async function upload(src: string, bucket: string, key: string): Promise<void> {
  const tmp = lake.tempPath();
  copyFileSync(src, tmp);
  await lake.adopt(tmp, bucket, key);
}

async function all(st: EngineStatement): Promise<EngineValue[][]> {
  const out: EngineValue[][] = [];
  for await (const batch of st.rows()) out.push(...batch);
  return out;
}

async function run(sql: string, database = 'tpch'): Promise<{ rows: EngineValue[][]; st: EngineStatement }> {
  const st = await engine.start({ sql, dialect: 'trino', accountId: '000000000000', region: 'us-east-1', database, defaultOutputLocation: 's3://lake/results/' });
  return { rows: await all(st), st };
}

before(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'engine-'));
  db = openDatabase(path.join(dir, 'state.db'));
  const clock = new SystemClock();
  const blobs = new BlobStore(path.join(dir, 'objects'));
  lake = new S3Lake(db, blobs, clock);
  new S3Store(db).insertBucket({ name: 'lake', account_id: '000000000000', region: 'us-east-1', created_at: new Date().toISOString(), versioning: null, object_ownership: null });
  engine = new DuckDbEngine(new GlueEngineCatalog(glueCatalogFor(db, clock)), lake, { dataDir: dir, concurrency: 1, memoryLimit: '512MB', threads: 1 });
  await upload(path.join(TPCH, 'parquet/nation/data.parquet'), 'lake', 'tpch/nation/data.parquet');
  await upload(path.join(TPCH, 'tbl/nation.tbl.gz'), 'lake', 'text/nation/nation.tbl.gz');
  for (const r of [0, 1, 2]) await upload(path.join(TPCH, 'parquet/nation/data.parquet'), 'lake', `parts/nation/region=${r}/data.parquet`);
  await upload(path.join(TPCH, 'parquet/nation/data.parquet'), 'lake', 'tpch/nation/_SUCCESS');
  await run('CREATE DATABASE tpch', 'default');
});

after(async () => {
  await engine.close();
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

test('parquet and pipe-delimited text tables read the same rows', async () => {
  await run(`CREATE EXTERNAL TABLE nation (n_nationkey bigint, n_name string, n_regionkey bigint, n_comment string)
    STORED AS PARQUET LOCATION 's3://lake/tpch/nation/'`);
  await run(`CREATE EXTERNAL TABLE nation_txt (n_nationkey bigint, n_name string, n_regionkey int, n_comment string)
    ROW FORMAT DELIMITED FIELDS TERMINATED BY '|' LOCATION 's3://lake/text/nation/'`);
  const a = await run('SELECT n_nationkey, n_name FROM nation ORDER BY n_nationkey');
  const b = await run('SELECT n_nationkey, n_name FROM tpch.nation_txt ORDER BY 1');
  assert.equal(a.rows.length, 25);
  assert.deepEqual(a.rows, b.rows);
  assert.deepEqual(a.st.columns().map((c) => [c.name, c.type, c.precision]), [['n_nationkey', 'bigint', 19], ['n_name', 'varchar', 2147483647]]);
  const unnamed = await run('SELECT n_regionkey, count(*), max(n_name) AS m FROM nation GROUP BY 1 ORDER BY 1 LIMIT 1');
  assert.deepEqual(unnamed.st.columns().map((c) => c.name), ['n_regionkey', '_col1', 'm']);
  assert.ok(a.st.stats().bytesScanned > 0);
  assert.equal(a.st.stats().filesScanned, 1, '_SUCCESS is not data');
});

test('partitions: MSCK REPAIR finds them, WHERE prunes what is read', async () => {
  await run(`CREATE EXTERNAL TABLE pnation (n_nationkey bigint, n_name string) PARTITIONED BY (region int)
    STORED AS PARQUET LOCATION 's3://lake/parts/nation'`);
  assert.equal((await run('SELECT count(*) FROM pnation')).rows[0]![0], '0');
  const repaired = await run('MSCK REPAIR TABLE pnation');
  assert.equal(repaired.rows.length, 4);
  assert.deepEqual((await run('SHOW PARTITIONS pnation')).rows, [['region=0'], ['region=1'], ['region=2']]);
  const full = await run('SELECT count(*) FROM pnation');
  const one = await run('SELECT count(*), min(region) FROM pnation WHERE region = 1');
  assert.equal(full.rows[0]![0], '75');
  assert.deepEqual(one.rows[0], ['25', '1']);
  assert.equal(one.st.stats().bytesScanned * 3, full.st.stats().bytesScanned);
});

test('CTAS writes parquet objects into S3 and a Glue table that reads back', async () => {
  const r = await run(`CREATE TABLE nation_copy WITH (format = 'PARQUET', external_location = 's3://lake/ctas/nation_copy/', partitioned_by = ARRAY['n_regionkey'])
    AS SELECT n_nationkey, n_name, n_regionkey FROM nation`);
  assert.deepEqual(r.rows, [['25']]);
  const files = lake.listFiles('s3://lake/ctas/nation_copy/');
  assert.equal(files.length, 5);
  assert.ok(files.every((f) => /^"[0-9a-f]{32}"$/.test(f.etag)));
  const back = await run('SELECT n_regionkey, count(*) FROM nation_copy GROUP BY 1 ORDER BY 1');
  assert.deepEqual(back.rows, [['0', '5'], ['1', '5'], ['2', '5'], ['3', '5'], ['4', '5']]);
  const ins = await run(`INSERT INTO nation_copy SELECT n_nationkey, n_name, n_regionkey FROM nation WHERE n_regionkey = 0`);
  assert.deepEqual(ins.rows, [['5']]);
  assert.deepEqual((await run('SELECT count(*) FROM nation_copy WHERE n_regionkey = 0')).rows, [['10']]);
});

test('errors come in Athena words', async () => {
  await assert.rejects(run('SELECT nope FROM nation'), (e: EngineError) => e.code === 'COLUMN_NOT_FOUND' && /line 1:8: Column 'nope' cannot be resolved/.test(e.message));
  await assert.rejects(run('SELECT * FROM missing'), (e: EngineError) => e.code === 'TABLE_NOT_FOUND' && e.message === "TABLE_NOT_FOUND: line 1:15: Table 'awsdatacatalog.tpch.missing' does not exist");
  await assert.rejects(run('SELEC 1'), (e: EngineError) => e.code === 'SYNTAX_ERROR');
  await assert.rejects(run('CREATE TABLE unnamed AS SELECT count(*) FROM nation'), (e: EngineError) => e.code === 'MISSING_COLUMN_NAME');
  await assert.rejects(run("SELECT * FROM nation WHERE n_nationkey = 'x'"),
    (e: EngineError) => e.message === 'TYPE_MISMATCH: line 1:28: Cannot apply operator: bigint = varchar(1)');
  await assert.rejects(run("SELECT CAST('x' AS integer)"), (e: EngineError) => e.message === "INVALID_CAST_ARGUMENT: Cannot cast 'x' to INT");
});

test('cancel interrupts a running query', async () => {
  const st = await engine.start({ sql: 'SELECT count(*) FROM nation a, nation b, nation c, nation d, nation e, nation f, nation g WHERE a.n_name || b.n_name || g.n_name <> \'x\'', dialect: 'trino', accountId: '000000000000', region: 'us-east-1', database: 'tpch' });
  const done = all(st);
  setTimeout(() => st.cancel(), 300);
  await assert.rejects(done, (e: EngineError) => e.code === 'USER_CANCELED');
});

test('JSON lines tables, UNLOAD to S3 and views stored in Glue', async () => {
  const tmp = lake.tempPath();
  const { writeFileSync } = await import('node:fs');
  writeFileSync(tmp, '{"id": 1, "tags": ["a", "b"], "who": {"name": "x"}}\n{"id": 2, "tags": [], "who": {"name": "y"}}\n');
  await lake.adopt(tmp, 'lake', 'json/events/part-0.json');
  await run(`CREATE EXTERNAL TABLE events (id int, tags array<string>, who struct<name:string>)
    ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe' LOCATION 's3://lake/json/events/'`);
  const r = await run('SELECT id, tags, who.name, cardinality(tags) FROM events ORDER BY id');
  assert.deepEqual(r.rows, [['1', '[a, b]', 'x', '2'], ['2', '[]', 'y', '0']]);
  const u = await run(`UNLOAD (SELECT n_nationkey, n_name FROM nation WHERE n_regionkey = 1) TO 's3://lake/unload/nation/' WITH (format = 'JSON', compression = 'NONE')`);
  assert.equal(u.st.stats().rowsWritten, 5);
  const files = lake.listFiles('s3://lake/unload/nation/');
  assert.equal(files.length, 1);
  await run("CREATE VIEW america AS SELECT n_name FROM nation WHERE n_regionkey = 1");
  assert.deepEqual((await run('SELECT count(*) FROM america')).rows, [['5']]);
  await assert.rejects(run(`CREATE EXTERNAL TABLE orcs (a int) STORED AS ORC LOCATION 's3://lake/orc/'`).then(() => run('SELECT * FROM orcs')),
    (e: EngineError) => e.code === 'HIVE_UNSUPPORTED_FORMAT' && /ORC/.test(e.message));
});

test('partition projection: dates and enums computed from table properties, pruned by WHERE', async () => {
  for (const d of ['2024-01-01', '2024-01-02', '2024-01-03']) {
    for (const kind of ['a', 'b']) await upload(path.join(TPCH, 'parquet/nation/data.parquet'), 'lake', `proj/${kind}/${d}/data.parquet`);
  }
  await run(`CREATE EXTERNAL TABLE projected (n_nationkey bigint, n_name string) PARTITIONED BY (kind string, dt string)
    STORED AS PARQUET LOCATION 's3://lake/proj/'
    TBLPROPERTIES ('projection.enabled' = 'true', 'projection.kind.type' = 'enum', 'projection.kind.values' = 'a,b',
      'projection.dt.type' = 'date', 'projection.dt.format' = 'yyyy-MM-dd', 'projection.dt.range' = '2024-01-01,2024-01-03',
      'storage.location.template' = 's3://lake/proj/\${kind}/\${dt}/')`);
  const all = await run('SELECT count(*) FROM projected');
  assert.deepEqual(all.rows, [['150']]);
  const one = await run("SELECT count(*), min(dt), min(kind) FROM projected WHERE dt = '2024-01-02' AND kind = 'b'");
  assert.deepEqual(one.rows, [['25', '2024-01-02', 'b']]);
  assert.equal(one.st.stats().filesScanned, 1);
  const range = await run("SELECT count(DISTINCT dt) FROM projected WHERE dt >= '2024-01-02'");
  assert.deepEqual(range.rows, [['2']]);
  assert.equal(range.st.stats().filesScanned, 4);
});

test('CSV with OpenCSVSerde quoting and skip.header.line.count, gzip text by key', async () => {
  const { writeFileSync } = await import('node:fs');
  const { gzipSync } = await import('node:zlib');
  const tmp = lake.tempPath();
  writeFileSync(tmp, gzipSync('id,name,note\n1,"Smith, J","said ""hi"""\n2,Lee,\n'));
  await lake.adopt(tmp, 'lake', 'csv/people/people.csv.gz');
  await run(`CREATE EXTERNAL TABLE people (id string, name string, note string)
    ROW FORMAT SERDE 'org.apache.hadoop.hive.serde2.OpenCSVSerde' WITH SERDEPROPERTIES ('separatorChar' = ',', 'quoteChar' = '"')
    LOCATION 's3://lake/csv/people/' TBLPROPERTIES ('skip.header.line.count' = '1')`);
  const r = await run('SELECT id, name, note FROM people ORDER BY id');
  assert.deepEqual(r.rows, [['1', 'Smith, J', 'said "hi"'], ['2', 'Lee', '']]);
});
