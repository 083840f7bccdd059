import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CloudWatchClient, ListMetricsCommand } from '@aws-sdk/client-cloudwatch';
import { AwsSmithyRpcV2CborProtocol } from '@aws-sdk/core/protocols';
import { startServer } from '../helpers/server.js';
import { aws } from '../helpers/clients.js';
import { sdkError } from './loopback.js';

// CloudWatch's provider comes later; until then each call must reach the server and come back as NotImplemented
// in the protocol the client spoke (aws CLI v1 speaks rpc-v2-cbor, SDK v3 JSON 1.0 unless told CBOR).
test('CloudWatch over CBOR (aws CLI and SDK v3) and JSON 1.0 (SDK v3) gets NotImplemented in its own protocol', async () => {
  const server = await startServer();
  try {
    const cli = await aws(server.env, 'cloudwatch', 'list-metrics');
    assert.notEqual(cli.code, 0);
    assert.match(cli.stderr, /An error occurred \(NotImplemented\) when calling the ListMetrics operation: The ListMetrics operation of CloudWatch is not implemented by Lakestack yet\./);

    const base = { region: 'us-east-1', endpoint: server.endpoint, credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 1 };
    for (const client of [new CloudWatchClient(base), new CloudWatchClient({ ...base, protocol: AwsSmithyRpcV2CborProtocol })]) {
      const err = await sdkError(client.send(new ListMetricsCommand({ Namespace: 'App' })));
      assert.equal(err.name, 'NotImplemented');
      assert.equal(err.$metadata.httpStatusCode, 501);
      assert.match(err.message, /ListMetrics operation of CloudWatch is not implemented/);
      client.destroy();
    }
  } finally {
    await server.close();
  }
});
