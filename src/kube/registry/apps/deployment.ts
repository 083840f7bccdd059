// Deployments: defaults as apps/v1 (1 replica, RollingUpdate 25%/25%, revisionHistoryLimit 10,
// progressDeadlineSeconds 600, pod template defaults), a selector that must match the template and
// may not change, generation bumped on spec changes. Nothing rolls them out yet (the deployment
// controller comes with the controllers issue), so status stays empty.
// Table: NAME READY UP-TO-DATE AVAILABLE AGE, wide CONTAINERS IMAGES SELECTOR.
import type { KindDef, KubeObject, Strategy } from '../types.js';
import { column } from '../types.js';
import { age } from '../../apiserver/table.js';
import { resource, specStatus, statusStrategyOf } from '../common.js';
import { Field, type StatusCause } from '../../apiserver/status.js';
import { defaultTemplate, templateCells, validateSelectorAndTemplate, WIDE_TEMPLATE_COLUMNS, type LabelSelector, type PodTemplate, immutableSelectorUpdate, replicasScale } from './workload.js';

interface Deployment extends KubeObject {
  spec?: {
    replicas?: number;
    selector?: LabelSelector;
    template?: PodTemplate;
    strategy?: { type?: string; rollingUpdate?: { maxSurge?: number | string; maxUnavailable?: number | string } };
    revisionHistoryLimit?: number;
    progressDeadlineSeconds?: number;
    [k: string]: unknown;
  };
  status?: { replicas?: number; readyReplicas?: number; updatedReplicas?: number; availableReplicas?: number };
}

function validate(obj: Deployment): StatusCause[] {
  const spec = obj.spec ?? {};
  const causes = validateSelectorAndTemplate(spec.selector, spec.template, 'spec', ['Always']);
  if (typeof spec.replicas === 'number' && spec.replicas < 0) causes.push(Field.invalid('spec.replicas', spec.replicas, 'must be greater than or equal to 0'));
  return causes;
}

export const deploymentStrategy: Strategy<Deployment> = {
  defaults(obj) {
    const spec = (obj.spec ??= {});
    spec.replicas ??= 1;
    spec.strategy ??= { type: 'RollingUpdate' };
    spec.strategy.type ??= 'RollingUpdate';
    if (spec.strategy.type === 'RollingUpdate') {
      spec.strategy.rollingUpdate ??= {};
      spec.strategy.rollingUpdate.maxUnavailable ??= '25%';
      spec.strategy.rollingUpdate.maxSurge ??= '25%';
    }
    spec.revisionHistoryLimit ??= 10;
    spec.progressDeadlineSeconds ??= 600;
    defaultTemplate(spec.template);
  },
  prepareForCreate: specStatus.prepareForCreate,
  validate,
  prepareForUpdate: specStatus.prepareForUpdate,
  validateUpdate: immutableSelectorUpdate(validate),
  columns: [
    column('Ready', 'string', 'Number of the pod with ready state'),
    column('Up-to-date', 'string', 'Total number of non-terminated pods targeted by this deployment that have the desired template spec.'),
    column('Available', 'string', 'Total number of available pods (ready for at least minReadySeconds) targeted by this deployment.'),
    column('Age', 'string', 'CreationTimestamp is a timestamp representing the server time when this object was created.'),
    ...WIDE_TEMPLATE_COLUMNS,
  ],
  row(obj, now) {
    const s = obj.status ?? {};
    return [`${s.readyReplicas ?? 0}/${obj.spec?.replicas ?? 0}`, s.updatedReplicas ?? 0, s.availableReplicas ?? 0, age(obj, now), ...templateCells(obj.spec?.template, obj.spec?.selector)];
  },
};

export const deployments: KindDef<Deployment> = {
  info: resource('apps', 'v1', 'deployments'),
  strategy: deploymentStrategy,
  subresources: { status: statusStrategyOf(deploymentStrategy) },
  scale: replicasScale(),
};
