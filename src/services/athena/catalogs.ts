// Data catalogs and the metadata Athena reads from them. `AwsDataCatalog` is the account's Glue Data Catalog in
// this region and always exists; other catalogs can be registered (and are listed), but only AwsDataCatalog
// can be queried for now.
import type { RequestContext } from '../../aws/context.js';
import { InvalidRequestException, MetadataException } from '../../aws/generated/athena/errors.js';
import type * as T from '../../aws/generated/athena/shapes.js';
import type * as G from '../../aws/generated/glue/shapes.js';
import type { GlueCatalog } from '../glue/catalog.js';
import type { AthenaStore } from './store.js';
import { scopeOf } from './workgroups.js';

const AWS_DATA_CATALOG = 'AwsDataCatalog';

function pageOf<V>(items: V[], token: string | undefined, max: number): { page: V[]; next?: string } {
  const start = token ? Number(Buffer.from(token, 'base64').toString()) || 0 : 0;
  const page = items.slice(start, start + max);
  return { page, next: start + max < items.length ? Buffer.from(String(start + max)).toString('base64') : undefined };
}

function tableMetadata(t: G.Table): T.TableMetadata {
  return {
    Name: t.Name,
    CreateTime: t.CreateTime,
    LastAccessTime: t.LastAccessTime,
    TableType: t.TableType,
    Columns: (t.StorageDescriptor?.Columns ?? []).map((c) => ({ Name: c.Name, Type: c.Type, Comment: c.Comment })),
    PartitionKeys: (t.PartitionKeys ?? []).map((c) => ({ Name: c.Name, Type: c.Type, Comment: c.Comment })),
    Parameters: {
      ...(t.Parameters ?? {}),
      ...(t.StorageDescriptor?.Location ? { location: t.StorageDescriptor.Location } : {}),
      ...(t.StorageDescriptor?.InputFormat ? { inputformat: t.StorageDescriptor.InputFormat } : {}),
      ...(t.StorageDescriptor?.OutputFormat ? { outputformat: t.StorageDescriptor.OutputFormat } : {}),
      ...(t.StorageDescriptor?.SerdeInfo?.SerializationLibrary ? { 'serde.serialization.lib': t.StorageDescriptor.SerdeInfo.SerializationLibrary } : {}),
      ...Object.fromEntries(Object.entries(t.StorageDescriptor?.SerdeInfo?.Parameters ?? {}).map(([k, v]) => [`serde.param.${k}`, v])),
    },
  };
}

/** `sales*|orders`: Athena's table name expression, a regular-expression-like pattern with `*` wildcards. */
function nameFilter(expression: string | undefined): (name: string) => boolean {
  if (!expression) return () => true;
  const re = new RegExp(`^(?:${expression.split('|').map((p) => p.trim().replace(/[.+?^${}()[\]\\]/g, '\\$&').replace(/\*/g, '.*')).join('|')})$`, 'i');
  return (n) => re.test(n);
}

