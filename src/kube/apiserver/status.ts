// Status bodies for every error the API server answers with, worded as upstream's apimachinery
// (k8s.io/apimachinery/pkg/api/errors): clients match on reason and code, people read the message.
// One factory per reason, as STYLE anchor 2 keeps one factory per error code.

export interface StatusCause {
  reason: string;
  message: string;
  field?: string;
}

export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  causes?: StatusCause[];
  retryAfterSeconds?: number;
}

export interface KubeStatus {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Failure' | 'Success';
  message?: string;
  reason?: string;
  details?: StatusDetails;
  code: number;
}

/** A resource as errors name it: plural, with ".group" outside the core group. */
export interface QualifiedResource {
  group: string;
  plural: string;
}

export function qualified(r: QualifiedResource): string {
  return r.group ? `${r.plural}.${r.group}` : r.plural;
}

/** Thrown anywhere below the handler; the handler renders `status` with its code. */
export class StatusError extends Error {
  constructor(readonly status: KubeStatus) {
    super(status.message ?? status.reason ?? 'error');
  }
  get code(): number {
    return this.status.code;
  }
}

function failure(code: number, reason: string | undefined, message: string, details?: StatusDetails): StatusError {
  // Built key by key so that the JSON keeps upstream's field order (code last).
  const s: Partial<KubeStatus> = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message };
  if (reason) s.reason = reason;
  if (details) s.details = details;
  s.code = code;
  return new StatusError(s as KubeStatus);
}

function details(r: QualifiedResource, name: string): StatusDetails {
  const d: StatusDetails = {};
  if (name) d.name = name;
  if (r.group) d.group = r.group;
  d.kind = r.plural;
  return d;
}

export const Errors = {
  notFound: (r: QualifiedResource, name: string) => failure(404, 'NotFound', `${qualified(r)} "${name}" not found`, details(r, name)),
  alreadyExists: (r: QualifiedResource, name: string) =>
    failure(409, 'AlreadyExists', `${qualified(r)} "${name}" already exists`, details(r, name)),
  conflict: (r: QualifiedResource, name: string, why: string) =>
    failure(409, 'Conflict', `Operation cannot be fulfilled on ${qualified(r)} "${name}": ${why}`, details(r, name)),
  staleResourceVersion: (r: QualifiedResource, name: string) =>
    Errors.conflict(r, name, 'the object has been modified; please apply your changes to the latest version and try again'),
  /** 422: `kind` is the object's Kind (not the resource), as upstream's NewInvalid. */
  invalid: (group: string, kind: string, name: string, causes: StatusCause[]) => {
    const msgs = causes.map((c) => (c.field ? `${c.field}: ${c.message}` : c.message));
    const body = msgs.length === 1 ? msgs[0]! : `[${msgs.join(', ')}]`;
    const d: StatusDetails = { name };
    if (group) d.group = group;
    d.kind = kind;
    d.causes = causes;
    return failure(422, 'Invalid', `${kind}${group ? '.' + group : ''} "${name}" is invalid: ${body}`, d);
  },
  badRequest: (message: string) => failure(400, 'BadRequest', message),
  unauthorized: () => failure(401, 'Unauthorized', 'Unauthorized'),
  forbidden: (r: QualifiedResource, name: string, why: string) =>
    failure(403, 'Forbidden', `${qualified(r)}${name ? ` "${name}"` : ''} is forbidden: ${why}`, details(r, name)),
  methodNotAllowed: () => failure(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource'),
  /** 404 for a path under a served group-version that names no resource there. */
  noResource: () => failure(404, 'NotFound', 'the server could not find the requested resource', {}),
  notAcceptable: (accepted: string) =>
    failure(406, 'NotAcceptable', `the server was unable to respond with a content type that the client supports (accepted: ${accepted})`),
  unsupportedMediaType: (type: string, accepted: string[]) =>
    failure(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: ${accepted.join(', ')}`, {
      causes: [{ reason: 'UnsupportedMediaType', message: type }],
    }),
  expired: (message: string) => failure(410, 'Expired', message),
  tooLargeResourceVersion: (requested: number, current: number) =>
    failure(504, 'Timeout', `Too large resource version: ${requested}, current: ${current}`, {
      causes: [{ reason: 'ResourceVersionTooLarge', message: 'Too large resource version' }],
      retryAfterSeconds: 1,
    }),
  internal: (message: string) =>
    failure(500, 'InternalError', `Internal error occurred: ${message}`, { causes: [{ reason: '', message }] } as StatusDetails),
  unsupported: (what: string) => failure(400, 'BadRequest', `${what} is not supported by this server yet`),
};

/** The field error wording of k8s.io/apimachinery/pkg/util/validation/field. */
export const Field = {
  required: (field: string, detail = ''): StatusCause => ({ reason: 'FieldValueRequired', message: `Required value${detail ? ': ' + detail : ''}`, field }),
  invalid: (field: string, value: unknown, detail: string): StatusCause => ({
    reason: 'FieldValueInvalid',
    message: `Invalid value: ${JSON.stringify(value)}: ${detail}`,
    field,
  }),
  notSupported: (field: string, value: unknown, valid: string[]): StatusCause => ({
    reason: 'FieldValueNotSupported',
    message: `Unsupported value: ${JSON.stringify(value)}: supported values: ${valid.map((v) => JSON.stringify(v)).join(', ')}`,
    field,
  }),
  forbidden: (field: string, detail: string): StatusCause => ({ reason: 'FieldValueForbidden', message: `Forbidden: ${detail}`, field }),
  immutable: (field: string): StatusCause => ({ reason: 'FieldValueInvalid', message: 'Invalid value: field is immutable', field }),
  duplicate: (field: string, value: unknown): StatusCause => ({ reason: 'FieldValueDuplicate', message: `Duplicate value: ${JSON.stringify(value)}`, field }),
};
