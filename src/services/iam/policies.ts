// Managed policies: customer policies with up to five versions, and the AWS-managed ones (read-only, seeded
// by aws-managed.ts) that any account can attach.
import type { IamService } from '../../aws/generated/iam/service.js';
import type * as T from '../../aws/generated/iam/shapes.js';
import {
  DeleteConflictException,
  EntityAlreadyExistsException,
  InvalidInputException,
  LimitExceededException,
  NoSuchEntityException,
} from '../../aws/generated/iam/errors.js';
import { AWS_ACCOUNT, type IamStore, type PolicyRow, type PolicyVersionRow } from './store.js';
import { checkPath, checkPolicyDocument, encodeDocument, iamArn, isoDate, mergeTags, normalizePath, page, requirePolicy, tagsOut, uniqueId , nowIso } from './common.js';

export function policyOut(store: IamStore, accountId: string, p: PolicyRow, withTags = true): T.Policy {
  return {
    PolicyName: p.name,
    PolicyId: p.id,
    Arn: p.arn,
    Path: p.path,
    DefaultVersionId: p.defaultVersion,
    AttachmentCount: store.policyAttachments(accountId, p.arn).length,
    PermissionsBoundaryUsageCount: 0,
    IsAttachable: true,
    Description: p.description,
    CreateDate: isoDate(p.createDate),
    UpdateDate: isoDate(p.updateDate),
    Tags: withTags ? tagsOut(p.tags) : undefined,
  };
}

function versionOut(v: PolicyVersionRow, p: PolicyRow, withDocument: boolean): T.PolicyVersion {
  return {
    Document: withDocument ? encodeDocument(v.document) : undefined,
    VersionId: v.versionId,
    IsDefaultVersion: v.versionId === p.defaultVersion,
    CreateDate: isoDate(v.createDate),
  };
}

function ownPolicy(store: IamStore, accountId: string, arn: string): PolicyRow {
  const p = requirePolicy(store, accountId, arn);
  if (p.accountId === AWS_ACCOUNT) throw new InvalidInputException(`Policy ${arn} is an AWS managed policy and cannot be modified.`);
  return p;
}

