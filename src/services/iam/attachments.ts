// Policies on principals: managed policies attached to roles, users and groups, and inline policies embedded
// in them. The three principal kinds behave alike, so each operation is written once over the kind.
import type { IamService } from '../../aws/generated/iam/service.js';
import type * as T from '../../aws/generated/iam/shapes.js';
import { LimitExceededException, NoSuchEntityException } from '../../aws/generated/iam/errors.js';
import type { IamStore, PrincipalKind } from './store.js';
import { checkPolicyDocument, encodeDocument, page, requireGroup, requirePolicy, requireRole, requireUser } from './common.js';

/** IAM's default quota of managed policies per role, user and group. */
const MANAGED_POLICIES_PER_PRINCIPAL = 10;

const QUOTA_NAME: Record<PrincipalKind, string> = { role: 'PoliciesPerRole', user: 'PoliciesPerUser', group: 'PoliciesPerGroup' };
const INLINE_NAME: Record<PrincipalKind, string> = { role: 'role', user: 'user', group: 'group' };

function principal(store: IamStore, accountId: string, kind: PrincipalKind, name: string): string {
  if (kind === 'role') return requireRole(store, accountId, name).name;
  if (kind === 'user') return requireUser(store, accountId, name).name;
  return requireGroup(store, accountId, name).name;
}

function attach(store: IamStore, accountId: string, kind: PrincipalKind, name: string, arn: string): void {
  store.transaction(() => {
    const p = principal(store, accountId, kind, name);
    requirePolicy(store, accountId, arn, `Policy ${arn} does not exist or is not attachable.`);
    const attached = store.attachedPolicies(accountId, kind, p);
    if (!attached.includes(arn) && attached.length >= MANAGED_POLICIES_PER_PRINCIPAL) {
      throw new LimitExceededException(`Cannot exceed quota for ${QUOTA_NAME[kind]}: ${MANAGED_POLICIES_PER_PRINCIPAL}`);
    }
    store.setAttachment(accountId, kind, p, arn, true);
  });
}

function detach(store: IamStore, accountId: string, kind: PrincipalKind, name: string, arn: string): void {
  store.transaction(() => {
    const p = principal(store, accountId, kind, name);
    if (!store.attachedPolicies(accountId, kind, p).includes(arn)) throw new NoSuchEntityException(`Policy ${arn} was not found.`);
    store.setAttachment(accountId, kind, p, arn, false);
  });
}

function listAttached(store: IamStore, accountId: string, kind: PrincipalKind, name: string, input: { PathPrefix?: string; Marker?: string; MaxItems?: number }) {
  const p = principal(store, accountId, kind, name);
  const prefix = input.PathPrefix ?? '/';
  const attached = store
    .attachedPolicies(accountId, kind, p)
    .map((arn) => store.getPolicy(arn))
    .filter((x): x is NonNullable<typeof x> => !!x && x.path.startsWith(prefix))
    .sort((a, b) => (a.name.toLowerCase() < b.name.toLowerCase() ? -1 : 1));
  const pg = page(attached, (x) => `${x.name.toLowerCase()}\u0000${x.arn}`, input.Marker, input.MaxItems);
  const AttachedPolicies: T.AttachedPolicy[] = pg.items.map((x) => ({ PolicyName: x.name, PolicyArn: x.arn }));
  return { AttachedPolicies, IsTruncated: pg.IsTruncated, Marker: pg.Marker };
}

function putInline(store: IamStore, accountId: string, kind: PrincipalKind, name: string, policyName: string, document: string): void {
  checkPolicyDocument(document);
  const p = principal(store, accountId, kind, name);
  store.putInlinePolicy(accountId, kind, p, policyName, document);
}

function getInline(store: IamStore, accountId: string, kind: PrincipalKind, name: string, policyName: string): { name: string; document: string } {
  const p = principal(store, accountId, kind, name);
  const doc = store.inlinePolicy(accountId, kind, p, policyName);
  if (doc === undefined) throw new NoSuchEntityException(`The ${INLINE_NAME[kind]} policy with name ${policyName} cannot be found.`);
  return { name: p, document: encodeDocument(doc) };
}

