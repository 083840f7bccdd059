// What the engine needs from a metastore, in the Glue Data Catalog's own shapes: Athena's AwsDataCatalog is
// Glue, EMR's Hive metastore will be too. Glue's in-process catalog (src/services/glue/catalog.ts) is adapted
// to it in src/engine/glue-catalog.ts; a Trino deployment would implement it over a Hive metastore.
import type { Database, DatabaseInput, Partition, PartitionInput, Table, TableInput } from '../aws/generated/glue/shapes.js';

export type { Database, DatabaseInput, Partition, PartitionInput, Table, TableInput };

/** Account and region partition every catalog, as in AWS. */
export interface CatalogScope {
  accountId: string;
  region: string;
}

export interface EngineCatalog {
  getDatabase(scope: CatalogScope, name: string): Promise<Database | undefined>;
  listDatabases(scope: CatalogScope): Promise<Database[]>;
  createDatabase(scope: CatalogScope, input: DatabaseInput): Promise<void>;
  deleteDatabase(scope: CatalogScope, name: string): Promise<void>;
  getTable(scope: CatalogScope, database: string, name: string): Promise<Table | undefined>;
  listTables(scope: CatalogScope, database: string): Promise<Table[]>;
  createTable(scope: CatalogScope, database: string, input: TableInput): Promise<void>;
  updateTable(scope: CatalogScope, database: string, input: TableInput): Promise<void>;
  deleteTable(scope: CatalogScope, database: string, name: string): Promise<void>;
  /** Partitions of a table, optionally filtered by a Glue partition expression (`year = '2024' AND …`). */
  getPartitions(scope: CatalogScope, database: string, table: string, expression?: string): Promise<Partition[]>;
  /** Adds partitions; ones that already exist are left alone and reported back. */
  createPartitions(scope: CatalogScope, database: string, table: string, inputs: PartitionInput[]): Promise<{ existing: string[][] }>;
  deletePartitions(scope: CatalogScope, database: string, table: string, values: string[][]): Promise<void>;
}
