// StorageClasses: reclaimPolicy Delete and volumeBindingMode Immediate by default; provisioner,
// parameters and reclaimPolicy are immutable. The "(default)" mark follows the
// storageclass.kubernetes.io/is-default-class annotation, as kubectl shows it.
// Table: NAME PROVISIONER RECLAIMPOLICY VOLUMEBINDINGMODE ALLOWVOLUMEEXPANSION AGE.
import type { KindDef, KubeObject, Strategy } from '../types.js';
import { column } from '../types.js';
import { age } from '../../apiserver/table.js';
import { resource, str } from '../common.js';
import { Field, type StatusCause } from '../../apiserver/status.js';
import { jsonEqual } from '../../apiserver/objects.js';
import { AGE } from '../apps/workload.js';

interface StorageClass extends KubeObject {
  provisioner?: string;
  parameters?: Record<string, string>;
  reclaimPolicy?: string;
  volumeBindingMode?: string;
  allowVolumeExpansion?: boolean;
}

export const storageClassStrategy: Strategy<StorageClass> = {
  defaults(obj) {
    obj.reclaimPolicy ??= 'Delete';
    obj.volumeBindingMode ??= 'Immediate';
  },
  validate: (obj) => (obj.provisioner ? [] : [Field.required('provisioner')]),
  validateUpdate(obj, old) {
    const causes: StatusCause[] = [];
    if (obj.provisioner !== old.provisioner) causes.push(Field.immutable('provisioner'));
    if (!jsonEqual(obj.parameters, old.parameters)) causes.push(Field.forbidden('parameters', 'updates to parameters are forbidden.'));
    if (obj.reclaimPolicy !== old.reclaimPolicy) causes.push(Field.forbidden('reclaimPolicy', 'updates to reclaimPolicy are forbidden.'));
    return causes;
  },
  columns: [
    column('Provisioner', 'string', 'provisioner indicates the type of the provisioner.'),
    column('ReclaimPolicy', 'string', 'reclaimPolicy controls the reclaimPolicy for dynamically provisioned PersistentVolumes of this storage class.'),
    column('VolumeBindingMode', 'string', 'volumeBindingMode indicates how PersistentVolumeClaims should be provisioned and bound.'),
    column('AllowVolumeExpansion', 'string', 'allowVolumeExpansion shows whether the storage class allow volume expand.'),
    AGE,
  ],
  row: (obj, now) => [str(obj.provisioner), str(obj.reclaimPolicy), str(obj.volumeBindingMode), String(obj.allowVolumeExpansion === true), age(obj, now)],
};

export const storageclasses: KindDef<StorageClass> = { info: resource('storage.k8s.io', 'v1', 'storageclasses'), strategy: storageClassStrategy };
