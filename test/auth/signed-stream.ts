import http from 'node:http';
import assert from 'node:assert/strict';
import { canonicalRequest, chunkVerifier, formatAmzDate, hmacHex, sha256Hex, signingKey, stringToSign, EMPTY_SHA256 } from '../../src/aws/auth/sigv4.js';

/** Sends a body framed and signed as STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER, the way the Java and Rust SDKs do. */
export async function signedStream(
  target: string,
  secret: string,
  data: Buffer,
  opts: { tamperChunk?: number; truncate?: boolean; accessKeyId?: string } = {},
): Promise<{ status: number; body: string }> {
  const url = new URL(target);
  const now = new Date();
  const amzDate = formatAmzDate(now);
  const scope = `${amzDate.slice(0, 8)}/us-east-1/s3/aws4_request`;
  const headers: Record<string, string> = {
    host: url.host,
    'content-encoding': 'aws-chunked',
    'x-amz-content-sha256': 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER',
    'x-amz-date': amzDate,
    'x-amz-decoded-content-length': String(data.length),
    'x-amz-trailer': 'x-amz-checksum-sha256',
  };
  const signedHeaders = Object.keys(headers).sort();
  const key = signingKey(secret, amzDate.slice(0, 8), 'us-east-1', 's3');
  const canonical = canonicalRequest({ method: 'PUT', uri: url.pathname, query: '', headers, signedHeaders, payloadHash: headers['x-amz-content-sha256']! });
  const seed = hmacHex(key, stringToSign(amzDate, scope, canonical));
  let prev = seed;
  const parts: Buffer[] = [];
  const chunkSize = 8192;
  const chunks: Buffer[] = [];
  for (let off = 0; off < data.length; off += chunkSize) chunks.push(data.subarray(off, off + chunkSize));
  chunks.push(Buffer.alloc(0));
  chunks.forEach((c, i) => {
    prev = hmacHex(key, `AWS4-HMAC-SHA256-PAYLOAD\n${amzDate}\n${scope}\n${prev}\n${EMPTY_SHA256}\n${sha256Hex(c)}`);
    const sig = i === opts.tamperChunk ? prev.replace(/^./, (ch) => (ch === 'a' ? 'b' : 'a')) : prev;
    parts.push(Buffer.from(`${c.length.toString(16)};chunk-signature=${sig}\r\n`), c);
    if (c.length > 0) parts.push(Buffer.from('\r\n'));
  });
  const trailer = `x-amz-checksum-sha256:${Buffer.from(sha256Hex(data), 'hex').toString('base64')}`;
  const trailerSig = hmacHex(key, `AWS4-HMAC-SHA256-TRAILER\n${amzDate}\n${scope}\n${prev}\n${sha256Hex(`${trailer}\n`)}`);
  parts.push(Buffer.from(`${trailer}\r\nx-amz-trailer-signature:${trailerSig}\r\n\r\n`));
  let wire = Buffer.concat(parts);
  if (opts.truncate) wire = wire.subarray(0, wire.length - 100);
  // The verifier itself must agree with the chain this helper built.
  assert.ok(chunkVerifier(key, amzDate, scope, seed).chunk(sha256Hex(chunks[0]!), hmacHex(key, `AWS4-HMAC-SHA256-PAYLOAD\n${amzDate}\n${scope}\n${seed}\n${EMPTY_SHA256}\n${sha256Hex(chunks[0]!)}`)));
  const authorization = `AWS4-HMAC-SHA256 Credential=${opts.accessKeyId ?? 'test'}/${scope}, SignedHeaders=${signedHeaders.join(';')}, Signature=${seed}`;
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'PUT', headers: { ...headers, authorization, 'content-length': wire.length } }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end(wire);
  });
}

