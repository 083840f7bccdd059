// ClusterRoles: cluster-wide rules (non-resource URLs allowed). Table: NAME CREATED AT.
import type { KindDef } from '../types.js';
import { resource } from '../common.js';
import { roleStrategy, type RoleObject } from './common.js';

export const clusterroles: KindDef<RoleObject> = { info: resource('rbac.authorization.k8s.io', 'v1', 'clusterroles'), strategy: roleStrategy(true) };
