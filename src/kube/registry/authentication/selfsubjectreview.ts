// SelfSubjectReview (kubectl auth whoami): the caller's user name and groups as authenticated.
import type { KindDef, KubeObject } from '../types.js';
import { resource } from '../common.js';

export const selfsubjectreviews: KindDef = {
  info: resource('authentication.k8s.io', 'v1', 'selfsubjectreviews'),
  strategy: { columns: [], row: () => [] },
  review: (obj: KubeObject, user) => ({ ...obj, metadata: { creationTimestamp: null as unknown as string }, status: { userInfo: { username: user.name, groups: user.groups } } }),
};
