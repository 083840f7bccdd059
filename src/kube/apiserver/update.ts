// PUT: replace an object (or its status), compare-and-swap on the given resourceVersion.
import { fieldManagerOf, isDryRun, readObject, respond, type VerbContext } from './context.js';
import { checkFieldValidation, enforceFieldValidation } from './field-validation.js';
import { Errors } from './status.js';

export async function handleUpdate(ctx: VerbContext): Promise<void> {
  const { info, store } = ctx;
  if (!info.name) throw Errors.methodNotAllowed();
  const obj = await readObject(ctx);
  enforceFieldValidation(checkFieldValidation(ctx.query), obj, ctx.def.info, ctx.res, ctx.def.strategy);
  const { object, created } = await store.update(info.namespace, info.name, () => obj, { dryRun: isDryRun(ctx.query), subresource: info.subresource, fieldManager: fieldManagerOf(ctx) });
  respond(ctx, created ? 201 : 200, object);
}
