// ConfigMaps: data and binaryData keys must be valid config keys and unique across both; an
// immutable ConfigMap refuses changes to its data. Table: NAME DATA AGE.
import type { KindDef, KubeObject, Strategy } from '../types.js';
import { column } from '../types.js';
import { age } from '../../apiserver/table.js';
import { count, resource } from '../common.js';
import { Field, type StatusCause } from '../../apiserver/status.js';
import { jsonEqual } from '../../apiserver/objects.js';

export interface ConfigMap extends KubeObject {
  data?: Record<string, string>;
  binaryData?: Record<string, string>;
  immutable?: boolean;
}

const CONFIG_KEY = /^[-._a-zA-Z0-9]+$/;

export function validateConfigKeys(field: string, m: Record<string, unknown> | undefined): StatusCause[] {
  const causes: StatusCause[] = [];
  for (const k of Object.keys(m ?? {})) {
    if (!CONFIG_KEY.test(k) || k.length > 253) causes.push(Field.invalid(`${field}[${k}]`, k, "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')"));
    else if (k === '.' || k === '..') causes.push(Field.invalid(`${field}[${k}]`, k, `must not be '${k}'`));
  }
  return causes;
}

function validate(obj: ConfigMap): StatusCause[] {
  const causes = [...validateConfigKeys('data', obj.data), ...validateConfigKeys('binaryData', obj.binaryData)];
  for (const k of Object.keys(obj.binaryData ?? {})) if (obj.data && k in obj.data) causes.push(Field.invalid(`data[${k}]`, k, 'duplicate of key present in binaryData'));
  return causes;
}

export const configMapStrategy: Strategy<ConfigMap> = {
  validate,
  validateUpdate(obj, old) {
    const causes = validate(obj);
    if (old.immutable) {
      if (!jsonEqual(obj.data, old.data) || !jsonEqual(obj.binaryData, old.binaryData)) causes.push(Field.forbidden('data', 'field is immutable when `immutable` is set'));
      if (obj.immutable !== true) causes.push(Field.forbidden('immutable', 'field is immutable when `immutable` is set'));
    }
    return causes;
  },
  columns: [column('Data', 'integer', 'Data contains the configuration data.'), column('Age', 'string', 'CreationTimestamp is a timestamp representing the server time when this object was created.')],
  row: (obj, now) => [count(obj.data) + count(obj.binaryData), age(obj, now)],
};

export const configmaps: KindDef<ConfigMap> = { info: resource('', 'v1', 'configmaps'), strategy: configMapStrategy };
