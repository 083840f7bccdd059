// STYLE rule 13: an SDK v3 client whose requestHandler feeds the captured request to our protocol's parser,
// hands the parsed input to a fake provider, and returns our serialized response to the SDK's deserializer.
import { Readable } from 'node:stream';
import { HttpResponse as SdkHttpResponse, type HttpRequest as SdkHttpRequest } from '@smithy/core/protocols';
import { AwsError } from '../../src/aws/errors.js';
import type { HttpRequest } from '../../src/aws/protocol/http.js';
import { parseQuery } from '../../src/aws/gateway.js';
import type { Protocol } from '../../src/aws/protocol/protocol.js';

export interface Exchange {
  operation: string;
  input: Record<string, unknown>;
  request: HttpRequest;
  status: number;
  headers: Record<string, string | string[]>;
  body: Buffer;
}

type Handler = (operation: string, input: Record<string, unknown>) => unknown;

function bodyBytes(body: unknown): Buffer {
  if (body === undefined || body === null) return Buffer.alloc(0);
  if (typeof body === 'string') return Buffer.from(body);
  if (body instanceof Uint8Array) return Buffer.from(body);
  throw new Error('streaming request bodies are not used by these protocols');
}

function toOurRequest(req: SdkHttpRequest): HttpRequest {
  const pairs: string[] = [];
  for (const [k, v] of Object.entries(req.query ?? {})) {
    for (const one of Array.isArray(v) ? v : [v]) pairs.push(v === null ? encodeURIComponent(k) : `${encodeURIComponent(k)}=${encodeURIComponent(String(one))}`);
  }
  const rawQuery = pairs.join('&');
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) headers[k.toLowerCase()] = v;
  const body = bodyBytes(req.body);
  const out: HttpRequest = { method: req.method, rawPath: req.path, rawQuery, query: parseQuery(rawQuery), headers, hostname: req.hostname, body: Readable.from([body]) };
  // The gateway parses a query-protocol form body to route it, and leaves it on the request.
  if ((headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) out.form = new URLSearchParams(body.toString('utf8'));
  return out;
}

/** A requestHandler for an SDK v3 client that answers through `protocol` and `handler`; `log` collects each exchange. */
export function loopback(protocol: Protocol, handler: Handler, log: Exchange[] = []) {
  return {
    log,
    requestHandler: {
      async handle(req: SdkHttpRequest) {
        const ours = toOurRequest(req);
        const requestId = `req-${log.length + 1}`;
        const { body: _b, ...view } = ours;
        let operation = '';
        let input: Record<string, unknown> = {};
        let res;
        try {
          operation = protocol.resolveOperation(ours);
          input = await protocol.parseInput(ours, operation);
          const output = await handler(operation, input);
          res = protocol.serializeOutput(operation, output, { requestId, operation, request: view });
        } catch (err) {
          if (!(err instanceof AwsError)) throw err;
          res = protocol.serializeError(err, { requestId, operation, request: view });
        }
        const body = bodyBytes(res.body);
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(res.headers)) headers[k] = Array.isArray(v) ? v.join(',') : v;
        log.push({ operation, input, request: ours, status: res.status, headers: res.headers, body });
        return { response: new SdkHttpResponse({ statusCode: res.status, headers, body: Readable.from([body]) }) };
      },
      updateHttpClientConfig() {},
      httpHandlerConfigs() {
        return {};
      },
    },
  };
}

export const clientConfig = {
  region: 'us-east-1',
  endpoint: 'http://127.0.0.1:1',
  credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
  maxAttempts: 1,
};

export type SdkError = Error & { name: string; $metadata: { httpStatusCode?: number; requestId?: string } };

/** The error an SDK call rejects with; fails the test when the call succeeds. */
export async function sdkError(call: Promise<unknown>): Promise<SdkError> {
  try {
    await call;
  } catch (e) {
    return e as SdkError;
  }
  throw new Error('expected the call to fail');
}
