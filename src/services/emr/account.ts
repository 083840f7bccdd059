// Account-level EMR: releases (ListReleaseLabels, DescribeReleaseLabel, ListSupportedInstanceTypes), security
// configurations, the block public access configuration, and the per-cluster scaling and auto-termination
// policies (stored on the cluster; auto-termination acts on the idle clock).
import type { RequestContext } from '../../aws/context.js';
import type * as T from '../../aws/generated/emr/shapes.js';
import { InvalidRequestException, ValidationException } from '../../aws/generated/emr/errors.js';
import { instanceType, instanceTypeNames, release, releaseApplications, releaseLabels, releaseOs } from './catalog.js';
import { getCluster, page } from './clusters.js';
import type { EmrStore } from './store.js';

export function accountOperations(store: EmrStore) {
  const scope = (ctx: RequestContext) => ({ accountId: ctx.accountId, region: ctx.region });
  return {
    async listReleaseLabels(_ctx: RequestContext, input: T.ListReleaseLabelsInput): Promise<T.ListReleaseLabelsOutput> {
      const labels = releaseLabels().filter((l) => (!input.Filters?.Prefix || l.startsWith(input.Filters.Prefix))
        && (!input.Filters?.Application || releaseApplications(l).some((a) => `${a.Name}@${a.Version}`.toLowerCase().startsWith(input.Filters!.Application!.toLowerCase()) || a.Name.toLowerCase() === input.Filters!.Application!.toLowerCase())));
      const start = input.NextToken ? Number(input.NextToken) : 0;
      const max = input.MaxResults ?? 100;
      return { ReleaseLabels: labels.slice(start, start + max), ...(start + max < labels.length ? { NextToken: String(start + max) } : {}) };
    },

    async describeReleaseLabel(_ctx: RequestContext, input: T.DescribeReleaseLabelInput): Promise<T.DescribeReleaseLabelOutput> {
      const label = input.ReleaseLabel ?? releaseLabels()[0]!;
      if (!release(label)) throw new ValidationException(`The requested release label '${label}' is not valid.`);
      return { ReleaseLabel: label, Applications: releaseApplications(label), AvailableOSReleases: releaseOs(label).map((Label) => ({ Label })) };
    },

    async listSupportedInstanceTypes(_ctx: RequestContext, input: T.ListSupportedInstanceTypesInput): Promise<T.ListSupportedInstanceTypesOutput> {
      if (!release(input.ReleaseLabel)) throw new ValidationException(`The requested release label '${input.ReleaseLabel}' is not valid.`);
      const list = instanceTypeNames().map((t) => {
        const i = instanceType(t)!;
        return { Type: t, MemoryGB: i.memoryGiB, StorageGB: i.storageGiB, VCPU: i.vcpu, Is64BitsOnly: true, InstanceFamilyId: t.split('.')[0], EbsOptimizedAvailable: true, EbsOptimizedByDefault: true, NumberOfDisks: 0, EbsStorageOnly: i.storageGiB === 0, Architecture: i.arch };
      });
      return page(list, input.Marker, (SupportedInstanceTypes, Marker) => ({ SupportedInstanceTypes, Marker }));
    },

    async createSecurityConfiguration(ctx: RequestContext, input: T.CreateSecurityConfigurationInput): Promise<T.CreateSecurityConfigurationOutput> {
      try {
        JSON.parse(input.SecurityConfiguration);
      } catch {
        throw new InvalidRequestException('Invalid security configuration: the configuration is not valid JSON.');
      }
      if (store.securityConfiguration(scope(ctx), input.Name)) throw new InvalidRequestException(`SecurityConfiguration with name '${input.Name}' already exists.`);
      const now = ctx.clock.now();
      store.putSecurityConfiguration(scope(ctx), input.Name, input.SecurityConfiguration, now);
      return { Name: input.Name, CreationDateTime: now };
    },

    async describeSecurityConfiguration(ctx: RequestContext, input: T.DescribeSecurityConfigurationInput): Promise<T.DescribeSecurityConfigurationOutput> {
      const sc = store.securityConfiguration(scope(ctx), input.Name);
      if (!sc) throw new InvalidRequestException(`Security configuration with name '${input.Name}' does not exist.`);
      return { Name: input.Name, SecurityConfiguration: sc.doc, CreationDateTime: sc.created };
    },

    async listSecurityConfigurations(ctx: RequestContext, input: T.ListSecurityConfigurationsInput): Promise<T.ListSecurityConfigurationsOutput> {
      const list = store.securityConfigurations(scope(ctx)).map((s) => ({ Name: s.name, CreationDateTime: s.created }));
      return page(list, input.Marker, (SecurityConfigurations, Marker) => ({ SecurityConfigurations, Marker }));
    },

    async deleteSecurityConfiguration(ctx: RequestContext, input: T.DeleteSecurityConfigurationInput): Promise<T.DeleteSecurityConfigurationOutput> {
      if (!store.deleteSecurityConfiguration(scope(ctx), input.Name)) throw new InvalidRequestException(`Security configuration with name '${input.Name}' does not exist.`);
      return {};
    },

    async getBlockPublicAccessConfiguration(ctx: RequestContext): Promise<T.GetBlockPublicAccessConfigurationOutput> {
      const doc = store.blockPublicAccess(scope(ctx));
      if (doc) return { BlockPublicAccessConfiguration: doc.configuration, BlockPublicAccessConfigurationMetadata: doc.metadata };
      // Accounts start with public access blocked except SSH (port 22), as EMR's default.
      return {
        BlockPublicAccessConfiguration: { BlockPublicSecurityGroupRules: true, PermittedPublicSecurityGroupRuleRanges: [{ MinRange: 22, MaxRange: 22 }] },
        BlockPublicAccessConfigurationMetadata: { CreationDateTime: new Date(0), CreatedByArn: `arn:aws:iam::${ctx.accountId}:root` },
      };
    },

    async putBlockPublicAccessConfiguration(ctx: RequestContext, input: T.PutBlockPublicAccessConfigurationInput): Promise<T.PutBlockPublicAccessConfigurationOutput> {
      store.putBlockPublicAccess(scope(ctx), { configuration: input.BlockPublicAccessConfiguration, metadata: { CreationDateTime: ctx.clock.now(), CreatedByArn: ctx.principal.arn } });
      return {};
    },

    async putAutoTerminationPolicy(ctx: RequestContext, input: T.PutAutoTerminationPolicyInput): Promise<T.PutAutoTerminationPolicyOutput> {
      const rec = getCluster(store, ctx, input.ClusterId);
      const idle = input.AutoTerminationPolicy?.IdleTimeout ?? 3600;
      if (idle < 60 || idle > 604800) throw new ValidationException('IdleTimeout must be between 60 and 604800 seconds.');
      rec.autoTerminationPolicy = { IdleTimeout: idle };
      store.putCluster(rec);
      return {};
    },

    async getAutoTerminationPolicy(ctx: RequestContext, input: T.GetAutoTerminationPolicyInput): Promise<T.GetAutoTerminationPolicyOutput> {
      const rec = getCluster(store, ctx, input.ClusterId);
      return rec.autoTerminationPolicy ? { AutoTerminationPolicy: rec.autoTerminationPolicy } : {};
    },

    async removeAutoTerminationPolicy(ctx: RequestContext, input: T.RemoveAutoTerminationPolicyInput): Promise<T.RemoveAutoTerminationPolicyOutput> {
      const rec = getCluster(store, ctx, input.ClusterId);
      delete rec.autoTerminationPolicy;
      store.putCluster(rec);
      return {};
    },

    async putManagedScalingPolicy(ctx: RequestContext, input: T.PutManagedScalingPolicyInput): Promise<T.PutManagedScalingPolicyOutput> {
      const rec = getCluster(store, ctx, input.ClusterId);
      const l = input.ManagedScalingPolicy.ComputeLimits;
      if (l && l.MinimumCapacityUnits > l.MaximumCapacityUnits) throw new ValidationException('MinimumCapacityUnits must be less than or equal to MaximumCapacityUnits.');
      rec.managedScalingPolicy = input.ManagedScalingPolicy;
      store.putCluster(rec);
      return {};
    },

    async getManagedScalingPolicy(ctx: RequestContext, input: T.GetManagedScalingPolicyInput): Promise<T.GetManagedScalingPolicyOutput> {
      const rec = getCluster(store, ctx, input.ClusterId);
      return rec.managedScalingPolicy ? { ManagedScalingPolicy: rec.managedScalingPolicy } : {};
    },

    async removeManagedScalingPolicy(ctx: RequestContext, input: T.RemoveManagedScalingPolicyInput): Promise<T.RemoveManagedScalingPolicyOutput> {
      const rec = getCluster(store, ctx, input.ClusterId);
      delete rec.managedScalingPolicy;
      store.putCluster(rec);
      return {};
    },
  };
}
