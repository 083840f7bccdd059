import type { Readable } from 'node:stream';
import type { Config } from '../../core/config.js';
import type { Clock } from '../../core/clock.js';
import type { Principal } from '../context.js';
import type { HttpRequest } from '../protocol/http.js';
import type { CredentialStore } from './credentials.js';
import { parseCredentialScope } from './scope.js';
import { DEFAULT_ACCOUNT } from '../../core/ids.js';
import { authFamily, verifySignature } from './verify.js';
import { decodeAwsChunked, isAwsChunked, verifyPayloadSha256, type ChunkSignatureVerifier } from './chunked.js';

export interface AuthEnv {
  config: Config;
  clock: Clock;
  credentials: CredentialStore;
}

export interface AuthResult {
  principal: Principal;
  /** Region from the credential scope, else the configured default. */
  region: string;
  /** The payload with any aws-chunked framing removed. */
  body: Readable;
  /** Filled with the chunked body's trailing headers once `body` has been read to the end. */
  trailers: Record<string, string>;
}

/** The principal a key stands for when nothing is known about it (open mode). */
export function principalForUnknownKey(accessKeyId: string | undefined): Principal {
  const accountId = accessKeyId && /^\d{12}$/.test(accessKeyId) ? accessKeyId : DEFAULT_ACCOUNT;
  return { accessKeyId, accountId, arn: `arn:aws:iam::${accountId}:root`, userId: accountId };
}

const HEX_SHA256 = /^[0-9a-fA-F]{64}$/;

/**
 * Unwraps the payload: aws-chunked framing is decoded (trailers collected, chunk signatures checked when a
 * verifier is given). Under strict auth a body whose x-amz-content-sha256 is a digest is checked against it
 * as it streams; open mode skips that SHA-256 pass, because it would share the one busy thread with the
 * S3 ETag's MD5 on every large upload and open mode vouches for nothing anyway.
 */
export function decodePayload(
  req: HttpRequest,
  verifier?: ChunkSignatureVerifier,
  checkDigest = false,
): { body: Readable; trailers: Record<string, string> } {
  const trailers: Record<string, string> = {};
  const sha = req.headers['x-amz-content-sha256'];
  if (isAwsChunked(req.headers)) {
    const decoded = req.headers['x-amz-decoded-content-length'];
    const body = decodeAwsChunked(req.body, {
      trailers,
      decodedLength: decoded !== undefined && /^\d+$/.test(decoded) ? Number(decoded) : undefined,
      declaredTrailers: req.headers['x-amz-trailer']?.split(',').map((n) => n.trim().toLowerCase()).filter(Boolean),
      signedChunks: sha !== undefined && sha.startsWith('STREAMING-AWS4-'),
      verifier,
    });
    return { body, trailers };
  }
  if (checkDigest && sha !== undefined && HEX_SHA256.test(sha)) return { body: verifyPayloadSha256(req.body, sha), trailers };
  return { body: req.body, trailers };
}

/**
 * Establishes who sent the request. Open mode (the default) accepts any key: a key IAM or STS issued maps
 * to its principal, a 12-digit key id is that account, anything else is account 000000000000. Strict mode
 * verifies the signature (header or presigned, then each chunk of a signed stream) against the known keys.
 */
export async function authenticate(req: HttpRequest, env: AuthEnv): Promise<AuthResult> {
  const scope = parseCredentialScope(req);
  if (env.config.auth === 'strict') {
    const v = await verifySignature(req, env, authFamily(req, scope?.service));
    const c = v.credential;
    const principal: Principal = { accessKeyId: c.accessKeyId, accountId: c.accountId, arn: c.principalArn, userId: c.userId, sessionToken: c.sessionToken };
    const { body, trailers } = decodePayload(v.body ? { ...req, body: v.body } : req, v.verifier, true);
    return { principal, region: v.region, body, trailers };
  }
  const known = scope ? env.credentials.get(scope.accessKeyId) : undefined;
  const principal: Principal = known
    ? { accessKeyId: known.accessKeyId, accountId: known.accountId, arn: known.principalArn, userId: known.userId, sessionToken: known.sessionToken }
    : principalForUnknownKey(scope?.accessKeyId);
  const { body, trailers } = decodePayload(req);
  return { principal, region: scope?.region || env.config.defaultRegion, body, trailers };
}
