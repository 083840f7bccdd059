// A crash between a body's rename into place and the commit of its row leaves a file no row points at:
// invisible to every client, but it takes space. Once per start, in the background, such files are
// removed. Only files older than this process are candidates: anything newer may belong to a write
// whose row has not committed yet.
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import type { BlobStore } from '../../storage/blobs.js';
import type { S3Store } from './store.js';

async function* files(dir: string): AsyncGenerator<string> {
  let entries;
  try {
    entries = await fsp.readdir(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) yield* files(p);
    else if (e.isFile()) yield p;
  }
}

/** Removes S3 blob files that no object or part row references; returns how many. */
export async function sweepOrphanBlobs(store: S3Store, blobs: BlobStore, startedAtMs: number): Promise<number> {
  const referenced = new Set<string>([
    ...(store.db.prepare('SELECT blob_path FROM s3_objects WHERE blob_path IS NOT NULL').pluck().all() as string[]),
    ...(store.db.prepare('SELECT blob_path FROM s3_parts').pluck().all() as string[]),
  ]);
  let removed = 0;
  for await (const abs of files(blobs.absolute('s3'))) {
    const rel = path.relative(blobs.root, abs);
    if (referenced.has(rel)) continue;
    const st = await fsp.stat(abs).catch(() => undefined);
    if (!st || st.mtimeMs >= startedAtMs) continue;
    await fsp.rm(abs, { force: true });
    removed++;
  }
  return removed;
}
