// The S3 side of the SQL engine: `s3://bucket/prefix/` resolved to the object files that back it right now,
// and files the engine wrote adopted as new objects through the same durable commit PutObject uses.
// Reads go straight to S3's rows (never through HTTP): only the latest, non-deleted version of each key,
// never a multipart part or a temp file. Writes go through commitObject, so an adopted result has an ETag,
// a CRC64NVME checksum and a row committed only after fsync + rename, like any upload.
import { createReadStream, promises as fsp } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { RequestContext } from '../../aws/context.js';
import { createHasher } from '../../aws/checksums.js';
import type { Clock } from '../../core/clock.js';
import { DEFAULT_ACCOUNT, requestId } from '../../core/ids.js';
import type { BlobStore } from '../../storage/blobs.js';
import type { SqliteDatabase } from '../../storage/db.js';
import type { S3Deps } from './common.js';
import { commitObject, freeBlobs, versionIdFor } from './objects.js';
import { S3Store } from './store.js';

/** One current object under a location. */
export interface LakeFile {
  bucket: string;
  key: string;
  /** Absolute path of the object's bytes, readable in place. */
  path: string;
  size: number;
  etag: string;
}

export interface S3Location {
  bucket: string;
  /** Key prefix, '' for the whole bucket; a folder location always ends in '/'. */
  prefix: string;
}

export class LakeError extends Error {
  constructor(readonly code: 'NoSuchBucket' | 'InvalidLocation', message: string) {
    super(message);
    this.name = 'LakeError';
  }
}

/** Parses `s3://bucket/prefix` (also s3a:// and s3n://, which Hive and Spark users write). */
export function parseS3Location(uri: string): S3Location {
  const m = /^s3[an]?:\/\/([^/]+)\/?(.*)$/i.exec(uri.trim());
  if (!m) throw new LakeError('InvalidLocation', `Not an S3 location: ${uri}`);
  return { bucket: m[1]!, prefix: m[2]! };
}

/** A folder location with its trailing slash: `s3://b/t` and `s3://b/t/` name the same table. */
export function folderOf(loc: S3Location): S3Location {
  return { bucket: loc.bucket, prefix: loc.prefix && !loc.prefix.endsWith('/') ? `${loc.prefix}/` : loc.prefix };
}

/**
 * Hive, Trino and Athena skip these under a table location: hidden files (`.x`, `_SUCCESS`, `_temporary/`),
 * folder markers (`dir/`, `dir_$folder$`) and empty objects.
 */
function readable(relKey: string, size: number): boolean {
  if (size === 0 || relKey.endsWith('/') || relKey.endsWith('_$folder$')) return false;
  return !relKey.split('/').some((seg) => seg.startsWith('.') || seg.startsWith('_'));
}

export class S3Lake {
  private readonly store: S3Store;
  private readonly deps: S3Deps;
  private readonly tmpRoot: string;

  constructor(db: SqliteDatabase, readonly blobs: BlobStore, private readonly clock: Clock) {
    this.store = new S3Store(db);
    this.deps = { store: this.store, blobs, clock };
    // Temp files live beside the blob root's own temp files so adoption is a rename on one filesystem,
    // and the start-up sweep of tmp/ removes whatever a crash left half-written.
    this.tmpRoot = path.join(blobs.root, 'tmp');
  }

  bucketExists(bucket: string): boolean {
    return !!this.store.bucket(bucket);
  }

  /** The current, readable object files under a folder location, in key order. */
  listFiles(location: string | S3Location): LakeFile[] {
    const loc = folderOf(typeof location === 'string' ? parseS3Location(location) : location);
    if (!this.store.bucket(loc.bucket)) throw new LakeError('NoSuchBucket', `The specified bucket does not exist: ${loc.bucket}`);
    const out: LakeFile[] = [];
    let after = '';
    for (;;) {
      const rows = this.store.listLatest(loc.bucket, loc.prefix, after, 1000);
      for (const r of rows) {
        if (!r.blob_path || !readable(r.key.slice(loc.prefix.length), r.size)) continue;
        out.push({ bucket: r.bucket, key: r.key, path: this.blobs.absolute(r.blob_path), size: r.size, etag: r.etag });
      }
      if (rows.length < 1000) return out;
      after = rows[rows.length - 1]!.key;
    }
  }

