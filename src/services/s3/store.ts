// S3's tables in state.db. Bucket names are global (cross-account, cross-region, as in AWS), so buckets
// are keyed by name and carry their owner account and region. Object bodies are files under the blob
// root; a row stores the relative path, and a row is only ever written after its file is durable.
import type { Statement } from 'better-sqlite3';
import { commitDurably, migrate, type SqliteDatabase } from '../../storage/db.js';

/** Appended to a prefix, gives a bound above every key that starts with it (keys compare as UTF-8 bytes). */
const PREFIX_END = String.fromCodePoint(0x10ffff);

const MIGRATIONS = [
  {
    id: '001-initial',
    sql: `
CREATE TABLE s3_buckets (
  name TEXT PRIMARY KEY,
  account_id TEXT NOT NULL,
  region TEXT NOT NULL,
  created_at TEXT NOT NULL,
  versioning TEXT,
  object_ownership TEXT
);
CREATE TABLE s3_bucket_config (
  bucket TEXT NOT NULL REFERENCES s3_buckets(name) ON DELETE CASCADE,
  kind TEXT NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY (bucket, kind)
);
CREATE TABLE s3_objects (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  bucket TEXT NOT NULL REFERENCES s3_buckets(name),
  key TEXT NOT NULL,
  version_id TEXT NOT NULL,
  is_latest INTEGER NOT NULL,
  delete_marker INTEGER NOT NULL DEFAULT 0,
  size INTEGER NOT NULL DEFAULT 0,
  etag TEXT NOT NULL DEFAULT '',
  last_modified TEXT NOT NULL,
  headers TEXT NOT NULL DEFAULT '{}',
  metadata TEXT NOT NULL DEFAULT '{}',
  tags TEXT NOT NULL DEFAULT '[]',
  checksum_algorithm TEXT,
  checksum_value TEXT,
  checksum_type TEXT,
  parts TEXT,
  blob_path TEXT,
  storage_class TEXT NOT NULL DEFAULT 'STANDARD',
  acl TEXT,
  UNIQUE (bucket, key, version_id)
);
CREATE INDEX s3_objects_latest ON s3_objects (bucket, is_latest, key);
CREATE TABLE s3_uploads (
  upload_id TEXT PRIMARY KEY,
  bucket TEXT NOT NULL REFERENCES s3_buckets(name),
  key TEXT NOT NULL,
  initiated TEXT NOT NULL,
  headers TEXT NOT NULL DEFAULT '{}',
  metadata TEXT NOT NULL DEFAULT '{}',
  tags TEXT NOT NULL DEFAULT '[]',
  checksum_algorithm TEXT,
  checksum_type TEXT,
  storage_class TEXT NOT NULL DEFAULT 'STANDARD'
);
CREATE INDEX s3_uploads_bucket ON s3_uploads (bucket, key, initiated);
CREATE TABLE s3_parts (
  upload_id TEXT NOT NULL REFERENCES s3_uploads(upload_id) ON DELETE CASCADE,
  part_number INTEGER NOT NULL,
  size INTEGER NOT NULL,
  etag TEXT NOT NULL,
  checksum TEXT,
  last_modified TEXT NOT NULL,
  blob_path TEXT NOT NULL,
  PRIMARY KEY (upload_id, part_number)
);
`,
  },
];

export interface BucketRow {
  name: string;
  account_id: string;
  region: string;
  created_at: string;
  versioning: string | null;
  object_ownership: string | null;
}

/** Standard headers stored with an object and returned on GET/HEAD. */
export interface StoredHeaders {
  ContentType?: string;
  ContentEncoding?: string;
  ContentDisposition?: string;
  ContentLanguage?: string;
  CacheControl?: string;
  Expires?: string;
  WebsiteRedirectLocation?: string;
}

