import { createHash, type Hash } from 'node:crypto';
import { Transform, type Readable, type TransformCallback } from 'node:stream';
import { S3AuthErrors } from './errors.js';

/** The x-amz-content-sha256 values that announce an aws-chunked body. */
export const STREAMING_MODES = [
  'STREAMING-AWS4-HMAC-SHA256-PAYLOAD',
  'STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER',
  'STREAMING-UNSIGNED-PAYLOAD-TRAILER',
  'STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD',
  'STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD-TRAILER',
] as const;
export type StreamingMode = (typeof STREAMING_MODES)[number];

export function isStreamingMode(v: string | undefined): v is StreamingMode {
  return v !== undefined && (STREAMING_MODES as readonly string[]).includes(v);
}

/** True when the body is aws-chunked framed: announced by Content-Encoding or by the payload hash. */
export function isAwsChunked(headers: Record<string, string>): boolean {
  if (isStreamingMode(headers['x-amz-content-sha256'])) return true;
  const ce = headers['content-encoding'];
  return ce !== undefined && ce.split(',').some((e) => e.trim().toLowerCase() === 'aws-chunked');
}

/**
 * Checks chunk and trailer signatures under strict auth (built by sigv4.ts). Each call advances the chain:
 * a chunk's signature covers the previous one, starting from the request's seed signature.
 */
export interface ChunkSignatureVerifier {
  chunk(dataSha256Hex: string, signature: string): boolean;
  trailer(trailerSha256Hex: string, signature: string): boolean;
}

export interface ChunkedOptions {
  /** x-amz-decoded-content-length, when the client sent it: checked against what arrived. */
  decodedLength?: number;
  /** Filled with the trailing headers (lower-cased names) before the stream ends. */
  trailers: Record<string, string>;
  /** Names the client announced in x-amz-trailer (lower-cased): a body that ends without them was cut off. */
  declaredTrailers?: string[];
  /** Whether each chunk header must carry `;chunk-signature=` (the signed streaming modes). */
  signedChunks: boolean;
  /** Present under strict auth for signed modes; absent in open mode, where signatures are only parsed. */
  verifier?: ChunkSignatureVerifier;
}

// Framing is tiny next to the data, so header and trailer lines are capped to keep a hostile body from
// growing the line buffer without bound.
const MAX_LINE = 4096;
const MAX_TRAILER_BYTES = 16 * 1024;
const SIG_PREFIX = 'chunk-signature=';

const enum State {
  Header,
  Data,
  DataCrlf,
  Trailer,
  Done,
}

/**
 * Decodes an aws-chunked body. Data bytes are forwarded as subarrays of the incoming buffers (never copied),
 * so throughput is bounded by the socket and, under strict auth, by SHA-256 of each chunk.
 */
export class AwsChunkedDecoder extends Transform {
  private state = State.Header;
  /** Bytes of an incomplete header or trailer line carried over from the previous packet. */
  private line: Buffer | undefined;
  private remaining = 0;
  private crlfSeen = 0;
  private total = 0;
  private trailerBytes = 0;
  private trailerCanonical = '';
  private chunkSig = '';
  private hash: Hash | undefined;

  constructor(private readonly opts: ChunkedOptions) {
    super({ readableHighWaterMark: 256 * 1024, writableHighWaterMark: 256 * 1024 });
  }

  override _transform(buf: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    try {
      this.consume(buf);
      cb();
    } catch (err) {
      cb(err as Error);
    }
  }

  override _flush(cb: TransformCallback): void {
    // A body may stop right after its last trailer line or after the 0-chunk without the closing blank
    // line (some clients omit it); anything shorter was cut off.
    const cleanEnd = this.state === State.Done || (this.state === State.Trailer && !this.line);
    if (!cleanEnd) return cb(S3AuthErrors.incompleteBody());
    if (this.opts.declaredTrailers?.some((n) => !(n in this.opts.trailers))) return cb(S3AuthErrors.incompleteBody());
    if (this.opts.decodedLength !== undefined && this.opts.decodedLength !== this.total) {
      return cb(S3AuthErrors.decodedLengthMismatch(this.opts.decodedLength, this.total));
    }
    cb();
  }

  /** Bytes of payload decoded so far. */
  get decodedBytes(): number {
    return this.total;
  }

