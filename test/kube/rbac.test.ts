// RBAC through the clients a user holds: a ServiceAccount token with a Role, a static-token user,
// impersonation and `kubectl auth can-i`, with kubectl 1.33 and 1.27 and client-node; 403s carry
// upstream's message.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as k8s from '@kubernetes/client-node';
import { parse as parseYaml, stringify as toYaml } from 'yaml';
import { startServer, type TestServer } from '../helpers/server.js';
import { kubectl, kubectlBinary, type Kubectl } from './kubectl.js';

const k133 = kubectlBinary(33);
const k127 = kubectlBinary(27);
const skip = !k133 && !process.env.LAKESTACK_REQUIRE_ALL ? 'kubectl 1.33 is not on this machine' : false;
const SA = 'system:serviceaccount:team:reader';

/** A kubeconfig that authenticates with a bearer token only. */
function tokenKubeconfig(server: TestServer, token: string, name: string): string {
  const admin = parseYaml(readFileSync(server.kubeconfig, 'utf8')) as { clusters: Array<{ cluster: Record<string, string> }> };
  const file = path.join(server.dataDir, `${name}.kubeconfig`);
  writeFileSync(
    file,
    toYaml({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: 'c', cluster: admin.clusters[0]!.cluster }],
      users: [{ name: 'u', user: { token } }],
      contexts: [{ name: 'ctx', context: { cluster: 'c', user: 'u' } }],
      'current-context': 'ctx',
    }),
  );
  return file;
}

