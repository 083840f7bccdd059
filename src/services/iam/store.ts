// IAM's tables. IAM is global: every row is keyed by account only, never by region (a role made through
// us-east-1 is the same role in eu-west-1). AWS-managed policies live under the pseudo-account "aws".
import type { Statement } from 'better-sqlite3';
import type { SqliteDatabase } from '../../storage/db.js';
import { migrate } from '../../storage/db.js';

/** Declares how IAM state is partitioned (STYLE rule 5): per account, shared by every region. */
export const IAM_SCOPE = { account: true, region: false } as const;

export const AWS_ACCOUNT = 'aws';

export interface TagRow {
  Key: string;
  Value: string;
}

export interface UserRow {
  accountId: string;
  name: string;
  id: string;
  path: string;
  createDate: string;
  tags: TagRow[];
}

export interface RoleRow extends UserRow {
  /** The trust policy exactly as the caller sent it (IAM returns it URL-encoded). */
  trustPolicy: string;
  description: string | undefined;
  maxSessionDuration: number;
}

export interface PolicyRow {
  arn: string;
  accountId: string;
  name: string;
  id: string;
  path: string;
  description: string | undefined;
  defaultVersion: string;
  /** The number the next CreatePolicyVersion takes (v1, v2, … are never reused). */
  nextVersion: number;
  createDate: string;
  updateDate: string;
  tags: TagRow[];
}

export interface PolicyVersionRow {
  policyArn: string;
  versionId: string;
  document: string;
  createDate: string;
}

/** Instance profiles have the same row layout as users and groups. */
export type InstanceProfileRow = UserRow;

export interface AccessKeyRow {
  accessKeyId: string;
  accountId: string;
  userName: string;
  status: 'Active' | 'Inactive';
  createDate: string;
}

/** Who a policy is attached to or embedded in. */
export type PrincipalKind = 'user' | 'role' | 'group';

const MIGRATIONS = [
  {
    id: '001-iam',
    sql: `
    CREATE TABLE iam_users (account_id TEXT NOT NULL, name_key TEXT NOT NULL, name TEXT NOT NULL, id TEXT NOT NULL, path TEXT NOT NULL,
      create_date TEXT NOT NULL, tags TEXT NOT NULL, PRIMARY KEY (account_id, name_key));
    CREATE TABLE iam_roles (account_id TEXT NOT NULL, name_key TEXT NOT NULL, name TEXT NOT NULL, id TEXT NOT NULL, path TEXT NOT NULL,
      create_date TEXT NOT NULL, tags TEXT NOT NULL, trust_policy TEXT NOT NULL, description TEXT, max_session_duration INTEGER NOT NULL,
      PRIMARY KEY (account_id, name_key));
    CREATE TABLE iam_groups (account_id TEXT NOT NULL, name_key TEXT NOT NULL, name TEXT NOT NULL, id TEXT NOT NULL, path TEXT NOT NULL,
      create_date TEXT NOT NULL, tags TEXT NOT NULL, PRIMARY KEY (account_id, name_key));
    CREATE TABLE iam_group_members (account_id TEXT NOT NULL, group_name TEXT NOT NULL, user_name TEXT NOT NULL,
      PRIMARY KEY (account_id, group_name, user_name));
    CREATE TABLE iam_instance_profiles (account_id TEXT NOT NULL, name_key TEXT NOT NULL, name TEXT NOT NULL, id TEXT NOT NULL, path TEXT NOT NULL,
      create_date TEXT NOT NULL, tags TEXT NOT NULL, PRIMARY KEY (account_id, name_key));
    CREATE TABLE iam_instance_profile_roles (account_id TEXT NOT NULL, profile_name TEXT NOT NULL, role_name TEXT NOT NULL,
      PRIMARY KEY (account_id, profile_name, role_name));
    CREATE TABLE iam_policies (arn TEXT PRIMARY KEY, account_id TEXT NOT NULL, name TEXT NOT NULL, id TEXT NOT NULL, path TEXT NOT NULL,
      description TEXT, default_version TEXT NOT NULL, next_version INTEGER NOT NULL, create_date TEXT NOT NULL, update_date TEXT NOT NULL,
      tags TEXT NOT NULL);
    CREATE INDEX iam_policies_account ON iam_policies (account_id, name);
    CREATE TABLE iam_policy_versions (policy_arn TEXT NOT NULL REFERENCES iam_policies (arn) ON DELETE CASCADE, version_id TEXT NOT NULL,
      document TEXT NOT NULL, create_date TEXT NOT NULL, PRIMARY KEY (policy_arn, version_id));
    CREATE TABLE iam_attachments (account_id TEXT NOT NULL, kind TEXT NOT NULL, principal TEXT NOT NULL, policy_arn TEXT NOT NULL,
      PRIMARY KEY (account_id, kind, principal, policy_arn));
    CREATE INDEX iam_attachments_policy ON iam_attachments (policy_arn);
    CREATE TABLE iam_inline_policies (account_id TEXT NOT NULL, kind TEXT NOT NULL, principal TEXT NOT NULL, policy_name TEXT NOT NULL,
      document TEXT NOT NULL, PRIMARY KEY (account_id, kind, principal, policy_name));
    CREATE TABLE iam_access_keys (access_key_id TEXT PRIMARY KEY, account_id TEXT NOT NULL, user_name TEXT NOT NULL, status TEXT NOT NULL,
      create_date TEXT NOT NULL);
    CREATE INDEX iam_access_keys_user ON iam_access_keys (account_id, user_name);`,
  },
];

