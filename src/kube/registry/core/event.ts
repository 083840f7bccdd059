// core/v1 Events: what `kubectl describe` and `kubectl events` read (with field selectors on the
// involved object). Table as upstream's: LAST SEEN TYPE REASON OBJECT MESSAGE, wide SUBOBJECT
// SOURCE FIRST SEEN COUNT NAME.
import type { KindDef, KubeObject, Strategy } from '../types.js';
import { column } from '../types.js';
import { humanDuration } from '../../apiserver/table.js';
import { resource, str } from '../common.js';
import { Field, type StatusCause } from '../../apiserver/status.js';

interface Event extends KubeObject {
  involvedObject?: { kind?: string; namespace?: string; name?: string; uid?: string; apiVersion?: string; resourceVersion?: string; fieldPath?: string };
  reason?: string;
  message?: string;
  type?: string;
  count?: number;
  firstTimestamp?: string;
  lastTimestamp?: string;
  eventTime?: string;
  source?: { component?: string; host?: string };
  reportingComponent?: string;
  series?: { lastObservedTime?: string };
}

function since(t: string | undefined, now: Date): string {
  return t ? humanDuration(now.getTime() - Date.parse(t)) : '<unknown>';
}

function validate(obj: Event): StatusCause[] {
  const causes: StatusCause[] = [];
  if (!obj.involvedObject) causes.push(Field.required('involvedObject'));
  if (obj.type && obj.type !== 'Normal' && obj.type !== 'Warning') causes.push(Field.notSupported('type', obj.type, ['Normal', 'Warning']));
  if (obj.involvedObject?.namespace && obj.metadata.namespace && obj.involvedObject.namespace !== obj.metadata.namespace)
    causes.push(Field.invalid('involvedObject.namespace', obj.involvedObject.namespace, 'does not match event.namespace'));
  return causes;
}

export const eventStrategy: Strategy<Event> = {
  validate,
  validateUpdate: validate,
  ownsNameColumn: true,
  columns: [
    column('Last Seen', 'string', 'The time at which the most recent occurrence of this event was recorded.'),
    column('Type', 'string', 'Type of this event (Normal, Warning), new types could be added in the future.'),
    column('Reason', 'string', 'This should be a short, machine understandable string that gives the reason for the transition into the object\'s current status.'),
    column('Object', 'string', 'The object that this event is about.'),
    column('Subobject', 'string', 'The subobject (container) this event is about.', 1),
    column('Source', 'string', 'The component reporting this event.', 1),
    column('Message', 'string', 'A human-readable description of the status of this operation.'),
    column('First Seen', 'string', 'The time at which the event was first recorded.', 1),
    column('Count', 'string', 'The number of times this event has occurred.', 1),
    { name: 'Name', type: 'string', format: 'name', description: 'Name must be unique within a namespace.', priority: 1 },
  ],
  row(obj, now) {
    const last = obj.series?.lastObservedTime ?? obj.lastTimestamp ?? obj.eventTime ?? obj.metadata.creationTimestamp;
    const io = obj.involvedObject ?? {};
    const source = obj.source?.component ? `${obj.source.component}${obj.source.host ? ', ' + obj.source.host : ''}` : str(obj.reportingComponent);
    return [
      since(last, now),
      str(obj.type),
      str(obj.reason),
      `${(io.kind ?? '').toLowerCase()}/${io.name ?? ''}`,
      str(io.fieldPath),
      source,
      str(obj.message),
      since(obj.firstTimestamp ?? obj.eventTime, now),
      String(obj.count ?? 1),
      obj.metadata.name ?? '',
    ];
  },
  selectableFields: (obj) => ({
    'involvedObject.kind': str(obj.involvedObject?.kind),
    'involvedObject.namespace': str(obj.involvedObject?.namespace),
    'involvedObject.name': str(obj.involvedObject?.name),
    'involvedObject.uid': str(obj.involvedObject?.uid),
    'involvedObject.apiVersion': str(obj.involvedObject?.apiVersion),
    'involvedObject.resourceVersion': str(obj.involvedObject?.resourceVersion),
    'involvedObject.fieldPath': str(obj.involvedObject?.fieldPath),
    reason: str(obj.reason),
    reportingComponent: str(obj.reportingComponent),
    source: str(obj.source?.component),
    type: str(obj.type),
  }),
};

export const events: KindDef<Event> = { info: resource('', 'v1', 'events'), strategy: eventStrategy };
