import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { PassThrough, Readable } from 'node:stream';
import { decodeAwsChunked, verifyPayloadSha256, isAwsChunked, type ChunkSignatureVerifier } from '../../src/aws/auth/chunked.js';
import { AwsError } from '../../src/aws/errors.js';

/** Frames `data` as aws-chunked, the way the SDKs do (optionally with per-chunk signatures and trailers). */
function frame(data: Buffer, chunkSize: number, opts: { sigs?: boolean; trailers?: [string, string][]; trailerSig?: string; finalCrlf?: boolean } = {}): Buffer {
  const parts: Buffer[] = [];
  const ext = (i: number) => (opts.sigs ? `;chunk-signature=${String(i).padStart(64, '0')}` : '');
  let i = 0;
  for (let off = 0; off < data.length; off += chunkSize, i++) {
    const c = data.subarray(off, off + chunkSize);
    parts.push(Buffer.from(`${c.length.toString(16)}${ext(i)}\r\n`), c, Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`0${ext(i)}\r\n`));
  for (const [k, v] of opts.trailers ?? []) parts.push(Buffer.from(`${k}:${v}\r\n`));
  if (opts.trailerSig) parts.push(Buffer.from(`x-amz-trailer-signature:${opts.trailerSig}\r\n`));
  if (opts.finalCrlf !== false) parts.push(Buffer.from('\r\n'));
  return Buffer.concat(parts);
}

async function collect(r: Readable): Promise<Buffer> {
  const out: Buffer[] = [];
  for await (const c of r as AsyncIterable<Buffer>) out.push(c);
  return Buffer.concat(out);
}

/** Feeds `wire` in pieces of the given sizes, as TCP might deliver it. */
function packets(wire: Buffer, sizes: number[]): Readable {
  const out: Buffer[] = [];
  let off = 0;
  let i = 0;
  while (off < wire.length) {
    const n = sizes[i++ % sizes.length]!;
    out.push(wire.subarray(off, off + n));
    off += n;
  }
  return Readable.from(out);
}

async function rejectsWith(p: Promise<unknown>, code: string): Promise<AwsError> {
  try {
    await p;
  } catch (err) {
    assert.ok(err instanceof AwsError, `expected AwsError, got ${String(err)}`);
    assert.equal(err.code, code);
    return err;
  }
  assert.fail(`expected ${code}`);
}

