// Databases: CreateDatabase (with tags), GetDatabase(s) paged, UpdateDatabase, DeleteDatabase cascading to its
// tables, partitions, versions, statistics and functions.
import type { GlueService } from '../../aws/generated/glue/service.js';
import { InvalidInputException } from '../../aws/generated/glue/errors.js';
import type { GlueCatalog } from './catalog.js';
import { databaseArn, page, scopeOf } from './common.js';

type Ops = Pick<GlueService, 'createDatabase' | 'getDatabase' | 'getDatabases' | 'updateDatabase' | 'deleteDatabase'>;

export function databaseOperations(catalog: GlueCatalog): Ops {
  return {
    async createDatabase(ctx, input) {
      if (input.DatabaseInput.TargetDatabase || input.DatabaseInput.FederatedDatabase) {
        throw new InvalidInputException('Resource-link and federated databases are not supported by Lakestack yet (TargetDatabase, FederatedDatabase).');
      }
      const s = scopeOf(ctx, input.CatalogId);
      const db = catalog.createDatabase(s, input.DatabaseInput);
      if (input.Tags && Object.keys(input.Tags).length) catalog.store.setTags(databaseArn(s, db.Name), input.Tags);
      return {};
    },

    async getDatabase(ctx, input) {
      return { Database: catalog.getDatabase(scopeOf(ctx, input.CatalogId), input.Name) };
    },

    async getDatabases(ctx, input) {
      if (input.ResourceShareType === 'FOREIGN') return { DatabaseList: [] };
      const all = catalog.getDatabases(scopeOf(ctx, input.CatalogId));
      const p = page(all, input.NextToken, input.MaxResults, 100);
      // AttributesToGet: ["NAME"] asks for the names alone.
      const onlyNames = input.AttributesToGet?.length === 1 && input.AttributesToGet[0] === 'NAME';
      return { DatabaseList: onlyNames ? p.items.map((d) => ({ Name: d.Name })) : p.items, NextToken: p.nextToken };
    },

    async updateDatabase(ctx, input) {
      const s = scopeOf(ctx, input.CatalogId);
      const db = catalog.getDatabase(s, input.Name);
      catalog.updateDatabase(s, db.Name, input.DatabaseInput);
      return {};
    },

    async deleteDatabase(ctx, input) {
      const s = scopeOf(ctx, input.CatalogId);
      catalog.deleteDatabase(s, input.Name);
      catalog.store.setTags(databaseArn(s, input.Name), {});
      return {};
    },
  };
}
