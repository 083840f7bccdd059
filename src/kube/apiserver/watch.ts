// WATCH: a chunked stream of JSON lines {"type", "object"} with upstream's resourceVersion rules:
// unset or "0" first sends the current state as ADDED events, then changes; a number N sends the
// changes after N (410 Expired as an ERROR event if N is compacted). Selectors turn an object that
// starts or stops matching into ADDED or DELETED. allowWatchBookmarks adds periodic BOOKMARKs,
// sendInitialEvents ends the initial state with the "k8s.io/initial-events-end" bookmark.
import type { KubeObject } from '../registry/types.js';
import { CompactedError, type WatchEvent, type WatchHandle } from '../store/types.js';
import type { VerbContext } from './context.js';
import { selectorPredicate } from './list-query.js';
import { apiVersionOf } from './resource-info.js';
import { Errors, StatusError } from './status.js';
import { parseIncludeObject, toTable } from './table.js';

/** Upstream's default: a random timeout between the minimum request timeout (30 min) and twice it. */
const DEFAULT_TIMEOUT_S = 1800;
const BOOKMARK_INTERVAL_MS = 60_000;

type EventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';

export async function handleWatch(ctx: VerbContext): Promise<void> {
  const { info, store, query, res } = ctx;
  const { matches } = selectorPredicate(ctx.def, query);
  // A watch on one name (GET .../name?watch=1) is a watch on the collection filtered by that name.
  const byName = (o: KubeObject) => !info.name || o.metadata.name === info.name;
  const want = (o: KubeObject | null) => !!o && byName(o) && matches(o);
  const rv = query.get('resourceVersion') ?? '';
  if (rv && !/^\d+$/.test(rv)) throw Errors.badRequest(`invalid resource version: ${rv}`);
  const sendInitial = query.get('sendInitialEvents') === 'true';
  const bookmarks = query.get('allowWatchBookmarks') === 'true';
  const timeoutText = query.get('timeoutSeconds');
  const timeoutS = timeoutText ? Math.max(0, Number(timeoutText) || 0) : DEFAULT_TIMEOUT_S;
  const include = parseIncludeObject(query.get('includeObject'));
  const kindOf = { kind: ctx.def.info.kind, apiVersion: apiVersionOf(ctx.def.info) };

  res.writeHead(200, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked', 'Cache-Control': 'no-cache, private' });
  res.flushHeaders();
  let lastRevision = 0;
  const send = (type: EventType, obj: unknown) => {
    if (res.writableEnded) return;
    let object = obj;
    if (ctx.accept.table && (type === 'ADDED' || type === 'MODIFIED' || type === 'DELETED')) {
      const o = obj as KubeObject;
      object = toTable(ctx.def, [o], { resourceVersion: o.metadata.resourceVersion ?? '' }, include);
    } else if (ctx.accept.metadataOnly && type !== 'ERROR' && type !== 'BOOKMARK') {
      object = { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: (obj as KubeObject).metadata };
    }
    res.write(JSON.stringify({ type, object }) + '\n');
  };
  const bookmark = (revision: number, initialEnd = false) => {
    const metadata: Record<string, unknown> = { resourceVersion: String(revision) };
    if (initialEnd) metadata.annotations = { 'k8s.io/initial-events-end': 'true' };
    send('BOOKMARK', { ...kindOf, metadata });
  };

  let handle: WatchHandle | null = null;
  let timer: NodeJS.Timeout | null = null;
  let ticker: NodeJS.Timeout | null = null;
  const finish = () => {
    if (timer) clearTimeout(timer);
    if (ticker) clearInterval(ticker);
    timer = ticker = null;
    const h = handle;
    handle = null;
    if (h) void h.cancel().catch(() => undefined);
    if (!res.writableEnded) res.end();
  };
  // The response's close is the client going away (the request's fires once its body is read).
  res.on('close', finish);

  const onEvent = (ev: WatchEvent) => {
    lastRevision = ev.revision;
    if (ev.type === 'PUT') {
      const obj = store.decode(ev.kv);
      const prev = ev.prevKv ? store.decode(ev.prevKv) : null;
      const now = want(obj);
      const before = want(prev);
      if (now && before) send('MODIFIED', obj);
      else if (now) send('ADDED', obj);
      else if (before) send('DELETED', obj);
    } else {
      // The deleted object as it last was, with the resourceVersion of its deletion.
      const obj = store.decode(ev.prevKv, ev.revision);
      if (want(obj)) send('DELETED', obj);
    }
  };

  try {
    let from: number;
    if (!rv || rv === '0' || sendInitial) {
      // Current state first, then every change after the revision it was read at.
      const prefix = store.listPrefix(info.namespace);
      let after: string | undefined;
      let revision = 0;
      for (;;) {
        const page = await store.read(() => store.kv.list(prefix, { limit: 500, ...(after ? { continueFrom: after } : {}), ...(revision ? { revision } : {}) }));
        revision = page.revision;
        for (const kv of page.items) {
          const obj = store.decode(kv);
          if (want(obj)) send('ADDED', obj);
        }
        if (!page.more || !page.items.length) break;
        after = page.items[page.items.length - 1]!.key;
      }
      from = revision + 1;
      lastRevision = revision;
      if (sendInitial && bookmarks) bookmark(revision, true);
    } else {
      from = Number(rv) + 1;
      lastRevision = Number(rv);
    }
    handle = await store.kv.watch(store.listPrefix(info.namespace), from, onEvent, (err) => {
      if (err instanceof CompactedError) send('ERROR', Errors.expired(`too old resource version: ${rv} (${err.compactRevision ?? ''})`).status);
      finish();
    });
  } catch (err) {
    if (err instanceof CompactedError) {
      send('ERROR', Errors.expired(`too old resource version: ${rv} (${err.compactRevision ?? err.requestedRevision})`).status);
    } else if (err instanceof StatusError) {
      send('ERROR', err.status);
    } else {
      send('ERROR', Errors.internal((err as Error).message).status);
    }
    finish();
    return;
  }
  if (res.writableEnded) {
    finish();
    return;
  }
  if (timeoutS > 0) timer = setTimeout(finish, timeoutS * 1000);
  if (bookmarks) ticker = setInterval(() => bookmark(lastRevision), BOOKMARK_INTERVAL_MS);
}
