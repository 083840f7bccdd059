// /version and the health endpoints (/healthz, /livez, /readyz, their checks and verbose forms).
import type { ServerResponse } from 'node:http';
import { sendJson, sendText } from './http.js';

/** 1.33 matches the OpenAPI document we serve; the dispatcher kubectl picks kubectl.1.33 from it. */
export const KUBE_VERSION = { major: '1', minor: '33', patch: '1' };

export function versionInfo(lakestackVersion: string): Record<string, string> {
  return {
    major: KUBE_VERSION.major,
    minor: KUBE_VERSION.minor,
    emulationMajor: KUBE_VERSION.major,
    emulationMinor: KUBE_VERSION.minor,
    minCompatibilityMajor: KUBE_VERSION.major,
    minCompatibilityMinor: String(Number(KUBE_VERSION.minor) - 1),
    gitVersion: `v${KUBE_VERSION.major}.${KUBE_VERSION.minor}.${KUBE_VERSION.patch}+lakestack.${lakestackVersion}`,
    gitCommit: '0000000000000000000000000000000000000000',
    gitTreeState: 'clean',
    buildDate: '2026-01-01T00:00:00Z',
    goVersion: 'go1.24.2',
    compiler: 'gc',
    platform: `${process.platform}/${process.arch === 'x64' ? 'amd64' : process.arch}`,
  };
}

const CHECKS: Record<string, string[]> = {
  healthz: ['ping', 'log', 'etcd', 'poststarthook/start-apiextensions-controllers', 'poststarthook/bootstrap-controller'],
  livez: ['ping', 'log', 'etcd', 'poststarthook/bootstrap-controller'],
  readyz: ['ping', 'log', 'etcd', 'etcd-readiness', 'informer-sync', 'poststarthook/bootstrap-controller', 'shutdown'],
};

/** Serves a health path; false if `pathname` is not one. `healthy` reports the store's state. */
export function serveHealth(pathname: string, query: URLSearchParams, healthy: boolean, res: ServerResponse): boolean {
  const m = /^\/(healthz|livez|readyz)(?:\/(.+))?$/.exec(pathname);
  if (!m) return false;
  const endpoint = m[1]!;
  const checks = CHECKS[endpoint]!;
  const ok = (c: string) => healthy || !c.startsWith('etcd');
  if (m[2]) {
    if (!checks.includes(m[2])) {
      sendText(res, 404, '404 page not found\n');
      return true;
    }
    sendText(res, ok(m[2]) ? 200 : 500, ok(m[2]) ? 'ok' : `[-]${m[2]} failed: reason withheld\n`);
    return true;
  }
  const allOk = checks.every(ok);
  if (query.has('verbose') || !allOk) {
    const lines = checks.map((c) => (ok(c) ? `[+]${c} ok` : `[-]${c} failed: reason withheld`));
    sendText(res, allOk ? 200 : 500, `${lines.join('\n')}\n${endpoint} check ${allOk ? 'passed' : 'failed'}\n`);
    return true;
  }
  sendText(res, 200, 'ok');
  return true;
}

export function serveVersion(pathname: string, lakestackVersion: string, res: ServerResponse): boolean {
  if (pathname !== '/version' && pathname !== '/version/') return false;
  sendJson(res, 200, versionInfo(lakestackVersion));
  return true;
}
