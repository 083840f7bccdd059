// Every served kind through the shared registry tester.
import { test } from 'node:test';
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
  deployments: {
    valid: () => ({ metadata: { name: 'd' }, spec: { selector: { matchLabels: { app: 'd' } }, template: { metadata: { labels: { app: 'd' } }, spec: podSpec() } } }),
    invalid: { object: () => ({ metadata: { name: 'd2' }, spec: { template: { spec: podSpec() } } }), field: 'spec.selector' },
    changeSpec: (o: KubeObject) => {
      (o.spec as { replicas: number }).replicas = 3;
    },
  },
};

for (const def of KINDS) {
  test(`registry tester: ${def.info.plural}${def.info.group ? '.' + def.info.group : ''}`, async () => {
    const fx = FIXTURES[def.info.plural];
    if (!fx) throw new Error(`no registry fixture for ${def.info.plural}: add one`);
    await testKind(def, fx);
  });
}
