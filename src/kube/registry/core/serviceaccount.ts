// ServiceAccounts, and their token subresource (TokenRequest: a JWT the cluster signs, which the
// authenticator and TokenReview accept). Table: NAME SECRETS AGE (SECRETS counts the listed secrets).
import type { KindDef, KindServices, KubeObject, Strategy } from '../types.js';
import { Errors, Field } from '../../apiserver/status.js';
import { timestamp } from '../../apiserver/objects.js';
import { DEFAULT_AUDIENCE } from '../../tokens.js';
import { column } from '../types.js';
import { age } from '../../apiserver/table.js';
import { count, resource } from '../common.js';

interface ServiceAccount extends KubeObject {
  secrets?: unknown[];
}

export const serviceAccountStrategy: Strategy<ServiceAccount> = {
  columns: [column('Secrets', 'string', 'Secrets is a list of the secrets in the same namespace that pods running using this ServiceAccount are allowed to use.'), column('Age', 'string', 'CreationTimestamp is a timestamp representing the server time when this object was created.')],
  row: (obj, now) => [count(obj.secrets), age(obj, now)],
};

interface TokenRequest extends KubeObject {
  spec?: { audiences?: string[]; expirationSeconds?: number; boundObjectRef?: unknown };
}

/** POST serviceaccounts/<name>/token: a TokenRequest answered with a signed token (1 h by default). */
function requestToken(sa: ServiceAccount, body: KubeObject, services: KindServices): KubeObject {
  const req = body as TokenRequest;
  const seconds = req.spec?.expirationSeconds ?? 3600;
  if (seconds < 600) throw Errors.invalid('authentication.k8s.io', 'TokenRequest', sa.metadata.name ?? '', [Field.invalid('spec.expirationSeconds', seconds, 'may not specify a duration less than 10 minutes')]);
  if (seconds > 2 ** 32) throw Errors.invalid('authentication.k8s.io', 'TokenRequest', sa.metadata.name ?? '', [Field.invalid('spec.expirationSeconds', seconds, 'may not specify a duration larger than 2^32 seconds')]);
  const audiences = req.spec?.audiences ?? [];
  const { token, expires } = services.issueToken(sa.metadata.namespace ?? '', sa.metadata.name ?? '', sa.metadata.uid ?? '', audiences, seconds);
  return {
    kind: 'TokenRequest',
    apiVersion: 'authentication.k8s.io/v1',
    metadata: { name: sa.metadata.name, namespace: sa.metadata.namespace, creationTimestamp: timestamp(new Date()) },
    spec: { audiences: audiences.length ? audiences : [DEFAULT_AUDIENCE], expirationSeconds: seconds, boundObjectRef: req.spec?.boundObjectRef ?? null },
    status: { token, expirationTimestamp: timestamp(expires) },
  };
}

export const serviceaccounts: KindDef<ServiceAccount> = {
  info: resource('', 'v1', 'serviceaccounts'),
  strategy: serviceAccountStrategy,
  subresourceCreate: { token: requestToken },
};
