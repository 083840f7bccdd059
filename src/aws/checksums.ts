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

// Slicing-by-8 tables: table k advances the CRC of a byte by k further zero bytes, so eight input
// bytes are folded per step instead of one (several times faster in JavaScript).
function crc32Tables(poly: number): Uint32Array[] {
  const t0 = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let c = i;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ poly : c >>> 1;
    t0[i] = c >>> 0;
  }
  const tables = [t0];
  for (let k = 1; k < 8; k++) {
    const prev = tables[k - 1]!;
    const t = new Uint32Array(256);
    for (let i = 0; i < 256; i++) t[i] = (prev[i]! >>> 8) ^ t0[prev[i]! & 0xff]!;
    tables.push(t);
  }
  return tables;
}

const CRC32_TABLES = crc32Tables(0xedb88320);
const CRC32C_TABLES = crc32Tables(0x82f63b78);
const nativeCrc32 = (zlib as unknown as { crc32?: (data: Buffer, value?: number) => number }).crc32;

class Crc32Hasher implements Hasher {
  private crc = 0;
  constructor(private readonly tables: Uint32Array[], private readonly native: boolean) {}
  update(chunk: Buffer): void {
    if (this.native && nativeCrc32) {
      this.crc = nativeCrc32(chunk, this.crc);
      return;
    }
    const [t0, t1, t2, t3, t4, t5, t6, t7] = this.tables as [Uint32Array, Uint32Array, Uint32Array, Uint32Array, Uint32Array, Uint32Array, Uint32Array, Uint32Array];
    let c = ~this.crc >>> 0;
    let i = 0;
    const n8 = chunk.length - (chunk.length % 8);
    for (; i < n8; i += 8) {
      c ^= chunk[i]! | (chunk[i + 1]! << 8) | (chunk[i + 2]! << 16) | (chunk[i + 3]! << 24);
      c = t7[c & 0xff]! ^ t6[(c >>> 8) & 0xff]! ^ t5[(c >>> 16) & 0xff]! ^ t4[c >>> 24]! ^ t3[chunk[i + 4]!]! ^ t2[chunk[i + 5]!]! ^ t1[chunk[i + 6]!]! ^ t0[chunk[i + 7]!]!;
    }
    for (; i < chunk.length; i++) c = t0[(c ^ chunk[i]!) & 0xff]! ^ (c >>> 8);
    this.crc = ~c >>> 0;
  }
  digest(): Buffer {
    const b = Buffer.alloc(4);
    b.writeUInt32BE(this.crc >>> 0);
    return b;
  }
}

// CRC64/NVME: reflected polynomial 0x9a6c9329ac4bc9b5, init and xorout all ones. The 64-bit state is
// kept as two 32-bit halves so the inner loop stays in fast integer arithmetic; slicing-by-8 as above.
const CRC64_LO: Uint32Array[] = [];
const CRC64_HI: Uint32Array[] = [];
(() => {
  const poly = 0x9a6c9329ac4bc9b5n;
  const t0: bigint[] = [];
  for (let i = 0; i < 256; i++) {
    let c = BigInt(i);
    for (let k = 0; k < 8; k++) c = c & 1n ? (c >> 1n) ^ poly : c >> 1n;
    t0.push(c);
  }
  let prev = t0;
  for (let k = 0; k < 8; k++) {
    const cur = k === 0 ? t0 : prev.map((v) => (v >> 8n) ^ t0[Number(v & 0xffn)]!);
    CRC64_LO.push(Uint32Array.from(cur, (v) => Number(v & 0xffffffffn)));
    CRC64_HI.push(Uint32Array.from(cur, (v) => Number(v >> 32n)));
    prev = cur;
  }
})();

class Crc64NvmeHasher implements Hasher {
  private lo = 0xffffffff;
  private hi = 0xffffffff;
  update(chunk: Buffer): void {
    const L = CRC64_LO;
    const H = CRC64_HI;
    const [l0, l1, l2, l3, l4, l5, l6, l7] = L as [Uint32Array, Uint32Array, Uint32Array, Uint32Array, Uint32Array, Uint32Array, Uint32Array, Uint32Array];
    const [h0, h1, h2, h3, h4, h5, h6, h7] = H as [Uint32Array, Uint32Array, Uint32Array, Uint32Array, Uint32Array, Uint32Array, Uint32Array, Uint32Array];
    let lo = this.lo;
    let hi = this.hi;
    let i = 0;
    const n8 = chunk.length - (chunk.length % 8);
    for (; i < n8; i += 8) {
      lo ^= chunk[i]! | (chunk[i + 1]! << 8) | (chunk[i + 2]! << 16) | (chunk[i + 3]! << 24);
      hi ^= chunk[i + 4]! | (chunk[i + 5]! << 8) | (chunk[i + 6]! << 16) | (chunk[i + 7]! << 24);
      const a = lo & 0xff, b = (lo >>> 8) & 0xff, c = (lo >>> 16) & 0xff, d = lo >>> 24;
      const e = hi & 0xff, f = (hi >>> 8) & 0xff, g = (hi >>> 16) & 0xff, h = hi >>> 24;
      lo = l7[a]! ^ l6[b]! ^ l5[c]! ^ l4[d]! ^ l3[e]! ^ l2[f]! ^ l1[g]! ^ l0[h]!;
      hi = h7[a]! ^ h6[b]! ^ h5[c]! ^ h4[d]! ^ h3[e]! ^ h2[f]! ^ h1[g]! ^ h0[h]!;
    }
    for (; i < chunk.length; i++) {
      const idx = (lo ^ chunk[i]!) & 0xff;
      lo = ((lo >>> 8) | (hi << 24)) ^ l0[idx]!;
      hi = (hi >>> 8) ^ h0[idx]!;
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
      return new Crc32Hasher(CRC32_TABLES, true);
    case 'CRC32C':
      return new Crc32Hasher(CRC32C_TABLES, false);
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
