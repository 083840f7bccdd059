import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CloudWatchClient, PutMetricDataCommand, GetMetricDataCommand, DescribeAlarmsCommand, ResourceNotFound } from '@aws-sdk/client-cloudwatch';
import { AwsSmithyRpcV2CborProtocol } from '@aws-sdk/core/protocols';
import { model as cwModel, errors as cwErrors } from '../../src/aws/generated/cloudwatch/index.js';
import { protocolFor } from '../../src/aws/protocol/multi.js';
import { decodeCbor } from '../../src/aws/protocol/cbor.js';
import { CommonErrors } from '../../src/aws/errors.js';
import { loopback, clientConfig, sdkError } from './loopback.js';

const t0 = new Date('2024-05-06T07:08:09Z');

// The SDK's CloudWatch client sends JSON 1.0 by default; its CBOR protocol is what newer SDKs and botocore use.
const cbor = { protocol: AwsSmithyRpcV2CborProtocol } as const;

for (const [label, extra] of [['rpc-v2-cbor', cbor], ['json 1.0', {}]] as const) {
  test(`${label}: CloudWatch PutMetricData input (lists of structures, timestamps, doubles) parses; GetMetricData output deserializes`, async () => {
    const lb = loopback(protocolFor(cwModel), (op) =>
      op === 'GetMetricData'
        ? { MetricDataResults: [{ Id: 'q1', Label: 'cpu', Timestamps: [t0], Values: [1.5, 2], StatusCode: 'Complete' }], Messages: [] }
        : undefined,
    );
    const cw = new CloudWatchClient({ ...clientConfig, ...extra, requestHandler: lb.requestHandler });
    await cw.send(new PutMetricDataCommand({
      Namespace: 'App',
      MetricData: [{ MetricName: 'cpu', Dimensions: [{ Name: 'host', Value: 'a' }], Timestamp: t0, Value: 0.25, Unit: 'Percent' }],
    }));
    const put = lb.log[0]!;
    assert.equal(put.operation, 'PutMetricData');
    if (label === 'rpc-v2-cbor') {
      assert.equal(put.request.rawPath, '/service/GraniteServiceVersion20100801/operation/PutMetricData');
      assert.equal(put.headers['smithy-protocol'], 'rpc-v2-cbor');
    } else {
      assert.equal(put.request.headers['x-amz-target'], 'GraniteServiceVersion20100801.PutMetricData');
    }
    assert.deepEqual(put.input, { Namespace: 'App', MetricData: [{ MetricName: 'cpu', Dimensions: [{ Name: 'host', Value: 'a' }], Timestamp: t0, Value: 0.25, Unit: 'Percent' }] });

    const out = await cw.send(new GetMetricDataCommand({
      MetricDataQueries: [{ Id: 'q1', Expression: 'SUM(METRICS())' }],
      StartTime: new Date(t0.getTime() - 3600_000),
      EndTime: t0,
    }));
    assert.equal(out.MetricDataResults?.[0]?.Timestamps?.[0]?.toISOString(), t0.toISOString());
    assert.deepEqual(out.MetricDataResults?.[0]?.Values, [1.5, 2]);
  });

  test(`${label}: a query-compatible error carries x-amzn-query-error; the SDK raises it with the query code`, async () => {
    const lb = loopback(protocolFor(cwModel), () => {
      throw new cwErrors.ResourceNotFound('Alarm a not found');
    });
    const cw = new CloudWatchClient({ ...clientConfig, ...extra, requestHandler: lb.requestHandler });
    const err = await cw.send(new DescribeAlarmsCommand({})).catch((e: unknown) => e);
    assert.ok(err instanceof ResourceNotFound, String(err));
    assert.equal(err.message, 'Alarm a not found');
    assert.equal(err.$metadata.httpStatusCode, 404);
    assert.equal(lb.log[0]!.headers['x-amzn-query-error'], 'ResourceNotFound;Sender');
  });

  test(`${label}: an operation without a provider method is NotImplemented (501) in this protocol's error shape`, async () => {
    const lb = loopback(protocolFor(cwModel), (op) => {
      throw CommonErrors.notImplemented('CloudWatch', op);
    });
    const cw = new CloudWatchClient({ ...clientConfig, ...extra, requestHandler: lb.requestHandler });
    const err = await sdkError(cw.send(new DescribeAlarmsCommand({})));
    assert.equal(err.name, 'NotImplemented');
    assert.equal(err.$metadata.httpStatusCode, 501);
    assert.match(err.message, /DescribeAlarms operation of CloudWatch is not implemented/);
    const doc = label === 'rpc-v2-cbor' ? decodeCbor(lb.log[0]!.body) : JSON.parse(lb.log[0]!.body.toString());
    assert.equal((doc as { __type: string }).__type, 'NotImplemented');
  });
}
