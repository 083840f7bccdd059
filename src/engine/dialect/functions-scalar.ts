// Trino math, string, regexp, JSON, URL, binary and aggregate functions → DuckDB.
import { type Node, template, stringLiteral, numberLiteral, str, num } from './ast.js';
import { notSupported } from './errors.js';
import { DUCK, type RewriteTable } from './rewrite-types.js';

const D = DUCK;
const unsupported = (what: string) => (): never => {
  throw notSupported(what);
};

/** Java regex replacement (`$1`, `\$`) → RE2 replacement (`\1`, `$`). */
function javaReplacement(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === '\\' && i + 1 < s.length) {
      out += s[++i] === '\\' ? '\\\\' : s[i];
    } else if (c === '$' && s[i + 1] !== undefined && s[i + 1]! >= '0' && s[i + 1]! <= '9') {
      out += '\\';
    } else {
      out += c;
    }
  }
  return out;
}

/** JSON path of Trino's SQL/JSON functions: DuckDB has no lax/strict modes. */
function jsonPath(p: Node | undefined): Node {
  const s = stringLiteral(p);
  if (s === null) throw notSupported('json_value/json_query with a non-literal path');
  const trimmed = s.trim();
  const lower = trimmed.toLowerCase();
  return str(lower.startsWith('lax ') ? trimmed.slice(4).trim() : lower.startsWith('strict ') ? trimmed.slice(7).trim() : trimmed);
}

// URL parts by RE2 over the RFC 3986 shape: scheme://userinfo@host:port/path?query#fragment.
const URL_RE = {
  protocol: '^([A-Za-z][A-Za-z0-9+.-]*):',
  host: '^[A-Za-z][A-Za-z0-9+.-]*://(?:[^@/?#]*@)?([^:/?#]+)',
  port: '^[A-Za-z][A-Za-z0-9+.-]*://(?:[^@/?#]*@)?[^:/?#]+:([0-9]+)',
  path: '^(?:[A-Za-z][A-Za-z0-9+.-]*://[^/?#]*)?([^?#]*)',
  query: '\\?([^#]*)',
  fragment: '#(.*)$',
};
const urlPart = (re: string) => ([u]: Node[]): Node =>
  template(`CASE WHEN ${D}regexp_matches($0, $1) THEN ${D}regexp_extract($0, $1, 1) END`, [u!, str(re)]);

