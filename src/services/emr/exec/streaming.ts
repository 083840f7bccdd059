// hadoop-streaming: the mapper command runs once per input split (a file, or a 64 MB line-aligned range of
// one), its output is partitioned by key (the text before the first tab) into -numReduceTasks partitions,
// each partition is sorted by key (the host's `sort`, bytewise) and fed to one reducer, whose output is
// part-NNNNN under -output; _SUCCESS marks the finished job. -numReduceTasks 0 writes the mappers' output.
import { createReadStream, createWriteStream, promises as fsp, type WriteStream } from 'node:fs';
import path from 'node:path';
import { createGunzip } from 'node:zlib';
import { folderOf, parseS3Location, type LakeFile } from '../../s3/lake.js';
import { type ExecContext, StepFailure, fetchObject } from './context.js';
import { BoundedBuffer, runProcess } from './process.js';

const SPLIT = 64 << 20;
const PARALLEL = 2;

interface Split { file: LakeFile; start: number; end: number }

async function splitsOf(files: LakeFile[]): Promise<Split[]> {
  const out: Split[] = [];
  for (const f of files) {
    if (f.key.endsWith('.gz') || f.size <= SPLIT) { out.push({ file: f, start: 0, end: f.size }); continue; }
    const fh = await fsp.open(f.path, 'r');
    try {
      let start = 0;
      const buf = Buffer.alloc(1 << 16);
      while (start < f.size) {
        let end = Math.min(start + SPLIT, f.size);
        // Each split ends after a newline so no record is cut in two.
        while (end < f.size) {
          const { bytesRead } = await fh.read(buf, 0, buf.length, end);
          const nl = buf.subarray(0, bytesRead).indexOf(10);
          if (nl >= 0) { end += nl + 1; break; }
          end += bytesRead;
          if (!bytesRead) break;
        }
        out.push({ file: f, start, end });
        start = end;
      }
    } finally {
      await fh.close();
    }
  }
  return out;
}

function hashKey(line: string, n: number): number {
  const tab = line.indexOf('\t');
  const key = tab < 0 ? line : line.slice(0, tab);
  let h = 0;
  for (let i = 0; i < key.length; i++) h = (Math.imul(h, 31) + key.charCodeAt(i)) | 0;
  return (h & 0x7fffffff) % n;
}

async function pool<T>(items: T[], n: number, fn: (t: T, i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(n, items.length) }, async () => {
    while (next < items.length) { const i = next++; await fn(items[i]!, i); }
  }));
}

