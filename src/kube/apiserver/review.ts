// POST to a review kind (SelfSubjectReview, SelfSubjectAccessReview, …): answered from the request
// and the caller's identity, never stored, as upstream's review endpoints.
import { readObject, respond, type VerbContext } from './context.js';
import { apiVersionOf } from './resource-info.js';
import { Errors } from './status.js';

export async function handleReview(ctx: VerbContext): Promise<void> {
  if (ctx.info.verb !== 'create' || ctx.info.name) throw Errors.methodNotAllowed();
  const obj = await readObject(ctx);
  obj.metadata ??= {};
  const out = ctx.def.review!({ ...obj, apiVersion: apiVersionOf(ctx.def.info), kind: ctx.def.info.kind }, ctx.user);
  respond(ctx, 201, out);
}
