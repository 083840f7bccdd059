// Clusters and steps in motion. A new cluster goes STARTING → BOOTSTRAPPING (its bootstrap actions really run,
// once per simulated node) → RUNNING while steps run → WAITING, or on to TERMINATING → TERMINATED when it
// should not stay alive; a failed bootstrap action ends it TERMINATED_WITH_ERRORS. Steps run per cluster up to
// its StepConcurrencyLevel, with ActionOnFailure applied when one fails. Transitions are immediate unless
// LAKESTACK_EMR_TRANSITION_MS asks for cloud-like pauses between them.
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import type * as T from '../../aws/generated/emr/shapes.js';
import type { Clock } from '../../core/clock.js';
import { log } from '../../core/log.js';
import type { EngineCatalog } from '../../engine/catalog.js';
import type { QueryEngine } from '../../engine/engine.js';
import type { S3Lake } from '../s3/lake.js';
import { settle } from './instances.js';
import { LogWriter } from './logs.js';
import { runBootstrap } from './bootstrap.js';
import { StepFailure, type ExecContext } from './exec/context.js';
import { BoundedBuffer } from './exec/process.js';
import { runStep } from './exec/step.js';
import type { ClusterRecord, EmrStore } from './store.js';

export interface LifecycleDeps {
  store: EmrStore;
  clock: Clock;
  lake: S3Lake;
  engine: QueryEngine;
  catalog: EngineCatalog;
  dataDir: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
}

const GLUE_FACTORY = 'com.amazonaws.glue.catalog.metastore.AWSGlueDataCatalogHiveClientFactory';
const FINAL = new Set(['TERMINATED', 'TERMINATED_WITH_ERRORS']);
const STEP_DONE = new Set(['COMPLETED', 'CANCELLED', 'FAILED', 'INTERRUPTED']);

/** Properties of the classifications the SQL CLIs read, flattened (hive-site, spark-hive-site, spark-defaults). */
export function sqlProperties(configs: T.Configuration[] | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const c of configs ?? []) {
    if (['hive-site', 'spark-hive-site', 'spark-defaults'].includes(c.Classification ?? '')) for (const [k, v] of Object.entries(c.Properties ?? {})) out.set(k, v);
  }
  return out;
}

/** With the Glue classification the cluster's metastore is the account's Glue catalog; otherwise its own scope. */
export function metastoreRegion(rec: ClusterRecord): string {
  return sqlProperties(rec.cluster.Configurations).get('hive.metastore.client.factory.class') === GLUE_FACTORY ? rec.region : `${rec.region}/emr-metastore/${rec.cluster.Id}`;
}

export class Lifecycle {
  private readonly running = new Map<string, Map<string, AbortController>>();
  private readonly delay = Number(process.env.LAKESTACK_EMR_TRANSITION_MS ?? 0) || 0;
  private readonly idleTimer: NodeJS.Timeout;

  constructor(private readonly d: LifecycleDeps) {
    this.idleTimer = setInterval(() => this.checkIdle(), 1000);
    this.idleTimer.unref();
  }

  private pause(): Promise<void> {
    return this.delay ? new Promise((r) => setTimeout(r, this.delay)) : Promise.resolve();
  }

  private load(id: string): ClusterRecord {
    return this.d.store.clusterById(id)!;
  }

  private setState(rec: ClusterRecord, state: T.ClusterState, reason: T.ClusterStateChangeReason = {}): void {
    const now = this.d.clock.now();
    const tl = rec.cluster.Status!.Timeline!;
    rec.cluster.Status = { State: state, StateChangeReason: reason, Timeline: { ...tl, ...(state === 'WAITING' || state === 'RUNNING' ? { ReadyDateTime: tl.ReadyDateTime ?? now } : {}), ...(FINAL.has(state) ? { EndDateTime: now } : {}) }, ErrorDetails: [] };
    if (state === 'WAITING') rec.idleSince = now.getTime();
    this.d.store.putCluster(rec);
  }

  workDir(id: string): string {
    return path.join(this.d.dataDir, 'emr', id);
  }

