// RBAC evaluation as upstream's plugin/pkg/auth/authorizer/rbac: the rules that apply to a user in a
// namespace come from the ClusterRoleBindings and that namespace's RoleBindings naming the user, one
// of its groups or its ServiceAccount; a request is allowed when one rule covers it. ClusterRoles
// with an aggregationRule take the rules of the ClusterRoles their selectors match, here at
// evaluation time so that a new aggregated role counts at once (the aggregation controller also
// writes them into the stored object, as upstream shows them).
import type { UserInfo } from '../apiserver/authn.js';
import type { KubeObject } from '../registry/types.js';

export interface PolicyRule {
  verbs: string[];
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
}

export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: Array<{ key: string; operator: string; values?: string[] }>;
}

export interface RoleObj extends KubeObject {
  rules?: PolicyRule[];
  aggregationRule?: { clusterRoleSelectors?: LabelSelector[] };
}

export interface Subject {
  kind: string;
  name: string;
  namespace?: string;
  apiGroup?: string;
}

export interface BindingObj extends KubeObject {
  roleRef: { apiGroup: string; kind: string; name: string };
  subjects?: Subject[];
}

/** What a request asks, as upstream's authorizer.Attributes. */
export interface Attributes {
  user: UserInfo;
  verb: string;
  resourceRequest: boolean;
  /** Non-resource requests: the path. */
  path: string;
  namespace: string;
  apiGroup: string;
  apiVersion: string;
  resource: string;
  subresource: string;
  name: string;
}

export interface Decision {
  allowed: boolean;
  reason: string;
}

/** Everything RBAC reads, fetched once per decision. */
export interface RbacObjects {
  clusterRoles: RoleObj[];
  roles: RoleObj[];
  clusterRoleBindings: BindingObj[];
  roleBindings: BindingObj[];
}

export const MASTERS = 'system:masters';

export function selectorMatches(sel: LabelSelector, labels: Record<string, string> = {}): boolean {
  const ml = Object.entries(sel.matchLabels ?? {});
  const me = sel.matchExpressions ?? [];
  // An empty selector matches nothing for aggregation, as upstream's LabelSelectorAsSelector(nil).
  if (!ml.length && !me.length) return false;
  if (!ml.every(([k, v]) => labels[k] === v)) return false;
  return me.every((e) => {
    const has = Object.prototype.hasOwnProperty.call(labels, e.key);
    switch (e.operator) {
      case 'In':
        return has && (e.values ?? []).includes(labels[e.key]!);
      case 'NotIn':
        return !has || !(e.values ?? []).includes(labels[e.key]!);
      case 'Exists':
        return has;
      case 'DoesNotExist':
        return !has;
      default:
        return false;
    }
  });
}

/**
 * The rules of a ClusterRole, its aggregation resolved against `all`. Aggregated roles may select
 * other aggregated roles (view feeds edit, edit feeds admin): resolved recursively, which is where
 * upstream's controller converges.
 */
export function clusterRoleRules(role: RoleObj, all: readonly RoleObj[], visiting: Set<string> = new Set()): PolicyRule[] {
  const selectors = role.aggregationRule?.clusterRoleSelectors;
  if (!selectors) return role.rules ?? [];
  const name = role.metadata.name ?? '';
  visiting.add(name);
  const out: PolicyRule[] = [];
  const seen = new Set<string>();
  for (const sel of selectors) {
    for (const other of all) {
      const otherName = other.metadata.name ?? '';
      if (visiting.has(otherName) || !selectorMatches(sel, other.metadata.labels)) continue;
      for (const r of clusterRoleRules(other, all, visiting)) {
        const key = JSON.stringify(r);
        if (!seen.has(key)) {
          seen.add(key);
          out.push(r);
        }
      }
    }
  }
  visiting.delete(name);
  return out;
}

function appliesTo(user: UserInfo, s: Subject, bindingNamespace: string): boolean {
  switch (s.kind) {
    case 'User':
      return s.name === user.name;
    case 'Group':
      return user.groups.includes(s.name);
    case 'ServiceAccount': {
      const ns = s.namespace || bindingNamespace;
      return !!ns && user.name === `system:serviceaccount:${ns}:${s.name}`;
    }
    default:
      return false;
  }
}

function describeSubject(s: Subject, bindingNamespace: string): string {
  if (s.kind === 'ServiceAccount') return `ServiceAccount "${s.namespace || bindingNamespace}/${s.name}"`;
  return `${s.kind} "${s.name}"`;
}

export interface RuleSource {
  rules: PolicyRule[];
  /** How upstream names the grant in an allow reason. */
  describe: string;
}

