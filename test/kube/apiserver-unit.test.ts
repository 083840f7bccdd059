// Unit tests of the API server's pieces: selectors, the three patch types, Status bodies, ages,
// protobuf decoding, request paths.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseFieldSelector, parseLabelSelector } from '../../src/kube/apiserver/selectors.js';
import { applyJsonPatch } from '../../src/kube/apiserver/patch/json-patch.js';
import { applyMergePatch } from '../../src/kube/apiserver/patch/merge-patch.js';
import { applyStrategicPatch, schemaFor } from '../../src/kube/apiserver/patch/strategic.js';
import { Errors, StatusError } from '../../src/kube/apiserver/status.js';
import { humanDuration } from '../../src/kube/apiserver/table.js';
import { decodeProtobufObject } from '../../src/kube/apiserver/protobuf.js';
import { parseResourcePath } from '../../src/kube/apiserver/request-info.js';

test('label selectors: equality, set-based, existence, and upstream parse errors', () => {
  const labels = { app: 'web', tier: 'front', env: 'prod' };
  const yes = (s: string) => assert.equal(parseLabelSelector(s)!(labels), true, s);
  const no = (s: string) => assert.equal(parseLabelSelector(s)!(labels), false, s);
  yes('app=web');
  yes('app==web,tier=front');
  no('app!=web');
  yes('app in (web,api)');
  no('app notin (web)');
  yes('env');
  no('!env');
  yes('!missing');
  yes('tier in (front), env notin (dev,test)');
  assert.equal(parseLabelSelector(''), null);
  assert.throws(() => parseLabelSelector('a b c'), (e: unknown) => e instanceof StatusError && e.code === 400);
});

test('field selectors: supported fields only, = and !=', () => {
  const f = parseFieldSelector('metadata.name=a,status.phase!=Running', ['metadata.name', 'status.phase'])!;
  assert.equal(f({ 'metadata.name': 'a', 'status.phase': 'Pending' }), true);
  assert.equal(f({ 'metadata.name': 'a', 'status.phase': 'Running' }), false);
  assert.throws(() => parseFieldSelector('spec.foo=1', ['metadata.name']), /field label not supported: spec.foo/);
});

test('JSON patch: add, replace, remove, test, move; a failing test is 422', () => {
  const doc = { metadata: { name: 'x' }, data: { a: '1' }, list: [1, 2] };
  const out = applyJsonPatch(doc, [
    { op: 'add', path: '/data/b', value: '2' },
    { op: 'replace', path: '/data/a', value: '9' },
    { op: 'add', path: '/list/-', value: 3 },
    { op: 'remove', path: '/list/0' },
    { op: 'test', path: '/metadata/name', value: 'x' },
    { op: 'move', from: '/data/b', path: '/data/c' },
  ]);
  assert.deepEqual(out, { metadata: { name: 'x' }, data: { a: '9', c: '2' }, list: [2, 3] });
  assert.throws(() => applyJsonPatch(doc, [{ op: 'test', path: '/data/a', value: 'no' }]), (e: unknown) => e instanceof StatusError && e.code === 422);
});

test('merge patch: objects merge, null deletes, lists replace', () => {
  assert.deepEqual(applyMergePatch({ a: { b: 1, c: 2 }, l: [1, 2] }, { a: { b: null, d: 3 }, l: [9] }), { a: { c: 2, d: 3 }, l: [9] });
});

test('strategic merge patch: containers and env merge by name, $patch delete, $setElementOrder, $retainKeys, primitive union', () => {
  const schema = schemaFor('apps', 'v1', 'Deployment');
  assert.equal(schema, 'io.k8s.api.apps.v1.Deployment');
  const live = {
    metadata: { name: 'd', finalizers: ['a'] },
    spec: {
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1 } },
      template: {
        spec: {
          containers: [
            { name: 'app', image: 'app:1', env: [{ name: 'A', value: '1' }, { name: 'B', value: '2' }] },
            { name: 'sidecar', image: 'side:1' },
          ],
        },
      },
    },
  };
  const patch = {
    metadata: { finalizers: ['b'] },
    spec: {
      strategy: { $retainKeys: ['type'], type: 'Recreate', rollingUpdate: null },
      template: {
        spec: {
          '$setElementOrder/containers': [{ name: 'sidecar' }, { name: 'app' }],
          containers: [
            { name: 'app', image: 'app:2', env: [{ name: 'B', $patch: 'delete' }, { name: 'C', value: '3' }] },
          ],
        },
      },
    },
  };
  const out = applyStrategicPatch(live, JSON.parse(JSON.stringify(patch)), schema) as typeof live;
  assert.deepEqual(out.metadata.finalizers, ['a', 'b']);
  assert.deepEqual(out.spec.strategy, { type: 'Recreate' });
  assert.deepEqual(out.spec.template.spec.containers, [
    { name: 'sidecar', image: 'side:1' },
    { name: 'app', image: 'app:2', env: [{ name: 'A', value: '1' }, { name: 'C', value: '3' }] },
  ]);
  // Lists without a merge strategy (args) are replaced; $patch: replace replaces a map.
  const pod = { spec: { containers: [{ name: 'c', args: ['a', 'b'], resources: { limits: { cpu: '1' } } }] } };
  const out2 = applyStrategicPatch(pod, { spec: { containers: [{ name: 'c', args: ['z'], resources: { $patch: 'replace', requests: { cpu: '2' } } }] } }, schemaFor('', 'v1', 'Pod')) as typeof pod;
  assert.deepEqual(out2.spec.containers[0], { name: 'c', args: ['z'], resources: { requests: { cpu: '2' } } });
});

