// HorizontalPodAutoscalers (autoscaling/v2, the preferred version): minReplicas 1 and a CPU
// utilization target of 80% when no metrics are given, as upstream defaults. autoscaling/v1 is not
// served yet (it needs conversion to the same stored object). Nothing autoscales yet.
// Table: NAME REFERENCE TARGETS MINPODS MAXPODS REPLICAS AGE.
import type { KindDef, KubeObject, Strategy } from '../types.js';
import { column } from '../types.js';
import { age } from '../../apiserver/table.js';
import { resource, specStatus, statusStrategyOf } from '../common.js';
import { Field, type StatusCause } from '../../apiserver/status.js';
import { AGE } from '../apps/workload.js';

interface Metric {
  type?: string;
  resource?: { name?: string; target?: { type?: string; averageUtilization?: number; averageValue?: string; value?: string } };
}

interface HPA extends KubeObject {
  spec?: { scaleTargetRef?: { kind?: string; name?: string; apiVersion?: string }; minReplicas?: number; maxReplicas?: number; metrics?: Metric[] };
  status?: { currentReplicas?: number; currentMetrics?: Array<{ resource?: { current?: { averageUtilization?: number } } }> };
}

function validate(obj: HPA): StatusCause[] {
  const spec = obj.spec ?? {};
  const causes: StatusCause[] = [];
  if (!spec.scaleTargetRef?.kind) causes.push(Field.required('spec.scaleTargetRef.kind'));
  if (!spec.scaleTargetRef?.name) causes.push(Field.required('spec.scaleTargetRef.name'));
  if (typeof spec.maxReplicas !== 'number' || spec.maxReplicas < 1) causes.push(Field.invalid('spec.maxReplicas', spec.maxReplicas ?? 0, 'must be greater than or equal to 1'));
  else if ((spec.minReplicas ?? 1) > spec.maxReplicas) causes.push(Field.invalid('spec.maxReplicas', spec.maxReplicas, 'must be greater than or equal to `minReplicas`'));
  return causes;
}

export const hpaStrategy: Strategy<HPA> = {
  defaults(obj) {
    const spec = (obj.spec ??= {});
    spec.minReplicas ??= 1;
    if (!spec.metrics || spec.metrics.length === 0) spec.metrics = [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }];
  },
  prepareForCreate: specStatus.prepareForCreate,
  validate,
  prepareForUpdate: specStatus.prepareForUpdate,
  validateUpdate: validate,
  columns: [
    column('Reference', 'string', 'reference to scaled resource; horizontal pod autoscaler will learn the current resource consumption and will set the desired number of pods by using its Scale subresource.'),
    column('Targets', 'string', 'the target value of the metrics'),
    column('MinPods', 'string', 'minReplicas is the lower limit for the number of replicas to which the autoscaler can scale down.'),
    column('MaxPods', 'integer', 'maxReplicas is the upper limit for the number of replicas to which the autoscaler can scale up.'),
    column('Replicas', 'integer', 'current number of replicas of pods managed by this autoscaler.'),
    AGE,
  ],
  row(obj, now) {
    const ref = obj.spec?.scaleTargetRef ?? {};
    const targets = (obj.spec?.metrics ?? [])
      .map((m, i) => {
        if (m.type !== 'Resource' || !m.resource) return '<unknown>';
        const cur = obj.status?.currentMetrics?.[i]?.resource?.current?.averageUtilization;
        const t = m.resource.target ?? {};
        const want = t.averageUtilization !== undefined ? `${t.averageUtilization}%` : (t.averageValue ?? t.value ?? '');
        return `${m.resource.name}: ${cur !== undefined ? `${cur}%` : '<unknown>'}/${want}`;
      })
      .join(', ');
    return [`${ref.kind ?? ''}/${ref.name ?? ''}`, targets || '<none>', String(obj.spec?.minReplicas ?? 1), obj.spec?.maxReplicas ?? 0, obj.status?.currentReplicas ?? 0, age(obj, now)];
  },
};

export const horizontalpodautoscalers: KindDef<HPA> = {
  info: resource('autoscaling', 'v2', 'horizontalpodautoscalers'),
  strategy: hpaStrategy,
  subresources: { status: statusStrategyOf(hpaStrategy) },
};
