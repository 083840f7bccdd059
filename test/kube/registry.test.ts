// Every served kind through the shared registry tester.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KINDS } from '../../src/kube/registry/index.js';
import type { KubeObject } from '../../src/kube/registry/types.js';
import { testKind, type KindFixture } from './registry-tester.js';

const podSpec = () => ({ containers: [{ name: 'c', image: 'busybox:1.36' }] });

const FIXTURES: Record<string, KindFixture> = {
  namespaces: {
    valid: () => ({ metadata: { name: 'team-a' } }),
    finalize: async (store, _ns, name) => {
      await store.update('', name, (cur) => ({ ...cur!, spec: { finalizers: [] } }), { subresource: 'finalize' });
    },
  },
  configmaps: {
    valid: () => ({ metadata: { name: 'cfg' }, data: { a: '1' } }),
    invalid: { object: () => ({ metadata: { name: 'cfg2' }, data: { 'bad key!': 'x' } }), field: 'data[bad key!]' },
  },
  secrets: {
    valid: () => ({ metadata: { name: 'sec' }, stringData: { password: 'p' } }),
    invalid: { object: () => ({ metadata: { name: 'tls' }, type: 'kubernetes.io/tls', data: {} }), field: 'data[tls.crt]' },
  },
  serviceaccounts: { valid: () => ({ metadata: { name: 'robot' } }) },
  pods: {
    valid: () => ({ metadata: { name: 'p' }, spec: podSpec() }),
    invalid: { object: () => ({ metadata: { name: 'p2' }, spec: { containers: [{ name: 'c' }] } }), field: 'spec.containers[0].image' },
  },
  services: {
    valid: () => ({ metadata: { name: 'svc' }, spec: { ports: [{ port: 80 }], selector: { app: 'x' } } }),
    invalid: { object: () => ({ metadata: { name: 'svc2' }, spec: { type: 'Weird', ports: [{ port: 80 }] } }), field: 'spec.type' },
  },
  events: {
    valid: () => ({ metadata: { name: 'ev' }, involvedObject: { kind: 'Pod', name: 'p', namespace: 'ns1' }, reason: 'Started', type: 'Normal', message: 'ok' }),
    invalid: { object: () => ({ metadata: { name: 'ev2' }, involvedObject: { kind: 'Pod', name: 'p' }, type: 'Odd' }), field: 'type' },
  },
  nodes: { valid: () => ({ metadata: { name: 'node-1' }, spec: {} }) },
  endpoints: { valid: () => ({ metadata: { name: 'ep' }, subsets: [{ addresses: [{ ip: '10.0.0.1' }], ports: [{ port: 80 }] }] }) },
  persistentvolumes: {
    valid: () => ({ metadata: { name: 'pv' }, spec: { capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'], hostPath: { path: '/tmp/pv' } } }),
    invalid: { object: () => ({ metadata: { name: 'pv2' }, spec: { accessModes: ['ReadWriteOnce'] } }), field: 'spec.capacity' },
  },
  persistentvolumeclaims: {
    valid: () => ({ metadata: { name: 'pvc' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }),
    invalid: { object: () => ({ metadata: { name: 'pvc2' }, spec: { resources: { requests: { storage: '1Gi' } } } }), field: 'spec.accessModes' },
  },
  resourcequotas: { valid: () => ({ metadata: { name: 'rq' }, spec: { hard: { pods: '10' } } }) },
  limitranges: {
    valid: () => ({ metadata: { name: 'lr' }, spec: { limits: [{ type: 'Container', default: { cpu: '1' } }] } }),
    invalid: { object: () => ({ metadata: { name: 'lr2' }, spec: { limits: [{}] } }), field: 'spec.limits[0].type' },
  },
  replicasets: {
    valid: () => ({ metadata: { name: 'rs' }, spec: { selector: { matchLabels: { app: 'rs' } }, template: { metadata: { labels: { app: 'rs' } }, spec: podSpec() } } }),
    invalid: { object: () => ({ metadata: { name: 'rs2' }, spec: { selector: { matchLabels: { app: 'a' } }, template: { metadata: { labels: { app: 'b' } }, spec: podSpec() } } }), field: 'spec.template.metadata.labels' },
    changeSpec: (o: KubeObject) => {
      (o.spec as { replicas: number }).replicas = 2;
    },
  },
  statefulsets: {
    valid: () => ({ metadata: { name: 'db' }, spec: { serviceName: 'db', selector: { matchLabels: { app: 'db' } }, template: { metadata: { labels: { app: 'db' } }, spec: podSpec() }, volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }] } }),
    invalid: { object: () => ({ metadata: { name: 'db2' }, spec: { selector: { matchLabels: { app: 'db' } }, template: { metadata: { labels: { app: 'db' } }, spec: podSpec() }, podManagementPolicy: 'Random' } }), field: 'spec.podManagementPolicy' },
    changeSpec: (o: KubeObject) => {
      (o.spec as { replicas: number }).replicas = 2;
    },
  },
  daemonsets: {
    valid: () => ({ metadata: { name: 'ds' }, spec: { selector: { matchLabels: { app: 'ds' } }, template: { metadata: { labels: { app: 'ds' } }, spec: podSpec() } } }),
    invalid: { object: () => ({ metadata: { name: 'ds2' }, spec: { template: { spec: podSpec() } } }), field: 'spec.selector' },
  },
  controllerrevisions: { valid: () => ({ metadata: { name: 'cr-1' }, data: { a: 1 }, revision: 1 }) },
  jobs: {
    valid: () => ({ metadata: { name: 'job' }, spec: { template: { spec: { ...podSpec(), restartPolicy: 'Never' } } } }),
    invalid: { object: () => ({ metadata: { name: 'job2' }, spec: { template: { spec: { ...podSpec(), restartPolicy: 'Always' } } } }), field: 'spec.template.spec.restartPolicy' },
    changeSpec: (o: KubeObject) => {
      (o.spec as { parallelism: number }).parallelism = 2;
    },
  },
  cronjobs: {
    valid: () => ({ metadata: { name: 'cron' }, spec: { schedule: '*/5 * * * *', jobTemplate: { spec: { template: { spec: { ...podSpec(), restartPolicy: 'OnFailure' } } } } } }),
    invalid: { object: () => ({ metadata: { name: 'cron2' }, spec: { jobTemplate: { spec: { template: { spec: podSpec() } } } } }), field: 'spec.schedule' },
    changeSpec: (o: KubeObject) => {
      (o.spec as { schedule: string }).schedule = '0 * * * *';
    },
  },
  horizontalpodautoscalers: {
    valid: () => ({ metadata: { name: 'hpa' }, spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'd' }, maxReplicas: 5 } }),
    invalid: { object: () => ({ metadata: { name: 'hpa2' }, spec: { scaleTargetRef: { kind: 'Deployment', name: 'd' }, minReplicas: 3, maxReplicas: 2 } }), field: 'spec.maxReplicas' },
    changeSpec: (o: KubeObject) => {
      (o.spec as { maxReplicas: number }).maxReplicas = 6;
    },
  },
  ingresses: {
    valid: () => ({ metadata: { name: 'ing' }, spec: { rules: [{ host: 'a.example', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 's', port: { number: 80 } } } }] } }] } }),
    invalid: { object: () => ({ metadata: { name: 'ing2' }, spec: { rules: [{ http: { paths: [{ path: '/', backend: { service: { name: 's', port: { number: 80 } } } }] } }] } }), field: 'spec.rules[0].http.paths[0].pathType' },
    changeSpec: (o: KubeObject) => {
      (o.spec as { ingressClassName: string }).ingressClassName = 'nginx';
    },
  },
  ingressclasses: { valid: () => ({ metadata: { name: 'nginx' }, spec: { controller: 'k8s.io/ingress-nginx' } }), invalid: { object: () => ({ metadata: { name: 'ic2' }, spec: {} }), field: 'spec.controller' } },
  networkpolicies: {
    valid: () => ({ metadata: { name: 'deny' }, spec: { podSelector: {} } }),
    invalid: { object: () => ({ metadata: { name: 'np2' }, spec: { podSelector: {}, policyTypes: ['Sideways'] } }), field: 'spec.policyTypes[0]' },
  },
  roles: {
    valid: () => ({ metadata: { name: 'reader' }, rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }] }),
    invalid: { object: () => ({ metadata: { name: 'r2' }, rules: [{ apiGroups: [''], resources: ['pods'] }] }), field: 'rules[0].verbs' },
  },
  clusterroles: { valid: () => ({ metadata: { name: 'cr-reader' }, rules: [{ nonResourceURLs: ['/healthz'], verbs: ['get'] }] }) },
  rolebindings: {
    valid: () => ({ metadata: { name: 'rb' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'reader' }, subjects: [{ kind: 'User', name: 'alice' }] }),
    invalid: { object: () => ({ metadata: { name: 'rb2' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Thing', name: 'x' } }), field: 'roleRef.kind' },
  },
  clusterrolebindings: {
    valid: () => ({ metadata: { name: 'crb' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' }, subjects: [{ kind: 'ServiceAccount', name: 'sa', namespace: 'default' }] }),
    invalid: { object: () => ({ metadata: { name: 'crb2' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' }, subjects: [{ kind: 'ServiceAccount', name: 'sa' }] }), field: 'subjects[0].namespace' },
  },
  poddisruptionbudgets: {
    valid: () => ({ metadata: { name: 'pdb' }, spec: { minAvailable: 1, selector: { matchLabels: { app: 'x' } } } }),
    invalid: { object: () => ({ metadata: { name: 'pdb2' }, spec: { minAvailable: 1, maxUnavailable: 1 } }), field: 'spec' },
    changeSpec: (o: KubeObject) => {
      (o.spec as { minAvailable: number }).minAvailable = 2;
    },
  },
  storageclasses: { valid: () => ({ metadata: { name: 'standard' }, provisioner: 'lakestack.io/local' }), invalid: { object: () => ({ metadata: { name: 'sc2' } }), field: 'provisioner' } },
  leases: { valid: () => ({ metadata: { name: 'leader' }, spec: { holderIdentity: 'me', leaseDurationSeconds: 15 } }) },
  endpointslices: {
    valid: () => ({ metadata: { name: 'es' }, addressType: 'IPv4', endpoints: [{ addresses: ['10.0.0.1'] }], ports: [{ port: 80 }] }),
    invalid: { object: () => ({ metadata: { name: 'es2' }, addressType: 'Carrier-Pigeon' }), field: 'addressType' },
  },
  customresourcedefinitions: {
    fixedName: true,
    valid: () => ({
      metadata: { name: 'widgets.example.com' },
      spec: { group: 'example.com', scope: 'Namespaced', names: { plural: 'widgets', kind: 'Widget' }, versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object' } } }] },
    }),
    invalid: { object: () => ({ metadata: { name: 'wrong.example.com' }, spec: { group: 'example.com', scope: 'Namespaced', names: { plural: 'gadgets', kind: 'Gadget' }, versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object' } } }] } }), field: 'metadata.name' },
    changeSpec: (o: KubeObject) => {
      (o.spec as { scope: string }).scope = 'Cluster';
    },
  },
  deployments: {
    valid: () => ({ metadata: { name: 'd' }, spec: { selector: { matchLabels: { app: 'd' } }, template: { metadata: { labels: { app: 'd' } }, spec: podSpec() } } }),
    invalid: { object: () => ({ metadata: { name: 'd2' }, spec: { template: { spec: podSpec() } } }), field: 'spec.selector' },
    changeSpec: (o: KubeObject) => {
      (o.spec as { replicas: number }).replicas = 3;
    },
  },
};

for (const def of KINDS.filter((d) => d.review)) {
  test(`review kind answers and stores nothing: ${def.info.plural}.${def.info.group}`, async () => {
    const services = {
      issueToken: () => ({ token: 't', expires: new Date() }),
      authenticateToken: async () => null,
      authorize: async () => ({ allowed: false, reason: '' }),
      rulesFor: async () => ({ resourceRules: [], nonResourceRules: [], incomplete: false }),
    };
    const spec = { user: 'bob', resourceAttributes: { verb: 'get', resource: 'pods', namespace: '' } };
    const out = await def.review!({ apiVersion: `${def.info.group}/v1`, kind: def.info.kind, metadata: {}, spec }, { name: 'alice', groups: ['dev', 'system:authenticated'] }, services);
    assert.ok(out.status, 'a review carries its answer in status');
  });
}

for (const def of KINDS.filter((d) => !d.review && !d.conversion)) {
  test(`registry tester: ${def.info.plural}${def.info.group ? '.' + def.info.group : ''}`, async () => {
    const fx = FIXTURES[def.info.plural];
    if (!fx) throw new Error(`no registry fixture for ${def.info.plural}: add one`);
    await testKind(def, fx);
  });
}
