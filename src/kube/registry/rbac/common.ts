// What the four RBAC kinds share: rule and subject validation, and their table columns.
// RBAC is stored and served here; authorization by it comes with issue 3 item 5.
import type { KubeObject, Strategy } from '../types.js';
import { column } from '../types.js';
import { age } from '../../apiserver/table.js';
import { Field, type StatusCause } from '../../apiserver/status.js';
import { AGE } from '../apps/workload.js';

interface PolicyRule {
  verbs?: string[];
  apiGroups?: string[];
  resources?: string[];
  nonResourceURLs?: string[];
}

export interface RoleObject extends KubeObject {
  rules?: PolicyRule[];
  aggregationRule?: unknown;
}

export interface BindingObject extends KubeObject {
  roleRef?: { apiGroup?: string; kind?: string; name?: string };
  subjects?: Array<{ kind?: string; name?: string; namespace?: string; apiGroup?: string }>;
}

function validateRules(obj: RoleObject, clusterScoped: boolean): StatusCause[] {
  const causes: StatusCause[] = [];
  (obj.rules ?? []).forEach((r, i) => {
    if (!(r.verbs ?? []).length) causes.push(Field.required(`rules[${i}].verbs`, 'verbs must contain at least one value'));
    if (r.nonResourceURLs?.length && !clusterScoped) causes.push(Field.invalid(`rules[${i}].nonResourceURLs`, r.nonResourceURLs, 'namespaced rules cannot apply to non-resource URLs'));
    if (!r.nonResourceURLs?.length && !(r.apiGroups ?? []).length) causes.push(Field.required(`rules[${i}].apiGroups`, 'resource rules must supply at least one api group'));
  });
  return causes;
}

export function roleStrategy(clusterScoped: boolean): Strategy<RoleObject> {
  return {
    nameRule: 'path',
    validate: (obj) => validateRules(obj, clusterScoped),
    validateUpdate: (obj) => validateRules(obj, clusterScoped),
    columns: [column('Created At', 'date', 'CreationTimestamp is a timestamp representing the server time when this object was created.')],
    row: (obj) => [obj.metadata.creationTimestamp ?? ''],
  };
}

function validateBinding(obj: BindingObject, clusterScoped: boolean): StatusCause[] {
  const causes: StatusCause[] = [];
  const ref = obj.roleRef;
  if (!ref?.name) causes.push(Field.required('roleRef.name'));
  if (ref?.kind !== 'ClusterRole' && (clusterScoped || ref?.kind !== 'Role')) causes.push(Field.notSupported('roleRef.kind', ref?.kind ?? '', clusterScoped ? ['ClusterRole'] : ['Role', 'ClusterRole']));
  if (ref?.apiGroup !== 'rbac.authorization.k8s.io') causes.push(Field.notSupported('roleRef.apiGroup', ref?.apiGroup ?? '', ['rbac.authorization.k8s.io']));
  (obj.subjects ?? []).forEach((s, i) => {
    if (!s.name) causes.push(Field.required(`subjects[${i}].name`));
    if (!['User', 'Group', 'ServiceAccount'].includes(s.kind ?? '')) causes.push(Field.notSupported(`subjects[${i}].kind`, s.kind ?? '', ['Group', 'ServiceAccount', 'User']));
    if (s.kind === 'ServiceAccount' && clusterScoped && !s.namespace) causes.push(Field.required(`subjects[${i}].namespace`));
  });
  return causes;
}

const names = (obj: BindingObject, kind: string) => (obj.subjects ?? []).filter((s) => s.kind === kind).map((s) => (kind === 'ServiceAccount' ? `${s.namespace ?? obj.metadata.namespace ?? ''}/${s.name}` : s.name)).join(', ');

export function bindingStrategy(clusterScoped: boolean): Strategy<BindingObject> {
  return {
    nameRule: 'path',
    defaults(obj) {
      for (const s of obj.subjects ?? []) if (s.kind !== 'ServiceAccount') s.apiGroup ??= 'rbac.authorization.k8s.io';
    },
    validate: (obj) => validateBinding(obj, clusterScoped),
    validateUpdate(obj, old) {
      const causes = validateBinding(obj, clusterScoped);
      if (JSON.stringify(obj.roleRef) !== JSON.stringify(old.roleRef)) causes.push(Field.invalid('roleRef', obj.roleRef ?? null, 'cannot change roleRef'));
      return causes;
    },
    columns: [
      column('Role', 'string', 'RoleRef can reference a Role in the current namespace or a ClusterRole in the global namespace.'),
      AGE,
      column('Users', 'string', 'Users in the roleBinding', 1),
      column('Groups', 'string', 'Groups in the roleBinding', 1),
      column('ServiceAccounts', 'string', 'ServiceAccounts in the roleBinding', 1),
    ],
    row: (obj, now) => [`${obj.roleRef?.kind ?? ''}/${obj.roleRef?.name ?? ''}`, age(obj, now), names(obj, 'User'), names(obj, 'Group'), names(obj, 'ServiceAccount')],
  };
}
