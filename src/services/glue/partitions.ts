// Partitions: CreatePartition, BatchCreatePartition (per-entry Errors), GetPartition, GetPartitions (Expression,
// Segment, NextToken/MaxResults), BatchGetPartition, UpdatePartition, BatchUpdatePartition, DeletePartition,
// BatchDeletePartition. The rules are the catalog's; this file maps the wire shapes onto it.
import type { GlueService } from '../../aws/generated/glue/service.js';
import type * as T from '../../aws/generated/glue/shapes.js';
import { InvalidInputException } from '../../aws/generated/glue/errors.js';
import type { GlueCatalog } from './catalog.js';
import { errorDetail, scopeOf } from './common.js';

type Ops = Pick<
  GlueService,
  | 'createPartition' | 'batchCreatePartition' | 'getPartition' | 'getPartitions' | 'batchGetPartition' | 'updatePartition'
  | 'batchUpdatePartition' | 'deletePartition' | 'batchDeletePartition'
>;

export function partitionOperations(catalog: GlueCatalog): Ops {
  return {
    async createPartition(ctx, input) {
      catalog.createPartition(scopeOf(ctx, input.CatalogId), input.DatabaseName, input.TableName, input.PartitionInput);
      return {};
    },

    async batchCreatePartition(ctx, input) {
      const errors = catalog.batchCreatePartitions(scopeOf(ctx, input.CatalogId), input.DatabaseName, input.TableName, input.PartitionInputList);
      return { Errors: errors };
    },

    async getPartition(ctx, input) {
      return { Partition: catalog.getPartition(scopeOf(ctx, input.CatalogId), input.DatabaseName, input.TableName, input.PartitionValues) };
    },

    async getPartitions(ctx, input) {
      if (input.TransactionId !== undefined || input.QueryAsOfTime !== undefined) {
        throw new InvalidInputException(`${input.TransactionId !== undefined ? 'TransactionId' : 'QueryAsOfTime'} is not supported by Lakestack yet.`);
      }
      const page = catalog.getPartitions(scopeOf(ctx, input.CatalogId), input.DatabaseName, input.TableName, {
        expression: input.Expression,
        segment: input.Segment,
        // Glue pages GetPartitions even when MaxResults is not given.
        maxResults: input.MaxResults ?? 1000,
        nextToken: input.NextToken,
        excludeColumnSchema: input.ExcludeColumnSchema ?? false,
      });
      return { Partitions: page.partitions, NextToken: page.nextToken };
    },

    async batchGetPartition(ctx, input) {
      const s = scopeOf(ctx, input.CatalogId);
      const t = catalog.getTable(s, input.DatabaseName, input.TableName);
      const partitions: T.Partition[] = [];
      for (const v of input.PartitionsToGet) {
        const p = catalog.findPartition(s, t.DatabaseName!, t.Name, v.Values);
        if (p) partitions.push(p);
      }
      // Partitions that do not exist are left out; UnprocessedKeys is for keys Glue did not get to.
      return { Partitions: partitions, UnprocessedKeys: [] };
    },

    async updatePartition(ctx, input) {
      catalog.updatePartition(scopeOf(ctx, input.CatalogId), input.DatabaseName, input.TableName, input.PartitionValueList, input.PartitionInput);
      return {};
    },

    async batchUpdatePartition(ctx, input) {
      const s = scopeOf(ctx, input.CatalogId);
      catalog.getTable(s, input.DatabaseName, input.TableName);
      const errors: T.BatchUpdatePartitionFailureEntry[] = [];
      for (const e of input.Entries) {
        try {
          catalog.updatePartition(s, input.DatabaseName, input.TableName, e.PartitionValueList, e.PartitionInput);
        } catch (err) {
          errors.push({ PartitionValueList: e.PartitionValueList, ErrorDetail: errorDetail(err) });
        }
      }
      return { Errors: errors };
    },

    async deletePartition(ctx, input) {
      catalog.deletePartition(scopeOf(ctx, input.CatalogId), input.DatabaseName, input.TableName, input.PartitionValues);
      return {};
    },

    async batchDeletePartition(ctx, input) {
      const errors = catalog.batchDeletePartitions(
        scopeOf(ctx, input.CatalogId), input.DatabaseName, input.TableName, input.PartitionsToDelete.map((v) => v.Values),
      );
      return { Errors: errors };
    },
  };
}
