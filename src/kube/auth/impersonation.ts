// Impersonation headers (Impersonate-User, -Group, -Uid, -Extra-*), as upstream's
// WithImpersonation filter: each requested identity is checked against the `impersonate` verb on
// users / groups / serviceaccounts / uids / userextras, and the request then runs as that user.
import type { IncomingMessage } from 'node:http';
import type { UserInfo } from '../apiserver/authn.js';
import { Errors } from '../apiserver/status.js';
import type { Attributes } from './rbac.js';

const SA_USER = /^system:serviceaccount:([^:]+):([^:]+)$/;

function headerValues(req: IncomingMessage, name: string): string[] {
  const v = req.headers[name];
  if (v === undefined) return [];
  // Node joins repeated headers with ", " except for a few; Impersonate-Group repeats, one group each.
  const raw = Array.isArray(v) ? v : [v];
  return raw.flatMap((x) => (name === 'impersonate-group' ? x.split(', ') : [x])).filter((x) => x !== '');
}

/** The user the request runs as: `user` itself without impersonation headers. */
export async function impersonate(req: IncomingMessage, user: UserInfo, check: (a: Attributes) => Promise<void>): Promise<UserInfo> {
  const userName = req.headers['impersonate-user'];
  const groups = headerValues(req, 'impersonate-group');
  const uid = req.headers['impersonate-uid'];
  const extras = Object.keys(req.headers).filter((h) => h.startsWith('impersonate-extra-'));
  if (userName === undefined) {
    if (groups.length || uid !== undefined || extras.length) throw Errors.badRequest(`requested ${JSON.stringify({ groups, uid })} without impersonating a user`);
    return user;
  }
  const name = Array.isArray(userName) ? userName[0]! : userName;
  const base = { user, verb: 'impersonate', resourceRequest: true, path: req.url ?? '/', apiVersion: '', subresource: '' };
  const sa = SA_USER.exec(name);
  if (sa) await check({ ...base, namespace: sa[1]!, apiGroup: '', resource: 'serviceaccounts', name: sa[2]! });
  else await check({ ...base, namespace: '', apiGroup: '', resource: 'users', name });
  for (const g of groups) await check({ ...base, namespace: '', apiGroup: '', resource: 'groups', name: g });
  if (typeof uid === 'string') await check({ ...base, namespace: '', apiGroup: 'authentication.k8s.io', resource: 'uids', name: uid });
  for (const h of extras) {
    for (const v of headerValues(req, h)) await check({ ...base, namespace: '', apiGroup: 'authentication.k8s.io', resource: 'userextras', subresource: decodeURIComponent(h.slice('impersonate-extra-'.length)), name: v });
  }
  const out = [...groups];
  // A ServiceAccount impersonated without groups gets its own, as upstream does.
  if (sa && !groups.length) out.push('system:serviceaccounts', `system:serviceaccounts:${sa[1]}`);
  if (name !== 'system:anonymous' && !out.includes('system:authenticated') && !out.includes('system:unauthenticated')) out.push('system:authenticated');
  return { name, groups: out };
}
