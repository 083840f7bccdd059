// A resource served in two versions from one stored object: autoscaling/v1 and v2 HPAs.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { inProcessCluster, type InProcess } from './api.js';

let api: InProcess;
before(async () => {
  api = await inProcessCluster();
});
after(async () => {
  await api?.close();
});

const V1 = '/apis/autoscaling/v1/namespaces/default/horizontalpodautoscalers';
const V2 = '/apis/autoscaling/v2/namespaces/default/horizontalpodautoscalers';

test('autoscaling/v1 and v2 HPAs are one object; v2-only metrics survive a v1 update', async () => {
  const created = await api.request('POST', V1, { metadata: { name: 'web' }, spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, maxReplicas: 4, targetCPUUtilizationPercentage: 60 } });
  assert.equal(created.status, 201, created.body);
  const v1 = created.json as { apiVersion: string; spec: { minReplicas: number; targetCPUUtilizationPercentage: number } };
  assert.equal(v1.apiVersion, 'autoscaling/v1');
  assert.deepEqual([v1.spec.minReplicas, v1.spec.targetCPUUtilizationPercentage], [1, 60]);
  const asV2 = (await api.request('GET', `${V2}/web`)).json as { apiVersion: string; spec: { metrics: Array<{ resource: { name: string; target: { averageUtilization?: number; averageValue?: string } } }> } };
  assert.equal(asV2.apiVersion, 'autoscaling/v2');
  assert.deepEqual(asV2.spec.metrics.map((m) => [m.resource.name, m.resource.target.averageUtilization]), [['cpu', 60]]);
  const patched = await api.request('PATCH', `${V2}/web`, { spec: { metrics: [...asV2.spec.metrics, { type: 'Resource', resource: { name: 'memory', target: { type: 'AverageValue', averageValue: '500Mi' } } }] } }, { 'Content-Type': 'application/merge-patch+json' });
  assert.equal(patched.status, 200, patched.body);
  const back = (await api.request('GET', `${V1}/web`)).json as { metadata: { annotations: Record<string, string> } };
  assert.match(back.metadata.annotations['autoscaling.alpha.kubernetes.io/metrics']!, /memory/);
  const updated = await api.request('PATCH', `${V1}/web`, { spec: { targetCPUUtilizationPercentage: 75 } }, { 'Content-Type': 'application/merge-patch+json' });
  assert.equal(updated.status, 200, updated.body);
  const final = (await api.request('GET', `${V2}/web`)).json as { metadata: { annotations?: Record<string, string> }; spec: { metrics: Array<{ resource: { name: string } }> } };
  assert.deepEqual(final.spec.metrics.map((m) => m.resource.name), ['cpu', 'memory']);
  assert.equal(final.metadata.annotations?.['autoscaling.alpha.kubernetes.io/metrics'], undefined);
  const list = (await api.request('GET', V1)).json as { kind: string; items: unknown[] };
  assert.equal(list.kind, 'HorizontalPodAutoscalerList');
  assert.equal(list.items.length, 1);
});

test('events.k8s.io/v1 and core/v1 Events are one object with upstream field names', async () => {
  const created = await api.request('POST', '/apis/events.k8s.io/v1/namespaces/default/events', {
    metadata: { name: 'ev1' },
    eventTime: '2026-01-01T00:00:00.000000Z',
    reportingController: 'lakestack/test',
    reportingInstance: 'test-1',
    action: 'Testing',
    reason: 'Tested',
    type: 'Normal',
    note: 'it works',
    regarding: { kind: 'Pod', namespace: 'default', name: 'p' },
  });
  assert.equal(created.status, 201, created.body);
  const core = (await api.request('GET', '/api/v1/namespaces/default/events/ev1')).json as Record<string, unknown>;
  assert.equal(core.message, 'it works');
  assert.equal(core.reportingComponent, 'lakestack/test');
  assert.deepEqual(core.involvedObject, { kind: 'Pod', namespace: 'default', name: 'p' });
  const sel = (await api.request('GET', '/api/v1/namespaces/default/events?fieldSelector=involvedObject.name%3Dp')).json as { items: unknown[] };
  assert.equal(sel.items.length, 1);
});
