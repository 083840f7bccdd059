// EMR's tables, per account and region (STYLE rule 5): clusters (the API's Cluster document plus what the
// lifecycle needs: instance groups/fleets, instances, bootstrap actions), steps in submission order,
// security configurations and the block public access configuration. Documents are JSON in the API's shapes;
// timestamps are revived as Dates on the way out.
import { migrate, type SqliteDatabase } from '../../storage/db.js';
import type * as T from '../../aws/generated/emr/shapes.js';

export interface Scope {
  accountId: string;
  region: string;
}

/** A cluster as the service keeps it: the API document and the facts behind it. */
export interface ClusterRecord {
  accountId: string;
  region: string;
  cluster: T.Cluster;
  keepAlive: boolean;
  jobFlowRole?: string;
  bootstrapActions: T.BootstrapActionConfig[];
  groups: T.InstanceGroup[];
  fleets: T.InstanceFleet[];
  instances: T.Instance[];
  /** Lakestack's endpoint as the client reached it: steps' aws CLI and SDKs are pointed at it. */
  endpoint: string;
  autoTerminationPolicy?: T.AutoTerminationPolicy;
  managedScalingPolicy?: T.ManagedScalingPolicy;
  /** When the cluster last had nothing to do (auto-termination's idle clock). */
  idleSince?: number;
  /** StepExecutionState of DescribeJobFlows needs the start of the RUNNING phase. */
  startDateTime?: Date;
}

export interface StepRecord {
  clusterId: string;
  seq: number;
  step: T.Step;
}

const MIGRATIONS = [
  {
    id: '001-emr',
    sql: `
CREATE TABLE emr_clusters (seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, account_id TEXT NOT NULL, region TEXT NOT NULL,
  state TEXT NOT NULL, created_at INTEGER NOT NULL, doc TEXT NOT NULL);
CREATE INDEX emr_clusters_scope ON emr_clusters (account_id, region, seq);
CREATE TABLE emr_steps (seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, cluster_id TEXT NOT NULL, state TEXT NOT NULL, doc TEXT NOT NULL);
CREATE INDEX emr_steps_cluster ON emr_steps (cluster_id, seq);
CREATE TABLE emr_security_configurations (account_id TEXT NOT NULL, region TEXT NOT NULL, name TEXT NOT NULL, doc TEXT NOT NULL,
  created_at INTEGER NOT NULL, PRIMARY KEY (account_id, region, name));
CREATE TABLE emr_block_public_access (account_id TEXT NOT NULL, region TEXT NOT NULL, doc TEXT NOT NULL, PRIMARY KEY (account_id, region));
`,
  },
];

/** JSON.parse that turns the API's *DateTime members (and startDateTime) back into Dates. */
function reviveDates(json: string): unknown {
  return JSON.parse(json, (k, v: unknown) => (typeof v === 'string' && /DateTime$/i.test(k) ? new Date(v) : v));
}

export class EmrStore {
  constructor(readonly db: SqliteDatabase) {
    migrate(db, 'emr', MIGRATIONS);
  }

  cluster(s: Scope, id: string): ClusterRecord | undefined {
    const r = this.db.prepare('SELECT doc FROM emr_clusters WHERE account_id = ? AND region = ? AND id = ?').get(s.accountId, s.region, id) as { doc: string } | undefined;
    return r ? (reviveDates(r.doc) as ClusterRecord) : undefined;
  }

  clusterById(id: string): ClusterRecord | undefined {
    const r = this.db.prepare('SELECT doc FROM emr_clusters WHERE id = ?').get(id) as { doc: string } | undefined;
    return r ? (reviveDates(r.doc) as ClusterRecord) : undefined;
  }

  putCluster(rec: ClusterRecord): void {
    const c = rec.cluster;
    this.db.prepare(`INSERT INTO emr_clusters (id, account_id, region, state, created_at, doc) VALUES (?, ?, ?, ?, ?, ?)
      ON CONFLICT (id) DO UPDATE SET state = excluded.state, doc = excluded.doc`)
      .run(c.Id, rec.accountId, rec.region, c.Status!.State, c.Status!.Timeline!.CreationDateTime!.getTime(), JSON.stringify(rec));
  }