describe('rbac', { skip }, () => {
  let server: TestServer;
  let admin: Kubectl;
  let saConfig: string;
  let aliceConfig: string;

  before(async () => {
    const { mkdtempSync } = await import('node:fs');
    const os = await import('node:os');
    const dir = mkdtempSync(path.join(os.tmpdir(), 'lakestack-tokens-'));
    const tokenFile = path.join(dir, 'tokens.csv');
    writeFileSync(tokenFile, '# static users\nalice-token,alice,1001,"dev,qa"\nbob-token,bob,1002\n');
    server = await startServer({ env: { LAKESTACK_KUBE_TOKEN_FILE: tokenFile } });
    admin = kubectl(k133!, server.kubeconfig);
    for (const args of [
      ['create', 'ns', 'team'],
      ['-n', 'team', 'create', 'sa', 'reader'],
      ['-n', 'team', 'create', 'role', 'pod-reader', '--verb=get,list,watch', '--resource=pods,pods/log'],
      ['-n', 'team', 'create', 'rolebinding', 'reader', '--role=pod-reader', '--serviceaccount=team:reader'],
      ['-n', 'team', 'create', 'rolebinding', 'alice-edit', '--clusterrole=edit', '--user=alice'],
    ]) {
      const r = await admin(...args);
      assert.equal(r.code, 0, r.stderr);
    }
    const token = (await admin('-n', 'team', 'create', 'token', 'reader')).stdout.trim();
    saConfig = tokenKubeconfig(server, token, 'sa');
    aliceConfig = tokenKubeconfig(server, 'alice-token', 'alice');
  });
  after(async () => {
    await server?.close();
  });

  for (const [label, bin] of [['1.33', k133], ['1.27', k127]] as const) {
    test(`kubectl ${label}: a ServiceAccount with a Role lists pods in its namespace, 403 elsewhere with upstream's message`, { skip: bin ? false : `kubectl ${label} is not on this machine` }, async () => {
      const sa = kubectl(bin!, saConfig);
      const ok = await sa('get', 'pods', '-n', 'team');
      assert.equal(ok.code, 0, ok.stderr);
      assert.match(ok.stderr, /No resources found in team namespace/);
      const denied = await sa('get', 'pods', '-n', 'default');
      assert.notEqual(denied.code, 0);
      assert.match(denied.stderr, /Error from server \(Forbidden\): pods is forbidden: User "system:serviceaccount:team:reader" cannot list resource "pods" in API group "" in the namespace "default"/);
      const cm = await sa('create', 'configmap', 'x', '-n', 'team');
      assert.match(cm.stderr, /configmaps is forbidden: User "system:serviceaccount:team:reader" cannot create resource "configmaps" in API group "" in the namespace "team"/);
      const ns = await sa('get', 'ns', 'team');
      assert.match(ns.stderr, /namespaces "team" is forbidden: User "system:serviceaccount:team:reader" cannot get resource "namespaces" in API group "" in the namespace "team"/);
      const nodes = await sa('get', 'nodes');
      assert.match(nodes.stderr, /nodes is forbidden: User "system:serviceaccount:team:reader" cannot list resource "nodes" in API group "" at the cluster scope/);
      // Discovery and whoami stay open to every authenticated user (system:discovery, system:basic-user).
      assert.equal((await sa('api-versions')).code, 0);
      const who = await sa('auth', 'whoami', '-o', 'json');
      if (label === '1.33') assert.deepEqual((JSON.parse(who.stdout) as { status: { userInfo: { groups: string[] } } }).status.userInfo.groups, ['system:serviceaccounts', 'system:serviceaccounts:team', 'system:authenticated']);
      // A path no role grants.
      const raw = await sa('get', '--raw', '/metrics');
      assert.match(raw.stderr, /forbidden: User "system:serviceaccount:team:reader" cannot get path "\/metrics"/);
    });
  }

  test('auth can-i answers from RBAC, also --as a ServiceAccount, with subresources and --list', async () => {
    const can = async (...args: string[]) => (await admin('auth', 'can-i', ...args)).stdout.trim();
    assert.equal(await can('list', 'pods', '-n', 'team', `--as=${SA}`), 'yes');
    assert.equal(await can('list', 'pods', '-n', 'default', `--as=${SA}`), 'no');
    assert.equal(await can('get', 'pods', '--subresource=log', '-n', 'team', `--as=${SA}`), 'yes');
    assert.equal(await can('create', 'pods', '-n', 'team', `--as=${SA}`), 'no');
    assert.equal(await can('*', '*'), 'yes');
    // edit, aggregated from view and system:aggregate-to-edit: deployments/scale, but not roles.
    assert.equal(await can('update', 'deployments', '--subresource=scale', '-n', 'team', '--as=alice'), 'yes');
    assert.equal(await can('get', 'configmaps', '-n', 'team', '--as=alice'), 'yes');
    assert.equal(await can('create', 'roles', '-n', 'team', '--as=alice'), 'no');
    assert.equal(await can('get', 'configmaps', '-n', 'default', '--as=alice'), 'no');
    const list = await kubectl(k133!, saConfig)('auth', 'can-i', '--list', '-n', 'team');
    assert.equal(list.code, 0, list.stderr);
    assert.match(list.stdout, /^pods\s+\[\]\s+\[\]\s+\[get list watch\]$/m);
    assert.match(list.stdout, /^pods\/log\s+\[\]\s+\[\]\s+\[get list watch\]$/m);
    assert.match(list.stdout, /^selfsubjectaccessreviews\.authorization\.k8s\.io\s+\[\]\s+\[\]\s+\[create\]$/m);
    assert.match(list.stdout, /\[\/version\]\s+\[\]\s+\[get\]/);
  });

  test('resourceNames and aggregation: a new ClusterRole labelled aggregate-to-view widens view (and edit) at once', async () => {
    const manifest = `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: role-viewer
  labels: {rbac.authorization.k8s.io/aggregate-to-view: "true"}
rules:
- {apiGroups: [rbac.authorization.k8s.io], resources: [roles], verbs: [get]}
- {apiGroups: [""], resources: [secrets], resourceNames: [public], verbs: [get]}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: bob-view, namespace: team}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}
subjects:
- {apiGroup: rbac.authorization.k8s.io, kind: User, name: bob}
`;
    const r = await admin.withInput(manifest, 'apply', '-f', '-');
    assert.equal(r.code, 0, r.stderr);
    const can = async (...args: string[]) => (await admin('auth', 'can-i', ...args, '-n', 'team', '--as=bob')).stdout.trim();
    assert.equal(await can('get', 'roles'), 'yes');
    assert.equal(await can('get', 'secrets/public'), 'yes');
    assert.equal(await can('get', 'secrets/private'), 'no');
    assert.equal(await can('list', 'secrets'), 'no');
    // edit and admin aggregate view, so alice (edit) gains it too.
    assert.equal((await admin('auth', 'can-i', 'get', 'roles', '-n', 'team', '--as=alice')).stdout.trim(), 'yes');
    assert.equal((await admin('auth', 'can-i', 'create', 'roles', '-n', 'team', '--as=alice')).stdout.trim(), 'no');
    // The aggregation controller writes the union into the stored view role.
    let rules = '';
    for (let i = 0; i < 50 && !rules.includes('"roles"'); i++) {
      rules = (await admin('get', 'clusterrole', 'view', '-o', 'jsonpath={.rules[*].resources}')).stdout;
      if (!rules.includes('"roles"')) await new Promise((res) => setTimeout(res, 100));
    }
    assert.match(rules, /"roles"/);
  });

  test('static token users: whoami, 403 at cluster scope, impersonation needs the impersonate verb', async () => {
    const alice = kubectl(k133!, aliceConfig);
    const who = await alice('auth', 'whoami', '-o', 'json');
    assert.deepEqual((JSON.parse(who.stdout) as { status: { userInfo: { username: string; groups: string[] } } }).status.userInfo, { username: 'alice', groups: ['dev', 'qa', 'system:authenticated'] });
    const ns = await alice('get', 'ns');
    assert.match(ns.stderr, /namespaces is forbidden: User "alice" cannot list resource "namespaces" in API group "" at the cluster scope/);
    const imp = await alice('get', 'pods', '-n', 'team', '--as=bob');
    assert.match(imp.stderr, /users "bob" is forbidden: User "alice" cannot impersonate resource "users" in API group "" at the cluster scope/);
    // edit grants impersonating ServiceAccounts in its namespace, as upstream's edit role does.
    const asSa = await alice('get', 'pods', '-n', 'team', `--as=${SA}`);
    assert.equal(asSa.code, 0, asSa.stderr);
    const wrong = await kubectl(k133!, tokenKubeconfig(server, 'nope', 'nope'))('get', 'pods');
    assert.match(wrong.stderr, /You must be logged in to the server/);
  });

  test('client-node: 403 for the ServiceAccount, SubjectAccessReview and LocalSubjectAccessReview from RBAC', async () => {
    const kc = new k8s.KubeConfig();
    kc.loadFromFile(saConfig);
    const core = kc.makeApiClient(k8s.CoreV1Api);
    const pods = await core.listNamespacedPod({ namespace: 'team' });
    assert.deepEqual(pods.items, []);
    await assert.rejects(core.listNamespacedPod({ namespace: 'default' }), (err: unknown) => {
      const e = err as { code?: number; body?: string };
      assert.equal(e.code, 403);
      const status = JSON.parse(String(e.body)) as { reason: string; message: string; details: { kind: string } };
      assert.equal(status.reason, 'Forbidden');
      assert.equal(status.details.kind, 'pods');
      assert.equal(status.message, `pods is forbidden: User "${SA}" cannot list resource "pods" in API group "" in the namespace "default"`);
      return true;
    });
    const akc = new k8s.KubeConfig();
    akc.loadFromFile(server.kubeconfig);
    const authz = akc.makeApiClient(k8s.AuthorizationV1Api);
    const sar = await authz.createSubjectAccessReview({ body: { spec: { user: SA, groups: ['system:serviceaccounts', 'system:serviceaccounts:team'], resourceAttributes: { namespace: 'team', verb: 'watch', resource: 'pods' } } } });
    assert.equal(sar.status?.allowed, true);
    assert.equal(sar.status?.reason, `RBAC: allowed by RoleBinding "reader/team" of Role "pod-reader" to ServiceAccount "team/reader"`);
    const denied = await authz.createSubjectAccessReview({ body: { spec: { user: SA, resourceAttributes: { namespace: 'team', verb: 'delete', resource: 'pods' } } } });
    assert.equal(denied.status?.allowed, false);
    const nonResource = await authz.createSubjectAccessReview({ body: { spec: { user: 'carol', groups: ['system:authenticated'], nonResourceAttributes: { path: '/healthz', verb: 'get' } } } });
    assert.equal(nonResource.status?.allowed, true);
    const local = await authz.createNamespacedLocalSubjectAccessReview({ namespace: 'team', body: { metadata: { namespace: 'team' }, spec: { user: 'alice', resourceAttributes: { namespace: 'team', verb: 'create', resource: 'deployments', group: 'apps' } } } });
    assert.equal(local.status?.allowed, true);
    await assert.rejects(authz.createSubjectAccessReview({ body: { spec: { resourceAttributes: { verb: 'get', resource: 'pods' } } } }), (err: unknown) => (err as { code?: number }).code === 422);
  });
});
