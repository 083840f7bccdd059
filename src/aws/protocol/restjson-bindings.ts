// HTTP bindings of the REST protocols: matching a request to an operation by method and URI template, and
// converting the members bound to labels, query parameters and headers between text and typed values.
import type { HttpRequest } from './http.js';
import type { MemberRef, Operation, ServiceModel, Shape } from './model.js';
import { formatTimestamp, parseTimestamp, type TimestampFormat } from './timestamps.js';

interface CompiledRoute {
  operation: string;
  method: string;
  path: RegExp;
  labels: string[];
  /** Literal query keys the URI carries (e.g. "?tagging"), with the value they must have when one is given. */
  query: [string, string | undefined][];
  /** Orders matches: more literal characters first, greedy labels last. */
  score: number;
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function compile(name: string, op: Operation): CompiledRoute {
  const [pathPart, queryPart] = op.http.requestUri.split('?', 2) as [string, string | undefined];
  const labels: string[] = [];
  let literal = 0;
  let greedy = 0;
  const re = pathPart.replace(/\{([^}]+)\}|([^{]+)/g, (_m, label: string | undefined, text: string | undefined) => {
    if (text !== undefined) {
      literal += text.length;
      return escapeRe(text);
    }
    const isGreedy = label!.endsWith('+');
    labels.push(isGreedy ? label!.slice(0, -1) : label!);
    if (isGreedy) greedy++;
    return isGreedy ? '(.+)' : '([^/]+)';
  });
  const query: [string, string | undefined][] = [];
  for (const part of (queryPart ?? '').split('&')) {
    if (!part) continue;
    const eq = part.indexOf('=');
    query.push(eq >= 0 ? [part.slice(0, eq), part.slice(eq + 1)] : [part, undefined]);
  }
  // Trailing slashes are not significant to clients' path joining, so accept the path with or without one.
  const path = new RegExp(`^${re.replace(/\/$/, '')}/?$`);
  return { operation: name, method: op.http.method, path, labels, query, score: literal * 10 + query.length * 100 - greedy * 1000 };
}

export class RouteTable {
  private readonly routes: CompiledRoute[];

  constructor(model: ServiceModel) {
    this.routes = Object.entries(model.operations)
      .map(([name, op]) => compile(name, op))
      .sort((a, b) => b.score - a.score);
  }

  /** The operation for a request and its decoded URI labels, or undefined. */
  match(req: HttpRequest): { operation: string; labels: Record<string, string> } | undefined {
    for (const r of this.routes) {
      if (r.method !== req.method) continue;
      const m = r.path.exec(req.rawPath);
      if (!m) continue;
      const ok = r.query.every(([k, v]) => req.query.some(([qk, qv]) => qk === k && (v === undefined || qv === v)));
      if (!ok) continue;
      const labels: Record<string, string> = {};
      r.labels.forEach((l, i) => (labels[l] = safeDecode(m[i + 1]!)));
      return { operation: r.operation, labels };
    }
    return undefined;
  }
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** A typed value from the text of a label, query parameter or header; undefined when it does not parse. */
export function fromText(model: ServiceModel, ref: MemberRef, text: string, where: 'uri' | 'querystring' | 'header'): unknown {
  const shape = model.shapes[ref.shape]!;
  switch (shape.type) {
    case 'integer':
    case 'long':
    case 'float':
    case 'double': {
      const n = Number(text);
      return text.trim() === '' || Number.isNaN(n) ? text : n;
    }
    case 'boolean':
      return text === 'true' ? true : text === 'false' ? false : text;
    case 'timestamp':
      return parseTimestamp(text) ?? text;
    case 'blob':
      return new Uint8Array(Buffer.from(text, 'base64'));
    case 'string':
      if (ref.jsonvalue && where === 'header') {
        try {
          return JSON.parse(Buffer.from(text, 'base64').toString('utf8'));
        } catch {
          return text;
        }
      }
      return text;
    case 'list':
      return where === 'header' ? text.split(',').map((s) => fromText(model, shape.member!, s.trim(), where)) : [fromText(model, shape.member!, text, where)];
    default:
      return text;
  }
}

/** The text of a typed value bound to a header (lists comma-joined, timestamps as HTTP dates). */
export function toHeaderText(model: ServiceModel, ref: MemberRef, value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  const shape: Shape = model.shapes[ref.shape]!;
  if (shape.type === 'timestamp') {
    const d = value instanceof Date ? value : parseTimestamp(value);
    return d ? String(formatTimestamp(d, (ref.timestampFormat ?? shape.timestampFormat ?? 'rfc822') as TimestampFormat)) : undefined;
  }
  if (shape.type === 'blob' && value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (shape.type === 'list' && Array.isArray(value)) return value.map((v) => toHeaderText(model, shape.member!, v)).join(',');
  if (ref.jsonvalue) return Buffer.from(JSON.stringify(value)).toString('base64');
  return String(value);
}
