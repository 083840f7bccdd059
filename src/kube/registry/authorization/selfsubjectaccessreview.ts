// SelfSubjectAccessReview and SelfSubjectRulesReview (kubectl auth can-i). This API server does not
// authorize yet (RBAC enforcement is issue 3 item 5): every authenticated request is allowed, so
// that is the truthful answer. When RBAC lands these answer from the same authorizer.
import type { KindDef, KubeObject } from '../types.js';
import { resource } from '../common.js';

export const selfsubjectaccessreviews: KindDef = {
  info: resource('authorization.k8s.io', 'v1', 'selfsubjectaccessreviews'),
  strategy: { columns: [], row: () => [] },
  review: (obj: KubeObject) => ({ ...obj, metadata: { creationTimestamp: null as unknown as string }, status: { allowed: true } }),
};

export const selfsubjectrulesreviews: KindDef = {
  info: resource('authorization.k8s.io', 'v1', 'selfsubjectrulesreviews'),
  strategy: { columns: [], row: () => [] },
  review: (obj: KubeObject) => ({
    ...obj,
    metadata: { creationTimestamp: null as unknown as string },
    status: { resourceRules: [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }], nonResourceRules: [{ verbs: ['*'], nonResourceURLs: ['*'] }], incomplete: false },
  }),
};