  env(rec: ClusterRecord, extra: Record<string, string>): NodeJS.ProcessEnv {
    return {
      PATH: process.env.PATH, LANG: process.env.LANG ?? 'C.UTF-8', USER: 'hadoop',
      AWS_ENDPOINT_URL: rec.endpoint, AWS_ACCESS_KEY_ID: this.d.credentials.accessKeyId, AWS_SECRET_ACCESS_KEY: this.d.credentials.secretAccessKey,
      AWS_DEFAULT_REGION: rec.region, AWS_REGION: rec.region, AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null', AWS_PAGER: '',
      EMR_CLUSTER_ID: rec.cluster.Id!, EMR_RELEASE_LABEL: rec.cluster.ReleaseLabel ?? '', ...extra,
    };
  }

  /** Takes a new cluster from STARTING to WAITING (or to its end), in the background. */
  launch(id: string): void {
    this.bringUp(id).catch((err: unknown) => {
      log.error('emr: cluster start-up failed', { cluster: id, error: err instanceof Error ? err.stack : String(err) });
      const rec = this.load(id);
      if (!FINAL.has(rec.cluster.Status!.State!)) this.finish(rec, 'TERMINATED_WITH_ERRORS', { Code: 'INTERNAL_ERROR', Message: 'Failed to start the cluster: an internal error occurred.' });
    });
  }

  private async bringUp(id: string): Promise<void> {
    await this.pause();
    let rec = this.load(id);
    if (rec.cluster.Status!.State !== 'STARTING') return;
    await fsp.mkdir(this.workDir(id), { recursive: true });
    const region = metastoreRegion(rec);
    const scope = { accountId: rec.accountId, region };
    if (!(await this.d.catalog.getDatabase(scope, 'default'))) {
      await this.d.catalog.createDatabase(scope, { Name: 'default', Description: 'Default Hive database' }).catch(() => undefined);
    }
    settle(rec, 'BOOTSTRAPPING', this.d.clock.now());
    this.setState(rec, 'BOOTSTRAPPING');
    rec.startDateTime = this.d.clock.now();
    const failure = await runBootstrap(rec, { lake: this.d.lake, workDir: this.workDir(id), env: (extra) => this.env(rec, extra), logs: this.logs(rec) });
    await this.pause();
    rec = this.load(id);
    if (rec.cluster.Status!.State !== 'BOOTSTRAPPING') return;
    if (failure) return this.finish(rec, 'TERMINATED_WITH_ERRORS', { Code: 'BOOTSTRAP_FAILURE', Message: failure });
    settle(rec, 'RUNNING', this.d.clock.now());
    rec.cluster.MasterPublicDnsName = rec.instances[0]?.PrivateDnsName;
    this.setState(rec, 'RUNNING', { Message: 'Running step' });
    this.schedule(id);
  }

  private logs(rec: ClusterRecord): LogWriter {
    return new LogWriter(this.d.lake, rec.cluster.LogUri, rec.cluster.Id!, rec.accountId);
  }

  /** Starts pending steps up to the concurrency level; settles the cluster when nothing is left to do. */
  schedule(id: string): void {
    const rec = this.load(id);
    const state = rec.cluster.Status!.State!;
    if (state !== 'RUNNING' && state !== 'WAITING') return;
    const steps = this.d.store.steps(id);
    const active = this.running.get(id) ?? new Map<string, AbortController>();
    this.running.set(id, active);
    const pending = steps.filter((s) => s.step.Status!.State === 'PENDING');
    const level = rec.cluster.StepConcurrencyLevel ?? 1;
    for (const s of pending) {
      if (active.size >= level) break;
      const ac = new AbortController();
      active.set(s.step.Id!, ac);
      this.execute(rec, s.step, ac).catch((err: unknown) => log.error('emr: step runner failed', { step: s.step.Id, error: err instanceof Error ? err.stack : String(err) }));
    }
    if (active.size) {
      if (state === 'WAITING') this.setState(rec, 'RUNNING', { Message: 'Running step' });
      return;
    }
    if (!rec.keepAlive) {
      this.terminate(id, { Code: 'ALL_STEPS_COMPLETED', Message: 'Steps completed' });
      return;
    }
    if (state !== 'WAITING') this.setState(rec, 'WAITING', { Message: 'Cluster ready to run steps.' });
  }

