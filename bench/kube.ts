// The Kubernetes API server under load, on the SQLite store and on a real etcd (started here on loopback):
// p50/p99 latency of create, get, update, list and watch delivery (to 100 concurrent watchers) for ConfigMaps
// and Pods at each object count, the time from `lakestack start` to `kubectl get ns` answering, and idle RSS.
// Everything goes through the real HTTPS API with the admin client certificate of the kubeconfig the server
// wrote; requests are sequential on one keep-alive connection, so each sample is one request's latency.
// The peer is upstream's SLOs and the issue's targets, printed beside each number with the ratio to the target.
// Run: npm run bench -- kube   (BENCH_KUBE_OBJECTS=1000,10000  BENCH_KUBE_STORES=sqlite,etcd
//      BENCH_KUBE_SAMPLES=1000 gets/updates per level, BENCH_KUBE_WATCHERS=100, BENCH_KUBE_EVENTS=50,
//      BENCH_KUBE_LISTS=10, BENCH_KUBE_STARTS=3, BENCH_KUBE_KINDS=configmaps,pods, BENCH_FROM_SOURCE=1 to run src/ through tsx even when dist/ is built)
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { parse } from 'yaml';
import { freePort, rssMiB } from './peers.js';
import { pct } from './stats.js';
import { findEtcd, startEtcd, type EtcdServer } from '../test/kube/etcd-server.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const env = (k: string, d: string) => process.env[k] ?? d;
const LEVELS = env('BENCH_KUBE_OBJECTS', '1000').split(',').map(Number).sort((a, b) => a - b);
const STORES = env('BENCH_KUBE_STORES', 'sqlite,etcd').split(',');
const SAMPLES = Number(env('BENCH_KUBE_SAMPLES', '1000'));
const WATCHERS = Number(env('BENCH_KUBE_WATCHERS', '100'));
const EVENTS = Number(env('BENCH_KUBE_EVENTS', '50'));
const LISTS = Number(env('BENCH_KUBE_LISTS', '10'));
const KINDS = env('BENCH_KUBE_KINDS', 'configmaps,pods').split(',');
const STARTS = Number(env('BENCH_KUBE_STARTS', '3'));
const NS = 'bench';
// What `npm start` runs when built; BENCH_FROM_SOURCE=1 runs src/ through tsx (dist/ may be older than src/).
const BUILT = path.join(repo, 'dist/src/cli/main.js');
const useDist = () => existsSync(BUILT) && !process.env.BENCH_FROM_SOURCE;


interface Client {
  host: string;
  port: number;
  tls: { ca: string; cert: string; key: string };
  /** One keep-alive connection for the sequential requests that are timed. */
  agent: https.Agent;
}

function clientFromKubeconfig(file: string): Client {
  const kc = parse(readFileSync(file, 'utf8')) as {
    clusters: { cluster: { server: string; 'certificate-authority-data': string } }[];
    users: { user: { 'client-certificate-data': string; 'client-key-data': string } }[];
  };
  const b64 = (s: string) => Buffer.from(s, 'base64').toString('utf8');
  const url = new URL(kc.clusters[0]!.cluster.server);
  const tls = { ca: b64(kc.clusters[0]!.cluster['certificate-authority-data']), cert: b64(kc.users[0]!.user['client-certificate-data']), key: b64(kc.users[0]!.user['client-key-data']) };
  return { host: url.hostname, port: Number(url.port), tls, agent: new https.Agent({ keepAlive: true, maxSockets: 1, ...tls }) };
}

function request(c: Client, method: string, p: string, body?: unknown): Promise<{ status: number; json: any }> {
  const data = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = https.request(
      { host: c.host, port: c.port, method, path: p, agent: c.agent, headers: { accept: 'application/json', ...(data ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) } : {}) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (d: Buffer) => chunks.push(d));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          const status = res.statusCode ?? 0;
          if (status >= 300) reject(new Error(`${method} ${p}: ${status} ${text.slice(0, 300)}`));
          else resolve({ status, json: text ? JSON.parse(text) : null });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(data);
  });
}

async function timed<T>(xs: number[], f: () => Promise<T>): Promise<T> {
  const t0 = performance.now();
  const r = await f();
  xs.push(performance.now() - t0);
  return r;
}

// ---- starting Lakestack and timing `kubectl get ns` ----

interface Running {
  child: ChildProcess;
  kubeconfig: string;
  /** spawn → /version over HTTPS answers; spawn → `kubectl get ns` exits 0. */
  apiMs: number;
  kubectlMs: number;
  stop(): Promise<void>;
}

