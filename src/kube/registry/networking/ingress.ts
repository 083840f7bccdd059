// Ingresses: rules and default backend validated for the basics (pathType, backends). Nothing
// routes them yet. Table: NAME CLASS HOSTS ADDRESS PORTS AGE.
import type { KindDef, KubeObject, Strategy } from '../types.js';
import { column } from '../types.js';
import { age } from '../../apiserver/table.js';
import { resource, specStatus, statusStrategyOf, str } from '../common.js';
import { Field, type StatusCause } from '../../apiserver/status.js';
import { AGE } from '../apps/workload.js';

interface Ingress extends KubeObject {
  spec?: {
    ingressClassName?: string;
    defaultBackend?: unknown;
    tls?: Array<{ hosts?: string[] }>;
    rules?: Array<{ host?: string; http?: { paths?: Array<{ path?: string; pathType?: string; backend?: { service?: { name?: string; port?: unknown }; resource?: unknown } }> } }>;
  };
  status?: { loadBalancer?: { ingress?: Array<{ ip?: string; hostname?: string }> } };
}

function validate(obj: Ingress): StatusCause[] {
  const causes: StatusCause[] = [];
  const rules = obj.spec?.rules ?? [];
  if (!rules.length && !obj.spec?.defaultBackend) causes.push(Field.invalid('spec.rules', [], 'either `defaultBackend` or `rules` must be specified'));
  rules.forEach((r, i) =>
    (r.http?.paths ?? []).forEach((p, j) => {
      const at = `spec.rules[${i}].http.paths[${j}]`;
      if (!p.pathType) causes.push(Field.required(`${at}.pathType`, 'pathType must be specified'));
      else if (!['Exact', 'Prefix', 'ImplementationSpecific'].includes(p.pathType)) causes.push(Field.notSupported(`${at}.pathType`, p.pathType, ['Exact', 'ImplementationSpecific', 'Prefix']));
      if (!p.backend?.service && !p.backend?.resource) causes.push(Field.invalid(`${at}.backend`, p.backend ?? null, 'must specify a service or a resource'));
    }),
  );
  return causes;
}

export const ingressStrategy: Strategy<Ingress> = {
  prepareForCreate: specStatus.prepareForCreate,
  validate,
  prepareForUpdate: specStatus.prepareForUpdate,
  validateUpdate: validate,
  columns: [
    column('Class', 'string', 'The name of the IngressClass resource.'),
    column('Hosts', 'string', 'Hosts that incoming requests are matched against before the ingress rule'),
    column('Address', 'string', 'Address is a list containing ingress points for the load-balancer'),
    column('Ports', 'string', 'Ports of TLS configurations that open'),
    AGE,
  ],
  row(obj, now) {
    const hosts = (obj.spec?.rules ?? []).map((r) => r.host).filter((h): h is string => !!h);
    const addr = (obj.status?.loadBalancer?.ingress ?? []).map((i) => i.ip ?? i.hostname ?? '').join(',');
    return [str(obj.spec?.ingressClassName) || '<none>', hosts.join(',') || '*', addr, (obj.spec?.tls ?? []).length ? '80, 443' : '80', age(obj, now)];
  },
};

export const ingresses: KindDef<Ingress> = {
  info: resource('networking.k8s.io', 'v1', 'ingresses'),
  strategy: ingressStrategy,
  subresources: { status: statusStrategyOf(ingressStrategy) },
};
