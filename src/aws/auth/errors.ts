import { AwsError } from '../errors.js';

/**
 * The errors the auth layer throws, one factory per AWS code. S3 answers in its own vocabulary
 * (InvalidAccessKeyId, AccessDenied, extra XML members); the query/json services (STS, IAM, Glue, …)
 * share the vocabulary of the AWS front door (InvalidClientTokenId, IncompleteSignature, …).
 */
export const S3AuthErrors = {
  incompleteBody: () => new AwsError('IncompleteBody', 'The request body terminated unexpectedly', 400),
  decodedLengthMismatch: (expected: number, provided: number) =>
    new AwsError('IncompleteBody', 'You did not provide the number of bytes specified by the Content-Length HTTP header', 400, {
      fields: { NumberBytesExpected: expected, NumberBytesProvided: provided },
    }),
  // S3 reports framing it cannot parse as an InvalidRequest naming the chunk encoding.
  malformedChunk: (detail: string) => new AwsError('InvalidRequest', `Invalid chunked upload encoding: ${detail}`, 400),
  malformedTrailer: () =>
    new AwsError('MalformedTrailerError', 'The request contained trailing data that was not well-formed or did not conform to our published schema.', 400),
  missingChunkSignature: () => new AwsError('IncompleteSignature', 'The request signature is missing from a chunk of the payload.', 400),
  chunkSignatureMismatch: () =>
    new AwsError('SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided. Check your key and signing method.', 403),
  contentSha256Mismatch: (client: string, computed: string) =>
    new AwsError('XAmzContentSHA256Mismatch', "The provided 'x-amz-content-sha256' header does not match what was computed.", 400, {
      fields: { ClientComputedContentSHA256: client, S3ComputedContentSHA256: computed },
    }),
  invalidContentSha256: () => new AwsError('InvalidArgument', 'x-amz-content-sha256 must be UNSIGNED-PAYLOAD, STREAMING-UNSIGNED-PAYLOAD-TRAILER, STREAMING-AWS4-HMAC-SHA256-PAYLOAD, STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER, STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD, STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD-TRAILER or a valid sha256 value.', 400, {
    fields: { ArgumentName: 'x-amz-content-sha256' },
  }),
  missingContentSha256: () => new AwsError('InvalidRequest', 'Missing required header for this request: x-amz-content-sha256', 400),
  invalidAccessKeyId: (accessKeyId: string) =>
    new AwsError('InvalidAccessKeyId', 'The AWS Access Key Id you provided does not exist in our records.', 403, {
      fields: { AWSAccessKeyId: accessKeyId },
    }),
  invalidToken: () => new AwsError('InvalidToken', 'The provided token is malformed or otherwise invalid.', 400),
  expiredToken: () => new AwsError('ExpiredToken', 'The provided token has expired.', 400),
  signatureDoesNotMatch: (fields: Record<string, string>) =>
    new AwsError('SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided. Check your key and signing method.', 403, {
      fields,
    }),
  accessDenied: (message = 'Access Denied', fields: Record<string, string> = {}) => new AwsError('AccessDenied', message, 403, { fields }),
  authorizationHeaderMalformed: (message: string) => new AwsError('AuthorizationHeaderMalformed', message, 400),
  authorizationQueryParametersError: (message: string) => new AwsError('AuthorizationQueryParametersError', message, 400),
  requestTimeTooSkewed: (requestTime: string, serverTime: string) =>
    new AwsError('RequestTimeTooSkewed', 'The difference between the request time and the current time is too large.', 403, {
      fields: { RequestTime: requestTime, ServerTime: serverTime, MaxAllowedSkewMilliseconds: 900000 },
    }),
  invalidArgumentAuth: () =>
    new AwsError('InvalidArgument', 'AWS authorization header is invalid.  Expected AwsAccessKeyId:signature', 400, {
      fields: { ArgumentName: 'Authorization' },
    }),
  notImplemented: (what: string) => new AwsError('NotImplemented', `${what} is not implemented by Lakestack yet.`, 501),
};

export const QueryAuthErrors = {
  missingAuthenticationToken: () => new AwsError('MissingAuthenticationToken', 'Request is missing Authentication Token', 403),
  incompleteSignature: (message: string) => new AwsError('IncompleteSignature', message, 403),
  invalidClientTokenId: () => new AwsError('InvalidClientTokenId', 'The security token included in the request is invalid.', 403),
  expiredToken: () => new AwsError('ExpiredToken', 'The security token included in the request is expired', 403),
  signatureDoesNotMatch: () =>
    new AwsError(
      'SignatureDoesNotMatch',
      'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
      403,
    ),
  requestExpired: (message: string) => new AwsError('RequestExpired', message, 403),
  requestTimeTooSkewed: (message: string) => new AwsError('RequestTimeTooSkewed', message, 403),
  notImplemented: (what: string) => new AwsError('NotImplemented', `${what} is not implemented by Lakestack yet.`, 501),
};
