// IngressClasses: cluster-scoped, a controller name is required and immutable.
// Table: NAME CONTROLLER PARAMETERS AGE.
import type { KindDef, KubeObject, Strategy } from '../types.js';
import { column } from '../types.js';
import { age } from '../../apiserver/table.js';
import { resource, str } from '../common.js';
import { Field } from '../../apiserver/status.js';
import { AGE } from '../apps/workload.js';

interface IngressClass extends KubeObject {
  spec?: { controller?: string; parameters?: { apiGroup?: string; kind?: string; name?: string } };
}

export const ingressClassStrategy: Strategy<IngressClass> = {
  validate: (obj) => (obj.spec?.controller ? [] : [Field.required('spec.controller')]),
  validateUpdate: (obj, old) => (obj.spec?.controller !== old.spec?.controller ? [Field.immutable('spec.controller')] : []),
  columns: [column('Controller', 'string', 'Controller that is responsible for handling this class'), column('Parameters', 'string', 'A reference to a resource with additional parameters'), AGE],
  row(obj, now) {
    const p = obj.spec?.parameters;
    return [str(obj.spec?.controller), p ? `${p.kind}.${p.apiGroup ?? ''}/${p.name}` : '<none>', age(obj, now)];
  },
};

export const ingressclasses: KindDef<IngressClass> = { info: resource('networking.k8s.io', 'v1', 'ingressclasses'), strategy: ingressClassStrategy };