function deleteInline(store: IamStore, accountId: string, kind: PrincipalKind, name: string, policyName: string): void {
  const p = principal(store, accountId, kind, name);
  if (store.inlinePolicy(accountId, kind, p, policyName) === undefined) {
    throw new NoSuchEntityException(`The ${INLINE_NAME[kind]} policy with name ${policyName} cannot be found.`);
  }
  store.deleteInlinePolicy(accountId, kind, p, policyName);
}

function listInline(store: IamStore, accountId: string, kind: PrincipalKind, name: string, input: { Marker?: string; MaxItems?: number }) {
  const names = store.inlinePolicyNames(accountId, kind, principal(store, accountId, kind, name));
  const pg = page(names, (n) => n, input.Marker, input.MaxItems);
  return { PolicyNames: pg.items, IsTruncated: pg.IsTruncated, Marker: pg.Marker };
}

export function attachmentOperations(store: IamStore) {
  return {
    async attachRolePolicy(ctx, i) { attach(store, ctx.accountId, 'role', i.RoleName, i.PolicyArn); },
    async attachUserPolicy(ctx, i) { attach(store, ctx.accountId, 'user', i.UserName, i.PolicyArn); },
    async attachGroupPolicy(ctx, i) { attach(store, ctx.accountId, 'group', i.GroupName, i.PolicyArn); },
    async detachRolePolicy(ctx, i) { detach(store, ctx.accountId, 'role', i.RoleName, i.PolicyArn); },
    async detachUserPolicy(ctx, i) { detach(store, ctx.accountId, 'user', i.UserName, i.PolicyArn); },
    async detachGroupPolicy(ctx, i) { detach(store, ctx.accountId, 'group', i.GroupName, i.PolicyArn); },
    async listAttachedRolePolicies(ctx, i) { return listAttached(store, ctx.accountId, 'role', i.RoleName, i); },
    async listAttachedUserPolicies(ctx, i) { return listAttached(store, ctx.accountId, 'user', i.UserName, i); },
    async listAttachedGroupPolicies(ctx, i) { return listAttached(store, ctx.accountId, 'group', i.GroupName, i); },

    async putRolePolicy(ctx, i) { putInline(store, ctx.accountId, 'role', i.RoleName, i.PolicyName, i.PolicyDocument); },
    async putUserPolicy(ctx, i) { putInline(store, ctx.accountId, 'user', i.UserName, i.PolicyName, i.PolicyDocument); },
    async putGroupPolicy(ctx, i) { putInline(store, ctx.accountId, 'group', i.GroupName, i.PolicyName, i.PolicyDocument); },
    async getRolePolicy(ctx, i) {
      const p = getInline(store, ctx.accountId, 'role', i.RoleName, i.PolicyName);
      return { RoleName: p.name, PolicyName: i.PolicyName, PolicyDocument: p.document };
    },
    async getUserPolicy(ctx, i) {
      const p = getInline(store, ctx.accountId, 'user', i.UserName, i.PolicyName);
      return { UserName: p.name, PolicyName: i.PolicyName, PolicyDocument: p.document };
    },
    async getGroupPolicy(ctx, i) {
      const p = getInline(store, ctx.accountId, 'group', i.GroupName, i.PolicyName);
      return { GroupName: p.name, PolicyName: i.PolicyName, PolicyDocument: p.document };
    },
    async deleteRolePolicy(ctx, i) { deleteInline(store, ctx.accountId, 'role', i.RoleName, i.PolicyName); },
    async deleteUserPolicy(ctx, i) { deleteInline(store, ctx.accountId, 'user', i.UserName, i.PolicyName); },
    async deleteGroupPolicy(ctx, i) { deleteInline(store, ctx.accountId, 'group', i.GroupName, i.PolicyName); },
    async listRolePolicies(ctx, i) { return listInline(store, ctx.accountId, 'role', i.RoleName, i); },
    async listUserPolicies(ctx, i) { return listInline(store, ctx.accountId, 'user', i.UserName, i); },
    async listGroupPolicies(ctx, i) { return listInline(store, ctx.accountId, 'group', i.GroupName, i); },
  } satisfies Partial<IamService>;
}
