// Simulated EC2 capacity: instance groups or fleets from RunJobFlow's JobFlowInstancesConfig, and one
// Instance per node with an EC2-style id, private DNS name and IP. Resizes add or end instances, so
// ListInstances always shows what the group's count says.
import { randomBytes } from 'node:crypto';
import type * as T from '../../aws/generated/emr/shapes.js';
import { ValidationException } from '../../aws/generated/emr/errors.js';
import { randomUpperId } from '../../core/ids.js';
import { instanceType } from './catalog.js';
import type { ClusterRecord } from './store.js';

export const emrId = (prefix: string): string => `${prefix}-${randomUpperId(13)}`;

function checkType(name: string): void {
  if (!instanceType(name)) throw new ValidationException(`Instance type '${name}' is not supported.`);
}

function newInstance(rec: Pick<ClusterRecord, 'region'>, now: Date, type: string, market: string, owner: { group?: string; fleet?: string }): T.Instance {
  const b = randomBytes(3);
  const ip = `10.0.${b[0]! % 64}.${(b[1]! % 250) + 4}`;
  const domain = rec.region === 'us-east-1' ? 'ec2.internal' : `${rec.region}.compute.internal`;
  return {
    Id: emrId('ci'),
    Ec2InstanceId: `i-${randomBytes(9).toString('hex').slice(0, 17)}`,
    PrivateDnsName: `ip-${ip.replace(/\./g, '-')}.${domain}`,
    PrivateIpAddress: ip,
    PublicDnsName: '',
    Status: { State: 'AWAITING_FULFILLMENT', StateChangeReason: {}, Timeline: { CreationDateTime: now } },
    ...(owner.group ? { InstanceGroupId: owner.group } : {}),
    ...(owner.fleet ? { InstanceFleetId: owner.fleet } : {}),
    Market: market,
    InstanceType: type,
    EbsVolumes: [],
  };
}

/** Groups (or fleets) and their instances for a new cluster; validates types and counts as EMR does. */
export function provision(rec: ClusterRecord, cfg: T.JobFlowInstancesConfig, now: Date): void {
  if (cfg.InstanceFleets?.length) {
    if (cfg.InstanceGroups?.length || cfg.MasterInstanceType) throw new ValidationException('Please specify only one of InstanceFleets, InstanceGroups or InstanceCount/InstanceType.');
    rec.cluster.InstanceCollectionType = 'INSTANCE_FLEET';
    for (const f of cfg.InstanceFleets) addFleet(rec, f, now);
    if (!rec.fleets.some((f) => f.InstanceFleetType === 'MASTER')) throw new ValidationException('The master instance fleet must be specified.');
    return;
  }
  rec.cluster.InstanceCollectionType = 'INSTANCE_GROUP';
  const groups: T.InstanceGroupConfig[] = cfg.InstanceGroups?.length ? cfg.InstanceGroups : [];
  if (!groups.length) {
    if (!cfg.MasterInstanceType) throw new ValidationException('Master instance type must be specified.');
    const count = cfg.InstanceCount ?? 1;
    if (count < 1) throw new ValidationException('Instance count must be greater than 0.');
    groups.push({ Name: 'MASTER', InstanceRole: 'MASTER', InstanceType: cfg.MasterInstanceType, InstanceCount: 1, Market: 'ON_DEMAND' });
    if (count > 1) groups.push({ Name: 'CORE', InstanceRole: 'CORE', InstanceType: cfg.SlaveInstanceType ?? cfg.MasterInstanceType, InstanceCount: count - 1, Market: 'ON_DEMAND' });
  }
  const masters = groups.filter((g) => g.InstanceRole === 'MASTER');
  if (masters.length !== 1) throw new ValidationException('Exactly one MASTER instance group must be specified.');
  if (masters[0]!.InstanceCount !== 1 && masters[0]!.InstanceCount !== 3) throw new ValidationException('The master instance group must have 1 or 3 instances.');
  for (const g of groups) addGroup(rec, g, now);
}

export function addGroup(rec: ClusterRecord, g: T.InstanceGroupConfig, now: Date): T.InstanceGroup {
  checkType(g.InstanceType);
  if (g.InstanceCount < 0) throw new ValidationException('Instance count must not be negative.');
  const group: T.InstanceGroup = {
    Id: emrId('ig'),
    Name: g.Name ?? `${g.InstanceRole[0]}${g.InstanceRole.slice(1).toLowerCase()} Instance Group`,
    Market: g.Market ?? 'ON_DEMAND',
    InstanceGroupType: g.InstanceRole,
    ...(g.BidPrice ? { BidPrice: g.BidPrice } : {}),
    InstanceType: g.InstanceType,
    RequestedInstanceCount: g.InstanceCount,
    RunningInstanceCount: 0,
    Status: { State: 'PROVISIONING', StateChangeReason: { Message: '' }, Timeline: { CreationDateTime: now } },
    Configurations: g.Configurations ?? [],
    ConfigurationsVersion: 0,
    LastSuccessfullyAppliedConfigurations: [],
    LastSuccessfullyAppliedConfigurationsVersion: 0,
    EbsBlockDevices: [],
    ShrinkPolicy: {},
    ...(g.AutoScalingPolicy ? { AutoScalingPolicy: { Status: { State: 'ATTACHED', StateChangeReason: {} }, Constraints: g.AutoScalingPolicy.Constraints, Rules: g.AutoScalingPolicy.Rules } } : {}),
  };
  rec.groups.push(group);
  for (let i = 0; i < g.InstanceCount; i++) rec.instances.push(newInstance(rec, now, g.InstanceType, group.Market!, { group: group.Id }));
  return group;
}

