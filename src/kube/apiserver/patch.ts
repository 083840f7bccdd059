// PATCH: JSON patch, merge patch and strategic merge patch, applied to the current object inside
// the store's compare-and-swap loop (a patch that names no resourceVersion is retried on a race).
// Server-side apply (application/apply-patch+yaml) is refused with a named error until it lands.
import type { KubeObject } from '../registry/types.js';
import { isDryRun, respond, type VerbContext } from './context.js';
import { checkFieldValidation, enforceFieldValidation } from './field-validation.js';
import { mediaType, readBody } from './http.js';
import { applyJsonPatch } from './patch/json-patch.js';
import { applyMergePatch } from './patch/merge-patch.js';
import { applyStrategicPatch, schemaFor } from './patch/strategic.js';
import { Errors } from './status.js';

const TYPES = ['application/json-patch+json', 'application/merge-patch+json', 'application/strategic-merge-patch+json', 'application/apply-patch+yaml'];

export async function handlePatch(ctx: VerbContext): Promise<void> {
  const { info, store } = ctx;
  if (!info.name) throw Errors.methodNotAllowed();
  const type = mediaType(ctx.req.headers['content-type']);
  if (!TYPES.includes(type)) throw Errors.unsupportedMediaType(type, TYPES);
  if (type === 'application/apply-patch+yaml') throw Errors.unsupported('server-side apply (application/apply-patch+yaml)');
  const validation = checkFieldValidation(ctx.query);
  const body = await readBody(ctx.req);
  let patch: unknown;
  try {
    patch = JSON.parse(body.toString('utf8'));
  } catch (err) {
    throw Errors.badRequest(`error decoding patch: ${(err as Error).message}`);
  }
  const schema = schemaFor(store.def.info.group, store.def.info.version, store.def.info.kind);
  const { object } = await store.update(
    info.namespace,
    info.name,
    (current) => {
      if (!current) throw Errors.notFound(store.qr, info.name);
      let out: unknown;
      if (type === 'application/json-patch+json') out = applyJsonPatch(current, patch);
      else if (type === 'application/merge-patch+json') out = applyMergePatch(current, patch);
      else out = applyStrategicPatch(current, patch, schema);
      if (!out || typeof out !== 'object' || Array.isArray(out)) throw Errors.badRequest('the patch made the object something other than an object');
      enforceFieldValidation(validation, out as KubeObject, store.def.info, ctx.res);
      return out as KubeObject;
    },
    { dryRun: isDryRun(ctx.query), subresource: info.subresource },
  );
  respond(ctx, 200, object);
}
