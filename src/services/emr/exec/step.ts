// What a step's HadoopJarStep means here. command-runner.jar runs its first argument as EMR's command runner
// does: the SQL CLIs (hive, hive-script, spark-sql) on the engine, s3-dist-cp and hadoop-streaming over the
// lake, anything else (bash, aws, python3, …) as a host process. script-runner.jar fetches its script from S3
// and runs it. Other jars and spark-submit of application code need a JVM, which Lakestack does not have: they
// fail at once with that reason, never hang.
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import type * as T from '../../../aws/generated/emr/shapes.js';
import { type ExecContext, StepFailure, fetchObject } from './context.js';
import { runDistCp } from './distcp.js';
import { runProcess } from './process.js';
import { runStreaming } from './streaming.js';

// SQL steps load the SQL parser (a WASM module, ~100 MB resident) only when a cluster first runs one.
const runSqlCli: typeof import('./sql-step.js').runSqlCli = async (...args) => (await import('./sql-step.js')).runSqlCli(...args);

async function hostProcess(ctx: ExecContext, cmd: string, args: string[]): Promise<void> {
  const r = await runProcess(cmd, args, { cwd: ctx.dir, env: ctx.env, stdout: ctx.stdout, stderr: ctx.stderr, signal: ctx.signal });
  if (ctx.signal.aborted) throw new StepFailure('Step was cancelled');
  if (r.spawnError) throw new StepFailure(`Cannot run program "${cmd}": ${r.spawnError}`);
  if (r.code !== 0) throw new StepFailure(`Command exiting with ret '${r.code}'`);
}

async function commandRunner(ctx: ExecContext, args: string[]): Promise<void> {
  const [cmd, ...rest] = args;
  if (!cmd) throw new StepFailure('command-runner.jar needs a command as its first argument');
  switch (path.basename(cmd)) {
    case 'hive':
      return runSqlCli(ctx, 'hive', rest);
    case 'hive-script':
      if (rest[0] !== '--run-hive-script') throw new StepFailure('hive-script: expected --run-hive-script --args …');
      return runSqlCli(ctx, 'hive', rest.slice(rest.indexOf('--args') + 1));
    case 'spark-sql':
      return runSqlCli(ctx, 'spark-sql', rest);
    case 's3-dist-cp':
      return runDistCp(ctx, rest);
    case 'hadoop-streaming':
      return runStreaming(ctx, rest);
    case 'spark-submit':
    case 'pyspark':
    case 'spark-shell':
      throw new StepFailure(`${cmd}: Lakestack has no Spark (JVM) engine to run application code yet; run SQL with spark-sql -e/-f, or Hive`);
    case 'hadoop':
      if (rest[0] === 'jar' && /hadoop-streaming.*\.jar$/.test(rest[1] ?? '')) return runStreaming(ctx, rest.slice(2));
      throw new StepFailure(`hadoop ${rest.join(' ')}: Lakestack runs no Hadoop (JVM) commands; use aws s3 … for files and hadoop-streaming for MapReduce`);
    default:
      return hostProcess(ctx, cmd, rest);
  }
}

export async function runStep(ctx: ExecContext, cfg: T.HadoopStepConfig): Promise<void> {
  const jar = cfg.Jar ?? '';
  const args = cfg.Args ?? [];
  ctx.controller.write(`INFO startExec 'hadoop jar ${jar} ${args.join(' ')}'\n`);
  if (jar === 'command-runner.jar' || jar.endsWith('/command-runner.jar')) return commandRunner(ctx, args);
  if (jar.endsWith('script-runner.jar')) {
    const [script, ...rest] = args;
    if (!script) throw new StepFailure('script-runner.jar needs the script location as its first argument');
    const dest = path.join(ctx.dir, path.basename(script));
    if (/^s3[an]?:\/\//.test(script)) await fetchObject(ctx, script, dest);
    else await fsp.copyFile(script, dest).catch(() => { throw new StepFailure(`script-runner: ${script}: No such file or directory`); });
    await fsp.chmod(dest, 0o755);
    const head = (await fsp.readFile(dest, 'utf8')).slice(0, 2);
    return head === '#!' ? hostProcess(ctx, dest, rest) : hostProcess(ctx, '/bin/bash', [dest, ...rest]);
  }
  if (/hadoop-streaming.*\.jar$/.test(jar)) return runStreaming(ctx, args);
  throw new StepFailure(`Lakestack cannot run ${jar}${cfg.MainClass ? ` (main class ${cfg.MainClass})` : ''}: there is no JVM engine here yet. Steps that run: command-runner.jar (hive, hive-script, spark-sql, s3-dist-cp, hadoop-streaming, bash, aws, …) and script-runner.jar`);
}
