// What the workload kinds share (Deployment, ReplicaSet, StatefulSet, DaemonSet, Job, CronJob's
// template): pod template defaults, the selector that must match the template's labels, and the
// CONTAINERS / IMAGES / SELECTOR cells of `-o wide`.
import { Field, type StatusCause } from '../../apiserver/status.js';
import { parseLabelSelector } from '../../apiserver/selectors.js';
import { defaultPodSpec, validatePodSpec, type PodSpec } from '../core/podspec.js';
import { column, type KubeObject, type ScaleDef, type TableColumn } from '../types.js';
import { jsonEqual } from '../../apiserver/objects.js';

export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: Array<{ key: string; operator: string; values?: string[] }>;
}

export interface PodTemplate {
  metadata?: { labels?: Record<string, string>; [k: string]: unknown };
  spec?: PodSpec;
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

export function defaultTemplate(t: PodTemplate | undefined): void {
  if (!t) return;
  t.metadata ??= {};
  t.spec ??= {};
  defaultPodSpec(t.spec);
}

/** Selector required and matching the template labels; the template's pod spec valid. */
export function validateSelectorAndTemplate(selector: LabelSelector | undefined, template: PodTemplate | undefined, path: string, restartPolicies?: string[]): StatusCause[] {
  const causes: StatusCause[] = [];
  if (!selector || (!Object.keys(selector.matchLabels ?? {}).length && !(selector.matchExpressions ?? []).length)) {
    causes.push(Field.required(`${path}.selector`));
  } else {
    const labels = template?.metadata?.labels ?? {};
    const pred = parseLabelSelector(selectorString(selector));
    if (pred && !pred(labels)) {
      const shown = `map[string]string{${Object.entries(labels).map(([k, v]) => `"${k}":"${v}"`).join(', ')}}`;
      causes.push({ reason: 'FieldValueInvalid', message: `Invalid value: ${shown}: \`selector\` does not match template \`labels\``, field: `${path}.template.metadata.labels` });
    }
  }
  causes.push(...validatePodSpec(template?.spec, `${path}.template.spec`));
  const rp = template?.spec?.restartPolicy;
  if (restartPolicies && rp && !restartPolicies.includes(rp)) causes.push(Field.notSupported(`${path}.template.spec.restartPolicy`, rp, restartPolicies));
  return causes;
}

export const WIDE_TEMPLATE_COLUMNS: TableColumn[] = [
  column('Containers', 'string', 'Names of each container in the template.', 1),
  column('Images', 'string', 'Images referenced by each container in the template.', 1),
  column('Selector', 'string', 'Label selector for pods.', 1),
];

export function templateCells(template: PodTemplate | undefined, selector: LabelSelector | undefined): string[] {
  const cs = template?.spec?.containers ?? [];
  return [cs.map((c) => c.name ?? '').join(','), cs.map((c) => c.image ?? '').join(','), selectorString(selector) || '<none>'];
}

export const AGE = column('Age', 'string', 'CreationTimestamp is a timestamp representing the server time when this object was created.');

/** Objects whose spec has a selector and a replica count (Deployment, ReplicaSet, StatefulSet, DaemonSet). */
interface SelectorSpec {
  spec?: { selector?: LabelSelector; replicas?: number };
}

/** validateUpdate for kinds whose selector is immutable after creation (upstream's wording). */
export function immutableSelectorUpdate<T extends SelectorSpec>(validate: (obj: T) => StatusCause[]): (obj: T, old: T) => StatusCause[] {
  return (obj, old) => {
    const causes = validate(obj);
    if (!jsonEqual(obj.spec?.selector, old.spec?.selector)) causes.push(Field.invalid('spec.selector', obj.spec?.selector ?? null, 'field is immutable'));
    return causes;
  };
}

/** The scale subresource of kinds scaled through spec.replicas and status.replicas. */
export function replicasScale<T extends KubeObject & SelectorSpec & { status?: { replicas?: number } }>(): ScaleDef<T> {
  return {
    specReplicas: (o) => o.spec?.replicas,
    setSpecReplicas: (o, n) => {
      (o.spec ??= {}).replicas = n;
    },
    statusReplicas: (o) => o.status?.replicas,
    selector: (o) => selectorString(o.spec?.selector),
  };
}
