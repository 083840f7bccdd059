// EndpointSlices: addressType required and immutable. Nothing maintains them yet (the endpointslice
// controller comes with services' data path). Table: NAME ADDRESSTYPE PORTS ENDPOINTS AGE.
import type { KindDef, KubeObject, Strategy } from '../types.js';
import { column } from '../types.js';
import { age } from '../../apiserver/table.js';
import { resource, str } from '../common.js';
import { Field, type StatusCause } from '../../apiserver/status.js';
import { AGE } from '../apps/workload.js';

interface EndpointSlice extends KubeObject {
  addressType?: string;
  endpoints?: Array<{ addresses?: string[] }>;
  ports?: Array<{ port?: number }>;
}

function validate(obj: EndpointSlice): StatusCause[] {
  if (!obj.addressType) return [Field.required('addressType')];
  if (!['IPv4', 'IPv6', 'FQDN'].includes(obj.addressType)) return [Field.notSupported('addressType', obj.addressType, ['FQDN', 'IPv4', 'IPv6'])];
  return [];
}

export const endpointSliceStrategy: Strategy<EndpointSlice> = {
  validate,
  validateUpdate: (obj, old) => [...validate(obj), ...(obj.addressType !== old.addressType ? [Field.immutable('addressType')] : [])],
  columns: [
    column('AddressType', 'string', 'The IP protocol for this slice'),
    column('Ports', 'string', 'The ports exposed by this slice'),
    column('Endpoints', 'string', 'The endpoints in this slice'),
    AGE,
  ],
  row(obj, now) {
    const ports = (obj.ports ?? []).map((p) => String(p.port ?? '')).join(',') || '<unset>';
    const addrs = (obj.endpoints ?? []).flatMap((e) => e.addresses ?? []);
    const shown = addrs.length > 3 ? `${addrs.slice(0, 3).join(',')} + ${addrs.length - 3} more...` : addrs.join(',') || '<unset>';
    return [str(obj.addressType), ports, shown, age(obj, now)];
  },
};

export const endpointslices: KindDef<EndpointSlice> = { info: resource('discovery.k8s.io', 'v1', 'endpointslices'), strategy: endpointSliceStrategy };
