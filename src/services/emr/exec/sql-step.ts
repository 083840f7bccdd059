// `hive -e/-f`, `hive-script --run-hive-script --args -f s3://… -d K=V` and `spark-sql -e/-f`: the script is
// read (from S3 when it is an s3:// location), its variables bound, and each statement run in one session.
import type { SourceDialect } from '../../../engine/dialect/index.js';
import { type ExecContext, StepFailure, readScript } from './context.js';
import { parseSqlCli, splitStatements } from './hive-script.js';
import { HiveSession, SqlFailure } from './hive-session.js';

export async function runSqlCli(ctx: ExecContext, tool: 'hive' | 'spark-sql', args: string[]): Promise<void> {
  const cli = parseSqlCli(args);
  if (cli.unknown.length) throw new StepFailure(`${tool}: option(s) not supported by Lakestack: ${cli.unknown.join(' ')}`);
  if (cli.query === undefined && cli.file === undefined) throw new StepFailure(`${tool}: an interactive shell needs a terminal; a step must pass -e '<sql>' or -f <script>`);
  const script = cli.query ?? (await readScript(ctx, cli.file!));
  const hiveconf = new Map(ctx.properties);
  for (const [k, v] of cli.hiveconf) hiveconf.set(k, v);
  const dialect: SourceDialect = tool === 'hive' ? 'hive' : 'spark';
  const warehouse = hiveconf.get('hive.metastore.warehouse.dir') ?? hiveconf.get('spark.sql.warehouse.dir');
  const session = new HiveSession({
    engine: ctx.engine, catalog: ctx.catalog, lake: ctx.lake, accountId: ctx.accountId, dialect,
    scope: { accountId: ctx.accountId, region: ctx.metastoreRegion },
    vars: { hiveconf, hivevar: new Map(cli.hivevar), env: ctx.env },
    database: cli.database ?? 'default',
    warehouse: warehouse && /^s3[an]?:\/\//.test(warehouse) ? warehouse : undefined,
    out: (line) => ctx.stdout.write(`${line}\n`),
    info: (line) => ctx.stderr.write(`${line}\n`),
    signal: ctx.signal,
  });
  for (const statement of splitStatements(script)) {
    if (ctx.signal.aborted) throw new StepFailure('Step was cancelled');
    try {
      await session.run(statement);
    } catch (e) {
      if (e instanceof SqlFailure) throw new StepFailure(`FAILED: ${e.message}`);
      throw e;
    }
  }
}
