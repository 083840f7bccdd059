// Athena DDL (Hive dialect) parsed into Glue catalog structures; the statement classifier;
// CTAS / INSERT / UNLOAD / CREATE VIEW headers; Athena-style syntax errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze, classify, translate, type ParsedStatement, type HiveDdl } from '../../src/engine/dialect/index.js';

function parsed(sql: string): ParsedStatement {
  const r = analyze(sql, 'trino');
  if (!r.ok) assert.fail(r.error.message);
  return r.statement;
}

function ddl(sql: string): HiveDdl {
  const s = parsed(sql);
  assert.equal(s.kind, 'ddl');
  return s.kind === 'ddl' ? s.ddl : assert.fail('not ddl');
}

test('CREATE EXTERNAL TABLE with a JSON SerDe, nested types and partitions', () => {
  const t = ddl(`CREATE EXTERNAL TABLE IF NOT EXISTS sales.events (
      id bigint COMMENT 'event id',
      tags array<string>,
      attrs map<string,decimal(10,2)>,
      device struct<os:string, versions:array<struct<major:int,minor:int>>>
    )
    COMMENT 'raw events'
    PARTITIONED BY (dt string, hour int)
    ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe'
    WITH SERDEPROPERTIES ('ignore.malformed.json' = 'true', 'case.insensitive' = 'false')
    STORED AS TEXTFILE
    LOCATION 's3://lake/events/'
    TBLPROPERTIES ('has_encrypted_data' = 'false', 'projection.enabled' = 'true')`);
  assert.deepEqual(t, {
    kind: 'create_table', external: true, ifNotExists: true, database: 'sales', name: 'events',
    columns: [
      { name: 'id', type: 'bigint', comment: 'event id' },
      { name: 'tags', type: 'array<string>' },
      { name: 'attrs', type: 'map<string,decimal(10,2)>' },
      { name: 'device', type: 'struct<os:string,versions:array<struct<major:int,minor:int>>>' },
    ],
    partitionKeys: [{ name: 'dt', type: 'string' }, { name: 'hour', type: 'int' }],
    comment: 'raw events',
    rowFormat: {
      kind: 'serde', serde: 'org.openx.data.jsonserde.JsonSerDe',
      serdeProperties: { 'ignore.malformed.json': 'true', 'case.insensitive': 'false' },
    },
    storedAs: 'TEXTFILE', location: 's3://lake/events/',
    tblProperties: { has_encrypted_data: 'false', 'projection.enabled': 'true' },
  });
});

test('CREATE EXTERNAL TABLE with ROW FORMAT DELIMITED and escapes', () => {
  const t = ddl(String.raw`CREATE EXTERNAL TABLE logs (line string, n INTEGER, price DECIMAL(12, 4), code varchar(8))
    ROW FORMAT DELIMITED FIELDS TERMINATED BY '\t' ESCAPED BY '\\'
      COLLECTION ITEMS TERMINATED BY '|' MAP KEYS TERMINATED BY ':' LINES TERMINATED BY '\n'
    STORED AS TEXTFILE LOCATION 's3://lake/logs/' TBLPROPERTIES ('skip.header.line.count'='1')`);
  assert.equal(t.kind, 'create_table');
  if (t.kind !== 'create_table') return;
  assert.deepEqual(t.columns.map((c) => c.type), ['string', 'int', 'decimal(12,4)', 'varchar(8)']);
  assert.deepEqual(t.rowFormat, {
    kind: 'delimited',
    delimited: { fieldsTerminatedBy: '\t', escapedBy: '\\', collectionItemsTerminatedBy: '|', mapKeysTerminatedBy: ':', linesTerminatedBy: '\n' },
    serdeProperties: {},
  });
  assert.equal(t.tblProperties['skip.header.line.count'], '1');
});

