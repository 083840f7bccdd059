import { readFileSync } from 'node:fs';

function readVersion(): string {
  // package.json sits two levels above src/core (and three above dist/src/core).
  for (const rel of ['../../package.json', '../../../package.json']) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(rel, import.meta.url), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'lakestack' && pkg.version) return pkg.version;
    } catch {
      /* try the next candidate */
    }
  }
  return '0.0.0';
}

export const VERSION = readVersion();
