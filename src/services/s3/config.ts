// Bucket configuration stored and returned as sent: policy, CORS, lifecycle, ACLs (bucket and object),
// plus the fixed answers S3 gives for encryption and ownership. Nothing here is enforced yet.
import type { RequestContext } from '../../aws/context.js';
import * as errors from '../../aws/generated/s3/errors.js';
import type * as T from '../../aws/generated/s3/shapes.js';
import { ownerOf, parseJson, requireBucket, type S3Deps } from './common.js';
import { readableVersion } from './objects.js';

// ----- policy ------------------------------------------------------------------------------------

export async function putBucketPolicy(deps: S3Deps, _ctx: RequestContext, input: T.PutBucketPolicyRequest): Promise<void> {
  requireBucket(deps, input.Bucket);
  const text = input.Policy ?? '';
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    doc = undefined;
  }
  if (!text.trimStart().startsWith('{') || !doc || typeof doc !== 'object') {
    throw new errors.MalformedPolicy("Policies must be valid JSON and the first byte must be '{'", { BucketName: input.Bucket });
  }
  if (!('Statement' in doc)) throw new errors.MalformedPolicy('Missing required field Statement', { BucketName: input.Bucket });
  deps.store.setConfig(input.Bucket, 'policy', text);
}

export async function getBucketPolicy(deps: S3Deps, _ctx: RequestContext, input: T.GetBucketPolicyRequest): Promise<T.GetBucketPolicyOutput> {
  requireBucket(deps, input.Bucket);
  const p = deps.store.config(input.Bucket, 'policy');
  if (p === undefined) throw new errors.NoSuchBucketPolicy('The bucket policy does not exist', { BucketName: input.Bucket });
  return { Policy: p };
}

export async function deleteBucketPolicy(deps: S3Deps, _ctx: RequestContext, input: T.DeleteBucketPolicyRequest): Promise<void> {
  requireBucket(deps, input.Bucket);
  deps.store.setConfig(input.Bucket, 'policy', undefined);
}

// ----- CORS --------------------------------------------------------------------------------------

export async function putBucketCors(deps: S3Deps, _ctx: RequestContext, input: T.PutBucketCorsRequest): Promise<void> {
  requireBucket(deps, input.Bucket);
  const rules = input.CORSConfiguration?.CORSRules ?? [];
  if (rules.length === 0 || rules.some((r) => !r.AllowedMethods?.length || !r.AllowedOrigins?.length)) {
    throw new errors.MalformedXML('The XML you provided was not well-formed or did not validate against our published schema');
  }
  for (const r of rules) {
    for (const m of r.AllowedMethods) {
      if (!['GET', 'PUT', 'POST', 'DELETE', 'HEAD'].includes(m)) {
        throw new errors.InvalidRequest(`Found unsupported HTTP method in CORS config. Unsupported method is ${m}`);
      }
    }
  }
  deps.store.setConfig(input.Bucket, 'cors', JSON.stringify(rules));
}

export async function getBucketCors(deps: S3Deps, _ctx: RequestContext, input: T.GetBucketCorsRequest): Promise<T.GetBucketCorsOutput> {
  requireBucket(deps, input.Bucket);
  const v = deps.store.config(input.Bucket, 'cors');
  if (v === undefined) throw new errors.NoSuchCORSConfiguration('The CORS configuration does not exist', { BucketName: input.Bucket });
  return { CORSRules: parseJson<T.CORSRules>(v, []) };
}

export async function deleteBucketCors(deps: S3Deps, _ctx: RequestContext, input: T.DeleteBucketCorsRequest): Promise<void> {
  requireBucket(deps, input.Bucket);
  deps.store.setConfig(input.Bucket, 'cors', undefined);
}

// ----- lifecycle ---------------------------------------------------------------------------------

