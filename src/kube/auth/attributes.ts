// The authorizer attributes of a request, as upstream's RequestInfoFactory and
// WithAuthorization build them: resource requests from the parsed path, everything else a
// non-resource request with its path and a verb from the HTTP method.
import type { UserInfo } from '../apiserver/authn.js';
import type { RequestInfo } from '../apiserver/request-info.js';
import type { Attributes } from './rbac.js';

const NON_RESOURCE_VERBS: Record<string, string> = { GET: 'get', HEAD: 'get', POST: 'post', PUT: 'put', PATCH: 'patch', DELETE: 'delete', OPTIONS: 'options' };

export function nonResourceAttributes(user: UserInfo, method: string, path: string): Attributes {
  return { user, verb: NON_RESOURCE_VERBS[method] ?? method.toLowerCase(), resourceRequest: false, path, namespace: '', apiGroup: '', apiVersion: '', resource: '', subresource: '', name: '' };
}

export function resourceAttributes(user: UserInfo, path: string, info: RequestInfo): Attributes {
  // A namespace addresses itself: /api/v1/namespaces/foo is in the namespace "foo" (upstream sets
  // the namespace from the name), so a RoleBinding in foo can grant reading it.
  const namespace = info.resource === 'namespaces' && !info.namespace ? info.name : info.namespace;
  return { user, verb: info.verb, resourceRequest: true, path, namespace, apiGroup: info.group, apiVersion: info.version, resource: info.resource, subresource: info.subresource, name: info.name };
}