test('STORED AS PARQUET, ORC and INPUTFORMAT/OUTPUTFORMAT', () => {
  for (const fmt of ['PARQUET', 'ORC', 'AVRO']) {
    const t = ddl(`CREATE EXTERNAL TABLE t (a int) STORED AS ${fmt.toLowerCase()} LOCATION 's3://b/t/'`);
    assert.equal(t.kind === 'create_table' && t.storedAs, fmt);
  }
  const t = ddl(`CREATE EXTERNAL TABLE t (a int) ROW FORMAT SERDE 'org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe'
    STORED AS INPUTFORMAT 'org.apache.hadoop.mapred.TextInputFormat'
    OUTPUTFORMAT 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat' LOCATION 's3://b/t/'`);
  assert.equal(t.kind === 'create_table' && t.inputFormat, 'org.apache.hadoop.mapred.TextInputFormat');
  assert.equal(t.kind === 'create_table' && t.outputFormat, 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat');
});

test('MSCK REPAIR TABLE and ALTER TABLE ADD / DROP PARTITION', () => {
  assert.deepEqual(ddl('MSCK REPAIR TABLE lake.events'), { kind: 'msck_repair_table', database: 'lake', name: 'events' });
  assert.deepEqual(
    ddl(`ALTER TABLE events ADD IF NOT EXISTS PARTITION (dt = '2024-01-01', hour = 3) LOCATION 's3://b/dt=2024-01-01/hour=3/'
         PARTITION (dt = '2024-01-02', hour = 4)`),
    {
      kind: 'add_partitions', name: 'events', ifNotExists: true,
      partitions: [
        { values: { dt: '2024-01-01', hour: '3' }, location: 's3://b/dt=2024-01-01/hour=3/' },
        { values: { dt: '2024-01-02', hour: '4' } },
      ],
    },
  );
  assert.deepEqual(ddl("ALTER TABLE events DROP IF EXISTS PARTITION (dt = '2024-01-01'), PARTITION (dt = '2024-01-02')"), {
    kind: 'drop_partitions', name: 'events', ifExists: true, partitions: [{ dt: '2024-01-01' }, { dt: '2024-01-02' }],
  });
});

test('SHOW and DESCRIBE', () => {
  assert.deepEqual(ddl("SHOW DATABASES LIKE 'sa*'"), { kind: 'show_databases', like: 'sa*' });
  assert.deepEqual(ddl("SHOW TABLES IN sales 'ev*'"), { kind: 'show_tables', database: 'sales', like: 'ev*' });
  assert.deepEqual(ddl('SHOW PARTITIONS sales.events'), { kind: 'show_partitions', database: 'sales', name: 'events' });
  assert.deepEqual(ddl('SHOW COLUMNS IN events'), { kind: 'show_columns', name: 'events' });
  assert.deepEqual(ddl('SHOW CREATE TABLE sales.events'), { kind: 'show_create_table', database: 'sales', name: 'events' });
  assert.deepEqual(ddl('DESCRIBE sales.events'), { kind: 'describe', extended: false, formatted: false, database: 'sales', name: 'events' });
  assert.deepEqual(ddl('DESCRIBE FORMATTED events dt'), { kind: 'describe', extended: false, formatted: true, name: 'events', column: 'dt' });
});

test('CREATE / DROP DATABASE and DROP TABLE', () => {
  assert.deepEqual(ddl("CREATE DATABASE IF NOT EXISTS sales COMMENT 'team' LOCATION 's3://b/sales/'"), {
    kind: 'create_database', name: 'sales', ifNotExists: true, properties: {}, comment: 'team', location: 's3://b/sales/',
  });
  assert.deepEqual(ddl('CREATE SCHEMA s'), { kind: 'create_database', name: 's', ifNotExists: false, properties: {} });
  assert.deepEqual(ddl('DROP DATABASE sales CASCADE'), { kind: 'drop_database', name: 'sales', ifExists: false, cascade: true });
  assert.deepEqual(ddl('DROP TABLE IF EXISTS sales.events'), { kind: 'drop_table', ifExists: true, database: 'sales', name: 'events' });
});

test('classifier', () => {
  const cases: [string, string][] = [
    ['SELECT 1', 'query'], ['WITH a AS (SELECT 1) SELECT * FROM a', 'query'], ['VALUES 1', 'query'], ['(SELECT 1)', 'query'],
    ["CREATE EXTERNAL TABLE t (a int) LOCATION 's3://b/'", 'ddl'], ['CREATE TABLE t AS SELECT 1', 'ctas'],
    ["CREATE TABLE t WITH (format = 'PARQUET') AS SELECT 1", 'ctas'], ['CREATE TABLE t (a int)', 'ddl'],
    ['INSERT INTO t SELECT 1', 'insert'], ["UNLOAD (SELECT 1) TO 's3://b/' WITH (format = 'JSON')", 'unload'],
    ['CREATE VIEW v AS SELECT 1', 'create_view'], ['MSCK REPAIR TABLE t', 'ddl'], ['SHOW TABLES', 'ddl'],
    ['DESCRIBE t', 'ddl'], ['DROP TABLE t', 'ddl'], ["ALTER TABLE t ADD PARTITION (a='1')", 'ddl'],
    ['EXPLAIN SELECT 1', 'explain'], ['PREPARE p FROM SELECT ?', 'prepare'], ['EXECUTE p USING 1', 'execute'],
    ['DELETE FROM t', 'unsupported'],
  ];
  for (const [sql, kind] of cases) assert.equal(classify(sql), kind, sql);
});

test('CTAS, INSERT INTO, UNLOAD and CREATE VIEW keep their headers and translate their query', () => {
  const ctas = parsed(`CREATE TABLE lake.daily WITH (format = 'PARQUET', external_location = 's3://b/daily/',
    partitioned_by = ARRAY['dt'], bucket_count = 4, write_compression = 'SNAPPY')
    AS SELECT cardinality(tags) AS n, dt FROM events WITH NO DATA`);
  assert.deepEqual(ctas, {
    kind: 'ctas', table: { database: 'lake', name: 'daily' }, ifNotExists: false,
    properties: { format: 'PARQUET', external_location: 's3://b/daily/', partitioned_by: ['dt'], bucket_count: 4, write_compression: 'SNAPPY' },
    withData: false, sql: 'SELECT LEN(tags) AS n, dt FROM events',
  });
  assert.deepEqual(parsed('INSERT INTO lake.daily (n, dt) SELECT 1, 2'), {
    kind: 'insert', table: { database: 'lake', name: 'daily' }, columns: ['n', 'dt'], sql: 'SELECT 1, 2',
  });
  const unload = parsed("UNLOAD (SELECT (a) FROM t WHERE b IN (SELECT 1)) TO 's3://b/out/' WITH (format = 'JSON', compression = 'gzip')");
  assert.equal(unload.kind, 'unload');
  if (unload.kind === 'unload') {
    assert.equal(unload.location, 's3://b/out/');
    assert.deepEqual(unload.properties, { format: 'JSON', compression: 'gzip' });
    assert.equal(unload.sql, 'SELECT (a) FROM t WHERE b IN (SELECT 1)');
  }
  const view = parsed('CREATE OR REPLACE VIEW v AS SELECT element_at(m, 1) FROM t');
  assert.equal(view.kind, 'create_view');
  if (view.kind === 'create_view') {
    assert.equal(view.originalSql, 'SELECT element_at(m, 1) FROM t');
    assert.equal(view.orReplace, true);
  }
});

test('syntax errors are reported as Athena does, with line:column', () => {
  const r = translate('SELECT * FORM t', 'trino');
  assert.deepEqual(r, { ok: false, error: { code: 'SYNTAX_ERROR', message: "line 1:10: mismatched input 'FORM'", line: 1, column: 10 } });
  const r2 = translate('SELECT a,\n  b FROM t WHERE', 'trino');
  assert.equal(!r2.ok && r2.error.message, "line 2:12: mismatched input 'WHERE'");
  const bad = analyze('CREATE EXTERNAL TABLE t (a varchar2)', 'trino');
  assert.equal(!bad.ok && bad.error.message, "line 1:28: mismatched input 'varchar2'. unknown type 'varchar2'");
  const unsupported = translate("SELECT date_format(x, '%D')", 'trino');
  assert.equal(!unsupported.ok && unsupported.error.code, 'NOT_SUPPORTED');
  assert.equal(translate('CREATE TABLE t AS SELECT 1', 'trino').ok, false);
});
