import { Readable } from 'node:stream';
import type { HttpRequest } from '../protocol/http.js';
import { queryParam, readBody } from '../protocol/http.js';
import type { StoredCredential } from './credentials.js';
import type { AuthEnv } from './authenticate.js';
import type { ChunkSignatureVerifier } from './chunked.js';
import { isStreamingMode } from './chunked.js';
import { S3AuthErrors } from './errors.js';
import { isSigV2, verifySigV2 } from './sigv2.js';
import {
  ALGORITHM,
  UNSIGNED_PAYLOAD,
  canonicalQuery,
  canonicalRequest,
  canonicalUriCandidates,
  chunkVerifier,
  formatAmzDate,
  hmacHex,
  parseAmzDate,
  parseAuthorizationHeader,
  sha256Hex,
  signaturesEqual,
  signingKey,
  stringToSign,
} from './sigv4.js';
import { authErrors, checkCredential, skewMessage, type AuthErrors, type AuthFamily } from './strict.js';

export interface Verified {
  credential: StoredCredential;
  region: string;
  /** Checks the chunk chain of a signed streaming body. */
  verifier?: ChunkSignatureVerifier;
  /** The body, when it had to be read to hash it (non-S3 services sign the payload's digest). */
  body?: Readable;
}

const MAX_SKEW_MS = 15 * 60 * 1000;
const MAX_PRESIGN_SECONDS = 604800;
const HEX_SHA256 = /^[0-9a-fA-F]{64}$/;

// Query services that also speak JSON/CBOR keep their query error codes (awsQueryCompatible in the models).
const QUERY_COMPATIBLE = new Set(['monitoring', 'sqs']);

/** The error vocabulary for a request, from what the gateway routed it by (scope, target, body type). */
export function authFamily(req: Pick<HttpRequest, 'headers' | 'query'>, scopeService: string | undefined): AuthFamily {
  if (scopeService === 's3' || scopeService === 's3-object-lambda') return 's3';
  if (scopeService !== undefined && QUERY_COMPATIBLE.has(scopeService)) return 'query';
  const ct = req.headers['content-type'] ?? '';
  if (req.headers['x-amz-target'] || req.headers['smithy-protocol'] || ct.includes('json') || ct.includes('cbor')) return 'json';
  if (scopeService !== undefined || ct.startsWith('application/x-www-form-urlencoded') || queryParam(req, 'Action')) return 'query';
  return 's3';
}

/** What the two SigV4 forms carry, once taken apart. */
interface SignedRequest {
  presigned: boolean;
  accessKeyId: string;
  scopeDate: string;
  region: string;
  service: string;
  amzDate: string;
  signedHeaders: string[];
  signature: string;
  token: string | undefined;
}

/**
 * Verifies a request's SigV4 signature under strict auth against the keys the CredentialStore knows,
 * throwing the error the real service gives for each kind of failure.
 */
export async function verifySignature(req: HttpRequest, env: AuthEnv, family: AuthFamily): Promise<Verified> {
  if (family === 's3' && isSigV2(req)) return verifySigV2(req, env);
  const errors = authErrors(family);
  const now = env.clock.now();
  const signed = parseSigned(req, errors, now, family);
  const credential = checkCredential(env.credentials.get(signed.accessKeyId), signed.accessKeyId, signed.token, now, errors);

  let body: Readable | undefined;
  let payloadHashes: string[];
  const sha = req.headers['x-amz-content-sha256'];
  if (family === 's3') {
    if (signed.presigned) {
      payloadHashes = [...new Set([queryParam(req, 'X-Amz-Content-Sha256') ?? sha ?? UNSIGNED_PAYLOAD, UNSIGNED_PAYLOAD])];
    } else {
      if (sha === undefined) throw S3AuthErrors.missingContentSha256();
      if (sha !== UNSIGNED_PAYLOAD && !isStreamingMode(sha) && !HEX_SHA256.test(sha)) throw S3AuthErrors.invalidContentSha256();
      payloadHashes = [sha];
    }
  } else if (sha !== undefined) {
    payloadHashes = [sha];
  } else {
    // Service documents are small (the gateway has often read them already); their digest is signed.
    const buf = await readBody(req.body);
    body = Readable.from([buf]);
    const digest = sha256Hex(buf);
    payloadHashes = signed.presigned ? [UNSIGNED_PAYLOAD, digest] : [digest];
  }

  const scope = `${signed.scopeDate}/${signed.region}/${signed.service}/aws4_request`;
  const key = signingKey(credential.secretAccessKey, signed.scopeDate, signed.region, signed.service);
  const query = canonicalQuery(req.rawQuery, signed.presigned ? 'X-Amz-Signature' : undefined);
  let first: { canonical: string; sts: string } | undefined;
  let matched = false;
  for (const uri of canonicalUriCandidates(req.rawPath, family === 's3')) {
    for (const payloadHash of payloadHashes) {
      const canonical = canonicalRequest({ method: req.method, uri, query, headers: req.headers, signedHeaders: signed.signedHeaders, payloadHash });
      const sts = stringToSign(signed.amzDate, scope, canonical);
      first ??= { canonical, sts };
      if (signaturesEqual(hmacHex(key, sts), signed.signature)) {
        matched = true;
        break;
      }
    }
    if (matched) break;
  }
  if (!matched) {
    throw errors.mismatch({ accessKeyId: signed.accessKeyId, stringToSign: first!.sts, canonicalRequest: first!.canonical, signatureProvided: signed.signature });
  }

  let verifier: ChunkSignatureVerifier | undefined;
  if (sha === 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD' || sha === 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER') {
    verifier = chunkVerifier(key, signed.amzDate, scope, signed.signature);
  } else if (sha?.startsWith('STREAMING-AWS4-ECDSA')) {
    throw errors.notImplemented('SigV4a (ECDSA) chunk signing');
  }
  return { credential, region: signed.region, verifier, body };
}