export async function putBucketLifecycleConfiguration(deps: S3Deps, _ctx: RequestContext, input: T.PutBucketLifecycleConfigurationRequest): Promise<T.PutBucketLifecycleConfigurationOutput> {
  requireBucket(deps, input.Bucket);
  const rules = input.LifecycleConfiguration?.Rules;
  if (!rules?.length) throw new errors.MalformedXML('The XML you provided was not well-formed or did not validate against our published schema');
  const ids = new Set<string>();
  for (const r of rules) {
    if (r.ID !== undefined) {
      if (ids.has(r.ID)) throw new errors.InvalidArgument('Rule ID must be unique. Found same ID for more than one rule', { ArgumentName: 'ID', ArgumentValue: r.ID });
      ids.add(r.ID);
    }
    if (r.Status !== 'Enabled' && r.Status !== 'Disabled') throw new errors.MalformedXML('The XML you provided was not well-formed or did not validate against our published schema');
  }
  deps.store.setConfig(input.Bucket, 'lifecycle', JSON.stringify(rules));
  return { TransitionDefaultMinimumObjectSize: input.TransitionDefaultMinimumObjectSize ?? 'all_storage_classes_128K' };
}

export async function getBucketLifecycleConfiguration(deps: S3Deps, _ctx: RequestContext, input: T.GetBucketLifecycleConfigurationRequest): Promise<T.GetBucketLifecycleConfigurationOutput> {
  requireBucket(deps, input.Bucket);
  const v = deps.store.config(input.Bucket, 'lifecycle');
  if (v === undefined) throw new errors.NoSuchLifecycleConfiguration('The lifecycle configuration does not exist', { BucketName: input.Bucket });
  return { Rules: parseJson<T.LifecycleRules>(v, []), TransitionDefaultMinimumObjectSize: 'all_storage_classes_128K' };
}

export async function deleteBucketLifecycle(deps: S3Deps, _ctx: RequestContext, input: T.DeleteBucketLifecycleRequest): Promise<void> {
  requireBucket(deps, input.Bucket);
  deps.store.setConfig(input.Bucket, 'lifecycle', undefined);
}

// ----- ACLs --------------------------------------------------------------------------------------

const ALL_USERS = 'http://acs.amazonaws.com/groups/global/AllUsers';
const AUTH_USERS = 'http://acs.amazonaws.com/groups/global/AuthenticatedUsers';

interface AclInput {
  ACL?: string;
  AccessControlPolicy?: T.AccessControlPolicy;
  GrantFullControl?: string;
  GrantRead?: string;
  GrantReadACP?: string;
  GrantWrite?: string;
  GrantWriteACP?: string;
}

/** The grants a canned ACL stands for. */
export function cannedAcl(acl: string, accountId: string): T.Grants {
  const owner = ownerOf(accountId);
  const grants: T.Grants = [{ Grantee: { Type: 'CanonicalUser', ID: owner.ID, DisplayName: owner.DisplayName }, Permission: 'FULL_CONTROL' }];
  const group = (uri: string, p: T.Permission) => grants.push({ Grantee: { Type: 'Group', URI: uri }, Permission: p });
  switch (acl) {
    case 'private':
    case 'bucket-owner-full-control':
    case 'bucket-owner-read':
    case 'aws-exec-read':
    case 'log-delivery-write':
      break;
    case 'public-read':
      group(ALL_USERS, 'READ');
      break;
    case 'public-read-write':
      group(ALL_USERS, 'READ');
      group(ALL_USERS, 'WRITE');
      break;
    case 'authenticated-read':
      group(AUTH_USERS, 'READ');
      break;
    default:
      throw new errors.InvalidArgument(undefined, { ArgumentName: 'x-amz-acl', ArgumentValue: acl });
  }
  return grants;
}

