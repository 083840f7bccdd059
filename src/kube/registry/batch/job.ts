// Jobs: defaults as batch/v1 (completions and parallelism 1 when both unset, backoffLimit 6,
// NonIndexed, suspend false, podReplacementPolicy TerminatingOrFailed); without manualSelector the
// server generates the selector from the job's uid and labels the template with it, as upstream.
// Template restartPolicy must be OnFailure or Never. Nothing runs them yet (job controller later).
// Table: NAME STATUS COMPLETIONS DURATION AGE, wide CONTAINERS IMAGES SELECTOR.
import type { KindDef, KubeObject, Strategy } from '../types.js';
import { column } from '../types.js';
import { age, humanDuration } from '../../apiserver/table.js';
import { resource, specStatus, statusStrategyOf } from '../common.js';
import { Field } from '../../apiserver/status.js';
import { jsonEqual } from '../../apiserver/objects.js';
import { AGE, defaultTemplate, templateCells, validateSelectorAndTemplate, WIDE_TEMPLATE_COLUMNS, type LabelSelector, type PodTemplate } from '../apps/workload.js';

interface Job extends KubeObject {
  spec?: {
    completions?: number;
    parallelism?: number;
    backoffLimit?: number;
    completionMode?: string;
    suspend?: boolean;
    manualSelector?: boolean;
    podReplacementPolicy?: string;
    selector?: LabelSelector;
    template?: PodTemplate;
    [k: string]: unknown;
  };
  status?: { succeeded?: number; active?: number; failed?: number; startTime?: string; completionTime?: string; conditions?: Array<{ type: string; status: string }> };
}

export function defaultJobSpec(spec: NonNullable<Job['spec']>): void {
  if (spec.completions === undefined && spec.parallelism === undefined) {
    spec.completions = 1;
    spec.parallelism = 1;
  }
  spec.parallelism ??= 1;
  spec.backoffLimit ??= 6;
  spec.completionMode ??= 'NonIndexed';
  spec.suspend ??= false;
  spec.podReplacementPolicy ??= 'TerminatingOrFailed';
  defaultTemplate(spec.template);
}

const validate = (obj: Job) => validateSelectorAndTemplate(obj.spec?.selector, obj.spec?.template, 'spec', ['OnFailure', 'Never']);

export const jobStrategy: Strategy<Job> = {
  defaults(obj) {
    defaultJobSpec((obj.spec ??= {}));
  },
  prepareForCreate(obj) {
    specStatus.prepareForCreate(obj);
    const spec = obj.spec!;
    if (!spec.manualSelector) {
      const uid = obj.metadata.uid ?? '';
      const name = obj.metadata.name ?? '';
      spec.selector = { matchLabels: { 'batch.kubernetes.io/controller-uid': uid } };
      const t = (spec.template ??= {});
      t.metadata = { ...(t.metadata ?? {}), labels: { ...(t.metadata?.labels ?? {}), 'batch.kubernetes.io/controller-uid': uid, 'batch.kubernetes.io/job-name': name, 'controller-uid': uid, 'job-name': name } };
    }
  },
  validate,
  prepareForUpdate: specStatus.prepareForUpdate,
  validateUpdate(obj, old) {
    const causes = validate(obj);
    if (!jsonEqual(obj.spec?.selector, old.spec?.selector)) causes.push(Field.invalid('spec.selector', obj.spec?.selector ?? null, 'field is immutable'));
    if (obj.spec?.completions !== old.spec?.completions && obj.spec?.completionMode !== 'Indexed') causes.push(Field.invalid('spec.completions', obj.spec?.completions ?? null, 'field is immutable'));
    return causes;
  },
  columns: [
    column('Status', 'string', 'Status of the job.'),
    column('Completions', 'string', 'The completion status of the job.'),
    column('Duration', 'string', 'Time required to complete the job.'),
    AGE,
    ...WIDE_TEMPLATE_COLUMNS,
  ],
  row(obj, now) {
    const s = obj.status ?? {};
    const cond = (t: string) => (s.conditions ?? []).some((c) => c.type === t && c.status === 'True');
    const status = cond('Complete') ? 'Complete' : cond('Failed') ? 'Failed' : obj.metadata.deletionTimestamp ? 'Terminating' : cond('Suspended') ? 'Suspended' : 'Running';
    const completions = obj.spec?.completions !== undefined ? `${s.succeeded ?? 0}/${obj.spec.completions}` : `${s.succeeded ?? 0}/1 of ${obj.spec?.parallelism ?? 1}`;
    const duration = s.startTime ? humanDuration((s.completionTime ? Date.parse(s.completionTime) : now.getTime()) - Date.parse(s.startTime)) : '';
    return [status, completions, duration, age(obj, now), ...templateCells(obj.spec?.template, obj.spec?.selector)];
  },
  selectableFields: (obj) => ({ 'status.successful': String(obj.status?.succeeded ?? 0) }),
};

export const jobs: KindDef<Job> = {
  info: resource('batch', 'v1', 'jobs'),
  strategy: jobStrategy,
  subresources: { status: statusStrategyOf(jobStrategy) },
};
