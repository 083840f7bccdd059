// CustomResourceDefinitions: names as upstream requires (<plural>.<group>), one storage version,
// a structural schema per served version; accepted and Established on create (the resources they
// define are served at once, see apiserver/custom-resources.ts). Table: NAME CREATED AT.
import type { KindDef, KubeObject, Strategy } from '../types.js';
import { column } from '../types.js';
import { resource, specStatus, statusStrategyOf } from '../common.js';
import { Field, type StatusCause } from '../../apiserver/status.js';
import { timestamp } from '../../apiserver/objects.js';

export interface CrdNames {
  plural?: string;
  singular?: string;
  kind?: string;
  listKind?: string;
  shortNames?: string[];
  categories?: string[];
}

export interface CrdVersion {
  name?: string;
  served?: boolean;
  storage?: boolean;
  schema?: { openAPIV3Schema?: Record<string, unknown> };
  subresources?: { status?: Record<string, never>; scale?: { specReplicasPath?: string; statusReplicasPath?: string; labelSelectorPath?: string } };
  additionalPrinterColumns?: Array<{ name: string; type: string; jsonPath: string; description?: string; priority?: number; format?: string }>;
}

export interface Crd extends KubeObject {
  spec?: { group?: string; names?: CrdNames; scope?: string; versions?: CrdVersion[]; conversion?: { strategy?: string } };
  status?: Record<string, unknown>;
}

function validate(obj: Crd): StatusCause[] {
  const spec = obj.spec ?? {};
  const causes: StatusCause[] = [];
  if (!spec.group) causes.push(Field.required('spec.group'));
  if (!spec.names?.plural) causes.push(Field.required('spec.names.plural'));
  if (!spec.names?.kind) causes.push(Field.required('spec.names.kind'));
  if (spec.group && spec.names?.plural && obj.metadata.name !== `${spec.names.plural}.${spec.group}`)
    causes.push(Field.invalid('metadata.name', obj.metadata.name ?? '', `must be spec.names.plural+"."+spec.group`));
  if (spec.scope !== 'Namespaced' && spec.scope !== 'Cluster') causes.push(Field.notSupported('spec.scope', spec.scope ?? '', ['Cluster', 'Namespaced']));
  const versions = spec.versions ?? [];
  if (!versions.length) causes.push(Field.required('spec.versions', 'must have exactly one version marked as storage version'));
  else if (versions.filter((v) => v.storage).length !== 1) causes.push(Field.invalid('spec.versions', versions.map((v) => v.name), 'must have exactly one version marked as storage version'));
  versions.forEach((v, i) => {
    if (!v.name) causes.push(Field.required(`spec.versions[${i}].name`));
    if (!v.schema?.openAPIV3Schema) causes.push(Field.required(`spec.versions[${i}].schema.openAPIV3Schema`, 'schemas are required'));
  });
  return causes;
}

export const crdStrategy: Strategy<Crd> = {
  defaults(obj) {
    const names = ((obj.spec ??= {}).names ??= {});
    if (names.kind) {
      names.singular ??= names.kind.toLowerCase();
      names.listKind ??= `${names.kind}List`;
    }
    obj.spec.conversion ??= { strategy: 'None' };
  },
  prepareForCreate(obj) {
    specStatus.prepareForCreate(obj);
    const now = timestamp(new Date());
    const storage = (obj.spec?.versions ?? []).find((v) => v.storage)?.name;
    obj.status = {
      acceptedNames: obj.spec?.names ?? {},
      conditions: [
        { type: 'NamesAccepted', status: 'True', lastTransitionTime: now, reason: 'NoConflicts', message: 'no conflicts found' },
        { type: 'Established', status: 'True', lastTransitionTime: now, reason: 'InitialNamesAccepted', message: 'the initial names have been accepted' },
      ],
      storedVersions: storage ? [storage] : [],
    };
  },
  validate,
  prepareForUpdate(obj, old) {
    specStatus.prepareForUpdate(obj, old);
    const storage = (obj.spec?.versions ?? []).find((v) => v.storage)?.name;
    const stored = ((obj.status?.storedVersions as string[] | undefined) ?? []).slice();
    if (storage && !stored.includes(storage)) stored.push(storage);
    obj.status = { ...(obj.status ?? {}), acceptedNames: obj.spec?.names ?? {}, storedVersions: stored };
  },
  validateUpdate(obj, old) {
    const causes = validate(obj);
    if (obj.spec?.group !== old.spec?.group) causes.push(Field.immutable('spec.group'));
    return causes;
  },
  columns: [column('Created At', 'date', 'CreationTimestamp is a timestamp representing the server time when this object was created.')],
  row: (obj) => [obj.metadata.creationTimestamp ?? ''],
};

export const customresourcedefinitions: KindDef<Crd> = {
  info: resource('apiextensions.k8s.io', 'v1', 'customresourcedefinitions'),
  strategy: crdStrategy,
  subresources: { status: statusStrategyOf(crdStrategy) },
};
