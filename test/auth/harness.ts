import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHash } from 'node:crypto';
import { authenticate, type AuthEnv } from '../../src/aws/auth/authenticate.js';
import { CredentialStore } from '../../src/aws/auth/credentials.js';
import { toHttpRequest } from '../../src/aws/gateway.js';
import { AwsError } from '../../src/aws/errors.js';
import { resolveConfig } from '../../src/core/config.js';
import { SystemClock } from '../../src/core/clock.js';
import { openDatabase } from '../../src/storage/db.js';

/** What the harness saw of the last request that passed authentication. */
export interface Seen {
  principalArn: string;
  body: Buffer;
  trailers: Record<string, string>;
  contentSha256: string | undefined;
}

export interface AuthHarness {
  endpoint: string;
  credentials: CredentialStore;
  last: Seen | undefined;
  close(): Promise<void>;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * A server that runs only the auth layer, so real clients can be pointed at strict auth before (and
 * independently of) the services: S3 requests get an empty 200 with an ETag, STS GetCallerIdentity its
 * XML, and refusals the error shape of S3 (XML <Error>) or of the query protocol (<ErrorResponse>).
 */
export async function startAuthHarness(): Promise<AuthHarness> {
  const credentials = new CredentialStore(openDatabase(':memory:'));
  const common = { accountId: '000000000000', userId: '000000000000', status: 'Active' as const, createdAt: new Date().toISOString() };
  credentials.put({ ...common, accessKeyId: 'test', secretAccessKey: 'test', principalArn: 'arn:aws:iam::000000000000:root', source: 'root' });
  const env: AuthEnv = { config: resolveConfig({ auth: 'strict' }, {}), clock: new SystemClock(), credentials };
  const h: AuthHarness = { endpoint: '', credentials, last: undefined, close: async () => undefined };
  const server = http.createServer((req, res) => {
    const r = toHttpRequest(req);
    const isQuery = (r.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded');
    void (async () => {
      try {
        const a = await authenticate(r, env);
        const chunks: Buffer[] = [];
        for await (const c of a.body as AsyncIterable<Buffer>) chunks.push(c);
        const body = Buffer.concat(chunks);
        h.last = { principalArn: a.principal.arn, body, trailers: { ...a.trailers }, contentSha256: r.headers['x-amz-content-sha256'] };
        if (isQuery) {
          res.writeHead(200, { 'content-type': 'text/xml' });
          res.end(
            `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult><Arn>${a.principal.arn}</Arn><UserId>${a.principal.userId}</UserId><Account>${a.principal.accountId}</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></GetCallerIdentityResponse>`,
          );
        } else {
          res.writeHead(200, { etag: `"${createHash('md5').update(body).digest('hex')}"`, 'content-length': 0 });
          res.end();
        }
      } catch (err) {
        const e = err instanceof AwsError ? err : new AwsError('InternalError', String(err), 500);
        const fields = Object.entries(e.fields).map(([k, v]) => `<${k}>${esc(String(v))}</${k}>`).join('');
        const xml = isQuery
          ? `<ErrorResponse><Error><Type>Sender</Type><Code>${e.code}</Code><Message>${esc(e.message)}</Message></Error><RequestId>r</RequestId></ErrorResponse>`
          : `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${e.code}</Code><Message>${esc(e.message)}</Message>${fields}<RequestId>r</RequestId></Error>`;
        res.writeHead(e.status, { 'content-type': 'application/xml', 'content-length': Buffer.byteLength(xml) });
        res.end(xml);
        if (!req.readableEnded) req.resume();
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  h.endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  h.close = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  return h;
}
