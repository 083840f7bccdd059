// Services: defaults as upstream (type ClusterIP, TCP ports, targetPort = port, single-stack IPv4),
// a ClusterIP allocated from 10.96.0.0/12 (10.96.0.1 is the "kubernetes" service's), NodePorts
// from 30000-32767, both immutable once set. Table: NAME TYPE CLUSTER-IP EXTERNAL-IP PORT(S) AGE,
// wide SELECTOR.
import type { KindDef, KubeObject, Strategy, StrategyContext } from '../types.js';
import { column } from '../types.js';
import { age } from '../../apiserver/table.js';
import { labelsSelector, resource, statusStrategyOf, str } from '../common.js';
import { Field, type StatusCause } from '../../apiserver/status.js';

interface ServicePort {
  name?: string;
  protocol?: string;
  port?: number;
  targetPort?: number | string;
  nodePort?: number;
}

interface Service extends KubeObject {
  spec?: {
    type?: string;
    clusterIP?: string;
    clusterIPs?: string[];
    ports?: ServicePort[];
    selector?: Record<string, string>;
    externalName?: string;
    externalIPs?: string[];
    sessionAffinity?: string;
    ipFamilies?: string[];
    ipFamilyPolicy?: string;
    internalTrafficPolicy?: string;
    externalTrafficPolicy?: string;
    allocateLoadBalancerNodePorts?: boolean;
    [k: string]: unknown;
  };
  status?: { loadBalancer?: { ingress?: Array<{ ip?: string; hostname?: string }> } };
}

const TYPES = ['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'];
// 10.96.0.0/12: 10.96.0.0 – 10.111.255.255. .0 is the network, 10.96.0.1 is reserved for "kubernetes".
const RANGE_START = (10 << 24) | (96 << 16);
const RANGE_SIZE = 1 << 20;

