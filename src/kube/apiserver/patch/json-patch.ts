// RFC 6902 JSON Patch (application/json-patch+json), as upstream applies it with evanphx/json-patch.
import { Errors } from '../status.js';
import { jsonEqual } from '../objects.js';

interface Op {
  op: string;
  path: string;
  from?: string;
  value?: unknown;
}

type Container = Record<string, unknown> | unknown[];

function pointer(path: string): string[] {
  if (path === '') return [];
  if (!path.startsWith('/')) throw Errors.badRequest(`the JSON patch path ${JSON.stringify(path)} must start with "/"`);
  return path.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function fail(msg: string): never {
  // Upstream answers a patch that cannot apply with 422 and the library's message.
  throw Errors.invalid('', 'Patch', '', [{ reason: 'FieldValueInvalid', message: msg }]);
}

function parentOf(doc: unknown, segs: string[], path: string): { parent: Container; key: string } {
  let cur: unknown = doc;
  for (const s of segs.slice(0, -1)) {
    if (Array.isArray(cur)) cur = cur[Number(s)];
    else if (cur && typeof cur === 'object') cur = (cur as Record<string, unknown>)[s];
    else cur = undefined;
    if (cur === undefined || cur === null || typeof cur !== 'object') fail(`doc is missing path: "${path}": missing value`);
  }
  return { parent: cur as Container, key: segs[segs.length - 1]! };
}

function getAt(doc: unknown, path: string): unknown {
  let cur: unknown = doc;
  for (const s of pointer(path)) {
    if (Array.isArray(cur)) cur = cur[Number(s)];
    else if (cur && typeof cur === 'object') cur = (cur as Record<string, unknown>)[s];
    else return undefined;
  }
  return cur;
}

function index(arr: unknown[], key: string, allowEnd: boolean, path: string): number {
  if (key === '-' && allowEnd) return arr.length;
  if (!/^\d+$/.test(key)) fail(`Unable to access invalid index: ${key}`);
  const i = Number(key);
  if (i > arr.length || (!allowEnd && i >= arr.length)) fail(`doc is missing path: "${path}": missing value`);
  return i;
}

function add(doc: unknown, path: string, value: unknown): unknown {
  const segs = pointer(path);
  if (!segs.length) return value;
  const { parent, key } = parentOf(doc, segs, path);
  if (Array.isArray(parent)) parent.splice(index(parent, key, true, path), 0, value);
  else parent[key] = value;
  return doc;
}

function remove(doc: unknown, path: string): unknown {
  const segs = pointer(path);
  const { parent, key } = parentOf(doc, segs, path);
  if (Array.isArray(parent)) parent.splice(index(parent, key, false, path), 1);
  else {
    if (!(key in parent)) fail(`Unable to remove nonexistent key: ${key}: missing value`);
    delete parent[key];
  }
  return doc;
}

export function applyJsonPatch(doc: unknown, patch: unknown): unknown {
  if (!Array.isArray(patch)) throw Errors.badRequest('json: cannot unmarshal object into Go value of type jsonpatch.Patch');
  let out = structuredClone(doc);
  for (const raw of patch as Op[]) {
    const { op, path } = raw;
    if (typeof path !== 'string') throw Errors.badRequest('Unable to get path: missing value');
    switch (op) {
      case 'add':
        out = add(out, path, structuredClone(raw.value));
        break;
      case 'remove':
        out = remove(out, path);
        break;
      case 'replace':
        if (getAt(out, path) === undefined) fail(`replace operation does not apply: doc is missing key: ${path}: missing value`);
        out = add(remove(out, path), path, structuredClone(raw.value));
        break;
      case 'move': {
        const v = getAt(out, raw.from ?? '');
        if (v === undefined) fail(`move operation does not apply: doc is missing from path: ${raw.from}: missing value`);
        out = add(remove(out, raw.from ?? ''), path, v);
        break;
      }
      case 'copy': {
        const v = getAt(out, raw.from ?? '');
        if (v === undefined) fail(`copy operation does not apply: doc is missing from path: ${raw.from}: missing value`);
        out = add(out, path, structuredClone(v));
        break;
      }
      case 'test':
        if (!jsonEqual(getAt(out, path), raw.value)) fail(`testing value ${path} failed: test failed`);
        break;
      default:
        throw Errors.badRequest(`Unexpected kind: ${String(op)}`);
    }
  }
  return out;
}
