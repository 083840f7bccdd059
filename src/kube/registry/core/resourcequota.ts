// ResourceQuotas: stored and shown; enforcement (quota admission) comes later.
// Table: NAME AGE REQUEST LIMIT.
import type { KindDef, KubeObject, Strategy } from '../types.js';
import { column } from '../types.js';
import { age } from '../../apiserver/table.js';
import { resource, statusStrategyOf } from '../common.js';
import { AGE } from '../apps/workload.js';

interface ResourceQuota extends KubeObject {
  spec?: { hard?: Record<string, string> };
  status?: { hard?: Record<string, string>; used?: Record<string, string> };
}

function cells(obj: ResourceQuota, limits: boolean): string {
  const hard = obj.spec?.hard ?? {};
  const used = obj.status?.used ?? {};
  return Object.keys(hard)
    .filter((k) => k.startsWith('limits.') === limits)
    .sort()
    .map((k) => `${k}: ${used[k] ?? '0'}/${hard[k]}`)
    .join(', ');
}

export const resourceQuotaStrategy: Strategy<ResourceQuota> = {
  prepareForCreate(obj) {
    obj.status = { hard: obj.spec?.hard ?? {}, used: {} };
  },
  prepareForUpdate(obj, old) {
    obj.status = old.status;
  },
  columns: [AGE, column('Request', 'string', 'Request represents a minimum amount of cpu/memory that a container may consume.'), column('Limit', 'string', 'Limits control the maximum amount of cpu/memory that a container may use independent of contention on the node.')],
  row: (obj, now) => [age(obj, now), cells(obj, false), cells(obj, true)],
};

export const resourcequotas: KindDef<ResourceQuota> = {
  info: resource('', 'v1', 'resourcequotas'),
  strategy: resourceQuotaStrategy,
  subresources: { status: statusStrategyOf(resourceQuotaStrategy) },
};
