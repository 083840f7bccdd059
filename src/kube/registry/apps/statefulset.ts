// StatefulSets: defaults as apps/v1 (OrderedReady, RollingUpdate partition 0, retention Retain,
// revisionHistoryLimit 10), claim templates defaulted as PersistentVolumeClaims; selector and
// volumeClaimTemplates immutable. Table: NAME READY AGE, wide CONTAINERS IMAGES.
import type { KindDef, KubeObject, Strategy } from '../types.js';
import { column } from '../types.js';
import { age } from '../../apiserver/table.js';
import { resource, specStatus, statusStrategyOf } from '../common.js';
import { Field } from '../../apiserver/status.js';
import { jsonEqual } from '../../apiserver/objects.js';
import { AGE, defaultTemplate, templateCells, validateSelectorAndTemplate, WIDE_TEMPLATE_COLUMNS, type LabelSelector, type PodTemplate, replicasScale } from './workload.js';

interface StatefulSet extends KubeObject {
  spec?: {
    replicas?: number;
    selector?: LabelSelector;
    template?: PodTemplate;
    serviceName?: string;
    podManagementPolicy?: string;
    updateStrategy?: { type?: string; rollingUpdate?: { partition?: number } };
    revisionHistoryLimit?: number;
    persistentVolumeClaimRetentionPolicy?: { whenDeleted?: string; whenScaled?: string };
    volumeClaimTemplates?: Array<{ apiVersion?: string; kind?: string; metadata?: { name?: string }; spec?: { volumeMode?: string }; status?: { phase?: string } }>;
    [k: string]: unknown;
  };
  status?: { replicas?: number; readyReplicas?: number };
}

function validate(obj: StatefulSet) {
  const causes = validateSelectorAndTemplate(obj.spec?.selector, obj.spec?.template, 'spec', ['Always']);
  const policy = obj.spec?.podManagementPolicy;
  if (policy && policy !== 'OrderedReady' && policy !== 'Parallel') causes.push(Field.notSupported('spec.podManagementPolicy', policy, ['OrderedReady', 'Parallel']));
  (obj.spec?.volumeClaimTemplates ?? []).forEach((t, i) => {
    if (!t.metadata?.name) causes.push(Field.required(`spec.volumeClaimTemplates[${i}].metadata.name`));
  });
  return causes;
}

export const statefulSetStrategy: Strategy<StatefulSet> = {
  defaults(obj) {
    const spec = (obj.spec ??= {});
    spec.replicas ??= 1;
    spec.podManagementPolicy ??= 'OrderedReady';
    spec.updateStrategy ??= { type: 'RollingUpdate' };
    spec.updateStrategy.type ??= 'RollingUpdate';
    if (spec.updateStrategy.type === 'RollingUpdate') spec.updateStrategy.rollingUpdate = { partition: 0, ...(spec.updateStrategy.rollingUpdate ?? {}) };
    spec.revisionHistoryLimit ??= 10;
    spec.persistentVolumeClaimRetentionPolicy = { whenDeleted: 'Retain', whenScaled: 'Retain', ...(spec.persistentVolumeClaimRetentionPolicy ?? {}) };
    for (const t of spec.volumeClaimTemplates ?? []) {
      t.apiVersion ??= 'v1';
      t.kind ??= 'PersistentVolumeClaim';
      t.spec = { volumeMode: 'Filesystem', ...(t.spec ?? {}) };
      t.status ??= { phase: 'Pending' };
    }
    defaultTemplate(spec.template);
  },
  prepareForCreate: specStatus.prepareForCreate,
  validate,
  prepareForUpdate: specStatus.prepareForUpdate,
  validateUpdate(obj, old) {
    const causes = validate(obj);
    // Upstream allows only replicas, ordinals, template, updateStrategy, retention policy, minReadySeconds.
    for (const f of ['selector', 'volumeClaimTemplates', 'serviceName', 'podManagementPolicy'] as const) {
      if (!jsonEqual(obj.spec?.[f], old.spec?.[f])) {
        causes.push(Field.forbidden('spec', "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden"));
        break;
      }
    }
    return causes;
  },
  columns: [column('Ready', 'string', 'Number of the pod with ready state'), AGE, ...WIDE_TEMPLATE_COLUMNS.slice(0, 2)],
  row: (obj, now) => [`${obj.status?.readyReplicas ?? 0}/${obj.spec?.replicas ?? 0}`, age(obj, now), ...templateCells(obj.spec?.template, obj.spec?.selector).slice(0, 2)],
};

export const statefulsets: KindDef<StatefulSet> = {
  info: resource('apps', 'v1', 'statefulsets'),
  strategy: statefulSetStrategy,
  subresources: { status: statusStrategyOf(statefulSetStrategy) },
  scale: replicasScale(),
};
