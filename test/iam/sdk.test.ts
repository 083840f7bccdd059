import { test } from 'node:test';
import assert from 'node:assert/strict';
import { IAMClient, CreateRoleCommand, CreateUserCommand, CreateAccessKeyCommand, UpdateAccessKeyCommand, paginateListRoles } from '@aws-sdk/client-iam';
import { STSClient, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { startServer } from '../helpers/server.js';
import { sdkError } from '../protocol/loopback.js';

const TRUST = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] });

test('SDK v3 under strict auth: signed raw input is validated by the server; access keys from CreateAccessKey sign requests; paginator walks IAM markers', async () => {
  const server = await startServer({ auth: 'strict' });
  const base = { region: 'us-east-1', endpoint: server.endpoint, maxAttempts: 1 };
  const root = { ...base, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } };
  const iam = new IAMClient(root);
  try {
    // SDK v3 validates nothing client-side, so this is the server's own answer to a signed request.
    const invalid = await sdkError(iam.send(new CreateRoleCommand({ RoleName: 'x'.repeat(65), AssumeRolePolicyDocument: TRUST, Description: 'a\u0001' })));
    assert.equal(invalid.name, 'ValidationError');
    assert.equal(invalid.$metadata.httpStatusCode, 400);
    assert.match(invalid.message, /^2 validation errors detected: Value 'x{65}' at 'roleName' failed to satisfy constraint: Member must have length less than or equal to 64; Value 'a\u0001' at 'description' failed to satisfy constraint: Member must satisfy regular expression pattern: /);
    const badEnum = await sdkError(iam.send(new UpdateAccessKeyCommand({ UserName: 'u', AccessKeyId: 'AKIAEXAMPLEEXAMPLE12', Status: 'Paused' as 'Active' })));
    assert.match(badEnum.message, /Value 'Paused' at 'status' failed to satisfy constraint: Member must satisfy enum value set: \[Active, Inactive(, Expired)?\]/);

    await iam.send(new CreateUserCommand({ UserName: 'loader' }));
    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'loader' }))).AccessKey!;
    const asLoader = new STSClient({ ...base, credentials: { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! } });
    const who = await asLoader.send(new GetCallerIdentityCommand({}));
    assert.equal(who.Arn, 'arn:aws:iam::000000000000:user/loader');
    const wrong = new STSClient({ ...base, credentials: { accessKeyId: key.AccessKeyId!, secretAccessKey: 'not-the-secret' } });
    const refused = await sdkError(wrong.send(new GetCallerIdentityCommand({})));
    assert.equal(refused.name, 'SignatureDoesNotMatch');
    asLoader.destroy();
    wrong.destroy();

    for (let i = 0; i < 7; i++) await iam.send(new CreateRoleCommand({ RoleName: `r${i}`, AssumeRolePolicyDocument: TRUST }));
    const pages: string[][] = [];
    for await (const page of paginateListRoles({ client: iam, pageSize: 3 }, {})) pages.push((page.Roles ?? []).map((r) => r.RoleName!));
    assert.deepEqual(pages, [['r0', 'r1', 'r2'], ['r3', 'r4', 'r5'], ['r6']]);
  } finally {
    iam.destroy();
    await server.close();
  }
});
