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
import { jsonEqual } from '../../apiserver/objects.js';
import { parseLabelSelector } from '../../apiserver/selectors.js';
import { defaultPodSpec, validatePodSpec, type PodSpec } from '../core/podspec.js';

export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: Array<{ key: string; operator: string; values?: string[] }>;
}

interface Deployment extends KubeObject {
  spec?: {
    replicas?: number;
    selector?: LabelSelector;
    template?: { metadata?: { labels?: Record<string, string> }; spec?: PodSpec };
    strategy?: { type?: string; rollingUpdate?: { maxSurge?: number | string; maxUnavailable?: number | string } };
    revisionHistoryLimit?: number;
    progressDeadlineSeconds?: number;
    [k: string]: unknown;
  };
  status?: { replicas?: number; readyReplicas?: number; updatedReplicas?: number; availableReplicas?: number };
}

/** A LabelSelector as the selector string kubectl prints and label selectors parse. */
export function selectorString(s: LabelSelector | undefined): string {
  const parts = Object.entries(s?.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`);
  for (const e of s?.matchExpressions ?? []) {
    if (e.operator === 'In') parts.push(`${e.key} in (${(e.values ?? []).join(',')})`);
    else if (e.operator === 'NotIn') parts.push(`${e.key} notin (${(e.values ?? []).join(',')})`);
    else if (e.operator === 'Exists') parts.push(e.key);
    else if (e.operator === 'DoesNotExist') parts.push(`!${e.key}`);
  }
  return parts.join(',');
}

function validate(obj: Deployment): StatusCause[] {
  const spec = obj.spec ?? {};
  const causes: StatusCause[] = [];
  const sel = spec.selector;
  if (!sel || (!Object.keys(sel.matchLabels ?? {}).length && !(sel.matchExpressions ?? []).length)) {
    causes.push(Field.required('spec.selector'));
  } else {
    const labels = spec.template?.metadata?.labels ?? {};
    const pred = parseLabelSelector(selectorString(sel));
    if (pred && !pred(labels)) {
      const shown = `map[string]string{${Object.entries(labels).map(([k, v]) => `"${k}":"${v}"`).join(', ')}}`;
      causes.push({ reason: 'FieldValueInvalid', message: `Invalid value: ${shown}: \`selector\` does not match template \`labels\``, field: 'spec.template.metadata.labels' });
    }
  }
  if (typeof spec.replicas === 'number' && spec.replicas < 0) causes.push(Field.invalid('spec.replicas', spec.replicas, 'must be greater than or equal to 0'));
  causes.push(...validatePodSpec(spec.template?.spec, 'spec.template.spec'));
  if (spec.template?.spec?.restartPolicy && spec.template.spec.restartPolicy !== 'Always')
    causes.push(Field.notSupported('spec.template.spec.restartPolicy', spec.template.spec.restartPolicy, ['Always']));
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
    if (spec.template) {
      spec.template.metadata ??= {};
      spec.template.spec ??= {};
      defaultPodSpec(spec.template.spec);
    }
  },
  prepareForCreate: specStatus.prepareForCreate,
  validate,
  prepareForUpdate: specStatus.prepareForUpdate,
  validateUpdate(obj, old) {
    const causes = validate(obj);
    if (!jsonEqual(obj.spec?.selector, old.spec?.selector)) causes.push(Field.invalid('spec.selector', obj.spec?.selector ?? null, 'field is immutable'));
    return causes;
  },
  columns: [
    column('Ready', 'string', 'Number of the pod with ready state'),
    column('Up-to-date', 'string', 'Total number of non-terminated pods targeted by this deployment that have the desired template spec.'),
    column('Available', 'string', 'Total number of available pods (ready for at least minReadySeconds) targeted by this deployment.'),
    column('Age', 'string', 'CreationTimestamp is a timestamp representing the server time when this object was created.'),
    column('Containers', 'string', 'Names of each container in the template.', 1),
    column('Images', 'string', 'Images referenced by each container in the template.', 1),
    column('Selector', 'string', 'Label selector for pods. Existing ReplicaSets whose pods are selected by this will be the ones affected by this deployment.', 1),
  ],
  row(obj, now) {
    const s = obj.status ?? {};
    const cs = obj.spec?.template?.spec?.containers ?? [];
    return [
      `${s.readyReplicas ?? 0}/${obj.spec?.replicas ?? 0}`,
      s.updatedReplicas ?? 0,
      s.availableReplicas ?? 0,
      age(obj, now),
      cs.map((c) => c.name ?? '').join(','),
      cs.map((c) => c.image ?? '').join(','),
      selectorString(obj.spec?.selector) || '<none>',
    ];
  },
};

export const deployments: KindDef<Deployment> = {
  info: resource('apps', 'v1', 'deployments'),
  strategy: deploymentStrategy,
  subresources: { status: statusStrategyOf(deploymentStrategy) },
  scale: {
    specReplicas: (d) => d.spec?.replicas,
    setSpecReplicas: (d, n) => {
      (d.spec ??= {}).replicas = n;
    },
    statusReplicas: (d) => d.status?.replicas,
    selector: (d) => selectorString(d.spec?.selector),
  },
};
