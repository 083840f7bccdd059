// Column statistics of tables and partitions, stored as given and returned as Glue returns them:
// Update/Get/DeleteColumnStatisticsForTable and …ForPartition. A statistic names a column of the table.
// Not yet: computing statistics (StartColumnStatisticsTaskRun); only what a client puts is kept.
import type { GlueService } from '../../aws/generated/glue/service.js';
import type * as T from '../../aws/generated/glue/shapes.js';
import { EntityNotFoundException, InvalidInputException } from '../../aws/generated/glue/errors.js';
import type { GlueCatalog } from './catalog.js';
import { scopeOf } from './common.js';
import { valuesKey, type CatalogScope } from './store.js';

type Ops = Pick<
  GlueService,
  | 'updateColumnStatisticsForTable' | 'getColumnStatisticsForTable' | 'deleteColumnStatisticsForTable'
  | 'updateColumnStatisticsForPartition' | 'getColumnStatisticsForPartition' | 'deleteColumnStatisticsForPartition'
>;

interface Target {
  s: CatalogScope;
  table: T.Table;
  /** '' for the table, the partition's values key otherwise. */
  key: string;
}

function revive(doc: string): T.ColumnStatistics {
  const st = JSON.parse(doc) as T.ColumnStatistics & { AnalyzedTime: Date | string };
  st.AnalyzedTime = new Date(st.AnalyzedTime);
  return st;
}

export function statisticsOperations(catalog: GlueCatalog): Ops {
  const target = (s: CatalogScope, db: string, table: string, values?: string[]): Target => {
    const t = catalog.getTable(s, db, table);
    if (values) catalog.getPartition(s, db, table, values);
    return { s, table: t, key: values ? valuesKey(values) : '' };
  };

  const columnsOf = (t: T.Table): Set<string> =>
    new Set([...(t.StorageDescriptor?.Columns ?? []), ...(t.PartitionKeys ?? [])].map((c) => c.Name.toLowerCase()));

  const update = (tg: Target, list: T.ColumnStatistics[]): T.ColumnStatisticsError[] => {
    const known = columnsOf(tg.table);
    const errors: T.ColumnStatisticsError[] = [];
    for (const st of list) {
      const name = st.ColumnName.toLowerCase();
      if (!known.has(name)) {
        errors.push({ ColumnStatistics: st, Error: { ErrorCode: 'EntityNotFoundException', ErrorMessage: `Column ${st.ColumnName} not found.` } });
        continue;
      }
      catalog.store.putColumnStats(tg.s, tg.table.DatabaseName!, tg.table.Name, tg.key, name, JSON.stringify(st));
    }
    return errors;
  };

  const get = (tg: Target, names: string[]): T.GetColumnStatisticsForTableResponse => {
    const found: T.ColumnStatistics[] = [];
    const errors: T.ColumnError[] = [];
    for (const n of names) {
      const doc = catalog.store.columnStats(tg.s, tg.table.DatabaseName!, tg.table.Name, tg.key, n.toLowerCase());
      if (doc) found.push(revive(doc));
      else errors.push({ ColumnName: n, Error: { ErrorCode: 'EntityNotFoundException', ErrorMessage: `Column statistics for ${n} not found.` } });
    }
    return { ColumnStatisticsList: found, Errors: errors };
  };

  const remove = (tg: Target, column: string): void => {
    if (!catalog.store.deleteColumnStats(tg.s, tg.table.DatabaseName!, tg.table.Name, tg.key, column.toLowerCase())) {
      throw new EntityNotFoundException(`Column statistics for ${column} not found.`);
    }
  };

  const checkCount = (list: unknown[]): void => {
    if (list.length === 0) throw new InvalidInputException('ColumnStatisticsList must not be empty.');
  };

  return {
    async updateColumnStatisticsForTable(ctx, input) {
      checkCount(input.ColumnStatisticsList);
      return { Errors: update(target(scopeOf(ctx, input.CatalogId), input.DatabaseName, input.TableName), input.ColumnStatisticsList) };
    },
    async getColumnStatisticsForTable(ctx, input) {
      return get(target(scopeOf(ctx, input.CatalogId), input.DatabaseName, input.TableName), input.ColumnNames);
    },
    async deleteColumnStatisticsForTable(ctx, input) {
      remove(target(scopeOf(ctx, input.CatalogId), input.DatabaseName, input.TableName), input.ColumnName);
      return {};
    },
    async updateColumnStatisticsForPartition(ctx, input) {
      checkCount(input.ColumnStatisticsList);
      const tg = target(scopeOf(ctx, input.CatalogId), input.DatabaseName, input.TableName, input.PartitionValues);
      return { Errors: update(tg, input.ColumnStatisticsList) };
    },
    async getColumnStatisticsForPartition(ctx, input) {
      return get(target(scopeOf(ctx, input.CatalogId), input.DatabaseName, input.TableName, input.PartitionValues), input.ColumnNames);
    },
    async deleteColumnStatisticsForPartition(ctx, input) {
      remove(target(scopeOf(ctx, input.CatalogId), input.DatabaseName, input.TableName, input.PartitionValues), input.ColumnName);
      return {};
    },
  };
}
