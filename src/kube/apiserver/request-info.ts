// Reads what a request asks for from its path and method, as upstream's RequestInfoFactory:
// /api/v1/..., /apis/<group>/<version>/..., optional namespaces/<ns>/, the resource, a name and a
// subresource, and the deprecated /watch/ prefix.

export type Verb = 'get' | 'list' | 'watch' | 'create' | 'update' | 'patch' | 'delete' | 'deletecollection';

export interface RequestInfo {
  group: string;
  version: string;
  namespace: string;
  resource: string;
  name: string;
  subresource: string;
  verb: Verb;
}

/** Null when the path is not under a group-version (discovery and other non-resource paths). */
export function parseResourcePath(method: string, pathname: string, query: URLSearchParams): RequestInfo | { groupVersionOnly: { group: string; version: string } } | null {
  const parts = pathname.split('/').filter((p) => p !== '').map((p) => decodeURIComponent(p));
  let group: string;
  let version: string;
  let rest: string[];
  if (parts[0] === 'api' && parts.length >= 2) {
    group = '';
    version = parts[1]!;
    rest = parts.slice(2);
  } else if (parts[0] === 'apis' && parts.length >= 3) {
    group = parts[1]!;
    version = parts[2]!;
    rest = parts.slice(3);
  } else return null;
  if (rest.length === 0) return { groupVersionOnly: { group, version } };
  let watchPrefix = false;
  if (rest[0] === 'watch') {
    watchPrefix = true;
    rest = rest.slice(1);
  }
  let namespace = '';
  // "namespaces/<ns>/<resource>..." addresses a namespaced resource; "namespaces/<name>[/sub]" is
  // the namespace object itself.
  if (rest[0] === 'namespaces' && rest.length >= 3) {
    namespace = rest[1]!;
    rest = rest.slice(2);
  }
  const [resource = '', name = '', subresource = '', ...extra] = rest;
  if (extra.length) return null;
  let verb: Verb;
  const isWatch = watchPrefix || query.get('watch') === 'true' || query.get('watch') === '1';
  switch (method) {
    case 'GET':
    case 'HEAD':
      verb = isWatch ? 'watch' : name ? 'get' : 'list';
      break;
    case 'POST':
      verb = 'create';
      break;
    case 'PUT':
      verb = 'update';
      break;
    case 'PATCH':
      verb = 'patch';
      break;
    case 'DELETE':
      verb = name ? 'delete' : 'deletecollection';
      break;
    default:
      verb = 'get';
  }
  return { group, version, namespace, resource, name, subresource, verb };
}
