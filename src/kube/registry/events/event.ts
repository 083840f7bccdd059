// events.k8s.io/v1 Events: the same stored objects as core/v1 Events (the storage version), with
// upstream's field mapping — regarding/involvedObject, note/message, reportingController/
// reportingComponent, deprecatedSource/source, deprecated{First,Last}Timestamp, deprecatedCount/count.
import type { KindDef, KubeObject } from '../types.js';
import { resource } from '../common.js';
import { eventStrategy, events as coreEvents } from '../core/event.js';

const MAP: Array<[v1: string, core: string]> = [
  ['regarding', 'involvedObject'],
  ['note', 'message'],
  ['reportingController', 'reportingComponent'],
  ['deprecatedSource', 'source'],
  ['deprecatedFirstTimestamp', 'firstTimestamp'],
  ['deprecatedLastTimestamp', 'lastTimestamp'],
  ['deprecatedCount', 'count'],
];
const SAME = ['eventTime', 'series', 'reportingInstance', 'action', 'reason', 'related', 'type'];

function convert(obj: KubeObject, apiVersion: string, from: 0 | 1): KubeObject {
  const out: KubeObject = { apiVersion, kind: 'Event', metadata: obj.metadata };
  for (const pair of MAP) if (obj[pair[from]] !== undefined) out[pair[1 - from]!] = obj[pair[from]];
  for (const f of SAME) if (obj[f] !== undefined) out[f] = obj[f];
  return out;
}

export const toCore = (obj: KubeObject) => convert(obj, 'v1', 0);
export const toEventsV1 = (obj: KubeObject) => convert(obj, 'events.k8s.io/v1', 1);

export const eventsV1: KindDef = {
  info: resource('events.k8s.io', 'v1', 'events'),
  strategy: { ownsNameColumn: true, columns: eventStrategy.columns, row: (obj, now) => eventStrategy.row(toCore(obj), now) },
  conversion: { storage: coreEvents as unknown as KindDef, toStorage: toCore, fromStorage: toEventsV1 },
};
