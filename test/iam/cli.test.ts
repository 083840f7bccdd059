import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, type TestServer } from '../helpers/server.js';
import { aws } from '../helpers/clients.js';

const TRUST = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'elasticmapreduce.amazonaws.com' }, Action: 'sts:AssumeRole' }],
});
const S3_POLICY = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::lake/*' }] });

let server: TestServer;
before(async () => {
  server = await startServer();
});
after(async () => {
  await server?.close();
});

async function ok(...args: string[]): Promise<Record<string, unknown>> {
  const r = await aws(server.env, ...args);
  assert.equal(r.code, 0, `aws ${args.join(' ')}\n${r.stderr}`);
  return (r.json ?? {}) as Record<string, unknown>;
}

async function fails(...args: string[]): Promise<string> {
  const r = await aws(server.env, ...args);
  assert.notEqual(r.code, 0, `aws ${args.join(' ')} should fail`);
  return r.stderr.trim();
}

test('aws iam: role with trust policy, inline and managed policies, instance profile', async () => {
  const made = (await ok('iam', 'create-role', '--role-name', 'EMR_DefaultRole', '--assume-role-policy-document', TRUST, '--description', 'emr')) as { Role: Record<string, unknown> };
  assert.match(String(made.Role.RoleId), /^AROA[A-Z2-7]{17}$/);
  assert.equal(made.Role.Arn, 'arn:aws:iam::000000000000:role/EMR_DefaultRole');

  const got = (await ok('iam', 'get-role', '--role-name', 'EMR_DefaultRole')) as { Role: Record<string, unknown> };
  assert.deepEqual(got.Role.AssumeRolePolicyDocument, JSON.parse(TRUST), 'the CLI decodes the URL-encoded trust policy');
  assert.equal(got.Role.Description, 'emr');
  assert.equal(got.Role.MaxSessionDuration, 3600);

  await ok('iam', 'put-role-policy', '--role-name', 'EMR_DefaultRole', '--policy-name', 'lake-read', '--policy-document', S3_POLICY);
  const inline = (await ok('iam', 'get-role-policy', '--role-name', 'EMR_DefaultRole', '--policy-name', 'lake-read')) as { PolicyDocument: unknown };
  assert.deepEqual(inline.PolicyDocument, JSON.parse(S3_POLICY));
  assert.deepEqual(await ok('iam', 'list-role-policies', '--role-name', 'EMR_DefaultRole'), { PolicyNames: ['lake-read'] });

  const emrPolicy = 'arn:aws:iam::aws:policy/service-role/AmazonElasticMapReduceRole';
  await ok('iam', 'attach-role-policy', '--role-name', 'EMR_DefaultRole', '--policy-arn', emrPolicy);
  assert.deepEqual(await ok('iam', 'list-attached-role-policies', '--role-name', 'EMR_DefaultRole'), {
    AttachedPolicies: [{ PolicyName: 'AmazonElasticMapReduceRole', PolicyArn: emrPolicy }],
  });
  const pol = (await ok('iam', 'get-policy', '--policy-arn', emrPolicy)) as { Policy: Record<string, unknown> };
  assert.equal(pol.Policy.AttachmentCount, 1);
  const ver = (await ok('iam', 'get-policy-version', '--policy-arn', emrPolicy, '--version-id', String(pol.Policy.DefaultVersionId))) as { PolicyVersion: { Document: { Statement: unknown[] } } };
  assert.ok(ver.PolicyVersion.Document.Statement.length > 0);

  await ok('iam', 'create-instance-profile', '--instance-profile-name', 'EMR_EC2_DefaultRole');
  await ok('iam', 'add-role-to-instance-profile', '--instance-profile-name', 'EMR_EC2_DefaultRole', '--role-name', 'EMR_DefaultRole');
  const prof = (await ok('iam', 'get-instance-profile', '--instance-profile-name', 'EMR_EC2_DefaultRole')) as { InstanceProfile: { InstanceProfileId: string; Roles: { RoleName: string }[] } };
  assert.match(prof.InstanceProfile.InstanceProfileId, /^AIPA[A-Z2-7]{17}$/);
  assert.deepEqual(prof.InstanceProfile.Roles.map((r) => r.RoleName), ['EMR_DefaultRole']);
  const forRole = (await ok('iam', 'list-instance-profiles-for-role', '--role-name', 'EMR_DefaultRole')) as { InstanceProfiles: { InstanceProfileName: string }[] };
  assert.deepEqual(forRole.InstanceProfiles.map((p) => p.InstanceProfileName), ['EMR_EC2_DefaultRole']);

  assert.match(await fails('iam', 'add-role-to-instance-profile', '--instance-profile-name', 'EMR_EC2_DefaultRole', '--role-name', 'EMR_DefaultRole'), /\(LimitExceeded\).*InstanceSessionsPerInstanceProfile: 1/);
  assert.match(await fails('iam', 'delete-role', '--role-name', 'EMR_DefaultRole'), /\(DeleteConflict\) when calling the DeleteRole operation: Cannot delete entity, must remove roles from instance profile first\./);
  await ok('iam', 'remove-role-from-instance-profile', '--instance-profile-name', 'EMR_EC2_DefaultRole', '--role-name', 'EMR_DefaultRole');
  assert.match(await fails('iam', 'delete-role', '--role-name', 'EMR_DefaultRole'), /must detach all policies first/);
  await ok('iam', 'detach-role-policy', '--role-name', 'EMR_DefaultRole', '--policy-arn', emrPolicy);
  await ok('iam', 'delete-role-policy', '--role-name', 'EMR_DefaultRole', '--policy-name', 'lake-read');
  await ok('iam', 'delete-role', '--role-name', 'EMR_DefaultRole');
  assert.match(await fails('iam', 'get-role', '--role-name', 'EMR_DefaultRole'), /\(NoSuchEntity\) when calling the GetRole operation: The role with name EMR_DefaultRole cannot be found\./);
});

test('aws iam: list-roles pages with Marker/IsTruncated (--page-size) and --max-items/--starting-token', async () => {
  for (const n of ['p-c', 'p-a', 'p-e', 'p-b', 'p-d']) await ok('iam', 'create-role', '--role-name', n, '--path', '/paged/', '--assume-role-policy-document', TRUST);
  const all = (await ok('iam', 'list-roles', '--path-prefix', '/paged/', '--page-size', '2')) as { Roles: { RoleName: string }[] };
  assert.deepEqual(all.Roles.map((r) => r.RoleName), ['p-a', 'p-b', 'p-c', 'p-d', 'p-e']);
  const first = (await ok('iam', 'list-roles', '--path-prefix', '/paged/', '--page-size', '2', '--max-items', '3')) as { Roles: { RoleName: string }[]; NextToken: string };
  assert.deepEqual(first.Roles.map((r) => r.RoleName), ['p-a', 'p-b', 'p-c']);
  assert.ok(first.NextToken);
  const rest = (await ok('iam', 'list-roles', '--path-prefix', '/paged/', '--page-size', '2', '--starting-token', first.NextToken)) as { Roles: { RoleName: string }[]; NextToken?: string };
  assert.deepEqual(rest.Roles.map((r) => r.RoleName), ['p-d', 'p-e']);
  assert.equal(rest.NextToken, undefined);
});

test('aws iam: users and access keys; a new key signs as that user', async () => {
  const user = (await ok('iam', 'create-user', '--user-name', 'alice', '--tags', 'Key=team,Value=data')) as { User: { UserId: string; Arn: string } };
  assert.match(user.User.UserId, /^AIDA[A-Z2-7]{17}$/);
  const key = (await ok('iam', 'create-access-key', '--user-name', 'alice')) as { AccessKey: { AccessKeyId: string; SecretAccessKey: string; Status: string } };
  assert.match(key.AccessKey.AccessKeyId, /^AKIA[A-Z2-7]{16}$/);
  assert.equal(key.AccessKey.SecretAccessKey.length, 40);
  assert.equal(key.AccessKey.Status, 'Active');

  const asAlice = { ...server.env, AWS_ACCESS_KEY_ID: key.AccessKey.AccessKeyId, AWS_SECRET_ACCESS_KEY: key.AccessKey.SecretAccessKey };
  const who = await aws(asAlice, 'sts', 'get-caller-identity');
  assert.equal(who.code, 0, who.stderr);
  assert.deepEqual(who.json, { UserId: user.User.UserId, Account: '000000000000', Arn: 'arn:aws:iam::000000000000:user/alice' });

  await ok('iam', 'update-access-key', '--user-name', 'alice', '--access-key-id', key.AccessKey.AccessKeyId, '--status', 'Inactive');
  const keys = (await ok('iam', 'list-access-keys', '--user-name', 'alice')) as { AccessKeyMetadata: { AccessKeyId: string; Status: string }[] };
  assert.deepEqual(keys.AccessKeyMetadata.map((k) => [k.AccessKeyId, k.Status]), [[key.AccessKey.AccessKeyId, 'Inactive']]);
  assert.match(await fails('iam', 'delete-user', '--user-name', 'alice'), /\(DeleteConflict\).*must delete access keys first/);
  await ok('iam', 'delete-access-key', '--user-name', 'alice', '--access-key-id', key.AccessKey.AccessKeyId);
  await ok('iam', 'delete-user', '--user-name', 'alice');
});

test('aws iam: customer managed policies with versions, Scope/OnlyAttached listing, DeleteConflict while attached', async () => {
  const p = (await ok('iam', 'create-policy', '--policy-name', 'lake-read', '--policy-document', S3_POLICY)) as { Policy: { Arn: string; PolicyId: string; DefaultVersionId: string } };
  assert.equal(p.Policy.Arn, 'arn:aws:iam::000000000000:policy/lake-read');
  assert.match(p.Policy.PolicyId, /^ANPA[A-Z2-7]{17}$/);
  assert.equal(p.Policy.DefaultVersionId, 'v1');
  await ok('iam', 'create-policy-version', '--policy-arn', p.Policy.Arn, '--policy-document', S3_POLICY, '--set-as-default');
  const versions = (await ok('iam', 'list-policy-versions', '--policy-arn', p.Policy.Arn)) as { Versions: { VersionId: string; IsDefaultVersion: boolean }[] };
  assert.deepEqual(versions.Versions.map((v) => [v.VersionId, v.IsDefaultVersion]), [['v2', true], ['v1', false]]);

  await ok('iam', 'create-role', '--role-name', 'reader', '--assume-role-policy-document', TRUST);
  await ok('iam', 'attach-role-policy', '--role-name', 'reader', '--policy-arn', p.Policy.Arn);
  const local = (await ok('iam', 'list-policies', '--scope', 'Local', '--only-attached')) as { Policies: { Arn: string; AttachmentCount: number }[] };
  assert.deepEqual(local.Policies.map((x) => [x.Arn, x.AttachmentCount]), [[p.Policy.Arn, 1]]);
  const awsOnes = (await ok('iam', 'list-policies', '--scope', 'AWS')) as { Policies: { Arn: string }[] };
  assert.ok(awsOnes.Policies.some((x) => x.Arn === 'arn:aws:iam::aws:policy/service-role/AmazonEMRServicePolicy_v2'));
  assert.ok(awsOnes.Policies.every((x) => x.Arn.startsWith('arn:aws:iam::aws:policy/')));

  assert.match(await fails('iam', 'delete-policy', '--policy-arn', p.Policy.Arn), /\(DeleteConflict\) when calling the DeletePolicy operation: Cannot delete a policy attached to entities\./);
  assert.match(await fails('iam', 'create-policy', '--policy-name', 'lake-read', '--policy-document', S3_POLICY), /\(EntityAlreadyExists\)/);
  assert.match(await fails('iam', 'create-policy', '--policy-name', 'broken', '--policy-document', '{"Statement": '), /\(MalformedPolicyDocument\).*Syntax errors in policy\./);
});

test('aws iam: server-side validation and duplicate names answer IAM\'s own errors', async () => {
  // botocore checks required members and types but not patterns, so this reaches the server.
  assert.match(
    await fails('iam', 'create-role', '--role-name', 'has space', '--assume-role-policy-document', TRUST),
    /\(ValidationError\) when calling the CreateRole operation: 1 validation error detected: Value 'has space' at 'roleName' failed to satisfy constraint: Member must satisfy regular expression pattern: \[\\w\+=,\.@-\]\+/,
  );
  await ok('iam', 'create-role', '--role-name', 'dup', '--assume-role-policy-document', TRUST);
  assert.match(await fails('iam', 'create-role', '--role-name', 'DUP', '--assume-role-policy-document', TRUST), /\(EntityAlreadyExists\).*Role with name DUP already exists\./);
});
