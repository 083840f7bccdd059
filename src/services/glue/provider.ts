// Glue: the Data Catalog (databases, tables with versions, partitions with Glue's expression language, column
// statistics, user-defined functions, tags) and crawlers that really crawl the local S3 with DuckDB, with
// CSV and JSON classifiers.
// Not yet: ETL jobs, triggers, workflows, sessions, dev endpoints, connections, the schema registry, data
// quality, ML transforms, Lake Formation governed tables and open table formats (Iceberg), grok and XML
// classifiers, and crawler schedules firing on time (schedules are validated and stored). Those operations
// answer NotImplemented; unsupported members of supported operations are refused by name.
import type { GlueService } from '../../aws/generated/glue/service.js';
import type { ServiceDeps } from '../../aws/service-definition.js';
import { glueCatalogFor } from './catalog.js';
import { databaseOperations } from './databases.js';
import { tableOperations } from './tables.js';
import { partitionOperations } from './partitions.js';
import { statisticsOperations } from './statistics.js';
import { functionOperations } from './functions.js';
import { tagOperations } from './tags.js';
import { S3Lake } from '../s3/lake.js';
import { crawlerOperations } from './crawler/crawlers.js';
import { classifierOperations } from './crawler/classifiers.js';

export type GlueProvider = Partial<GlueService>;

export function createGlueProvider(deps: ServiceDeps): GlueProvider {
  const catalog = glueCatalogFor(deps.db, deps.clock);
  return {
    ...databaseOperations(catalog),
    ...tableOperations(catalog),
    ...partitionOperations(catalog),
    ...statisticsOperations(catalog),
    ...functionOperations(catalog),
    ...tagOperations(catalog),
    ...crawlerOperations(catalog, new S3Lake(deps.db, deps.blobs, deps.clock), deps.clock),
    ...classifierOperations(catalog.store),
  };
}