export function catalogOperations(store: AthenaStore, glue: GlueCatalog) {
  const requireCatalog = (ctx: RequestContext, name: string): void => {
    if (name.toLowerCase() === AWS_DATA_CATALOG.toLowerCase()) return;
    if (store.dataCatalog(scopeOf(ctx), name)) throw new InvalidRequestException(`Catalog ${name} cannot be read by Lakestack yet; only AwsDataCatalog can.`, { AthenaErrorCode: 'INVALID_INPUT' });
    throw new MetadataException(`Catalog ${name} was not found.`);
  };
  const requireDatabase = (ctx: RequestContext, name: string): G.Database => {
    const db = glue.findDatabase(scopeOf(ctx), name);
    if (!db) throw new MetadataException(`Namespace ${name} not found. Please check your query.`);
    return db;
  };

  return {
    async listDataCatalogs(ctx: RequestContext, input: T.ListDataCatalogsInput): Promise<T.ListDataCatalogsOutput> {
      const all: T.DataCatalogSummary[] = [{ CatalogName: AWS_DATA_CATALOG, Type: 'GLUE', Status: 'CREATE_COMPLETE' },
        ...store.dataCatalogs(scopeOf(ctx)).map((c) => ({ CatalogName: c.Name, Type: c.Type, Status: 'CREATE_COMPLETE' as const }))];
      const { page, next } = pageOf(all, input.NextToken, input.MaxResults ?? 50);
      return { DataCatalogsSummary: page, NextToken: next };
    },
    async getDataCatalog(ctx: RequestContext, input: T.GetDataCatalogInput): Promise<T.GetDataCatalogOutput> {
      if (input.Name.toLowerCase() === AWS_DATA_CATALOG.toLowerCase()) {
        return { DataCatalog: { Name: AWS_DATA_CATALOG, Description: 'AWS Glue Data Catalog', Type: 'GLUE', Parameters: { 'catalog-id': ctx.accountId }, Status: 'CREATE_COMPLETE' } };
      }
      const c = store.dataCatalog(scopeOf(ctx), input.Name);
      if (!c) throw new InvalidRequestException(`Catalog ${input.Name} was not found.`, { AthenaErrorCode: 'INVALID_INPUT' });
      return { DataCatalog: c };
    },
    async createDataCatalog(ctx: RequestContext, input: T.CreateDataCatalogInput): Promise<T.CreateDataCatalogOutput> {
      if (input.Name.toLowerCase() === AWS_DATA_CATALOG.toLowerCase() || store.dataCatalog(scopeOf(ctx), input.Name)) {
        throw new InvalidRequestException(`Catalog ${input.Name} already exists.`, { AthenaErrorCode: 'INVALID_INPUT' });
      }
      const c: T.DataCatalog = { Name: input.Name, Type: input.Type, Description: input.Description, Parameters: input.Parameters, Status: 'CREATE_COMPLETE' };
      store.putDataCatalog(scopeOf(ctx), c);
      return { DataCatalog: c };
    },
    async deleteDataCatalog(ctx: RequestContext, input: T.DeleteDataCatalogInput): Promise<T.DeleteDataCatalogOutput> {
      const c = store.dataCatalog(scopeOf(ctx), input.Name);
      if (!c) throw new InvalidRequestException(`Catalog ${input.Name} was not found.`, { AthenaErrorCode: 'INVALID_INPUT' });
      store.deleteDataCatalog(scopeOf(ctx), input.Name);
      return { DataCatalog: { ...c, Status: 'DELETE_COMPLETE' } };
    },

    async listDatabases(ctx: RequestContext, input: T.ListDatabasesInput): Promise<T.ListDatabasesOutput> {
      requireCatalog(ctx, input.CatalogName);
      const all = glue.getDatabases(scopeOf(ctx)).map((d) => ({ Name: d.Name, Description: d.Description, Parameters: d.Parameters }));
      const { page, next } = pageOf(all, input.NextToken, input.MaxResults ?? 50);
      return { DatabaseList: page, NextToken: next };
    },
    async getDatabase(ctx: RequestContext, input: T.GetDatabaseInput): Promise<T.GetDatabaseOutput> {
      requireCatalog(ctx, input.CatalogName);
      const d = requireDatabase(ctx, input.DatabaseName);
      return { Database: { Name: d.Name, Description: d.Description, Parameters: d.Parameters } };
    },
    async listTableMetadata(ctx: RequestContext, input: T.ListTableMetadataInput): Promise<T.ListTableMetadataOutput> {
      requireCatalog(ctx, input.CatalogName);
      const db = requireDatabase(ctx, input.DatabaseName);
      const match = nameFilter(input.Expression);
      const all = glue.getTables(scopeOf(ctx), db.Name).filter((t) => match(t.Name)).map(tableMetadata);
      const { page, next } = pageOf(all, input.NextToken, input.MaxResults ?? 50);
      return { TableMetadataList: page, NextToken: next };
    },
    async getTableMetadata(ctx: RequestContext, input: T.GetTableMetadataInput): Promise<T.GetTableMetadataOutput> {
      requireCatalog(ctx, input.CatalogName);
      const db = requireDatabase(ctx, input.DatabaseName);
      const t = glue.findTable(scopeOf(ctx), db.Name, input.TableName);
      if (!t) throw new MetadataException(`Table ${input.TableName} not found.`);
      return { TableMetadata: tableMetadata(t) };
    },
  };
}
