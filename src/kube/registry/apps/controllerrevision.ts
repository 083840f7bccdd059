// ControllerRevisions: immutable snapshots a workload controller keeps. Data and revision may not
// change. Table: NAME CONTROLLER REVISION AGE.
import type { KindDef, KubeObject, Strategy } from '../types.js';
import { column } from '../types.js';
import { age } from '../../apiserver/table.js';
import { resource } from '../common.js';
import { Field } from '../../apiserver/status.js';
import { jsonEqual } from '../../apiserver/objects.js';
import { AGE } from './workload.js';

interface ControllerRevision extends KubeObject {
  data?: unknown;
  revision?: number;
}

export const controllerRevisionStrategy: Strategy<ControllerRevision> = {
  validate: (obj) => (typeof obj.revision === 'number' && obj.revision >= 0 ? [] : [Field.invalid('revision', obj.revision ?? null, 'must be greater than or equal to 0')]),
  validateUpdate: (obj, old) => (jsonEqual(obj.data, old.data) ? [] : [Field.immutable('data')]),
  columns: [column('Controller', 'string', 'Controller of the object'), column('Revision', 'integer', 'Revision indicates the revision of the state represented by Data.'), AGE],
  row(obj, now) {
    const owner = (obj.metadata.ownerReferences ?? []).find((o) => o.controller);
    const gv = owner?.apiVersion.includes('/') ? owner.apiVersion.split('/')[0] : '';
    return [owner ? `${owner.kind.toLowerCase()}${gv ? '.' + gv : ''}/${owner.name}` : '<none>', obj.revision ?? 0, age(obj, now)];
  },
};

export const controllerrevisions: KindDef<ControllerRevision> = { info: resource('apps', 'v1', 'controllerrevisions'), strategy: controllerRevisionStrategy };
