import { createHmac, timingSafeEqual } from 'node:crypto';
import type { HttpRequest } from '../protocol/http.js';
import { queryParam } from '../protocol/http.js';
import type { AuthEnv } from './authenticate.js';
import { S3AuthErrors } from './errors.js';
import { checkCredential, authErrors } from './strict.js';
import type { Verified } from './verify.js';

/**
 * S3's legacy signature (HMAC-SHA1, "AWS AKID:sig" or ?AWSAccessKeyId&Signature&Expires). It stays
 * because boto3 and `aws s3 presign` still presign with it in us-east-1 unless told to use s3v4.
 */

// The query parameters that are part of the resource being signed (botocore's list, which mirrors S3's).
const SUBRESOURCES = new Set([
  'accelerate', 'acl', 'analytics', 'cors', 'defaultObjectAcl', 'delete', 'encryption', 'intelligent-tiering', 'inventory',
  'legal-hold', 'lifecycle', 'location', 'logging', 'metrics', 'notification', 'object-lock', 'ownershipControls', 'partNumber',
  'policy', 'publicAccessBlock', 'replication', 'requestPayment', 'response-cache-control', 'response-content-disposition',
  'response-content-encoding', 'response-content-language', 'response-content-type', 'response-expires', 'restore', 'retention',
  'select', 'select-type', 'storageClass', 'tagging', 'torrent', 'uploadId', 'uploads', 'versionId', 'versioning', 'versions', 'website',
]);

export function isSigV2(req: Pick<HttpRequest, 'headers' | 'query'>): boolean {
  const auth = req.headers['authorization'];
  if (auth !== undefined) return auth.startsWith('AWS ');
  return queryParam(req, 'AWSAccessKeyId') !== undefined && queryParam(req, 'Signature') !== undefined;
}

function decode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** The bucket-qualified paths a client may have signed: path style as sent, or virtual host's bucket prefixed. */
function resourcePaths(req: HttpRequest): string[] {
  const out = [req.rawPath || '/'];
  const host = req.hostname;
  if (host && !/^[\d.]+$/.test(host) && !host.startsWith('[') && host !== 'localhost') {
    const m = /^(.+?)\.(?:s3[.-]|localhost)/.exec(host);
    out.push(`/${m ? m[1] : host}${req.rawPath || '/'}`);
    if (!m && host.includes('.')) out.push(`/${host.split('.')[0]}${req.rawPath || '/'}`);
  }
  return out;
}

function subresourceSuffix(rawQuery: string): string {
  const picked: [string, string | undefined][] = [];
  for (const part of rawQuery.split('&')) {
    const eq = part.indexOf('=');
    const k = eq >= 0 ? part.slice(0, eq) : part;
    if (SUBRESOURCES.has(k)) picked.push([k, eq >= 0 ? decode(part.slice(eq + 1)) : undefined]);
  }
  if (picked.length === 0) return '';
  picked.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return `?${picked.map(([k, v]) => (v === undefined ? k : `${k}=${v}`)).join('&')}`;
}

/** Verifies a SigV2 request (S3 only) against the known keys. */
export function verifySigV2(req: HttpRequest, env: AuthEnv): Verified {
  const errors = authErrors('s3');
  const now = env.clock.now();
  const auth = req.headers['authorization'];
  let accessKeyId: string;
  let signature: string;
  let dateLine: string;
  const amz = new Map<string, string>();
  for (const [k, v] of Object.entries(req.headers)) if (k.startsWith('x-amz-')) amz.set(k, v.trim());
  let contentMd5 = req.headers['content-md5'] ?? '';
  let contentType = req.headers['content-type'] ?? '';
  if (auth !== undefined) {
    const m = /^AWS ([^:]+):(.+)$/.exec(auth.trim());
    if (!m) throw S3AuthErrors.invalidArgumentAuth();
    accessKeyId = m[1]!;
    signature = m[2]!;
    // With x-amz-date present the Date line is empty and the time is signed among the x-amz- headers.
    dateLine = amz.has('x-amz-date') ? '' : (req.headers['date'] ?? '');
    const t = Date.parse(amz.get('x-amz-date') ?? req.headers['date'] ?? '');
    if (Number.isNaN(t)) throw S3AuthErrors.accessDenied('AWS authentication requires a valid Date or x-amz-date header');
    if (Math.abs(t - now.getTime()) > 15 * 60 * 1000) throw errors.skewed(new Date(t).toISOString(), now.toISOString(), '');
  } else {
    accessKeyId = queryParam(req, 'AWSAccessKeyId')!;
    signature = queryParam(req, 'Signature')!;
    const expires = queryParam(req, 'Expires') ?? '';
    if (!/^\d+$/.test(expires)) throw S3AuthErrors.accessDenied('Query-string authentication requires the Signature, Expires and AWSAccessKeyId parameters');
    if (now.getTime() > Number(expires) * 1000) {
      throw S3AuthErrors.accessDenied('Request has expired', {
        Expires: new Date(Number(expires) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
        ServerTime: now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
      });
    }
    dateLine = expires;
    // A presigned URL carries the headers it signed as query parameters.
    for (const [k, v] of req.query) {
      const lk = k.toLowerCase();
      if (lk.startsWith('x-amz-')) amz.set(lk, v);
      else if (lk === 'content-md5') contentMd5 = v;
      else if (lk === 'content-type') contentType = v;
    }
  }
  const token = amz.get('x-amz-security-token');
  const credential = checkCredential(env.credentials.get(accessKeyId), accessKeyId, token, now, errors);
  const amzLines = [...amz.keys()].sort().map((k) => `${k}:${amz.get(k)}\n`).join('');
  const suffix = subresourceSuffix(req.rawQuery);
  const provided = Buffer.from(signature, 'latin1');
  let first = '';
  for (const path of resourcePaths(req)) {
    const sts = `${req.method}\n${contentMd5.trim()}\n${contentType.trim()}\n${dateLine}\n${amzLines}${path}${suffix}`;
    first ||= sts;
    const expected = Buffer.from(createHmac('sha1', credential.secretAccessKey).update(sts).digest('base64'), 'latin1');
    if (expected.length === provided.length && timingSafeEqual(expected, provided)) {
      return { credential, region: env.config.defaultRegion };
    }
  }
  throw S3AuthErrors.signatureDoesNotMatch({
    AWSAccessKeyId: accessKeyId,
    StringToSign: first,
    SignatureProvided: signature,
    StringToSignBytes: Buffer.from(first).toString('hex').replace(/(..)(?!$)/g, '$1 '),
  });
}
