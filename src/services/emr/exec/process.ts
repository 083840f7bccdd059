// Host processes for steps, bootstrap actions and streaming tasks: each runs in its own process group so a
// cancel or a terminated cluster stops it and everything it started; its output is kept up to a bound (the
// rest is counted, not stored) so a chatty step cannot exhaust the server's memory.
import { spawn } from 'node:child_process';

/** Output kept per stream; beyond it only the byte count grows. */
export const OUTPUT_LIMIT = 8 << 20;

export class BoundedBuffer {
  private chunks: Buffer[] = [];
  private kept = 0;
  total = 0;

  constructor(private readonly limit = OUTPUT_LIMIT) {}

  write(data: Buffer | string): void {
    const b = typeof data === 'string' ? Buffer.from(data) : data;
    this.total += b.length;
    if (this.kept >= this.limit) return;
    const part = b.subarray(0, this.limit - this.kept);
    this.chunks.push(part);
    this.kept += part.length;
  }

  text(): string {
    return this.buffer().toString('utf8');
  }

  buffer(): Buffer {
    const b = Buffer.concat(this.chunks);
    return this.total > this.kept ? Buffer.concat([b, Buffer.from(`\n[output truncated: ${this.total - this.kept} more bytes]\n`)]) : b;
  }
}

export interface RunOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  stdout: { write(d: Buffer): void };
  stderr: { write(d: Buffer): void };
  signal?: AbortSignal;
  /** Bytes (or a file stream) for stdin; without it stdin is empty. */
  stdin?: NodeJS.ReadableStream;
}

export interface RunResult {
  code: number;
  /** The signal that ended the process (a cancel sends SIGTERM to its group). */
  signal?: string;
  /** Why it could not start (ENOENT: no such program). */
  spawnError?: string;
}

export function runProcess(cmd: string, args: string[], o: RunOptions): Promise<RunResult> {
  return new Promise((resolve) => {
    if (o.signal?.aborted) return resolve({ code: 130, signal: 'SIGTERM' });
    const child = spawn(cmd, args, { cwd: o.cwd, env: o.env, detached: true, stdio: [o.stdin ? 'pipe' : 'ignore', 'pipe', 'pipe'] });
    let settled = false;
    const kill = () => {
      // The whole group: `bash -c` and the programs it started.
      try { if (child.pid) process.kill(-child.pid, 'SIGTERM'); } catch { /* already gone */ }
      setTimeout(() => { try { if (child.pid) process.kill(-child.pid, 'SIGKILL'); } catch { /* gone */ } }, 2000).unref();
    };
    o.signal?.addEventListener('abort', kill, { once: true });
    child.stdout!.on('data', (d: Buffer) => o.stdout.write(d));
    child.stderr!.on('data', (d: Buffer) => o.stderr.write(d));
    if (o.stdin && child.stdin) {
      child.stdin.on('error', () => { /* the program stopped reading: EPIPE is its business */ });
      o.stdin.pipe(child.stdin);
    }
    child.on('error', (err: NodeJS.ErrnoException) => {
      if (settled) return;
      settled = true;
      o.signal?.removeEventListener('abort', kill);
      resolve({ code: 127, spawnError: err.code === 'ENOENT' ? `${cmd}: command not found` : err.message });
    });
    child.on('close', (code, signal) => {
      if (settled) return;
      settled = true;
      o.signal?.removeEventListener('abort', kill);
      resolve({ code: code ?? 128, ...(signal ? { signal } : {}) });
    });
  });
}
