// DELETE of one object: preconditions, grace period and finalizers as upstream; the answer is the
// deleted object for kinds that return it, otherwise a Success Status naming it.
import type { KubeObject } from '../registry/types.js';
import { isDryRun, respond, type VerbContext } from './context.js';
import type { DeleteOptions } from './generic-store.js';
import { parseJsonObject, readBody } from './http.js';
import { Errors } from './status.js';

interface DeleteOptionsBody {
  gracePeriodSeconds?: number;
  propagationPolicy?: string;
  orphanDependents?: boolean;
  preconditions?: { uid?: string; resourceVersion?: string };
  dryRun?: string[];
}

export async function readDeleteOptions(ctx: VerbContext): Promise<DeleteOptions> {
  const body = await readBody(ctx.req);
  const opts: DeleteOptionsBody = body.length ? (parseJsonObject(body) as DeleteOptionsBody) : {};
  const grace = ctx.query.get('gracePeriodSeconds') ?? (opts.gracePeriodSeconds !== undefined ? String(opts.gracePeriodSeconds) : null);
  const policy = ctx.query.get('propagationPolicy') ?? opts.propagationPolicy;
  if (policy && !['Orphan', 'Background', 'Foreground'].includes(policy)) {
    throw Errors.invalid('meta.k8s.io', 'DeleteOptions', '', [{ reason: 'FieldValueNotSupported', message: `Unsupported value: "${policy}": supported values: "Foreground", "Background", "Orphan"`, field: 'propagationPolicy' }]);
  }
  const out: DeleteOptions = { dryRun: isDryRun(ctx.query) || (opts.dryRun ?? []).includes('All') };
  if (grace !== null && grace !== undefined) {
    const n = Number(grace);
    if (!Number.isInteger(n)) throw Errors.badRequest(`invalid gracePeriodSeconds: ${grace}`);
    out.gracePeriodSeconds = Math.max(0, n);
  }
  if (opts.preconditions) out.preconditions = opts.preconditions;
  const effective = policy ?? (opts.orphanDependents === true ? 'Orphan' : undefined);
  if (effective) out.propagationPolicy = effective as DeleteOptions['propagationPolicy'];
  return out;
}

export function successStatus(ctx: VerbContext, obj: KubeObject): unknown {
  const details: Record<string, string> = { name: obj.metadata.name ?? '' };
  if (ctx.def.info.group) details.group = ctx.def.info.group;
  details.kind = ctx.def.info.plural;
  details.uid = obj.metadata.uid ?? '';
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', details };
}

export async function handleDelete(ctx: VerbContext): Promise<void> {
  const { info, store } = ctx;
  if (info.subresource) throw Errors.methodNotAllowed();
  const opts = await readDeleteOptions(ctx);
  const { object, deleted } = await store.delete(info.namespace, info.name, opts);
  if (!deleted) {
    // Marked for deletion (finalizers or a grace period): 202 with the object as it now is.
    respond(ctx, 202, object);
    return;
  }
  respond(ctx, 200, store.def.strategy.returnDeletedObject ? object : successStatus(ctx, object));
}
