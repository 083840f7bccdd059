// User-defined functions (Hive UDF registrations): Create/Get/Update/Delete UserDefinedFunction and
// GetUserDefinedFunctions with its name pattern. Stored only: Lakestack's engine does not load Java UDFs.
import type { GlueService } from '../../aws/generated/glue/service.js';
import type * as T from '../../aws/generated/glue/shapes.js';
import { AlreadyExistsException, EntityNotFoundException, InvalidInputException } from '../../aws/generated/glue/errors.js';
import type { GlueCatalog } from './catalog.js';
import { page, scopeOf } from './common.js';
import { tableNameMatcher } from './expression.js';

type Ops = Pick<GlueService, 'createUserDefinedFunction' | 'getUserDefinedFunction' | 'getUserDefinedFunctions' | 'updateUserDefinedFunction' | 'deleteUserDefinedFunction'>;

function revive(doc: string): T.UserDefinedFunction {
  const f = JSON.parse(doc) as T.UserDefinedFunction & { CreateTime?: Date | string };
  if (f.CreateTime) f.CreateTime = new Date(f.CreateTime);
  return f;
}

export function functionOperations(catalog: GlueCatalog): Ops {
  return {
    async createUserDefinedFunction(ctx, input) {
      const s = scopeOf(ctx, input.CatalogId);
      const db = catalog.getDatabase(s, input.DatabaseName);
      const name = input.FunctionInput.FunctionName?.toLowerCase();
      if (!name) throw new InvalidInputException('FunctionName is required.');
      catalog.store.transaction(() => {
        if (catalog.store.func(s, db.Name, name)) throw new AlreadyExistsException(`Function ${name} already exists.`);
        const f: T.UserDefinedFunction = { ...input.FunctionInput, FunctionName: name, DatabaseName: db.Name, CreateTime: ctx.clock.now(), CatalogId: s.accountId };
        catalog.store.putFunc(s, db.Name, name, JSON.stringify(f));
      });
      return {};
    },

    async getUserDefinedFunction(ctx, input) {
      const s = scopeOf(ctx, input.CatalogId);
      const db = catalog.getDatabase(s, input.DatabaseName);
      const doc = catalog.store.func(s, db.Name, input.FunctionName.toLowerCase());
      if (!doc) throw new EntityNotFoundException(`Function ${input.FunctionName} not found.`);
      return { UserDefinedFunction: revive(doc) };
    },

    async getUserDefinedFunctions(ctx, input) {
      const s = scopeOf(ctx, input.CatalogId);
      const db = input.DatabaseName ? catalog.getDatabase(s, input.DatabaseName).Name : undefined;
      const match = tableNameMatcher(input.Pattern);
      const all = catalog.store.funcs(s, db).map(revive).filter((f) => match(f.FunctionName ?? '') && (!input.FunctionType || f.FunctionType === input.FunctionType));
      const p = page(all, input.NextToken, input.MaxResults, 100);
      return { UserDefinedFunctions: p.items, NextToken: p.nextToken };
    },

    async updateUserDefinedFunction(ctx, input) {
      const s = scopeOf(ctx, input.CatalogId);
      const db = catalog.getDatabase(s, input.DatabaseName);
      const name = input.FunctionName.toLowerCase();
      catalog.store.transaction(() => {
        const doc = catalog.store.func(s, db.Name, name);
        if (!doc) throw new EntityNotFoundException(`Function ${input.FunctionName} not found.`);
        const old = revive(doc);
        const f: T.UserDefinedFunction = { ...input.FunctionInput, FunctionName: name, DatabaseName: db.Name, CreateTime: old.CreateTime, CatalogId: s.accountId };
        catalog.store.putFunc(s, db.Name, name, JSON.stringify(f));
      });
      return {};
    },

    async deleteUserDefinedFunction(ctx, input) {
      const s = scopeOf(ctx, input.CatalogId);
      const db = catalog.getDatabase(s, input.DatabaseName);
      if (!catalog.store.deleteFunc(s, db.Name, input.FunctionName.toLowerCase())) {
        throw new EntityNotFoundException(`Function ${input.FunctionName} not found.`);
      }
      return {};
    },
  };
}