function ipToString(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

// Allocations are serialized so that two creates in flight never pick the same address.
let allocating: Promise<unknown> = Promise.resolve();
function serialized<T>(fn: () => Promise<T>): Promise<T> {
  const p = allocating.then(fn, fn);
  allocating = p.catch(() => undefined);
  return p;
}

async function allocate(obj: Service, ctx: StrategyContext): Promise<void> {
  const spec = obj.spec!;
  const services = (await ctx.list('services')) as Service[];
  if (spec.type !== 'ExternalName' && spec.clusterIP !== 'None' && !spec.clusterIP) {
    const used = new Set(services.map((s) => s.spec?.clusterIP));
    // Upstream picks at random from the range; a random start with a linear probe does the same job.
    const start = 2 + Math.floor(Math.random() * (RANGE_SIZE - 3));
    for (let i = 0; i < RANGE_SIZE - 2; i++) {
      const ip = ipToString(RANGE_START + 2 + ((start - 2 + i) % (RANGE_SIZE - 3)));
      if (!used.has(ip)) {
        spec.clusterIP = ip;
        break;
      }
    }
  }
  if (spec.clusterIP && !spec.clusterIPs) spec.clusterIPs = [spec.clusterIP];
  if (spec.type === 'NodePort' || (spec.type === 'LoadBalancer' && spec.allocateLoadBalancerNodePorts !== false)) {
    const used = new Set(services.flatMap((s) => (s.spec?.ports ?? []).map((p) => p.nodePort)));
    for (const p of spec.ports ?? []) {
      if (p.nodePort) continue;
      for (let n = 30000 + Math.floor(Math.random() * 2768), i = 0; i < 2768; i++, n = 30000 + ((n - 30000 + 1) % 2768)) {
        if (!used.has(n)) {
          p.nodePort = n;
          used.add(n);
          break;
        }
      }
    }
  }
}

function validate(obj: Service): StatusCause[] {
  const spec = obj.spec ?? {};
  const causes: StatusCause[] = [];
  if (!TYPES.includes(spec.type ?? '')) causes.push(Field.notSupported('spec.type', spec.type, TYPES));
  if (spec.type === 'ExternalName') {
    if (!spec.externalName) causes.push(Field.required('spec.externalName'));
  } else if (!(spec.ports ?? []).length && spec.clusterIP !== 'None') causes.push(Field.required('spec.ports'));
  const names = new Set<string>();
  (spec.ports ?? []).forEach((p, i) => {
    if (typeof p.port !== 'number' || p.port < 1 || p.port > 65535) causes.push(Field.invalid(`spec.ports[${i}].port`, p.port ?? 0, 'must be between 1 and 65535, inclusive'));
    if ((spec.ports ?? []).length > 1 && !p.name) causes.push(Field.required(`spec.ports[${i}].name`));
    if (p.name) {
      if (names.has(p.name)) causes.push(Field.duplicate(`spec.ports[${i}].name`, p.name));
      names.add(p.name);
    }
    if (!['TCP', 'UDP', 'SCTP'].includes(p.protocol ?? '')) causes.push(Field.notSupported(`spec.ports[${i}].protocol`, p.protocol, ['SCTP', 'TCP', 'UDP']));
  });
  return causes;
}

export const serviceStrategy: Strategy<Service> = {
  nameRule: 'label1035',
  defaults(obj) {
    const spec = (obj.spec ??= {});
    spec.type ??= 'ClusterIP';
    spec.sessionAffinity ??= 'None';
    for (const p of spec.ports ?? []) {
      p.protocol ??= 'TCP';
      p.targetPort ??= p.port;
    }
    if (spec.type !== 'ExternalName') {
      spec.ipFamilies ??= ['IPv4'];
      spec.ipFamilyPolicy ??= 'SingleStack';
      spec.internalTrafficPolicy ??= 'Cluster';
    }
    if (spec.type === 'NodePort' || spec.type === 'LoadBalancer') spec.externalTrafficPolicy ??= 'Cluster';
    if (spec.type === 'LoadBalancer') spec.allocateLoadBalancerNodePorts ??= true;
  },
  prepareForCreate: (obj, ctx) =>
    serialized(async () => {
      obj.status = { loadBalancer: {} };
      await allocate(obj, ctx);
    }),
  validate,
  prepareForUpdate(obj, old) {
    obj.status = old.status;
    const spec = (obj.spec ??= {});
    // Omitted allocations keep what was allocated (kubectl apply never sends them).
    if (!spec.clusterIP && old.spec?.clusterIP) spec.clusterIP = old.spec.clusterIP;
    if (!spec.clusterIPs && old.spec?.clusterIPs) spec.clusterIPs = old.spec.clusterIPs;
    for (const p of spec.ports ?? []) {
      const was = (old.spec?.ports ?? []).find((q) => q.port === p.port && q.protocol === p.protocol);
      if (!p.nodePort && was?.nodePort && (spec.type === 'NodePort' || spec.type === 'LoadBalancer')) p.nodePort = was.nodePort;
    }
  },
  validateUpdate(obj, old) {
    const causes = validate(obj);
    if (old.spec?.clusterIP && obj.spec?.clusterIP !== old.spec.clusterIP && old.spec.type !== 'ExternalName')
      causes.push(Field.invalid('spec.clusterIPs[0]', obj.spec?.clusterIP ?? '', 'may not change once set'));
    return causes;
  },
  returnDeletedObject: true,
  columns: [
    column('Type', 'string', 'type determines how the Service is exposed.'),
    column('Cluster-IP', 'string', 'clusterIP is the IP address of the service and is usually assigned randomly.'),
    column('External-IP', 'string', 'externalIPs is a list of IP addresses for which nodes in the cluster will also accept traffic for this service.'),
    column('Port(s)', 'string', 'The list of ports that are exposed by this service.'),
    column('Age', 'string', 'CreationTimestamp is a timestamp representing the server time when this object was created.'),
    column('Selector', 'string', 'Route service traffic to pods with label keys and values matching this selector.', 1),
  ],
  row(obj, now) {
    const spec = obj.spec ?? {};
    const ingress = (obj.status?.loadBalancer?.ingress ?? []).map((i) => i.ip ?? i.hostname ?? '');
    let external = '<none>';
    if (spec.type === 'ExternalName') external = str(spec.externalName);
    else if (spec.type === 'LoadBalancer') external = [...ingress, ...(spec.externalIPs ?? [])].join(',') || '<pending>';
    else if ((spec.externalIPs ?? []).length) external = spec.externalIPs!.join(',');
    const ports = (spec.ports ?? []).map((p) => (p.nodePort ? `${p.port}:${p.nodePort}/${p.protocol}` : `${p.port}/${p.protocol}`)).join(',') || '<none>';
    return [str(spec.type), str(spec.clusterIP) || '<none>', external, ports, age(obj, now), labelsSelector(spec.selector)];
  },
  selectableFields: (obj) => ({ 'spec.clusterIP': str(obj.spec?.clusterIP), 'spec.type': str(obj.spec?.type) }),
};

export const services: KindDef<Service> = {
  info: resource('', 'v1', 'services'),
  strategy: serviceStrategy,
  subresources: { status: statusStrategyOf(serviceStrategy) },
};
