import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EKSClient, CreateClusterCommand, DescribeClusterCommand, ListClustersCommand, TagResourceCommand, DeleteClusterCommand, ResourceNotFoundException } from '@aws-sdk/client-eks';
import { model as eksModel, errors as eksErrors } from '../../src/aws/generated/eks/index.js';
import { protocolFor } from '../../src/aws/protocol/multi.js';
import { loopback, clientConfig } from './loopback.js';

const created = new Date('2024-05-06T07:08:09Z');
const cluster = (name: unknown) => ({ name, arn: `arn:aws:eks:us-east-1:000000000000:cluster/${String(name)}`, createdAt: created, status: 'ACTIVE', tags: { a: 'b' } });

test('rest-json: body members, URI labels and query strings bind to the right operation and input', async () => {
  const lb = loopback(protocolFor(eksModel), (op, input) => {
    if (op === 'ListClusters') return { clusters: ['a', 'b'], nextToken: 'n2' };
    if (op === 'TagResource') return {};
    return { cluster: cluster(input.name) };
  });
  const eks = new EKSClient({ ...clientConfig, requestHandler: lb.requestHandler });
  const made = await eks.send(new CreateClusterCommand({ name: 'c1', roleArn: 'arn:aws:iam::000000000000:role/eks', resourcesVpcConfig: { subnetIds: ['s1', 's2'] } }));
  assert.equal(lb.log[0]!.operation, 'CreateCluster');
  assert.equal(lb.log[0]!.input.name, 'c1');
  assert.deepEqual(lb.log[0]!.input.resourcesVpcConfig, { subnetIds: ['s1', 's2'] });
  assert.ok(typeof lb.log[0]!.input.clientRequestToken === 'string', 'the idempotency token travels in the body');
  assert.equal(made.cluster?.createdAt?.toISOString(), created.toISOString());
  assert.deepEqual(made.cluster?.tags, { a: 'b' });

  await eks.send(new DescribeClusterCommand({ name: 'my cluster' }));
  assert.equal(lb.log[1]!.operation, 'DescribeCluster');
  assert.deepEqual(lb.log[1]!.input, { name: 'my cluster' });

  const list = await eks.send(new ListClustersCommand({ maxResults: 10, nextToken: 't', include: ['all'] }));
  assert.deepEqual(lb.log[2]!.input, { maxResults: 10, nextToken: 't', include: ['all'] });
  assert.deepEqual(list.clusters, ['a', 'b']);
  assert.equal(list.nextToken, 'n2');

  const arn = 'arn:aws:eks:us-east-1:000000000000:cluster/c1';
  await eks.send(new TagResourceCommand({ resourceArn: arn, tags: { k: 'v' } }));
  assert.equal(lb.log[3]!.operation, 'TagResource');
  assert.deepEqual(lb.log[3]!.input, { resourceArn: arn, tags: { k: 'v' } });

  await eks.send(new DeleteClusterCommand({ name: 'c1' }));
  assert.equal(lb.log[4]!.operation, 'DeleteCluster');
});

test('rest-json: errors carry X-Amzn-ErrorType and the status; the SDK raises the modeled exception', async () => {
  const lb = loopback(protocolFor(eksModel), () => {
    throw new eksErrors.ResourceNotFoundException('No cluster found for name: c9.');
  });
  const eks = new EKSClient({ ...clientConfig, requestHandler: lb.requestHandler });
  const err = await eks.send(new DescribeClusterCommand({ name: 'c9' })).catch((e: unknown) => e);
  assert.ok(err instanceof ResourceNotFoundException);
  assert.equal(err.message, 'No cluster found for name: c9.');
  assert.equal(err.$metadata.httpStatusCode, 404);
  assert.equal(lb.log[0]!.headers['x-amzn-errortype'], 'ResourceNotFoundException');
});