/** Fleets are filled with their first instance type, each instance counting its WeightedCapacity. */
export function addFleet(rec: ClusterRecord, f: T.InstanceFleetConfig, now: Date): T.InstanceFleet {
  const types = f.InstanceTypeConfigs ?? [];
  if (!types.length) throw new ValidationException('An instance fleet must specify at least one instance type config.');
  for (const t of types) checkType(t.InstanceType);
  const fleet: T.InstanceFleet = {
    Id: emrId('if'),
    Name: f.Name ?? `${f.InstanceFleetType[0]}${f.InstanceFleetType.slice(1).toLowerCase()} Instance Fleet`,
    Status: { State: 'PROVISIONING', StateChangeReason: { Message: '' }, Timeline: { CreationDateTime: now } },
    InstanceFleetType: f.InstanceFleetType,
    TargetOnDemandCapacity: f.TargetOnDemandCapacity ?? 0,
    TargetSpotCapacity: f.TargetSpotCapacity ?? 0,
    ProvisionedOnDemandCapacity: 0,
    ProvisionedSpotCapacity: 0,
    InstanceTypeSpecifications: types.map((t) => ({
      InstanceType: t.InstanceType, WeightedCapacity: t.WeightedCapacity ?? 1, BidPrice: t.BidPrice,
      BidPriceAsPercentageOfOnDemandPrice: t.BidPriceAsPercentageOfOnDemandPrice ?? (t.BidPrice ? undefined : 100),
      Configurations: t.Configurations, EbsBlockDevices: [], EbsOptimized: false, Priority: t.Priority,
    })),
    ...(f.LaunchSpecifications ? { LaunchSpecifications: f.LaunchSpecifications } : {}),
    ...(f.ResizeSpecifications ? { ResizeSpecifications: f.ResizeSpecifications } : {}),
  };
  if (f.InstanceFleetType === 'MASTER' && (fleet.TargetOnDemandCapacity! + fleet.TargetSpotCapacity!) !== 1) {
    throw new ValidationException('The master instance fleet must have a target capacity of 1.');
  }
  rec.fleets.push(fleet);
  fillFleet(rec, fleet, now);
  return fleet;
}

function fillFleet(rec: ClusterRecord, fleet: T.InstanceFleet, now: Date): void {
  const spec = fleet.InstanceTypeSpecifications![0]!;
  const weight = spec.WeightedCapacity ?? 1;
  const mine = () => rec.instances.filter((i) => i.InstanceFleetId === fleet.Id && i.Status?.State !== 'TERMINATED');
  for (const [market, target] of [['ON_DEMAND', fleet.TargetOnDemandCapacity ?? 0], ['SPOT', fleet.TargetSpotCapacity ?? 0]] as const) {
    let have = mine().filter((i) => i.Market === market).length * weight;
    while (have < target) {
      rec.instances.push(newInstance(rec, now, spec.InstanceType!, market, { fleet: fleet.Id }));
      have += weight;
    }
    const extra = mine().filter((i) => i.Market === market);
    while (have - weight >= target && extra.length) {
      endInstance(extra.pop()!, now);
      have -= weight;
    }
    if (market === 'ON_DEMAND') fleet.ProvisionedOnDemandCapacity = have;
    else fleet.ProvisionedSpotCapacity = have;
  }
}

export function endInstance(i: T.Instance, now: Date, message = 'Instance was terminated.'): void {
  if (i.Status?.State === 'TERMINATED') return;
  i.Status = { State: 'TERMINATED', StateChangeReason: { Code: 'INSTANCE_FAILURE', Message: message }, Timeline: { ...i.Status?.Timeline, EndDateTime: now } };
}

