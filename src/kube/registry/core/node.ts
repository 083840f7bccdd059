// Nodes: cluster-scoped; node agents (a later issue) register and heartbeat them.
// Table: NAME STATUS ROLES AGE VERSION, wide INTERNAL-IP EXTERNAL-IP OS-IMAGE KERNEL-VERSION CONTAINER-RUNTIME.
import type { KindDef, KubeObject, Strategy } from '../types.js';
import { column } from '../types.js';
import { age } from '../../apiserver/table.js';
import { resource, statusStrategyOf, str } from '../common.js';
import { AGE } from '../apps/workload.js';

interface Node extends KubeObject {
  spec?: { unschedulable?: boolean; podCIDR?: string; taints?: unknown[] };
  status?: {
    conditions?: Array<{ type: string; status: string }>;
    addresses?: Array<{ type: string; address: string }>;
    nodeInfo?: { kubeletVersion?: string; osImage?: string; kernelVersion?: string; containerRuntimeVersion?: string };
  };
}

function status(obj: Node): string {
  const ready = (obj.status?.conditions ?? []).find((c) => c.type === 'Ready');
  const s = ready ? (ready.status === 'True' ? 'Ready' : 'NotReady') : 'Unknown';
  return obj.spec?.unschedulable ? `${s},SchedulingDisabled` : s;
}

function roles(obj: Node): string {
  const r = Object.keys(obj.metadata.labels ?? {})
    .filter((k) => k.startsWith('node-role.kubernetes.io/'))
    .map((k) => k.slice('node-role.kubernetes.io/'.length));
  return r.sort().join(',') || '<none>';
}

const address = (obj: Node, type: string) => (obj.status?.addresses ?? []).find((a) => a.type === type)?.address ?? '<none>';

export const nodeStrategy: Strategy<Node> = {
  prepareForUpdate(obj, old) {
    obj.status = old.status;
  },
  columns: [
    column('Status', 'string', 'The status of the node'),
    column('Roles', 'string', 'The roles of the node'),
    AGE,
    column('Version', 'string', 'Kubelet Version reported by the node.'),
    column('Internal-IP', 'string', 'List of addresses reachable to the node. Queried from cloud provider, if available.', 1),
    column('External-IP', 'string', 'List of addresses reachable to the node. Queried from cloud provider, if available.', 1),
    column('OS-Image', 'string', 'OS Image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7 (wheezy)).', 1),
    column('Kernel-Version', 'string', "Kernel Version reported by the node from 'uname -r' (e.g. 3.16.0-0.bpo.4-amd64).", 1),
    column('Container-Runtime', 'string', 'Container runtime version reported by the node through runtime remote API (e.g. containerd://1.4.2).', 1),
  ],
  row: (obj, now) => {
    const info = obj.status?.nodeInfo ?? {};
    return [status(obj), roles(obj), age(obj, now), str(info.kubeletVersion), address(obj, 'InternalIP'), address(obj, 'ExternalIP'), str(info.osImage) || '<unknown>', str(info.kernelVersion) || '<unknown>', str(info.containerRuntimeVersion) || '<unknown>'];
  },
  selectableFields: (obj) => ({ 'spec.unschedulable': String(obj.spec?.unschedulable === true) }),
};

export const nodes: KindDef<Node> = {
  info: resource('', 'v1', 'nodes'),
  strategy: nodeStrategy,
  subresources: { status: statusStrategyOf(nodeStrategy) },
};
