// The scale subresource (GET, PUT, PATCH .../scale) as autoscaling/v1 Scale, for every kind whose
// definition says where its replicas live. Writes go through the main strategy, so a replica
// change bumps generation like any spec change.
import type { KubeObject, ScaleDef } from '../registry/types.js';
import { fieldManagerOf, isDryRun, readObject, respond, type VerbContext } from './context.js';
import { mediaType, readBody } from './http.js';
import { applyJsonPatch } from './patch/json-patch.js';
import { applyMergePatch } from './patch/merge-patch.js';
import { applyStrategicPatch, schemaFor } from './patch/strategic.js';
import { Errors, Field } from './status.js';

interface Scale {
  kind: 'Scale';
  apiVersion: 'autoscaling/v1';
  metadata: KubeObject['metadata'];
  spec: { replicas?: number };
  status: { replicas: number; selector?: string };
}

function toScale(def: ScaleDef, obj: KubeObject): Scale {
  const m = obj.metadata;
  const metadata: KubeObject['metadata'] = { name: m.name };
  if (m.namespace) metadata.namespace = m.namespace;
  Object.assign(metadata, { uid: m.uid, resourceVersion: m.resourceVersion, creationTimestamp: m.creationTimestamp });
  const status: Scale['status'] = { replicas: def.statusReplicas(obj) ?? 0 };
  const selector = def.selector(obj);
  if (selector) status.selector = selector;
  return { kind: 'Scale', apiVersion: 'autoscaling/v1', metadata, spec: { replicas: def.specReplicas(obj) ?? 0 }, status };
}

export async function handleScale(ctx: VerbContext): Promise<void> {
  const { info, store } = ctx;
  const def = store.def.scale!;
  if (info.verb === 'get') {
    respond(ctx, 200, toScale(def, await store.get(info.namespace, info.name)));
    return;
  }
  if (info.verb !== 'update' && info.verb !== 'patch') throw Errors.methodNotAllowed();
  let body: KubeObject | null = null;
  let patch: unknown;
  let type = '';
  if (info.verb === 'update') body = await readObject(ctx);
  else {
    type = mediaType(ctx.req.headers['content-type']);
    try {
      patch = JSON.parse((await readBody(ctx.req)).toString('utf8'));
    } catch (err) {
      throw Errors.badRequest(`error decoding patch: ${(err as Error).message}`);
    }
  }
  const { object } = await store.update(
    info.namespace,
    info.name,
    (current) => {
      if (!current) throw Errors.notFound(store.qr, info.name);
      const now = toScale(def, current);
      let wanted: Scale;
      if (body) wanted = body as unknown as Scale;
      else if (type === 'application/json-patch+json') wanted = applyJsonPatch(now, patch) as Scale;
      else if (type === 'application/merge-patch+json') wanted = applyMergePatch(now, patch) as Scale;
      else if (type === 'application/strategic-merge-patch+json') wanted = applyStrategicPatch(now, patch, schemaFor('autoscaling', 'v1', 'Scale')) as Scale;
      else throw Errors.unsupportedMediaType(type, ['application/json-patch+json', 'application/merge-patch+json', 'application/strategic-merge-patch+json']);
      const replicas = wanted.spec?.replicas;
      if (typeof replicas !== 'number' || !Number.isInteger(replicas) || replicas < 0) {
        throw Errors.invalid('autoscaling', 'Scale', info.name, [Field.invalid('spec.replicas', replicas ?? null, 'must be greater than or equal to 0')]);
      }
      const rv = wanted.metadata?.resourceVersion;
      if (rv && rv !== current.metadata.resourceVersion) throw Errors.staleResourceVersion(store.qr, info.name);
      def.setSpecReplicas(current, replicas);
      return current;
    },
    { dryRun: isDryRun(ctx.query), fieldManager: fieldManagerOf(ctx), managerSubresource: 'scale' },
  );
  respond(ctx, 200, toScale(def, object));
}
