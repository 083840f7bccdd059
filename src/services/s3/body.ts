// Receiving an object body: the stream goes to a temp file while MD5 (the ETag) and the requested
// checksum are computed on the way (x-amz-content-sha256 is the auth layer's to check, under strict
// auth, so that open-mode uploads pay for one cryptographic hash only). The
// checks run only once the body (and any aws-chunked trailer) has been read; a failed check discards
// the temp file, so a bad upload never becomes visible.
import type { Readable } from 'node:stream';
import { createHasher, checksumHeader, DIGEST_LENGTH, isChecksumAlgorithm, type ChecksumAlgorithm, type Hasher } from '../../aws/checksums.js';
import type { RequestContext } from '../../aws/context.js';
import type { StreamingBlob } from '../../aws/protocol/streaming.js';
import * as errors from '../../aws/generated/s3/errors.js';
import type { S3Deps } from './common.js';

/** Checksum members as they appear on PutObject / UploadPart inputs. */
export interface ChecksumInput {
  ChecksumAlgorithm?: string;
  ChecksumCRC32?: string;
  ChecksumCRC32C?: string;
  ChecksumCRC64NVME?: string;
  ChecksumSHA1?: string;
  ChecksumSHA256?: string;
  ContentMD5?: string;
}

export interface ReceivedBody {
  tmpPath: string;
  size: number;
  md5Hex: string;
  /** The checksum of the bytes in the algorithm the client asked for, or CRC64NVME (S3's default). */
  checksum: { algorithm: ChecksumAlgorithm; value: string; clientProvided: boolean };
}

/** The checksum algorithm a request names: a checksum header, the SDK's algorithm header, or a declared trailer. */
export function requestedAlgorithm(ctx: RequestContext, input: ChecksumInput): ChecksumAlgorithm | undefined {
  for (const alg of ['CRC32', 'CRC32C', 'CRC64NVME', 'SHA1', 'SHA256'] as const) if (input[`Checksum${alg}`] !== undefined) return alg;
  const trailer = ctx.http.headers['x-amz-trailer'];
  const m = trailer ? /x-amz-checksum-([a-z0-9]+)/i.exec(trailer) : null;
  if (m && isChecksumAlgorithm(m[1])) return m[1].toUpperCase() as ChecksumAlgorithm;
  return algorithmMember(input.ChecksumAlgorithm);
}

/** A ChecksumAlgorithm member (x-amz-sdk-checksum-algorithm / x-amz-checksum-algorithm), validated. */
export function algorithmMember(value: string | undefined): ChecksumAlgorithm | undefined {
  if (value === undefined) return undefined;
  if (!isChecksumAlgorithm(value)) {
    throw new errors.InvalidRequest('Checksum algorithm provided is unsupported. Please try again with any of the valid types: [CRC32, CRC32C, CRC64NVME, SHA1, SHA256]');
  }
  return value.toUpperCase() as ChecksumAlgorithm;
}

function toIterable(body: StreamingBlob | undefined): AsyncIterable<Buffer> | Iterable<Buffer> | Readable {
  if (body === undefined) return [];
  if (body instanceof Uint8Array) return [Buffer.from(body.buffer, body.byteOffset, body.byteLength)];
  return body;
}

export async function receiveBody(
  deps: S3Deps,
  ctx: RequestContext,
  body: StreamingBlob | undefined,
  input: ChecksumInput,
  /** verifyPayloadHash false: the bytes are not the request's payload (a copy), so request checksums do not apply. */
  opts: { verifyPayloadHash?: boolean } = {},
): Promise<ReceivedBody> {
  const md5 = createHasher('MD5');
  const payload = opts.verifyPayloadHash !== false;
  const requested = payload ? requestedAlgorithm(ctx, input) : algorithmMember(input.ChecksumAlgorithm);
  const algorithm = requested ?? 'CRC64NVME';
  const hasher = createHasher(algorithm);
  const observers: Hasher[] = [md5, hasher];
  // A Content-MD5 that is not 16 bytes of base64 is refused before any byte is stored.
  if (input.ContentMD5 !== undefined && Buffer.from(input.ContentMD5, 'base64').length !== 16) {
    throw new errors.InvalidDigest('The Content-MD5 you specified is not valid.', { 'Content-MD5': input.ContentMD5 });
  }
  let written: { tmpPath: string; size: number };
  try {
    written = await deps.blobs.writeTemp(toIterable(body), observers);
  } catch (err) {
    // The client went away mid-body: S3 calls that an incomplete body (nobody may be left to read it).
    const code = (err as { code?: string }).code;
    if (code === 'ECONNRESET' || code === 'ERR_STREAM_PREMATURE_CLOSE' || (err as Error).message === 'aborted') {
      throw new errors.IncompleteBody('You did not provide the number of bytes specified by the Content-Length HTTP header');
    }
    throw err;
  }
  const { tmpPath, size } = written;
  try {
    const md5Raw = md5.digest();
    if (input.ContentMD5 !== undefined && md5Raw.toString('base64') !== input.ContentMD5) {
      throw new errors.BadDigest('The Content-MD5 you specified did not match what we received.', {
        ExpectedDigest: Buffer.from(input.ContentMD5, 'base64').toString('hex'),
        CalculatedDigest: md5Raw.toString('base64'),
      });
    }
    const value = hasher.digest().toString('base64');
    let clientProvided = false;
    if (requested) {
      const header = checksumHeader(requested);
      const sent = input[`Checksum${requested}`] ?? (payload ? ctx.trailers[header] : undefined);
      if (sent !== undefined) {
        clientProvided = true;
        if (Buffer.from(sent, 'base64').length !== DIGEST_LENGTH[requested] || !/^[A-Za-z0-9+/]+=*$/.test(sent)) {
          throw new errors.InvalidRequest(`Value for ${header} header is invalid.`);
        }
        if (sent !== value) throw new errors.BadDigest(`The ${requested} you specified did not match the calculated checksum.`);
      }
    }
    return { tmpPath, size, md5Hex: md5Raw.toString('hex'), checksum: { algorithm, value, clientProvided } };
  } catch (err) {
    await deps.blobs.discard(tmpPath);
    throw err;
  }
}
