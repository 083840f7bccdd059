// DuckDB's type names (what its sniffers and DESCRIBE report) in the Hive type language Glue stores:
//   BIGINT → bigint, DECIMAL(15,2) → decimal(15,2), VARCHAR[] → array<string>,
//   STRUCT(k DOUBLE, "a b" INTEGER) → struct<k:double,a b:int>, MAP(VARCHAR, BIGINT) → map<string,bigint>.
// Parsed as a small grammar because the types nest; text formats then narrow to the types Glue's CSV and
// JSON classifiers produce.

const SCALARS: Record<string, string> = {
  BIGINT: 'bigint', INT8: 'bigint', LONG: 'bigint', UBIGINT: 'bigint', HUGEINT: 'decimal(38,0)', UHUGEINT: 'decimal(38,0)',
  INTEGER: 'int', INT4: 'int', INT: 'int', UINTEGER: 'bigint', SMALLINT: 'smallint', INT2: 'smallint', USMALLINT: 'int',
  TINYINT: 'tinyint', INT1: 'tinyint', UTINYINT: 'smallint', DOUBLE: 'double', FLOAT8: 'double', FLOAT: 'float', REAL: 'float',
  FLOAT4: 'float', BOOLEAN: 'boolean', BOOL: 'boolean', VARCHAR: 'string', TEXT: 'string', STRING: 'string', JSON: 'string',
  UUID: 'string', BLOB: 'binary', BYTEA: 'binary', DATE: 'date', TIMESTAMP: 'timestamp', DATETIME: 'timestamp',
  'TIMESTAMP WITH TIME ZONE': 'timestamp', TIMESTAMPTZ: 'timestamp', TIMESTAMP_S: 'timestamp', TIMESTAMP_MS: 'timestamp',
  TIMESTAMP_NS: 'timestamp', TIME: 'string', 'TIME WITH TIME ZONE': 'string', INTERVAL: 'string', BIT: 'string', NULL: 'string',
};

class TypeParser {
  private i = 0;
  constructor(private readonly s: string) {}

  parse(): string {
    const t = this.type();
    return t;
  }

  private ws(): void {
    while (this.s[this.i] === ' ') this.i++;
  }

  private word(): string {
    this.ws();
    if (this.s[this.i] === '"') {
      let out = '';
      this.i++;
      while (this.i < this.s.length) {
        if (this.s[this.i] === '"' && this.s[this.i + 1] === '"') { out += '"'; this.i += 2; continue; }
        if (this.s[this.i] === '"') { this.i++; break; }
        out += this.s[this.i++];
      }
      return out;
    }
    const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(this.s.slice(this.i));
    const w = m ? m[0] : '';
    this.i += w.length;
    return w;
  }

  private type(): string {
    this.ws();
    let base = this.word().toUpperCase();
    // Multi-word names: TIMESTAMP WITH TIME ZONE, TIME WITH TIME ZONE.
    if ((base === 'TIMESTAMP' || base === 'TIME') && /^\s+WITH\s+TIME\s+ZONE/i.test(this.s.slice(this.i))) {
      this.i += /^\s+WITH\s+TIME\s+ZONE/i.exec(this.s.slice(this.i))![0].length;
      base += ' WITH TIME ZONE';
    }
    let out: string;
    this.ws();
    if (base === 'STRUCT' && this.s[this.i] === '(') {
      this.i++;
      const fields: string[] = [];
      for (;;) {
        const name = this.word();
        const t = this.type();
        fields.push(`${name.toLowerCase()}:${t}`);
        this.ws();
        if (this.s[this.i] === ',') { this.i++; continue; }
        this.i++;
        break;
      }
      out = `struct<${fields.join(',')}>`;
    } else if (base === 'MAP' && this.s[this.i] === '(') {
      this.i++;
      const k = this.type();
      this.ws();
      this.i++;
      const v = this.type();
      this.ws();
      this.i++;
      out = `map<${k},${v}>`;
    } else if ((base === 'DECIMAL' || base === 'NUMERIC') && this.s[this.i] === '(') {
      const end = this.s.indexOf(')', this.i);
      out = `decimal${this.s.slice(this.i, end + 1).replace(/\s+/g, '')}`;
      this.i = end + 1;
    } else if (this.s[this.i] === '(') {
      // VARCHAR(10), ENUM(...), UNION(...): a string is what Hive readers can take.
      let depth = 0;
      do {
        if (this.s[this.i] === '(') depth++;
        if (this.s[this.i] === ')') depth--;
        this.i++;
      } while (depth > 0 && this.i < this.s.length);
      out = base === 'VARCHAR' || base === 'ENUM' || base === 'UNION' ? 'string' : SCALARS[base] ?? 'string';
    } else {
      out = base === 'DECIMAL' ? 'decimal(18,3)' : SCALARS[base] ?? 'string';
    }
    // Any number of [] or [n] suffixes: lists and fixed-size arrays.
    for (;;) {
      this.ws();
      if (this.s[this.i] !== '[') break;
      this.i = this.s.indexOf(']', this.i) + 1;
      out = `array<${out}>`;
    }
    return out;
  }
}

