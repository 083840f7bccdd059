// ReplicaSets: 1 replica by default, selector matching the template, immutable selector.
// Nothing runs their pods yet (the replicaset controller comes with the controllers issue).
// Table: NAME DESIRED CURRENT READY AGE, wide CONTAINERS IMAGES SELECTOR.
import type { KindDef, KubeObject, Strategy } from '../types.js';
import { column } from '../types.js';
import { age } from '../../apiserver/table.js';
import { resource, specStatus, statusStrategyOf } from '../common.js';
import { AGE, defaultTemplate, templateCells, validateSelectorAndTemplate, WIDE_TEMPLATE_COLUMNS, type LabelSelector, type PodTemplate, immutableSelectorUpdate, replicasScale } from './workload.js';

interface ReplicaSet extends KubeObject {
  spec?: { replicas?: number; selector?: LabelSelector; template?: PodTemplate; minReadySeconds?: number };
  status?: { replicas?: number; readyReplicas?: number; availableReplicas?: number };
}

const validate = (obj: ReplicaSet) => validateSelectorAndTemplate(obj.spec?.selector, obj.spec?.template, 'spec', ['Always']);

export const replicaSetStrategy: Strategy<ReplicaSet> = {
  defaults(obj) {
    const spec = (obj.spec ??= {});
    spec.replicas ??= 1;
    defaultTemplate(spec.template);
  },
  prepareForCreate: specStatus.prepareForCreate,
  validate,
  prepareForUpdate: specStatus.prepareForUpdate,
  validateUpdate: immutableSelectorUpdate(validate),
  columns: [
    column('Desired', 'integer', 'Number of desired pods.'),
    column('Current', 'integer', 'Number of actual replicas.'),
    column('Ready', 'integer', 'The number of ready replicas for this replica set.'),
    AGE,
    ...WIDE_TEMPLATE_COLUMNS,
  ],
  row: (obj, now) => [obj.spec?.replicas ?? 0, obj.status?.replicas ?? 0, obj.status?.readyReplicas ?? 0, age(obj, now), ...templateCells(obj.spec?.template, obj.spec?.selector)],
};

export const replicasets: KindDef<ReplicaSet> = {
  info: resource('apps', 'v1', 'replicasets'),
  strategy: replicaSetStrategy,
  subresources: { status: statusStrategyOf(replicaSetStrategy) },
  scale: replicasScale(),
};
