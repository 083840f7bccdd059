// One crawl: walk the crawler's S3 targets through S3's own rows (the object files are read in place), classify
// and plan tables and partitions, then write them into the catalog following the crawler's SchemaChangePolicy
// and RecrawlPolicy. Tables get the parameters, SerDe and formats Glue's crawler gives them.
import type { DuckDBInstance, DuckDBConnection } from '@duckdb/node-api';
import type * as T from '../../../aws/generated/glue/shapes.js';
import { log } from '../../../core/log.js';
import type { LakeFile, S3Lake } from '../../s3/lake.js';
import { folderOf, parseS3Location } from '../../s3/lake.js';
import type { GlueCatalog } from '../catalog.js';
import type { CatalogScope } from '../store.js';
import { inferFile, Unclassified, type CustomClassifier, type FileSchema } from './infer.js';
import { planTables, tableNameOf, type PlannedTable } from './layout.js';

export interface CrawlCounts {
  tablesCreated: number;
  tablesUpdated: number;
  tablesDeleted: number;
}

export class CrawlCancelled extends Error {
  constructor() {
    super('The crawl was stopped.');
  }
}

export interface CrawlJob {
  catalog: GlueCatalog;
  lake: S3Lake;
  scope: CatalogScope;
  crawler: T.Crawler;
  classifiers: CustomClassifier[];
  /** Polled between files: true once StopCrawler was called. */
  cancelled(): boolean;
}

const TEXT_INPUT = 'org.apache.hadoop.mapred.TextInputFormat';
const TEXT_OUTPUT = 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat';

