// ClusterRoleBindings: a ClusterRole granted cluster-wide; roleRef is immutable.
// Table: NAME ROLE AGE, wide USERS GROUPS SERVICEACCOUNTS.
import type { KindDef } from '../types.js';
import { resource } from '../common.js';
import { bindingStrategy, type BindingObject } from './common.js';

export const clusterrolebindings: KindDef<BindingObject> = { info: resource('rbac.authorization.k8s.io', 'v1', 'clusterrolebindings'), strategy: bindingStrategy(true) };
