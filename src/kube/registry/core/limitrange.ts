// LimitRanges: stored and shown; applying their defaults to pods (admission) comes later.
// Table: NAME CREATED AT.
import type { KindDef, KubeObject, Strategy } from '../types.js';
import { column } from '../types.js';
import { resource } from '../common.js';
import { Field, type StatusCause } from '../../apiserver/status.js';

interface LimitRange extends KubeObject {
  spec?: { limits?: Array<{ type?: string }> };
}

function validate(obj: LimitRange): StatusCause[] {
  const causes: StatusCause[] = [];
  (obj.spec?.limits ?? []).forEach((l, i) => {
    if (!l.type) causes.push(Field.required(`spec.limits[${i}].type`));
  });
  return causes;
}

export const limitRangeStrategy: Strategy<LimitRange> = {
  validate,
  validateUpdate: validate,
  columns: [column('Created At', 'date', 'CreationTimestamp is a timestamp representing the server time when this object was created.')],
  row: (obj) => [obj.metadata.creationTimestamp ?? ''],
};

export const limitranges: KindDef<LimitRange> = { info: resource('', 'v1', 'limitranges'), strategy: limitRangeStrategy };
