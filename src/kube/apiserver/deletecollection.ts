// DELETE on a collection: deletes every object the selectors match, answering with the list of
// what was deleted, as upstream's DeleteCollection.
import type { KubeObject } from '../registry/types.js';
import { listItem, respond, type VerbContext } from './context.js';
import { readDeleteOptions } from './delete.js';
import { collectList } from './list.js';
import { apiVersionOf } from './resource-info.js';
import { StatusError } from './status.js';

export async function handleDeleteCollection(ctx: VerbContext): Promise<void> {
  const opts = await readDeleteOptions(ctx);
  ctx.query.delete('limit');
  ctx.query.delete('continue');
  const { items, revision } = await collectList(ctx);
  const deleted: KubeObject[] = [];
  for (const obj of items) {
    try {
      const r = await ctx.store.delete(obj.metadata.namespace ?? '', obj.metadata.name ?? '', opts);
      deleted.push(r.object);
    } catch (err) {
      // Deleted by someone else meanwhile: that is what was asked.
      if (err instanceof StatusError && err.code === 404) continue;
      throw err;
    }
  }
  respond(ctx, 200, { kind: `${ctx.def.info.kind}List`, apiVersion: apiVersionOf(ctx.def.info), metadata: { resourceVersion: String(revision) }, items: deleted.map(listItem) });
}