/**
 * The rules that apply to `user` in `namespace` ("" = cluster scope only), with the errors upstream
 * reports when a binding names a role that does not exist.
 */
export function rulesFor(objs: RbacObjects, user: UserInfo, namespace: string): { sources: RuleSource[]; errors: string[] } {
  const sources: RuleSource[] = [];
  const errors: string[] = [];
  const clusterRole = (name: string) => objs.clusterRoles.find((r) => r.metadata.name === name);
  for (const b of objs.clusterRoleBindings) {
    const s = (b.subjects ?? []).find((x) => appliesTo(user, x, ''));
    if (!s) continue;
    const role = b.roleRef.kind === 'ClusterRole' ? clusterRole(b.roleRef.name) : undefined;
    if (!role) {
      errors.push(`clusterrole.rbac.authorization.k8s.io "${b.roleRef.name}" not found`);
      continue;
    }
    sources.push({ rules: clusterRoleRules(role, objs.clusterRoles), describe: `ClusterRoleBinding "${b.metadata.name}" of ClusterRole "${role.metadata.name}" to ${describeSubject(s, '')}` });
  }
  if (namespace) {
    for (const b of objs.roleBindings) {
      if (b.metadata.namespace !== namespace) continue;
      const s = (b.subjects ?? []).find((x) => appliesTo(user, x, namespace));
      if (!s) continue;
      let role: RoleObj | undefined;
      let rules: PolicyRule[] = [];
      if (b.roleRef.kind === 'ClusterRole') {
        role = clusterRole(b.roleRef.name);
        if (role) rules = clusterRoleRules(role, objs.clusterRoles);
        else errors.push(`clusterrole.rbac.authorization.k8s.io "${b.roleRef.name}" not found`);
      } else {
        role = objs.roles.find((r) => r.metadata.namespace === namespace && r.metadata.name === b.roleRef.name);
        if (role) rules = role.rules ?? [];
        else errors.push(`role.rbac.authorization.k8s.io "${b.roleRef.name}" not found`);
      }
      if (role) sources.push({ rules, describe: `RoleBinding "${b.metadata.name}/${namespace}" of ${b.roleRef.kind} "${b.roleRef.name}" to ${describeSubject(s, namespace)}` });
    }
  }
  return { sources, errors };
}

const has = (list: readonly string[] | undefined, v: string) => !!list && (list.includes('*') || list.includes(v));

export function ruleAllows(a: Attributes, r: PolicyRule): boolean {
  if (!has(r.verbs, a.verb)) return false;
  if (!a.resourceRequest) {
    return (r.nonResourceURLs ?? []).some((u) => u === '*' || u === a.path || (u.endsWith('*') && a.path.startsWith(u.slice(0, -1))));
  }
  if (!has(r.apiGroups, a.apiGroup)) return false;
  const combined = a.subresource ? `${a.resource}/${a.subresource}` : a.resource;
  const resOk = (r.resources ?? []).some((x) => x === '*' || x === combined || (!!a.subresource && x === `*/${a.subresource}`));
  if (!resOk) return false;
  return !r.resourceNames?.length || r.resourceNames.includes(a.name);
}

/** Upstream's order: system:masters first (the privileged-group authorizer), then RBAC. */
export function authorize(objs: RbacObjects, a: Attributes): Decision {
  if (a.user.groups.includes(MASTERS)) return { allowed: true, reason: '' };
  const { sources, errors } = rulesFor(objs, a.user, a.resourceRequest ? a.namespace : '');
  for (const s of sources) if (s.rules.some((r) => ruleAllows(a, r))) return { allowed: true, reason: `RBAC: allowed by ${s.describe}` };
  return { allowed: false, reason: errors.length ? `RBAC: ${errors.length === 1 ? errors[0] : `[${errors.join(', ')}]`}` : '' };
}

/** The message of upstream's 403 (responsewriters.forbiddenMessage), before NewForbidden wraps it. */
export function forbiddenMessage(a: Attributes): string {
  if (!a.resourceRequest) return `User "${a.user.name}" cannot ${a.verb} path "${a.path}"`;
  const resource = a.subresource ? `${a.resource}/${a.subresource}` : a.resource;
  if (a.namespace) return `User "${a.user.name}" cannot ${a.verb} resource "${resource}" in API group "${a.apiGroup}" in the namespace "${a.namespace}"`;
  return `User "${a.user.name}" cannot ${a.verb} resource "${resource}" in API group "${a.apiGroup}" at the cluster scope`;
}
