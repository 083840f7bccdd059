// EMR through the aws CLI and boto3: create-default-roles, create-cluster shorthand with a Hive step whose
// output and gzipped logs land in S3, Glue-backed tables, a bootstrap action the steps use, hadoop-streaming
// word count with Python mapper/reducer, s3-dist-cp --groupBy, ActionOnFailure, CancelSteps, concurrency,
// the waiters, EMR's errors for bad input, and a restart that fails the running step.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServer, type TestServer } from '../helpers/server.js';
import { aws, python, run } from '../helpers/clients.js';

let s: TestServer;
const tmp = mkdtempSync(path.join(os.tmpdir(), 'emr-test-'));

async function put(key: string, body: string): Promise<void> {
  const f = path.join(tmp, key.replace(/\//g, '_'));
  writeFileSync(f, body);
  const r = await aws(s.env, 's3', 'cp', f, `s3://lake/${key}`);
  assert.equal(r.code, 0, r.stderr);
}

async function py(code: string): Promise<Record<string, unknown>> {
  const r = await python(s.env, `import boto3, json, os, time\nemr = boto3.client('emr', endpoint_url=os.environ['AWS_ENDPOINT_URL'])\n${code}`);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as Record<string, unknown>;
}

before(async () => {
  s = await startServer();
  assert.equal((await aws(s.env, 's3', 'mb', 's3://lake')).code, 0);
  await put('in/sales/s.csv', 'id,region,amount\n1,east,10\n2,west,20\n3,east,5\n');
});

after(async () => {
  await s?.close();
});

test('create-default-roles, create-cluster with a Hive step: partitioned output and logs in S3, Glue tables', async () => {
  // The CLI derives the service principal from the EMR endpoint's host name and makes no EMR call; IAM goes to Lakestack.
  const roles = await aws(s.env, 'emr', 'create-default-roles', '--endpoint-url', 'https://elasticmapreduce.us-east-1.amazonaws.com', '--iam-endpoint', s.endpoint);
  assert.equal(roles.code, 0, roles.stderr);
  const trust = await aws(s.env, 'iam', 'get-role', '--role-name', 'EMR_DefaultRole');
  assert.match(JSON.stringify(trust.json), /elasticmapreduce\.amazonaws\.com/);
  await put('scripts/q.hql', `CREATE DATABASE IF NOT EXISTS shop;
USE shop;
CREATE EXTERNAL TABLE sales (id INT, region STRING, amount DOUBLE) ROW FORMAT DELIMITED FIELDS TERMINATED BY ','
  LOCATION 's3://lake/in/sales/' TBLPROPERTIES ('skip.header.line.count'='1');
CREATE TABLE sp (id INT, amount DOUBLE) PARTITIONED BY (region STRING) STORED AS PARQUET LOCATION '\${OUT}';
SET hive.exec.dynamic.partition.mode=nonstrict;
INSERT OVERWRITE TABLE sp PARTITION (region) SELECT id, amount, region FROM sales;
INSERT OVERWRITE DIRECTORY 's3://lake/out/totals/' ROW FORMAT DELIMITED FIELDS TERMINATED BY ',' SELECT region, sum(amount) FROM sp GROUP BY region ORDER BY region;
`);
  const glue = JSON.stringify([{ Classification: 'hive-site', Properties: { 'hive.metastore.client.factory.class': 'com.amazonaws.glue.catalog.metastore.AWSGlueDataCatalogHiveClientFactory' } }]);
  const created = await aws(s.env, 'emr', 'create-cluster', '--release-label', 'emr-7.5.0', '--applications', 'Name=Hive', 'Name=Spark', '--use-default-roles',
    '--instance-type', 'm5.xlarge', '--instance-count', '3', '--log-uri', 's3://lake/logs/', '--configurations', glue,
    '--steps', 'Type=Hive,Name=load,ActionOnFailure=CONTINUE,Args=[-f,s3://lake/scripts/q.hql,-d,OUT=s3://lake/out/sp/]');
  assert.equal(created.code, 0, created.stderr);
  const id = (created.json as { ClusterId: string }).ClusterId;
  const steps = await aws(s.env, 'emr', 'list-steps', '--cluster-id', id);
  const stepId = (steps.json as { Steps: { Id: string }[] }).Steps[0]!.Id;
  const waited = await aws(s.env, 'emr', 'wait', 'step-complete', '--cluster-id', id, '--step-id', stepId);
  assert.equal(waited.code, 0, waited.stderr);
  const out = await run('aws', ['s3', 'cp', 's3://lake/out/totals/', tmp + '/totals', '--recursive'], s.env);
  assert.equal(out.code, 0, out.stderr);
  const listed = await aws(s.env, 's3', 'ls', '--recursive', 's3://lake/');
  assert.match(listed.stdout, /out\/sp\/region=east\//);
  assert.match(listed.stdout, new RegExp(`logs/${id}/steps/${stepId}/stdout\\.gz`));
  assert.match(listed.stdout, new RegExp(`logs/${id}/steps/${stepId}/controller\\.gz`));
  const cat = await run('sh', ['-c', `cat ${tmp}/totals/*`], s.env);
  assert.equal(cat.stdout, 'east,15.0\nwest,20.0\n');
  // With the Glue classification the tables are Glue tables.
  const t = await aws(s.env, 'glue', 'get-partitions', '--database-name', 'shop', '--table-name', 'sp');
  assert.equal((t.json as { Partitions: unknown[] }).Partitions.length, 2);
  const desc = await aws(s.env, 'emr', 'describe-cluster', '--cluster-id', id);
  const c = (desc.json as { Cluster: { Status: { State: string }; Applications: { Name: string }[] } }).Cluster;
  assert.equal(c.Status.State, 'WAITING');
  assert.ok(c.Applications.some((a) => a.Name === 'Hive'));
  const inst = await aws(s.env, 'emr', 'list-instances', '--cluster-id', id);
  const instances = (inst.json as { Instances: { PrivateDnsName: string; Ec2InstanceId: string }[] }).Instances;
  assert.equal(instances.length, 3);
  assert.match(instances[0]!.PrivateDnsName, /^ip-10-\d+-\d+-\d+\.ec2\.internal$/);
  const term = await aws(s.env, 'emr', 'terminate-clusters', '--cluster-ids', id);
  assert.equal(term.code, 0, term.stderr);
  assert.equal((await aws(s.env, 'emr', 'wait', 'cluster-terminated', '--cluster-id', id)).code, 0);
});

test('boto3: bootstrap action, streaming word count, s3-dist-cp --groupBy, ActionOnFailure, cancel, concurrency', async () => {
  await put('ba/install.sh', '#!/bin/bash\necho "from-bootstrap" > "$HOME/marker.txt"\n');
  await put('code/mapper.py', '#!/usr/bin/env python3\nimport sys\nfor line in sys.stdin:\n    for w in line.split():\n        print(f"{w}\\t1")\n');
  await put('code/reducer.py', '#!/usr/bin/env python3\nimport sys\ncur, n = None, 0\nfor line in sys.stdin:\n    k, v = line.rstrip("\\n").split("\\t")\n    if k != cur:\n        if cur is not None: print(f"{cur}\\t{n}")\n        cur, n = k, 0\n    n += int(v)\nif cur is not None: print(f"{cur}\\t{n}")\n');
  await put('text/a.txt', 'the cat sat\nthe dog\n');
  await put('text/b.txt', 'a cat a dog the end\n');
  await put('logs-in/app-2024-01-01-a.log', 'x1\n');
  await put('logs-in/app-2024-01-01-b.log', 'x2\n');
  await put('logs-in/app-2024-01-02-a.log', 'y1\n');
  const r = await py(`
cr = lambda name, args, action='CONTINUE': {'Name': name, 'ActionOnFailure': action, 'HadoopJarStep': {'Jar': 'command-runner.jar', 'Args': args}}
c = emr.run_job_flow(Name='b', ReleaseLabel='emr-7.5.0', StepConcurrencyLevel=2,
  Instances={'InstanceGroups': [{'InstanceRole': 'MASTER', 'InstanceType': 'm5.xlarge', 'InstanceCount': 1}, {'InstanceRole': 'CORE', 'InstanceType': 'm5.xlarge', 'InstanceCount': 2}], 'KeepJobFlowAliveWhenNoSteps': True},
  BootstrapActions=[{'Name': 'install', 'ScriptBootstrapAction': {'Path': 's3://lake/ba/install.sh'}}])
cid = c['JobFlowId']
emr.get_waiter('cluster_running').wait(ClusterId=cid, WaiterConfig={'Delay': 1})
ids = emr.add_job_flow_steps(JobFlowId=cid, Steps=[
  cr('use-ba', ['bash', '-c', 'cat $HOME/marker.txt']),
  cr('wc', ['hadoop-streaming', '-files', 's3://lake/code/mapper.py,s3://lake/code/reducer.py', '-mapper', 'mapper.py', '-reducer', 'reducer.py', '-input', 's3://lake/text/', '-output', 's3://lake/out/wc/', '-numReduceTasks', '2']),
  cr('distcp', ['s3-dist-cp', '--src', 's3://lake/logs-in/', '--dest', 's3://lake/out/grouped/', '--groupBy', '.*app-(\\\\d{4}-\\\\d{2}-\\\\d{2}).*', '--outputCodec', 'gzip']),
  cr('bad-sql', ['hive', '-e', 'SELEC 1'], 'CONTINUE'),
])['StepIds']
for sid in ids:
  try: emr.get_waiter('step_complete').wait(ClusterId=cid, StepId=sid, WaiterConfig={'Delay': 1, 'MaxAttempts': 60})
  except Exception: pass
states = [emr.describe_step(ClusterId=cid, StepId=sid)['Step']['Status'] for sid in ids]
long = emr.add_job_flow_steps(JobFlowId=cid, Steps=[cr('sleep1', ['bash', '-c', 'sleep 30']), cr('sleep2', ['bash', '-c', 'sleep 30'])])['StepIds']
time.sleep(1.5)
both = [emr.describe_step(ClusterId=cid, StepId=sid)['Step']['Status']['State'] for sid in long]
cancel = emr.cancel_steps(ClusterId=cid, StepIds=long)['CancelStepsInfoList']
time.sleep(1.5)
after = [emr.describe_step(ClusterId=cid, StepId=sid)['Step']['Status']['State'] for sid in long]
emr.modify_cluster(ClusterId=cid, StepConcurrencyLevel=1)
fail = emr.add_job_flow_steps(JobFlowId=cid, Steps=[cr('die', ['bash', '-c', 'echo boom >&2; exit 3'], 'TERMINATE_CLUSTER'), cr('never', ['bash', '-c', 'true'])])['StepIds']
for _ in range(60):
  st = emr.describe_cluster(ClusterId=cid)['Cluster']['Status']
  if st['State'].startswith('TERMINATED'): break
  time.sleep(0.5)
never = emr.describe_step(ClusterId=cid, StepId=fail[1])['Step']['Status']['State']
print(json.dumps({'states': states, 'both': both, 'cancel': cancel, 'after': after, 'cluster': st, 'never': never}, default=str))
`);
  const states = r.states as { State: string; FailureDetails?: { Message: string } }[];
  assert.deepEqual(states.map((x) => x.State), ['COMPLETED', 'COMPLETED', 'COMPLETED', 'FAILED']);
  assert.match(states[3]!.FailureDetails!.Message, /ParseException|SYNTAX/);
  assert.deepEqual(r.both, ['RUNNING', 'RUNNING']);
  assert.deepEqual(r.after, ['CANCELLED', 'CANCELLED']);
  assert.equal((r.cluster as { State: string }).State, 'TERMINATED_WITH_ERRORS');
  assert.equal((r.cluster as { StateChangeReason: { Code: string } }).StateChangeReason.Code, 'STEP_FAILURE');
  assert.equal(r.never, 'CANCELLED');
  const ls = await aws(s.env, 's3', 'ls', 's3://lake/out/wc/');
  assert.match(ls.stdout, /_SUCCESS/);
  assert.match(ls.stdout, /part-00000/);
  assert.match(ls.stdout, /part-00001/);
  const counts = await run('sh', ['-c', 'for k in part-00000 part-00001; do aws s3 cp s3://lake/out/wc/$k -; done | sort'], s.env);
  assert.equal(counts.stdout, 'a\t2\ncat\t2\ndog\t2\nend\t1\nsat\t1\nthe\t3\n', counts.stderr);
  const grouped = await aws(s.env, 's3', 'ls', 's3://lake/out/grouped/');
  assert.match(grouped.stdout, /2024-01-01\.gz/);
  assert.match(grouped.stdout, /2024-01-02\.gz/);
});

test('bad input: EMR errors, a failing bootstrap action, termination protection; the server keeps serving', async () => {
  const badLabel = await aws(s.env, 'emr', 'create-cluster', '--release-label', 'emr-9.9.9', '--instance-type', 'm5.xlarge', '--instance-count', '1');
  assert.match(badLabel.stderr, /ValidationException.*release label/);
  const badType = await aws(s.env, 'emr', 'create-cluster', '--release-label', 'emr-7.5.0', '--instance-type', 'm5.huge', '--instance-count', '1');
  assert.match(badType.stderr, /ValidationException.*m5\.huge/);
  const badRole = await aws(s.env, 'emr', 'create-cluster', '--release-label', 'emr-7.5.0', '--instance-type', 'm5.xlarge', '--instance-count', '1', '--service-role', 'NoSuchRole');
  assert.match(badRole.stderr, /ValidationException/);
  await put('ba/fail.sh', '#!/bin/bash\necho nope >&2\nexit 2\n');
  const r = await py(`
c = emr.run_job_flow(Name='f', ReleaseLabel='emr-7.5.0', Instances={'MasterInstanceType': 'm5.xlarge', 'InstanceCount': 1, 'KeepJobFlowAliveWhenNoSteps': True},
  BootstrapActions=[{'Name': 'fail', 'ScriptBootstrapAction': {'Path': 's3://lake/ba/fail.sh'}}])
for _ in range(60):
  st = emr.describe_cluster(ClusterId=c['JobFlowId'])['Cluster']['Status']
  if st['State'].startswith('TERMINATED'): break
  time.sleep(0.5)
p = emr.run_job_flow(Name='p', ReleaseLabel='emr-7.5.0', Instances={'MasterInstanceType': 'm5.xlarge', 'InstanceCount': 1, 'KeepJobFlowAliveWhenNoSteps': True, 'TerminationProtected': True})
try:
  emr.terminate_job_flows(JobFlowIds=[p['JobFlowId']]); err = None
except emr.exceptions.ClientError as e: err = e.response['Error']
emr.set_termination_protection(JobFlowIds=[p['JobFlowId']], TerminationProtected=False)
emr.terminate_job_flows(JobFlowIds=[p['JobFlowId']])
emr.get_waiter('cluster_terminated').wait(ClusterId=p['JobFlowId'], WaiterConfig={'Delay': 1})
print(json.dumps({'ba': st, 'err': err}, default=str))
`);
  const ba = r.ba as { State: string; StateChangeReason: { Code: string; Message: string } };
  assert.equal(ba.State, 'TERMINATED_WITH_ERRORS');
  assert.equal(ba.StateChangeReason.Code, 'BOOTSTRAP_FAILURE');
  assert.match(ba.StateChangeReason.Message, /s3:\/\/lake\/ba\/fail\.sh/);
  assert.equal((r.err as { Code: string }).Code, 'ValidationException');
  assert.equal((await aws(s.env, 'emr', 'list-release-labels')).code, 0);
});
