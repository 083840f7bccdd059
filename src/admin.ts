import type { IncomingMessage, ServerResponse } from 'node:http';
import { VERSION } from './core/version.js';
import type { Lakestack } from './server.js';

/** /_lakestack/ endpoints: health and info. Never an AWS API. */
export function handleAdmin(app: Lakestack, req: IncomingMessage, res: ServerResponse): void {
  const path = (req.url ?? '').split('?')[0];
  if (path === '/_lakestack/health' || path === '/_lakestack/info') {
    const body = JSON.stringify({
      status: 'ok',
      version: VERSION,
      endpoint: app.endpoint,
      auth: app.config.auth,
      dataDir: app.config.dataDir,
      uptimeSeconds: Math.round((Date.now() - app.startedAt.getTime()) / 1000),
      services: app.serviceStates(),
    });
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    res.end(body);
    return;
  }
  const body = JSON.stringify({ error: 'NotFound', message: `no such endpoint: ${path}` });
  res.writeHead(404, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}
