// Authentication: client certificates verified against the cluster CA, as the apiserver's x509
// authenticator does (user from CN, groups from each O). Anonymous access is off, so a request
// without a verified certificate gets upstream's 401. Bearer tokens come with issue 3 item 5.
import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';

export interface UserInfo {
  name: string;
  groups: string[];
}

export function authenticate(req: IncomingMessage): UserInfo | null {
  const socket = req.socket as TLSSocket;
  if (!socket.authorized) return null;
  const cert = socket.getPeerCertificate();
  if (!cert || !cert.subject) return null;
  const cn = cert.subject.CN;
  const o = cert.subject.O;
  const name = Array.isArray(cn) ? cn[0] : cn;
  if (!name) return null;
  const groups = o === undefined ? [] : Array.isArray(o) ? [...o] : [o];
  // Every authenticated user is in system:authenticated, as upstream adds it.
  if (!groups.includes('system:authenticated')) groups.push('system:authenticated');
  return { name, groups };
}
