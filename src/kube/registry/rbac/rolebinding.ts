// RoleBindings: a Role or ClusterRole granted in one namespace; roleRef is immutable.
// Table: NAME ROLE AGE, wide USERS GROUPS SERVICEACCOUNTS.
import type { KindDef } from '../types.js';
import { resource } from '../common.js';
import { bindingStrategy, type BindingObject } from './common.js';

export const rolebindings: KindDef<BindingObject> = { info: resource('rbac.authorization.k8s.io', 'v1', 'rolebindings'), strategy: bindingStrategy(false) };