  private consume(buf: Buffer): void {
    let pos = 0;
    const len = buf.length;
    while (pos < len) {
      switch (this.state) {
        case State.Data: {
          const n = Math.min(this.remaining, len - pos);
          const part = buf.subarray(pos, pos + n);
          this.hash?.update(part);
          this.push(part);
          this.remaining -= n;
          this.total += n;
          pos += n;
          if (this.remaining === 0) {
            this.state = State.DataCrlf;
            this.crlfSeen = 0;
          }
          break;
        }
        case State.DataCrlf: {
          const expected = this.crlfSeen === 0 ? 0x0d : 0x0a;
          if (buf[pos] !== expected) throw S3AuthErrors.malformedChunk('chunk data is not followed by CRLF');
          pos++;
          if (++this.crlfSeen === 2) {
            this.finishChunk();
            this.state = State.Header;
          }
          break;
        }
        case State.Header:
        case State.Trailer: {
          const nl = buf.indexOf(0x0a, pos);
          const end = nl < 0 ? len : nl + 1;
          const piece = buf.subarray(pos, end);
          const lineLen = (this.line?.length ?? 0) + piece.length;
          if (lineLen > MAX_LINE) throw this.state === State.Header ? S3AuthErrors.malformedChunk('chunk header too long') : S3AuthErrors.malformedTrailer();
          pos = end;
          if (nl < 0) {
            // Small copy, only for the few bytes of a header line split across packets.
            this.line = this.line ? Buffer.concat([this.line, piece]) : Buffer.from(piece);
            break;
          }
          const full = this.line ? Buffer.concat([this.line, piece]) : piece;
          this.line = undefined;
          if (full.length < 2 || full[full.length - 2] !== 0x0d) {
            throw this.state === State.Header ? S3AuthErrors.malformedChunk('chunk header does not end with CRLF') : S3AuthErrors.malformedTrailer();
          }
          const text = full.toString('latin1', 0, full.length - 2);
          if (this.state === State.Header) this.onHeader(text);
          else this.onTrailerLine(text);
          break;
        }
        case State.Done: {
          // Tolerate stray line breaks after the final blank line; anything else is not aws-chunked.
          const b = buf[pos];
          if (b !== 0x0d && b !== 0x0a) throw S3AuthErrors.malformedChunk('data after the final chunk');
          pos++;
          break;
        }
      }
    }
  }

  private onHeader(text: string): void {
    const semi = text.indexOf(';');
    const sizeText = (semi < 0 ? text : text.slice(0, semi)).trim();
    if (!/^[0-9a-fA-F]{1,16}$/.test(sizeText)) throw S3AuthErrors.malformedChunk(`bad chunk size '${sizeText.slice(0, 32)}'`);
    const size = parseInt(sizeText, 16);
    if (!Number.isSafeInteger(size)) throw S3AuthErrors.malformedChunk('chunk size too large');
    this.chunkSig = '';
    if (semi >= 0) {
      for (const ext of text.slice(semi + 1).split(';')) {
        const e = ext.trim();
        if (e.startsWith(SIG_PREFIX)) this.chunkSig = e.slice(SIG_PREFIX.length);
      }
    }
    if (this.opts.signedChunks && !this.chunkSig) throw S3AuthErrors.missingChunkSignature();
    if (this.opts.verifier) this.hash = createHash('sha256');
    if (size === 0) {
      this.finishChunk();
      this.state = State.Trailer;
    } else {
      this.remaining = size;
      this.state = State.Data;
    }
  }

  private finishChunk(): void {
    const v = this.opts.verifier;
    if (!v || !this.hash) return;
    const digest = this.hash.digest('hex');
    this.hash = undefined;
    if (!v.chunk(digest, this.chunkSig)) throw S3AuthErrors.chunkSignatureMismatch();
  }

  private onTrailerLine(text: string): void {
    this.trailerBytes += text.length + 2;
    if (this.trailerBytes > MAX_TRAILER_BYTES) throw S3AuthErrors.malformedTrailer();
    if (text === '') {
      this.state = State.Done;
      return;
    }
    const colon = text.indexOf(':');
    if (colon <= 0) throw S3AuthErrors.malformedTrailer();
    const name = text.slice(0, colon).trim().toLowerCase();
    const value = text.slice(colon + 1).trim();
    if (name === 'x-amz-trailer-signature') {
      const v = this.opts.verifier;
      if (v && !v.trailer(createHash('sha256').update(this.trailerCanonical).digest('hex'), value)) {
        throw S3AuthErrors.chunkSignatureMismatch();
      }
      return;
    }
    // The trailer signature covers each trailing header as "name:value\n", in the order sent.
    this.trailerCanonical += `${name}:${value}\n`;
    this.opts.trailers[name] = value;
  }
}

/**
 * Pipes `source` into `target` without tying their lifetimes together: a framing error must not destroy
 * the request (the gateway still answers on that connection), and a source that dies mid-body (client
 * gone, socket reset) surfaces as IncompleteBody on the decoded stream.
 */
export function attachSource(source: Readable, target: Transform): void {
  const onError = () => {
    if (!target.destroyed) target.destroy(S3AuthErrors.incompleteBody());
  };
  source.once('error', onError);
  source.once('close', () => {
    if (!source.readableEnded) onError();
  });
  target.once('error', () => source.unpipe(target));
  source.pipe(target);
}

/** Wraps an aws-chunked request body into a Readable of its payload. */
export function decodeAwsChunked(source: Readable, opts: ChunkedOptions): AwsChunkedDecoder {
  const decoder = new AwsChunkedDecoder(opts);
  attachSource(source, decoder);
  return decoder;
}

/**
 * Verifies a plain body against the hex SHA-256 the client put in x-amz-content-sha256; a mismatch errors
 * the stream at its end (XAmzContentSHA256Mismatch), before consumers see 'end' and commit anything.
 */
export function verifyPayloadSha256(source: Readable, expectedHex: string): Readable {
  const hash = createHash('sha256');
  const t = new Transform({
    readableHighWaterMark: 256 * 1024,
    writableHighWaterMark: 256 * 1024,
    transform(chunk: Buffer, _enc, cb) {
      hash.update(chunk);
      cb(null, chunk);
    },
    flush(cb) {
      const computed = hash.digest('hex');
      cb(computed === expectedHex.toLowerCase() ? null : S3AuthErrors.contentSha256Mismatch(expectedHex, computed));
    },
  });
  attachSource(source, t);
  return t;
}
