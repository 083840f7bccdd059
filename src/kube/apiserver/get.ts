// GET of one object (and of a subresource that reads as the object, such as status).
import { respond, present, type VerbContext } from './context.js';
import { toTable, parseIncludeObject } from './table.js';
import { Errors } from './status.js';

export async function handleGet(ctx: VerbContext): Promise<void> {
  const { info, store } = ctx;
  if (info.subresource) store.strategy(info.subresource);
  const rvParam = ctx.query.get('resourceVersion');
  // resourceVersion on GET: "" or "0" is "any", a number is "not older than" — the latest satisfies both.
  if (rvParam && rvParam !== '0' && !/^\d+$/.test(rvParam)) throw Errors.badRequest(`invalid resource version: ${rvParam}`);
  const obj = await store.get(info.namespace, info.name);
  if (ctx.accept.table) {
    respond(ctx, 200, toTable(ctx.def, [obj], { resourceVersion: obj.metadata.resourceVersion ?? '' }, parseIncludeObject(ctx.query.get('includeObject'))));
    return;
  }
  respond(ctx, 200, present(ctx, obj));
}
