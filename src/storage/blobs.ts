import { createWriteStream, promises as fsp, mkdirSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Readable } from 'node:stream';

/** Something fed every chunk of a blob as it is written (hashes, checksums, size limits). */
export interface ChunkObserver {
  update(chunk: Buffer): void;
}

export interface WrittenBlob {
  /** Path relative to the blob root; stable, what metadata rows store. */
  relPath: string;
  size: number;
}

/**
 * Plain files under one root, written durably: bytes go to tmp/, are fsynced, then renamed into place
 * and the directory fsynced. Only after that may a metadata row point at the file. Files under tmp/ at
 * start-up belong to writes that never finished and are removed.
 */
export class BlobStore {
  readonly root: string;
  private readonly tmpDir: string;

  constructor(root: string) {
    this.root = root;
    this.tmpDir = path.join(root, 'tmp');
    mkdirSync(this.tmpDir, { recursive: true });
  }

  /** Removes the temp files of writes interrupted by a crash. Returns how many were removed. */
  cleanTemp(): number {
    let n = 0;
    for (const name of readdirSync(this.tmpDir)) {
      rmSync(path.join(this.tmpDir, name), { force: true, recursive: true });
      n++;
    }
    return n;
  }

  absolute(relPath: string): string {
    return path.join(this.root, relPath);
  }

  /** A fresh relative path under `prefix` (e.g. "s3/<bucket>") for a new blob. */
  newRelPath(prefix: string): string {
    const id = randomBytes(16).toString('hex');
    return path.join(prefix, id.slice(0, 2), id);
  }

  /**
   * Streams `source` into a temp file, feeding each chunk to the observers, and returns the temp path.
   * Call commit() to move it into place, or discard() to drop it.
   */
  async writeTemp(source: AsyncIterable<Buffer | Uint8Array | string> | Iterable<Buffer> | Readable, observers: ChunkObserver[] = []): Promise<{ tmpPath: string; size: number }> {
    const tmpPath = path.join(this.tmpDir, randomBytes(16).toString('hex'));
    const out = createWriteStream(tmpPath, { flags: 'wx', highWaterMark: 1 << 20 });
    let size = 0;
    try {
      for await (const piece of source as AsyncIterable<Buffer | Uint8Array | string>) {
        const chunk = typeof piece === 'string' ? Buffer.from(piece) : Buffer.isBuffer(piece) ? piece : Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength);
        size += chunk.length;
        for (const o of observers) o.update(chunk);
        if (!out.write(chunk)) await new Promise<void>((resolve, reject) => {
          const onDrain = () => { out.off('error', onError); resolve(); };
          const onError = (e: Error) => { out.off('drain', onDrain); reject(e); };
          out.once('drain', onDrain);
          out.once('error', onError);
        });
      }
      await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
    } catch (err) {
      out.destroy();
      await fsp.rm(tmpPath, { force: true });
      throw err;
    }
    return { tmpPath, size };
  }

  /** fsyncs the temp file, renames it to relPath and fsyncs the directory: after this the bytes are durable. */
  async commit(tmpPath: string, relPath: string): Promise<void> {
    const fh = await fsp.open(tmpPath, 'r+');
    try {
      await fh.sync();
    } finally {
      await fh.close();
    }
    const dest = this.absolute(relPath);
    const dir = path.dirname(dest);
    await fsp.mkdir(dir, { recursive: true });
    await fsp.rename(tmpPath, dest);
    await syncDir(dir);
  }

  async discard(tmpPath: string): Promise<void> {
    await fsp.rm(tmpPath, { force: true });
  }

  /** Writes a whole buffer durably in one call. */
  async writeBuffer(relPath: string, data: Buffer): Promise<WrittenBlob> {
    const { tmpPath, size } = await this.writeTemp([data]);
    await this.commit(tmpPath, relPath);
    return { relPath, size };
  }

  async remove(relPath: string): Promise<void> {
    await fsp.rm(this.absolute(relPath), { force: true });
  }
}

async function syncDir(dir: string): Promise<void> {
  const fh = await fsp.open(dir, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}
