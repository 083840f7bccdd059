// ServiceAccount tokens: JWTs (ES256) signed with the cluster's service-account key, with
// upstream's claims, issued by TokenRequest and accepted by the authenticator and TokenReview.
// The key lives beside the CA (<data-dir>/kube/<cluster>/sa.key) so tokens survive restarts.
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, randomUUID, sign, verify, type KeyObject } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const DEFAULT_AUDIENCE = 'https://kubernetes.default.svc.cluster.local';
const ISSUER = 'https://kubernetes.default.svc.cluster.local';

export interface TokenClaims {
  aud: string[];
  exp: number;
  iat: number;
  nbf: number;
  iss: string;
  jti: string;
  sub: string;
  'kubernetes.io': { namespace: string; serviceaccount: { name: string; uid: string } };
}

const b64url = (b: Buffer | string) => Buffer.from(b).toString('base64url');

export class TokenIssuer {
  private readonly privateKey: KeyObject;
  private readonly publicKey: KeyObject;
  private readonly kid: string;

  constructor(dir: string) {
    const file = path.join(dir, 'sa.key');
    if (!existsSync(file)) {
      const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
      writeFileSync(file, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
    }
    this.privateKey = createPrivateKey(readFileSync(file));
    this.publicKey = createPublicKey(this.privateKey);
    this.kid = createHash('sha256').update(this.publicKey.export({ type: 'spki', format: 'der' })).digest('base64url');
  }

  issue(namespace: string, name: string, uid: string, audiences: string[], expirationSeconds: number, now = new Date()): { token: string; expires: Date } {
    const iat = Math.floor(now.getTime() / 1000);
    const claims: TokenClaims = {
      aud: audiences.length ? audiences : [DEFAULT_AUDIENCE],
      exp: iat + expirationSeconds,
      iat,
      iss: ISSUER,
      jti: randomUUID(),
      'kubernetes.io': { namespace, serviceaccount: { name, uid } },
      nbf: iat,
      sub: `system:serviceaccount:${namespace}:${name}`,
    };
    const signingInput = `${b64url(JSON.stringify({ alg: 'ES256', kid: this.kid }))}.${b64url(JSON.stringify(claims))}`;
    const sig = sign('sha256', Buffer.from(signingInput), { key: this.privateKey, dsaEncoding: 'ieee-p1363' });
    return { token: `${signingInput}.${b64url(sig)}`, expires: new Date((iat + expirationSeconds) * 1000) };
  }

  /** The claims of a token this cluster signed that is valid now for one of `audiences`, else null. */
  verify(token: string, audiences: string[] = [DEFAULT_AUDIENCE], now = new Date()): TokenClaims | null {
    const parts = token.split('.');
    if (parts.length !== 3) return null;
    const ok = verify('sha256', Buffer.from(`${parts[0]}.${parts[1]}`), { key: this.publicKey, dsaEncoding: 'ieee-p1363' }, Buffer.from(parts[2]!, 'base64url'));
    if (!ok) return null;
    let claims: TokenClaims;
    try {
      claims = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8')) as TokenClaims;
    } catch {
      return null;
    }
    const t = Math.floor(now.getTime() / 1000);
    if (claims.iss !== ISSUER || t >= claims.exp || t < claims.nbf - 60) return null;
    if (!claims.aud.some((a) => audiences.includes(a))) return null;
    return claims;
  }
}
