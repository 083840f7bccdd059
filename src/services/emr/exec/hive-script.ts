// Hive/Spark SQL scripts as their CLIs read them: split into statements at `;` outside quotes and comments,
// and `${hiveconf:x}`, `${hivevar:x}`, `${env:x}` and `${x}` substituted before parsing (Hive substitutes
// text, so this is text work by Hive's own definition; SQL itself is parsed by the dialect layer).

/** Splits a script into statements; `--` comments are dropped, quoted `;` kept. */
export function splitStatements(script: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quote: string | undefined;
  for (let i = 0; i < script.length; i++) {
    const ch = script[i]!;
    if (quote) {
      cur += ch;
      if (ch === '\\' && i + 1 < script.length) cur += script[++i];
      else if (ch === quote) quote = undefined;
      continue;
    }
    if (ch === '-' && script[i + 1] === '-') {
      while (i < script.length && script[i] !== '\n') i++;
      cur += '\n';
      continue;
    }
    if (ch === "'" || ch === '"' || ch === '`') quote = ch;
    if (ch === ';') {
      if (cur.trim()) out.push(cur.trim());
      cur = '';
      continue;
    }
    cur += ch;
  }
  if (cur.trim()) out.push(cur.trim());
  return out;
}

export interface Variables {
  hiveconf: Map<string, string>;
  hivevar: Map<string, string>;
  env: NodeJS.ProcessEnv;
}

/** Hive's variable substitution; an unknown variable is left as written, as Hive leaves it. */
export function substitute(sql: string, v: Variables): string {
  return sql.replace(/\$\{(?:(hiveconf|hivevar|env|system):)?([^}]+)\}/g, (whole, ns: string | undefined, name: string) => {
    if (ns === 'hiveconf') return v.hiveconf.get(name) ?? whole;
    if (ns === 'env') return v.env[name] ?? whole;
    if (ns === 'system') return whole;
    return v.hivevar.get(name) ?? v.hiveconf.get(name) ?? whole;
  });
}

/** `KEY=VALUE` → [KEY, VALUE]; a bare KEY has an empty value. */
export function keyValue(arg: string): [string, string] {
  const i = arg.indexOf('=');
  return i < 0 ? [arg, ''] : [arg.slice(0, i), arg.slice(i + 1)];
}

export interface SqlCliArgs {
  /** The script text from -e, or the location of -f (local path or s3://). */
  query?: string;
  file?: string;
  hiveconf: [string, string][];
  hivevar: [string, string][];
  database?: string;
  /** Options this CLI has that Lakestack refuses by name. */
  unknown: string[];
}

/** Arguments of `hive`, `hive-script --run-hive-script --args` and `spark-sql`. */
export function parseSqlCli(args: string[]): SqlCliArgs {
  const out: SqlCliArgs = { hiveconf: [], hivevar: [], unknown: [] };
  // spark-sql options that take a value and change nothing here (resources, master, names).
  const sparkValued = new Set(['--master', '--deploy-mode', '--name', '--driver-memory', '--executor-memory', '--executor-cores', '--num-executors',
    '--driver-cores', '--queue', '--jars', '--packages', '--files', '--py-files', '--class', '--properties-file', '--total-executor-cores']);
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const val = () => args[++i] ?? '';
    if (a === '-e') out.query = val();
    else if (a === '-f') out.file = val();
    else if (a === '--hiveconf') out.hiveconf.push(keyValue(val()));
    else if (a === '--conf') out.hiveconf.push(keyValue(val()));
    else if (a === '-d' || a === '--define' || a === '--hivevar') out.hivevar.push(keyValue(val()));
    else if (a === '--database') out.database = val();
    else if (a === '-S' || a === '--silent' || a === '-v' || a === '--verbose' || a === '--run-hive-script' || a === '--args') continue;
    else if (a === '-i') out.unknown.push(`${a} ${val()}`);
    else if (sparkValued.has(a)) val();
    else if (a.startsWith('--') && a.includes('=')) continue;
    else out.unknown.push(a);
  }
  return out;
}
