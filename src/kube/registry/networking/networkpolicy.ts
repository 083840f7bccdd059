// NetworkPolicies: policyTypes defaulted from the rules present, as upstream. Nothing enforces them
// yet (network policy lands with the pod network). Table: NAME POD-SELECTOR AGE.
import type { KindDef, KubeObject, Strategy } from '../types.js';
import { column } from '../types.js';
import { age } from '../../apiserver/table.js';
import { resource } from '../common.js';
import { Field, type StatusCause } from '../../apiserver/status.js';
import { AGE, selectorString, type LabelSelector } from '../apps/workload.js';

interface NetworkPolicy extends KubeObject {
  spec?: { podSelector?: LabelSelector; policyTypes?: string[]; ingress?: unknown[]; egress?: unknown[] };
}

function validate(obj: NetworkPolicy): StatusCause[] {
  const causes: StatusCause[] = [];
  (obj.spec?.policyTypes ?? []).forEach((t, i) => {
    if (t !== 'Ingress' && t !== 'Egress') causes.push(Field.notSupported(`spec.policyTypes[${i}]`, t, ['Egress', 'Ingress']));
  });
  return causes;
}

export const networkPolicyStrategy: Strategy<NetworkPolicy> = {
  defaults(obj) {
    const spec = (obj.spec ??= {});
    spec.podSelector ??= {};
    if (!spec.policyTypes || !spec.policyTypes.length) spec.policyTypes = spec.egress?.length ? ['Ingress', 'Egress'] : ['Ingress'];
  },
  validate,
  validateUpdate: validate,
  columns: [column('Pod-Selector', 'string', 'Selects the pods to which this NetworkPolicy object applies.'), AGE],
  row: (obj, now) => [selectorString(obj.spec?.podSelector) || '<none>', age(obj, now)],
};

export const networkpolicies: KindDef<NetworkPolicy> = { info: resource('networking.k8s.io', 'v1', 'networkpolicies'), strategy: networkPolicyStrategy };