export const SCALAR_REWRITES: RewriteTable = {
  // math
  e: () => template(`${D}exp(1)`, []),
  nan: () => template("CAST('NaN' AS DOUBLE)", []),
  infinity: () => template("CAST('Infinity' AS DOUBLE)", []),
  is_infinite: ([x]) => template(`${D}isinf($0)`, [x!]),
  truncate: ([x, n]) => (n ? template(`${D}trunc($0, $1)`, [x!, n]) : template(`${D}trunc($0)`, [x!])),
  width_bucket: ([x, lo, hi, n]) =>
    template(
      `CASE WHEN $0 < $1 THEN 0 WHEN $0 >= $2 THEN $3 + 1 ELSE CAST(${D}floor(($0 - $1) * $3 / ($2 - $1)) AS BIGINT) + 1 END`,
      [x!, lo!, hi!, n!],
    ),
  from_base: ([s, radix]) => {
    const r = numberLiteral(radix);
    if (r === 16) return template("CAST('0x' || $0 AS BIGINT)", [s!]);
    if (r === 2) return template("CAST('0b' || $0 AS BIGINT)", [s!]);
    if (r === 10) return template('CAST($0 AS BIGINT)', [s!]);
    throw notSupported('from_base with a radix other than 2, 10 or 16');
  },
  to_base: ([n, radix]) => {
    const r = numberLiteral(radix);
    if (r === 16) return template(`lower(${D}hex($0))`, [n!]);
    if (r === 2) return template(`${D}bin($0)`, [n!]);
    if (r === 10) return template('CAST($0 AS VARCHAR)', [n!]);
    throw notSupported('to_base with a radix other than 2, 10 or 16');
  },
  // polyglot prints `&`/`|` for DuckDB as functions DuckDB lacks; a + b = (a ^ b) + 2 (a & b).
  bitwise_and: ([a, b]) => template(`CAST(($0 + $1 - ${D}xor($0, $1)) / 2 AS BIGINT)`, [a!, b!]),
  bitwise_or: ([a, b]) => template(`CAST(($0 + $1 + ${D}xor($0, $1)) / 2 AS BIGINT)`, [a!, b!]),
  bitwise_xor: ([a, b]) => template(`${D}xor($0, $1)`, [a!, b!]),
  bitwise_not: ([a]) => template('~$0', [a!]),
  bit_count: ([x]) => template(`${D}bit_count(CAST($0 AS BIGINT))`, [x!]),
  // strings
  str_position: ([s, sub, nth]) =>
    nth
      ? template(
          `CASE WHEN ${D}len(${D}string_split($0, $1)) > $2 THEN ${D}length(${D}array_to_string(${D}list_slice(${D}string_split($0, $1), 1, $2), $1)) + 1 ELSE 0 END`,
          [s!, sub!, nth],
        )
      : null,
  split_part: ([s, d, i]) =>
    template(`CASE WHEN ${D}len(${D}string_split($0, $1)) >= $2 THEN ${D}split_part($0, $1, $2) END`, [s!, d!, i!]),
  replace: ([s, from, to]) => (to ? null : template(`${D}replace($0, $1, '')`, [s!, from!])),
  codepoint: ([c]) => template(`${D}unicode($0)`, [c!]),
  levenshtein_distance: ([a, b]) => template(`${D}levenshtein($0, $1)`, [a!, b!]),
  hamming_distance: ([a, b]) => template(`${D}hamming($0, $1)`, [a!, b!]),
  format: (args) => template(`${D}printf(${args.map((_, i) => `$${i}`).join(', ')})`, args),
  luhn_check: unsupported('luhn_check'),
  soundex: unsupported('soundex'),
  typeof: unsupported('typeof (DuckDB type names differ from Trino)'),
  // regexp: RE2 on both sides; Trino returns NULL where DuckDB returns ''.
  regexp_extract: ([s, p, g]) =>
    template(`CASE WHEN ${D}regexp_matches($0, $1) THEN ${D}regexp_extract($0, $1, $2) END`, [s!, p!, g ?? num(0)]),
  regexp_replace: ([s, p, r]) => {
    if (!r) return template(`${D}regexp_replace($0, $1, '', 'g')`, [s!, p!]);
    const lit = stringLiteral(r);
    if (lit === null) throw notSupported('regexp_replace with a non-literal replacement');
    return template(`${D}regexp_replace($0, $1, $2, 'g')`, [s!, p!, str(javaReplacement(lit))]);
  },
  regexp_count: ([s, p]) => template(`${D}len(${D}regexp_extract_all($0, $1))`, [s!, p!]),
  regexp_position: ([s, p, start]) => {
    if (start) throw notSupported('regexp_position with a start position');
    return template(`CASE WHEN ${D}regexp_matches($0, $1) THEN ${D}length(${D}regexp_split_to_array($0, $1)[1]) + 1 ELSE -1 END`, [s!, p!]);
  },
  // JSON: json_extract_scalar is NULL for objects and arrays.
  json_extract_scalar: ([j, p]) =>
    template(`CASE WHEN ${D}json_type($0, $1) NOT IN ('OBJECT', 'ARRAY') THEN ${D}json_extract_string($0, $1) END`, [j!, p!]),
  json_extract: ([j, p]) => template(`${D}json_extract($0, $1)`, [j!, p!]),
  json_parse: ([s]) => template(`${D}json($0)`, [s!]),
  parse_json: ([s]) => template(`${D}json($0)`, [s!]),
  json_array_contains: ([j, v]) => template(`${D}list_contains(CAST($0 AS JSON[]), ${D}to_json($1))`, [j!, v!]),
  json_size: ([j, p]) =>
    template(
      `CASE ${D}json_type($0, $1) WHEN 'ARRAY' THEN ${D}json_array_length($0, $1) WHEN 'OBJECT' THEN ${D}len(${D}json_keys($0, $1)) ELSE 0 END`,
      [j!, p!],
    ),
  is_json_scalar: ([j]) => template(`${D}json_type($0) NOT IN ('ARRAY', 'OBJECT')`, [j!]),
  json_value: ([j, p]) => template(`${D}json_extract_string($0, $1)`, [j!, jsonPath(p)]),
  json_query: ([j, p]) => template(`${D}json_extract($0, $1)`, [j!, jsonPath(p)]),
  json_array_get: ([j, i]) => template(`${D}json_extract($0, '$[' || CAST($1 AS VARCHAR) || ']')`, [j!, i!]),
  // binary: Trino's md5/sha* return varbinary and to_hex is upper case.
  md5: ([b]) => template(`${D}unhex(${D}md5($0))`, [b!]),
  sha256: ([b]) => template(`${D}unhex(${D}sha256($0))`, [b!]),
  to_hex: ([b]) => template(`upper(${D}hex($0))`, [b!]),
  // URL
  url_extract_protocol: urlPart(URL_RE.protocol),
  url_extract_host: urlPart(URL_RE.host),
  url_extract_port: ([u]) => template('CAST($0 AS BIGINT)', [urlPart(URL_RE.port)([u!])]),
  url_extract_path: urlPart(URL_RE.path),
  url_extract_query: urlPart(URL_RE.query),
  url_extract_fragment: urlPart(URL_RE.fragment),
  url_extract_parameter: ([u, name]) =>
    template(
      `CASE WHEN ${D}regexp_matches($0, '[?&]' || $1 || '=') THEN ${D}regexp_extract($0, '[?&]' || $1 || '=([^&#]*)', 1) END`,
      [u!, name!],
    ),
  // Java's URLEncoder writes spaces as '+'.
  url_encode: ([s]) => template(`${D}replace(${D}url_encode($0), '%20', '+')`, [s!]),
  url_decode: ([s]) => template(`${D}url_decode(${D}replace($0, '+', ' '))`, [s!]),
  // aggregates
  approx_percentile: ([x, p, w]) => {
    if (w) throw notSupported('approx_percentile with weights or accuracy');
    return template(`${D}quantile_disc($0, $1)`, [x!, p!]);
  },
  bitwise_and_agg: ([x]) => template(`${D}bit_and($0)`, [x!]),
  bitwise_or_agg: ([x]) => template(`${D}bit_or($0)`, [x!]),
  checksum: unsupported('checksum'),
  approx_most_frequent: unsupported('approx_most_frequent'),
};