  private async execute(rec: ClusterRecord, step: T.Step, ac: AbortController): Promise<void> {
    const id = rec.cluster.Id!;
    const now = () => this.d.clock.now();
    step.Status = { State: 'RUNNING', StateChangeReason: {}, Timeline: { ...step.Status!.Timeline, StartDateTime: now() } };
    const logs = this.logs(rec);
    if (logs.stepFolder(step.Id!)) step.LogUri = logs.stepFolder(step.Id!);
    this.d.store.putStep(id, step);
    const dir = path.join(this.workDir(id), 'steps', step.Id!);
    await fsp.mkdir(dir, { recursive: true });
    const home = path.join(this.workDir(id), 'nodes', rec.instances[0]?.Ec2InstanceId ?? 'master', 'home');
    await fsp.mkdir(home, { recursive: true });
    const ctx: ExecContext = {
      clusterId: id, accountId: rec.accountId, region: rec.region, lake: this.d.lake, engine: this.d.engine, catalog: this.d.catalog,
      metastoreRegion: metastoreRegion(rec), properties: sqlProperties(rec.cluster.Configurations), dir, home,
      env: this.env(rec, { HOME: home, EMR_STEP_ID: step.Id! }), signal: ac.signal,
      stdout: new BoundedBuffer(), stderr: new BoundedBuffer(), controller: new BoundedBuffer(),
    };
    let failure: string | undefined;
    try {
      await runStep(ctx, step.Config!);
    } catch (e) {
      failure = e instanceof StepFailure ? e.message : `Unknown error: ${e instanceof Error ? e.message : String(e)}`;
      if (!(e instanceof StepFailure)) log.warn('emr: step failed unexpectedly', { step: step.Id, error: e instanceof Error ? e.stack : String(e) });
    }
    const cancelled = ac.signal.aborted;
    if (failure && !cancelled) ctx.stderr.write(`${failure}\n`);
    ctx.controller.write(`INFO ${cancelled ? 'Step was cancelled' : failure ? 'Step failed' : 'Step succeeded'} with exitCode ${failure ? 1 : 0}\n`);
    await Promise.all([
      logs.write(`steps/${step.Id}/controller`, ctx.controller.buffer()),
      logs.write(`steps/${step.Id}/stdout`, ctx.stdout.buffer()),
      logs.write(`steps/${step.Id}/stderr`, ctx.stderr.buffer()),
    ]);
    this.running.get(id)?.delete(step.Id!);
    const tl = { ...step.Status.Timeline, EndDateTime: now() };
    if (cancelled) step.Status = { State: 'CANCELLED', StateChangeReason: { Message: 'Cancelled by user' }, Timeline: tl };
    else if (failure) {
      step.Status = {
        State: 'FAILED', StateChangeReason: {}, Timeline: tl,
        FailureDetails: { Reason: failure.split('\n')[0]!.slice(0, 256), Message: failure.slice(0, 1024), ...(step.LogUri ? { LogFile: `${step.LogUri}stderr.gz` } : {}) },
      };
    } else step.Status = { State: 'COMPLETED', StateChangeReason: {}, Timeline: tl };
    this.d.store.putStep(id, step);
    if (failure && !cancelled) this.onFailure(id, step);
    this.schedule(id);
  }

  /** ActionOnFailure: CONTINUE goes on; CANCEL_AND_WAIT cancels what is pending; TERMINATE_* ends the cluster. */
  private onFailure(id: string, step: T.Step): void {
    const action = step.ActionOnFailure ?? 'CONTINUE';
    if (action === 'CONTINUE') return;
    this.cancelPending(id, `Cancelled because step ${step.Id} failed with ActionOnFailure ${action}`);
    if (action === 'TERMINATE_CLUSTER' || action === 'TERMINATE_JOB_FLOW') {
      this.terminate(id, { Code: 'STEP_FAILURE', Message: `Shut down as step failed` }, 'TERMINATED_WITH_ERRORS');
    }
  }

  private cancelPending(id: string, message: string): void {
    const now = this.d.clock.now();
    for (const s of this.d.store.steps(id)) {
      if (s.step.Status!.State !== 'PENDING') continue;
      s.step.Status = { State: 'CANCELLED', StateChangeReason: { Message: message }, Timeline: { ...s.step.Status!.Timeline, EndDateTime: now } };
      this.d.store.putStep(id, s.step);
    }
  }

