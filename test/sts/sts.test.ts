import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../helpers/server.js';
import { aws, python } from '../helpers/clients.js';

const TRUST = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::000000000000:root' }, Action: 'sts:AssumeRole' }] });

// boto3: assume a role, then call as the session and as the role's caller; prints one JSON document.
const ASSUME = `
import boto3, json, os
sts = boto3.client('sts')
out = sts.assume_role(RoleArn='arn:aws:iam::000000000000:role/etl', RoleSessionName='nightly', DurationSeconds=900)
c = out['Credentials']
as_role = boto3.client('sts', aws_access_key_id=c['AccessKeyId'], aws_secret_access_key=c['SecretAccessKey'], aws_session_token=c['SessionToken'])
who = as_role.get_caller_identity()
errors = {}
for name, kwargs in {'missing_role': dict(RoleArn='arn:aws:iam::000000000000:role/nope', RoleSessionName='s1'),
                     'too_long': dict(RoleArn='arn:aws:iam::000000000000:role/etl', RoleSessionName='s1', DurationSeconds=7200)}.items():
    try:
        sts.assume_role(**kwargs)
    except sts.exceptions.ClientError as e:
        errors[name] = [e.response['Error']['Code'], e.response['Error']['Message'], e.response['ResponseMetadata']['HTTPStatusCode']]
print(json.dumps({'user': out['AssumedRoleUser'], 'key': c['AccessKeyId'], 'token': len(c['SessionToken']),
                  'expires_in': int((c['Expiration'].timestamp()) - __import__('time').time()),
                  'who': {k: who[k] for k in ('UserId', 'Account', 'Arn')}, 'errors': errors}))
`;

for (const auth of ['open', 'strict'] as const) {
  test(`sts (${auth} auth): aws sts get-caller-identity; boto3 AssumeRole credentials sign as the assumed role`, async () => {
    const server = await startServer({ auth });
    try {
      const who = await aws(server.env, 'sts', 'get-caller-identity');
      assert.equal(who.code, 0, who.stderr);
      assert.deepEqual(who.json, { UserId: '000000000000', Account: '000000000000', Arn: 'arn:aws:iam::000000000000:root' });

      const role = await aws(server.env, 'iam', 'create-role', '--role-name', 'etl', '--assume-role-policy-document', TRUST);
      assert.equal(role.code, 0, role.stderr);
      const roleId = (role.json as { Role: { RoleId: string } }).Role.RoleId;

      const r = await python(server.env, ASSUME);
      assert.equal(r.code, 0, r.stderr);
      const out = JSON.parse(r.stdout) as {
        user: { AssumedRoleId: string; Arn: string };
        key: string;
        token: number;
        expires_in: number;
        who: Record<string, string>;
        errors: Record<string, [string, string, number]>;
      };
      assert.deepEqual(out.user, { AssumedRoleId: `${roleId}:nightly`, Arn: 'arn:aws:sts::000000000000:assumed-role/etl/nightly' });
      assert.match(out.key, /^ASIA[A-Z2-7]{16}$/);
      assert.ok(out.token > 100);
      assert.ok(out.expires_in > 800 && out.expires_in <= 900, `expires in ${out.expires_in}s`);
      assert.deepEqual(out.who, { UserId: `${roleId}:nightly`, Account: '000000000000', Arn: 'arn:aws:sts::000000000000:assumed-role/etl/nightly' });
      assert.deepEqual(out.errors.missing_role, [
        'AccessDenied',
        'User: arn:aws:iam::000000000000:root is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::000000000000:role/nope',
        403,
      ]);
      assert.deepEqual(out.errors.too_long, ['ValidationError', 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.', 400]);
    } finally {
      await server.close();
    }
  });
}

test('sts: GetSessionToken credentials act as the caller; server-side validation of DurationSeconds', async () => {
  const server = await startServer({ auth: 'strict' });
  try {
    const r = await python(server.env, `
import boto3, json
sts = boto3.client('sts')
c = sts.get_session_token(DurationSeconds=900)['Credentials']
me = boto3.client('sts', aws_access_key_id=c['AccessKeyId'], aws_secret_access_key=c['SecretAccessKey'], aws_session_token=c['SessionToken'])
who = me.get_caller_identity()
try:
    me.get_session_token()
    again = None
except me.exceptions.ClientError as e:
    again = e.response['Error']['Code']
print(json.dumps({'key': c['AccessKeyId'], 'arn': who['Arn'], 'again': again}))
`);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { key: string; arn: string; again: string };
    assert.match(out.key, /^ASIA/);
    assert.equal(out.arn, 'arn:aws:iam::000000000000:root');
    assert.equal(out.again, 'AccessDenied');

    // botocore checks only DurationSeconds' minimum, so a value over the model's maximum reaches the server.
    const tooLong = await aws(server.env, 'sts', 'assume-role', '--role-arn', 'arn:aws:iam::000000000000:role/x', '--role-session-name', 's1', '--duration-seconds', '50000');
    assert.notEqual(tooLong.code, 0);
    assert.match(tooLong.stderr, /\(ValidationError\) when calling the AssumeRole operation: 1 validation error detected: Value '50000' at 'durationSeconds' failed to satisfy constraint: Member must have value less than or equal to 43200/);
  } finally {
    await server.close();
  }
});
