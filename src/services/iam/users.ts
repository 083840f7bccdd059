// Users and groups: create/get/list/update/delete, tags, and group membership.
import type { IamService } from '../../aws/generated/iam/service.js';
import type * as T from '../../aws/generated/iam/shapes.js';
import type { RequestContext } from '../../aws/context.js';
import { DeleteConflictException, EntityAlreadyExistsException, NoSuchEntityException } from '../../aws/generated/iam/errors.js';
import { CommonErrors } from '../../aws/errors.js';
import type { IamStore, UserRow } from './store.js';
import { checkPath, iamArn, isoDate, mergeTags, normalizePath, page, requireGroup, requireUser, tagsOut, uniqueId, userOut , nowIso } from './common.js';

/** The IAM user a request is signed as, when no UserName is given (GetUser, CreateAccessKey, ListAccessKeys). */
export function callerUserName(ctx: RequestContext): string | undefined {
  const m = /^arn:aws:iam::\d{12}:user\/(?:.*\/)?([^/]+)$/.exec(ctx.principal.arn);
  return m?.[1];
}

function groupOut(g: UserRow): T.Group {
  return { Path: g.path, GroupName: g.name, GroupId: g.id, Arn: iamArn(g.accountId, 'group', g.path, g.name), CreateDate: isoDate(g.createDate) };
}

