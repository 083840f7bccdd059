// DaemonSets: RollingUpdate (maxUnavailable 1, maxSurge 0) and revisionHistoryLimit 10 by default.
// Table: NAME DESIRED CURRENT READY UP-TO-DATE AVAILABLE NODE SELECTOR AGE, wide CONTAINERS IMAGES SELECTOR.
import type { KindDef, KubeObject, Strategy } from '../types.js';
import { column } from '../types.js';
import { age } from '../../apiserver/table.js';
import { labelsSelector, resource, specStatus, statusStrategyOf } from '../common.js';
import { AGE, defaultTemplate, templateCells, validateSelectorAndTemplate, WIDE_TEMPLATE_COLUMNS, type LabelSelector, type PodTemplate, immutableSelectorUpdate } from './workload.js';

interface DaemonSet extends KubeObject {
  spec?: { selector?: LabelSelector; template?: PodTemplate; updateStrategy?: { type?: string; rollingUpdate?: Record<string, unknown> }; revisionHistoryLimit?: number };
  status?: { desiredNumberScheduled?: number; currentNumberScheduled?: number; numberReady?: number; updatedNumberScheduled?: number; numberAvailable?: number };
}

const validate = (obj: DaemonSet) => validateSelectorAndTemplate(obj.spec?.selector, obj.spec?.template, 'spec', ['Always']);

export const daemonSetStrategy: Strategy<DaemonSet> = {
  defaults(obj) {
    const spec = (obj.spec ??= {});
    spec.updateStrategy ??= { type: 'RollingUpdate' };
    spec.updateStrategy.type ??= 'RollingUpdate';
    if (spec.updateStrategy.type === 'RollingUpdate') spec.updateStrategy.rollingUpdate = { maxUnavailable: 1, maxSurge: 0, ...(spec.updateStrategy.rollingUpdate ?? {}) };
    spec.revisionHistoryLimit ??= 10;
    defaultTemplate(spec.template);
  },
  prepareForCreate: specStatus.prepareForCreate,
  validate,
  prepareForUpdate: specStatus.prepareForUpdate,
  validateUpdate: immutableSelectorUpdate(validate),
  columns: [
    column('Desired', 'integer', 'The total number of nodes that should be running the daemon pod.'),
    column('Current', 'integer', 'The number of nodes that are running at least 1 daemon pod and are supposed to run the daemon pod.'),
    column('Ready', 'integer', 'numberReady is the number of nodes that should be running the daemon pod and have one or more of the daemon pod running with a Ready Condition.'),
    column('Up-to-date', 'integer', 'The total number of nodes that are running updated daemon pod'),
    column('Available', 'integer', 'The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and available.'),
    column('Node Selector', 'string', 'NodeSelector is a selector which must be true for the pod to fit on a node.'),
    AGE,
    ...WIDE_TEMPLATE_COLUMNS,
  ],
  row(obj, now) {
    const s = obj.status ?? {};
    const nodeSelector = obj.spec?.template?.spec?.nodeSelector as Record<string, string> | undefined;
    return [s.desiredNumberScheduled ?? 0, s.currentNumberScheduled ?? 0, s.numberReady ?? 0, s.updatedNumberScheduled ?? 0, s.numberAvailable ?? 0, labelsSelector(nodeSelector), age(obj, now), ...templateCells(obj.spec?.template, obj.spec?.selector)];
  },
};

export const daemonsets: KindDef<DaemonSet> = {
  info: resource('apps', 'v1', 'daemonsets'),
  strategy: daemonSetStrategy,
  subresources: { status: statusStrategyOf(daemonSetStrategy) },
};
