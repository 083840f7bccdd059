// The kubectl commands beyond get/apply, with kubectl 1.33 and 1.27 against one server (each in
// its own namespace): patch (three types), annotate, diff, wait, server dry-run, /openapi/v3,
// delete with each cascade mode, strategic merge on "configured" asserted on the stored object,
// and malformed bodies answered with 400.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parse as parseYaml } from 'yaml';
import { startServer, type TestServer } from '../helpers/server.js';
import { kubectl, kubectlBinary, type Kubectl } from './kubectl.js';

const k133 = kubectlBinary(33);
const k127 = kubectlBinary(27);
const skip = !k133 && !process.env.LAKESTACK_REQUIRE_ALL ? 'kubectl 1.33 is not on this machine' : false;

const deployment = (ns: string, extra: string) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: ${ns}}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
${extra}`;

interface Container {
  name: string;
  image: string;
  env?: Array<{ name: string; value: string }>;
}

describe('kubectl commands', { skip }, () => {
  let server: TestServer;
  before(async () => {
    server = await startServer();
  });
  after(async () => {
    await server?.close();
  });

  for (const [label, bin] of [['33', k133], ['27', k127]] as const) {
    describe(`kubectl 1.${label}`, { skip: bin ? false : `kubectl 1.${label} is not on this machine` }, () => {
      const ns = `cmd-${label}`;
      let k: Kubectl;
      const json = async <T>(...args: string[]): Promise<T> => {
        const r = await k(...args, '-n', ns, '-o', 'json');
        assert.equal(r.code, 0, r.stderr);
        return JSON.parse(r.stdout) as T;
      };
      before(async () => {
        k = kubectl(bin!, server.kubeconfig);
        assert.equal((await k('create', 'ns', ns)).code, 0);
      });

      test('apply "configured": containers and env merged by name, removed fields removed, others\' fields kept', async () => {
        const v1 = deployment(ns, `      containers:
      - name: web
        image: nginx:1.25
        env: [{name: A, value: "1"}, {name: B, value: "2"}]
  minReadySeconds: 5
`);
        assert.equal((await k.withInput(v1, 'apply', '-f', '-')).code, 0);
        // Another actor adds env C: not in the last-applied configuration, so apply keeps it.
        assert.equal((await k('set', 'env', 'deploy/web', '-n', ns, 'C=3')).code, 0);
        const v2 = deployment(ns, `      containers:
      - name: web
        image: nginx:1.26
        env: [{name: A, value: "10"}]
      - name: log
        image: busybox
`);
        const r = await k.withInput(v2, 'apply', '-f', '-');
        assert.equal(r.code, 0, r.stderr);
        assert.match(r.stdout, /deployment.apps\/web configured/);
        const d = await json<{ spec: { minReadySeconds?: number; template: { spec: { containers: Container[] } } } }>('get', 'deploy', 'web');
        assert.equal(d.spec.minReadySeconds ?? 0, 0);
        const [web, log] = d.spec.template.spec.containers;
        assert.deepEqual([web!.name, web!.image, log!.name, log!.image], ['web', 'nginx:1.26', 'log', 'busybox']);
        assert.deepEqual(web!.env, [{ name: 'A', value: '10' }, { name: 'C', value: '3' }]);
        const same = await k.withInput(v2, 'diff', '-f', '-');
        assert.equal(same.code, 0, same.stderr);
        const changed = await k.withInput(v2.replace('nginx:1.26', 'nginx:1.27'), 'diff', '-f', '-');
        assert.equal(changed.code, 1, changed.stderr);
        assert.match(changed.stdout, /^-\s+image: nginx:1\.26$/m);
        assert.match(changed.stdout, /^\+\s+image: nginx:1\.27$/m);
      });

      test('patch: strategic (default), merge and json; annotate', async () => {
        assert.equal((await k('patch', 'deploy', 'web', '-n', ns, '-p', '{"spec":{"template":{"spec":{"containers":[{"name":"log","image":"busybox:1.36"}]}}}}')).code, 0);
        let d = await json<{ metadata: { annotations?: Record<string, string>; labels?: Record<string, string> }; spec: { replicas: number; template: { spec: { containers: Container[] } } } }>('get', 'deploy', 'web');
        assert.deepEqual(d.spec.template.spec.containers.map((c) => `${c.name}=${c.image}`), ['web=nginx:1.26', 'log=busybox:1.36']);
        assert.equal((await k('patch', 'deploy', 'web', '-n', ns, '--type=merge', '-p', '{"spec":{"replicas":3},"metadata":{"labels":{"tier":"front"}}}')).code, 0);
        const jp = await k('patch', 'deploy', 'web', '-n', ns, '--type=json', '-p', '[{"op":"replace","path":"/spec/replicas","value":4},{"op":"remove","path":"/spec/template/spec/containers/1"}]');
        assert.equal(jp.code, 0, jp.stderr);
        const bad = await k('patch', 'deploy', 'web', '-n', ns, '--type=json', '-p', '[{"op":"test","path":"/spec/replicas","value":9}]');
        assert.notEqual(bad.code, 0);
        assert.equal((await k('annotate', 'deploy', 'web', '-n', ns, 'owner=data-team')).code, 0);
        d = await json('get', 'deploy', 'web');
        assert.equal(d.spec.replicas, 4);
        assert.equal(d.metadata.labels?.tier, 'front');
        assert.deepEqual(d.spec.template.spec.containers.map((c) => c.name), ['web']);
        assert.equal(d.metadata.annotations?.owner, 'data-team');
        const again = await k('annotate', 'deploy', 'web', '-n', ns, 'owner=other');
        assert.match(again.stderr, /already has a value \(data-team\)/);
      });

      test('wait --for=jsonpath and --for=delete; create --dry-run=server -o yaml stores nothing', async () => {
        assert.equal((await k('create', 'configmap', 'flag', '-n', ns, '--from-literal=state=ready')).code, 0);
        const w = await k('wait', '-n', ns, '--for=jsonpath={.data.state}=ready', 'cm/flag', '--timeout=20s');
        assert.equal(w.code, 0, w.stderr);
        assert.match(w.stdout, /configmap\/flag condition met/);
        const waiting = k('wait', '-n', ns, '--for=delete', 'cm/flag', '--timeout=20s');
        await new Promise((r) => setTimeout(r, 500));
        assert.equal((await k('delete', 'cm', 'flag', '-n', ns)).code, 0);
        const gone = await waiting;
        assert.equal(gone.code, 0, gone.stderr);
        assert.match(gone.stdout, /configmap\/flag condition met/);
        const dry = await k('create', 'deployment', 'dry', '-n', ns, '--image=nginx', '--dry-run=server', '-o', 'yaml');
        assert.equal(dry.code, 0, dry.stderr);
        const obj = parseYaml(dry.stdout) as { kind: string; metadata: { uid?: string }; spec: { strategy: { type: string }; revisionHistoryLimit: number } };
        assert.equal(obj.kind, 'Deployment');
        assert.equal(obj.spec.strategy.type, 'RollingUpdate');
        assert.equal(obj.spec.revisionHistoryLimit, 10);
        assert.match((await k('get', 'deploy', 'dry', '-n', ns)).stderr, /deployments.apps "dry" not found/);
      });

      test('delete --cascade=orphan, background and foreground', async () => {
        const owner = await json<{ metadata: { uid: string } }>('get', 'deploy', 'web');
        const rs = (name: string, uid: string) => `apiVersion: apps/v1
