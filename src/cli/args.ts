/** Parses `--name value`, `--name=value` and bare `--flag` into a map; positionals are returned apart. */
export function parseArgs(argv: string[]): { positionals: string[]; flags: Record<string, string> } {
  const positionals: string[] = [];
  const flags: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (!a.startsWith('--')) {
      positionals.push(a);
      continue;
    }
    const eq = a.indexOf('=');
    if (eq >= 0) {
      flags[a.slice(2, eq)] = a.slice(eq + 1);
    } else if (i + 1 < argv.length && !argv[i + 1]!.startsWith('--')) {
      flags[a.slice(2)] = argv[++i]!;
    } else {
      flags[a.slice(2)] = 'true';
    }
  }
  return { positionals, flags };
}
