// The access reviews (kubectl auth can-i): SelfSubjectAccessReview and SelfSubjectRulesReview for
// the caller, SubjectAccessReview and LocalSubjectAccessReview for anyone, all answered by the
// same RBAC authorizer that guards every request.
import type { KindDef, KindServices, KubeObject } from '../types.js';
import { resource } from '../common.js';
import { Errors, Field } from '../../apiserver/status.js';
import type { UserInfo } from '../../apiserver/authn.js';
import type { Attributes } from '../../auth/rbac.js';

interface AccessSpec {
  resourceAttributes?: { namespace?: string; verb?: string; group?: string; version?: string; resource?: string; subresource?: string; name?: string };
  nonResourceAttributes?: { path?: string; verb?: string };
  user?: string;
  groups?: string[];
  uid?: string;
}

const answered = (obj: KubeObject, status: Record<string, unknown>): KubeObject => ({ ...obj, metadata: { ...obj.metadata, creationTimestamp: null as unknown as string }, status });

function attributesOf(kind: string, obj: KubeObject, user: UserInfo): Attributes {
  const spec = (obj.spec ?? {}) as AccessSpec;
  const ra = spec.resourceAttributes;
  const na = spec.nonResourceAttributes;
  if (!!ra === !!na) {
    throw Errors.invalid('authorization.k8s.io', kind, '', [Field.invalid('spec.resourceAttributes', 'null', 'exactly one of nonResourceAttributes or resourceAttributes must be specified')]);
  }
  if (na) return { user, verb: na.verb ?? '', resourceRequest: false, path: na.path ?? '', namespace: '', apiGroup: '', apiVersion: '', resource: '', subresource: '', name: '' };
  return {
    user,
    verb: ra!.verb ?? '',
    resourceRequest: true,
    path: '',
    namespace: ra!.namespace ?? '',
    apiGroup: ra!.group ?? '',
    apiVersion: ra!.version ?? '',
    resource: ra!.resource ?? '',
    subresource: ra!.subresource ?? '',
    name: ra!.name ?? '',
  };
}

async function decide(kind: string, obj: KubeObject, user: UserInfo, services: KindServices): Promise<KubeObject> {
  const d = await services.authorize(attributesOf(kind, obj, user));
  return answered(obj, d.reason ? { allowed: d.allowed, reason: d.reason } : { allowed: d.allowed });
}

/** The subject a SubjectAccessReview names; at least a user or a group, as upstream validates. */
function subjectOf(kind: string, obj: KubeObject): UserInfo {
  const spec = (obj.spec ?? {}) as AccessSpec;
  if (!spec.user && !spec.groups?.length) {
    throw Errors.invalid('authorization.k8s.io', kind, '', [Field.invalid('spec.user,spec.groups', '', 'at least one of user or group must be specified')]);
  }
  return { name: spec.user ?? '', groups: spec.groups ?? [] };
}

export const selfsubjectaccessreviews: KindDef = {
  info: resource('authorization.k8s.io', 'v1', 'selfsubjectaccessreviews'),
  strategy: { columns: [], row: () => [] },
  review: (obj, user, services) => decide('SelfSubjectAccessReview', obj, user, services),
};

export const subjectaccessreviews: KindDef = {
  info: resource('authorization.k8s.io', 'v1', 'subjectaccessreviews'),
  strategy: { columns: [], row: () => [] },
  review: (obj, _user, services) => decide('SubjectAccessReview', obj, subjectOf('SubjectAccessReview', obj), services),
};

export const localsubjectaccessreviews: KindDef = {
  info: resource('authorization.k8s.io', 'v1', 'localsubjectaccessreviews'),
  strategy: { columns: [], row: () => [] },
  review: (obj, _user, services) => {
    const ns = obj.metadata.namespace ?? '';
    const spec = (obj.spec ?? {}) as AccessSpec;
    if (spec.nonResourceAttributes) throw Errors.invalid('authorization.k8s.io', 'LocalSubjectAccessReview', '', [Field.invalid('spec.nonResourceAttributes', spec.nonResourceAttributes, 'disallowed on this kind of request')]);
    if (spec.resourceAttributes && (spec.resourceAttributes.namespace ?? '') !== ns) {
      throw Errors.invalid('authorization.k8s.io', 'LocalSubjectAccessReview', '', [Field.invalid('spec.resourceAttributes.namespace', spec.resourceAttributes.namespace ?? '', 'must match metadata.namespace')]);
    }
    return decide('LocalSubjectAccessReview', obj, subjectOf('LocalSubjectAccessReview', obj), services);
  },
};

export const selfsubjectrulesreviews: KindDef = {
  info: resource('authorization.k8s.io', 'v1', 'selfsubjectrulesreviews'),
  strategy: { columns: [], row: () => [] },
  review: async (obj, user, services) => {
    const ns = ((obj.spec ?? {}) as { namespace?: string }).namespace ?? '';
    return answered(obj, { ...(await services.rulesFor(user, ns)) });
  },
};
