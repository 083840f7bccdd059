// POST to a review kind (SelfSubjectReview, SelfSubjectAccessReview, …): answered from the request
// and the caller's identity, never stored, as upstream's review endpoints.
import { readObject, respond, type VerbContext } from './context.js';
import { apiVersionOf } from './resource-info.js';
import { Errors } from './status.js';

export async function handleReview(ctx: VerbContext): Promise<void> {
  if (ctx.info.verb !== 'create' || ctx.info.name) throw Errors.methodNotAllowed();
  const obj = await readObject(ctx);
  obj.metadata ??= {};
  if (ctx.def.info.namespaced) obj.metadata.namespace = ctx.info.namespace;
  const out = await ctx.def.review!({ ...obj, apiVersion: apiVersionOf(ctx.def.info), kind: ctx.def.info.kind }, ctx.user, ctx.server);
  respond(ctx, 201, out);
}

/** POST to a create-only subresource (serviceaccounts/<name>/token): answered, never stored. */
export async function handleSubresourceCreate(ctx: VerbContext): Promise<void> {
  const { info, store } = ctx;
  if (info.verb !== 'create') throw Errors.methodNotAllowed();
  const handler = ctx.def.subresourceCreate![info.subresource]!;
  const parent = await store.get(info.namespace, info.name);
  const body = await readObject(ctx);
  body.metadata ??= {};
  respond(ctx, 201, await handler(parent, body, ctx.server));
}
