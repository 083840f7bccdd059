// Tables: CreateTable, GetTable, GetTables (name pattern, paging), UpdateTable (keeping versions), table
// versions, DeleteTable and BatchDeleteTable (cascading partitions), SearchTables.
// Not yet: governed tables (TransactionId, QueryAsOfTime), open table formats (OpenTableFormatInput) and
// partition indexes; each is refused by name.
import type { GlueService } from '../../aws/generated/glue/service.js';
import type * as T from '../../aws/generated/glue/shapes.js';
import { InvalidInputException } from '../../aws/generated/glue/errors.js';
import type { GlueCatalog } from './catalog.js';
import { errorDetail, page, scopeOf, tableArn } from './common.js';

type Ops = Pick<
  GlueService,
  | 'createTable' | 'getTable' | 'getTables' | 'updateTable' | 'deleteTable' | 'batchDeleteTable' | 'getTableVersion'
  | 'getTableVersions' | 'deleteTableVersion' | 'batchDeleteTableVersion' | 'searchTables'
>;

function refuseUnsupported(input: { TransactionId?: string; OpenTableFormatInput?: unknown; PartitionIndexes?: unknown[]; QueryAsOfTime?: Date }): void {
  for (const [field, value] of Object.entries({
    TransactionId: input.TransactionId,
    OpenTableFormatInput: input.OpenTableFormatInput,
    PartitionIndexes: input.PartitionIndexes?.length ? input.PartitionIndexes : undefined,
    QueryAsOfTime: input.QueryAsOfTime,
  })) {
    if (value !== undefined) throw new InvalidInputException(`${field} is not supported by Lakestack yet.`);
  }
}

/** The name a request means: the TableInput's, or the request's own Name when the input has none. */
function tableInputOf(input: { Name?: string; TableInput?: T.TableInput }): T.TableInput {
  if (input.TableInput) return input.TableInput;
  if (input.Name) return { Name: input.Name };
  throw new InvalidInputException('TableInput is required.');
}

/** SearchTables' fields: a table's own members, else its Parameters. */
function fieldOf(t: T.Table, key: string): string | undefined {
  const own = (t as unknown as Record<string, unknown>)[key];
  if (typeof own === 'string') return own;
  if (own instanceof Date) return String(own.getTime());
  return t.Parameters?.[key];
}

function matchesPredicate(t: T.Table, p: T.PropertyPredicate): boolean {
  if (!p.Key) return true;
  const v = fieldOf(t, p.Key);
  if (v === undefined) return false;
  const want = p.Value ?? '';
  const cmp = Number.isFinite(Number(v)) && Number.isFinite(Number(want)) && want !== '' ? Number(v) - Number(want) : v.localeCompare(want);
  switch (p.Comparator ?? 'EQUALS') {
    case 'EQUALS': return p.Key === 'Name' || p.Key === 'Description' ? v.toLowerCase().includes(want.toLowerCase()) : cmp === 0;
    case 'GREATER_THAN': return cmp > 0;
    case 'LESS_THAN': return cmp < 0;
    case 'GREATER_THAN_EQUALS': return cmp >= 0;
    case 'LESS_THAN_EQUALS': return cmp <= 0;
  }
  return false;
}

/** SearchText looks through the names, descriptions, parameters and column names of a table. */
function matchesText(t: T.Table, text: string): boolean {
  const needle = text.toLowerCase();
  const hay = [t.Name, t.DatabaseName, t.Description, ...Object.values(t.Parameters ?? {}), ...(t.StorageDescriptor?.Columns ?? []).map((c) => c.Name), ...(t.PartitionKeys ?? []).map((c) => c.Name)];
  return hay.some((h) => h?.toLowerCase().includes(needle));
}

