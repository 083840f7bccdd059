// The authorizer the API server and the access reviews share: reads the RBAC objects from the
// cluster's own stores for each decision (no cache, so a new binding counts on the next request)
// and renders a denial as upstream's 403.
import type { KubeObject } from '../registry/types.js';
import type { UserInfo } from '../apiserver/authn.js';
import { StatusError, type KubeStatus } from '../apiserver/status.js';
import { authorize, clusterRoleRules, forbiddenMessage, MASTERS, rulesFor, type Attributes, type BindingObj, type Decision, type PolicyRule, type RbacObjects, type RoleObj } from './rbac.js';

const RBAC = 'rbac.authorization.k8s.io';

export interface RulesReviewStatus {
  resourceRules: Array<{ verbs: string[]; apiGroups?: string[]; resources?: string[]; resourceNames?: string[] }>;
  nonResourceRules: Array<{ verbs: string[]; nonResourceURLs?: string[] }>;
  incomplete: boolean;
  evaluationError?: string;
}

export class RbacAuthorizer {
  constructor(private readonly list: (plural: string, group: string) => Promise<KubeObject[]>) {}

  async objects(): Promise<RbacObjects> {
    const [clusterRoles, roles, clusterRoleBindings, roleBindings] = await Promise.all([
      this.list('clusterroles', RBAC),
      this.list('roles', RBAC),
      this.list('clusterrolebindings', RBAC),
      this.list('rolebindings', RBAC),
    ]);
    return { clusterRoles: clusterRoles as RoleObj[], roles: roles as RoleObj[], clusterRoleBindings: clusterRoleBindings as BindingObj[], roleBindings: roleBindings as BindingObj[] };
  }

  async authorize(a: Attributes): Promise<Decision> {
    // The privileged group needs no reads (and keeps admin requests as cheap as before RBAC).
    if (a.user.groups.includes(MASTERS)) return { allowed: true, reason: '' };
    return authorize(await this.objects(), a);
  }

  /** 403 unless allowed. */
  async check(a: Attributes): Promise<void> {
    const d = await this.authorize(a);
    if (!d.allowed) throw forbidden(a, d.reason);
  }

  /** What SelfSubjectRulesReview reports: the rules that apply in `namespace`, as upstream lists them. */
  async rules(user: UserInfo, namespace: string): Promise<RulesReviewStatus> {
    if (user.groups.includes(MASTERS)) {
      // Upstream answers from RBAC's cluster-admin binding to system:masters: these two rules.
      return { resourceRules: [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }], nonResourceRules: [{ verbs: ['*'], nonResourceURLs: ['*'] }], incomplete: false };
    }
    const objs = await this.objects();
    const { sources, errors } = rulesFor(objs, user, namespace);
    const all: PolicyRule[] = sources.flatMap((s) => s.rules);
    const status: RulesReviewStatus = {
      resourceRules: all.filter((r) => !r.nonResourceURLs?.length).map((r) => ({ verbs: r.verbs, apiGroups: r.apiGroups ?? [], resources: r.resources ?? [], ...(r.resourceNames?.length ? { resourceNames: r.resourceNames } : {}) })),
      nonResourceRules: all.filter((r) => r.nonResourceURLs?.length).map((r) => ({ verbs: r.verbs, nonResourceURLs: r.nonResourceURLs })),
      incomplete: errors.length > 0,
    };
    if (errors.length) status.evaluationError = errors.join(', ');
    return status;
  }

  /** The rules a ClusterRole's aggregation gives it now (for the aggregation controller). */
  static aggregated(role: RoleObj, all: readonly RoleObj[]): PolicyRule[] {
    return clusterRoleRules(role, all);
  }
}

/** Upstream's responsewriters.Forbidden: apierrors.NewForbidden over the forbidden message. */
export function forbidden(a: Attributes, reason: string): StatusError {
  const why = reason ? `${forbiddenMessage(a)}: ${reason}` : forbiddenMessage(a);
  const s: Partial<KubeStatus> = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure' };
  if (!a.resourceRequest) {
    s.message = `forbidden: ${why}`;
    s.reason = 'Forbidden';
    s.details = {};
  } else {
    const qr = a.apiGroup ? `${a.resource}.${a.apiGroup}` : a.resource;
    s.message = a.name ? `${qr} "${a.name}" is forbidden: ${why}` : `${qr} is forbidden: ${why}`;
    s.reason = 'Forbidden';
    s.details = { ...(a.name ? { name: a.name } : {}), ...(a.apiGroup ? { group: a.apiGroup } : {}), kind: a.resource };
  }
  s.code = 403;
  return new StatusError(s as KubeStatus);
}
