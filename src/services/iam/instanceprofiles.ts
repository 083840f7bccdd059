// Instance profiles: containers for one role that EC2/EMR instances run as.
import type { IamService } from '../../aws/generated/iam/service.js';
import { DeleteConflictException, EntityAlreadyExistsException, LimitExceededException, NoSuchEntityException } from '../../aws/generated/iam/errors.js';
import type { IamStore, InstanceProfileRow } from './store.js';
import { checkPath, instanceProfileOut, mergeTags, normalizePath, page, requireRole, uniqueId , nowIso } from './common.js';

function requireProfile(store: IamStore, accountId: string, name: string): InstanceProfileRow {
  const p = store.getInstanceProfile(accountId, name);
  if (!p) throw new NoSuchEntityException(`Instance Profile ${name} cannot be found.`);
  return p;
}

export function instanceProfileOperations(store: IamStore) {
  return {
    async createInstanceProfile(ctx, input) {
      checkPath(input.Path);
      return store.transaction(() => {
        if (store.getInstanceProfile(ctx.accountId, input.InstanceProfileName)) {
          throw new EntityAlreadyExistsException(`Instance Profile ${input.InstanceProfileName} already exists.`);
        }
        const row: InstanceProfileRow = {
          accountId: ctx.accountId,
          name: input.InstanceProfileName,
          id: uniqueId('AIPA'),
          path: normalizePath(input.Path),
          createDate: nowIso(ctx),
          tags: mergeTags([], input.Tags),
        };
        store.putInstanceProfile(row);
        return { InstanceProfile: instanceProfileOut(store, row) };
      });
    },

    async getInstanceProfile(ctx, input) {
      return { InstanceProfile: instanceProfileOut(store, requireProfile(store, ctx.accountId, input.InstanceProfileName)) };
    },

    async listInstanceProfiles(ctx, input) {
      const prefix = input.PathPrefix ?? '/';
      const profiles = store.listInstanceProfiles(ctx.accountId).filter((p) => p.path.startsWith(prefix));
      const pg = page(profiles, (p) => p.name.toLowerCase(), input.Marker, input.MaxItems);
      return { InstanceProfiles: pg.items.map((p) => instanceProfileOut(store, p)), IsTruncated: pg.IsTruncated, Marker: pg.Marker };
    },

    async listInstanceProfilesForRole(ctx, input) {
      const role = requireRole(store, ctx.accountId, input.RoleName);
      const profiles = store
        .profilesOfRole(ctx.accountId, role.name)
        .map((n) => store.getInstanceProfile(ctx.accountId, n))
        .filter((p): p is InstanceProfileRow => !!p);
      const pg = page(profiles, (p) => p.name.toLowerCase(), input.Marker, input.MaxItems);
      return { InstanceProfiles: pg.items.map((p) => instanceProfileOut(store, p)), IsTruncated: pg.IsTruncated, Marker: pg.Marker };
    },

    async addRoleToInstanceProfile(ctx, input) {
      store.transaction(() => {
        const profile = requireProfile(store, ctx.accountId, input.InstanceProfileName);
        const role = requireRole(store, ctx.accountId, input.RoleName);
        const roles = store.profileRoles(ctx.accountId, profile.name);
        if (roles.includes(role.name)) throw new LimitExceededException('Cannot exceed quota for InstanceSessionsPerInstanceProfile: 1');
        if (roles.length >= 1) throw new LimitExceededException('Cannot exceed quota for InstanceSessionsPerInstanceProfile: 1');
        store.setProfileRole(ctx.accountId, profile.name, role.name, true);
      });
    },

    async removeRoleFromInstanceProfile(ctx, input) {
      store.transaction(() => {
        const profile = requireProfile(store, ctx.accountId, input.InstanceProfileName);
        const role = requireRole(store, ctx.accountId, input.RoleName);
        if (!store.profileRoles(ctx.accountId, profile.name).includes(role.name)) {
          throw new NoSuchEntityException(`The role with name ${input.RoleName} cannot be found.`);
        }
        store.setProfileRole(ctx.accountId, profile.name, role.name, false);
      });
    },

    async deleteInstanceProfile(ctx, input) {
      store.transaction(() => {
        const profile = requireProfile(store, ctx.accountId, input.InstanceProfileName);
        if (store.profileRoles(ctx.accountId, profile.name).length) {
          throw new DeleteConflictException('Cannot delete entity, must remove roles from instance profile first.');
        }
        store.deleteInstanceProfile(ctx.accountId, profile.name);
      });
    },

    async tagInstanceProfile(ctx, input) {
      const p = requireProfile(store, ctx.accountId, input.InstanceProfileName);
      store.putInstanceProfile({ ...p, tags: mergeTags(p.tags, input.Tags) });
    },

    async untagInstanceProfile(ctx, input) {
      const p = requireProfile(store, ctx.accountId, input.InstanceProfileName);
      const drop = new Set(input.TagKeys);
      store.putInstanceProfile({ ...p, tags: p.tags.filter((t) => !drop.has(t.Key)) });
    },
  } satisfies Partial<IamService>;
}