type Raw = Record<string, unknown>;
const str = (v: unknown): string => String(v);
const optStr = (v: unknown): string | undefined => (v === null || v === undefined ? undefined : String(v));

function userFrom(r: Raw): UserRow {
  return { accountId: str(r.account_id), name: str(r.name), id: str(r.id), path: str(r.path), createDate: str(r.create_date), tags: JSON.parse(str(r.tags)) as TagRow[] };
}

function roleFrom(r: Raw): RoleRow {
  return { ...userFrom(r), trustPolicy: str(r.trust_policy), description: optStr(r.description), maxSessionDuration: Number(r.max_session_duration) };
}

function policyFrom(r: Raw): PolicyRow {
  return {
    arn: str(r.arn), accountId: str(r.account_id), name: str(r.name), id: str(r.id), path: str(r.path), description: optStr(r.description),
    defaultVersion: str(r.default_version), nextVersion: Number(r.next_version), createDate: str(r.create_date), updateDate: str(r.update_date),
    tags: JSON.parse(str(r.tags)) as TagRow[],
  };
}

/**
 * Tables are the primitives here (rows in, rows out); the IAM rules (conflicts, quotas, messages) live in the
 * feature files above. Names are unique case-insensitively within an account, as in IAM, hence name_key.
 */
/** One table of users, groups or instance profiles (keyed by account and lower-cased name), statements prepared once. */
class EntityTable {
  private readonly getStmt: Statement<[string, string], Raw>;
  private readonly listStmt: Statement<[string], Raw>;
  private readonly putStmt: Statement<unknown[]>;
  private readonly deleteStmt: Statement<[string, string]>;

  constructor(db: SqliteDatabase, table: string) {
    this.getStmt = db.prepare(`SELECT * FROM ${table} WHERE account_id = ? AND name_key = ?`);
    this.listStmt = db.prepare(`SELECT * FROM ${table} WHERE account_id = ? ORDER BY name_key`);
    this.putStmt = db.prepare(`INSERT OR REPLACE INTO ${table} (account_id, name_key, name, id, path, create_date, tags) VALUES (?, ?, ?, ?, ?, ?, ?)`);
    this.deleteStmt = db.prepare(`DELETE FROM ${table} WHERE account_id = ? AND name_key = ?`);
  }

  get(accountId: string, name: string): UserRow | undefined {
    const r = this.getStmt.get(accountId, name.toLowerCase());
    return r && userFrom(r);
  }
  list(accountId: string): UserRow[] {
    return this.listStmt.all(accountId).map(userFrom);
  }
  put(u: UserRow): void {
    this.putStmt.run(u.accountId, u.name.toLowerCase(), u.name, u.id, u.path, u.createDate, JSON.stringify(u.tags));
  }
  delete(accountId: string, name: string): void {
    this.deleteStmt.run(accountId, name.toLowerCase());
  }
}