/** The Hive type Glue would record for a DuckDB type. */
export function hiveType(duckType: string): string {
  return new TypeParser(duckType).parse();
}

/** Glue's CSV classifier knows boolean, bigint, double and string; dates and times stay strings. */
export function csvType(duckType: string): string {
  const t = hiveType(duckType);
  if (t === 'boolean') return 'boolean';
  if (['bigint', 'int', 'smallint', 'tinyint'].includes(t)) return 'bigint';
  if (t === 'double' || t === 'float' || t.startsWith('decimal')) return 'double';
  return 'string';
}

/** Glue's JSON classifier: numbers, booleans, strings and nested arrays/structs; dates stay strings. */
export function jsonType(duckType: string): string {
  return hiveType(duckType).replace(/\b(date|timestamp)\b/g, 'string').replace(/\b(smallint|tinyint)\b/g, 'int');
}

const RANK = ['boolean', 'tinyint', 'smallint', 'int', 'bigint', 'float', 'double', 'string'];

type Hive = { kind: 'prim'; name: string } | { kind: 'array'; elem: Hive } | { kind: 'map'; key: Hive; value: Hive } | { kind: 'struct'; fields: [string, Hive][] };

/** Splits `a,b<c,d>,e` at its top-level commas. */
function splitTop(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '<' || s[i] === '(') depth++;
    else if (s[i] === '>' || s[i] === ')') depth--;
    else if (s[i] === ',' && depth === 0) {
      out.push(s.slice(start, i));
      start = i + 1;
    }
  }
  out.push(s.slice(start));
  return out;
}

function parseHive(t: string): Hive {
  if (t.startsWith('array<')) return { kind: 'array', elem: parseHive(t.slice(6, -1)) };
  if (t.startsWith('map<')) {
    const [k, v] = splitTop(t.slice(4, -1));
    return { kind: 'map', key: parseHive(k!), value: parseHive(v!) };
  }
  if (t.startsWith('struct<')) {
    return { kind: 'struct', fields: splitTop(t.slice(7, -1)).map((f) => [f.slice(0, f.indexOf(':')), parseHive(f.slice(f.indexOf(':') + 1))]) };
  }
  return { kind: 'prim', name: t };
}

function render(h: Hive): string {
  switch (h.kind) {
    case 'prim': return h.name;
    case 'array': return `array<${render(h.elem)}>`;
    case 'map': return `map<${render(h.key)},${render(h.value)}>`;
    case 'struct': return `struct<${h.fields.map(([n, t]) => `${n}:${render(t)}`).join(',')}>`;
  }
}

function merge(a: Hive, b: Hive): Hive {
  if (a.kind === 'prim' && b.kind === 'prim') {
    if (a.name === b.name) return a;
    const ra = RANK.indexOf(a.name);
    const rb = RANK.indexOf(b.name);
    return { kind: 'prim', name: ra > 0 && rb > 0 ? RANK[Math.max(ra, rb)]! : 'string' };
  }
  if (a.kind === 'array' && b.kind === 'array') return { kind: 'array', elem: merge(a.elem, b.elem) };
  if (a.kind === 'map' && b.kind === 'map') return { kind: 'map', key: merge(a.key, b.key), value: merge(a.value, b.value) };
  if (a.kind === 'struct' && b.kind === 'struct') {
    // Fields of both, in order of first appearance: JSON records often leave out the fields they lack.
    const fields = new Map(a.fields);
    for (const [n, t] of b.fields) fields.set(n, fields.has(n) ? merge(fields.get(n)!, t) : t);
    return { kind: 'struct', fields: [...fields] };
  }
  return { kind: 'prim', name: 'string' };
}

/** Two types seen for one column in different files: the narrowest type both fit in, field by field; else string. */
export function widen(a: string, b: string): string {
  if (a === b) return a;
  return render(merge(parseHive(a), parseHive(b)));
}