export async function runStreaming(ctx: ExecContext, args: string[]): Promise<void> {
  const o: { inputs: string[]; output?: string; mapper?: string; reducer?: string; combiner?: string; files: string[]; reducers: number } = { inputs: [], files: [], reducers: 1 };
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const val = () => args[++i] ?? '';
    if (a === '-input') o.inputs.push(...val().split(','));
    else if (a === '-output') o.output = val();
    else if (a === '-mapper') o.mapper = val();
    else if (a === '-reducer') o.reducer = val();
    else if (a === '-combiner') o.combiner = val();
    else if (a === '-files' || a === '-file' || a === '-cacheFile') o.files.push(...val().split(','));
    else if (a === '-numReduceTasks') o.reducers = Number(val());
    else if (a === '-D') { const [k, v] = val().split('='); if (k === 'mapreduce.job.reduces' || k === 'mapred.reduce.tasks') o.reducers = Number(v); }
    else if (a === '-cmdenv' || a === '-inputformat' || a === '-outputformat' || a === '-partitioner') val();
    else throw new StepFailure(`hadoop-streaming: unknown option ${a}`);
  }
  if (!o.inputs.length || !o.output || !o.mapper) throw new StepFailure('ERROR streaming.StreamJob: Missing required options: input, output, mapper');
  if (!Number.isInteger(o.reducers) || o.reducers < 0) throw new StepFailure(`hadoop-streaming: invalid -numReduceTasks ${o.reducers}`);
  if (o.reducer === 'NONE') o.reducers = 0;
  if (o.reducer === 'aggregate') throw new StepFailure('hadoop-streaming: the aggregate reducer is a Java class; Lakestack runs reducer commands only');
  const out = folderOf(parseS3Location(o.output));
  if (!ctx.lake.bucketExists(out.bucket)) throw new StepFailure(`hadoop-streaming: ${o.output}: The specified bucket does not exist`);
  if (ctx.lake.listFiles(out).length || ctx.lake.object(out.bucket, `${out.prefix}_SUCCESS`)) {
    throw new StepFailure(`Exception in thread "main" org.apache.hadoop.mapred.FileAlreadyExistsException: Output directory ${o.output} already exists`);
  }
  // -files are shipped into the task's working directory, executable, as the distributed cache does.
  for (const f of o.files) {
    const [uri, link] = f.split('#');
    const dest = path.join(ctx.dir, link ?? path.basename(uri!));
    if (/^s3[an]?:\/\//.test(uri!)) await fetchObject(ctx, uri!, dest);
    else await fsp.copyFile(path.resolve(ctx.dir, uri!), dest).catch(() => { throw new StepFailure(`hadoop-streaming: file ${uri} not found`); });
    await fsp.chmod(dest, 0o755);
  }
  const files: LakeFile[] = [];
  for (const input of o.inputs) {
    const loc = parseS3Location(input);
    const single = ctx.lake.object(loc.bucket, loc.prefix);
    const found = single ? [single] : ctx.lake.bucketExists(loc.bucket) ? ctx.lake.listFiles(loc) : [];
    if (!found.length) throw new StepFailure(`Exception in thread "main" org.apache.hadoop.mapreduce.lib.input.InvalidInputException: Input path does not exist: ${input}`);
    files.push(...found);
  }
  const splits = await splitsOf(files);
  const env = { ...ctx.env, PATH: `${ctx.dir}:${ctx.env.PATH ?? ''}` };
  const work = path.join(ctx.dir, 'mapred');
  await fsp.mkdir(work, { recursive: true });
  const R = o.reducers;
  const partFile = (r: number, m: number) => path.join(work, R === 0 ? `part-${String(m).padStart(5, '0')}` : `map-${m}-r${r}`);
  ctx.controller.write(`hadoop-streaming: ${splits.length} map task(s), ${R} reduce task(s)\n`);
  const task = async (cmd: string, stdin: NodeJS.ReadableStream, stdout: { write(d: Buffer): void }, what: string) => {
    const err = new BoundedBuffer(1 << 20);
    const r = await runProcess('/bin/sh', ['-c', cmd], { cwd: ctx.dir, env, stdin, stdout, stderr: { write: (d) => { err.write(d); ctx.stderr.write(d); } }, signal: ctx.signal });
    if (ctx.signal.aborted) throw new StepFailure('Step was cancelled');
    if (r.code !== 0) throw new StepFailure(`Error: java.lang.RuntimeException: PipeMapRed.waitOutputThreads(): subprocess failed with code ${r.code} (${what}: ${cmd})${r.spawnError ? `: ${r.spawnError}` : ''}`);
  };
  await pool(splits, PARALLEL, async (s, m) => {
    const raw = createReadStream(s.file.path, s.end > s.start ? { start: s.start, end: s.end - 1 } : {});
    const input = s.file.key.endsWith('.gz') ? raw.pipe(createGunzip()) : raw;
    const outs: WriteStream[] = Array.from({ length: Math.max(R, 1) }, (_, r) => createWriteStream(partFile(r, m)));
    let pending = '';
    const sink = R <= 1 ? { write: (d: Buffer) => { outs[0]!.write(d); } } : {
      write: (d: Buffer) => {
        const text = pending + d.toString('utf8');
        const lines = text.split('\n');
        pending = lines.pop()!;
        const per: string[][] = outs.map(() => []);
        for (const l of lines) per[hashKey(l, R)]!.push(l);
        per.forEach((ls, r) => { if (ls.length) outs[r]!.write(`${ls.join('\n')}\n`); });
      },
    };
    await task(o.mapper!, input, sink, 'mapper');
    if (pending) outs[hashKey(pending, R)]!.write(`${pending}\n`);
    await Promise.all(outs.map((w) => new Promise<void>((res, rej) => w.end((e?: Error | null) => (e ? rej(e) : res())))));
  });
  const results: string[] = [];
  if (R === 0) {
    for (let m = 0; m < splits.length; m++) results.push(partFile(0, m));
  } else {
    await pool(Array.from({ length: R }, (_, r) => r), PARALLEL, async (r) => {
      const merged = path.join(work, `reduce-in-${r}`);
      const sorted = path.join(work, `part-${String(r).padStart(5, '0')}`);
      const inputs = splits.map((_, m) => partFile(r, m));
      // Keys sort bytewise, records with equal keys stay together: what the shuffle hands a reducer.
      const sortErr = new BoundedBuffer(1 << 16);
      const sortOut = createWriteStream(merged);
      const rs = await runProcess('sort', ['-s', '-t', '\t', '-k1,1', ...inputs], {
        cwd: work, env: { ...env, LC_ALL: 'C' }, stdout: { write: (d) => { sortOut.write(d); } }, stderr: sortErr, signal: ctx.signal,
      });
      await new Promise<void>((res) => sortOut.end(() => res()));
      if (rs.code !== 0) throw new StepFailure(`hadoop-streaming: sorting the shuffle failed: ${sortErr.text()}`);
      const outFile = createWriteStream(sorted);
      await task(o.reducer ?? 'cat', createReadStream(merged), { write: (d) => { outFile.write(d); } }, 'reducer');
      await new Promise<void>((res) => outFile.end(() => res()));
      results[r] = sorted;
    });
  }
  for (const f of results) await ctx.lake.adopt(f, out.bucket, `${out.prefix}${path.basename(f)}`, 'text/plain', ctx.accountId);
  await ctx.lake.putText(out.bucket, `${out.prefix}_SUCCESS`, '', 'application/octet-stream', ctx.accountId);
  ctx.stdout.write(`Output directory: ${o.output}\n`);
}
