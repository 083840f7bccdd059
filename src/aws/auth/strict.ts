import type { AwsError } from '../errors.js';
import type { StoredCredential } from './credentials.js';
import { QueryAuthErrors, S3AuthErrors } from './errors.js';
import { AwsError as Err } from '../errors.js';

/**
 * Which vocabulary a refused request is answered in. S3 has its own; the query services (STS, IAM,
 * CloudWatch) answer as the AWS front door does with 403s; the JSON services (Glue, Athena, EMR, Logs, …)
 * use the *Exception codes the Coral stack sends.
 */
export type AuthFamily = 's3' | 'query' | 'json';

export interface SignatureMismatch {
  accessKeyId: string;
  stringToSign: string;
  canonicalRequest: string;
  signatureProvided: string;
}

const hexBytes = (s: string) => Buffer.from(s, 'utf8').toString('hex').replace(/(..)(?!$)/g, '$1 ');

const SIGNATURE_MISMATCH_JSON =
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';

/** One factory per refusal, answering in the family's terms. */
export function authErrors(family: AuthFamily) {
  const json = family === 'json';
  return {
    missingAuth(): AwsError {
      if (family === 's3') return S3AuthErrors.accessDenied();
      return json ? new Err('MissingAuthenticationTokenException', 'Missing Authentication Token', 400) : QueryAuthErrors.missingAuthenticationToken();
    },
    malformed(message: string, presigned: boolean): AwsError {
      if (family === 's3') {
        return presigned ? S3AuthErrors.authorizationQueryParametersError(message) : S3AuthErrors.authorizationHeaderMalformed(message);
      }
      return json ? new Err('IncompleteSignatureException', message, 400) : QueryAuthErrors.incompleteSignature(message);
    },
    unknownKey(accessKeyId: string): AwsError {
      if (family === 's3') return S3AuthErrors.invalidAccessKeyId(accessKeyId);
      return json ? new Err('UnrecognizedClientException', 'The security token included in the request is invalid.', 400) : QueryAuthErrors.invalidClientTokenId();
    },
    badToken(): AwsError {
      if (family === 's3') return S3AuthErrors.invalidToken();
      return json ? new Err('UnrecognizedClientException', 'The security token included in the request is invalid.', 400) : QueryAuthErrors.invalidClientTokenId();
    },
    expiredToken(): AwsError {
      if (family === 's3') return S3AuthErrors.expiredToken();
      return json ? new Err('ExpiredTokenException', 'The security token included in the request is expired', 400) : QueryAuthErrors.expiredToken();
    },
    mismatch(m: SignatureMismatch): AwsError {
      if (family === 's3') {
        return S3AuthErrors.signatureDoesNotMatch({
          AWSAccessKeyId: m.accessKeyId,
          StringToSign: m.stringToSign,
          SignatureProvided: m.signatureProvided,
          StringToSignBytes: hexBytes(m.stringToSign),
          CanonicalRequest: m.canonicalRequest,
          CanonicalRequestBytes: hexBytes(m.canonicalRequest),
        });
      }
      return json ? new Err('InvalidSignatureException', SIGNATURE_MISMATCH_JSON, 400) : QueryAuthErrors.signatureDoesNotMatch();
    },
    /** X-Amz-Date more than 15 minutes away from the server's clock. */
    skewed(requestTime: string, serverTime: string, message: string): AwsError {
      if (family === 's3') return S3AuthErrors.requestTimeTooSkewed(requestTime, serverTime);
      // STS and IAM say "Signature expired" under SignatureDoesNotMatch; the JSON services under InvalidSignatureException.
      return json ? new Err('InvalidSignatureException', message, 400) : new Err('SignatureDoesNotMatch', message, 403);
    },
    /** A presigned URL used after X-Amz-Date + X-Amz-Expires. */
    presignExpired(expiresSeconds: string, expiresIso: string, serverIso: string): AwsError {
      if (family === 's3') {
        return S3AuthErrors.accessDenied('Request has expired', { 'X-Amz-Expires': expiresSeconds, Expires: expiresIso, ServerTime: serverIso });
      }
      return json ? new Err('InvalidSignatureException', 'Signature expired', 400) : QueryAuthErrors.requestExpired('Request has expired.');
    },
    notImplemented(what: string): AwsError {
      return S3AuthErrors.notImplemented(what);
    },
  };
}

export type AuthErrors = ReturnType<typeof authErrors>;

/** An inactive key, a temporary key without its token or past its expiration: each refused in the family's terms. */
export function checkCredential(cred: StoredCredential | undefined, accessKeyId: string, token: string | undefined, now: Date, errors: AuthErrors): StoredCredential {
  if (!cred || cred.status !== 'Active') throw errors.unknownKey(accessKeyId);
  if (cred.source === 'sts' || cred.sessionToken) {
    if (!token || token !== cred.sessionToken) throw errors.badToken();
    if (cred.expiration && now.getTime() > Date.parse(cred.expiration)) throw errors.expiredToken();
  }
  return cred;
}

/** "Signature expired: 20150830T123600Z is now earlier than 20150830T124100Z (20150830T125600Z - 15 min.)" */
export function skewMessage(request: string, server: Date, fmt: (d: Date) => string, future: boolean): string {
  const fifteen = 15 * 60 * 1000;
  if (future) {
    return `Signature not yet current: ${request} is still later than ${fmt(new Date(server.getTime() + fifteen))} (${fmt(server)} + 15 min.)`;
  }
  return `Signature expired: ${request} is now earlier than ${fmt(new Date(server.getTime() - fifteen))} (${fmt(server)} - 15 min.)`;
}
