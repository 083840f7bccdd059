// LIST: a page of objects at one revision, filtered by selectors, with upstream's continue tokens.
import type { KubeObject } from '../registry/types.js';
import { respond, listItem, type VerbContext } from './context.js';
import { apiVersionOf } from './resource-info.js';
import { encodeContinue, parseListQuery } from './list-query.js';
import { toTable, parseIncludeObject } from './table.js';
import { CompactedError } from '../store/types.js';
import { Errors } from './status.js';

export interface ListResult {
  items: KubeObject[];
  revision: number;
  continueToken: string;
}

/** Reads until `limit` matching objects are found or the prefix is exhausted (upstream fills pages too). */
export async function collectList(ctx: VerbContext): Promise<ListResult> {
  const q = parseListQuery(ctx.def, ctx.query);
  const prefix = ctx.store.listPrefix(ctx.info.namespace);
  let after = q.continueFrom ? prefix + q.continueFrom.start : undefined;
  let revision = q.revision;
  const items: KubeObject[] = [];
  for (;;) {
    const want = q.limit ? Math.max(q.limit - items.length, q.hasSelector ? 100 : 0) : undefined;
    let page;
    try {
      page = await ctx.store.listPage(ctx.info.namespace, want, after, revision);
    } catch (err) {
      if (q.continueFrom && err instanceof Error && /too old resource version/.test(err.message)) {
        throw Errors.expired('The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.');
      }
      if (err instanceof CompactedError) throw Errors.expired(err.message);
      throw err;
    }
    revision = page.revision;
    for (const obj of page.items) {
      after = ctx.store.key(obj.metadata.namespace ?? '', obj.metadata.name ?? '');
      if (!q.matches(obj)) continue;
      items.push(obj);
      if (q.limit && items.length >= q.limit) {
        // More may follow: hand out a token that resumes after this key at this revision.
        const more = page.more || page.items[page.items.length - 1] !== obj;
        return { items, revision, continueToken: more ? encodeContinue(revision, after.slice(prefix.length)) : '' };
      }
    }
    if (!page.more || !q.limit) return { items, revision, continueToken: '' };
  }
}

export async function handleList(ctx: VerbContext): Promise<void> {
  const { items, revision, continueToken } = await collectList(ctx);
  const meta: { resourceVersion: string; continue?: string } = { resourceVersion: String(revision) };
  if (continueToken) meta.continue = continueToken;
  if (ctx.accept.table) {
    respond(ctx, 200, toTable(ctx.def, items, meta, parseIncludeObject(ctx.query.get('includeObject'))));
    return;
  }
  if (ctx.accept.metadataOnly) {
    respond(ctx, 200, {
      kind: 'PartialObjectMetadataList',
      apiVersion: 'meta.k8s.io/v1',
      metadata: meta,
      items: items.map((o) => ({ kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: o.metadata })),
    });
    return;
  }
  respond(ctx, 200, { kind: `${ctx.def.info.kind}List`, apiVersion: apiVersionOf(ctx.def.info), metadata: meta, items: items.map(listItem) });
}
