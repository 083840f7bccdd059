// ServiceAccounts: plain objects. Table: NAME SECRETS AGE (SECRETS counts the listed secrets).
import type { KindDef, KubeObject, Strategy } from '../types.js';
import { column } from '../types.js';
import { age } from '../../apiserver/table.js';
import { count, resource } from '../common.js';

interface ServiceAccount extends KubeObject {
  secrets?: unknown[];
}

export const serviceAccountStrategy: Strategy<ServiceAccount> = {
  columns: [column('Secrets', 'string', 'Secrets is a list of the secrets in the same namespace that pods running using this ServiceAccount are allowed to use.'), column('Age', 'string', 'CreationTimestamp is a timestamp representing the server time when this object was created.')],
  row: (obj, now) => [count(obj.secrets), age(obj, now)],
};

export const serviceaccounts: KindDef<ServiceAccount> = { info: resource('', 'v1', 'serviceaccounts'), strategy: serviceAccountStrategy };