  /** The current version of one object, if it exists and is not a delete marker. */
  object(bucket: string, key: string): LakeFile | undefined {
    const r = this.store.latest(bucket, key);
    if (!r || r.delete_marker || !r.blob_path) return undefined;
    return { bucket, key, path: this.blobs.absolute(r.blob_path), size: r.size, etag: r.etag };
  }

  /** A fresh path under the blob store's tmp/ for the engine to write into (a file, or a directory it creates). */
  tempPath(suffix = ''): string {
    return path.join(this.tmpRoot, `engine-${randomBytes(12).toString('hex')}${suffix}`);
  }

  /**
   * Makes a file the engine wrote the current version of s3://bucket/key: hashes it (MD5 for the ETag,
   * CRC64NVME as S3's default checksum), then commits it as PutObject does. The temp file is consumed.
   */
  async adopt(tmpFile: string, bucket: string, key: string, contentType = 'binary/octet-stream', accountId = DEFAULT_ACCOUNT): Promise<LakeFile> {
    const md5 = createHasher('MD5');
    const crc = createHasher('CRC64NVME');
    let size = 0;
    for await (const chunk of createReadStream(tmpFile, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
      md5.update(chunk);
      crc.update(chunk);
      size += chunk.length;
    }
    const etag = `"${md5.digest().toString('hex')}"`;
    const { row } = await commitObject(this.deps, this.context(accountId), bucket, key, { tmpPath: tmpFile, size }, {
      etag,
      headers: JSON.stringify({ ContentType: contentType }),
      metadata: '{}',
      tags: '[]',
      checksum_algorithm: 'CRC64NVME',
      checksum_value: crc.digest().toString('base64'),
      checksum_type: 'FULL_OBJECT',
      parts: null,
      storage_class: 'STANDARD',
    });
    return { bucket, key, path: this.blobs.absolute(row.blob_path!), size, etag };
  }

  /** Writes a small object (a results file, a manifest) durably. */
  async putText(bucket: string, key: string, text: string | Buffer, contentType: string, accountId = DEFAULT_ACCOUNT): Promise<LakeFile> {
    const tmp = this.tempPath();
    await fsp.writeFile(tmp, text);
    return this.adopt(tmp, bucket, key, contentType, accountId);
  }

  /**
   * Removes the current objects under a folder (INSERT OVERWRITE, a failed CTAS's partial output). In a
   * versioned bucket the old versions stay, as a DeleteObject without a version id would leave them.
   */
  deletePrefix(location: string | S3Location): number {
    const loc = folderOf(typeof location === 'string' ? parseS3Location(location) : location);
    const bucket = this.store.bucket(loc.bucket);
    if (!bucket) return 0;
    const rows = this.store.listLatest(loc.bucket, loc.prefix, '', 1_000_000);
    const freed: string[] = [];
    this.store.db.transaction(() => {
      for (const r of rows) {
        if (bucket.versioning) {
          freed.push(...this.store.putVersion({
            bucket: r.bucket, key: r.key, version_id: versionIdFor(bucket), delete_marker: 1, size: 0, etag: '',
            last_modified: this.clock.now().toISOString(), headers: '{}', metadata: '{}', tags: '[]', checksum_algorithm: null,
            checksum_value: null, checksum_type: null, parts: null, blob_path: null, storage_class: 'STANDARD',
          }));
        } else {
          const p = this.store.deleteVersion(r);
          if (p) freed.push(p);
        }
      }
    })();
    freeBlobs(this.deps, freed);
    return rows.length;
  }

  /** Removes a temp file or directory the engine no longer needs. */
  async discard(tmp: string): Promise<void> {
    await fsp.rm(tmp, { recursive: true, force: true });
  }

  /** The request context commitObject expects; only the clock and the account matter to it. */
  private context(accountId: string): RequestContext {
    return {
      requestId: requestId(),
      service: 's3',
      operation: 'PutObject',
      region: 'us-east-1',
      accountId,
      principal: { accessKeyId: undefined, accountId, arn: `arn:aws:iam::${accountId}:root`, userId: accountId },
      clock: this.clock,
      http: { method: 'PUT', rawPath: '/', rawQuery: '', query: [], headers: {}, hostname: 'localhost' },
      trailers: {},
    };
  }
}
