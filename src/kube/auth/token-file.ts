// The static token file (upstream's --token-auth-file): CSV lines `token,user,uid,"group1,group2"`,
// the groups column optional. Read once at start, as upstream does; a malformed file stops start.
import { readFileSync } from 'node:fs';

export interface StaticTokenUser {
  name: string;
  uid: string;
  groups: string[];
}

/** One CSV record: commas split fields, double quotes group them, "" is a literal quote. */
function csvFields(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cur += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out;
}

export function parseTokenFile(text: string, file = 'token file'): Map<string, StaticTokenUser> {
  const tokens = new Map<string, StaticTokenUser>();
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (!line || line.startsWith('#')) return;
    const f = csvFields(line).map((x) => x.trim());
    // Upstream's message for a short record: "token file '<f>' must have at least 3 columns".
    if (f.length < 3) throw new Error(`token file '${file}' must have at least 3 columns (token, user name, user uid), found ${f.length} on line ${i + 1}`);
    const [token, name, uid] = f as [string, string, string];
    if (!token) throw new Error(`token file '${file}': empty token on line ${i + 1}`);
    if (tokens.has(token)) throw new Error(`token file '${file}': duplicate token on line ${i + 1}`);
    const groups = f[3] ? f[3].split(',').map((g) => g.trim()).filter(Boolean) : [];
    tokens.set(token, { name, uid, groups });
  });
  return tokens;
}

export function loadTokenFile(file: string): Map<string, StaticTokenUser> {
  return parseTokenFile(readFileSync(file, 'utf8'), file);
}
