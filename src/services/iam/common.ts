// What every IAM feature file shares: ids and ARNs in AWS's shapes, IAM's Marker/MaxItems paging,
// policy document checks, and the row → API shape conversions.
import { randomUpperId } from '../../core/ids.js';
import type * as T from '../../aws/generated/iam/shapes.js';
import { InvalidInputException, MalformedPolicyDocumentException, NoSuchEntityException } from '../../aws/generated/iam/errors.js';
import type { IamStore, InstanceProfileRow, PolicyRow, RoleRow, TagRow, UserRow } from './store.js';

/** Unique ids are a 4-letter type prefix and 17 characters of [A-Z2-7], 21 in all (AIDA…, AROA…, ANPA…, AIPA…, AGPA…). */
export function uniqueId(prefix: 'AIDA' | 'AROA' | 'ANPA' | 'AIPA' | 'AGPA'): string {
  return prefix + randomUpperId(17);
}

export function iamArn(accountId: string, kind: string, path: string, name: string): string {
  return `arn:aws:iam::${accountId}:${kind}${path}${name}`;
}

export function normalizePath(path: string | undefined): string {
  return path ?? '/';
}

/** IAM paths must start and end with "/"; the model's pattern allows more than IAM does. */
export function checkPath(path: string | undefined): void {
  if (path !== undefined && !(path.startsWith('/') && path.endsWith('/'))) {
    throw new InvalidInputException('The specified value for path is invalid. It must begin and end with / and contain only alphanumeric characters and/or / characters.');
  }
}

export function isoDate(iso: string): Date {
  return new Date(iso);
}

export function tagsOut(tags: TagRow[]): T.Tag_[] | undefined {
  return tags.length ? tags.map((t) => ({ Key: t.Key, Value: t.Value })) : undefined;
}

/** Merges tags by key (TagRole/TagUser replace an existing key's value); IAM allows 50 per resource. */
export function mergeTags(existing: TagRow[], added: T.Tag_[] | undefined): TagRow[] {
  const byKey = new Map(existing.map((t) => [t.Key, t]));
  for (const t of added ?? []) byKey.set(t.Key, { Key: t.Key, Value: t.Value ?? '' });
  if (byKey.size > 50) throw new InvalidInputException('The number of tags has reached the maximum limit.');
  return [...byKey.values()];
}

/**
 * IAM's paging: MaxItems (default 100) items from the position the Marker names, IsTruncated, and a Marker
 * only when more remain. The marker is opaque to clients; ours names the first item of the next page.
 */
export function page<R>(items: R[], keyOf: (r: R) => string, marker: string | undefined, maxItems: number | undefined): { items: R[]; IsTruncated: boolean; Marker?: string } {
  let start = 0;
  if (marker !== undefined) {
    let key: string;
    try {
      key = Buffer.from(marker, 'base64url').toString('utf8');
    } catch {
      key = '';
    }
    if (!key) throw new InvalidInputException('Invalid Marker.');
    start = items.findIndex((r) => keyOf(r) >= key);
    if (start < 0) start = items.length;
  }
  const limit = maxItems ?? 100;
  const slice = items.slice(start, start + limit);
  const next = items[start + limit];
  return next === undefined ? { items: slice, IsTruncated: false } : { items: slice, IsTruncated: true, Marker: Buffer.from(keyOf(next)).toString('base64url') };
}

/** Checks a policy document is JSON with statements, as IAM does before storing it; returns it unchanged. */
export function checkPolicyDocument(document: string): string {
  let doc: unknown;
  try {
    doc = JSON.parse(document);
  } catch {
    throw new MalformedPolicyDocumentException('Syntax errors in policy.');
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw new MalformedPolicyDocumentException('Syntax errors in policy.');
  const d = doc as Record<string, unknown>;
  if (d.Version !== undefined && d.Version !== '2012-10-17' && d.Version !== '2008-10-17') {
    throw new MalformedPolicyDocumentException('The policy failed legacy parsing');
  }
  const statements = Array.isArray(d.Statement) ? d.Statement : d.Statement !== undefined ? [d.Statement] : [];
  if (!statements.length) throw new MalformedPolicyDocumentException('Syntax errors in policy.');
  for (const s of statements) {
    if (typeof s !== 'object' || s === null) throw new MalformedPolicyDocumentException('Syntax errors in policy.');
    const effect = (s as Record<string, unknown>).Effect;
    if (effect !== 'Allow' && effect !== 'Deny') throw new MalformedPolicyDocumentException('Syntax errors in policy.');
  }
  return document;
}

/** IAM returns every policy document URL-encoded (RFC 3986), which SDKs and the CLI decode. */
export function encodeDocument(document: string): string {
  return encodeURIComponent(document);
}

export function requireRole(store: IamStore, accountId: string, name: string): RoleRow {
  const r = store.getRole(accountId, name);
  if (!r) throw new NoSuchEntityException(`The role with name ${name} cannot be found.`);
  return r;
}

export function requireUser(store: IamStore, accountId: string, name: string): UserRow {
  const u = store.getUser(accountId, name);
  if (!u) throw new NoSuchEntityException(`The user with name ${name} cannot be found.`);
  return u;
}

export function requireGroup(store: IamStore, accountId: string, name: string): UserRow {
  const g = store.getGroup(accountId, name);
  if (!g) throw new NoSuchEntityException(`The group with name ${name} cannot be found.`);
  return g;
}

/** A managed policy the account may see (its own, or AWS-managed). */
export function requirePolicy(store: IamStore, accountId: string, arn: string, message = `Policy ${arn} was not found.`): PolicyRow {
  const p = store.getPolicy(arn);
  if (!p || (p.accountId !== accountId && p.accountId !== 'aws')) throw new NoSuchEntityException(message);
  return p;
}

export function roleOut(r: RoleRow, withTags = true): T.Role {
  return {
    Path: r.path,
    RoleName: r.name,
    RoleId: r.id,
    Arn: iamArn(r.accountId, 'role', r.path, r.name),
    CreateDate: isoDate(r.createDate),
    AssumeRolePolicyDocument: encodeDocument(r.trustPolicy),
    Description: r.description,
    MaxSessionDuration: r.maxSessionDuration,
    Tags: withTags ? tagsOut(r.tags) : undefined,
  };
}

export function userOut(u: UserRow, withTags = true): T.User {
  return { Path: u.path, UserName: u.name, UserId: u.id, Arn: iamArn(u.accountId, 'user', u.path, u.name), CreateDate: isoDate(u.createDate), Tags: withTags ? tagsOut(u.tags) : undefined };
}

export function instanceProfileOut(store: IamStore, p: InstanceProfileRow): T.InstanceProfile {
  const roles = store.profileRoles(p.accountId, p.name).map((n) => store.getRole(p.accountId, n)).filter((r): r is RoleRow => !!r);
  return {
    Path: p.path,
    InstanceProfileName: p.name,
    InstanceProfileId: p.id,
    Arn: iamArn(p.accountId, 'instance-profile', p.path, p.name),
    CreateDate: isoDate(p.createDate),
    Roles: roles.map((r) => roleOut(r, false)),
    Tags: tagsOut(p.tags),
  };
}

/** IAM's dates are whole seconds. */
export function nowIso(ctx: { clock: { now(): Date } }): string {
  const now = ctx.clock.now();
  return new Date(Math.floor(now.getTime() / 1000) * 1000).toISOString();
}