export interface ObjectRow {
  seq: number;
  bucket: string;
  key: string;
  version_id: string;
  is_latest: number;
  delete_marker: number;
  size: number;
  etag: string;
  last_modified: string;
  headers: string;
  metadata: string;
  tags: string;
  checksum_algorithm: string | null;
  checksum_value: string | null;
  checksum_type: string | null;
  /** JSON [{size, checksum}] of the parts, for multipart objects (PartsCount, partNumber GETs). */
  parts: string | null;
  blob_path: string | null;
  storage_class: string;
  /** JSON AccessControlPolicy when one was set; null means the owner has FULL_CONTROL. */
  acl: string | null;
}

export type NewObject = Omit<ObjectRow, 'seq' | 'is_latest' | 'acl'> & { acl?: string | null };

export interface UploadRow {
  upload_id: string;
  bucket: string;
  key: string;
  initiated: string;
  headers: string;
  metadata: string;
  tags: string;
  checksum_algorithm: string | null;
  checksum_type: string | null;
  storage_class: string;
}

export interface PartRow {
  upload_id: string;
  part_number: number;
  size: number;
  etag: string;
  checksum: string | null;
  last_modified: string;
  blob_path: string;
}

interface Queued {
  fn: () => unknown;
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
}

/** Thin typed access to S3's tables; the rules (versioning, conditions) live in the feature files. */
export class S3Store {
  private queue: Queued[] = [];
  private flushScheduled = false;

  private readonly statements = new Map<string, Statement>();

  constructor(readonly db: SqliteDatabase) {
    migrate(db, 's3', MIGRATIONS);
  }

  /** A prepared statement, compiled once per SQL text (preparing is a measurable share of a small request). */
  private stmt(sql: string): Statement {
    let s = this.statements.get(sql);
    if (!s) {
      s = this.db.prepare(sql);
      this.statements.set(sql, s);
    }
    return s;
  }

