// IAM's read API for other services in the process (STS reads roles to assume them): a direct store read,
// never an HTTP call between services.
import type { SqliteDatabase } from '../../storage/db.js';
import { IamStore, type RoleRow } from './store.js';
import { seedAwsManagedPolicies } from './aws-managed.js';

/** One IamStore per database, so that every reader sees the tables the IAM provider writes. */
const stores = new WeakMap<SqliteDatabase, IamStore>();

export function iamStoreFor(db: SqliteDatabase): IamStore {
  let store = stores.get(db);
  if (!store) {
    store = new IamStore(db);
    seedAwsManagedPolicies(store);
    stores.set(db, store);
  }
  return store;
}

/** What STS may know about a role. */
export interface IamRoleReader {
  getRole(accountId: string, name: string): RoleRow | undefined;
}

export function iamRoleReader(db: SqliteDatabase): IamRoleReader {
  const store = iamStoreFor(db);
  return { getRole: (accountId, name) => store.getRole(accountId, name) };
}

export type { RoleRow };
