// Step operations: AddJobFlowSteps queues steps (the lifecycle runs them), ListSteps newest first with state
// and id filters, DescribeStep, CancelSteps (pending ones at once, running ones interrupted), and the
// JobFlowDetail view DescribeJobFlows still returns.
import type { RequestContext } from '../../aws/context.js';
import type * as T from '../../aws/generated/emr/shapes.js';
import { InvalidRequestException, ValidationException } from '../../aws/generated/emr/errors.js';
import { emrId } from './instances.js';
import type { Lifecycle } from './lifecycle.js';
import { getCluster, page } from './clusters.js';
import type { ClusterRecord, EmrStore } from './store.js';

const ACTIONS = new Set(['TERMINATE_JOB_FLOW', 'TERMINATE_CLUSTER', 'CANCEL_AND_WAIT', 'CONTINUE']);

export function newStep(s: T.StepConfig, now: Date): T.Step {
  if (s.ActionOnFailure && !ACTIONS.has(s.ActionOnFailure)) throw new ValidationException(`Invalid ActionOnFailure: ${s.ActionOnFailure}`);
  if (!s.HadoopJarStep?.Jar) throw new ValidationException('HadoopJarStep.Jar is required.');
  return {
    Id: emrId('s'),
    Name: s.Name,
    Config: {
      Jar: s.HadoopJarStep.Jar,
      Properties: Object.fromEntries((s.HadoopJarStep.Properties ?? []).map((p) => [p.Key ?? '', p.Value ?? ''])),
      ...(s.HadoopJarStep.MainClass ? { MainClass: s.HadoopJarStep.MainClass } : {}),
      Args: s.HadoopJarStep.Args ?? [],
    },
    ActionOnFailure: s.ActionOnFailure ?? 'TERMINATE_CLUSTER',
    Status: { State: 'PENDING', StateChangeReason: {}, Timeline: { CreationDateTime: now } },
  };
}

const toConfig = (s: T.Step): T.StepConfig => ({
  Name: s.Name!, ActionOnFailure: s.ActionOnFailure,
  HadoopJarStep: { Jar: s.Config!.Jar!, Args: s.Config!.Args ?? [], MainClass: s.Config!.MainClass, Properties: Object.entries(s.Config!.Properties ?? {}).map(([Key, Value]) => ({ Key, Value })) },
});

/** DescribeJobFlows' older vocabulary for a cluster (JobFlowExecutionState). */
export function jobFlowDetail(rec: ClusterRecord, steps: T.Step[]): T.JobFlowDetail {
  const c = rec.cluster;
  const state = c.Status!.State!;
  const legacy = state === 'TERMINATING' ? 'SHUTTING_DOWN' : state === 'TERMINATED_WITH_ERRORS' ? 'FAILED' : state === 'TERMINATED' && c.Status!.StateChangeReason?.Code === 'ALL_STEPS_COMPLETED' ? 'COMPLETED' : state;
  const master = rec.groups.find((g) => g.InstanceGroupType === 'MASTER');
  const core = rec.groups.find((g) => g.InstanceGroupType === 'CORE');
  return {
    JobFlowId: c.Id!, Name: c.Name!, LogUri: c.LogUri, AmiVersion: c.ReleaseLabel,
    ExecutionStatusDetail: {
      State: legacy, CreationDateTime: c.Status!.Timeline!.CreationDateTime!, StartDateTime: rec.startDateTime,
      ReadyDateTime: c.Status!.Timeline!.ReadyDateTime, EndDateTime: c.Status!.Timeline!.EndDateTime, LastStateChangeReason: c.Status!.StateChangeReason?.Message,
    },
    Instances: {
      MasterInstanceType: master?.InstanceType ?? rec.fleets[0]?.InstanceTypeSpecifications?.[0]?.InstanceType ?? '',
      MasterPublicDnsName: c.MasterPublicDnsName, MasterInstanceId: rec.instances[0]?.Ec2InstanceId,
      SlaveInstanceType: core?.InstanceType ?? master?.InstanceType ?? '',
      InstanceCount: rec.instances.filter((i) => i.Status?.State !== 'TERMINATED').length,
      InstanceGroups: rec.groups.map((g) => ({
        InstanceGroupId: g.Id, Name: g.Name, Market: g.Market!, InstanceRole: g.InstanceGroupType!, InstanceType: g.InstanceType!,
        InstanceRequestCount: g.RequestedInstanceCount!, InstanceRunningCount: g.RunningInstanceCount!,
        State: g.Status!.State === 'TERMINATED' ? 'ENDED' : g.Status!.State!, CreationDateTime: g.Status!.Timeline!.CreationDateTime!,
        ReadyDateTime: g.Status!.Timeline!.ReadyDateTime, EndDateTime: g.Status!.Timeline!.EndDateTime,
      })),
      NormalizedInstanceHours: 0, Ec2KeyName: c.Ec2InstanceAttributes?.Ec2KeyName, Ec2SubnetId: c.Ec2InstanceAttributes?.Ec2SubnetId,
      Placement: { AvailabilityZone: c.Ec2InstanceAttributes?.Ec2AvailabilityZone }, KeepJobFlowAliveWhenNoSteps: rec.keepAlive,
      TerminationProtected: c.TerminationProtected, HadoopVersion: c.Applications?.find((a) => a.Name === 'Hadoop')?.Version,
    },
    Steps: steps.map((s) => ({
      StepConfig: toConfig(s),
      ExecutionStatusDetail: {
        State: s.Status!.State === 'CANCEL_PENDING' ? 'RUNNING' : s.Status!.State!, CreationDateTime: s.Status!.Timeline!.CreationDateTime!,
        StartDateTime: s.Status!.Timeline!.StartDateTime, EndDateTime: s.Status!.Timeline!.EndDateTime, LastStateChangeReason: s.Status!.StateChangeReason?.Message,
      },
    })),
    BootstrapActions: rec.bootstrapActions.map((b) => ({ BootstrapActionConfig: b })),
    SupportedProducts: [], VisibleToAllUsers: c.VisibleToAllUsers, JobFlowRole: rec.jobFlowRole, ServiceRole: c.ServiceRole,
    AutoScalingRole: c.AutoScalingRole, ScaleDownBehavior: c.ScaleDownBehavior,
  };
}

