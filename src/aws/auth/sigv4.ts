import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { ChunkSignatureVerifier } from './chunked.js';

/**
 * The SigV4 algorithm from the verifier's side: canonical request, string to sign, signing key and the
 * chunk/trailer chain of streaming uploads. Pure functions; policy (which key, which error) is in strict.ts.
 */

export const ALGORITHM = 'AWS4-HMAC-SHA256';
export const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
export const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD';

export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** RFC 3986 percent-encoding as SigV4 wants it: everything but A-Z a-z 0-9 - . _ ~ (and '/' when asked). */
export function uriEncode(s: string, keepSlash: boolean): string {
  const e = encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return keepSlash ? e.replace(/%2F/g, '/') : e;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/**
 * The canonical URI forms a correct client may have signed. S3 signs the path as sent, encoded once, never
 * normalized (a client may have encoded more or less than strictly needed, so the strict re-encoding is tried
 * too); every other service drops empty and dot segments and encodes the already-encoded path again.
 */
export function canonicalUriCandidates(rawPath: string, s3: boolean): string[] {
  const path = rawPath || '/';
  if (s3) return unique([path, path.split('/').map((seg) => uriEncode(safeDecode(seg), false)).join('/')]);
  const out: string[] = [];
  for (const seg of path.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') out.pop();
    else out.push(seg);
  }
  const normalized = `${path.startsWith('/') ? '/' : ''}${out.join('/')}${out.length > 0 && path.endsWith('/') ? '/' : ''}`;
  return [uriEncode(normalized, true)];
}

/** Sorted, strictly re-encoded query; `exclude` drops X-Amz-Signature from a presigned URL. */
export function canonicalQuery(rawQuery: string, exclude?: string): string {
  const pairs: [string, string][] = [];
  for (const part of rawQuery.split('&')) {
    if (!part) continue;
    const eq = part.indexOf('=');
    const k = safeDecode(eq >= 0 ? part.slice(0, eq) : part);
    if (k === exclude) continue;
    const v = eq >= 0 ? safeDecode(part.slice(eq + 1)) : '';
    pairs.push([uriEncode(k, false), uriEncode(v, false)]);
  }
  pairs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
  return pairs.map(([k, v]) => `${k}=${v}`).join('&');
}

/** "name:value\n" per signed header, value trimmed with inner runs of whitespace folded to one space. */
export function canonicalHeaders(headers: Record<string, string>, signedHeaders: string[]): string {
  let out = '';
  for (const name of signedHeaders) out += `${name}:${(headers[name] ?? '').trim().replace(/\s+/g, ' ')}\n`;
  return out;
}

export interface CanonicalParts {
  method: string;
  uri: string;
  query: string;
  headers: Record<string, string>;
  signedHeaders: string[];
  payloadHash: string;
}

export function canonicalRequest(p: CanonicalParts): string {
  return [p.method, p.uri, p.query, canonicalHeaders(p.headers, p.signedHeaders), p.signedHeaders.join(';'), p.payloadHash].join('\n');
}

export function stringToSign(amzDate: string, scope: string, canonical: string): string {
  return `${ALGORITHM}\n${amzDate}\n${scope}\n${sha256Hex(canonical)}`;
}

// Deriving a key is four HMACs; a busy client signs thousands of requests a second with the same scope.
const keyCache = new Map<string, Buffer>();

export function signingKey(secret: string, date: string, region: string, service: string): Buffer {
  const id = `${secret}\0${date}\0${region}\0${service}`;
  let key = keyCache.get(id);
  if (!key) {
    const kDate = createHmac('sha256', `AWS4${secret}`).update(date).digest();
    const kRegion = createHmac('sha256', kDate).update(region).digest();
    const kService = createHmac('sha256', kRegion).update(service).digest();
    key = createHmac('sha256', kService).update('aws4_request').digest();
    if (keyCache.size >= 256) keyCache.clear();
    keyCache.set(id, key);
  }
  return key;
}

export function hmacHex(key: Buffer, data: string): string {
  return createHmac('sha256', key).update(data).digest('hex');
}

/** Constant-time comparison of two hex signatures. */
export function signaturesEqual(a: string, b: string): boolean {
  const x = Buffer.from(a, 'latin1');
  const y = Buffer.from(b.toLowerCase(), 'latin1');
  return x.length === y.length && timingSafeEqual(x, y);
}

export interface ParsedAuthorization {
  credential?: string;
  signedHeaders?: string;
  signature?: string;
}

/** Splits `AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=…` (any order, spaces optional). */
export function parseAuthorizationHeader(value: string): ParsedAuthorization {
  const out: ParsedAuthorization = {};
  for (const part of value.slice(ALGORITHM.length).split(',')) {
    const p = part.trim();
    const eq = p.indexOf('=');
    if (eq < 0) continue;
    const k = p.slice(0, eq).trim();
    const v = p.slice(eq + 1).trim();
    if (k === 'Credential') out.credential = v;
    else if (k === 'SignedHeaders') out.signedHeaders = v;
    else if (k === 'Signature') out.signature = v;
  }
  return out;
}

/** Parses SigV4's basic ISO 8601 form, 20150830T123600Z. */
export function parseAmzDate(s: string): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(s);
  if (!m) return undefined;
  const d = new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!));
  return Number.isNaN(d.getTime()) ? undefined : d;
}

export function formatAmzDate(d: Date): string {
  return d.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

/**
 * The signature chain of a signed streaming upload: each chunk's string to sign names the previous
 * signature (the request's own signature for the first chunk), then the trailer's names the last chunk's.
 */
export function chunkVerifier(key: Buffer, amzDate: string, scope: string, seedSignature: string): ChunkSignatureVerifier {
  let previous = seedSignature.toLowerCase();
  const check = (sts: string, provided: string) => {
    const expected = hmacHex(key, sts);
    previous = expected;
    return signaturesEqual(expected, provided);
  };
  return {
    chunk: (hash, sig) => check(`AWS4-HMAC-SHA256-PAYLOAD\n${amzDate}\n${scope}\n${previous}\n${EMPTY_SHA256}\n${hash}`, sig),
    trailer: (hash, sig) => check(`AWS4-HMAC-SHA256-TRAILER\n${amzDate}\n${scope}\n${previous}\n${hash}`, sig),
  };
}

function unique(xs: string[]): string[] {
  return [...new Set(xs)];
}
