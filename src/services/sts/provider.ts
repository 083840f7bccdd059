// STS: GetCallerIdentity, AssumeRole (roles from IAM's tables), GetSessionToken and GetAccessKeyInfo.
// Temporary credentials go into the shared CredentialStore, so they sign requests under strict auth.
// Not yet: trust policies are stored but not evaluated (any caller may assume any existing role), session
// policies and tags are accepted but not applied, SAML/web-identity federation, GetFederationToken,
// DecodeAuthorizationMessage. Those operations answer NotImplemented.
import type { StsService } from '../../aws/generated/sts/service.js';
import type * as T from '../../aws/generated/sts/shapes.js';
import { AccessDenied, ValidationError } from '../../aws/generated/sts/errors.js';
import type { RequestContext } from '../../aws/context.js';
import type { ServiceDeps } from '../../aws/service-definition.js';
import type { CredentialStore } from '../../aws/auth/credentials.js';
import { iamRoleReader, type IamRoleReader } from '../iam/shared.js';
import { secretAccessKey, sessionToken, temporaryAccessKeyId } from './credentials.js';

const ROLE_ARN = /^arn:aws:iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/;

/** A session that was itself assumed from a role may last at most an hour (role chaining). */
const CHAINED_SESSION_LIMIT = 3600;

function isAssumedRole(ctx: RequestContext): boolean {
  return ctx.principal.arn.includes(':assumed-role/');
}

export class StsProvider implements Partial<StsService> {
  constructor(
    private readonly roles: IamRoleReader,
    private readonly credentials: CredentialStore,
  ) {}

  async getCallerIdentity(ctx: RequestContext): Promise<T.GetCallerIdentityResponse> {
    return { UserId: ctx.principal.userId, Account: ctx.accountId, Arn: ctx.principal.arn };
  }

  async assumeRole(ctx: RequestContext, input: T.AssumeRoleRequest): Promise<T.AssumeRoleResponse> {
    const m = ROLE_ARN.exec(input.RoleArn);
    const role = m ? this.roles.getRole(m[1]!, m[2]!) : undefined;
    if (!m || !role) {
      // AWS does not reveal whether the role exists: a missing role looks like a refused one.
      throw new AccessDenied(`User: ${ctx.principal.arn} is not authorized to perform: sts:AssumeRole on resource: ${input.RoleArn}`);
    }
    const duration = input.DurationSeconds ?? 3600;
    if (isAssumedRole(ctx) && duration > CHAINED_SESSION_LIMIT) {
      throw new ValidationError('The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.');
    }
    if (duration > role.maxSessionDuration) {
      throw new ValidationError('The requested DurationSeconds exceeds the MaxSessionDuration set for this role.');
    }
    const accountId = m[1]!;
    const arn = `arn:aws:sts::${accountId}:assumed-role/${role.name}/${input.RoleSessionName}`;
    const assumedRoleId = `${role.id}:${input.RoleSessionName}`;
    const creds = this.issue(ctx, duration, accountId, arn, assumedRoleId);
    return {
      Credentials: creds,
      AssumedRoleUser: { AssumedRoleId: assumedRoleId, Arn: arn },
      PackedPolicySize: input.Policy || input.PolicyArns?.length || input.Tags?.length ? 6 : undefined,
      SourceIdentity: input.SourceIdentity,
    };
  }

  async getSessionToken(ctx: RequestContext, input: T.GetSessionTokenRequest): Promise<T.GetSessionTokenResponse> {
    if (ctx.principal.sessionToken) throw new AccessDenied('Cannot call GetSessionToken with session credentials');
    const isRoot = ctx.principal.arn.endsWith(':root');
    const duration = input.DurationSeconds ?? (isRoot ? 3600 : 43200);
    if (isRoot && duration > 3600) {
      throw new ValidationError('The requested DurationSeconds exceeds the 1 hour session limit for the root account.');
    }
    return { Credentials: this.issue(ctx, duration, ctx.accountId, ctx.principal.arn, ctx.principal.userId) };
  }

  async getAccessKeyInfo(ctx: RequestContext, input: T.GetAccessKeyInfoRequest): Promise<T.GetAccessKeyInfoResponse> {
    const known = this.credentials.get(input.AccessKeyId);
    return { Account: known?.accountId ?? (/^\d{12}$/.test(input.AccessKeyId) ? input.AccessKeyId : ctx.accountId) };
  }

  private issue(ctx: RequestContext, durationSeconds: number, accountId: string, principalArn: string, userId: string): T.Credentials {
    const now = ctx.clock.now();
    // AWS reports expirations in whole seconds.
    const expiration = new Date(Math.floor(now.getTime() / 1000) * 1000 + durationSeconds * 1000);
    const creds: T.Credentials = { AccessKeyId: temporaryAccessKeyId(), SecretAccessKey: secretAccessKey(), SessionToken: sessionToken(), Expiration: expiration };
    this.credentials.put({
      accessKeyId: creds.AccessKeyId,
      secretAccessKey: creds.SecretAccessKey,
      accountId,
      principalArn,
      userId,
      sessionToken: creds.SessionToken,
      expiration: expiration.toISOString(),
      status: 'Active',
      source: 'sts',
      createdAt: now.toISOString(),
    });
    return creds;
  }
}

export function createStsProvider(deps: ServiceDeps): StsProvider {
  return new StsProvider(iamRoleReader(deps.db), deps.credentials);
}