export function userOperations(store: IamStore) {
  return {
    async createUser(ctx, input) {
      checkPath(input.Path);
      if (input.PermissionsBoundary !== undefined) throw CommonErrors.notImplemented('IAM', 'CreateUser with PermissionsBoundary');
      return store.transaction(() => {
        if (store.getUser(ctx.accountId, input.UserName)) throw new EntityAlreadyExistsException(`User with name ${input.UserName} already exists.`);
        const row: UserRow = {
          accountId: ctx.accountId,
          name: input.UserName,
          id: uniqueId('AIDA'),
          path: normalizePath(input.Path),
          createDate: nowIso(ctx),
          tags: mergeTags([], input.Tags),
        };
        store.putUser(row);
        return { User: userOut(row) };
      });
    },

    async getUser(ctx, input) {
      const name = input.UserName ?? callerUserName(ctx);
      if (name === undefined) {
        // The account root: IAM answers with the account as the id and no name or path.
        return { User: { UserId: ctx.accountId, Arn: `arn:aws:iam::${ctx.accountId}:root`, CreateDate: new Date(0) } as T.User };
      }
      return { User: userOut(requireUser(store, ctx.accountId, name)) };
    },

    async listUsers(ctx, input) {
      const prefix = input.PathPrefix ?? '/';
      const users = store.listUsers(ctx.accountId).filter((u) => u.path.startsWith(prefix));
      const p = page(users, (u) => u.name.toLowerCase(), input.Marker, input.MaxItems);
      return { Users: p.items.map((u) => userOut(u, false)), IsTruncated: p.IsTruncated, Marker: p.Marker };
    },

    async updateUser(ctx, input) {
      checkPath(input.NewPath);
      store.transaction(() => {
        const user = requireUser(store, ctx.accountId, input.UserName);
        const newName = input.NewUserName ?? user.name;
        if (newName.toLowerCase() !== user.name.toLowerCase() && store.getUser(ctx.accountId, newName)) {
          throw new EntityAlreadyExistsException(`User with name ${newName} already exists.`);
        }
        store.deleteUser(ctx.accountId, user.name);
        store.putUser({ ...user, name: newName, path: input.NewPath ?? user.path });
      });
    },

    async deleteUser(ctx, input) {
      store.transaction(() => {
        const user = requireUser(store, ctx.accountId, input.UserName);
        if (store.accessKeysOf(ctx.accountId, user.name).length) throw new DeleteConflictException('Cannot delete entity, must delete access keys first.');
        if (store.attachedPolicies(ctx.accountId, 'user', user.name).length) throw new DeleteConflictException('Cannot delete entity, must detach all policies first.');
        if (store.inlinePolicyNames(ctx.accountId, 'user', user.name).length) throw new DeleteConflictException('Cannot delete entity, must delete policies first.');
        if (store.groupsOfUser(ctx.accountId, user.name).length) throw new DeleteConflictException('Cannot delete entity, must remove users from group first.');
        store.deleteUser(ctx.accountId, user.name);
      });
    },

    async tagUser(ctx, input) {
      const user = requireUser(store, ctx.accountId, input.UserName);
      store.putUser({ ...user, tags: mergeTags(user.tags, input.Tags) });
    },

    async untagUser(ctx, input) {
      const user = requireUser(store, ctx.accountId, input.UserName);
      const drop = new Set(input.TagKeys);
      store.putUser({ ...user, tags: user.tags.filter((t) => !drop.has(t.Key)) });
    },

    async listUserTags(ctx, input) {
      const user = requireUser(store, ctx.accountId, input.UserName);
      const p = page([...user.tags].sort((a, b) => (a.Key < b.Key ? -1 : 1)), (t) => t.Key, input.Marker, input.MaxItems);
      return { Tags: tagsOut(p.items) ?? [], IsTruncated: p.IsTruncated, Marker: p.Marker };
    },

    async createGroup(ctx, input) {
      checkPath(input.Path);
      return store.transaction(() => {
        if (store.getGroup(ctx.accountId, input.GroupName)) throw new EntityAlreadyExistsException(`Group with name ${input.GroupName} already exists.`);
        const row: UserRow = { accountId: ctx.accountId, name: input.GroupName, id: uniqueId('AGPA'), path: normalizePath(input.Path), createDate: nowIso(ctx), tags: [] };
        store.putGroup(row);
        return { Group: groupOut(row) };
      });
    },

    async getGroup(ctx, input) {
      const group = requireGroup(store, ctx.accountId, input.GroupName);
      const users = store.groupMembers(ctx.accountId, group.name).map((n) => store.getUser(ctx.accountId, n)).filter((u): u is UserRow => !!u);
      const p = page(users, (u) => u.name.toLowerCase(), input.Marker, input.MaxItems);
      return { Group: groupOut(group), Users: p.items.map((u) => userOut(u, false)), IsTruncated: p.IsTruncated, Marker: p.Marker };
    },

    async listGroups(ctx, input) {
      const prefix = input.PathPrefix ?? '/';
      const groups = store.listGroups(ctx.accountId).filter((g) => g.path.startsWith(prefix));
      const p = page(groups, (g) => g.name.toLowerCase(), input.Marker, input.MaxItems);
      return { Groups: p.items.map(groupOut), IsTruncated: p.IsTruncated, Marker: p.Marker };
    },

    async listGroupsForUser(ctx, input) {
      const user = requireUser(store, ctx.accountId, input.UserName);
      const groups = store.groupsOfUser(ctx.accountId, user.name).map((n) => store.getGroup(ctx.accountId, n)).filter((g): g is UserRow => !!g);
      const p = page(groups, (g) => g.name.toLowerCase(), input.Marker, input.MaxItems);
      return { Groups: p.items.map(groupOut), IsTruncated: p.IsTruncated, Marker: p.Marker };
    },

    async addUserToGroup(ctx, input) {
      const group = requireGroup(store, ctx.accountId, input.GroupName);
      const user = requireUser(store, ctx.accountId, input.UserName);
      store.setGroupMember(ctx.accountId, group.name, user.name, true);
    },

    async removeUserFromGroup(ctx, input) {
      const group = requireGroup(store, ctx.accountId, input.GroupName);
      const user = requireUser(store, ctx.accountId, input.UserName);
      if (!store.groupMembers(ctx.accountId, group.name).includes(user.name)) {
        throw new NoSuchEntityException(`User ${user.name} is not in group ${group.name}.`);
      }
      store.setGroupMember(ctx.accountId, group.name, user.name, false);
    },

    async deleteGroup(ctx, input) {
      store.transaction(() => {
        const group = requireGroup(store, ctx.accountId, input.GroupName);
        if (store.groupMembers(ctx.accountId, group.name).length) throw new DeleteConflictException('Cannot delete entity, must remove users from group first.');
        if (store.attachedPolicies(ctx.accountId, 'group', group.name).length) throw new DeleteConflictException('Cannot delete entity, must detach all policies first.');
        if (store.inlinePolicyNames(ctx.accountId, 'group', group.name).length) throw new DeleteConflictException('Cannot delete entity, must delete policies first.');
        store.deleteGroup(ctx.accountId, group.name);
      });
    },
  } satisfies Partial<IamService>;
}
