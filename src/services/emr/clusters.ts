// Cluster operations: RunJobFlow and what reads or changes a cluster afterwards. Validation follows EMR's
// (release labels, instance types, roles in IAM, applications of the release) with its ValidationException
// and InvalidRequestException wording.
import type { RequestContext } from '../../aws/context.js';
import type * as T from '../../aws/generated/emr/shapes.js';
import { InvalidRequestException, ValidationException } from '../../aws/generated/emr/errors.js';
import type { IamStore } from '../iam/store.js';
import { applicationVersion, release, releaseOs } from './catalog.js';
import { addFleet, addGroup, emrId, provision, resizeFleet, resizeGroup } from './instances.js';
import type { Lifecycle } from './lifecycle.js';
import { newStep } from './steps.js';
import type { ClusterRecord, EmrStore, Scope } from './store.js';

const PAGE = 50;
const FINAL = new Set(['TERMINATED', 'TERMINATED_WITH_ERRORS']);
const scopeOf = (ctx: RequestContext): Scope => ({ accountId: ctx.accountId, region: ctx.region });

export function getCluster(store: EmrStore, ctx: RequestContext, id: string | undefined): ClusterRecord {
  const rec = id ? store.cluster(scopeOf(ctx), id) : undefined;
  if (!rec) throw new InvalidRequestException(`Cluster id '${id}' is not valid.`, { ErrorCode: 'NoSuchCluster' });
  return rec;
}

function roleName(arnOrName: string): string {
  return arnOrName.slice(arnOrName.lastIndexOf('/') + 1);
}