function parseSigned(req: HttpRequest, errors: AuthErrors, now: Date, family: AuthFamily): SignedRequest {
  const auth = req.headers['authorization'];
  const presigned = auth === undefined && (queryParam(req, 'X-Amz-Signature') !== undefined || queryParam(req, 'X-Amz-Algorithm') !== undefined);
  if (auth === undefined && !presigned) throw errors.missingAuth();
  if (auth !== undefined) {
    if (auth.startsWith('AWS4-ECDSA-P256-SHA256')) throw errors.notImplemented('SigV4a (AWS4-ECDSA-P256-SHA256) signing');
    if (!auth.startsWith(`${ALGORITHM} `)) {
      throw errors.malformed('The authorization mechanism you have provided is not supported. Please use AWS4-HMAC-SHA256.', false);
    }
    const p = parseAuthorizationHeader(auth);
    const missing = (['Credential', 'Signature', 'SignedHeaders'] as const).filter((k) => !p[k === 'Credential' ? 'credential' : k === 'Signature' ? 'signature' : 'signedHeaders']);
    if (missing.length > 0) {
      throw errors.malformed(`${missing.map((k) => `Authorization header requires '${k}' parameter.`).join(' ')} Authorization=${auth}`, false);
    }
    const dateHeader = req.headers['x-amz-date'] ?? (req.headers['date'] ? formatHttpDate(req.headers['date']) : undefined);
    if (!dateHeader) throw errors.malformed("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.", false);
    const s = splitCredential(p.credential!, errors, false);
    const date = parseAmzDate(dateHeader);
    if (!date) throw errors.malformed(`Invalid X-Amz-Date: ${dateHeader}`, false);
    if (s.scopeDate !== dateHeader.slice(0, 8)) {
      throw errors.malformed('The authorization header is malformed; Invalid credential date. Date is not the same as X-Amz-Date.', false);
    }
    const skew = date.getTime() - now.getTime();
    if (Math.abs(skew) > MAX_SKEW_MS) {
      throw errors.skewed(isoSeconds(date), isoSeconds(now), skewMessage(dateHeader, now, formatAmzDate, skew > 0));
    }
    return { presigned: false, ...s, amzDate: dateHeader, signedHeaders: p.signedHeaders!.split(';'), signature: p.signature!, token: req.headers['x-amz-security-token'] };
  }

  const algorithm = queryParam(req, 'X-Amz-Algorithm');
  const credential = queryParam(req, 'X-Amz-Credential');
  const amzDate = queryParam(req, 'X-Amz-Date');
  const signedHeaders = queryParam(req, 'X-Amz-SignedHeaders');
  const signature = queryParam(req, 'X-Amz-Signature');
  const expires = queryParam(req, 'X-Amz-Expires');
  if (!algorithm || !credential || !amzDate || !signedHeaders || !signature || (expires === undefined && family === 's3')) {
    throw errors.malformed(
      'Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.',
      true,
    );
  }
  if (algorithm === 'AWS4-ECDSA-P256-SHA256') throw errors.notImplemented('SigV4a (AWS4-ECDSA-P256-SHA256) signing');
  if (algorithm !== ALGORITHM) throw errors.malformed('X-Amz-Algorithm only supports "AWS4-HMAC-SHA256"', true);
  const s = splitCredential(credential, errors, true);
  const date = parseAmzDate(amzDate);
  if (!date) throw errors.malformed(`X-Amz-Date must be in the ISO8601 Long Format "yyyyMMdd'T'HHmmss'Z'"`, true);
  if (expires !== undefined) {
    if (!/^\d+$/.test(expires)) throw errors.malformed('X-Amz-Expires should be a number', true);
    const seconds = Number(expires);
    if (seconds > MAX_PRESIGN_SECONDS) throw errors.malformed('X-Amz-Expires must be less than a week (in seconds) that is 604800', true);
    const expiresAt = new Date(date.getTime() + seconds * 1000);
    if (now.getTime() > expiresAt.getTime()) throw errors.presignExpired(expires, isoSeconds(expiresAt), isoSeconds(now));
  }
  return { presigned: true, ...s, amzDate, signedHeaders: signedHeaders.split(';'), signature, token: queryParam(req, 'X-Amz-Security-Token') };
}

function splitCredential(credential: string, errors: AuthErrors, presigned: boolean) {
  const parts = credential.split('/');
  if (parts.length !== 5 || parts[4] !== 'aws4_request' || !/^\d{8}$/.test(parts[1]!) || !parts[0]) {
    throw errors.malformed(
      `The authorization header is malformed; the Credential is mal-formed; expecting "<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request".`,
      presigned,
    );
  }
  return { accessKeyId: parts[0], scopeDate: parts[1]!, region: parts[2]!, service: parts[3]! };
}

/** S3 prints times as 2015-08-30T12:36:00Z. */
function isoSeconds(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function formatHttpDate(value: string): string | undefined {
  const t = Date.parse(value);
  return Number.isNaN(t) ? undefined : formatAmzDate(new Date(t));
}
