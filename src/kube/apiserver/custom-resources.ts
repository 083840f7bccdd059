// Serving the resources a CustomResourceDefinition defines: one KindDef per served version, built
// from the CRD, with upstream's structural-schema semantics — defaulting, pruning of unknown fields
// (unless x-kubernetes-preserve-unknown-fields), validation of types, required, enum and bounds
// (422 with per-field causes), status and scale subresources, additionalPrinterColumns.
// All versions share the storage key; with conversion strategy None only apiVersion differs.
import type { Crd, CrdVersion } from '../registry/apiextensions/customresourcedefinition.js';
import type { KindDef, KubeObject, Strategy, TableColumn } from '../registry/types.js';
import { column } from '../registry/types.js';
import { age } from './table.js';
import { jsonEqual } from './objects.js';
import { Field, type StatusCause } from './status.js';

interface JSONSchema {
  type?: string;
  properties?: Record<string, JSONSchema>;
  items?: JSONSchema;
  additionalProperties?: JSONSchema | boolean;
  required?: string[];
  enum?: unknown[];
  default?: unknown;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  pattern?: string;
  nullable?: boolean;
  'x-kubernetes-preserve-unknown-fields'?: boolean;
  'x-kubernetes-int-or-string'?: boolean;
  'x-kubernetes-embedded-resource'?: boolean;
}

const isObj = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

/** Fills defaults and drops unknown fields, in place, as the apiserver does before validation. */
export function defaultAndPrune(value: unknown, s: JSONSchema | undefined): void {
  if (!s) return;
  if (isObj(value)) {
    const props = s.properties ?? {};
    for (const [k, p] of Object.entries(props)) if (value[k] === undefined && p.default !== undefined) value[k] = structuredClone(p.default);
    for (const k of Object.keys(value)) {
      const child = props[k] ?? (isObj(s.additionalProperties) ? s.additionalProperties : undefined);
      if (child) defaultAndPrune(value[k], child);
      else if (!s['x-kubernetes-preserve-unknown-fields'] && s.additionalProperties !== true && !s['x-kubernetes-embedded-resource']) delete value[k];
    }
  } else if (Array.isArray(value) && s.items) for (const v of value) defaultAndPrune(v, s.items);
}

function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

/** Paths of fields the schema does not declare (what pruning would drop). */
export function unknownPaths(value: unknown, s: JSONSchema | undefined, path: string, out: string[]): string[] {
  if (!s || s['x-kubernetes-preserve-unknown-fields'] || s['x-kubernetes-embedded-resource']) return out;
  if (isObj(value)) {
    for (const [k, v] of Object.entries(value)) {
      const child = s.properties?.[k] ?? (isObj(s.additionalProperties) ? s.additionalProperties : undefined);
      const p = path ? `${path}.${k}` : k;
      if (child) unknownPaths(v, child, p, out);
      else if (s.additionalProperties !== true) out.push(p);
    }
  } else if (Array.isArray(value) && s.items) value.forEach((v, i) => unknownPaths(v, s.items, `${path}[${i}]`, out));
  return out;
}