async function startLakestack(dataDir: string, kubePort: number, store: string): Promise<Running> {
  const args = useDist() ? [BUILT] : ['--import', 'tsx', path.join(repo, 'src/cli/main.ts')];
  const kubeconfig = path.join(dataDir, 'kubeconfig');
  const t0 = performance.now();
  const child = spawn(process.execPath, [...args, 'start', '--port', '0', '--data-dir', dataDir, '--kube-port', String(kubePort), '--kube-store', store], {
    cwd: repo, stdio: 'ignore', env: { ...process.env, LAKESTACK_LOG: 'warn' },
  });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  try {
    // The API: poll /version with the kubeconfig's certificate (the file exists once the cluster is up).
    let apiMs = 0;
    let kubectlMs = 0;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`lakestack exited with ${child.exitCode}`);
      if (!apiMs && existsSync(kubeconfig)) {
        try {
          const c = clientFromKubeconfig(kubeconfig);
          c.agent = new https.Agent({ keepAlive: false, ...c.tls });
          await request(c, 'GET', '/version');
          apiMs = performance.now() - t0;
        } catch {
          /* not serving yet */
        }
      }
      if (existsSync(kubeconfig)) {
        const r = spawnSync('kubectl', ['--kubeconfig', kubeconfig, '--request-timeout=2s', 'get', 'ns'], { encoding: 'utf8' });
        if (r.status === 0 && /default/.test(r.stdout)) {
          kubectlMs = performance.now() - t0;
          apiMs ||= kubectlMs;
          break;
        }
      }
      await new Promise((r) => setTimeout(r, 10));
    }
    return { child, kubeconfig, apiMs, kubectlMs, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

// ---- the load ----

interface Row { store: string; what: string; n: number; samples: number[]; target?: number; slo?: string; unit?: string; error?: string }

const OBJECTS: Record<string, { path: string; make(i: number): object; touch(o: any, seq: number): void }> = {
  configmaps: {
    path: `/api/v1/namespaces/${NS}/configmaps`,
    make: (i) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `cm-${i}`, labels: { app: 'bench', shard: String(i % 10) } }, data: { key: `value-${i}`, blob: 'x'.repeat(200) } }),
    touch: (o, seq) => { o.data.key = `value-${seq}`; o.metadata.annotations = { 'bench/seq': String(seq) }; },
  },
  pods: {
    path: `/api/v1/namespaces/${NS}/pods`,
    make: (i) => ({
      apiVersion: 'v1', kind: 'Pod', metadata: { name: `pod-${i}`, labels: { app: 'bench', shard: String(i % 10) } },
      spec: { containers: [{ name: 'app', image: 'registry.local/app:1.0', ports: [{ containerPort: 8080 }], env: [{ name: 'I', value: String(i) }], resources: { requests: { cpu: '100m', memory: '64Mi' } } }] },
    }),
    touch: (o, seq) => { o.metadata.annotations = { 'bench/seq': String(seq) }; },
  },
};

/** `count` watchers on the collection from `rv`; resolves each event's delivery delay against `sent`. */
function openWatchers(c: Client, p: string, rv: string, count: number, sent: Map<number, number>, delays: number[]) {
  const agent = new https.Agent({ keepAlive: false, maxSockets: Infinity, ...c.tls });
  const reqs: ReturnType<typeof https.request>[] = [];
  const seen = new Array<number>(count).fill(0);
  let open = 0;
  const ready = new Promise<void>((resolve, reject) => {
    for (let w = 0; w < count; w++) {
      const req = https.request({ host: c.host, port: c.port, method: 'GET', path: `${p}?watch=1&resourceVersion=${rv}`, agent, headers: { accept: 'application/json' } }, (res) => {
        if (res.statusCode !== 200) return reject(new Error(`watch: ${res.statusCode}`));
        if (++open === count) resolve();
        let buf = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => {
          const now = performance.now();
          buf += d;
          let nl: number;
          while ((nl = buf.indexOf('\n')) >= 0) {
            const line = buf.slice(0, nl);
            buf = buf.slice(nl + 1);
            if (!line.trim()) continue;
            const ev = JSON.parse(line) as { type: string; object: { metadata?: { annotations?: Record<string, string> } } };
            const seq = Number(ev.object.metadata?.annotations?.['bench/seq']);
            const t = sent.get(seq);
            if (ev.type === 'MODIFIED' && t !== undefined) { delays.push(now - t); seen[w]!++; }
          }
        });
        res.on('error', () => undefined);
      });
      req.on('error', () => undefined);
      req.end();
      reqs.push(req);
    }
  });
  return { ready, seen, close: () => { for (const r of reqs) r.destroy(); agent.destroy(); } };
}