export function clusterOperations(store: EmrStore, life: Lifecycle, iam: IamStore) {
  const live = (rec: ClusterRecord, what: string) => {
    if (FINAL.has(rec.cluster.Status!.State!)) throw new ValidationException(`${what} is not allowed on a terminated cluster: ${rec.cluster.Id}`);
  };
  return {
    async runJobFlow(ctx: RequestContext, input: T.RunJobFlowInput): Promise<T.RunJobFlowOutput> {
      const now = ctx.clock.now();
      if (input.AmiVersion && !input.ReleaseLabel) throw new ValidationException('AMI versions are not supported by Lakestack; use a ReleaseLabel (emr-5.x and later).');
      const label = input.ReleaseLabel ?? 'emr-7.5.0';
      if (!release(label)) throw new ValidationException(`The requested release label '${label}' is not valid.`);
      if (input.ServiceRole && !iam.getRole(ctx.accountId, roleName(input.ServiceRole))) throw new ValidationException(`Invalid ServiceRole: the role ${input.ServiceRole} does not exist.`);
      if (input.JobFlowRole && !iam.getRole(ctx.accountId, roleName(input.JobFlowRole))) throw new ValidationException(`Invalid InstanceProfile: ${input.JobFlowRole}.`);
      if (input.SecurityConfiguration && !store.securityConfiguration(scopeOf(ctx), input.SecurityConfiguration)) {
        throw new ValidationException(`Security configuration '${input.SecurityConfiguration}' does not exist.`);
      }
      const level = input.StepConcurrencyLevel ?? 1;
      if (level < 1 || level > 256) throw new ValidationException('StepConcurrencyLevel must be between 1 and 256.');
      const apps = (input.Applications ?? []).map((a) => {
        const v = applicationVersion(label, a.Name ?? '');
        if (!v) throw new ValidationException(`Specified application: ${a.Name} is invalid for release ${label}.`);
        return { Name: v.name, Version: v.version };
      });
      if (!apps.some((a) => a.Name === 'Hadoop')) apps.unshift({ Name: 'Hadoop', Version: applicationVersion(label, 'Hadoop')!.version });
      const id = emrId('j');
      const host = ctx.http.headers.host ?? '127.0.0.1:4566';
      const rec: ClusterRecord = {
        accountId: ctx.accountId, region: ctx.region,
        cluster: {
          Id: id, Name: input.Name,
          Status: { State: 'STARTING', StateChangeReason: {}, Timeline: { CreationDateTime: now }, ErrorDetails: [] },
          Ec2InstanceAttributes: {
            Ec2KeyName: input.Instances.Ec2KeyName, Ec2SubnetId: input.Instances.Ec2SubnetId, RequestedEc2SubnetIds: input.Instances.Ec2SubnetIds ?? [],
            Ec2AvailabilityZone: input.Instances.Placement?.AvailabilityZone ?? `${ctx.region}a`, RequestedEc2AvailabilityZones: input.Instances.Placement?.AvailabilityZones ?? [],
            IamInstanceProfile: input.JobFlowRole, EmrManagedMasterSecurityGroup: input.Instances.EmrManagedMasterSecurityGroup,
            EmrManagedSlaveSecurityGroup: input.Instances.EmrManagedSlaveSecurityGroup, AdditionalMasterSecurityGroups: input.Instances.AdditionalMasterSecurityGroups ?? [],
            AdditionalSlaveSecurityGroups: input.Instances.AdditionalSlaveSecurityGroups ?? [],
          },
          LogUri: input.LogUri, LogEncryptionKmsKeyId: input.LogEncryptionKmsKeyId, ReleaseLabel: label,
          AutoTerminate: !input.Instances.KeepJobFlowAliveWhenNoSteps, TerminationProtected: input.Instances.TerminationProtected ?? false,
          UnhealthyNodeReplacement: input.Instances.UnhealthyNodeReplacement ?? false, VisibleToAllUsers: input.VisibleToAllUsers ?? true,
          Applications: apps, Tags: input.Tags ?? [], ServiceRole: input.ServiceRole, NormalizedInstanceHours: 0,
          Configurations: input.Configurations ?? [], SecurityConfiguration: input.SecurityConfiguration, AutoScalingRole: input.AutoScalingRole,
          ScaleDownBehavior: input.ScaleDownBehavior ?? 'TERMINATE_AT_TASK_COMPLETION', EbsRootVolumeSize: input.EbsRootVolumeSize ?? 15,
          ClusterArn: `arn:aws:elasticmapreduce:${ctx.region}:${ctx.accountId}:cluster/${id}`, StepConcurrencyLevel: level,
          PlacementGroups: input.PlacementGroupConfigs ?? [], OSReleaseLabel: input.OSReleaseLabel ?? releaseOs(label)[0],
          ...(input.KerberosAttributes ? { KerberosAttributes: input.KerberosAttributes } : {}),
          ...(input.CustomAmiId ? { CustomAmiId: input.CustomAmiId } : {}),
        },
        keepAlive: input.Instances.KeepJobFlowAliveWhenNoSteps ?? false,
        jobFlowRole: input.JobFlowRole,
        bootstrapActions: input.BootstrapActions ?? [],
        groups: [], fleets: [], instances: [],
        endpoint: `http://${host}`,
        ...(input.AutoTerminationPolicy ? { autoTerminationPolicy: input.AutoTerminationPolicy } : {}),
        ...(input.ManagedScalingPolicy ? { managedScalingPolicy: input.ManagedScalingPolicy } : {}),
      };
      provision(rec, input.Instances, now);
      store.putCluster(rec);
      for (const s of input.Steps ?? []) store.putStep(id, newStep(s, now));
      life.launch(id);
      return { JobFlowId: id, ClusterArn: rec.cluster.ClusterArn };
    },

    async describeCluster(ctx: RequestContext, input: T.DescribeClusterInput): Promise<T.DescribeClusterOutput> {
      const rec = getCluster(store, ctx, input.ClusterId);
      return { Cluster: { ...rec.cluster, NormalizedInstanceHours: normalizedHours(rec, ctx.clock.now()) } };
    },

    async listClusters(ctx: RequestContext, input: T.ListClustersInput): Promise<T.ListClustersOutput> {
      const before = input.Marker ? Number(Buffer.from(input.Marker, 'base64').toString()) : Number.MAX_SAFE_INTEGER;
      if (!Number.isFinite(before)) throw new InvalidRequestException('Invalid Marker.');
      const states = new Set(input.ClusterStates ?? []);
      const rows = store.clusters(scopeOf(ctx), before).filter(({ rec }) => {
        const c = rec.cluster;
        const created = c.Status!.Timeline!.CreationDateTime!.getTime();
        return (!states.size || states.has(c.Status!.State!)) && (!input.CreatedAfter || created >= input.CreatedAfter.getTime())
          && (!input.CreatedBefore || created <= input.CreatedBefore.getTime());
      });
      const page = rows.slice(0, PAGE);
      return {
        Clusters: page.map(({ rec }) => ({ Id: rec.cluster.Id, Name: rec.cluster.Name, Status: rec.cluster.Status, NormalizedInstanceHours: normalizedHours(rec, ctx.clock.now()), ClusterArn: rec.cluster.ClusterArn })),
        ...(rows.length > PAGE ? { Marker: Buffer.from(String(page.at(-1)!.seq)).toString('base64') } : {}),
      };
    },

    async terminateJobFlows(ctx: RequestContext, input: T.TerminateJobFlowsInput): Promise<void> {
      const recs = input.JobFlowIds.map((id) => getCluster(store, ctx, id));
      if (recs.some((r) => r.cluster.TerminationProtected && !FINAL.has(r.cluster.Status!.State!))) {
        throw new ValidationException('Could not shut down one or more job flows since they are termination protected.');
      }
      for (const r of recs) life.terminate(r.cluster.Id!, { Code: 'USER_REQUEST', Message: 'Terminated by user request' });
    },

    async setTerminationProtection(ctx: RequestContext, input: T.SetTerminationProtectionInput): Promise<void> {
      for (const id of input.JobFlowIds) {
        const rec = getCluster(store, ctx, id);
        live(rec, 'SetTerminationProtection');
        rec.cluster.TerminationProtected = input.TerminationProtected;
        store.putCluster(rec);
      }
    },

    async setVisibleToAllUsers(ctx: RequestContext, input: T.SetVisibleToAllUsersInput): Promise<void> {
      for (const id of input.JobFlowIds) {
        const rec = getCluster(store, ctx, id);
        rec.cluster.VisibleToAllUsers = input.VisibleToAllUsers;
        store.putCluster(rec);
      }
    },

    async setKeepJobFlowAliveWhenNoSteps(ctx: RequestContext, input: T.SetKeepJobFlowAliveWhenNoStepsInput): Promise<void> {
      for (const id of input.JobFlowIds) {
        const rec = getCluster(store, ctx, id);
        live(rec, 'SetKeepJobFlowAliveWhenNoSteps');
        rec.keepAlive = input.KeepJobFlowAliveWhenNoSteps;
        rec.cluster.AutoTerminate = !rec.keepAlive;
        store.putCluster(rec);
        life.schedule(id);
      }
    },

    async addTags(ctx: RequestContext, input: T.AddTagsInput): Promise<T.AddTagsOutput> {
      const rec = getCluster(store, ctx, input.ResourceId);
      const tags = new Map((rec.cluster.Tags ?? []).map((t) => [t.Key!, t.Value ?? '']));
      for (const t of input.Tags) tags.set(t.Key!, t.Value ?? '');
      rec.cluster.Tags = [...tags].map(([Key, Value]) => ({ Key, Value }));
      store.putCluster(rec);
      return {};
    },

    async removeTags(ctx: RequestContext, input: T.RemoveTagsInput): Promise<T.RemoveTagsOutput> {
      const rec = getCluster(store, ctx, input.ResourceId);
      rec.cluster.Tags = (rec.cluster.Tags ?? []).filter((t) => !input.TagKeys.includes(t.Key!));
      store.putCluster(rec);
      return {};
    },

    async modifyCluster(ctx: RequestContext, input: T.ModifyClusterInput): Promise<T.ModifyClusterOutput> {
      const rec = getCluster(store, ctx, input.ClusterId);
      live(rec, 'ModifyCluster');
      if (input.StepConcurrencyLevel !== undefined) {
        if (input.StepConcurrencyLevel < 1 || input.StepConcurrencyLevel > 256) throw new ValidationException('StepConcurrencyLevel must be between 1 and 256.');
        rec.cluster.StepConcurrencyLevel = input.StepConcurrencyLevel;
      }
      if (input.ExtendedSupport !== undefined) rec.cluster.ExtendedSupport = input.ExtendedSupport;
      store.putCluster(rec);
      life.schedule(rec.cluster.Id!);
      return { StepConcurrencyLevel: rec.cluster.StepConcurrencyLevel, ...(rec.cluster.ExtendedSupport !== undefined ? { ExtendedSupport: rec.cluster.ExtendedSupport } : {}) };
    },

    async listInstances(ctx: RequestContext, input: T.ListInstancesInput): Promise<T.ListInstancesOutput> {
      const rec = getCluster(store, ctx, input.ClusterId);
      const role = (i: T.Instance) => rec.groups.find((g) => g.Id === i.InstanceGroupId)?.InstanceGroupType;
      const ftype = (i: T.Instance) => rec.fleets.find((f) => f.Id === i.InstanceFleetId)?.InstanceFleetType;
      const list = rec.instances.filter((i) => (!input.InstanceGroupId || i.InstanceGroupId === input.InstanceGroupId)
        && (!input.InstanceGroupTypes?.length || input.InstanceGroupTypes.includes(role(i) ?? ''))
        && (!input.InstanceFleetId || i.InstanceFleetId === input.InstanceFleetId)
        && (!input.InstanceFleetType || ftype(i) === input.InstanceFleetType)
        && (!input.InstanceStates?.length || input.InstanceStates.includes(i.Status!.State!)));
      return page(list, input.Marker, (Instances, Marker) => ({ Instances, Marker }));
    },

    async listInstanceGroups(ctx: RequestContext, input: T.ListInstanceGroupsInput): Promise<T.ListInstanceGroupsOutput> {
      const rec = getCluster(store, ctx, input.ClusterId);
      if (rec.cluster.InstanceCollectionType === 'INSTANCE_FLEET') throw new InvalidRequestException('Instance groups are not available for clusters with instance fleets.');
      return page(rec.groups, input.Marker, (InstanceGroups, Marker) => ({ InstanceGroups, Marker }));
    },

    async listInstanceFleets(ctx: RequestContext, input: T.ListInstanceFleetsInput): Promise<T.ListInstanceFleetsOutput> {
      const rec = getCluster(store, ctx, input.ClusterId);
      if (rec.cluster.InstanceCollectionType !== 'INSTANCE_FLEET') throw new InvalidRequestException('Instance fleets are not available for clusters with instance groups.');
      return page(rec.fleets, input.Marker, (InstanceFleets, Marker) => ({ InstanceFleets, Marker }));
    },

    async listBootstrapActions(ctx: RequestContext, input: T.ListBootstrapActionsInput): Promise<T.ListBootstrapActionsOutput> {
      const rec = getCluster(store, ctx, input.ClusterId);
      const list = rec.bootstrapActions.map((b) => ({ Name: b.Name, ScriptPath: b.ScriptBootstrapAction.Path, Args: b.ScriptBootstrapAction.Args ?? [] }));
      return page(list, input.Marker, (BootstrapActions, Marker) => ({ BootstrapActions, Marker }));
    },

    async modifyInstanceGroups(ctx: RequestContext, input: T.ModifyInstanceGroupsInput): Promise<void> {
      const rec = getCluster(store, ctx, input.ClusterId);
      live(rec, 'ModifyInstanceGroups');
      for (const m of input.InstanceGroups ?? []) resizeGroup(rec, m, ctx.clock.now());
      store.putCluster(rec);
    },

    async modifyInstanceFleet(ctx: RequestContext, input: T.ModifyInstanceFleetInput): Promise<void> {
      const rec = getCluster(store, ctx, input.ClusterId);
      live(rec, 'ModifyInstanceFleet');
      resizeFleet(rec, input.InstanceFleet, ctx.clock.now());
      store.putCluster(rec);
    },

    async addInstanceGroups(ctx: RequestContext, input: T.AddInstanceGroupsInput): Promise<T.AddInstanceGroupsOutput> {
      const rec = getCluster(store, ctx, input.JobFlowId);
      live(rec, 'AddInstanceGroups');
      if (input.InstanceGroups.some((g) => g.InstanceRole === 'MASTER')) throw new ValidationException('A master instance group cannot be added to a running cluster.');
      const added = input.InstanceGroups.map((g) => addGroup(rec, g, ctx.clock.now()));
      running(rec, ctx.clock.now());
      store.putCluster(rec);
      return { JobFlowId: rec.cluster.Id, ClusterArn: rec.cluster.ClusterArn, InstanceGroupIds: added.map((g) => g.Id!) };
    },

    async addInstanceFleet(ctx: RequestContext, input: T.AddInstanceFleetInput): Promise<T.AddInstanceFleetOutput> {
      const rec = getCluster(store, ctx, input.ClusterId);
      live(rec, 'AddInstanceFleet');
      const f = addFleet(rec, input.InstanceFleet, ctx.clock.now());
      running(rec, ctx.clock.now());
      store.putCluster(rec);
      return { ClusterId: rec.cluster.Id, InstanceFleetId: f.Id, ClusterArn: rec.cluster.ClusterArn };
    },
  };
}

