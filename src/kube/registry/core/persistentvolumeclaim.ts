// PersistentVolumeClaims: volumeMode Filesystem by default, phase Pending on create (bound by a
// provisioner later); the spec is immutable except for resources.requests and
// volumeAttributesClassName. Table: NAME STATUS VOLUME CAPACITY ACCESS MODES STORAGECLASS
// VOLUMEATTRIBUTESCLASS AGE, wide VOLUMEMODE.
import type { KindDef, KubeObject, Strategy } from '../types.js';
import { column } from '../types.js';
import { age } from '../../apiserver/table.js';
import { resource, statusStrategyOf, str } from '../common.js';
import { Field, type StatusCause } from '../../apiserver/status.js';
import { jsonEqual } from '../../apiserver/objects.js';
import { AGE } from '../apps/workload.js';
import { accessModes } from './volumes.js';

interface PVC extends KubeObject {
  spec?: { accessModes?: string[]; resources?: { requests?: { storage?: string } }; volumeName?: string; storageClassName?: string; volumeMode?: string; volumeAttributesClassName?: string; [k: string]: unknown };
  status?: { phase?: string; capacity?: { storage?: string }; accessModes?: string[] };
}

function validate(obj: PVC): StatusCause[] {
  const causes: StatusCause[] = [];
  if (!(obj.spec?.accessModes ?? []).length) causes.push(Field.required('spec.accessModes', 'at least 1 access mode is required'));
  if (!obj.spec?.resources?.requests?.storage) causes.push(Field.required('spec.resources[storage]'));
  return causes;
}

function mutable(spec: PVC['spec']): unknown {
  const { resources: _r, volumeAttributesClassName: _v, volumeName: _n, ...rest } = spec ?? {};
  return rest;
}

export const pvcStrategy: Strategy<PVC> = {
  defaults(obj) {
    (obj.spec ??= {}).volumeMode ??= 'Filesystem';
  },
  prepareForCreate(obj) {
    obj.status = { phase: 'Pending' };
  },
  validate,
  prepareForUpdate(obj, old) {
    obj.status = old.status;
  },
  validateUpdate(obj, old) {
    const causes = validate(obj);
    if (!jsonEqual(mutable(obj.spec), mutable(old.spec))) causes.push(Field.forbidden('spec', 'spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims'));
    return causes;
  },
  columns: [
    column('Status', 'string', 'phase represents the current phase of PersistentVolumeClaim.'),
    column('Volume', 'string', 'volumeName is the binding reference to the PersistentVolume backing this claim.'),
    column('Capacity', 'string', 'capacity represents the actual resources of the underlying volume.'),
    column('Access Modes', 'string', 'accessModes contains the desired access modes the volume should have.'),
    column('StorageClass', 'string', 'storageClassName is the name of the StorageClass required by the claim.'),
    column('VolumeAttributesClass', 'string', 'volumeAttributesClassName may be used to set the VolumeAttributesClass used by this claim.'),
    AGE,
    column('VolumeMode', 'string', 'volumeMode defines what type of volume is required by the claim.', 1),
  ],
  row(obj, now) {
    const s = obj.spec ?? {};
    return [str(obj.status?.phase), str(s.volumeName), str(obj.status?.capacity?.storage), accessModes(obj.status?.accessModes), str(s.storageClassName), str(s.volumeAttributesClassName) || '<unset>', age(obj, now), str(s.volumeMode)];
  },
};

export const persistentvolumeclaims: KindDef<PVC> = {
  info: resource('', 'v1', 'persistentvolumeclaims'),
  strategy: pvcStrategy,
  subresources: { status: statusStrategyOf(pvcStrategy) },
};