export function policyOperations(store: IamStore) {
  return {
    async createPolicy(ctx, input) {
      checkPath(input.Path);
      const document = checkPolicyDocument(input.PolicyDocument);
      const path = normalizePath(input.Path);
      const arn = iamArn(ctx.accountId, 'policy', path, input.PolicyName);
      return store.transaction(() => {
        const clash = store.listPolicies(ctx.accountId, 'Local').some((p) => p.name.toLowerCase() === input.PolicyName.toLowerCase());
        if (clash) throw new EntityAlreadyExistsException(`A policy called ${input.PolicyName} already exists. Duplicate names are not allowed.`);
        const now = nowIso(ctx);
        const row: PolicyRow = {
          arn, accountId: ctx.accountId, name: input.PolicyName, id: uniqueId('ANPA'), path, description: input.Description,
          defaultVersion: 'v1', nextVersion: 2, createDate: now, updateDate: now, tags: mergeTags([], input.Tags),
        };
        store.putPolicy(row);
        store.putPolicyVersion({ policyArn: arn, versionId: 'v1', document, createDate: now });
        return { Policy: policyOut(store, ctx.accountId, row) };
      });
    },

    async getPolicy(ctx, input) {
      return { Policy: policyOut(store, ctx.accountId, requirePolicy(store, ctx.accountId, input.PolicyArn)) };
    },

    async listPolicies(ctx, input) {
      const prefix = input.PathPrefix ?? '/';
      const scope = input.Scope === 'AWS' ? 'AWS' : input.Scope === 'Local' ? 'Local' : 'All';
      let policies = store.listPolicies(ctx.accountId, scope).filter((p) => p.path.startsWith(prefix));
      if (input.OnlyAttached) policies = policies.filter((p) => store.policyAttachments(ctx.accountId, p.arn).length > 0);
      const p = page(policies, (x) => `${x.name.toLowerCase()}\u0000${x.arn}`, input.Marker, input.MaxItems);
      return { Policies: p.items.map((x) => policyOut(store, ctx.accountId, x, false)), IsTruncated: p.IsTruncated, Marker: p.Marker };
    },

    async deletePolicy(ctx, input) {
      store.transaction(() => {
        const p = ownPolicy(store, ctx.accountId, input.PolicyArn);
        if (store.policyAttachments(ctx.accountId, p.arn).length) throw new DeleteConflictException('Cannot delete a policy attached to entities.');
        if (store.policyVersions(p.arn).length > 1) {
          throw new DeleteConflictException("This policy has more than one version. Before you delete a policy, you must delete the policy's versions. The default version is deleted with the policy.");
        }
        store.deletePolicy(p.arn);
      });
    },

    async createPolicyVersion(ctx, input) {
      const document = checkPolicyDocument(input.PolicyDocument);
      return store.transaction(() => {
        const p = ownPolicy(store, ctx.accountId, input.PolicyArn);
        if (store.policyVersions(p.arn).length >= 5) {
          throw new LimitExceededException('A managed policy can have up to 5 versions. Before you create a new version, you must delete an existing version.');
        }
        const now = nowIso(ctx);
        const v: PolicyVersionRow = { policyArn: p.arn, versionId: `v${p.nextVersion}`, document, createDate: now };
        store.putPolicyVersion(v);
        const updated = { ...p, nextVersion: p.nextVersion + 1, updateDate: now, defaultVersion: input.SetAsDefault ? v.versionId : p.defaultVersion };
        store.putPolicy(updated);
        return { PolicyVersion: versionOut(v, updated, false) };
      });
    },

    async getPolicyVersion(ctx, input) {
      const p = requirePolicy(store, ctx.accountId, input.PolicyArn);
      const v = store.policyVersions(p.arn).find((x) => x.versionId === input.VersionId);
      if (!v) throw new NoSuchEntityException(`Policy ${p.arn} version ${input.VersionId} does not exist or is not attachable.`);
      return { PolicyVersion: versionOut(v, p, true) };
    },

    async listPolicyVersions(ctx, input) {
      const p = requirePolicy(store, ctx.accountId, input.PolicyArn);
      const versions = store.policyVersions(p.arn);
      const pg = page(versions, (v) => String(1e9 - Number(v.versionId.slice(1))).padStart(10, '0'), input.Marker, input.MaxItems);
      return { Versions: pg.items.map((v) => versionOut(v, p, false)), IsTruncated: pg.IsTruncated, Marker: pg.Marker };
    },

    async deletePolicyVersion(ctx, input) {
      store.transaction(() => {
        const p = ownPolicy(store, ctx.accountId, input.PolicyArn);
        if (!store.policyVersions(p.arn).some((v) => v.versionId === input.VersionId)) {
          throw new NoSuchEntityException(`Policy ${p.arn} version ${input.VersionId} does not exist or is not attachable.`);
        }
        if (p.defaultVersion === input.VersionId) throw new DeleteConflictException('Cannot delete the default version of a policy.');
        store.deletePolicyVersion(p.arn, input.VersionId);
      });
    },

    async setDefaultPolicyVersion(ctx, input) {
      store.transaction(() => {
        const p = ownPolicy(store, ctx.accountId, input.PolicyArn);
        if (!store.policyVersions(p.arn).some((v) => v.versionId === input.VersionId)) {
          throw new NoSuchEntityException(`Policy ${p.arn} version ${input.VersionId} does not exist or is not attachable.`);
        }
        store.putPolicy({ ...p, defaultVersion: input.VersionId, updateDate: nowIso(ctx) });
      });
    },

    async listEntitiesForPolicy(ctx, input) {
      const p = requirePolicy(store, ctx.accountId, input.PolicyArn);
      const filter = input.EntityFilter;
      const out: T.ListEntitiesForPolicyResponse = { PolicyGroups: [], PolicyUsers: [], PolicyRoles: [], IsTruncated: false };
      for (const a of store.policyAttachments(ctx.accountId, p.arn)) {
        if (a.kind === 'role' && (!filter || filter === 'Role')) {
          const r = store.getRole(ctx.accountId, a.principal);
          if (r) out.PolicyRoles!.push({ RoleName: r.name, RoleId: r.id });
        } else if (a.kind === 'user' && (!filter || filter === 'User')) {
          const u = store.getUser(ctx.accountId, a.principal);
          if (u) out.PolicyUsers!.push({ UserName: u.name, UserId: u.id });
        } else if (a.kind === 'group' && (!filter || filter === 'Group')) {
          const g = store.getGroup(ctx.accountId, a.principal);
          if (g) out.PolicyGroups!.push({ GroupName: g.name, GroupId: g.id });
        }
      }
      return out;
    },

    async tagPolicy(ctx, input) {
      const p = ownPolicy(store, ctx.accountId, input.PolicyArn);
      store.putPolicy({ ...p, tags: mergeTags(p.tags, input.Tags) });
    },

    async untagPolicy(ctx, input) {
      const p = ownPolicy(store, ctx.accountId, input.PolicyArn);
      const drop = new Set(input.TagKeys);
      store.putPolicy({ ...p, tags: p.tags.filter((t) => !drop.has(t.Key)) });
    },

    async listPolicyTags(ctx, input) {
      const p = requirePolicy(store, ctx.accountId, input.PolicyArn);
      const pg = page([...p.tags].sort((a, b) => (a.Key < b.Key ? -1 : 1)), (t) => t.Key, input.Marker, input.MaxItems);
      return { Tags: tagsOut(pg.items) ?? [], IsTruncated: pg.IsTruncated, Marker: pg.Marker };
    },
  } satisfies Partial<IamService>;
}
