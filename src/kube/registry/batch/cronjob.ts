// CronJobs: concurrencyPolicy Allow, suspend false, history limits 3 and 1 by default; a schedule
// is required and the job template is defaulted as a Job's. Nothing schedules them yet.
// Table: NAME SCHEDULE TIMEZONE SUSPEND ACTIVE LAST SCHEDULE AGE, wide CONTAINERS IMAGES SELECTOR.
import type { KindDef, KubeObject, Strategy } from '../types.js';
import { column } from '../types.js';
import { age, humanDuration } from '../../apiserver/table.js';
import { resource, specStatus, statusStrategyOf, str } from '../common.js';
import { Field, type StatusCause } from '../../apiserver/status.js';
import { validatePodSpec } from '../core/podspec.js';
import { AGE, templateCells, WIDE_TEMPLATE_COLUMNS, type LabelSelector, type PodTemplate } from '../apps/workload.js';
import { defaultJobSpec } from './job.js';

interface CronJob extends KubeObject {
  spec?: {
    schedule?: string;
    timeZone?: string;
    suspend?: boolean;
    concurrencyPolicy?: string;
    successfulJobsHistoryLimit?: number;
    failedJobsHistoryLimit?: number;
    jobTemplate?: { metadata?: Record<string, unknown>; spec?: { template?: PodTemplate; selector?: LabelSelector; [k: string]: unknown } };
  };
  status?: { active?: unknown[]; lastScheduleTime?: string };
}

function validate(obj: CronJob): StatusCause[] {
  const spec = obj.spec ?? {};
  const causes: StatusCause[] = [];
  if (!spec.schedule) causes.push(Field.required('spec.schedule'));
  else if (!/^@(yearly|annually|monthly|weekly|daily|midnight|hourly|every\s+\S+)$/.test(spec.schedule) && spec.schedule.trim().split(/\s+/).length !== 5)
    causes.push(Field.invalid('spec.schedule', spec.schedule, `unparseable schedule "${spec.schedule}"`));
  if (spec.concurrencyPolicy && !['Allow', 'Forbid', 'Replace'].includes(spec.concurrencyPolicy)) causes.push(Field.notSupported('spec.concurrencyPolicy', spec.concurrencyPolicy, ['Allow', 'Forbid', 'Replace']));
  causes.push(...validatePodSpec(spec.jobTemplate?.spec?.template?.spec, 'spec.jobTemplate.spec.template.spec'));
  return causes;
}

export const cronJobStrategy: Strategy<CronJob> = {
  nameRule: 'label',
  defaults(obj) {
    const spec = (obj.spec ??= {});
    spec.concurrencyPolicy ??= 'Allow';
    spec.suspend ??= false;
    spec.successfulJobsHistoryLimit ??= 3;
    spec.failedJobsHistoryLimit ??= 1;
    spec.jobTemplate ??= {};
    defaultJobSpec((spec.jobTemplate.spec ??= {}));
  },
  prepareForCreate: specStatus.prepareForCreate,
  validate,
  prepareForUpdate: specStatus.prepareForUpdate,
  validateUpdate: validate,
  columns: [
    column('Schedule', 'string', 'The schedule in Cron format, see https://en.wikipedia.org/wiki/Cron.'),
    column('Timezone', 'string', 'The time zone name for the given schedule, see https://en.wikipedia.org/wiki/List_of_tz_database_time_zones.'),
    column('Suspend', 'boolean', 'This flag tells the controller to suspend subsequent executions, it does not apply to already started executions.'),
    column('Active', 'integer', 'A list of pointers to currently running jobs.'),
    column('Last Schedule', 'string', 'Information when was the last time the job was successfully scheduled.'),
    AGE,
    ...WIDE_TEMPLATE_COLUMNS,
  ],
  row(obj, now) {
    const last = obj.status?.lastScheduleTime;
    const t = obj.spec?.jobTemplate?.spec;
    return [str(obj.spec?.schedule), str(obj.spec?.timeZone) || '<none>', obj.spec?.suspend === true, (obj.status?.active ?? []).length, last ? humanDuration(now.getTime() - Date.parse(last)) : '<none>', age(obj, now), ...templateCells(t?.template, t?.selector)];
  },
};

export const cronjobs: KindDef<CronJob> = {
  info: resource('batch', 'v1', 'cronjobs'),
  strategy: cronJobStrategy,
  subresources: { status: statusStrategyOf(cronJobStrategy) },
};
