// The engine's catalog over Glue's in-process catalog API (Athena's AwsDataCatalog is the account's Glue
// catalog). Glue's errors pass through unchanged; the engine turns the ones a statement can cause
// (no such database/table) into Athena's wording where it calls.
import type { GlueCatalog } from '../services/glue/catalog.js';
import type { CatalogScope, Database, DatabaseInput, EngineCatalog, Partition, PartitionInput, Table, TableInput } from './catalog.js';

export class GlueEngineCatalog implements EngineCatalog {
  constructor(private readonly glue: GlueCatalog) {}

  async getDatabase(s: CatalogScope, name: string): Promise<Database | undefined> {
    return this.glue.findDatabase(s, name);
  }

  async listDatabases(s: CatalogScope): Promise<Database[]> {
    return this.glue.getDatabases(s);
  }

  async createDatabase(s: CatalogScope, input: DatabaseInput): Promise<void> {
    this.glue.createDatabase(s, input);
  }

  async deleteDatabase(s: CatalogScope, name: string): Promise<void> {
    this.glue.deleteDatabase(s, name);
  }

  async getTable(s: CatalogScope, database: string, name: string): Promise<Table | undefined> {
    return this.glue.findTable(s, database, name);
  }

  async listTables(s: CatalogScope, database: string): Promise<Table[]> {
    return this.glue.getTables(s, database);
  }

  async createTable(s: CatalogScope, database: string, input: TableInput): Promise<void> {
    this.glue.createTable(s, database, input);
  }

  async updateTable(s: CatalogScope, database: string, input: TableInput): Promise<void> {
    this.glue.updateTable(s, database, input);
  }

  async deleteTable(s: CatalogScope, database: string, name: string): Promise<void> {
    this.glue.deleteTable(s, database, name);
  }

  async getPartitions(s: CatalogScope, database: string, table: string, expression?: string): Promise<Partition[]> {
    return this.glue.getPartitions(s, database, table, { expression }).partitions;
  }

  async createPartitions(s: CatalogScope, database: string, table: string, inputs: PartitionInput[]): Promise<{ existing: string[][] }> {
    const errors = this.glue.batchCreatePartitions(s, database, table, inputs);
    return { existing: errors.filter((e) => e.ErrorDetail?.ErrorCode === 'AlreadyExistsException').map((e) => e.PartitionValues ?? []) };
  }

  async deletePartitions(s: CatalogScope, database: string, table: string, values: string[][]): Promise<void> {
    this.glue.batchDeletePartitions(s, database, table, values);
  }
}