/** Every instance and group/fleet reaches `state` (RUNNING once bootstrapped, TERMINATED at the end). */
export function settle(rec: ClusterRecord, state: 'BOOTSTRAPPING' | 'RUNNING' | 'TERMINATED', now: Date): void {
  for (const i of rec.instances) {
    if (i.Status?.State === 'TERMINATED') continue;
    if (state === 'TERMINATED') endInstance(i, now, 'Instance was terminated.');
    else i.Status = { State: state, StateChangeReason: {}, Timeline: { ...i.Status?.Timeline, ...(state === 'RUNNING' ? { ReadyDateTime: now } : {}) } };
    if (i.Status?.StateChangeReason?.Code === 'INSTANCE_FAILURE' && state === 'TERMINATED') i.Status.StateChangeReason = { Code: 'CLUSTER_TERMINATED', Message: 'Instance was terminated.' };
  }
  for (const g of [...rec.groups, ...rec.fleets]) {
    const t = g.Status?.Timeline;
    if (state === 'TERMINATED') g.Status = { State: 'TERMINATED', StateChangeReason: { Code: 'CLUSTER_TERMINATED', Message: 'Cluster was terminated.' }, Timeline: { ...t, EndDateTime: now } };
    else g.Status = { State: state, StateChangeReason: { Message: '' }, Timeline: { ...t, ...(state === 'RUNNING' ? { ReadyDateTime: now } : {}) } };
  }
  for (const g of rec.groups) g.RunningInstanceCount = state === 'RUNNING' ? rec.instances.filter((i) => i.InstanceGroupId === g.Id && i.Status?.State === 'RUNNING').length : 0;
}

/** ModifyInstanceGroups: the group's instance list grows or shrinks to the new count at once. */
export function resizeGroup(rec: ClusterRecord, m: T.InstanceGroupModifyConfig, now: Date): void {
  const g = rec.groups.find((x) => x.Id === m.InstanceGroupId);
  if (!g) throw new ValidationException(`Instance group ${m.InstanceGroupId} does not exist in cluster ${rec.cluster.Id}.`);
  if (m.InstanceCount !== undefined) {
    if (g.InstanceGroupType === 'MASTER') throw new ValidationException('A master instance group cannot be resized.');
    if (m.InstanceCount < 0) throw new ValidationException('Instance count must not be negative.');
    const live = () => rec.instances.filter((i) => i.InstanceGroupId === g.Id && i.Status?.State !== 'TERMINATED');
    const chosen = new Set(m.EC2InstanceIdsToTerminate ?? []);
    for (const i of live().filter((x) => chosen.has(x.Ec2InstanceId!))) endInstance(i, now, 'Instance was terminated by a resize.');
    while (live().length > m.InstanceCount) endInstance(live().at(-1)!, now, 'Instance was terminated by a resize.');
    while (live().length < m.InstanceCount) {
      const i = newInstance(rec, now, g.InstanceType!, g.Market!, { group: g.Id });
      i.Status = { State: 'RUNNING', StateChangeReason: {}, Timeline: { CreationDateTime: now, ReadyDateTime: now } };
      rec.instances.push(i);
    }
    g.RequestedInstanceCount = m.InstanceCount;
    g.RunningInstanceCount = live().length;
  }
  if (m.Configurations) {
    g.Configurations = m.Configurations;
    g.ConfigurationsVersion = (g.ConfigurationsVersion ?? 0) + 1;
    g.LastSuccessfullyAppliedConfigurations = m.Configurations;
    g.LastSuccessfullyAppliedConfigurationsVersion = g.ConfigurationsVersion;
  }
}

export function resizeFleet(rec: ClusterRecord, m: T.InstanceFleetModifyConfig, now: Date): void {
  const f = rec.fleets.find((x) => x.Id === m.InstanceFleetId);
  if (!f) throw new ValidationException(`Instance fleet ${m.InstanceFleetId} does not exist in cluster ${rec.cluster.Id}.`);
  if (f.InstanceFleetType === 'MASTER') throw new ValidationException('A master instance fleet cannot be resized.');
  if (m.TargetOnDemandCapacity !== undefined) f.TargetOnDemandCapacity = m.TargetOnDemandCapacity;
  if (m.TargetSpotCapacity !== undefined) f.TargetSpotCapacity = m.TargetSpotCapacity;
  fillFleet(rec, f, now);
  for (const i of rec.instances) if (i.InstanceFleetId === f.Id && i.Status?.State === 'AWAITING_FULFILLMENT') i.Status = { State: 'RUNNING', StateChangeReason: {}, Timeline: { CreationDateTime: now, ReadyDateTime: now } };
}

/** Total YARN capacity of the running core and task nodes (what managed scaling reasons about). */
export function capacity(rec: ClusterRecord): { vcpu: number; memoryGiB: number } {
  let vcpu = 0;
  let memoryGiB = 0;
  for (const i of rec.instances) {
    if (i.Status?.State !== 'RUNNING') continue;
    const role = rec.groups.find((g) => g.Id === i.InstanceGroupId)?.InstanceGroupType ?? rec.fleets.find((f) => f.Id === i.InstanceFleetId)?.InstanceFleetType;
    if (role === 'MASTER' && rec.instances.length > 1) continue;
    const t = instanceType(i.InstanceType!);
    vcpu += t?.vcpu ?? 0;
    memoryGiB += t?.memoryGiB ?? 0;
  }
  return { vcpu, memoryGiB };
}
