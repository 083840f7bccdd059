// Roles: create/get/list/update/delete with trust policies, and their tags.
import type { IamService } from '../../aws/generated/iam/service.js';
import { DeleteConflictException, EntityAlreadyExistsException } from '../../aws/generated/iam/errors.js';
import { CommonErrors } from '../../aws/errors.js';
import type { IamStore } from './store.js';
import { checkPath, checkPolicyDocument, mergeTags, normalizePath, page, requireRole, roleOut, tagsOut, uniqueId , nowIso } from './common.js';

export function roleOperations(store: IamStore) {
  return {
    async createRole(ctx, input) {
      checkPath(input.Path);
      if (input.PermissionsBoundary !== undefined) throw CommonErrors.notImplemented('IAM', 'CreateRole with PermissionsBoundary');
      const trustPolicy = checkPolicyDocument(input.AssumeRolePolicyDocument);
      return store.transaction(() => {
        if (store.getRole(ctx.accountId, input.RoleName)) throw new EntityAlreadyExistsException(`Role with name ${input.RoleName} already exists.`);
        const row = {
          accountId: ctx.accountId,
          name: input.RoleName,
          id: uniqueId('AROA'),
          path: normalizePath(input.Path),
          createDate: nowIso(ctx),
          tags: mergeTags([], input.Tags),
          trustPolicy,
          description: input.Description,
          maxSessionDuration: input.MaxSessionDuration ?? 3600,
        };
        store.putRole(row);
        return { Role: roleOut(row) };
      });
    },

    async getRole(ctx, input) {
      return { Role: { ...roleOut(requireRole(store, ctx.accountId, input.RoleName)), RoleLastUsed: {} } };
    },

    async listRoles(ctx, input) {
      const prefix = input.PathPrefix ?? '/';
      const roles = store.listRoles(ctx.accountId).filter((r) => r.path.startsWith(prefix));
      const p = page(roles, (r) => r.name.toLowerCase(), input.Marker, input.MaxItems);
      // ListRoles leaves out tags and last-use, as IAM does; GetRole has them.
      return { Roles: p.items.map((r) => roleOut(r, false)), IsTruncated: p.IsTruncated, Marker: p.Marker };
    },

    async updateRole(ctx, input) {
      const role = requireRole(store, ctx.accountId, input.RoleName);
      store.putRole({
        ...role,
        description: input.Description ?? role.description,
        maxSessionDuration: input.MaxSessionDuration ?? role.maxSessionDuration,
      });
      return {};
    },

    async updateRoleDescription(ctx, input) {
      const role = { ...requireRole(store, ctx.accountId, input.RoleName), description: input.Description };
      store.putRole(role);
      return { Role: roleOut(role) };
    },

    async updateAssumeRolePolicy(ctx, input) {
      const role = requireRole(store, ctx.accountId, input.RoleName);
      store.putRole({ ...role, trustPolicy: checkPolicyDocument(input.PolicyDocument) });
    },

    async deleteRole(ctx, input) {
      store.transaction(() => {
        const role = requireRole(store, ctx.accountId, input.RoleName);
        if (store.profilesOfRole(ctx.accountId, role.name).length) {
          throw new DeleteConflictException('Cannot delete entity, must remove roles from instance profile first.');
        }
        if (store.attachedPolicies(ctx.accountId, 'role', role.name).length) {
          throw new DeleteConflictException('Cannot delete entity, must detach all policies first.');
        }
        if (store.inlinePolicyNames(ctx.accountId, 'role', role.name).length) {
          throw new DeleteConflictException('Cannot delete entity, must delete policies first.');
        }
        store.deleteRole(ctx.accountId, role.name);
      });
    },

    async tagRole(ctx, input) {
      const role = requireRole(store, ctx.accountId, input.RoleName);
      store.putRole({ ...role, tags: mergeTags(role.tags, input.Tags) });
    },

    async untagRole(ctx, input) {
      const role = requireRole(store, ctx.accountId, input.RoleName);
      const drop = new Set(input.TagKeys);
      store.putRole({ ...role, tags: role.tags.filter((t) => !drop.has(t.Key)) });
    },

    async listRoleTags(ctx, input) {
      const role = requireRole(store, ctx.accountId, input.RoleName);
      const p = page([...role.tags].sort((a, b) => (a.Key < b.Key ? -1 : 1)), (t) => t.Key, input.Marker, input.MaxItems);
      return { Tags: tagsOut(p.items) ?? [], IsTruncated: p.IsTruncated, Marker: p.Marker };
    },
  } satisfies Partial<IamService>;
}

