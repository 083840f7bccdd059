// TokenReview: is this bearer token one the cluster accepts, and for whom. Answers for the
// ServiceAccount tokens this cluster signs (a static token file comes with issue 3 item 5).
import type { KindDef, KubeObject } from '../types.js';
import { resource } from '../common.js';

export const tokenreviews: KindDef = {
  info: resource('authentication.k8s.io', 'v1', 'tokenreviews'),
  strategy: { columns: [], row: () => [] },
  review: async (obj: KubeObject, _user, services) => {
    const spec = (obj.spec ?? {}) as { token?: string; audiences?: string[] };
    const u = spec.token ? await services.authenticateToken(spec.token, spec.audiences?.length ? spec.audiences : undefined) : null;
    const status = u
      ? { authenticated: true, user: { username: u.name, uid: u.uid, groups: u.groups }, audiences: spec.audiences?.length ? spec.audiences.filter((a) => u.audiences.includes(a)) : u.audiences }
      : { user: {}, error: 'invalid bearer token' };
    return { ...obj, metadata: { creationTimestamp: null as unknown as string }, status };
  },
};
