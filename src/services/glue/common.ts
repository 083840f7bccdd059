// What every Glue feature file shares: which catalog a request addresses, Glue's paging tokens and ARNs.
import type { RequestContext } from '../../aws/context.js';
import { InvalidInputException } from '../../aws/generated/glue/errors.js';
import type { CatalogScope } from './store.js';

/**
 * The catalog a request works on. A CatalogId names another account's catalog (Glue's cross-account access);
 * without one it is the caller's own. The region is always the request's: Glue catalogs are regional.
 */
export function scopeOf(ctx: RequestContext, catalogId?: string): CatalogScope {
  return { accountId: catalogId || ctx.accountId, region: ctx.region };
}

export interface Page<T> {
  items: T[];
  nextToken?: string;
}

/** Glue pages lists by an opaque token; ours holds the offset of the next item in the (name-ordered) list. */
export function page<T>(all: readonly T[], nextToken: string | undefined, maxResults: number | undefined, limit = 1000): Page<T> {
  let start = 0;
  if (nextToken) {
    try {
      const doc = JSON.parse(Buffer.from(nextToken, 'base64').toString('utf8')) as { offset?: unknown };
      if (typeof doc.offset !== 'number' || doc.offset < 0) throw new Error('bad token');
      start = doc.offset;
    } catch {
      throw new InvalidInputException('Invalid pagination token.');
    }
  }
  const size = Math.min(maxResults ?? limit, limit);
  const items = all.slice(start, start + size);
  const next = start + size < all.length ? Buffer.from(JSON.stringify({ offset: start + size }), 'utf8').toString('base64') : undefined;
  return { items, nextToken: next };
}

export function databaseArn(s: CatalogScope, name: string): string {
  return `arn:aws:glue:${s.region}:${s.accountId}:database/${name.toLowerCase()}`;
}

export function tableArn(s: CatalogScope, db: string, name: string): string {
  return `arn:aws:glue:${s.region}:${s.accountId}:table/${db.toLowerCase()}/${name.toLowerCase()}`;
}

export function crawlerArn(s: CatalogScope, name: string): string {
  return `arn:aws:glue:${s.region}:${s.accountId}:crawler/${name}`;
}

/** Glue's per-entry error detail, from a thrown Glue error. */
export function errorDetail(err: unknown): { ErrorCode: string; ErrorMessage: string } {
  const e = err as { code?: string; message?: string };
  return { ErrorCode: e.code ?? 'InternalServiceException', ErrorMessage: e.message ?? String(err) };
}
