// The kinds this API server serves. Adding a kind is one file under <group>/ and one line here.
import type { KindDef } from './types.js';
import { namespaces } from './core/namespace.js';
import { configmaps } from './core/configmap.js';
import { secrets } from './core/secret.js';
import { serviceaccounts } from './core/serviceaccount.js';
import { pods } from './core/pod.js';
import { services } from './core/service.js';
import { events } from './core/event.js';
import { nodes } from './core/node.js';
import { endpoints } from './core/endpoints.js';
import { persistentvolumes } from './core/persistentvolume.js';
import { persistentvolumeclaims } from './core/persistentvolumeclaim.js';
import { resourcequotas } from './core/resourcequota.js';
import { limitranges } from './core/limitrange.js';
import { deployments } from './apps/deployment.js';
import { replicasets } from './apps/replicaset.js';
import { statefulsets } from './apps/statefulset.js';
import { daemonsets } from './apps/daemonset.js';
import { controllerrevisions } from './apps/controllerrevision.js';
import { jobs } from './batch/job.js';
import { cronjobs } from './batch/cronjob.js';
import { horizontalpodautoscalers } from './autoscaling/horizontalpodautoscaler.js';
import { horizontalpodautoscalersV1 } from './autoscaling/horizontalpodautoscaler-v1.js';
import { ingresses } from './networking/ingress.js';
import { ingressclasses } from './networking/ingressclass.js';
import { networkpolicies } from './networking/networkpolicy.js';
import { roles } from './rbac/role.js';
import { rolebindings } from './rbac/rolebinding.js';
import { clusterroles } from './rbac/clusterrole.js';
import { clusterrolebindings } from './rbac/clusterrolebinding.js';
import { poddisruptionbudgets } from './policy/poddisruptionbudget.js';
import { storageclasses } from './storage/storageclass.js';
import { leases } from './coordination/lease.js';
import { endpointslices } from './discovery/endpointslice.js';
import { eventsV1 } from './events/event.js';
import { customresourcedefinitions } from './apiextensions/customresourcedefinition.js';
import { selfsubjectreviews } from './authentication/selfsubjectreview.js';
import { tokenreviews } from './authentication/tokenreview.js';
import { localsubjectaccessreviews, selfsubjectaccessreviews, selfsubjectrulesreviews, subjectaccessreviews } from './authorization/selfsubjectaccessreview.js';

// Each KindDef is typed with its own object shape; the server handles them as KubeObjects.
const all: unknown[] = [
  namespaces, configmaps, secrets, serviceaccounts, pods, services, events, nodes, endpoints, persistentvolumes,
  persistentvolumeclaims, resourcequotas, limitranges,
  deployments, replicasets, statefulsets, daemonsets, controllerrevisions,
  jobs, cronjobs,
  horizontalpodautoscalers, horizontalpodautoscalersV1,
  ingresses, ingressclasses, networkpolicies,
  roles, rolebindings, clusterroles, clusterrolebindings,
  poddisruptionbudgets,
  storageclasses,
  leases,
  endpointslices,
  eventsV1,
  customresourcedefinitions,
  selfsubjectreviews, tokenreviews,
  selfsubjectaccessreviews, selfsubjectrulesreviews, subjectaccessreviews, localsubjectaccessreviews,
];

export const KINDS: readonly KindDef[] = all as KindDef[];
