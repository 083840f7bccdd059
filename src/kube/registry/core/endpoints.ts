// Endpoints: PUT may create them (upstream: AllowCreateOnUpdate). Nothing maintains them yet.
// Table: NAME ENDPOINTS AGE.
import type { KindDef, KubeObject, Strategy } from '../types.js';
import { column } from '../types.js';
import { age } from '../../apiserver/table.js';
import { resource } from '../common.js';
import { AGE } from '../apps/workload.js';

interface Endpoints extends KubeObject {
  subsets?: Array<{ addresses?: Array<{ ip?: string }>; ports?: Array<{ port?: number }> }>;
}

export const endpointsStrategy: Strategy<Endpoints> = {
  allowCreateOnUpdate: true,
  columns: [column('Endpoints', 'string', 'Endpoints of the service'), AGE],
  row(obj, now) {
    const eps = (obj.subsets ?? []).flatMap((s) => (s.addresses ?? []).flatMap((a) => ((s.ports ?? []).length ? s.ports!.map((p) => `${a.ip}:${p.port}`) : [a.ip ?? ''])));
    const shown = eps.length > 3 ? `${eps.slice(0, 3).join(',')} + ${eps.length - 3} more...` : eps.join(',') || '<none>';
    return [shown, age(obj, now)];
  },
};

export const endpoints: KindDef<Endpoints> = { info: resource('', 'v1', 'endpoints'), strategy: endpointsStrategy };