/** Validation causes worded as upstream's CR validation (kube-openapi validate). */
export function validateSchema(value: unknown, s: JSONSchema | undefined, path: string, out: StatusCause[]): void {
  if (!s || value === undefined) return;
  if (value === null) {
    if (!s.nullable && s.type) out.push({ reason: 'FieldValueTypeInvalid', message: `Invalid value: "null": ${path} in body must be of type ${s.type}: "null"`, field: path });
    return;
  }
  const t = typeOf(value);
  if (s['x-kubernetes-int-or-string']) {
    if (t !== 'integer' && t !== 'string') out.push({ reason: 'FieldValueTypeInvalid', message: `Invalid value: "${t}": ${path} in body must be of type integer,string: "${t}"`, field: path });
  } else if (s.type && !(s.type === t || (s.type === 'number' && t === 'integer'))) {
    out.push({ reason: 'FieldValueTypeInvalid', message: `Invalid value: "${t}": ${path} in body must be of type ${s.type}: "${t}"`, field: path });
    return;
  }
  if (s.enum && !s.enum.some((e) => jsonEqual(e, value))) out.push(Field.notSupported(path, value, s.enum.map((e) => String(e))));
  if (typeof value === 'number') {
    if (s.minimum !== undefined && value < s.minimum) out.push(Field.invalid(path, value, `${path} in body should be greater than or equal to ${s.minimum}`));
    if (s.maximum !== undefined && value > s.maximum) out.push(Field.invalid(path, value, `${path} in body should be less than or equal to ${s.maximum}`));
  }
  if (typeof value === 'string') {
    if (s.minLength !== undefined && value.length < s.minLength) out.push(Field.invalid(path, value, `${path} in body should be at least ${s.minLength} chars long`));
    if (s.maxLength !== undefined && value.length > s.maxLength) out.push({ reason: 'FieldValueTooLong', message: `Too long: may not be more than ${s.maxLength} bytes`, field: path });
    if (s.pattern && !new RegExp(s.pattern, 'u').test(value)) out.push(Field.invalid(path, value, `${path} in body should match '${s.pattern}'`));
  }
  if (Array.isArray(value)) {
    if (s.minItems !== undefined && value.length < s.minItems) out.push(Field.invalid(path, value.length, `${path} in body should have at least ${s.minItems} items`));
    if (s.maxItems !== undefined && value.length > s.maxItems) out.push({ reason: 'FieldValueTooMany', message: `Too many: ${value.length}: must have at most ${s.maxItems} items`, field: path });
    value.forEach((v, i) => validateSchema(v, s.items, `${path}[${i}]`, out));
  }
  if (isObj(value)) {
    for (const r of s.required ?? []) if (value[r] === undefined) out.push(Field.required(path ? `${path}.${r}` : r));
    for (const [k, v] of Object.entries(value)) {
      const child = s.properties?.[k] ?? (isObj(s.additionalProperties) ? s.additionalProperties : undefined);
      validateSchema(v, child, path ? `${path}.${k}` : k, out);
    }
  }
}

/** A simple JSONPath (".spec.replicas", ".status.conditions[0].type") as printer columns use it. */
export function jsonPath(obj: unknown, expr: string): unknown {
  let cur: unknown = obj;
  for (const part of expr.replace(/^\{?\$?\.?/, '').replace(/\}$/, '').split('.').filter(Boolean)) {
    const m = /^([^[\]]+)(?:\[(\d+)\])?$/.exec(part);
    if (!m) return undefined;
    cur = isObj(cur) ? cur[m[1]!] : undefined;
    if (m[2] !== undefined) cur = Array.isArray(cur) ? cur[Number(m[2])] : undefined;
    if (cur === undefined) return undefined;
  }
  return cur;
}

function setPath(obj: Record<string, unknown>, expr: string, value: unknown): void {
  const parts = expr.replace(/^\./, '').split('.');
  let cur = obj;
  for (const p of parts.slice(0, -1)) cur = (isObj(cur[p]) ? cur[p] : (cur[p] = {})) as Record<string, unknown>;
  cur[parts[parts.length - 1]!] = value;
}

