// IAM: users, groups, access keys, roles with trust policies, managed (customer and AWS) and inline policies,
// attachments and instance profiles, paged as IAM pages.
// Not yet: policy enforcement (policies are stored, never evaluated), permissions boundaries, login profiles
// and MFA, SAML/OIDC providers, server certificates, credential reports, service-linked roles, access-key
// last-use tracking. Those operations answer NotImplemented.
import type { IamService } from '../../aws/generated/iam/service.js';
import type { ServiceDeps } from '../../aws/service-definition.js';
import { iamStoreFor } from './shared.js';
import { roleOperations } from './roles.js';
import { userOperations } from './users.js';
import { accessKeyOperations } from './accesskeys.js';
import { policyOperations } from './policies.js';
import { attachmentOperations } from './attachments.js';
import { instanceProfileOperations } from './instanceprofiles.js';

export type IamProvider = Partial<IamService>;

export function createIamProvider(deps: ServiceDeps): IamProvider {
  const store = iamStoreFor(deps.db);
  return {
    ...roleOperations(store),
    ...userOperations(store),
    ...accessKeyOperations(store, deps.credentials),
    ...policyOperations(store),
    ...attachmentOperations(store),
    ...instanceProfileOperations(store),
  };
}
