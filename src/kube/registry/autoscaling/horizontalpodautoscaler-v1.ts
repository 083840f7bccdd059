// autoscaling/v1 HorizontalPodAutoscalers, stored as autoscaling/v2 (the storage version, as
// upstream). v1 has one CPU utilization target; the v2 metrics v1 cannot express ride along in the
// annotation "autoscaling.alpha.kubernetes.io/metrics", as upstream keeps them, so a v1 client's
// update does not lose them. Table as v2's.
import type { KindDef, KubeObject } from '../types.js';
import { resource } from '../common.js';
import { hpaStrategy, horizontalpodautoscalers } from './horizontalpodautoscaler.js';

const METRICS_ANNOTATION = 'autoscaling.alpha.kubernetes.io/metrics';

interface Metric {
  type?: string;
  resource?: { name?: string; target?: { type?: string; averageUtilization?: number } };
  [k: string]: unknown;
}

const isCpuUtilization = (m: Metric) => m.type === 'Resource' && m.resource?.name === 'cpu' && m.resource.target?.type === 'Utilization';

export function hpaToV2(v1: KubeObject): KubeObject {
  const spec = (v1.spec ?? {}) as { scaleTargetRef?: unknown; minReplicas?: number; maxReplicas?: number; targetCPUUtilizationPercentage?: number };
  const status = v1.status as { currentReplicas?: number; desiredReplicas?: number; lastScaleTime?: string; observedGeneration?: number; currentCPUUtilizationPercentage?: number } | undefined;
  const annotations = { ...(v1.metadata.annotations ?? {}) };
  let metrics: Metric[] = [];
  if (annotations[METRICS_ANNOTATION]) {
    try {
      metrics = JSON.parse(annotations[METRICS_ANNOTATION]) as Metric[];
    } catch {
      metrics = [];
    }
    delete annotations[METRICS_ANNOTATION];
  }
  if (spec.targetCPUUtilizationPercentage !== undefined) metrics.unshift({ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: spec.targetCPUUtilizationPercentage } } });
  const metadata: KubeObject['metadata'] = { ...v1.metadata, annotations };
  if (!Object.keys(annotations).length) delete metadata.annotations;
  const out: KubeObject = {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata,
    spec: { scaleTargetRef: spec.scaleTargetRef, minReplicas: spec.minReplicas, maxReplicas: spec.maxReplicas, ...(metrics.length ? { metrics } : {}) },
  };
  if (status) {
    const cpu = status.currentCPUUtilizationPercentage;
    out.status = {
      observedGeneration: status.observedGeneration,
      lastScaleTime: status.lastScaleTime,
      currentReplicas: status.currentReplicas ?? 0,
      desiredReplicas: status.desiredReplicas ?? 0,
      ...(cpu !== undefined ? { currentMetrics: [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: cpu } } }] } : {}),
    };
  }
  return out;
}

export function hpaToV1(v2: KubeObject): KubeObject {
  const spec = (v2.spec ?? {}) as { scaleTargetRef?: unknown; minReplicas?: number; maxReplicas?: number; metrics?: Metric[] };
  const status = v2.status as { currentReplicas?: number; desiredReplicas?: number; lastScaleTime?: string; observedGeneration?: number; currentMetrics?: Array<{ resource?: { name?: string; current?: { averageUtilization?: number } } }> } | undefined;
  const metrics = spec.metrics ?? [];
  const cpu = metrics.find(isCpuUtilization);
  const others = metrics.filter((m) => m !== cpu);
  const annotations = { ...(v2.metadata.annotations ?? {}) };
  if (others.length) annotations[METRICS_ANNOTATION] = JSON.stringify(others);
  const metadata = { ...v2.metadata };
  if (Object.keys(annotations).length) metadata.annotations = annotations;
  const v1Spec: Record<string, unknown> = { scaleTargetRef: spec.scaleTargetRef, minReplicas: spec.minReplicas, maxReplicas: spec.maxReplicas };
  if (cpu) v1Spec.targetCPUUtilizationPercentage = cpu.resource!.target!.averageUtilization;
  const out: KubeObject = { apiVersion: 'autoscaling/v1', kind: 'HorizontalPodAutoscaler', metadata, spec: v1Spec };
  if (status) {
    const current = status.currentMetrics?.find((m) => m.resource?.name === 'cpu')?.resource?.current?.averageUtilization;
    out.status = { observedGeneration: status.observedGeneration, lastScaleTime: status.lastScaleTime, currentReplicas: status.currentReplicas ?? 0, desiredReplicas: status.desiredReplicas ?? 0, ...(current !== undefined ? { currentCPUUtilizationPercentage: current } : {}) };
  }
  return out;
}

export const horizontalpodautoscalersV1: KindDef = {
  info: resource('autoscaling', 'v1', 'horizontalpodautoscalers'),
  strategy: { columns: hpaStrategy.columns, row: (obj, now) => hpaStrategy.row(hpaToV2(obj), now) },
  subresources: { status: { columns: [], row: () => [] } },
  conversion: { storage: horizontalpodautoscalers as unknown as KindDef, toStorage: hpaToV2, fromStorage: hpaToV1 },
};