function strategyFor(crd: Crd, v: CrdVersion): Strategy {
  const schema = v.schema?.openAPIV3Schema as JSONSchema | undefined;
  const hasStatus = !!v.subresources?.status;
  const validate = (obj: KubeObject) => {
    const causes: StatusCause[] = [];
    const { apiVersion: _a, kind: _k, metadata: _m, ...body } = obj;
    const top = { ...(schema ?? {}), properties: { ...(schema?.properties ?? {}) } };
    delete top.properties.metadata;
    delete top.properties.apiVersion;
    delete top.properties.kind;
    validateSchema(body, top, '', causes);
    return causes;
  };
  const printer = v.additionalPrinterColumns ?? [];
  const columns: TableColumn[] = printer.length
    ? printer.map((c) => ({ ...column(c.name, c.type === 'date' ? 'string' : (c.type as TableColumn['type']), c.description ?? '', c.priority ?? 0), format: c.format ?? '' }))
    : [column('Age', 'date', 'CreationTimestamp is a timestamp representing the server time when this object was created.')];
  const withMeta = schema ? { ...schema, properties: { ...(schema.properties ?? {}), metadata: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true }, apiVersion: { type: 'string' }, kind: { type: 'string' } } } : undefined;
  return {
    nameRule: 'subdomain',
    unknownFields: (obj) => unknownPaths(obj, withMeta as JSONSchema | undefined, '', []),
    defaults: (obj) => defaultAndPrune(obj, withMeta as JSONSchema | undefined),
    prepareForCreate(obj) {
      obj.metadata.generation = 1;
      if (hasStatus) delete obj.status;
    },
    validate,
    prepareForUpdate(obj, old) {
      if (hasStatus) {
        if (old.status === undefined) delete obj.status;
        else obj.status = old.status;
      }
      const strip = (o: KubeObject) => {
        const { metadata: _m, status: _s, ...rest } = o;
        return hasStatus ? rest : { ...rest, status: o.status };
      };
      obj.metadata.generation = (old.metadata.generation ?? 1) + (jsonEqual(strip(obj), strip(old)) ? 0 : 1);
    },
    validateUpdate: (obj) => validate(obj),
    columns,
    row: (obj, now) =>
      printer.length
        ? printer.map((c) => {
            const val = jsonPath(obj, c.jsonPath);
            if (c.type === 'date') return typeof val === 'string' ? age({ metadata: { creationTimestamp: val } }, now) : '<unknown>';
            return val === undefined ? '' : typeof val === 'object' ? JSON.stringify(val) : val;
          })
        : [age(obj, now)],
  };
}

/** The KindDefs a CRD defines: one per served version. */
export function customKinds(crd: Crd): KindDef[] {
  const spec = crd.spec ?? {};
  const names = spec.names ?? {};
  if (!spec.group || !names.plural || !names.kind || crd.metadata.deletionTimestamp) return [];
  return (spec.versions ?? [])
    .filter((v) => v.served !== false && v.name)
    .map((v) => {
      const strategy = strategyFor(crd, v);
      const subresources: NonNullable<KindDef['info']['subresources']>[number][] = [];
      const def: KindDef = {
        info: {
          group: spec.group!,
          version: v.name!,
          kind: names.kind!,
          plural: names.plural!,
          singular: names.singular ?? names.kind!.toLowerCase(),
          namespaced: spec.scope !== 'Cluster',
          verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'],
          shortNames: names.shortNames ?? [],
          categories: names.categories ?? [],
          subresources,
        },
        strategy,
      };
      if (v.subresources?.status) {
        subresources.push({ name: 'status', group: spec.group!, version: v.name!, kind: names.kind!, verbs: ['get', 'patch', 'update'] });
        def.subresources = {
          status: {
            ...strategy,
            defaults: undefined,
            prepareForCreate: undefined,
            prepareForUpdate(obj, old) {
              const status = obj.status;
              for (const k of Object.keys(obj)) if (k !== 'metadata' && k !== 'apiVersion' && k !== 'kind') delete obj[k];
              for (const [k, val] of Object.entries(old)) if (k !== 'metadata' && k !== 'apiVersion' && k !== 'kind' && k !== 'status') obj[k] = structuredClone(val);
              if (status !== undefined) obj.status = status;
              obj.metadata = { ...old.metadata, labels: obj.metadata.labels, annotations: obj.metadata.annotations };
            },
          },
        };
      }
      const scale = v.subresources?.scale;
      if (scale?.specReplicasPath && scale.statusReplicasPath) {
        subresources.push({ name: 'scale', group: 'autoscaling', version: 'v1', kind: 'Scale', verbs: ['get', 'patch', 'update'] });
        def.scale = {
          specReplicas: (o) => jsonPath(o, scale.specReplicasPath!) as number | undefined,
          setSpecReplicas: (o, n) => setPath(o, scale.specReplicasPath!, n),
          statusReplicas: (o) => jsonPath(o, scale.statusReplicasPath!) as number | undefined,
          selector: (o) => (scale.labelSelectorPath ? String(jsonPath(o, scale.labelSelectorPath) ?? '') : ''),
        };
      }
      return def;
    });
}