  /** CancelSteps: a pending step is cancelled at once, a running one is interrupted (its processes killed). */
  cancel(id: string, stepId: string): 'SUBMITTED' | 'FAILED' {
    const rec = this.d.store.step(id, stepId);
    if (!rec) return 'FAILED';
    const state = rec.step.Status!.State;
    if (state === 'PENDING') {
      rec.step.Status = { State: 'CANCELLED', StateChangeReason: { Message: 'Cancelled by user' }, Timeline: { ...rec.step.Status!.Timeline, EndDateTime: this.d.clock.now() } };
      this.d.store.putStep(id, rec.step);
      return 'SUBMITTED';
    }
    const ac = this.running.get(id)?.get(stepId);
    if (state === 'RUNNING' && ac) {
      rec.step.Status = { ...rec.step.Status, State: 'CANCEL_PENDING' };
      this.d.store.putStep(id, rec.step);
      ac.abort();
      return 'SUBMITTED';
    }
    return 'FAILED';
  }

  /** TERMINATING, then TERMINATED once running steps have been stopped and the nodes released. */
  terminate(id: string, reason: T.ClusterStateChangeReason, final: 'TERMINATED' | 'TERMINATED_WITH_ERRORS' = 'TERMINATED'): void {
    const rec = this.load(id);
    const state = rec.cluster.Status!.State!;
    if (FINAL.has(state) || state === 'TERMINATING') return;
    this.setState(rec, 'TERMINATING', reason);
    this.cancelPending(id, 'Cancelled because the cluster is terminating');
    for (const ac of this.running.get(id)?.values() ?? []) ac.abort();
    void (async () => {
      await this.pause();
      // Steps being stopped write their logs and final state first.
      for (let i = 0; i < 100 && (this.running.get(id)?.size ?? 0) > 0; i++) await new Promise((r) => setTimeout(r, 20));
      this.finish(this.load(id), final, reason);
    })();
  }

  private finish(rec: ClusterRecord, state: 'TERMINATED' | 'TERMINATED_WITH_ERRORS', reason: T.ClusterStateChangeReason): void {
    const now = this.d.clock.now();
    settle(rec, 'TERMINATED', now);
    for (const s of this.d.store.steps(rec.cluster.Id!)) {
      if (STEP_DONE.has(s.step.Status!.State!)) continue;
      s.step.Status = { State: 'CANCELLED', StateChangeReason: { Message: 'Cancelled because the cluster terminated' }, Timeline: { ...s.step.Status!.Timeline, EndDateTime: now } };
      this.d.store.putStep(rec.cluster.Id!, s.step);
    }
    this.setState(rec, state, reason);
    this.running.delete(rec.cluster.Id!);
    void fsp.rm(path.join(this.workDir(rec.cluster.Id!), 'steps'), { recursive: true, force: true });
  }

  private checkIdle(): void {
    const now = this.d.clock.now().getTime();
    for (const rec of this.d.store.liveClusters()) {
      const idle = rec.autoTerminationPolicy?.IdleTimeout;
      if (!idle || rec.cluster.Status!.State !== 'WAITING' || !rec.idleSince) continue;
      if (now - rec.idleSince >= idle * 1000) this.terminate(rec.cluster.Id!, { Code: 'ALL_STEPS_COMPLETED', Message: 'Cluster was terminated due to idle timeout' });
    }
  }

  /**
   * After a restart: a step a previous process was running is FAILED (it cannot be resumed) and its
   * ActionOnFailure applies; clusters caught mid-transition continue from where they were.
   */
  recover(): number {
    let failed = 0;
    for (const rec of this.d.store.liveClusters()) {
      const id = rec.cluster.Id!;
      for (const s of this.d.store.steps(id)) {
        const st = s.step.Status!.State;
        if (st !== 'RUNNING' && st !== 'CANCEL_PENDING') continue;
        failed++;
        const msg = 'Step did not finish: Lakestack stopped while the step was running. Submit it again.';
        s.step.Status = { State: 'FAILED', StateChangeReason: {}, Timeline: { ...s.step.Status!.Timeline, EndDateTime: this.d.clock.now() }, FailureDetails: { Reason: msg, Message: msg } };
        this.d.store.putStep(id, s.step);
        this.onFailure(id, s.step);
      }
      const state = this.load(id).cluster.Status!.State!;
      if (state === 'TERMINATING') this.finish(this.load(id), 'TERMINATED', rec.cluster.Status!.StateChangeReason ?? {});
      else if (state === 'STARTING' || state === 'BOOTSTRAPPING') {
        const r = this.load(id);
        r.cluster.Status!.State = 'STARTING';
        this.d.store.putCluster(r);
        this.launch(id);
      } else this.schedule(id);
    }
    return failed;
  }

  close(): void {
    clearInterval(this.idleTimer);
  }
}
