// PodDisruptionBudgets: exactly one of minAvailable and maxUnavailable. Nothing evicts yet.
// Table: NAME MIN AVAILABLE MAX UNAVAILABLE ALLOWED DISRUPTIONS AGE.
import type { KindDef, KubeObject, Strategy } from '../types.js';
import { column } from '../types.js';
import { age } from '../../apiserver/table.js';
import { resource, specStatus, statusStrategyOf } from '../common.js';
import { Field, type StatusCause } from '../../apiserver/status.js';
import { AGE, type LabelSelector } from '../apps/workload.js';

interface PDB extends KubeObject {
  spec?: { minAvailable?: number | string; maxUnavailable?: number | string; selector?: LabelSelector };
  status?: { disruptionsAllowed?: number };
}

function validate(obj: PDB): StatusCause[] {
  const s = obj.spec ?? {};
  if (s.minAvailable !== undefined && s.maxUnavailable !== undefined) return [Field.invalid('spec', obj.spec ?? null, 'minAvailable and maxUnavailable cannot be both set')];
  return [];
}

export const pdbStrategy: Strategy<PDB> = {
  prepareForCreate: specStatus.prepareForCreate,
  validate,
  prepareForUpdate: specStatus.prepareForUpdate,
  validateUpdate: validate,
  columns: [
    column('Min Available', 'string', 'The minimum number of pods that must be available simultaneously.'),
    column('Max Unavailable', 'string', 'The maximum number of pods that may be unavailable simultaneously.'),
    column('Allowed Disruptions', 'integer', 'Calculated number of pods that may be disrupted at this time.'),
    AGE,
  ],
  row: (obj, now) => [obj.spec?.minAvailable !== undefined ? String(obj.spec.minAvailable) : 'N/A', obj.spec?.maxUnavailable !== undefined ? String(obj.spec.maxUnavailable) : 'N/A', obj.status?.disruptionsAllowed ?? 0, age(obj, now)],
};

export const poddisruptionbudgets: KindDef<PDB> = {
  info: resource('policy', 'v1', 'poddisruptionbudgets'),
  strategy: pdbStrategy,
  subresources: { status: statusStrategyOf(pdbStrategy) },
};
