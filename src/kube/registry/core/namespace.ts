// Namespaces: cluster-scoped, DNS-label names, phase Active on create, the "kubernetes" finalizer
// in spec as upstream; DELETE turns them Terminating until the namespace controller has emptied
// them. Table: NAME STATUS AGE.
import type { KindDef, KubeObject, Strategy } from '../types.js';
import { column } from '../types.js';
import { age } from '../../apiserver/table.js';
import { resource, statusStrategyOf, str } from '../common.js';
import { Field } from '../../apiserver/status.js';

interface Namespace extends KubeObject {
  spec?: { finalizers?: string[] };
  status?: { phase?: string };
}

export const namespaceStrategy: Strategy<Namespace> = {
  nameRule: 'label',
  prepareForCreate(obj) {
    obj.spec = { ...(obj.spec ?? {}), finalizers: ['kubernetes'] };
    obj.status = { phase: 'Active' };
  },
  canonicalize(obj) {
    // Upstream labels every namespace with its own name (NamespaceDefaultLabelName, GA in 1.22).
    obj.metadata.labels = { ...(obj.metadata.labels ?? {}), 'kubernetes.io/metadata.name': obj.metadata.name ?? '' };
  },
  prepareForUpdate(obj, old) {
    obj.spec = old.spec;
    obj.status = old.status;
  },
  validateUpdate(obj) {
    return obj.metadata.labels?.['kubernetes.io/metadata.name'] !== undefined && obj.metadata.labels['kubernetes.io/metadata.name'] !== obj.metadata.name
      ? [Field.invalid('metadata.labels', obj.metadata.labels['kubernetes.io/metadata.name'], 'must match the namespace name')]
      : [];
  },
  columns: [column('Status', 'string', 'The status of the namespace'), column('Age', 'string', 'CreationTimestamp is a timestamp representing the server time when this object was created.')],
  row: (obj, now) => [str(obj.status?.phase), age(obj, now)],
  selectableFields: (obj) => ({ 'status.phase': str(obj.status?.phase), name: obj.metadata.name ?? '' }),
  // A namespace stays, Terminating, until the namespace controller has emptied it and removed the
  // "kubernetes" finalizer from its spec through /finalize.
  pendingDeletion: (obj) => (obj.spec?.finalizers ?? []).length > 0,
  prepareForDelete(obj) {
    obj.status = { ...(obj.status ?? {}), phase: 'Terminating' };
  },
};

/** PUT .../finalize: only spec.finalizers changes (upstream's namespace FinalizeStrategy). */
const finalizeStrategy: Strategy<Namespace> = {
  ...namespaceStrategy,
  defaults: undefined,
  prepareForUpdate(obj, old) {
    const finalizers = obj.spec?.finalizers ?? [];
    Object.assign(obj, { ...old, metadata: old.metadata, spec: { ...(old.spec ?? {}), finalizers } });
  },
  validateUpdate: () => [],
};

export const namespaces: KindDef<Namespace> = {
  info: resource('', 'v1', 'namespaces'),
  strategy: namespaceStrategy,
  subresources: { status: statusStrategyOf(namespaceStrategy), finalize: finalizeStrategy },
};
