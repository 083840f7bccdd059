// PATCH: JSON patch, merge patch and strategic merge patch, applied to the current object inside
// the store's compare-and-swap loop (a patch that names no resourceVersion is retried on a race),
// and server-side apply (application/apply-patch+yaml), which merges an applied configuration
// under a field manager and creates the object if it is missing.
import { parse as parseYaml } from 'yaml';
import type { KubeObject } from '../registry/types.js';
import { fieldManagerOf, isDryRun, respond, type VerbContext } from './context.js';
import { checkFieldValidation, enforceFieldValidation } from './field-validation.js';
import { mediaType, readBody } from './http.js';
import { applyJsonPatch } from './patch/json-patch.js';
import { applyMergePatch } from './patch/merge-patch.js';
import { applyStrategicPatch, schemaFor } from './patch/strategic.js';
import { applyConfiguration } from './apply/managed-fields.js';
import { apiVersionOf } from './resource-info.js';
import { Errors } from './status.js';

const TYPES = ['application/json-patch+json', 'application/merge-patch+json', 'application/strategic-merge-patch+json', 'application/apply-patch+yaml'];

function parsePatch(type: string, body: Buffer): unknown {
  try {
    return type === 'application/apply-patch+yaml' ? parseYaml(body.toString('utf8')) : JSON.parse(body.toString('utf8'));
  } catch (err) {
    throw Errors.badRequest(`error decoding patch: ${(err as Error).message}`);
  }
}

export async function handlePatch(ctx: VerbContext): Promise<void> {
  const { info, store } = ctx;
  if (!info.name) throw Errors.methodNotAllowed();
  const type = mediaType(ctx.req.headers['content-type']);
  if (!TYPES.includes(type)) throw Errors.unsupportedMediaType(type, TYPES);
  const validation = checkFieldValidation(ctx.query);
  const patch = parsePatch(type, await readBody(ctx.req));
  const apply = type === 'application/apply-patch+yaml';
  if (apply) {
    if (!ctx.query.get('fieldManager')) {
      throw Errors.invalid('meta.k8s.io', 'PatchOptions', '', [{ reason: 'FieldValueRequired', message: 'Required value: is required for apply patch', field: 'fieldManager' }]);
    }
    if (!patch || typeof patch !== 'object' || Array.isArray(patch)) throw Errors.badRequest('the applied configuration must be an object');
    const cfg = patch as KubeObject;
    if (cfg.apiVersion !== apiVersionOf(store.def.info) || cfg.kind !== store.def.info.kind) {
      throw Errors.badRequest(`the applied configuration must have apiVersion ${apiVersionOf(store.def.info)} and kind ${store.def.info.kind}`);
    }
  } else if (ctx.query.has('force')) {
    throw Errors.badRequest('force: Invalid value: true: may not be specified for non-apply patch');
  }
  const schema = schemaFor(store.def.info.group, store.def.info.version, store.def.info.kind);
  const manager = fieldManagerOf(ctx);
  const force = ctx.query.get('force') === 'true';
  const dryRun = isDryRun(ctx.query);
  const mutate = (current: KubeObject | null): KubeObject => {
    let out: unknown;
    if (apply) {
      const cfg = structuredClone(patch) as KubeObject;
      cfg.metadata ??= {};
      enforceFieldValidation(validation, cfg, store.def.info, ctx.res, store.def.strategy);
      return applyConfiguration(current, cfg, store.manager({ fieldManager: manager, subresource: info.subresource }), force);
    }
    if (!current) throw Errors.notFound(store.qr, info.name);
    if (type === 'application/json-patch+json') out = applyJsonPatch(current, patch);
    else if (type === 'application/merge-patch+json') out = applyMergePatch(current, patch);
    else out = applyStrategicPatch(current, patch, schema);
    if (!out || typeof out !== 'object' || Array.isArray(out)) throw Errors.badRequest('the patch made the object something other than an object');
    enforceFieldValidation(validation, out as KubeObject, store.def.info, ctx.res, store.def.strategy);
    return out as KubeObject;
  };
  if (apply) {
    // Apply creates a missing object (upstream: PATCH with apply is an upsert).
    try {
      const { object } = await store.update(info.namespace, info.name, (cur) => {
        if (!cur) throw new MissingForApply();
        return mutate(cur);
      }, { dryRun, subresource: info.subresource, applied: true });
      respond(ctx, 200, object);
    } catch (err) {
      if (!(err instanceof MissingForApply)) throw err;
      if (info.subresource) throw Errors.notFound(store.qr, info.name);
      const obj = mutate(null);
      obj.metadata.name ??= info.name;
      if (store.def.info.namespaced) await ctx.server.admitNamespace(info.namespace, store.qr, info.name);
      respond(ctx, 201, await store.create(info.namespace, obj, { dryRun, applied: true }));
    }
    return;
  }
  const { object } = await store.update(info.namespace, info.name, mutate, { dryRun, subresource: info.subresource, fieldManager: manager });
  respond(ctx, 200, object);
}

class MissingForApply extends Error {}
