// The shape of one row of the generated resource table (src/kube/generated/resources.ts).

export interface SubresourceInfo {
  name: string;
  /** The kind the subresource speaks (e.g. autoscaling/v1 Scale for "scale"). */
  group: string;
  version: string;
  kind: string;
  verbs: readonly string[];
}

export interface ResourceInfo {
  group: string;
  version: string;
  kind: string;
  plural: string;
  singular: string;
  namespaced: boolean;
  verbs: readonly string[];
  shortNames: readonly string[];
  categories: readonly string[];
  subresources: readonly SubresourceInfo[];
}

export interface GroupInfo {
  group: string;
  /** Preferred first. */
  versions: readonly string[];
}

export function apiVersionOf(r: { group: string; version: string }): string {
  return r.group ? `${r.group}/${r.version}` : r.version;
}
