// kubectl 1.33 (and 1.27 where present) against `lakestack start`: one server for the file, the
// commands a user runs first.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { parse as parseYaml } from 'yaml';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer, type TestServer } from '../helpers/server.js';
import { run } from '../helpers/clients.js';
import { kubectl, kubectlBinary, type Kubectl } from './kubectl.js';

const k133 = kubectlBinary(33);
const k127 = kubectlBinary(27);
const skip = !k133 && !process.env.LAKESTACK_REQUIRE_ALL ? 'kubectl 1.33 is not on this machine' : false;

describe('kubectl', { skip }, () => {
  let server: TestServer;
  let k: Kubectl;

  before(async () => {
    server = await startServer();
    k = kubectl(k133!, server.kubeconfig);
  });
  after(async () => {
    await server?.close();
  });

  test('version reports a 1.33 server; lakestack kubeconfig prints the same kubeconfig', async () => {
    const r = await k('version', '-o', 'json');
    assert.equal(r.code, 0, r.stderr);
    const v = JSON.parse(r.stdout) as { serverVersion: { major: string; minor: string; gitVersion: string } };
    assert.equal(v.serverVersion.major, '1');
    assert.equal(v.serverVersion.minor, '33');
    assert.match(v.serverVersion.gitVersion, /^v1\.33\./);
    const printed = await run(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'kubeconfig', '--data-dir', server.dataDir], process.env);
    assert.equal(printed.code, 0, printed.stderr);
    assert.equal(printed.stdout, readFileSync(server.kubeconfig, 'utf8'));
    const cfg = parseYaml(printed.stdout) as { clusters: Array<{ cluster: { server: string } }> };
    assert.equal(cfg.clusters[0]!.cluster.server, server.kubeEndpoint);
  });

  test('api-resources lists the served kinds with shortNames; api-versions lists apps/v1', async () => {
    const r = await k('api-resources');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^configmaps\s+cm\s+v1\s+true\s+ConfigMap$/m);
    assert.match(r.stdout, /^deployments\s+deploy\s+apps\/v1\s+true\s+Deployment$/m);
    assert.match(r.stdout, /^namespaces\s+ns\s+v1\s+false\s+Namespace$/m);
    const v = await k('api-versions');
    assert.match(v.stdout, /^apps\/v1$/m);
    assert.match(v.stdout, /^v1$/m);
  });

  test('get ns shows the four system namespaces as Active', async () => {
    const r = await k('get', 'ns');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^NAME\s+STATUS\s+AGE$/m);
    for (const ns of ['default', 'kube-system', 'kube-public', 'kube-node-lease']) assert.match(r.stdout, new RegExp(`^${ns}\\s+Active\\s+\\d+s$`, 'm'));
  });

  test('create configmap (a protobuf body), get -o yaml, label selectors, delete', async () => {
    const c = await k('create', 'configmap', 'app-config', '--from-literal=mode=dev', '--from-literal=level=3');
    assert.equal(c.code, 0, c.stderr);
    assert.match(c.stdout, /configmap\/app-config created/);
    const y = await k('get', 'cm', 'app-config', '-o', 'yaml');
    assert.equal(y.code, 0, y.stderr);
    const obj = parseYaml(y.stdout) as { kind: string; data: Record<string, string>; metadata: { uid: string; resourceVersion: string; namespace: string; creationTimestamp: string } };
    assert.equal(obj.kind, 'ConfigMap');
    assert.deepEqual(obj.data, { mode: 'dev', level: '3' });
    assert.equal(obj.metadata.namespace, 'default');
    assert.match(obj.metadata.uid, /^[0-9a-f-]{36}$/);
    assert.match(obj.metadata.resourceVersion, /^\d+$/);
    const table = await k('get', 'cm');
    assert.match(table.stdout, /^app-config\s+2\s+\d+s$/m);
    assert.equal((await k('label', 'cm', 'app-config', 'tier=web')).code, 0);
    const sel = await k('get', 'cm', '-l', 'tier in (web,api)', '-o', 'name');
    assert.equal(sel.stdout.trim(), 'configmap/app-config');
    const none = await k('get', 'cm', '-l', 'tier!=web', '-o', 'name');
    assert.doesNotMatch(none.stdout, /app-config/);
    const again = await k('create', 'configmap', 'app-config', '--from-literal=a=b');
    assert.notEqual(again.code, 0);
    assert.match(again.stderr, /configmaps "app-config" already exists/);
    const d = await k('delete', 'cm', 'app-config');
    assert.equal(d.code, 0, d.stderr);
    assert.match(d.stdout, /configmap "app-config" deleted/);
    const gone = await k('get', 'cm', 'app-config');
    assert.match(gone.stderr, /configmaps "app-config" not found/);
  });

  test('apply -f: created, unchanged, configured (strategic merge keeps containers merged by name)', async () => {
    const manifest = (value: string) => `apiVersion: v1
kind: Namespace
metadata:
  name: data
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: data
spec:
  replicas: 2
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: web
        image: nginx:1.25
        env:
        - {name: MODE, value: "${value}"}
---
apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: data
spec:
  selector: {app: web}
  ports:
  - port: 80
    targetPort: 8080
`;
    const first = await k.withInput(manifest('a'), 'apply', '-f', '-');
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, /namespace\/data created/);
    assert.match(first.stdout, /deployment.apps\/web created/);
    assert.match(first.stdout, /service\/web created/);
    const second = await k.withInput(manifest('a'), 'apply', '-f', '-');
    assert.equal(second.code, 0, second.stderr);
    assert.match(second.stdout, /deployment.apps\/web unchanged/);
    assert.match(second.stdout, /service\/web unchanged/);
    const third = await k.withInput(manifest('b'), 'apply', '-f', '-');
    assert.equal(third.code, 0, third.stderr);
    assert.match(third.stdout, /deployment.apps\/web configured/);
    const dep = JSON.parse((await k('get', 'deploy', 'web', '-n', 'data', '-o', 'json')).stdout) as {
      metadata: { generation: number };
      spec: { template: { spec: { containers: Array<{ name: string; env: Array<{ name: string; value: string }>; imagePullPolicy: string }> } } };
    };
    assert.equal(dep.metadata.generation, 2);
    assert.deepEqual(dep.spec.template.spec.containers[0]!.env, [{ name: 'MODE', value: 'b' }]);
    assert.equal(dep.spec.template.spec.containers[0]!.imagePullPolicy, 'IfNotPresent');
    const svc = await k('get', 'svc', 'web', '-n', 'data');
    assert.match(svc.stdout, /^NAME\s+TYPE\s+CLUSTER-IP\s+EXTERNAL-IP\s+PORT\(S\)\s+AGE$/m);
    assert.match(svc.stdout, /^web\s+ClusterIP\s+10\.(9[6-9]|10\d|11[01])\.\d+\.\d+\s+<none>\s+80\/TCP\s+\d+s$/m);
    const deploys = await k('get', 'deploy', '-n', 'data', '-o', 'wide');
    assert.match(deploys.stdout, /^NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE\s+CONTAINERS\s+IMAGES\s+SELECTOR$/m);
    assert.match(deploys.stdout, /^web\s+0\/2\s+0\s+0\s+\S+\s+web\s+nginx:1\.25\s+app=web$/m);
  });

  test('apply a data platform manifest (16 kinds) twice: created, then unchanged as upstream reports it', async () => {
    const file = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures/platform.yaml');
    const first = await k('apply', '-f', file);
    assert.equal(first.code, 0, first.stderr);
    assert.equal(first.stdout.trim().split('\n').filter((l) => / created$/.test(l)).length, 16, first.stdout);
    const second = await k('apply', '-f', file);
    assert.equal(second.code, 0, second.stderr);
    // Upstream reports these three as configured on every apply too: a Secret's write-only
    // stringData, a StatefulSet's defaulted volumeClaimTemplates and a PDB selector with patch
    // strategy "replace" always differ from the live object in kubectl's three-way diff.
    const configured = second.stdout.trim().split('\n').filter((l) => !/ unchanged$/.test(l));
    assert.deepEqual(configured.sort(), ['poddisruptionbudget.policy/api configured', 'secret/etl-creds configured', 'statefulset.apps/metastore configured']);
    const svcs = await k('get', 'svc', '-n', 'lake');
    assert.match(svcs.stdout, /^metastore\s+ClusterIP\s+None\s+<none>\s+5432\/TCP/m);
    assert.match(svcs.stdout, /^api-nodeport\s+NodePort\s+10\.\S+\s+<none>\s+80:3\d{4}\/TCP/m);
    assert.match(svcs.stdout, /^api-lb\s+LoadBalancer\s+10\.\S+\s+<pending>\s+80:3\d{4}\/TCP/m);
    const sts = JSON.parse((await k('get', 'sts', 'metastore', '-n', 'lake', '-o', 'json')).stdout) as { spec: { podManagementPolicy: string; volumeClaimTemplates: Array<{ kind: string; spec: { volumeMode: string } }> } };
    assert.equal(sts.spec.podManagementPolicy, 'OrderedReady');
    assert.equal(sts.spec.volumeClaimTemplates[0]!.kind, 'PersistentVolumeClaim');
    assert.equal(sts.spec.volumeClaimTemplates[0]!.spec.volumeMode, 'Filesystem');
    const hpa = await k('get', 'hpa', 'api', '-n', 'lake');
    assert.match(hpa.stdout, /^api\s+Deployment\/api\s+cpu: <unknown>\/70%\s+2\s+5\s+0\s+\S+$/m);
    const all = await k('get', 'all', '-n', 'lake', '-o', 'name');
    for (const n of ['service/api', 'deployment.apps/api', 'statefulset.apps/metastore', 'horizontalpodautoscaler.autoscaling/api']) assert.match(all.stdout, new RegExp(`^${n.replace('.', '\\.')}$`, 'm'));
  });

  test('server-side apply: managedFields, conflicts with another manager, --force-conflicts, dropped fields removed', async () => {
    const doc = (replicas: number, env: boolean) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: ssa, labels: {team: data}}
spec:
  replicas: ${replicas}
  selector: {matchLabels: {app: ssa}}
  template:
    metadata: {labels: {app: ssa}}
    spec:
      containers:
      - name: app
        image: nginx:1.25
${env ? '        env: [{name: A, value: "1"}]\n' : ''}`;
    const first = await k.withInput(doc(2, true), 'apply', '--server-side', '-f', '-');
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, /deployment.apps\/ssa serverside-applied/);
    assert.equal((await k('scale', 'deploy', 'ssa', '--replicas=5')).code, 0);
    const conflict = await k.withInput(doc(3, true), 'apply', '--server-side', '-f', '-');
    assert.notEqual(conflict.code, 0);
    assert.match(conflict.stderr, /Apply failed with 1 conflict: conflict with "[^"]+" with subresource "scale" using apps\/v1: \.spec\.replicas/);
    const forced = await k.withInput(doc(3, false), 'apply', '--server-side', '--force-conflicts', '-f', '-');
    assert.equal(forced.code, 0, forced.stderr);
    const dep = JSON.parse((await k('get', 'deploy', 'ssa', '-o', 'json', '--show-managed-fields')).stdout) as {
      spec: { replicas: number; template: { spec: { containers: Array<{ env?: unknown }> } } };
      metadata: { managedFields: Array<{ manager: string; operation: string }> };
    };
    assert.equal(dep.spec.replicas, 3);
    assert.equal(dep.spec.template.spec.containers[0]!.env, undefined);
    assert.deepEqual(dep.metadata.managedFields.map((m) => `${m.manager} ${m.operation}`), ['kubectl Apply']);
    await k('create', 'configmap', 'managed', '--from-literal=a=b');
    const cm = JSON.parse((await k('get', 'cm', 'managed', '-o', 'json', '--show-managed-fields')).stdout) as { metadata: { managedFields: Array<{ manager: string; operation: string; fieldsV1: unknown }> } };
    assert.deepEqual(cm.metadata.managedFields.map((m) => [m.manager, m.operation, m.fieldsV1]), [['kubectl-create', 'Update', { 'f:data': { 'f:a': {} } }]]);
  });

  test('CRDs: their resources are served with schema defaults, validation, printer columns, scale; deleting the CRD removes them', async () => {
    const crd = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures/crd.yaml');
    assert.equal((await k('apply', '-f', crd)).code, 0);
    const est = await k('wait', '--for=condition=Established', 'crd/sparkapps.lake.example.com', '--timeout=10s');
    assert.equal(est.code, 0, est.stderr);
    const cr = 'apiVersion: lake.example.com/v1\nkind: SparkApp\nmetadata: {name: nightly}\nspec: {image: "spark:3.5", mode: batch}\n';
    const created = await k.withInput(cr, 'apply', '-f', '-');
    assert.equal(created.code, 0, created.stderr);
    assert.match((await k.withInput(cr, 'apply', '-f', '-')).stdout, /sparkapp.lake.example.com\/nightly unchanged/);
    const table = await k('get', 'sparkapps');
    assert.match(table.stdout, /^NAME\s+IMAGE\s+EXECUTORS\s+AGE$/m);
    assert.match(table.stdout, /^nightly\s+spark:3\.5\s+2\s+\d+s$/m);
    assert.equal((await k('scale', 'sparkapp', 'nightly', '--replicas=4')).code, 0);
    assert.equal((await k('get', 'sa2', 'nightly', '-o', 'jsonpath={.spec.executors}')).stdout, '4');
    const bad = await k.withInput('apiVersion: lake.example.com/v1\nkind: SparkApp\nmetadata: {name: bad}\nspec: {executors: -1, mode: weird}\n', 'apply', '-f', '-');
    assert.notEqual(bad.code, 0);
    assert.match(bad.stderr, /spec.image: Required value/);
    assert.match(bad.stderr, /spec.executors: Invalid value: -1: spec.executors in body should be greater than or equal to 0/);
    assert.match(bad.stderr, /spec.mode: Unsupported value: "weird": supported values: "batch", "streaming"/);
    const unknown = await k.withInput('apiVersion: lake.example.com/v1\nkind: SparkApp\nmetadata: {name: typo}\nspec: {image: x, imagee: y}\n', 'apply', '-f', '-');
    assert.match(unknown.stderr, /strict decoding error: unknown field "spec.imagee"/);
    assert.equal((await k('delete', 'crd', 'sparkapps.lake.example.com')).code, 0);
    const gone = await k('get', 'crd');
    assert.doesNotMatch(gone.stdout, /sparkapps/);
  });

  test('unknown fields: Strict (kubectl default) refuses them, --validate=warn warns and drops them', async () => {
    const doc = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: typo}\ndata: {a: "1"}\ndatta: {b: "2"}\n';
    const strict = await k.withInput(doc, 'apply', '-f', '-');
    assert.notEqual(strict.code, 0);
    assert.match(strict.stderr, /ConfigMap in version "v1" cannot be handled as a ConfigMap: strict decoding error: unknown field "datta"/);
    const warn = await k.withInput(doc, 'apply', '--validate=warn', '-f', '-');
    assert.equal(warn.code, 0, warn.stderr);
    assert.match(warn.stderr, /Warning: unknown field "datta"/);
    const stored = JSON.parse((await k('get', 'cm', 'typo', '-o', 'json')).stdout) as Record<string, unknown>;
    assert.equal(stored.datta, undefined);
  });

  test('namespaces get a default ServiceAccount; scale; describe; delete ns removes its content', async () => {
    assert.equal((await k('create', 'ns', 'scratch')).code, 0);
    assert.equal((await k('create', 'deployment', 'api', '--image=busybox:1.36', '-n', 'scratch')).code, 0);
    const sa = await k('get', 'sa', 'default', '-n', 'scratch', '-o', 'name');
    assert.equal(sa.stdout.trim(), 'serviceaccount/default');
    const scaled = await k('scale', 'deploy', 'api', '--replicas=3', '-n', 'scratch');
    assert.equal(scaled.code, 0, scaled.stderr);
    const dep = JSON.parse((await k('get', 'deploy', 'api', '-n', 'scratch', '-o', 'json')).stdout) as { spec: { replicas: number }; metadata: { generation: number } };
    assert.deepEqual([dep.spec.replicas, dep.metadata.generation], [3, 2]);
    const described = await k('describe', 'deploy', 'api', '-n', 'scratch');
    assert.equal(described.code, 0, described.stderr);
    assert.match(described.stdout, /Replicas:\s+3 desired/);
    const del = await k('delete', 'ns', 'scratch');
    assert.equal(del.code, 0, del.stderr);
    assert.match((await k('get', 'ns', 'scratch')).stderr, /namespaces "scratch" not found/);
    assert.match((await k('get', 'deploy', '-n', 'scratch')).stderr, /No resources found in scratch namespace/);
  });

  test('a stale resourceVersion is a 409 Conflict with upstream message', async () => {
    await k('create', 'configmap', 'cas', '--from-literal=a=1');
    const cur = JSON.parse((await k('get', 'cm', 'cas', '-o', 'json')).stdout) as { metadata: { resourceVersion: string } };
    const stale = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cas', resourceVersion: String(Number(cur.metadata.resourceVersion) - 1) }, data: { a: '2' } };
    const r = await k.withInput(JSON.stringify(stale), 'replace', '-f', '-');
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /Operation cannot be fulfilled on configmaps "cas": the object has been modified; please apply your changes to the latest version and try again/);
  });

  test('get --watch receives a later change and ends at --request-timeout', async () => {
    await k('create', 'configmap', 'watched', '--from-literal=a=1');
    const child = spawn(k133!, ['get', 'cm', 'watched', '--watch', '--output-watch-events', '--request-timeout=4s'], { env: k.env });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<void>((resolve) => child.on('close', () => resolve()));
    for (let i = 0; i < 50 && !/watched/.test(out); i++) await new Promise((r) => setTimeout(r, 100));
    assert.equal((await k('label', 'cm', 'watched', 'x=y')).code, 0);
    await exited;
    assert.match(out, /ADDED\s+watched/);
    assert.match(out, /MODIFIED\s+watched/);
  });

  test('kubectl 1.27 gets, creates and deletes too', { skip: k127 ? false : 'kubectl 1.27 is not on this machine' }, async () => {
    const old = kubectl(k127!, server.kubeconfig);
    const c = await old('create', 'configmap', 'from-127', '--from-literal=a=b');
    assert.equal(c.code, 0, c.stderr);
    const g = await old('get', 'cm', 'from-127');
    assert.match(g.stdout, /^from-127\s+1\s+\d+s$/m);
    const d = await old('delete', 'cm', 'from-127');
    assert.equal(d.code, 0, d.stderr);
    // 1.27 reads the OpenAPI v2 document as protobuf for apply's strategic merge and for explain.
    const doc = (v: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: applied-127\ndata:\n  k: "${v}"\n`;
    assert.match((await old.withInput(doc('1'), 'apply', '-f', '-')).stdout, /configmap\/applied-127 created/);
    assert.match((await old.withInput(doc('1'), 'apply', '-f', '-')).stdout, /configmap\/applied-127 unchanged/);
    assert.match((await old.withInput(doc('2'), 'apply', '-f', '-')).stdout, /configmap\/applied-127 configured/);
    const explain = await old('explain', 'deployment.spec.replicas');
    assert.equal(explain.code, 0, explain.stderr);
    assert.match(explain.stdout, /FIELD:\s+replicas <integer>/);
  });

  test('auth whoami names the certificate user and groups; auth can-i answers', async () => {
    const who = await k('auth', 'whoami', '-o', 'json');
    assert.equal(who.code, 0, who.stderr);
    const review = JSON.parse(who.stdout) as { status: { userInfo: { username: string; groups: string[] } } };
    assert.equal(review.status.userInfo.username, 'kubernetes-admin');
    assert.deepEqual(review.status.userInfo.groups, ['system:masters', 'system:authenticated']);
    const can = await k('auth', 'can-i', 'create', 'deployments');
    assert.equal(can.stdout.trim(), 'yes');
  });

  test('create token: a ServiceAccount JWT the server accepts as that ServiceAccount; TokenReview agrees; bad tokens get 401', async () => {
    assert.equal((await k('create', 'sa', 'robot')).code, 0);
    const token = (await k('create', 'token', 'robot')).stdout.trim();
    assert.match(token, /^[\w-]+\.[\w-]+\.[\w-]+$/);
    const ca = path.join(server.dataDir, 'kube/local/ca.crt');
    const asToken = (t: string, ...args: string[]) => k(`--server=${server.kubeEndpoint}`, `--certificate-authority=${ca}`, `--token=${t}`, '--kubeconfig=/dev/null', ...args);
    const who = await asToken(token, 'auth', 'whoami', '-o', 'json');
    assert.equal(who.code, 0, who.stderr);
    assert.equal((JSON.parse(who.stdout) as { status: { userInfo: { username: string } } }).status.userInfo.username, 'system:serviceaccount:default:robot');
    const review = await k.withInput(JSON.stringify({ apiVersion: 'authentication.k8s.io/v1', kind: 'TokenReview', spec: { token } }), 'create', '--validate=false', '-f', '-', '-o', 'json');
    assert.equal(review.code, 0, review.stderr);
    assert.equal((JSON.parse(review.stdout) as { status: { authenticated: boolean } }).status.authenticated, true);
    const bad = await asToken(`${token.slice(0, -4)}AAAA`, 'get', 'ns');
    assert.notEqual(bad.code, 0);
    assert.match(bad.stderr, /You must be logged in to the server/);
    const short = await k('create', 'token', 'robot', '--duration=1m');
    assert.match(short.stderr, /spec.expirationSeconds: Invalid value: 60: may not specify a duration less than 10 minutes/);
  });

  test('no client certificate: 401 with upstream Status body', async () => {
    // The serving certificate is checked in the other tests (kubectl verifies it against the CA).
    const https = await import('node:https');
    const body = await new Promise<{ status: number; text: string }>((resolve, reject) => {
      https.get(`${server.kubeEndpoint}/api/v1/namespaces`, { rejectUnauthorized: false }, (res) => {
        let text = '';
        res.on('data', (d: Buffer) => (text += d.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      }).on('error', reject);
    });
    assert.equal(body.status, 401);
    assert.deepEqual(JSON.parse(body.text), { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'Unauthorized', reason: 'Unauthorized', code: 401 });
  });
});
