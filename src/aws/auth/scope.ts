import type { HttpRequest } from '../protocol/http.js';
import { queryParam } from '../protocol/http.js';

/** The parts of a SigV4 credential: AKID/DATE/REGION/SERVICE/aws4_request. */
export interface CredentialScope {
  accessKeyId: string;
  date: string;
  /** Empty when a SigV4a request names no single region (a '*' region set). */
  region: string;
  service: string;
  /** Where it came from: the Authorization header or a presigned URL's X-Amz-Credential. */
  form: 'header' | 'presigned';
}

const HEADER_CREDENTIAL = /Credential=([^,\s]+)/;

export function parseCredentialScope(req: Pick<HttpRequest, 'headers' | 'query'>): CredentialScope | undefined {
  const auth = req.headers['authorization'];
  let credential: string | undefined;
  let form: CredentialScope['form'] = 'header';
  if (auth?.startsWith('AWS4-HMAC-SHA256') || auth?.startsWith('AWS4-ECDSA-P256-SHA256')) {
    credential = HEADER_CREDENTIAL.exec(auth)?.[1];
  } else {
    credential = queryParam(req, 'X-Amz-Credential');
    form = 'presigned';
  }
  if (!credential) return undefined;
  const parts = credential.split('/');
  // SigV4a scopes have no region (AKID/DATE/SERVICE/aws4_request); the region set travels beside them.
  if (parts.length === 4) {
    const [accessKeyId, date, service] = parts as [string, string, string];
    const set = req.headers['x-amz-region-set'] ?? queryParam(req, 'X-Amz-Region-Set') ?? '';
    const first = set.split(',')[0]!.trim();
    return { accessKeyId, date, region: first.includes('*') ? '' : first, service, form };
  }
  if (parts.length < 5) return undefined;
  const [accessKeyId, date, region, service] = parts as [string, string, string, string];
  return { accessKeyId, date, region, service, form };
}