test('Status bodies are worded as upstream', () => {
  assert.deepEqual(Errors.notFound({ group: 'apps', plural: 'deployments' }, 'web').status, {
    kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'deployments.apps "web" not found', reason: 'NotFound', details: { name: 'web', group: 'apps', kind: 'deployments' }, code: 404,
  });
  assert.equal(JSON.stringify(Errors.alreadyExists({ group: '', plural: 'configmaps' }, 'c').status), '{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"configmaps \\"c\\" already exists","reason":"AlreadyExists","details":{"name":"c","kind":"configmaps"},"code":409}');
  assert.equal(Errors.staleResourceVersion({ group: '', plural: 'configmaps' }, 'c').message, 'Operation cannot be fulfilled on configmaps "c": the object has been modified; please apply your changes to the latest version and try again');
  const inv = Errors.invalid('', 'ConfigMap', 'Bad', [{ reason: 'FieldValueInvalid', message: 'Invalid value: "Bad": x', field: 'metadata.name' }]);
  assert.equal(inv.message, 'ConfigMap "Bad" is invalid: metadata.name: Invalid value: "Bad": x');
});

test('ages read as kubectl shows them', () => {
  const s = 1000;
  assert.equal(humanDuration(5 * s), '5s');
  assert.equal(humanDuration(119 * s), '119s');
  assert.equal(humanDuration(150 * s), '2m30s');
  assert.equal(humanDuration(600 * s), '10m');
  assert.equal(humanDuration(3 * 3600 * s + 5 * 60 * s), '3h5m');
  assert.equal(humanDuration(30 * 3600 * s), '30h');
  assert.equal(humanDuration(3 * 86400 * s + 4 * 3600 * s), '3d4h');
  assert.equal(humanDuration(400 * 86400 * s), '400d');
});

test('protobuf bodies decode to the JSON form (envelope, maps, embedded time)', () => {
  // Hand-encoded: Unknown{typeMeta{apiVersion "v1", kind "ConfigMap"}, raw ConfigMap{metadata{name "pb"}, data{"k": "v"}}}.
  const str = (field: number, s: string) => [(field << 3) | 2, Buffer.byteLength(s), ...Buffer.from(s)];
  const msg = (field: number, body: number[]) => [(field << 3) | 2, body.length, ...body];
  const typeMeta = [...str(1, 'v1'), ...str(2, 'ConfigMap')];
  const cm = [...msg(1, str(1, 'pb')), ...msg(2, [...str(1, 'k'), ...str(2, 'v')])];
  const body = Buffer.from([0x6b, 0x38, 0x73, 0x00, ...msg(1, typeMeta), ...msg(2, cm)]);
  assert.deepEqual(decodeProtobufObject(body), { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'pb' }, data: { k: 'v' } });
});

test('request paths: namespaced, cluster-scoped, subresources, watch', () => {
  const q = new URLSearchParams();
  assert.deepEqual(parseResourcePath('GET', '/api/v1/namespaces/default/pods/p/status', q), { group: '', version: 'v1', namespace: 'default', resource: 'pods', name: 'p', subresource: 'status', verb: 'get' });
  assert.deepEqual(parseResourcePath('GET', '/api/v1/namespaces/default', q), { group: '', version: 'v1', namespace: '', resource: 'namespaces', name: 'default', subresource: '', verb: 'get' });
  assert.equal((parseResourcePath('GET', '/apis/apps/v1/deployments', new URLSearchParams('watch=1')) as { verb: string }).verb, 'watch');
  assert.equal((parseResourcePath('DELETE', '/api/v1/namespaces/x/configmaps', q) as { verb: string }).verb, 'deletecollection');
});