async function loadKind(c: Client, store: string, kind: string, rows: Row[]): Promise<void> {
  const k = OBJECTS[kind]!;
  const objs: any[] = [];
  let seq = 0;
  for (const n of LEVELS) {
    const create: number[] = [];
    for (let i = objs.length; i < n; i++) objs.push((await timed(create, () => request(c, 'POST', k.path, k.make(i)))).json);
    const pick = () => Math.floor(Math.random() * objs.length);
    const get: number[] = [];
    const update: number[] = [];
    for (let s = 0; s < Math.min(SAMPLES, n); s++) {
      const i = pick();
      await timed(get, () => request(c, 'GET', `${k.path}/${objs[i].metadata.name}`));
    }
    for (let s = 0; s < Math.min(SAMPLES, n); s++) {
      const i = pick();
      const o = objs[i];
      k.touch(o, ++seq);
      objs[i] = (await timed(update, () => request(c, 'PUT', `${k.path}/${o.metadata.name}`, o))).json;
    }
    const mutTarget = 10;
    rows.push(
      { store, what: `create ${kind}`, n, samples: create, target: mutTarget, slo: '1 s' },
      { store, what: `get ${kind}`, n, samples: get, target: mutTarget, slo: '1 s' },
      { store, what: `update ${kind}`, n, samples: update, target: mutTarget, slo: '1 s' },
    );
    const list: number[] = [];
    let listError: string | undefined;
    try {
      for (let s = 0; s < LISTS; s++) {
        const r = await timed(list, () => request(c, 'GET', k.path));
        if (r.json.items.length < n) throw new Error(`LIST ${kind}: ${r.json.items.length} items, expected ${n}`);
      }
    } catch (err) {
      listError = (err as Error).message;
      console.log(`  ! ${store} list ${kind} n=${n}: ${listError.slice(0, 400)}`);
    }
    rows.push({ store, what: `list ${kind}`, n, samples: list, error: listError, target: kind === 'pods' ? 500 : undefined, slo: '30 s' });
    try {
      await watchDelivery(c, k, objs, () => ++seq, rows, store, kind, n);
    } catch (err) {
      rows.push({ store, what: `watch ${kind} x${WATCHERS}`, n, samples: [], error: (err as Error).message, target: 50 });
    }
    console.log(`  ${store} ${kind} n=${n}: done`);
  }
}

async function watchDelivery(c: Client, k: (typeof OBJECTS)[string], objs: any[], next: () => number, rows: Row[], store: string, kind: string, n: number): Promise<void> {
  const pick = () => Math.floor(Math.random() * objs.length);
  const rv = (await request(c, 'GET', `${k.path}?limit=1`)).json.metadata.resourceVersion as string;
  // Watch delivery: WATCHERS watches from the current revision, then EVENTS updates; each watcher's delay
  // for each event is counted from the moment the update request was sent.
  const sent = new Map<number, number>();
  const delays: number[] = [];
  const w = openWatchers(c, k.path, rv, WATCHERS, sent, delays);
  try {
    await w.ready;
  } catch (err) {
    w.close();
    throw err;
  }
  await new Promise((r) => setTimeout(r, 200));
  for (let e = 0; e < EVENTS; e++) {
    const i = pick();
    const o = objs[i];
    const seq = next();
    k.touch(o, seq);
    sent.set(seq, performance.now());
    objs[i] = (await request(c, 'PUT', `${k.path}/${o.metadata.name}`, o)).json;
    await new Promise((r) => setTimeout(r, 10));
  }
  const deadline = Date.now() + 30_000;
  while (w.seen.some((x) => x < EVENTS) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  w.close();
  const missing = w.seen.reduce((a, x) => a + (EVENTS - x), 0);
  if (missing) console.log(`  ! ${store} ${kind} n=${n}: ${missing} of ${WATCHERS * EVENTS} watch events not delivered within 30 s`);
  rows.push({ store, what: `watch ${kind} x${WATCHERS}`, n, samples: delays, target: 50 });
}

async function benchStore(store: string, rows: Row[], extra: string[]): Promise<void> {
  let etcd: EtcdServer | undefined;
  let spec = 'sqlite';
  if (store === 'etcd') {
    if (!findEtcd()) { console.log('  etcd: no etcd binary on PATH (Debian: etcd-server); skipped'); return; }
    etcd = await startEtcd();
    spec = `etcd://${etcd.endpoint}`;
  }
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'lakestack-bench-kube-'));
  const kubePort = await freePort();
  let srv: Running | undefined;
  try {
    // Fresh start (CA and certificates generated), then restarts on the same data dir.
    const api: number[] = [];
    const ctl: number[] = [];
    for (let s = 0; s < STARTS; s++) {
      srv = await startLakestack(dataDir, kubePort, spec);
      api.push(srv.apiMs);
      ctl.push(srv.kubectlMs);
      if (s < STARTS - 1) { await srv.stop(); srv = undefined; }
    }
    rows.push({ store, what: 'start → /version (first)', n: 0, samples: api.slice(0, 1), unit: 'ms' });
    rows.push({ store, what: 'start → kubectl get ns (first)', n: 0, samples: ctl.slice(0, 1), target: 1000 });
    if (STARTS > 1) rows.push({ store, what: 'restart → kubectl get ns', n: 0, samples: ctl.slice(1), target: 1000 });
    await new Promise((r) => setTimeout(r, 2000));
    const idle = rssMiB(srv!.child.pid!);
    const etcdRss = etcd ? etcdRssMiB() : undefined;
    const c = clientFromKubeconfig(srv!.kubeconfig);
    await request(c, 'POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } });
    for (const kind of KINDS) {
      try {
        await loadKind(c, store, kind, rows);
      } catch (err) {
        extra.push(`${store} ${kind}: stopped, ${(err as Error).message.slice(0, 300)}`);
      }
    }
    await new Promise((r) => setTimeout(r, 2000));
    const loaded = rssMiB(srv!.child.pid!);
    extra.push(`${store}: idle RSS ${idle.toFixed(0)} MiB after start, ${loaded.toFixed(0)} MiB after the load (up to ${LEVELS.at(-1)} each of ${KINDS.join(', ')})` +
      (etcdRss !== undefined ? `; etcd itself ${etcdRss.toFixed(0)} MiB idle, ${etcdRssMiB().toFixed(0)} MiB loaded` : ''));
    c.agent.destroy();
  } finally {
    await srv?.stop();
    rmSync(dataDir, { recursive: true, force: true });
    await etcd?.stop();
  }
}