  /**
   * Group commit: runs `fn` in one transaction with the other writes queued in the same turn of the
   * event loop, so a single WAL fsync acknowledges all of them (each commit otherwise blocks the loop
   * for its own fsync). Each `fn` runs in its own savepoint: one that throws is undone alone and its
   * caller gets the error. The promise settles only after the shared commit is on disk.
   */
  group<T>(fn: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ fn, resolve: resolve as (v: unknown) => void, reject });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(() => void this.flush());
      }
    });
  }

  private async flush(): Promise<void> {
    const batch = this.queue;
    this.queue = [];
    this.flushScheduled = false;
    const results: { ok: boolean; value: unknown }[] = [];
    try {
      // The WAL is fsynced in libuv's pool (commitDurably), so the event loop serves other requests meanwhile.
      await commitDurably(this.db, () => {
        for (const q of batch) {
          try {
            results.push({ ok: true, value: this.db.transaction(q.fn)() });
          } catch (err) {
            results.push({ ok: false, value: err });
          }
        }
      });
    } catch (err) {
      for (const q of batch) q.reject(err);
      return;
    }
    batch.forEach((q, i) => (results[i]!.ok ? q.resolve(results[i]!.value) : q.reject(results[i]!.value)));
  }

  bucket(name: string): BucketRow | undefined {
    return this.stmt('SELECT * FROM s3_buckets WHERE name = ?').get(name) as BucketRow | undefined;
  }

  buckets(accountId: string): BucketRow[] {
    return this.stmt('SELECT * FROM s3_buckets WHERE account_id = ? ORDER BY name').all(accountId) as BucketRow[];
  }

  insertBucket(b: BucketRow): void {
    this.stmt('INSERT INTO s3_buckets (name, account_id, region, created_at, versioning, object_ownership) VALUES (@name, @account_id, @region, @created_at, @versioning, @object_ownership)').run(b);
  }

  deleteBucket(name: string): void {
    this.db.transaction(() => {
      this.stmt('DELETE FROM s3_bucket_config WHERE bucket = ?').run(name);
      this.stmt('DELETE FROM s3_buckets WHERE name = ?').run(name);
    })();
  }

  setOwnership(name: string, ownership: string | null): void {
    this.stmt('UPDATE s3_buckets SET object_ownership = ? WHERE name = ?').run(ownership, name);
  }

  setVersioning(name: string, status: string): void {
    this.stmt('UPDATE s3_buckets SET versioning = ? WHERE name = ?').run(status, name);
  }

  config(bucket: string, kind: string): string | undefined {
    return (this.stmt('SELECT value FROM s3_bucket_config WHERE bucket = ? AND kind = ?').get(bucket, kind) as { value: string } | undefined)?.value;
  }

  setConfig(bucket: string, kind: string, value: string | undefined): void {
    if (value === undefined) this.stmt('DELETE FROM s3_bucket_config WHERE bucket = ? AND kind = ?').run(bucket, kind);
    else this.stmt('INSERT INTO s3_bucket_config (bucket, kind, value) VALUES (?, ?, ?) ON CONFLICT (bucket, kind) DO UPDATE SET value = excluded.value').run(bucket, kind, value);
  }

  hasObjects(bucket: string): boolean {
    return !!this.stmt('SELECT 1 FROM s3_objects WHERE bucket = ? LIMIT 1').get(bucket) || !!this.stmt('SELECT 1 FROM s3_uploads WHERE bucket = ? LIMIT 1').get(bucket);
  }

  /** The current version of a key (possibly a delete marker). */
  latest(bucket: string, key: string): ObjectRow | undefined {
    return this.stmt('SELECT * FROM s3_objects WHERE bucket = ? AND key = ? AND is_latest = 1').get(bucket, key) as ObjectRow | undefined;
  }

  version(bucket: string, key: string, versionId: string): ObjectRow | undefined {
    return this.stmt('SELECT * FROM s3_objects WHERE bucket = ? AND key = ? AND version_id = ?').get(bucket, key, versionId) as ObjectRow | undefined;
  }

  /**
   * Makes `obj` the latest version of its key in one transaction. When its version id is "null" any
   * existing null version is replaced; the blob paths no longer referenced are returned for removal.
   */
  putVersion(obj: NewObject): string[] {
    const freed: string[] = [];
    this.db.transaction(() => {
      const old = this.version(obj.bucket, obj.key, obj.version_id);
      if (old) {
        if (old.blob_path) freed.push(old.blob_path);
        this.stmt('DELETE FROM s3_objects WHERE seq = ?').run(old.seq);
      }
      this.stmt('UPDATE s3_objects SET is_latest = 0 WHERE bucket = ? AND key = ? AND is_latest = 1').run(obj.bucket, obj.key);
      this.db
        .prepare(`INSERT INTO s3_objects (bucket, key, version_id, is_latest, delete_marker, size, etag, last_modified, headers, metadata, tags,
          checksum_algorithm, checksum_value, checksum_type, parts, blob_path, storage_class, acl)
          VALUES (@bucket, @key, @version_id, 1, @delete_marker, @size, @etag, @last_modified, @headers, @metadata, @tags,
          @checksum_algorithm, @checksum_value, @checksum_type, @parts, @blob_path, @storage_class, @acl)`)
        .run({ acl: null, ...obj });
    })();
    return freed;
  }

  /** Removes one version for good; the next newest becomes latest. Returns the freed blob path. */
  deleteVersion(row: ObjectRow): string | undefined {
    this.db.transaction(() => {
      this.stmt('DELETE FROM s3_objects WHERE seq = ?').run(row.seq);
      if (row.is_latest) {
        this.stmt(`UPDATE s3_objects SET is_latest = 1 WHERE seq = (SELECT MAX(seq) FROM s3_objects WHERE bucket = ? AND key = ?)`).run(row.bucket, row.key);
      }
    })();
    return row.blob_path ?? undefined;
  }

  setAcl(seq: number, acl: string | null): void {
    this.stmt('UPDATE s3_objects SET acl = ? WHERE seq = ?').run(acl, seq);
  }

  setTags(seq: number, tags: string): void {
    this.stmt('UPDATE s3_objects SET tags = ? WHERE seq = ?').run(tags, seq);
  }

  /** Latest, non-deleted objects with key > after and key starting with prefix, in key order. */
  listLatest(bucket: string, prefix: string, after: string, limit: number): ObjectRow[] {
    return this.db
      .prepare(`SELECT * FROM s3_objects WHERE bucket = ? AND is_latest = 1 AND delete_marker = 0 AND key > ? AND key >= ? AND key < ? ORDER BY key LIMIT ?`)
      .all(bucket, after, prefix, prefix + PREFIX_END, limit) as ObjectRow[];
  }

  /** Versions after (key, seq) in listing order: key ascending, newest first within a key. */
  listVersions(bucket: string, prefix: string, afterKey: string, afterSeq: number, limit: number): ObjectRow[] {
    return this.db
      .prepare(`SELECT * FROM s3_objects WHERE bucket = ? AND (key > ? OR (key = ? AND seq < ?)) AND key >= ? AND key < ?
        ORDER BY key, seq DESC LIMIT ?`)
      .all(bucket, afterKey, afterKey, afterSeq, prefix, prefix + PREFIX_END, limit) as ObjectRow[];
  }

  insertUpload(u: UploadRow): void {
    this.stmt(`INSERT INTO s3_uploads (upload_id, bucket, key, initiated, headers, metadata, tags, checksum_algorithm, checksum_type, storage_class)
      VALUES (@upload_id, @bucket, @key, @initiated, @headers, @metadata, @tags, @checksum_algorithm, @checksum_type, @storage_class)`).run(u);
  }

  upload(uploadId: string): UploadRow | undefined {
    return this.stmt('SELECT * FROM s3_uploads WHERE upload_id = ?').get(uploadId) as UploadRow | undefined;
  }

  uploads(bucket: string, prefix: string): UploadRow[] {
    return this.stmt('SELECT * FROM s3_uploads WHERE bucket = ? AND key >= ? AND key < ? ORDER BY key, initiated').all(bucket, prefix, prefix + PREFIX_END) as UploadRow[];
  }

  /** Records a part, replacing an earlier upload of the same number; returns the replaced blob. */
  putPart(p: PartRow): string | undefined {
    let freed: string | undefined;
    this.db.transaction(() => {
      const old = this.stmt('SELECT blob_path FROM s3_parts WHERE upload_id = ? AND part_number = ?').get(p.upload_id, p.part_number) as { blob_path: string } | undefined;
      freed = old?.blob_path;
      this.stmt(`INSERT INTO s3_parts (upload_id, part_number, size, etag, checksum, last_modified, blob_path)
        VALUES (@upload_id, @part_number, @size, @etag, @checksum, @last_modified, @blob_path)
        ON CONFLICT (upload_id, part_number) DO UPDATE SET size = excluded.size, etag = excluded.etag, checksum = excluded.checksum,
        last_modified = excluded.last_modified, blob_path = excluded.blob_path`).run(p);
    })();
    return freed;
  }

  parts(uploadId: string): PartRow[] {
    return this.stmt('SELECT * FROM s3_parts WHERE upload_id = ? ORDER BY part_number').all(uploadId) as PartRow[];
  }

  /** Drops an upload and its parts; returns the part blobs to remove. */
  deleteUpload(uploadId: string): string[] {
    const blobs = this.parts(uploadId).map((p) => p.blob_path);
    this.db.transaction(() => {
      this.stmt('DELETE FROM s3_parts WHERE upload_id = ?').run(uploadId);
      this.stmt('DELETE FROM s3_uploads WHERE upload_id = ?').run(uploadId);
    })();
    return blobs;
  }

  /** Completes an upload atomically: the object row goes in and the upload goes away in one commit. */
  completeUpload(uploadId: string, obj: NewObject): string[] {
    let freed: string[] = [];
    this.db.transaction(() => {
      freed = this.putVersion(obj);
      freed.push(...this.deleteUpload(uploadId));
    })();
    return freed;
  }
}