/** Parses x-amz-grant-* headers: `id="…", uri="…", emailAddress="…"`. */
function headerGrants(value: string, permission: T.Permission): T.Grants {
  return value.split(',').map((part) => {
    const m = /^\s*(id|uri|emailAddress)\s*=\s*"?([^"]*)"?\s*$/i.exec(part);
    if (!m) throw new errors.InvalidArgument(undefined, { ArgumentName: 'x-amz-grant', ArgumentValue: value });
    const kind = m[1]!.toLowerCase();
    const grantee: T.Grantee = kind === 'id' ? { Type: 'CanonicalUser', ID: m[2]! } : kind === 'uri' ? { Type: 'Group', URI: m[2]! } : { Type: 'AmazonCustomerByEmail', EmailAddress: m[2]! };
    return { Grantee: grantee, Permission: permission };
  });
}

/** The AccessControlPolicy an ACL request sets, or undefined when it names none. */
export function aclFromInput(input: AclInput, accountId: string): T.AccessControlPolicy | undefined {
  const owner = ownerOf(accountId);
  if (input.AccessControlPolicy) {
    if (input.ACL) throw new errors.InvalidRequest('Specifying both Canned ACLs and Header Grants is not allowed');
    return { Owner: input.AccessControlPolicy.Owner ?? owner, Grants: input.AccessControlPolicy.Grants ?? [] };
  }
  const headers: [string | undefined, T.Permission][] = [
    [input.GrantFullControl, 'FULL_CONTROL'],
    [input.GrantRead, 'READ'],
    [input.GrantReadACP, 'READ_ACP'],
    [input.GrantWrite, 'WRITE'],
    [input.GrantWriteACP, 'WRITE_ACP'],
  ];
  const explicit = headers.filter(([v]) => v !== undefined).flatMap(([v, p]) => headerGrants(v!, p));
  if (input.ACL !== undefined) {
    if (explicit.length) throw new errors.InvalidRequest('Specifying both Canned ACLs and Header Grants is not allowed');
    return { Owner: owner, Grants: cannedAcl(input.ACL, accountId) };
  }
  return explicit.length ? { Owner: owner, Grants: explicit } : undefined;
}

function defaultAcl(accountId: string): T.AccessControlPolicy {
  return { Owner: ownerOf(accountId), Grants: cannedAcl('private', accountId) };
}

export async function putBucketAcl(deps: S3Deps, _ctx: RequestContext, input: T.PutBucketAclRequest): Promise<void> {
  const b = requireBucket(deps, input.Bucket);
  const acl = aclFromInput(input, b.account_id);
  if (!acl) throw new errors.MissingSecurityHeader('Your request was missing a required header', { MissingHeaderName: 'x-amz-acl' });
  deps.store.setConfig(input.Bucket, 'acl', JSON.stringify(acl));
}

export async function getBucketAcl(deps: S3Deps, _ctx: RequestContext, input: T.GetBucketAclRequest): Promise<T.GetBucketAclOutput> {
  const b = requireBucket(deps, input.Bucket);
  return parseJson<T.AccessControlPolicy>(deps.store.config(input.Bucket, 'acl'), defaultAcl(b.account_id));
}

export async function putObjectAcl(deps: S3Deps, _ctx: RequestContext, input: T.PutObjectAclRequest): Promise<T.PutObjectAclOutput> {
  const b = requireBucket(deps, input.Bucket);
  const row = readableVersion(deps, input.Bucket, input.Key, input.VersionId, 'PUT');
  const acl = aclFromInput(input, b.account_id);
  if (!acl) throw new errors.MissingSecurityHeader('Your request was missing a required header', { MissingHeaderName: 'x-amz-acl' });
  deps.store.setAcl(row.seq, JSON.stringify(acl));
  return {};
}

export async function getObjectAcl(deps: S3Deps, _ctx: RequestContext, input: T.GetObjectAclRequest): Promise<T.GetObjectAclOutput> {
  const b = requireBucket(deps, input.Bucket);
  const row = readableVersion(deps, input.Bucket, input.Key, input.VersionId, 'GET');
  return parseJson<T.AccessControlPolicy>(row.acl, defaultAcl(b.account_id));
}