/** A many-to-many link between two names (group → users, instance profile → roles). */
class LinkTable {
  private readonly rightOf: Statement<[string, string], Raw>;
  private readonly leftOf: Statement<[string, string], Raw>;
  private readonly add: Statement<[string, string, string]>;
  private readonly remove: Statement<[string, string, string]>;

  constructor(db: SqliteDatabase, table: string, private readonly leftCol: string, private readonly rightCol: string) {
    this.rightOf = db.prepare(`SELECT ${rightCol} FROM ${table} WHERE account_id = ? AND ${leftCol} = ? ORDER BY ${rightCol}`);
    this.leftOf = db.prepare(`SELECT ${leftCol} FROM ${table} WHERE account_id = ? AND ${rightCol} = ? ORDER BY ${leftCol}`);
    this.add = db.prepare(`INSERT OR IGNORE INTO ${table} (account_id, ${leftCol}, ${rightCol}) VALUES (?, ?, ?)`);
    this.remove = db.prepare(`DELETE FROM ${table} WHERE account_id = ? AND ${leftCol} = ? AND ${rightCol} = ?`);
  }

  right(accountId: string, left: string): string[] {
    return this.rightOf.all(accountId, left).map((r) => str(r[this.rightCol]));
  }
  left(accountId: string, right: string): string[] {
    return this.leftOf.all(accountId, right).map((r) => str(r[this.leftCol]));
  }
  set(accountId: string, left: string, right: string, present: boolean): void {
    (present ? this.add : this.remove).run(accountId, left, right);
  }
}

export class IamStore {
  private readonly users: EntityTable;
  private readonly groups: EntityTable;
  private readonly instanceProfiles: EntityTable;
  private readonly groupMembership: LinkTable;
  private readonly profileRolesLink: LinkTable;

  constructor(readonly db: SqliteDatabase) {
    migrate(db, 'iam', MIGRATIONS);
    this.users = new EntityTable(db, 'iam_users');
    this.groups = new EntityTable(db, 'iam_groups');
    this.instanceProfiles = new EntityTable(db, 'iam_instance_profiles');
    this.groupMembership = new LinkTable(db, 'iam_group_members', 'group_name', 'user_name');
    this.profileRolesLink = new LinkTable(db, 'iam_instance_profile_roles', 'profile_name', 'role_name');
  }

  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  // Users, groups and instance profiles share one row layout (roles add their own columns).
  getUser(accountId: string, name: string): UserRow | undefined {
    return this.users.get(accountId, name);
  }
  listUsers(accountId: string): UserRow[] {
    return this.users.list(accountId);
  }
  putUser(u: UserRow): void {
    this.users.put(u);
  }
  deleteUser(accountId: string, name: string): void {
    this.users.delete(accountId, name);
  }

