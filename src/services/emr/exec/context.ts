// What every step and bootstrap action runs with: the cluster's lake and engine, its working directories,
// the environment an EMR node gives (the aws CLI and SDKs pointed at Lakestack), bounded logs, and the
// signal that a cancel or a termination raises.
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import type { EngineCatalog } from '../../../engine/catalog.js';
import type { QueryEngine } from '../../../engine/engine.js';
import type { S3Lake } from '../../s3/lake.js';
import { parseS3Location } from '../../s3/lake.js';
import type { BoundedBuffer } from './process.js';

export interface ExecContext {
  clusterId: string;
  accountId: string;
  region: string;
  lake: S3Lake;
  engine: QueryEngine;
  catalog: EngineCatalog;
  /** The catalog scope of the cluster's metastore: the account's Glue catalog, or the cluster's own. */
  metastoreRegion: string;
  /** hive-site / spark-defaults properties from the cluster's Configurations. */
  properties: Map<string, string>;
  /** The working directory of this step (its cwd). */
  dir: string;
  /** The master node's home: where bootstrap actions left their files. */
  home: string;
  env: NodeJS.ProcessEnv;
  signal: AbortSignal;
  stdout: BoundedBuffer;
  stderr: BoundedBuffer;
  controller: BoundedBuffer;
}

/** A step failed for a reason the user can act on; the message goes to stderr and the step's FailureDetails. */
export class StepFailure extends Error {}

/** Copies an object from the lake to a local file (scripts, mapper programs). */
export async function fetchObject(ctx: Pick<ExecContext, 'lake'>, uri: string, dest: string): Promise<void> {
  const loc = parseS3Location(uri);
  if (!ctx.lake.bucketExists(loc.bucket)) throw new StepFailure(`Exception in thread "main" java.io.FileNotFoundException: ${uri}: The specified bucket does not exist (Service: Amazon S3; Status Code: 404; Error Code: NoSuchBucket)`);
  const obj = ctx.lake.object(loc.bucket, loc.prefix);
  if (!obj) throw new StepFailure(`Exception in thread "main" java.io.FileNotFoundException: No such file or directory '${uri}'`);
  await fsp.mkdir(path.dirname(dest), { recursive: true });
  await fsp.copyFile(obj.path, dest);
}

/** A script argument: an s3:// object is fetched into the working directory, a local path is read as is. */
export async function readScript(ctx: ExecContext, where: string): Promise<string> {
  if (/^s3[an]?:\/\//.test(where)) {
    const dest = path.join(ctx.dir, path.basename(where) || 'script');
    await fetchObject(ctx, where, dest);
    return fsp.readFile(dest, 'utf8');
  }
  try {
    return await fsp.readFile(path.resolve(ctx.dir, where), 'utf8');
  } catch {
    throw new StepFailure(`Could not open input file for reading. (File file:${where} does not exist)`);
  }
}