/** Capacity added to a running cluster is running at once (there is nothing to boot). */
function running(rec: ClusterRecord, now: Date): void {
  if (!['RUNNING', 'WAITING'].includes(rec.cluster.Status!.State!)) return;
  for (const i of rec.instances) if (i.Status?.State === 'AWAITING_FULFILLMENT') i.Status = { State: 'RUNNING', StateChangeReason: {}, Timeline: { ...i.Status.Timeline, ReadyDateTime: now } };
  for (const g of [...rec.groups, ...rec.fleets]) if (g.Status?.State === 'PROVISIONING') g.Status = { State: 'RUNNING', StateChangeReason: { Message: '' }, Timeline: { ...g.Status.Timeline, ReadyDateTime: now } };
  for (const g of rec.groups) g.RunningInstanceCount = rec.instances.filter((i) => i.InstanceGroupId === g.Id && i.Status?.State === 'RUNNING').length;
}

/** EMR's normalized instance hours: each started hour of each instance, weighted by size (xlarge = 8). */
function normalizedHours(rec: ClusterRecord, now: Date): number {
  let total = 0;
  for (const i of rec.instances) {
    const t0 = i.Status?.Timeline?.ReadyDateTime ?? i.Status?.Timeline?.CreationDateTime;
    if (!t0 || i.Status?.State === 'AWAITING_FULFILLMENT') continue;
    const t1 = i.Status?.Timeline?.EndDateTime ?? now;
    const size = i.InstanceType?.split('.')[1] ?? 'xlarge';
    const factor = size === 'large' ? 4 : size === 'xlarge' ? 8 : (Number.parseInt(size, 10) || 1) * 8;
    total += Math.max(1, Math.ceil((t1.getTime() - t0.getTime()) / 3_600_000)) * factor;
  }
  return total;
}

export function page<I, O>(items: I[], marker: string | undefined, make: (items: I[], marker: string | undefined) => O): O {
  const start = marker ? Number(Buffer.from(marker, 'base64').toString()) : 0;
  if (!Number.isInteger(start) || start < 0) throw new InvalidRequestException('Invalid Marker.');
  const slice = items.slice(start, start + PAGE);
  return make(slice, start + PAGE < items.length ? Buffer.from(String(start + PAGE)).toString('base64') : undefined);
}
