// Roles: namespaced rules. Table: NAME CREATED AT.
import type { KindDef } from '../types.js';
import { resource } from '../common.js';
import { roleStrategy, type RoleObject } from './common.js';

export const roles: KindDef<RoleObject> = { info: resource('rbac.authorization.k8s.io', 'v1', 'roles'), strategy: roleStrategy(false) };