export function stepOperations(store: EmrStore, life: Lifecycle) {
  return {
    async addJobFlowSteps(ctx: RequestContext, input: T.AddJobFlowStepsInput): Promise<T.AddJobFlowStepsOutput> {
      const rec = getCluster(store, ctx, input.JobFlowId);
      const state = rec.cluster.Status!.State!;
      if (['TERMINATING', 'TERMINATED', 'TERMINATED_WITH_ERRORS'].includes(state)) {
        throw new ValidationException(`A job flow that is shutting down, terminated, or finished may not be modified.`);
      }
      if (store.steps(rec.cluster.Id!).length + input.Steps.length > 256 + 1000) throw new ValidationException('Maximum number of steps for a cluster exceeded.');
      const now = ctx.clock.now();
      const steps = input.Steps.map((s) => newStep(s, now));
      for (const s of steps) store.putStep(rec.cluster.Id!, s);
      life.schedule(rec.cluster.Id!);
      return { StepIds: steps.map((s) => s.Id!) };
    },

    async listSteps(ctx: RequestContext, input: T.ListStepsInput): Promise<T.ListStepsOutput> {
      const rec = getCluster(store, ctx, input.ClusterId);
      const states = new Set(input.StepStates ?? []);
      const ids = new Set(input.StepIds ?? []);
      const list = store.steps(rec.cluster.Id!).reverse().map((s) => s.step)
        .filter((s) => (!states.size || states.has(s.Status!.State!)) && (!ids.size || ids.has(s.Id!)));
      return page(list, input.Marker, (Steps, Marker) => ({ Steps, Marker }));
    },

    async describeStep(ctx: RequestContext, input: T.DescribeStepInput): Promise<T.DescribeStepOutput> {
      const rec = getCluster(store, ctx, input.ClusterId);
      const s = store.step(rec.cluster.Id!, input.StepId);
      if (!s) throw new InvalidRequestException(`Step id '${input.StepId}' is not valid.`, { ErrorCode: 'NoSuchStep' });
      return { Step: s.step };
    },

    async cancelSteps(ctx: RequestContext, input: T.CancelStepsInput): Promise<T.CancelStepsOutput> {
      const rec = getCluster(store, ctx, input.ClusterId);
      return {
        CancelStepsInfoList: input.StepIds.map((id) => {
          const status = life.cancel(rec.cluster.Id!, id);
          return { StepId: id, Status: status, Reason: status === 'FAILED' ? (store.step(rec.cluster.Id!, id) ? 'Step is not in a state that can be cancelled.' : `Step id '${id}' is not valid.`) : '' };
        }),
      };
    },

    async describeJobFlows(ctx: RequestContext, input: T.DescribeJobFlowsInput): Promise<T.DescribeJobFlowsOutput> {
      const ids = new Set(input.JobFlowIds ?? []);
      const states = new Set(input.JobFlowStates ?? []);
      const all = store.clusters({ accountId: ctx.accountId, region: ctx.region }).map((r) => r.rec).filter((r) => !ids.size || ids.has(r.cluster.Id!));
      const details = all.map((r) => jobFlowDetail(r, store.steps(r.cluster.Id!).map((s) => s.step)))
        .filter((d) => (!states.size || states.has(d.ExecutionStatusDetail.State))
          && (!input.CreatedAfter || d.ExecutionStatusDetail.CreationDateTime >= input.CreatedAfter)
          && (!input.CreatedBefore || d.ExecutionStatusDetail.CreationDateTime <= input.CreatedBefore));
      return { JobFlows: details.slice(0, 512) };
    },
  };
}
