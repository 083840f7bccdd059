// The kinds this API server serves. Adding a kind is one file under <group>/ and one line here.
import type { KindDef } from './types.js';
import { namespaces } from './core/namespace.js';
import { configmaps } from './core/configmap.js';
import { secrets } from './core/secret.js';
import { serviceaccounts } from './core/serviceaccount.js';
import { pods } from './core/pod.js';
import { services } from './core/service.js';
import { deployments } from './apps/deployment.js';
import { events } from './core/event.js';

export const KINDS: readonly KindDef[] = [namespaces, configmaps, secrets, serviceaccounts, pods, services, events, deployments] as unknown as readonly KindDef[];
