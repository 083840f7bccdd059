/**
 * An error the AWS API returns to the client. Each protocol renders it in its own shape
 * (XML <Error>, JSON __type, CBOR, query ErrorResponse). Generated per-service classes extend it,
 * named after the AWS error code.
 */
export class AwsError extends Error {
  readonly code: string;
  readonly status: number;
  readonly senderFault: boolean;
  /** Extra members rendered beside Code and Message (e.g. S3's BucketName, Key, Condition). */
  readonly fields: Record<string, string | number | boolean | undefined>;
  /** Extra response headers (e.g. x-amz-delete-marker on a 404 for a delete marker). */
  readonly headers: Record<string, string>;

  constructor(
    code: string,
    message: string,
    status = 400,
    opts: { senderFault?: boolean; fields?: Record<string, string | number | boolean | undefined>; headers?: Record<string, string> } = {},
  ) {
    super(message);
    this.name = code;
    this.code = code;
    this.status = status;
    this.senderFault = opts.senderFault ?? status < 500;
    this.fields = opts.fields ?? {};
    this.headers = opts.headers ?? {};
  }
}

/** Errors every service shares (they are not in each model, but every AWS endpoint returns them). */
export const CommonErrors = {
  notImplemented: (service: string, operation: string) =>
    new AwsError('NotImplemented', `The ${operation} operation of ${service} is not implemented by Lakestack yet.`, 501),
  unknownOperation: (message = 'The action or operation requested is invalid. Verify that the action is typed correctly.') =>
    new AwsError('InvalidAction', message, 400),
  validation: (message: string) => new AwsError('ValidationException', message, 400),
  internal: (message = 'We encountered an internal error. Please try again.') => new AwsError('InternalFailure', message, 500),
  missingAuthenticationToken: () => new AwsError('MissingAuthenticationToken', 'Request is missing Authentication Token', 403),
};
