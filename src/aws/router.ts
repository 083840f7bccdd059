import type { HttpRequest } from './protocol/http.js';
import { queryParam } from './protocol/http.js';
import type { ServiceDefinition } from './service-definition.js';
import type { CredentialScope } from './auth/scope.js';

/**
 * Picks the service a request is for, in DESIGN.md's order: credential scope → X-Amz-Target prefix →
 * Smithy-Protocol path → Action/Version → S3 as the fallback (path and virtual-host style).
 * `form` is the parsed url-encoded body of a query-protocol POST, when there is one.
 */
export class ServiceRouter {
  private readonly bySigningName = new Map<string, ServiceDefinition>();
  private readonly byTargetPrefix = new Map<string, ServiceDefinition>();
  private readonly byQueryVersion = new Map<string, ServiceDefinition>();
  private readonly byCborServiceName = new Map<string, ServiceDefinition>();
  readonly fallback: ServiceDefinition | undefined;

  constructor(readonly services: readonly ServiceDefinition[]) {
    for (const s of services) {
      for (const n of s.signingNames) this.bySigningName.set(n, s);
      const md = s.model.metadata;
      if (md.targetPrefix) {
        this.byTargetPrefix.set(md.targetPrefix, s);
        this.byCborServiceName.set(md.targetPrefix, s);
      }
      const protocols = md.protocols ?? [md.protocol];
      if (protocols.includes('query')) this.byQueryVersion.set(md.apiVersion, s);
    }
    this.fallback = services.find((s) => s.name === 's3');
  }

  route(req: HttpRequest, scope: CredentialScope | undefined, form: URLSearchParams | undefined): ServiceDefinition | undefined {
    if (scope) {
      const s = this.bySigningName.get(scope.service);
      if (s) return s;
    }
    const target = req.headers['x-amz-target'];
    if (target) {
      const dot = target.lastIndexOf('.');
      const s = this.byTargetPrefix.get(dot >= 0 ? target.slice(0, dot) : target);
      if (s) return s;
    }
    if (req.headers['smithy-protocol']) {
      const m = /^\/service\/([^/]+)\/operation\//.exec(req.rawPath);
      const s = m ? this.byCborServiceName.get(m[1]!) : undefined;
      if (s) return s;
    }
    const version = form?.get('Version') ?? queryParam(req, 'Version');
    const action = form?.get('Action') ?? queryParam(req, 'Action');
    if (version && action) {
      const s = this.byQueryVersion.get(version);
      if (s) return s;
    }
    if (scope) return undefined; // signed for a service we do not serve
    return this.fallback;
  }
}