export function tableOperations(catalog: GlueCatalog): Ops {
  return {
    async createTable(ctx, input) {
      refuseUnsupported(input);
      const s = scopeOf(ctx, input.CatalogId);
      catalog.createTable(s, input.DatabaseName, tableInputOf(input), { createdBy: ctx.principal.arn });
      return {};
    },

    async getTable(ctx, input) {
      refuseUnsupported(input);
      return { Table: catalog.getTable(scopeOf(ctx, input.CatalogId), input.DatabaseName, input.Name) };
    },

    async getTables(ctx, input) {
      refuseUnsupported(input);
      const all = catalog.getTables(scopeOf(ctx, input.CatalogId), input.DatabaseName, input.Expression);
      const p = page(all, input.NextToken, input.MaxResults, 100);
      const attrs = input.AttributesToGet;
      const items = attrs?.length ? p.items.map((t) => ({ Name: t.Name, ...(attrs.includes('TABLE_TYPE') ? { TableType: t.TableType } : {}) })) : p.items;
      return { TableList: items, NextToken: p.nextToken };
    },

    async updateTable(ctx, input) {
      refuseUnsupported(input);
      if (input.ViewUpdateAction || input.UpdateOpenTableFormatInput) {
        throw new InvalidInputException(`${input.ViewUpdateAction ? 'ViewUpdateAction' : 'UpdateOpenTableFormatInput'} is not supported by Lakestack yet.`);
      }
      const s = scopeOf(ctx, input.CatalogId);
      catalog.updateTable(s, input.DatabaseName, tableInputOf(input), { skipArchive: input.SkipArchive ?? false, versionId: input.VersionId });
      return {};
    },

    async deleteTable(ctx, input) {
      refuseUnsupported(input);
      const s = scopeOf(ctx, input.CatalogId);
      catalog.deleteTable(s, input.DatabaseName, input.Name);
      catalog.store.setTags(tableArn(s, input.DatabaseName, input.Name), {});
      return {};
    },

    async batchDeleteTable(ctx, input) {
      refuseUnsupported(input);
      const s = scopeOf(ctx, input.CatalogId);
      catalog.getDatabase(s, input.DatabaseName);
      const errors: T.TableError[] = [];
      for (const name of input.TablesToDelete) {
        try {
          catalog.deleteTable(s, input.DatabaseName, name);
          catalog.store.setTags(tableArn(s, input.DatabaseName, name), {});
        } catch (err) {
          errors.push({ TableName: name, ErrorDetail: errorDetail(err) });
        }
      }
      return { Errors: errors };
    },

    async getTableVersion(ctx, input) {
      return { TableVersion: catalog.getTableVersion(scopeOf(ctx, input.CatalogId), input.DatabaseName, input.TableName, input.VersionId) };
    },

    async getTableVersions(ctx, input) {
      const all = catalog.getTableVersions(scopeOf(ctx, input.CatalogId), input.DatabaseName, input.TableName);
      const p = page(all, input.NextToken, input.MaxResults, 100);
      return { TableVersions: p.items, NextToken: p.nextToken };
    },

    async deleteTableVersion(ctx, input) {
      catalog.deleteTableVersion(scopeOf(ctx, input.CatalogId), input.DatabaseName, input.TableName, input.VersionId);
      return {};
    },

    async batchDeleteTableVersion(ctx, input) {
      const s = scopeOf(ctx, input.CatalogId);
      const t = catalog.getTable(s, input.DatabaseName, input.TableName);
      const errors: T.TableVersionError[] = [];
      for (const v of input.VersionIds) {
        try {
          catalog.deleteTableVersion(s, input.DatabaseName, t.Name, v);
        } catch (err) {
          errors.push({ TableName: t.Name, VersionId: v, ErrorDetail: errorDetail(err) });
        }
      }
      return { Errors: errors };
    },

    async searchTables(ctx, input) {
      if (input.ResourceShareType === 'FOREIGN') return { TableList: [] };
      let tables = catalog.allTables(scopeOf(ctx, input.CatalogId));
      if (input.SearchText) tables = tables.filter((t) => matchesText(t, input.SearchText!));
      for (const f of input.Filters ?? []) tables = tables.filter((t) => matchesPredicate(t, f));
      const sort = input.SortCriteria?.[0];
      if (sort?.FieldName) {
        const dir = sort.Sort === 'DESC' ? -1 : 1;
        tables.sort((a, b) => dir * (fieldOf(a, sort.FieldName!) ?? '').localeCompare(fieldOf(b, sort.FieldName!) ?? ''));
      }
      const p = page(tables, input.NextToken, input.MaxResults, 1000);
      return { TableList: p.items, NextToken: p.nextToken };
    },
  };
}

