import type { Clock } from '../core/clock.js';
import type { HttpRequest } from './protocol/http.js';

/** Who made a request, as the auth layer established it. */
export interface Principal {
  accessKeyId: string | undefined;
  accountId: string;
  /** arn of the caller: the account root, an IAM user, or an assumed-role session. */
  arn: string;
  /** The unique id STS GetCallerIdentity returns as UserId. */
  userId: string;
  sessionToken?: string;
}

/** Everything a provider may know about the request besides its typed input. Providers never touch HTTP. */
export interface RequestContext {
  requestId: string;
  service: string;
  operation: string;
  region: string;
  accountId: string;
  principal: Principal;
  clock: Clock;
  /** Read-only view of the request for the rare wire facts a provider needs (host for S3 redirects). */
  http: Omit<HttpRequest, 'body'>;
  /** Trailing headers of an aws-chunked body (lower-cased names); complete once the body has been read. */
  trailers: Record<string, string>;
}
