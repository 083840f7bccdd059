// Streaming hashers for the checksums AWS clients send (CRC32, CRC32C, CRC64NVME, SHA1, SHA256) and the
// MD5 S3 uses for ETags. Each is fed chunk by chunk as a body is written, so nothing is read twice.
// CRC32 uses zlib.crc32 where node has it (20.15+); CRC32C and CRC64NVME are table-driven here because
// node has neither, and the SDK's implementations are bundled privately inside its clients.
import { createHash, type Hash } from 'node:crypto';
import zlib from 'node:zlib';

export type ChecksumAlgorithm = 'CRC32' | 'CRC32C' | 'CRC64NVME' | 'SHA1' | 'SHA256';
export const CHECKSUM_ALGORITHMS: readonly ChecksumAlgorithm[] = ['CRC32', 'CRC32C', 'CRC64NVME', 'SHA1', 'SHA256'];

export interface Hasher {
  update(chunk: Buffer): void;
  /** The raw digest (big-endian for CRCs). */
  digest(): Buffer;
}

function crc32Table(poly: number): Uint32Array {
  const t = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let c = i;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ poly : c >>> 1;
    t[i] = c >>> 0;
  }
  return t;
}

const CRC32_TABLE = crc32Table(0xedb88320);
const CRC32C_TABLE = crc32Table(0x82f63b78);
const nativeCrc32 = (zlib as unknown as { crc32?: (data: Buffer, value?: number) => number }).crc32;

class Crc32Hasher implements Hasher {
  private crc = 0;
  constructor(private readonly table: Uint32Array, private readonly native: boolean) {}
  update(chunk: Buffer): void {
    if (this.native && nativeCrc32) {
      this.crc = nativeCrc32(chunk, this.crc);
      return;
    }
    let c = ~this.crc >>> 0;
    const t = this.table;
    for (let i = 0; i < chunk.length; i++) c = t[(c ^ chunk[i]!) & 0xff]! ^ (c >>> 8);
    this.crc = ~c >>> 0;
  }
  digest(): Buffer {
    const b = Buffer.alloc(4);
    b.writeUInt32BE(this.crc >>> 0);
    return b;
  }
}

// CRC64/NVME: reflected polynomial 0x9a6c9329ac4bc9b5, init and xorout all ones. The 64-bit state is
// kept as two 32-bit halves so the inner loop stays in fast integer arithmetic.
const CRC64_LO = new Uint32Array(256);
const CRC64_HI = new Uint32Array(256);
(() => {
  const poly = 0x9a6c9329ac4bc9b5n;
  for (let i = 0; i < 256; i++) {
    let c = BigInt(i);
    for (let k = 0; k < 8; k++) c = c & 1n ? (c >> 1n) ^ poly : c >> 1n;
    CRC64_LO[i] = Number(c & 0xffffffffn);
    CRC64_HI[i] = Number(c >> 32n);
  }
})();

class Crc64NvmeHasher implements Hasher {
  private lo = 0xffffffff;
  private hi = 0xffffffff;
  update(chunk: Buffer): void {
    let lo = this.lo;
    let hi = this.hi;
    for (let i = 0; i < chunk.length; i++) {
      const idx = (lo ^ chunk[i]!) & 0xff;
      lo = ((lo >>> 8) | (hi << 24)) ^ CRC64_LO[idx]!;
      hi = (hi >>> 8) ^ CRC64_HI[idx]!;
    }
    this.lo = lo >>> 0;
    this.hi = hi >>> 0;
  }
  digest(): Buffer {
    const b = Buffer.alloc(8);
    b.writeUInt32BE(~this.hi >>> 0, 0);
    b.writeUInt32BE(~this.lo >>> 0, 4);
    return b;
  }
}

class CryptoHasher implements Hasher {
  private readonly h: Hash;
  constructor(alg: string) {
    this.h = createHash(alg);
  }
  update(chunk: Buffer): void {
    this.h.update(chunk);
  }
  digest(): Buffer {
    return this.h.digest();
  }
}

export function createHasher(alg: ChecksumAlgorithm | 'MD5'): Hasher {
  switch (alg) {
    case 'CRC32':
      return new Crc32Hasher(CRC32_TABLE, true);
    case 'CRC32C':
      return new Crc32Hasher(CRC32C_TABLE, false);
    case 'CRC64NVME':
      return new Crc64NvmeHasher();
    case 'SHA1':
      return new CryptoHasher('sha1');
    case 'SHA256':
      return new CryptoHasher('sha256');
    case 'MD5':
      return new CryptoHasher('md5');
  }
}

export function isChecksumAlgorithm(s: string | undefined): s is ChecksumAlgorithm {
  return !!s && (CHECKSUM_ALGORITHMS as readonly string[]).includes(s.toUpperCase());
}

/** One-shot base64 checksum of a buffer. */
export function checksumOf(alg: ChecksumAlgorithm, data: Buffer): string {
  const h = createHasher(alg);
  h.update(data);
  return h.digest().toString('base64');
}

/** The header an algorithm's checksum travels in (x-amz-checksum-crc32 …). */
export function checksumHeader(alg: ChecksumAlgorithm): string {
  return `x-amz-checksum-${alg.toLowerCase()}`;
}

/** Digest byte length of each algorithm, used to tell a malformed checksum value from a wrong one. */
export const DIGEST_LENGTH: Record<ChecksumAlgorithm, number> = { CRC32: 4, CRC32C: 4, CRC64NVME: 8, SHA1: 20, SHA256: 32 };

/** A composite multipart checksum: the checksum of the parts' raw checksums, then "-<parts>". */
export function compositeChecksum(alg: ChecksumAlgorithm, partChecksums: string[]): string {
  const h = createHasher(alg);
  for (const c of partChecksums) h.update(Buffer.from(c, 'base64'));
  return `${h.digest().toString('base64')}-${partChecksums.length}`;
}
