// boto3 as data pipelines use it: managed transfers, paginators, presigned URLs, versions.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, type TestServer } from '../helpers/server.js';
import { python } from '../helpers/clients.js';

let server: TestServer;

before(async () => {
  server = await startServer();
});

after(async () => {
  await server.close();
});

const PRELUDE = `
import os, io, json, hashlib, tempfile, urllib.request, urllib.error
import boto3
from boto3.s3.transfer import TransferConfig
from botocore.config import Config
s3 = boto3.client('s3', endpoint_url=os.environ['AWS_ENDPOINT_URL'], config=Config(s3={'addressing_style': 'path'}))
def check(cond, msg):
    if not cond:
        raise SystemExit('FAILED: ' + msg)
`;

async function py(code: string): Promise<void> {
  const r = await python(server.env, PRELUDE + code);
  assert.equal(r.code, 0, `${r.stdout}\n${r.stderr}`);
}

test('upload_file and download_file with threaded multipart transfers', async () => {
  await py(`
s3.create_bucket(Bucket='boto-transfer')
data = os.urandom(21 * 1024 * 1024 + 123)
d = tempfile.mkdtemp()
src = os.path.join(d, 'in.bin')
open(src, 'wb').write(data)
cfg = TransferConfig(multipart_threshold=5 * 1024 * 1024, multipart_chunksize=5 * 1024 * 1024, max_concurrency=4, use_threads=True)
s3.upload_file(src, 'boto-transfer', 'nested/in.bin', Config=cfg, ExtraArgs={'Metadata': {'source': 'boto3'}, 'ContentType': 'application/octet-stream'})
head = s3.head_object(Bucket='boto-transfer', Key='nested/in.bin')
check(head['ContentLength'] == len(data), 'length')
check(head['ETag'].endswith('-5"'), 'multipart etag ' + head['ETag'])
check(head['Metadata'] == {'source': 'boto3'}, 'metadata')
dst = os.path.join(d, 'out.bin')
s3.download_file('boto-transfer', 'nested/in.bin', dst, Config=cfg)
check(hashlib.md5(open(dst, 'rb').read()).hexdigest() == hashlib.md5(data).hexdigest(), 'bytes differ')
# a ranged, threaded download of a part
part = s3.get_object(Bucket='boto-transfer', Key='nested/in.bin', PartNumber=2)
check(part['ContentLength'] == 5 * 1024 * 1024 and part['PartsCount'] == 5, 'part 2')
check(part['Body'].read() == data[5 * 1024 * 1024:10 * 1024 * 1024], 'part 2 bytes')
`);
});

test('list_objects_v2 paginator walks every key in order, with and without a delimiter', async () => {
  await py(`
from concurrent.futures import ThreadPoolExecutor
s3.create_bucket(Bucket='boto-list')
keys = ['logs/%04d.json' % i for i in range(230)] + ['top-%d' % i for i in range(5)]
with ThreadPoolExecutor(8) as ex:
    list(ex.map(lambda k: s3.put_object(Bucket='boto-list', Key=k, Body=k.encode()), keys))
pages = list(s3.get_paginator('list_objects_v2').paginate(Bucket='boto-list', PaginationConfig={'PageSize': 50}))
got = [o['Key'] for p in pages for o in p.get('Contents', [])]
check(got == sorted(keys), 'keys in order')
check(len(pages) == 5, 'pages %d' % len(pages))
pages = list(s3.get_paginator('list_objects_v2').paginate(Bucket='boto-list', Delimiter='/', PaginationConfig={'PageSize': 2}))
prefixes = [c['Prefix'] for p in pages for c in p.get('CommonPrefixes', [])]
tops = [o['Key'] for p in pages for o in p.get('Contents', [])]
check(prefixes == ['logs/'], 'prefixes %r' % prefixes)
check(tops == ['top-%d' % i for i in range(5)], 'tops %r' % tops)
v1 = [o['Key'] for p in s3.get_paginator('list_objects').paginate(Bucket='boto-list', Prefix='logs/', PaginationConfig={'PageSize': 100}) for o in p.get('Contents', [])]
check(len(v1) == 230, 'v1 count')
`);
});

test('presigned GET and PUT URLs work with a plain HTTP client', async () => {
  await py(`
s3.create_bucket(Bucket='boto-presign')
put_url = s3.generate_presigned_url('put_object', Params={'Bucket': 'boto-presign', 'Key': 'up.txt'}, ExpiresIn=600)
req = urllib.request.Request(put_url, data=b'uploaded via presigned put', method='PUT')
with urllib.request.urlopen(req) as r:
    check(r.status == 200, 'put status')
get_url = s3.generate_presigned_url('get_object', Params={'Bucket': 'boto-presign', 'Key': 'up.txt'}, ExpiresIn=600)
with urllib.request.urlopen(get_url) as r:
    check(r.read() == b'uploaded via presigned put', 'get body')
try:
    urllib.request.urlopen(s3.generate_presigned_url('get_object', Params={'Bucket': 'boto-presign', 'Key': 'nope'}))
    check(False, 'expected 404')
except urllib.error.HTTPError as e:
    check(e.code == 404 and b'<Code>NoSuchKey</Code>' in e.read(), 'NoSuchKey')
`);
});

test('versioned get and delete', async () => {
  await py(`
from botocore.exceptions import ClientError
s3.create_bucket(Bucket='boto-versions')
s3.put_bucket_versioning(Bucket='boto-versions', VersioningConfiguration={'Status': 'Enabled'})
v1 = s3.put_object(Bucket='boto-versions', Key='k', Body=b'first')['VersionId']
v2 = s3.put_object(Bucket='boto-versions', Key='k', Body=b'second')['VersionId']
check(s3.get_object(Bucket='boto-versions', Key='k')['Body'].read() == b'second', 'latest')
check(s3.get_object(Bucket='boto-versions', Key='k', VersionId=v1)['Body'].read() == b'first', 'v1')
r = s3.delete_object(Bucket='boto-versions', Key='k')
check(r['DeleteMarker'] is True, 'marker')
try:
    s3.get_object(Bucket='boto-versions', Key='k', VersionId=r['VersionId'])
    check(False, 'expected 405')
except ClientError as e:
    check(e.response['Error']['Code'] == 'MethodNotAllowed', e.response['Error']['Code'])
    check(e.response['ResponseMetadata']['HTTPHeaders'].get('x-amz-delete-marker') == 'true', 'delete marker header')
s3.delete_object(Bucket='boto-versions', Key='k', VersionId=v2)
s3.delete_object(Bucket='boto-versions', Key='k', VersionId=r['VersionId'])
check(s3.get_object(Bucket='boto-versions', Key='k')['Body'].read() == b'first', 'v1 is latest again')
try:
    s3.get_object(Bucket='boto-versions', Key='k', VersionId=v2)
    check(False, 'expected NoSuchVersion')
except ClientError as e:
    check(e.response['Error']['Code'] == 'NoSuchVersion', e.response['Error']['Code'])
s3.put_bucket_versioning(Bucket='boto-versions', VersioningConfiguration={'Status': 'Suspended'})
check(s3.put_object(Bucket='boto-versions', Key='k', Body=b'null one').get('VersionId') == 'null', 'suspended writes the null version')
vs = s3.list_object_versions(Bucket='boto-versions')['Versions']
check([v['VersionId'] for v in vs] == ['null', v1], 'versions %r' % [v['VersionId'] for v in vs])
`);
});