test('isAwsChunked recognises the content-encoding and every streaming payload mode', () => {
  assert.equal(isAwsChunked({ 'content-encoding': 'gzip, aws-chunked' }), true);
  assert.equal(isAwsChunked({ 'x-amz-content-sha256': 'STREAMING-UNSIGNED-PAYLOAD-TRAILER' }), true);
  assert.equal(isAwsChunked({ 'x-amz-content-sha256': 'STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD-TRAILER' }), true);
  assert.equal(isAwsChunked({ 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' }), false);
});

test('decodes with chunk boundaries split across packets at every position, trailers included', async () => {
  const data = randomBytes(300);
  const wire = frame(data, 64, { trailers: [['X-Amz-Checksum-CRC32', 'AAAAAA==']] });
  for (const size of [1, 2, 3, 5, 7, 13, 64, 65, 1000]) {
    const trailers: Record<string, string> = {};
    const out = await collect(decodeAwsChunked(packets(wire, [size, size + 1]), { trailers, signedChunks: false, decodedLength: 300 }));
    assert.deepEqual(out, data, `packet size ${size}`);
    assert.deepEqual(trailers, { 'x-amz-checksum-crc32': 'AAAAAA==' });
  }
});

test('accepts a body that ends after the trailers without the closing blank line, and an empty payload', async () => {
  const trailers: Record<string, string> = {};
  const wire = frame(Buffer.from('hello'), 8, { trailers: [['x-amz-checksum-sha256', 'abc']], finalCrlf: false });
  assert.equal((await collect(decodeAwsChunked(Readable.from([wire]), { trailers, signedChunks: false }))).toString(), 'hello');
  assert.equal(trailers['x-amz-checksum-sha256'], 'abc');
  const empty = await collect(decodeAwsChunked(Readable.from([frame(Buffer.alloc(0), 8)]), { trailers: {}, signedChunks: false, decodedLength: 0 }));
  assert.equal(empty.length, 0);
});

test('a truncated body errors with IncompleteBody at every cut point', async () => {
  const wire = frame(randomBytes(100), 40, { trailers: [['x-amz-checksum-crc32', 'AAAAAA==']] });
  // Cutting inside the final trailer line or blank line is also truncation, except right after a whole trailer line.
  const lastLineStart = wire.length - '\r\n'.length;
  for (let cut = 0; cut < wire.length; cut++) {
    if (cut === lastLineStart) continue;
    const opts = { trailers: {}, signedChunks: false, declaredTrailers: ['x-amz-checksum-crc32'] };
    await rejectsWith(collect(decodeAwsChunked(Readable.from([wire.subarray(0, cut)]), opts)), 'IncompleteBody');
  }
});

test('a source that dies mid-body gives IncompleteBody and the source is not destroyed by the decoder', async () => {
  const src = new PassThrough();
  const dec = decodeAwsChunked(src, { trailers: {}, signedChunks: false });
  src.write('10\r\n0123');
  setImmediate(() => src.destroy(new Error('ECONNRESET')));
  await rejectsWith(collect(dec), 'IncompleteBody');
});

test('x-amz-decoded-content-length must match what arrived', async () => {
  const wire = frame(Buffer.from('hello world'), 4);
  const err = await rejectsWith(collect(decodeAwsChunked(Readable.from([wire]), { trailers: {}, signedChunks: false, decodedLength: 20 })), 'IncompleteBody');
  assert.equal(err.fields.NumberBytesExpected, 20);
  assert.equal(err.fields.NumberBytesProvided, 11);
});

test('malformed framing is refused in S3 terms', async () => {
  const bad = async (wire: string, code: string) => rejectsWith(collect(decodeAwsChunked(Readable.from([Buffer.from(wire)]), { trailers: {}, signedChunks: false })), code);
  await bad('zz\r\nhello\r\n0\r\n\r\n', 'InvalidRequest');
  await bad('5\r\nhelloXX0\r\n\r\n', 'InvalidRequest');
  await bad('5\nhello\r\n0\r\n\r\n', 'InvalidRequest');
  await bad('0\r\nnocolon\r\n\r\n', 'MalformedTrailerError');
  await bad('0\r\n\r\ngarbage', 'InvalidRequest');
  await bad(`${'1'.repeat(5000)}\r\n`, 'InvalidRequest');
  // Signed modes need a signature on every chunk.
  await rejectsWith(collect(decodeAwsChunked(Readable.from([Buffer.from('5\r\nhello\r\n0\r\n\r\n')]), { trailers: {}, signedChunks: true })), 'IncompleteSignature');
});

test('signed chunks: the verifier sees each chunk hash with its signature, then the trailer hash', async () => {
  const data = randomBytes(200);
  const seen: [string, string][] = [];
  const trailerSeen: [string, string][] = [];
  const verifier: ChunkSignatureVerifier = {
    chunk: (h, s) => (seen.push([h, s]), true),
    trailer: (h, s) => (trailerSeen.push([h, s]), true),
  };
  const wire = frame(data, 90, { sigs: true, trailers: [['x-amz-checksum-crc32c', 'sOO8/Q==']], trailerSig: 'f'.repeat(64) });
  const out = await collect(decodeAwsChunked(packets(wire, [7, 33]), { trailers: {}, signedChunks: true, verifier }));
  assert.deepEqual(out, data);
  const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
  assert.deepEqual(seen, [
    [sha(data.subarray(0, 90)), '0'.repeat(64)],
    [sha(data.subarray(90, 180)), '1'.padStart(64, '0')],
    [sha(data.subarray(180)), '2'.padStart(64, '0')],
    [sha(Buffer.alloc(0)), '3'.padStart(64, '0')],
  ]);
  assert.deepEqual(trailerSeen, [[sha(Buffer.from('x-amz-checksum-crc32c:sOO8/Q==\n')), 'f'.repeat(64)]]);
});

test('a chunk whose signature does not verify stops the stream with SignatureDoesNotMatch', async () => {
  const verifier: ChunkSignatureVerifier = { chunk: () => false, trailer: () => true };
  const wire = frame(randomBytes(50), 20, { sigs: true });
  await rejectsWith(collect(decodeAwsChunked(Readable.from([wire]), { trailers: {}, signedChunks: true, verifier })), 'SignatureDoesNotMatch');
});

test('a plain body is checked against the hex x-amz-content-sha256', async () => {
  const body = Buffer.from('some payload');
  const good = createHash('sha256').update(body).digest('hex');
  assert.deepEqual(await collect(verifyPayloadSha256(Readable.from([body]), good)), body);
  const err = await rejectsWith(collect(verifyPayloadSha256(Readable.from([body]), 'a'.repeat(64))), 'XAmzContentSHA256Mismatch');
  assert.equal(err.fields.S3ComputedContentSHA256, good);
});
