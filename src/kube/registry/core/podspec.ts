// Pod template defaulting and validation shared by Pods and every workload's template
// (upstream's SetDefaults_PodSpec, SetDefaults_Container and ValidatePodSpec, the common parts).
import { Field, type StatusCause } from '../../apiserver/status.js';
import { validateName } from '../../apiserver/objects.js';

export interface Container {
  name?: string;
  image?: string;
  imagePullPolicy?: string;
  terminationMessagePath?: string;
  terminationMessagePolicy?: string;
  resources?: Record<string, unknown>;
  ports?: Array<{ containerPort?: number; protocol?: string; name?: string }>;
  [k: string]: unknown;
}

export interface PodSpec {
  containers?: Container[];
  initContainers?: Container[];
  restartPolicy?: string;
  terminationGracePeriodSeconds?: number;
  dnsPolicy?: string;
  securityContext?: Record<string, unknown>;
  schedulerName?: string;
  nodeName?: string;
  serviceAccountName?: string;
  enableServiceLinks?: boolean;
  [k: string]: unknown;
}

function defaultContainer(c: Container): void {
  if (!c.imagePullPolicy) {
    // ":latest" or no tag pulls Always; a tag or digest pulls IfNotPresent (SetDefaults_Container).
    const image = c.image ?? '';
    const lastSeg = image.slice(image.lastIndexOf('/') + 1);
    const tagged = image.includes('@') || (lastSeg.includes(':') && !lastSeg.endsWith(':latest'));
    c.imagePullPolicy = tagged ? 'IfNotPresent' : 'Always';
  }
  c.terminationMessagePath ??= '/dev/termination-log';
  c.terminationMessagePolicy ??= 'File';
  c.resources ??= {};
  for (const p of c.ports ?? []) p.protocol ??= 'TCP';
}

export function defaultPodSpec(spec: PodSpec): void {
  for (const c of spec.containers ?? []) defaultContainer(c);
  for (const c of spec.initContainers ?? []) defaultContainer(c);
  spec.restartPolicy ??= 'Always';
  spec.terminationGracePeriodSeconds ??= 30;
  spec.dnsPolicy ??= 'ClusterFirst';
  spec.securityContext ??= {};
  spec.schedulerName ??= 'default-scheduler';
  if (spec.serviceAccountName === undefined && spec.serviceAccount !== undefined) spec.serviceAccountName = spec.serviceAccount as string;
  spec.enableServiceLinks ??= true;
}

export function validatePodSpec(spec: PodSpec | undefined, path: string): StatusCause[] {
  const causes: StatusCause[] = [];
  if (!spec || !Array.isArray(spec.containers) || spec.containers.length === 0) return [Field.required(`${path}.containers`)];
  const seen = new Set<string>();
  const check = (list: Container[], field: string) =>
    list.forEach((c, i) => {
      const p = `${path}.${field}[${i}]`;
      if (!c.name) causes.push(Field.required(`${p}.name`));
      else {
        causes.push(...validateName('label', c.name, `${p}.name`));
        if (seen.has(c.name)) causes.push(Field.duplicate(`${p}.name`, c.name));
        seen.add(c.name);
      }
      if (!c.image) causes.push(Field.required(`${p}.image`));
      (c.ports ?? []).forEach((port, j) => {
        const n = port.containerPort;
        if (typeof n !== 'number' || n < 1 || n > 65535) causes.push(Field.invalid(`${p}.ports[${j}].containerPort`, n ?? 0, 'must be between 1 and 65535, inclusive'));
      });
    });
  check(spec.containers, 'containers');
  check(spec.initContainers ?? [], 'initContainers');
  if (spec.restartPolicy && !['Always', 'OnFailure', 'Never'].includes(spec.restartPolicy)) causes.push(Field.notSupported(`${path}.restartPolicy`, spec.restartPolicy, ['Always', 'OnFailure', 'Never']));
  return causes;
}
