// Access keys: AKIA… ids with a secret shown once, kept in the shared CredentialStore so that the auth layer
// verifies signatures made with them (strict auth) and attributes requests to the user.
import { randomBytes } from 'node:crypto';
import type { IamService } from '../../aws/generated/iam/service.js';
import type { RequestContext } from '../../aws/context.js';
import { LimitExceededException, NoSuchEntityException } from '../../aws/generated/iam/errors.js';
import type { CredentialStore } from '../../aws/auth/credentials.js';
import { randomUpperId } from '../../core/ids.js';
import type { IamStore } from './store.js';
import { iamArn, page, requireUser , nowIso } from './common.js';
import { callerUserName } from './users.js';

/** A 40-character secret over AWS's alphabet (base64 without padding). */
export function newSecretAccessKey(): string {
  return randomBytes(30).toString('base64');
}

function targetUser(ctx: RequestContext, userName: string | undefined): string {
  const name = userName ?? callerUserName(ctx);
  if (!name) throw new NoSuchEntityException('Must specify a userName when calling with non-User credentials');
  return name;
}

export function accessKeyOperations(store: IamStore, credentials: CredentialStore) {
  return {
    async createAccessKey(ctx, input) {
      return store.transaction(() => {
        const user = requireUser(store, ctx.accountId, targetUser(ctx, input.UserName));
        if (store.accessKeysOf(ctx.accountId, user.name).length >= 2) throw new LimitExceededException('Cannot exceed quota for AccessKeysPerUser: 2');
        const accessKeyId = `AKIA${randomUpperId(16)}`;
        const secretAccessKey = newSecretAccessKey();
        const createDate = nowIso(ctx);
        store.putAccessKey({ accessKeyId, accountId: ctx.accountId, userName: user.name, status: 'Active', createDate });
        credentials.put({
          accessKeyId,
          secretAccessKey,
          accountId: ctx.accountId,
          principalArn: iamArn(ctx.accountId, 'user', user.path, user.name),
          userId: user.id,
          status: 'Active',
          source: 'iam',
          createdAt: createDate,
        });
        return { AccessKey: { UserName: user.name, AccessKeyId: accessKeyId, Status: 'Active', SecretAccessKey: secretAccessKey, CreateDate: new Date(createDate) } };
      });
    },

    async listAccessKeys(ctx, input) {
      const user = requireUser(store, ctx.accountId, targetUser(ctx, input.UserName));
      const keys = store.accessKeysOf(ctx.accountId, user.name);
      const p = page(keys, (k) => `${k.createDate}/${k.accessKeyId}`, input.Marker, input.MaxItems);
      return {
        AccessKeyMetadata: p.items.map((k) => ({ UserName: k.userName, AccessKeyId: k.accessKeyId, Status: k.status, CreateDate: new Date(k.createDate) })),
        IsTruncated: p.IsTruncated,
        Marker: p.Marker,
      };
    },

    async updateAccessKey(ctx, input) {
      const key = store.accessKey(input.AccessKeyId);
      const userName = targetUser(ctx, input.UserName);
      if (!key || key.accountId !== ctx.accountId || key.userName.toLowerCase() !== userName.toLowerCase()) {
        throw new NoSuchEntityException(`The Access Key with id ${input.AccessKeyId} cannot be found.`);
      }
      const status = input.Status === 'Inactive' ? 'Inactive' : 'Active';
      store.transaction(() => {
        store.putAccessKey({ ...key, status });
        credentials.setStatus(key.accessKeyId, status);
      });
    },

    async deleteAccessKey(ctx, input) {
      const key = store.accessKey(input.AccessKeyId);
      const userName = targetUser(ctx, input.UserName);
      if (!key || key.accountId !== ctx.accountId || key.userName.toLowerCase() !== userName.toLowerCase()) {
        throw new NoSuchEntityException(`The Access Key with id ${input.AccessKeyId} cannot be found.`);
      }
      store.transaction(() => {
        store.deleteAccessKey(key.accessKeyId);
        credentials.delete(key.accessKeyId);
      });
    },

    async getAccessKeyLastUsed(ctx, input) {
      const key = store.accessKey(input.AccessKeyId);
      if (!key || key.accountId !== ctx.accountId) throw new NoSuchEntityException(`The Access Key with id ${input.AccessKeyId} cannot be found.`);
      // Use is not tracked yet; IAM answers N/A for a key that was never used.
      return { UserName: key.userName, AccessKeyLastUsed: { ServiceName: 'N/A', Region: 'N/A' } };
    },
  } satisfies Partial<IamService>;
}