/** RSS of the etcd this benchmark started (the only etcd child of this process). */
function etcdRssMiB(): number {
  const r = spawnSync('pgrep', ['-P', String(process.pid), '-x', 'etcd'], { encoding: 'utf8' });
  const pid = Number(r.stdout.trim().split('\n')[0]);
  return pid ? rssMiB(pid) : NaN;
}

function printTable(rows: Row[]): void {
  const f = (x: number) => (Number.isNaN(x) ? '-' : x < 10 ? x.toFixed(2) : x.toFixed(1));
  console.log('\nstore   operation                        objects  samples     p50_ms     p99_ms  target_p99  upstream_slo  p99/target');
  for (const r of rows) {
    const p50 = pct(r.samples, 0.5);
    const p99 = pct(r.samples, 0.99);
    if (r.error) {
      console.log(`${r.store.padEnd(7)} ${r.what.padEnd(32)} ${String(r.n || '-').padStart(7)}  FAILED: ${r.error.slice(0, 160)}`);
      continue;
    }
    console.log(
      `${r.store.padEnd(7)} ${r.what.padEnd(32)} ${String(r.n || '-').padStart(7)} ${String(r.samples.length).padStart(8)} ${f(p50).padStart(10)} ${f(p99).padStart(10)}` +
        `  ${(r.target ? `${r.target} ms` : '-').padStart(10)}  ${(r.slo ?? '-').padStart(12)}  ${r.target && r.samples.length ? `${(p99 / r.target).toFixed(2)}x` : '-'}`,
    );
  }
}

export async function runKubeBench(): Promise<void> {
  console.log(`Kubernetes API server: ${STORES.join(' and ')} stores, objects ${LEVELS.join(', ')} (ConfigMaps and Pods), ${Math.min(SAMPLES, LEVELS[0]!)}+ gets/updates per level, ` +
    `${LISTS} lists, ${WATCHERS} watchers x ${EVENTS} events; ${os.cpus().length} cores, load ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}`);
  console.log(`Lakestack runs ${useDist() ? `from dist/ (built ${statSync(BUILT).mtime.toISOString()}; BENCH_FROM_SOURCE=1 for src/)` : 'from source through tsx (start times include compiling; npm run build first for the real figure)'}.`);
  console.log('Targets are set for 10,000 objects and shown at every count (p99 <= 10 ms create/get/update, LIST 10,000 pods <= 500 ms); watch <= 50 ms p99; start <= 1 s. ' +
    'Upstream SLOs: p99 <= 1 s mutating and single gets, <= 30 s cluster-wide lists.');
  const rows: Row[] = [];
  const extra: string[] = [];
  for (const store of STORES) {
    try {
      await benchStore(store, rows, extra);
    } catch (err) {
      extra.push(`${store}: FAILED, ${(err as Error).message.slice(0, 400)}`);
    }
  }
  printTable(rows);
  for (const e of extra) console.log(e);
  // The stores side by side: etcd's p50 over SQLite's for the same operation and count.
  for (const r of rows.filter((x) => x.store === 'sqlite' && x.n && x.samples.length)) {
    const e = rows.find((x) => x.store === 'etcd' && x.what === r.what && x.n === r.n && x.samples.length);
    if (e) console.log(`etcd/sqlite p50 ${r.what} at ${r.n}: ${(pct(e.samples, 0.5) / pct(r.samples, 0.5)).toFixed(2)}x`);
  }
  console.log(`load after: ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) await runKubeBench();
