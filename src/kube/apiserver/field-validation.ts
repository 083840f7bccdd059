// The fieldValidation query parameter (Ignore, Warn, Strict): fields the kind's OpenAPI schema does
// not know are refused (Strict, kubectl's default), reported in a Warning header (Warn, the
// server's default) or dropped silently (Ignore), as upstream's decoder does.
import type { ServerResponse } from 'node:http';
import type { KubeObject, Strategy } from '../registry/types.js';
import { schemaFor } from './patch/strategic.js';
import { definitions, type SchemaNode } from './openapi.js';
import { Errors } from './status.js';

export type FieldValidation = 'Ignore' | 'Warn' | 'Strict';

export function checkFieldValidation(query: URLSearchParams): FieldValidation {
  const v = query.get('fieldValidation') ?? 'Warn';
  if (v !== 'Ignore' && v !== 'Warn' && v !== 'Strict') {
    throw Errors.badRequest(`fieldValidation: Unsupported value: ${JSON.stringify(v)}: supported values: "Ignore", "Strict", "Warn"`);
  }
  return v;
}

function resolve(node: SchemaNode | undefined): SchemaNode | undefined {
  let n = node;
  for (let i = 0; n?.$ref && i < 8; i++) n = definitions()[n.$ref.replace('#/definitions/', '')];
  return n;
}

/**
 * Paths of the fields `value` has that `schema` does not declare, upstream-style ("spec.replica");
 * with `prune` they are also removed, as upstream's decoder drops them.
 */
export function unknownFields(value: unknown, schema: SchemaNode | undefined, path: string, out: string[], prune = false): void {
  const s = resolve(schema);
  if (!s || s['x-kubernetes-preserve-unknown-fields'] || value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    if (s.items) value.forEach((v, i) => unknownFields(v, s.items, `${path}[${i}]`, out, prune));
    return;
  }
  if (s.properties) {
    for (const [k, v] of Object.entries(value)) {
      const child = s.properties[k];
      if (!child) {
        if (typeof s.additionalProperties === 'object') unknownFields(v, s.additionalProperties, path ? `${path}.${k}` : k, out, prune);
        else if (s.additionalProperties !== true) {
          out.push(path ? `${path}.${k}` : k);
          if (prune) delete (value as Record<string, unknown>)[k];
        }
        continue;
      }
      unknownFields(v, child, path ? `${path}.${k}` : k, out, prune);
    }
  } else if (typeof s.additionalProperties === 'object') {
    for (const [k, v] of Object.entries(value)) unknownFields(v, s.additionalProperties, path ? `${path}.${k}` : k, out, prune);
  }
}

/**
 * Applies the request's field validation to a decoded object of the given kind: throws 400 under
 * Strict, adds Warning headers under Warn; unknown fields are dropped under Warn and Ignore.
 */
export function enforceFieldValidation(mode: FieldValidation, obj: KubeObject, gvk: { group: string; version: string; kind: string }, res: ServerResponse, strategy?: Strategy): void {
  const name = schemaFor(gvk.group, gvk.version, gvk.kind);
  const unknown: string[] = [];
  if (name) unknownFields(obj, { $ref: `#/definitions/${name}` }, '', unknown, mode !== 'Strict');
  else if (strategy?.unknownFields) unknown.push(...strategy.unknownFields(obj));
  else return;
  if (mode === 'Ignore') return;
  if (!unknown.length) return;
  if (mode === 'Strict') {
    const list = unknown.map((f) => `unknown field "${f}"`).join(', ');
    throw Errors.badRequest(`${gvk.kind} in version "${gvk.version}" cannot be handled as a ${gvk.kind}: strict decoding error: ${list}`);
  }
  const prev = res.getHeader('Warning');
  const warnings = [...(Array.isArray(prev) ? prev : prev ? [String(prev)] : []), ...unknown.map((f) => `299 - "unknown field \\"${f}\\""`)];
  res.setHeader('Warning', warnings);
}
