// What a kind is to the API server: its row of the generated resource table and a typed strategy
// with upstream's hooks (k8s.io/apiserver/pkg/registry/rest: BeforeCreate, BeforeUpdate), plus the
// table columns kubectl shows and the fields its field selectors may name.
import type { Attributes, Decision } from '../auth/rbac.js';
import type { RulesReviewStatus } from '../auth/authorizer.js';
import type { ResourceInfo } from '../apiserver/resource-info.js';
import type { StatusCause } from '../apiserver/status.js';
import type { NameRule } from '../apiserver/objects.js';

export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

export interface ObjectMeta {
  name?: string;
  generateName?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  deletionGracePeriodSeconds?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  finalizers?: string[];
  ownerReferences?: OwnerReference[];
  managedFields?: unknown[];
  selfLink?: string;
}

/** Any API object as stored: apiVersion/kind, metadata, and kind-specific fields. */
export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata: ObjectMeta;
  [field: string]: unknown;
}

export interface TableColumn {
  name: string;
  type: 'string' | 'integer' | 'number' | 'boolean' | 'date';
  format: string;
  description: string;
  priority: number;
}

/** What review and subresource handlers may use from the server. */
export interface KindServices {
  issueToken(namespace: string, name: string, uid: string, audiences: string[], expirationSeconds: number): { token: string; expires: Date };
  /** The user a bearer token stands for, if this cluster issued it and it is still good. */
  authenticateToken(token: string, audiences?: string[]): Promise<{ name: string; uid: string; groups: string[]; audiences: string[] } | null>;
  /** The RBAC decision for a request's attributes (the access reviews answer from it). */
  authorize(a: Attributes): Promise<Decision>;
  /** The rules that apply to a user in a namespace (SelfSubjectRulesReview). */
  rulesFor(user: { name: string; groups: string[] }, namespace: string): Promise<RulesReviewStatus>;
}

/** Read access to other resources, for strategies that allocate (ClusterIPs) or look around. */
export interface StrategyContext {
  now: Date;
  list(plural: string, group?: string): Promise<KubeObject[]>;
}

/**
 * The hooks in upstream's order. Create: defaults → prepareForCreate → validate → (metadata checks)
 * → canonicalize. Update: defaults → prepareForUpdate → validateUpdate → canonicalize.
 * Validation returns causes; any cause makes a 422 Invalid.
 */
export interface Strategy<T extends KubeObject = KubeObject> {
  /** Fills defaults, as upstream's defaulting on decode (SetDefaults_*). */
  defaults?(obj: T): void;
  /** Clears what a client may not set on create (status), sets generation. May allocate. */
  prepareForCreate?(obj: T, ctx: StrategyContext): void | Promise<void>;
  validate?(obj: T): StatusCause[];
  canonicalize?(obj: T): void;
  /** Keeps what this endpoint may not change (status on the main resource, spec on /status). */
  prepareForUpdate?(obj: T, old: T): void;
  validateUpdate?(obj: T, old: T): StatusCause[];
  /** PUT on a missing object creates it (upstream: true for a few kinds, e.g. Lease, Endpoints). */
  allowCreateOnUpdate?: boolean;
  /** Columns for `as=Table`, beyond the ones every kind gets (priority 1 = `-o wide`). */
  columns: TableColumn[];
  row(obj: T, now: Date): unknown[];
  /** Field selector keys this kind supports besides metadata.name and metadata.namespace. */
  selectableFields?(obj: T): Record<string, string>;
  /** Grace period used when the client gives none; 0 = delete at once (most kinds). */
  defaultGracePeriod?(obj: T): number;
  /** How metadata.name is checked (upstream's per-kind ValidateObjectMeta name function). */
  nameRule?: NameRule;
  /** DELETE answers with the object rather than a Success Status (upstream: pods, services…). */
  returnDeletedObject?: boolean;
  /**
   * True while something other than metadata.finalizers holds a deleted object (a Namespace's
   * spec.finalizers): DELETE then only marks it, and it goes once this turns false.
   */
  pendingDeletion?(obj: T): boolean;
  /** Runs when DELETE marks the object (a Namespace turns Terminating). */
  prepareForDelete?(obj: T): void;
  /** Unknown-field paths for field validation, for kinds without a built-in OpenAPI schema (custom resources). */
  unknownFields?(obj: T): string[];
  /** Table columns include Name themselves (events list it last, as a wide column). */
  ownsNameColumn?: boolean;
}

/**
 * The scale subresource as data (like a CRD's scale subresource): where replicas live in the
 * object, and how the label selector reads as a string. Served as autoscaling/v1 Scale.
 */
export interface ScaleDef<T extends KubeObject = KubeObject> {
  specReplicas: (obj: T) => number | undefined;
  setSpecReplicas: (obj: T, replicas: number) => void;
  statusReplicas: (obj: T) => number | undefined;
  selector: (obj: T) => string;
}

/** One served resource: its table row and the strategies for the main resource and subresources. */
export interface KindDef<T extends KubeObject = KubeObject> {
  info: ResourceInfo;
  strategy: Strategy<T>;
  /** Subresource name → its strategy (derived from the main one, as upstream's StatusStrategy). */
  subresources?: Record<string, Strategy<T>>;
  scale?: ScaleDef<T>;
  /**
   * Create-only kinds that are answered, never stored (SelfSubjectReview, access reviews): the
   * server validates nothing else and returns what this gives, with 201.
   */
  review?: (obj: T, user: { name: string; groups: string[] }, services: KindServices) => T | Promise<T>;
  /** Create-only subresources that answer with another kind (serviceaccounts/token → TokenRequest). */
  subresourceCreate?: Record<string, (parent: T, body: KubeObject, services: KindServices) => KubeObject | Promise<KubeObject>>;
  /** Served in this version, stored in another: the storage kind and the conversions. */
  conversion?: { storage: KindDef; toStorage(obj: KubeObject): KubeObject; fromStorage(obj: KubeObject): KubeObject };
}

export const NAME_COLUMN: TableColumn = {
  name: 'Name',
  type: 'string',
  format: 'name',
  description: 'Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names',
  priority: 0,
};

export const AGE_COLUMN: TableColumn = {
  name: 'Age',
  type: 'string',
  format: '',
  description: 'CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata',
  priority: 0,
};

export function column(name: string, type: TableColumn['type'], description: string, priority = 0): TableColumn {
  return { name, type, format: '', description, priority };
}
