// The kubeconfig for a cluster's admin: server, CA and the admin client certificate, inline.
import { stringify } from 'yaml';
import type { PemPair } from './pki.js';

export function renderKubeconfig(opts: { cluster: string; server: string; ca: string; admin: PemPair }): string {
  const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
  const name = `lakestack-${opts.cluster}`;
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name, cluster: { server: opts.server, 'certificate-authority-data': b64(opts.ca) } }],
    users: [{ name: `${name}-admin`, user: { 'client-certificate-data': b64(opts.admin.cert), 'client-key-data': b64(opts.admin.key) } }],
    contexts: [{ name, context: { cluster: name, user: `${name}-admin`, namespace: 'default' } }],
    'current-context': name,
    preferences: {},
  });
}