/** Exclusion globs are relative to the include path: `**` crosses folders, `*` and `?` stay inside one. */
function globRegex(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*' && glob[i + 1] === '*') { re += '.*'; i++; }
    else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '{') re += '(?:';
    else if (c === '}') re += ')';
    else if (c === ',' && re.includes('(?:')) re += '|';
    else re += c.replace(/[.+^$()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

function storageOf(schema: FileSchema, location: string, params: Record<string, string>): T.StorageDescriptor {
  const base = { Columns: schema.columns, Location: location, NumberOfBuckets: -1, BucketColumns: [], SortColumns: [], Parameters: params, StoredAsSubDirectories: false };
  if (schema.classification === 'parquet') {
    return {
      ...base,
      InputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat',
      OutputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat',
      Compressed: false,
      SerdeInfo: { SerializationLibrary: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe', Parameters: { 'serialization.format': '1' } },
    };
  }
  const compressed = schema.compression !== 'none';
  if (schema.classification === 'json') {
    return {
      ...base, InputFormat: TEXT_INPUT, OutputFormat: TEXT_OUTPUT, Compressed: compressed,
      SerdeInfo: { SerializationLibrary: 'org.openx.data.jsonserde.JsonSerDe', Parameters: { paths: schema.columns.map((c) => c.Name).join(',') } },
    };
  }
  const csv = schema.csv!;
  // Quoted values need OpenCSVSerde (LazySimpleSerDe would keep the quotes and split on delimiters inside them).
  const serde: T.SerDeInfo = csv.quoted
    ? { SerializationLibrary: 'org.apache.hadoop.hive.serde2.OpenCSVSerde', Parameters: { separatorChar: csv.delimiter, quoteChar: csv.quote } }
    : { SerializationLibrary: 'org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe', Parameters: { 'field.delim': csv.delimiter } };
  return { ...base, InputFormat: TEXT_INPUT, OutputFormat: TEXT_OUTPUT, Compressed: compressed, SerdeInfo: serde };
}

function paramsOf(schema: FileSchema, files: LakeFile[], crawler: string): Record<string, string> {
  const size = files.reduce((n, f) => n + f.size, 0);
  const p: Record<string, string> = {
    CrawlerSchemaDeserializerVersion: '1.0',
    CrawlerSchemaSerializerVersion: '1.0',
    UPDATED_BY_CRAWLER: crawler,
    averageRecordSize: String(schema.averageRecordSize || (schema.recordCount ? Math.round(size / schema.recordCount) : 0)),
    classification: schema.classification,
    compressionType: schema.compression,
    objectCount: String(files.length),
    recordCount: String(schema.recordCount),
    sizeKey: String(size),
    typeOfData: 'file',
  };
  if (schema.csv) {
    p.areColumnsQuoted = String(schema.csv.quoted);
    p.columnsOrdered = 'true';
    p.delimiter = schema.csv.delimiter;
    if (schema.csv.header) p['skip.header.line.count'] = '1';
  }
  return p;
}

/** What decides whether a crawl changed a table: its shape, not its counts. */
function shapeKey(t: { StorageDescriptor?: T.StorageDescriptor; PartitionKeys?: T.Column[] }): string {
  const sd = t.StorageDescriptor;
  return JSON.stringify([sd?.Columns, sd?.Location, sd?.InputFormat, sd?.SerdeInfo, t.PartitionKeys?.map((k) => k.Name)]);
}

export async function runCrawl(job: CrawlJob): Promise<CrawlCounts> {
  const { catalog, scope, crawler } = job;
  const name = crawler.Name!;
  if (!crawler.DatabaseName) throw new Error('The crawler has no DatabaseName to write its tables to.');
  if (!catalog.findDatabase(scope, crawler.DatabaseName)) catalog.createDatabase(scope, { Name: crawler.DatabaseName });
  let instance: DuckDBInstance | undefined;
  let conn: DuckDBConnection | undefined;
  const custom = job.classifiers;
  const cache = new Map<string, FileSchema | undefined>();
  const schemaOf = async (f: LakeFile): Promise<FileSchema | undefined> => {
    if (job.cancelled()) throw new CrawlCancelled();
    if (cache.has(f.path)) return cache.get(f.path);
    if (!conn) {
      // DuckDB is loaded on the first crawl, not at start-up (it costs ~35 MB and ~130 ms).
      const { DuckDBInstance: Instance } = await import('@duckdb/node-api');
      instance = await Instance.create(':memory:', { threads: '1' });
      conn = await instance.connect();
    }
    let s: FileSchema | undefined;
    try {
      s = await inferFile(conn, f, custom);
    } catch (err) {
      if (!(err instanceof Unclassified)) throw err;
      log.info('crawler skipped a file', { crawler: name, key: f.key, reason: err.message });
    }
    cache.set(f.path, s);
    return s;
  };
  const planned: PlannedTable[] = [];
  try {
    for (const target of crawler.Targets?.S3Targets ?? []) {
      if (!target.Path) continue;
      const loc = folderOf(parseS3Location(target.Path));
      if (!job.lake.bucketExists(loc.bucket)) {
        log.info('crawler target bucket does not exist', { crawler: name, path: target.Path });
        continue;
      }
      const excluded = (target.Exclusions ?? []).map(globRegex);
      const files = job.lake.listFiles(loc).filter((f) => !excluded.some((re) => re.test(f.key.slice(loc.prefix.length))));
      const rootName = loc.prefix ? loc.prefix.split('/').filter(Boolean).pop()! : loc.bucket;
      planned.push(...await planTables(loc.bucket, loc.prefix, rootName, files, schemaOf));
    }
  } finally {
    conn?.closeSync();
    instance?.closeSync();
  }
  if (job.cancelled()) throw new CrawlCancelled();
  return applyPlan(job, planned);
}

function applyPlan(job: CrawlJob, planned: PlannedTable[]): CrawlCounts {
  const { catalog, scope, crawler } = job;
  const name = crawler.Name!;
  const db = crawler.DatabaseName!;
  const update = (crawler.SchemaChangePolicy?.UpdateBehavior ?? 'UPDATE_IN_DATABASE') === 'UPDATE_IN_DATABASE';
  const deletion = crawler.SchemaChangePolicy?.DeleteBehavior ?? 'DEPRECATE_IN_DATABASE';
  const newFoldersOnly = crawler.RecrawlPolicy?.RecrawlBehavior === 'CRAWL_NEW_FOLDERS_ONLY';
  const counts: CrawlCounts = { tablesCreated: 0, tablesUpdated: 0, tablesDeleted: 0 };
  const seen = new Set<string>();
  return catalog.store.transaction(() => {
    for (const plan of planned) {
      const tableName = tableNameOf(`${crawler.TablePrefix ?? ''}${plan.name}`);
      if (seen.has(tableName)) continue;
      seen.add(tableName);
      const params = paramsOf(plan.schema, plan.files, name);
      const input: T.TableInput = {
        Name: tableName,
        Owner: 'owner',
        Retention: 0,
        StorageDescriptor: storageOf(plan.schema, plan.location, params),
        PartitionKeys: plan.partitionKeys.map((k) => ({ Name: k, Type: 'string' })),
        TableType: 'EXTERNAL_TABLE',
        Parameters: params,
      };
      const existing = catalog.findTable(scope, db, tableName);
      if (!existing) {
        catalog.createTable(scope, db, input, { createdBy: crawler.Role });
        counts.tablesCreated++;
      } else if (update && !newFoldersOnly && (shapeKey(existing) !== shapeKey(input) || existing.Parameters?.DEPRECATED_BY_CRAWLER)) {
        catalog.updateTable(scope, db, input);
        counts.tablesUpdated++;
      }
      const table = catalog.getTable(scope, db, tableName);
      const have = new Map(catalog.getPartitions(scope, db, tableName).partitions.map((p) => [JSON.stringify(p.Values), p]));
      const fresh: T.PartitionInput[] = [];
      const wanted = new Set<string>();
      for (const p of plan.partitions) {
        const key = JSON.stringify(p.values);
        wanted.add(key);
        const sd = { ...table.StorageDescriptor!, Location: p.location, Parameters: { ...params, objectCount: String(p.files.length) } };
        const old = have.get(key);
        if (!old) fresh.push({ Values: p.values, StorageDescriptor: sd, Parameters: sd.Parameters });
        else if (update && !newFoldersOnly && shapeKey(old) !== shapeKey({ StorageDescriptor: sd })) {
          catalog.updatePartition(scope, db, tableName, p.values, { Values: p.values, StorageDescriptor: sd, Parameters: sd.Parameters });
        }
      }
      if (fresh.length) catalog.batchCreatePartitions(scope, db, tableName, fresh);
      if (deletion === 'DELETE_FROM_DATABASE' && !newFoldersOnly) {
        const gone = [...have.keys()].filter((k) => !wanted.has(k)).map((k) => JSON.parse(k) as string[]);
        if (gone.length) catalog.batchDeletePartitions(scope, db, tableName, gone);
      }
    }
    // Tables this crawler made earlier whose data is gone.
    if (!newFoldersOnly && deletion !== 'LOG') {
      for (const t of catalog.getTables(scope, db)) {
        if (seen.has(t.Name) || t.Parameters?.UPDATED_BY_CRAWLER !== name) continue;
        if (deletion === 'DELETE_FROM_DATABASE') {
          catalog.deleteTable(scope, db, t.Name);
          counts.tablesDeleted++;
        } else if (!t.Parameters.DEPRECATED_BY_CRAWLER) {
          const { DatabaseName: _d, CreateTime: _c, UpdateTime: _u, CreatedBy: _b, IsRegisteredWithLakeFormation: _l, CatalogId: _i, VersionId: _v, ...rest } = t;
          catalog.updateTable(scope, db, { ...rest, ViewDefinition: undefined, Parameters: { ...t.Parameters, DEPRECATED_BY_CRAWLER: name } } as T.TableInput);
          counts.tablesDeleted++;
        }
      }
    }
    return counts;
  });
}