  getRole(accountId: string, name: string): RoleRow | undefined {
    const r = this.db.prepare('SELECT * FROM iam_roles WHERE account_id = ? AND name_key = ?').get(accountId, name.toLowerCase()) as Raw | undefined;
    return r && roleFrom(r);
  }
  listRoles(accountId: string): RoleRow[] {
    return (this.db.prepare('SELECT * FROM iam_roles WHERE account_id = ? ORDER BY name_key').all(accountId) as Raw[]).map(roleFrom);
  }
  putRole(r: RoleRow): void {
    this.db
      .prepare(
        `INSERT OR REPLACE INTO iam_roles (account_id, name_key, name, id, path, create_date, tags, trust_policy, description, max_session_duration)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(r.accountId, r.name.toLowerCase(), r.name, r.id, r.path, r.createDate, JSON.stringify(r.tags), r.trustPolicy, r.description ?? null, r.maxSessionDuration);
  }
  deleteRole(accountId: string, name: string): void {
    this.db.prepare('DELETE FROM iam_roles WHERE account_id = ? AND name_key = ?').run(accountId, name.toLowerCase());
  }

  getGroup(accountId: string, name: string): UserRow | undefined {
    return this.groups.get(accountId, name);
  }
  listGroups(accountId: string): UserRow[] {
    return this.groups.list(accountId);
  }
  putGroup(g: UserRow): void {
    this.groups.put(g);
  }
  deleteGroup(accountId: string, name: string): void {
    this.groups.delete(accountId, name);
  }
  groupMembers(accountId: string, group: string): string[] {
    return this.groupMembership.right(accountId, group);
  }
  groupsOfUser(accountId: string, user: string): string[] {
    return this.groupMembership.left(accountId, user);
  }
  setGroupMember(accountId: string, group: string, user: string, member: boolean): void {
    this.groupMembership.set(accountId, group, user, member);
  }

  getInstanceProfile(accountId: string, name: string): InstanceProfileRow | undefined {
    return this.instanceProfiles.get(accountId, name);
  }
  listInstanceProfiles(accountId: string): InstanceProfileRow[] {
    return this.instanceProfiles.list(accountId);
  }
  putInstanceProfile(p: InstanceProfileRow): void {
    this.instanceProfiles.put(p);
  }
  deleteInstanceProfile(accountId: string, name: string): void {
    this.instanceProfiles.delete(accountId, name);
  }
  profileRoles(accountId: string, profile: string): string[] {
    return this.profileRolesLink.right(accountId, profile);
  }
  profilesOfRole(accountId: string, role: string): string[] {
    return this.profileRolesLink.left(accountId, role);
  }
  setProfileRole(accountId: string, profile: string, role: string, present: boolean): void {
    this.profileRolesLink.set(accountId, profile, role, present);
  }

  getPolicy(arn: string): PolicyRow | undefined {
    const r = this.db.prepare('SELECT * FROM iam_policies WHERE arn = ?').get(arn) as Raw | undefined;
    return r && policyFrom(r);
  }
  /** Policies visible to an account: its own, and with `includeAws` the AWS-managed ones. */
  listPolicies(accountId: string, scope: 'All' | 'AWS' | 'Local'): PolicyRow[] {
    const accounts = scope === 'AWS' ? [AWS_ACCOUNT] : scope === 'Local' ? [accountId] : [accountId, AWS_ACCOUNT];
    const rows = this.db
      .prepare(`SELECT * FROM iam_policies WHERE account_id IN (${accounts.map(() => '?').join(',')}) ORDER BY lower(name), arn`)
      .all(...accounts) as Raw[];
    return rows.map(policyFrom);
  }
  putPolicy(p: PolicyRow): void {
    this.db
      .prepare(
        // An upsert, not INSERT OR REPLACE: a replace deletes the row first, which would cascade to its versions.
        `INSERT INTO iam_policies (arn, account_id, name, id, path, description, default_version, next_version, create_date, update_date, tags)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (arn) DO UPDATE SET description = excluded.description, default_version = excluded.default_version,
           next_version = excluded.next_version, update_date = excluded.update_date, tags = excluded.tags`,
      )
      .run(p.arn, p.accountId, p.name, p.id, p.path, p.description ?? null, p.defaultVersion, p.nextVersion, p.createDate, p.updateDate, JSON.stringify(p.tags));
  }
  deletePolicy(arn: string): void {
    this.db.prepare('DELETE FROM iam_policies WHERE arn = ?').run(arn);
  }
  policyVersions(arn: string): PolicyVersionRow[] {
    const rows = this.db.prepare('SELECT * FROM iam_policy_versions WHERE policy_arn = ? ORDER BY CAST(substr(version_id, 2) AS INTEGER) DESC').all(arn) as Raw[];
    return rows.map((r) => ({ policyArn: str(r.policy_arn), versionId: str(r.version_id), document: str(r.document), createDate: str(r.create_date) }));
  }
  putPolicyVersion(v: PolicyVersionRow): void {
    this.db
      .prepare('INSERT OR REPLACE INTO iam_policy_versions (policy_arn, version_id, document, create_date) VALUES (?, ?, ?, ?)')
      .run(v.policyArn, v.versionId, v.document, v.createDate);
  }
  deletePolicyVersion(arn: string, versionId: string): void {
    this.db.prepare('DELETE FROM iam_policy_versions WHERE policy_arn = ? AND version_id = ?').run(arn, versionId);
  }

  attachedPolicies(accountId: string, kind: PrincipalKind, principal: string): string[] {
    return (this.db.prepare('SELECT policy_arn FROM iam_attachments WHERE account_id = ? AND kind = ? AND principal = ? ORDER BY policy_arn').all(accountId, kind, principal) as Raw[]).map((r) => str(r.policy_arn));
  }
  /** Who in `accountId` has `arn` attached. */
  policyAttachments(accountId: string, arn: string): { kind: PrincipalKind; principal: string }[] {
    const rows = this.db.prepare('SELECT kind, principal FROM iam_attachments WHERE account_id = ? AND policy_arn = ? ORDER BY kind, principal').all(accountId, arn) as Raw[];
    return rows.map((r) => ({ kind: str(r.kind) as PrincipalKind, principal: str(r.principal) }));
  }
  setAttachment(accountId: string, kind: PrincipalKind, principal: string, arn: string, attached: boolean): void {
    const sql = attached
      ? 'INSERT OR IGNORE INTO iam_attachments (account_id, kind, principal, policy_arn) VALUES (?, ?, ?, ?)'
      : 'DELETE FROM iam_attachments WHERE account_id = ? AND kind = ? AND principal = ? AND policy_arn = ?';
    this.db.prepare(sql).run(accountId, kind, principal, arn);
  }

  inlinePolicy(accountId: string, kind: PrincipalKind, principal: string, name: string): string | undefined {
    const r = this.db
      .prepare('SELECT document FROM iam_inline_policies WHERE account_id = ? AND kind = ? AND principal = ? AND policy_name = ?')
      .get(accountId, kind, principal, name) as Raw | undefined;
    return r ? str(r.document) : undefined;
  }
  inlinePolicyNames(accountId: string, kind: PrincipalKind, principal: string): string[] {
    return (this.db.prepare('SELECT policy_name FROM iam_inline_policies WHERE account_id = ? AND kind = ? AND principal = ? ORDER BY policy_name').all(accountId, kind, principal) as Raw[]).map((r) => str(r.policy_name));
  }
  putInlinePolicy(accountId: string, kind: PrincipalKind, principal: string, name: string, document: string): void {
    this.db
      .prepare('INSERT OR REPLACE INTO iam_inline_policies (account_id, kind, principal, policy_name, document) VALUES (?, ?, ?, ?, ?)')
      .run(accountId, kind, principal, name, document);
  }
  deleteInlinePolicy(accountId: string, kind: PrincipalKind, principal: string, name: string): void {
    this.db.prepare('DELETE FROM iam_inline_policies WHERE account_id = ? AND kind = ? AND principal = ? AND policy_name = ?').run(accountId, kind, principal, name);
  }

  accessKey(accessKeyId: string): AccessKeyRow | undefined {
    const r = this.db.prepare('SELECT * FROM iam_access_keys WHERE access_key_id = ?').get(accessKeyId) as Raw | undefined;
    return r && { accessKeyId: str(r.access_key_id), accountId: str(r.account_id), userName: str(r.user_name), status: str(r.status) as AccessKeyRow['status'], createDate: str(r.create_date) };
  }
  accessKeysOf(accountId: string, user: string): AccessKeyRow[] {
    const rows = this.db.prepare('SELECT access_key_id FROM iam_access_keys WHERE account_id = ? AND user_name = ? ORDER BY create_date, access_key_id').all(accountId, user) as Raw[];
    return rows.map((r) => this.accessKey(str(r.access_key_id))!);
  }
  putAccessKey(k: AccessKeyRow): void {
    this.db
      .prepare('INSERT OR REPLACE INTO iam_access_keys (access_key_id, account_id, user_name, status, create_date) VALUES (?, ?, ?, ?, ?)')
      .run(k.accessKeyId, k.accountId, k.userName, k.status, k.createDate);
  }
  deleteAccessKey(accessKeyId: string): void {
    this.db.prepare('DELETE FROM iam_access_keys WHERE access_key_id = ?').run(accessKeyId);
  }
}
