import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Clock } from '../core/clock.js';
import { log } from '../core/log.js';
import { requestId as newRequestId } from '../core/ids.js';
import { AwsError, CommonErrors } from './errors.js';
import type { HttpRequest, HttpResponse } from './protocol/http.js';
import { readBody } from './protocol/http.js';
import type { Protocol } from './protocol/protocol.js';
import type { RequestContext } from './context.js';
import type { Provider, ServiceDefinition } from './service-definition.js';
import { ServiceRouter } from './router.js';
import { parseCredentialScope } from './auth/scope.js';
import { authenticate, type AuthEnv } from './auth/authenticate.js';

export interface GatewayService {
  definition: ServiceDefinition;
  protocol: Protocol;
  /** Made right after the server starts listening; a request waits for it (recovery work runs there). */
  provider: Promise<Provider>;
}

/** Turns an HTTP request into a provider call and the provider's answer (or error) into the service's wire format. */
export class AwsGateway {
  private readonly router: ServiceRouter;
  private readonly byName = new Map<string, GatewayService>();

  constructor(services: GatewayService[], private readonly auth: AuthEnv, private readonly clock: Clock) {
    this.router = new ServiceRouter(services.map((s) => s.definition));
    for (const s of services) this.byName.set(s.definition.name, s);
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const http = toHttpRequest(req);
    const requestId = newRequestId();
    let service: GatewayService | undefined;
    let operation: string | undefined;
    try {
      const scope = parseCredentialScope(http);
      let form: URLSearchParams | undefined;
      if (http.method === 'POST' && (http.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded') && scope?.service !== 's3') {
        const buf = await readBody(http.body);
        form = new URLSearchParams(buf.toString('utf8'));
        http.body = Readable.from([buf]);
      }
      const def = this.router.route(http, scope, form);
      if (form) http.form = form;
      service = def ? this.byName.get(def.name) : undefined;
      if (!service) {
        throw new AwsError('UnknownService', `Lakestack does not serve ${scope ? `the '${scope.service}' service` : 'this request'}.`, 400);
      }
      const authResult = await authenticate(http, this.auth);
      http.body = authResult.body;
      operation = service.protocol.resolveOperation(http);
      const input = await service.protocol.parseInput(http, operation);
      const methodName = service.definition.operationMethods[operation];
      const provider = await service.provider;
      const method = methodName ? (provider as Record<string, unknown>)[methodName] : undefined;
      if (typeof method !== 'function') throw CommonErrors.notImplemented(service.definition.model.metadata.serviceId, operation);
      const { body: _body, ...httpView } = http;
      const ctx: RequestContext = {
        requestId,
        service: service.definition.name,
        operation,
        region: authResult.region,
        accountId: authResult.principal.accountId,
        principal: authResult.principal,
        clock: this.clock,
        http: httpView,
        trailers: authResult.trailers,
      };
      const output: unknown = await (method as (c: RequestContext, i: unknown) => Promise<unknown>).call(provider, ctx, input);
      await send(res, service.protocol.serializeOutput(operation, output, { requestId, operation, request: httpView }));
    } catch (err) {
      const awsErr = toAwsError(err, service, operation);
      if (res.headersSent) {
        // The failure came while streaming a body: all we can do is cut the connection.
        res.destroy();
        return;
      }
      if (service) {
        const { body: _b, ...request } = http;
        await send(res, service.protocol.serializeError(awsErr, { requestId, operation, request })).catch(() => res.destroy());
      } else {
        await send(res, genericXmlError(awsErr, requestId)).catch(() => res.destroy());
      }
      // Drain what the client is still sending so the connection can be reused; never wait on it forever.
      if (!req.readableEnded) req.resume();
    }
  }
}

function toAwsError(err: unknown, service: GatewayService | undefined, operation: string | undefined): AwsError {
  if (err instanceof AwsError) return err;
  log.error('unhandled error in provider', {
    service: service?.definition.name,
    operation,
    error: err instanceof Error ? err.stack : String(err),
  });
  return CommonErrors.internal();
}

export function toHttpRequest(req: IncomingMessage): HttpRequest {
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  const rawPath = q >= 0 ? url.slice(0, q) : url;
  const rawQuery = q >= 0 ? url.slice(q + 1) : '';
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) {
    if (v === undefined) continue;
    headers[k] = Array.isArray(v) ? v.join(',') : v;
  }
  const host = headers['host'] ?? '';
  const hostname = host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : host.split(':')[0]!;
  return { method: req.method ?? 'GET', rawPath, rawQuery, query: parseQuery(rawQuery), headers, hostname, body: req };
}

/** Splits a query string into decoded pairs, keeping keys that have no '=' (S3's ?uploads, ?versioning). */
export function parseQuery(rawQuery: string): [string, string][] {
  if (!rawQuery) return [];
  const out: [string, string][] = [];
  for (const part of rawQuery.split('&')) {
    if (!part) continue;
    const eq = part.indexOf('=');
    const k = eq >= 0 ? part.slice(0, eq) : part;
    const v = eq >= 0 ? part.slice(eq + 1) : '';
    out.push([safeDecode(k), safeDecode(v)]);
  }
  return out;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return s;
  }
}

function genericXmlError(err: AwsError, requestId: string): HttpResponse {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return {
    status: err.status,
    headers: { 'content-type': 'application/xml', 'x-amz-request-id': requestId },
    body: `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${esc(err.code)}</Code><Message>${esc(err.message)}</Message><RequestId>${requestId}</RequestId></Error>`,
  };
}

/** Writes an HttpResponse to the socket, streaming a Readable body. */
export async function send(res: ServerResponse, r: HttpResponse): Promise<void> {
  res.statusCode = r.status;
  for (const [k, v] of Object.entries(r.headers)) res.setHeader(k, v);
  const body = r.body;
  if (body === undefined) {
    res.end();
  } else if (typeof body === 'string' || body instanceof Uint8Array) {
    if (!res.hasHeader('content-length')) res.setHeader('content-length', Buffer.byteLength(body));
    res.end(body);
  } else {
    await pipeline(body, res);
  }
}
