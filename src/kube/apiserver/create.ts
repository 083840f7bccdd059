// POST: create an object (namespace admission, then the generic store's create hooks).
import { fieldManagerOf, isDryRun, readObject, respond, type VerbContext } from './context.js';
import { checkFieldValidation, enforceFieldValidation } from './field-validation.js';
import { Errors } from './status.js';

export async function handleCreate(ctx: VerbContext): Promise<void> {
  const { info, store } = ctx;
  if (info.name) throw Errors.methodNotAllowed();
  const obj = await readObject(ctx);
  enforceFieldValidation(checkFieldValidation(ctx.query), obj, ctx.def.info, ctx.res, ctx.def.strategy);
  if (store.def.info.namespaced) await ctx.server.admitNamespace(info.namespace, store.qr, obj.metadata?.name ?? '');
  const created = await store.create(info.namespace, obj, { dryRun: isDryRun(ctx.query), fieldManager: fieldManagerOf(ctx) });
  respond(ctx, 201, created);
}