kind: ReplicaSet
metadata:
  name: ${name}
  namespace: ${ns}
  ownerReferences: [{apiVersion: apps/v1, kind: Deployment, name: web, uid: ${uid}, controller: true, blockOwnerDeletion: true}]
spec:
  replicas: 0
  selector: {matchLabels: {app: web, rs: ${name}}}
  template:
    metadata: {labels: {app: web, rs: ${name}}}
    spec: {containers: [{name: web, image: nginx}]}
`;
        assert.equal((await k.withInput(rs('web-orphan', owner.metadata.uid), 'apply', '-f', '-')).code, 0);
        const o = await k('delete', 'deploy', 'web', '-n', ns, '--cascade=orphan');
        assert.equal(o.code, 0, o.stderr);
        const left = await json<{ metadata: { ownerReferences?: unknown[] } }>('get', 'rs', 'web-orphan');
        assert.equal(left.metadata.ownerReferences, undefined);
        for (const mode of ['background', 'foreground']) {
          assert.equal((await k.withInput(deployment(ns, '      containers: [{name: web, image: nginx}]\n'), 'apply', '-f', '-')).code, 0);
          const dep = await json<{ metadata: { uid: string } }>('get', 'deploy', 'web');
          assert.equal((await k.withInput(rs(`web-${mode}`, dep.metadata.uid), 'apply', '-f', '-')).code, 0);
          const d = await k('delete', 'deploy', 'web', '-n', ns, `--cascade=${mode}`, '--wait=true');
          assert.equal(d.code, 0, d.stderr);
          let names = '';
          for (let i = 0; i < 100; i++) {
            names = (await k('get', 'rs', '-n', ns, '-o', 'name')).stdout;
            if (!names.includes(`web-${mode}`)) break;
            await new Promise((r) => setTimeout(r, 100));
          }
          assert.doesNotMatch(names, new RegExp(`web-${mode}`));
          assert.match(names, /web-orphan/);
        }
      });

      test('get --raw /openapi/v3; malformed JSON and YAML bodies are 400 and the server keeps serving', async () => {
        const raw = await k('get', '--raw', '/openapi/v3');
        assert.equal(raw.code, 0, raw.stderr);
        const idx = JSON.parse(raw.stdout) as { paths: Record<string, { serverRelativeURL: string }> };
        assert.ok(idx.paths['apis/apps/v1'], 'the index lists apps/v1');
        const gv = JSON.parse((await k('get', '--raw', idx.paths['apis/apps/v1']!.serverRelativeURL)).stdout) as { openapi: string; components: { schemas: Record<string, unknown> } };
        assert.match(gv.openapi, /^3\./);
        assert.ok(gv.components.schemas['io.k8s.api.apps.v1.Deployment']);
        const badJson = await k.withInput('{"metadata": {"name": ', 'create', '--raw', `/api/v1/namespaces/${ns}/configmaps`, '-f', '-');
        assert.notEqual(badJson.code, 0);
        assert.match(badJson.stderr, /BadRequest|error decoding|400/);
        assert.equal((await k('get', 'ns', ns)).code, 0);
      });
    });
  }
});
