// PersistentVolumes: cluster-scoped, persistentVolumeReclaimPolicy Retain and volumeMode
// Filesystem by default, phase Pending on create (Available once a binder sees it — later).
// Table: NAME CAPACITY ACCESS MODES RECLAIM POLICY STATUS CLAIM STORAGECLASS VOLUMEATTRIBUTESCLASS REASON AGE, wide VOLUMEMODE.
import type { KindDef, KubeObject, Strategy } from '../types.js';
import { column } from '../types.js';
import { age } from '../../apiserver/table.js';
import { resource, statusStrategyOf, str } from '../common.js';
import { Field, type StatusCause } from '../../apiserver/status.js';
import { AGE } from '../apps/workload.js';
import { accessModes } from './volumes.js';

interface PV extends KubeObject {
  spec?: {
    capacity?: { storage?: string };
    accessModes?: string[];
    persistentVolumeReclaimPolicy?: string;
    volumeMode?: string;
    storageClassName?: string;
    volumeAttributesClassName?: string;
    claimRef?: { namespace?: string; name?: string };
    [k: string]: unknown;
  };
  status?: { phase?: string; reason?: string };
}

function validate(obj: PV): StatusCause[] {
  const causes: StatusCause[] = [];
  if (!obj.spec?.capacity?.storage) causes.push(Field.required('spec.capacity'));
  if (!(obj.spec?.accessModes ?? []).length) causes.push(Field.required('spec.accessModes'));
  return causes;
}

export const pvStrategy: Strategy<PV> = {
  defaults(obj) {
    const spec = (obj.spec ??= {});
    spec.persistentVolumeReclaimPolicy ??= 'Retain';
    spec.volumeMode ??= 'Filesystem';
  },
  prepareForCreate(obj) {
    obj.status = { phase: 'Pending' };
  },
  validate,
  prepareForUpdate(obj, old) {
    obj.status = old.status;
  },
  validateUpdate: validate,
  columns: [
    column('Capacity', 'string', 'capacity is the description of the persistent volume\'s resources and capacity.'),
    column('Access Modes', 'string', 'accessModes contains all ways the volume can be mounted.'),
    column('Reclaim Policy', 'string', 'persistentVolumeReclaimPolicy defines what happens to a persistent volume when released from its claim.'),
    column('Status', 'string', 'phase indicates if a volume is available, bound to a claim, or released by a claim.'),
    column('Claim', 'string', 'claimRef is part of a bi-directional binding between PersistentVolume and PersistentVolumeClaim.'),
    column('StorageClass', 'string', 'storageClassName is the name of StorageClass to which this persistent volume belongs.'),
    column('VolumeAttributesClass', 'string', 'Name of VolumeAttributesClass to which this persistent volume belongs.'),
    column('Reason', 'string', 'reason is a brief CamelCase string that describes any failure.'),
    AGE,
    column('VolumeMode', 'string', 'volumeMode defines if a volume is intended to be used with a formatted filesystem or to remain in raw block state.', 1),
  ],
  row(obj, now) {
    const s = obj.spec ?? {};
    const claim = s.claimRef ? `${s.claimRef.namespace}/${s.claimRef.name}` : '';
    return [str(s.capacity?.storage), accessModes(s.accessModes), str(s.persistentVolumeReclaimPolicy), str(obj.status?.phase), claim, str(s.storageClassName), str(s.volumeAttributesClassName) || '<unset>', str(obj.status?.reason), age(obj, now), str(s.volumeMode)];
  },
};

export const persistentvolumes: KindDef<PV> = {
  info: resource('', 'v1', 'persistentvolumes'),
  strategy: pvStrategy,
  subresources: { status: statusStrategyOf(pvStrategy) },
};
