// s3-dist-cp over the lake: files under --src (filtered by --srcPattern) are copied to --dest at the same
// relative path, or, with --groupBy, concatenated per the regex's capture groups into one file each;
// --outputCodec recompresses (gzip) or decompresses (none).
import { createReadStream, createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import { PassThrough } from 'node:stream';
import { folderOf, parseS3Location, type LakeFile } from '../../s3/lake.js';
import { type ExecContext, StepFailure } from './context.js';

interface DistCpArgs {
  src: string;
  dest: string;
  srcPattern?: RegExp;
  groupBy?: RegExp;
  codec?: string;
  deleteOnSuccess: boolean;
}

function parse(args: string[]): DistCpArgs {
  const o: Partial<DistCpArgs> & { deleteOnSuccess: boolean } = { deleteOnSuccess: false };
  for (let i = 0; i < args.length; i++) {
    const [flag, inline] = args[i]!.split(/=(.*)/s) as [string, string | undefined];
    const val = () => inline ?? args[++i] ?? '';
    switch (flag) {
      case '--src': o.src = val(); break;
      case '--dest': o.dest = val(); break;
      case '--srcPattern': o.srcPattern = new RegExp(`^(?:${val()})$`); break;
      case '--groupBy': o.groupBy = new RegExp(`^(?:${val()})$`); break;
      case '--outputCodec': o.codec = val().toLowerCase(); break;
      case '--deleteOnSuccess': throw new StepFailure('s3-dist-cp: --deleteOnSuccess is not supported by Lakestack yet');
      case '--targetSize': case '--s3ServerSideEncryption': case '--storageClass': case '--outputManifest': case '--previousManifest': case '--copyFromManifest': case '--srcPrefixesFile':
        if (flag === '--targetSize' || flag === '--storageClass') val();
        else throw new StepFailure(`s3-dist-cp: option ${flag} is not supported by Lakestack yet`);
        break;
      default: throw new StepFailure(`s3-dist-cp: unknown option ${flag}`);
    }
  }
  if (!o.src || !o.dest) throw new StepFailure('s3-dist-cp: --src and --dest are required');
  if (o.codec && !['gzip', 'gz', 'none', 'keep'].includes(o.codec)) throw new StepFailure(`s3-dist-cp: output codec ${o.codec} is not supported by Lakestack yet (gzip, none, keep)`);
  return o as DistCpArgs;
}

export async function runDistCp(ctx: ExecContext, args: string[]): Promise<void> {
  const a = parse(args);
  const src = folderOf(parseS3Location(a.src));
  const dest = folderOf(parseS3Location(a.dest));
  if (!ctx.lake.bucketExists(src.bucket)) throw new StepFailure(`s3-dist-cp: ${a.src}: The specified bucket does not exist`);
  if (!ctx.lake.bucketExists(dest.bucket)) throw new StepFailure(`s3-dist-cp: ${a.dest}: The specified bucket does not exist`);
  const full = (f: LakeFile) => `s3://${f.bucket}/${f.key}`;
  const files = ctx.lake.listFiles(src).filter((f) => !a.srcPattern || a.srcPattern.test(full(f)));
  const outputs = new Map<string, LakeFile[]>();
  for (const f of files) {
    let name = f.key.slice(src.prefix.length);
    if (a.groupBy) {
      const m = a.groupBy.exec(full(f));
      if (!m) continue;
      if (m.length < 2) throw new StepFailure('s3-dist-cp: --groupBy needs at least one capture group');
      name = m.slice(1).join('');
    }
    outputs.set(name, [...(outputs.get(name) ?? []), f]);
  }
  ctx.controller.write(`s3-dist-cp: ${files.length} file(s) matched, ${outputs.size} output file(s)\n`);
  for (const [name, parts] of outputs) {
    if (ctx.signal.aborted) throw new StepFailure('Step was cancelled');
    const gz = a.codec === 'gzip' || a.codec === 'gz';
    const decompress = a.codec === 'none';
    const base = decompress ? name.replace(/\.gz$/, '') : name;
    const key = `${dest.prefix}${base}${gz && !base.endsWith('.gz') ? '.gz' : ''}`;
    const tmp = ctx.lake.tempPath();
    const out = new PassThrough();
    const done = gz ? pipeline(out, createGzip(), createWriteStream(tmp)) : pipeline(out, createWriteStream(tmp));
    for (const p of parts) {
      const compressed = p.key.endsWith('.gz');
      // Concatenated gzip members are valid gzip; other inputs are decompressed when the output is re-encoded.
      const stream = compressed && (gz || decompress || a.groupBy) ? createReadStream(p.path).pipe(createGunzip()) : createReadStream(p.path);
      for await (const chunk of stream) out.write(chunk as Buffer);
    }
    out.end();
    await done;
    await ctx.lake.adopt(tmp, dest.bucket, key, 'binary/octet-stream', ctx.accountId);
    ctx.stdout.write(`${parts.map(full).join(',')} -> s3://${dest.bucket}/${key}\n`);
  }
}
