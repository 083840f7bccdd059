// Leases: leader election and node heartbeats; PUT may create one (upstream: AllowCreateOnUpdate).
// Table: NAME HOLDER AGE.
import type { KindDef, KubeObject, Strategy } from '../types.js';
import { column } from '../types.js';
import { age } from '../../apiserver/table.js';
import { resource, str } from '../common.js';
import { AGE } from '../apps/workload.js';

interface Lease extends KubeObject {
  spec?: { holderIdentity?: string; leaseDurationSeconds?: number; renewTime?: string };
}

export const leaseStrategy: Strategy<Lease> = {
  allowCreateOnUpdate: true,
  columns: [column('Holder', 'string', 'holderIdentity contains the identity of the holder of a current lease.'), AGE],
  row: (obj, now) => [str(obj.spec?.holderIdentity), age(obj, now)],
};

export const leases: KindDef<Lease> = { info: resource('coordination.k8s.io', 'v1', 'leases'), strategy: leaseStrategy };