  /** Clusters of a scope, newest first, after the `beforeSeq` marker. */
  clusters(s: Scope, beforeSeq = Number.MAX_SAFE_INTEGER): { seq: number; rec: ClusterRecord }[] {
    return (this.db.prepare('SELECT seq, doc FROM emr_clusters WHERE account_id = ? AND region = ? AND seq < ? ORDER BY seq DESC')
      .all(s.accountId, s.region, beforeSeq) as { seq: number; doc: string }[]).map((r) => ({ seq: r.seq, rec: reviveDates(r.doc) as ClusterRecord }));
  }

  /** Clusters a previous process left alive (anything not TERMINATED*), in every scope. */
  liveClusters(): ClusterRecord[] {
    return (this.db.prepare("SELECT doc FROM emr_clusters WHERE state NOT IN ('TERMINATED', 'TERMINATED_WITH_ERRORS') ORDER BY seq").all() as { doc: string }[])
      .map((r) => reviveDates(r.doc) as ClusterRecord);
  }

  steps(clusterId: string): StepRecord[] {
    return (this.db.prepare('SELECT seq, doc FROM emr_steps WHERE cluster_id = ? ORDER BY seq').all(clusterId) as { seq: number; doc: string }[])
      .map((r) => ({ clusterId, seq: r.seq, step: reviveDates(r.doc) as T.Step }));
  }

  step(clusterId: string, id: string): StepRecord | undefined {
    const r = this.db.prepare('SELECT seq, doc FROM emr_steps WHERE cluster_id = ? AND id = ?').get(clusterId, id) as { seq: number; doc: string } | undefined;
    return r ? { clusterId, seq: r.seq, step: reviveDates(r.doc) as T.Step } : undefined;
  }

  putStep(clusterId: string, step: T.Step): void {
    this.db.prepare(`INSERT INTO emr_steps (id, cluster_id, state, doc) VALUES (?, ?, ?, ?)
      ON CONFLICT (id) DO UPDATE SET state = excluded.state, doc = excluded.doc`).run(step.Id, clusterId, step.Status!.State, JSON.stringify(step));
  }

  securityConfiguration(s: Scope, name: string): { doc: string; created: Date } | undefined {
    const r = this.db.prepare('SELECT doc, created_at FROM emr_security_configurations WHERE account_id = ? AND region = ? AND name = ?')
      .get(s.accountId, s.region, name) as { doc: string; created_at: number } | undefined;
    return r ? { doc: r.doc, created: new Date(r.created_at) } : undefined;
  }

  securityConfigurations(s: Scope): { name: string; created: Date }[] {
    return (this.db.prepare('SELECT name, created_at FROM emr_security_configurations WHERE account_id = ? AND region = ? ORDER BY created_at, name')
      .all(s.accountId, s.region) as { name: string; created_at: number }[]).map((r) => ({ name: r.name, created: new Date(r.created_at) }));
  }

  putSecurityConfiguration(s: Scope, name: string, doc: string, created: Date): void {
    this.db.prepare('INSERT INTO emr_security_configurations (account_id, region, name, doc, created_at) VALUES (?, ?, ?, ?, ?)')
      .run(s.accountId, s.region, name, doc, created.getTime());
  }

  deleteSecurityConfiguration(s: Scope, name: string): boolean {
    return this.db.prepare('DELETE FROM emr_security_configurations WHERE account_id = ? AND region = ? AND name = ?').run(s.accountId, s.region, name).changes > 0;
  }

  blockPublicAccess(s: Scope): { configuration: T.BlockPublicAccessConfiguration; metadata: T.BlockPublicAccessConfigurationMetadata } | undefined {
    const r = this.db.prepare('SELECT doc FROM emr_block_public_access WHERE account_id = ? AND region = ?').get(s.accountId, s.region) as { doc: string } | undefined;
    return r ? (reviveDates(r.doc) as { configuration: T.BlockPublicAccessConfiguration; metadata: T.BlockPublicAccessConfigurationMetadata }) : undefined;
  }

  putBlockPublicAccess(s: Scope, doc: { configuration: T.BlockPublicAccessConfiguration; metadata: T.BlockPublicAccessConfigurationMetadata }): void {
    this.db.prepare(`INSERT INTO emr_block_public_access (account_id, region, doc) VALUES (?, ?, ?)
      ON CONFLICT (account_id, region) DO UPDATE SET doc = excluded.doc`).run(s.accountId, s.region, JSON.stringify(doc));
  }
}
