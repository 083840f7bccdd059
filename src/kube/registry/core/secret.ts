// Secrets: type defaults to Opaque and is immutable; stringData is folded into data (base64) on
// write, as upstream's conversion does; typed secrets need their keys. Table: NAME TYPE DATA AGE.
import type { KindDef, KubeObject, Strategy } from '../types.js';
import { column } from '../types.js';
import { age } from '../../apiserver/table.js';
import { count, resource, str } from '../common.js';
import { Field, type StatusCause } from '../../apiserver/status.js';
import { jsonEqual } from '../../apiserver/objects.js';
import { validateConfigKeys } from './configmap.js';

interface Secret extends KubeObject {
  type?: string;
  data?: Record<string, string>;
  stringData?: Record<string, string>;
  immutable?: boolean;
}

const REQUIRED_KEYS: Record<string, string[]> = {
  'kubernetes.io/tls': ['tls.crt', 'tls.key'],
  'kubernetes.io/dockerconfigjson': ['.dockerconfigjson'],
  'kubernetes.io/dockercfg': ['.dockercfg'],
  'kubernetes.io/ssh-auth': ['ssh-privatekey'],
};

function validate(obj: Secret): StatusCause[] {
  const causes = validateConfigKeys('data', obj.data);
  for (const [k, v] of Object.entries(obj.data ?? {})) {
    if (typeof v !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(v)) causes.push(Field.invalid(`data[${k}]`, '<secret contents redacted>', 'illegal base64 data'));
  }
  for (const k of REQUIRED_KEYS[obj.type ?? ''] ?? []) if (!(k in (obj.data ?? {}))) causes.push(Field.required(`data[${k}]`));
  if (obj.type === 'kubernetes.io/basic-auth' && !('username' in (obj.data ?? {})) && !('password' in (obj.data ?? {})))
    causes.push(Field.required('data[username]', 'one of username or password is required'));
  return causes;
}

export const secretStrategy: Strategy<Secret> = {
  defaults(obj) {
    if (!obj.type) obj.type = 'Opaque';
    if (obj.stringData) {
      const data = { ...(obj.data ?? {}) };
      for (const [k, v] of Object.entries(obj.stringData)) data[k] = Buffer.from(String(v), 'utf8').toString('base64');
      obj.data = data;
      delete obj.stringData;
    }
  },
  validate,
  validateUpdate(obj, old) {
    const causes = validate(obj);
    if (obj.type !== old.type) causes.push(Field.invalid('type', obj.type, 'field is immutable'));
    if (old.immutable) {
      if (!jsonEqual(obj.data, old.data)) causes.push(Field.forbidden('data', 'field is immutable when `immutable` is set'));
      if (obj.immutable !== true) causes.push(Field.forbidden('immutable', 'field is immutable when `immutable` is set'));
    }
    return causes;
  },
  columns: [
    column('Type', 'string', 'Used to facilitate programmatic handling of secret data.'),
    column('Data', 'integer', 'Data contains the secret data.'),
    column('Age', 'string', 'CreationTimestamp is a timestamp representing the server time when this object was created.'),
  ],
  row: (obj, now) => [str(obj.type), count(obj.data), age(obj, now)],
  selectableFields: (obj) => ({ type: str(obj.type) }),
};

export const secrets: KindDef<Secret> = { info: resource('', 'v1', 'secrets'), strategy: secretStrategy };
