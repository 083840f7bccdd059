// An in-process cluster on an in-memory store, and a tiny HTTPS client that presents the admin
// certificate: for API tests that need to reach under the clients (compaction, raw watch streams).
import https from 'node:https';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { KubeCluster } from '../../src/kube/cluster.js';
import { loadClusterPki } from '../../src/kube/pki.js';
import type { KubeStore } from '../../src/kube/store/types.js';
import { memoryStore } from './registry-tester.js';

export interface InProcess {
  cluster: KubeCluster;
  store: KubeStore;
  request(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string; json: unknown }>;
  /** Opens a watch and collects its events until `until` returns true or the stream ends. */
  watch(path: string, until: (events: WatchLine[]) => boolean, after?: () => Promise<void>): Promise<WatchLine[]>;
  close(): Promise<void>;
}

export interface WatchLine {
  type: string;
  object: { kind?: string; code?: number; reason?: string; message?: string; metadata?: { name?: string; resourceVersion?: string; annotations?: Record<string, string> } };
}

export async function inProcessCluster(): Promise<InProcess> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'lakestack-kube-'));
  const store = memoryStore();
  const cluster = new KubeCluster({ name: 'local', host: '127.0.0.1', port: 0, dataDir, store, lakestackVersion: 'test' });
  await cluster.start();
  const pki = await loadClusterPki(path.join(dataDir, 'kube', 'local'), 'local');
  const agent = new https.Agent({ ca: pki.ca.cert, cert: pki.admin.cert, key: pki.admin.key, keepAlive: true });
  const base = cluster.endpoint;
  const request: InProcess['request'] = (method, p, body, headers = {}) =>
    new Promise((resolve, reject) => {
      const data = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
      // Content-Length always: Node sends a DELETE body without framing otherwise.
      const length = data === undefined ? {} : { 'Content-Length': String(Buffer.byteLength(data)) };
      const req = https.request(`${base}${p}`, { method, agent, headers: { 'Content-Type': 'application/json', Accept: 'application/json', ...length, ...headers } }, (res) => {
        let text = '';
        res.on('data', (d: Buffer) => (text += d.toString()));
        res.on('end', () => {
          let json: unknown;
          try {
            json = JSON.parse(text);
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text, json });
        });
      });
      req.on('error', reject);
      req.end(data);
    });
  const watch: InProcess['watch'] = (p, until, after) =>
    new Promise((resolve, reject) => {
      const events: WatchLine[] = [];
      let buf = '';
      let started = false;
      const req = https.get(`${base}${p}`, { agent, headers: { Accept: 'application/json' } }, (res) => {
        const done = () => {
          req.destroy();
          resolve(events);
        };
        res.on('data', (d: Buffer) => {
          buf += d.toString();
          let nl;
          while ((nl = buf.indexOf('\n')) >= 0) {
            events.push(JSON.parse(buf.slice(0, nl)) as WatchLine);
            buf = buf.slice(nl + 1);
          }
          if (until(events)) done();
        });
        res.on('end', () => resolve(events));
        if (!started && after) {
          started = true;
          // Give the server a moment to establish the watch before the writes it should see.
          setTimeout(() => void after().catch(reject), 100);
        }
      });
      req.on('error', (err) => (events.length ? resolve(events) : reject(err)));
    });
  return {
    cluster,
    store,
    request,
    watch,
    close: async () => {
      agent.destroy();
      await cluster.stop();
      await store.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
