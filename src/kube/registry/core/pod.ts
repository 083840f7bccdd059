// Pods: defaulted spec, status Pending on create (nothing runs them yet: node agents come later),
// spec immutable but for images and a few fields, deleted at once while unscheduled (as upstream
// does for a pod with no node). Table: NAME READY STATUS RESTARTS AGE, wide IP NODE NOMINATED NODE
// READINESS GATES.
import type { KindDef, KubeObject, Strategy } from '../types.js';
import { column } from '../types.js';
import { age } from '../../apiserver/table.js';
import { resource, statusStrategyOf, str } from '../common.js';
import { Field } from '../../apiserver/status.js';
import { jsonEqual } from '../../apiserver/objects.js';
import { defaultPodSpec, validatePodSpec, type PodSpec } from './podspec.js';

interface ContainerStatus {
  ready?: boolean;
  restartCount?: number;
}

interface Pod extends KubeObject {
  spec?: PodSpec;
  status?: { phase?: string; reason?: string; podIP?: string; nominatedNodeName?: string; qosClass?: string; containerStatuses?: ContainerStatus[] };
}

function qosClass(spec: PodSpec | undefined): string {
  const cs = spec?.containers ?? [];
  const res = cs.map((c) => (c.resources ?? {}) as { requests?: Record<string, string>; limits?: Record<string, string> });
  if (res.every((r) => !r.requests && !r.limits)) return 'BestEffort';
  const guaranteed = res.every((r) => r.limits?.cpu && r.limits?.memory && (!r.requests || (r.requests.cpu ?? r.limits.cpu) === r.limits.cpu && (r.requests.memory ?? r.limits.memory) === r.limits.memory));
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

/** The fields of a pod spec an update may change (upstream: images, activeDeadlineSeconds, tolerations…). */
function mutableMasked(spec: PodSpec | undefined): unknown {
  const s = structuredClone(spec ?? {}) as PodSpec;
  for (const c of [...(s.containers ?? []), ...(s.initContainers ?? [])]) delete c.image;
  delete s.activeDeadlineSeconds;
  delete s.tolerations;
  delete s.terminationGracePeriodSeconds;
  return s;
}

export const podStrategy: Strategy<Pod> = {
  returnDeletedObject: true,
  defaults(obj) {
    obj.spec ??= {};
    defaultPodSpec(obj.spec);
  },
  prepareForCreate(obj) {
    obj.status = { phase: 'Pending', qosClass: qosClass(obj.spec) };
  },
  validate: (obj) => validatePodSpec(obj.spec, 'spec'),
  prepareForUpdate(obj, old) {
    obj.status = old.status;
  },
  validateUpdate(obj, old) {
    const causes = validatePodSpec(obj.spec, 'spec');
    if (!jsonEqual(mutableMasked(obj.spec), mutableMasked(old.spec))) {
      causes.push(Field.forbidden('spec', 'pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)'));
    }
    return causes;
  },
  defaultGracePeriod: (obj) => (obj.spec?.nodeName ? (obj.spec.terminationGracePeriodSeconds ?? 30) : 0),
  columns: [
    column('Ready', 'string', 'The aggregate readiness state of this pod for accepting traffic.'),
    column('Status', 'string', 'The aggregate status of the containers in this pod.'),
    column('Restarts', 'string', 'The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.'),
    column('Age', 'string', 'CreationTimestamp is a timestamp representing the server time when this object was created.'),
    column('IP', 'string', 'IP address allocated to the pod. Routable at least within the cluster. Empty if not yet allocated.', 1),
    column('Node', 'string', "NodeName is a request to schedule this pod onto a specific node. If it is non-empty, the scheduler simply schedules this pod onto that node, assuming that it fits resource requirements.", 1),
    column('Nominated Node', 'string', 'nominatedNodeName is set only when this pod preempts other pods on the node, but it cannot be scheduled right away as preemption victims receive their graceful termination periods.', 1),
    column('Readiness Gates', 'string', 'If specified, all readiness gates will be evaluated for pod readiness.', 1),
  ],
  row(obj, now) {
    const total = obj.spec?.containers?.length ?? 0;
    const statuses = obj.status?.containerStatuses ?? [];
    const ready = statuses.filter((s) => s.ready).length;
    const restarts = statuses.reduce((n, s) => n + (s.restartCount ?? 0), 0);
    const reason = obj.metadata.deletionTimestamp ? 'Terminating' : str(obj.status?.reason) || str(obj.status?.phase);
    const gates = (obj.spec?.readinessGates as unknown[] | undefined)?.length;
    return [`${ready}/${total}`, reason, String(restarts), age(obj, now), str(obj.status?.podIP, '<none>') || '<none>', str(obj.spec?.nodeName) || '<none>', str(obj.status?.nominatedNodeName) || '<none>', gates ? `0/${gates}` : '<none>'];
  },
  selectableFields: (obj) => ({
    'spec.nodeName': str(obj.spec?.nodeName),
    'spec.restartPolicy': str(obj.spec?.restartPolicy),
    'spec.schedulerName': str(obj.spec?.schedulerName),
    'spec.serviceAccountName': str(obj.spec?.serviceAccountName),
    'spec.hostNetwork': String(obj.spec?.hostNetwork === true),
    'status.phase': str(obj.status?.phase),
    'status.podIP': str(obj.status?.podIP),
    'status.nominatedNodeName': str(obj.status?.nominatedNodeName),
  }),
};

export const pods: KindDef<Pod> = {
  info: resource('', 'v1', 'pods'),
  strategy: podStrategy,
  subresources: { status: statusStrategyOf(podStrategy) },
};
