// Workgroups: `primary` exists in every account and region from the start; others are created, updated and
// deleted. A workgroup's result configuration is where queries write results; with EnforceWorkGroupConfiguration
// it overrides whatever a query asks for.
import type { RequestContext } from '../../aws/context.js';
import { InvalidRequestException } from '../../aws/generated/athena/errors.js';
import type * as T from '../../aws/generated/athena/shapes.js';
import type { AthenaStore, Scope } from './store.js';

export const ENGINE_VERSION: T.EngineVersion = { SelectedEngineVersion: 'AUTO', EffectiveEngineVersion: 'Athena engine version 3' };

export const scopeOf = (ctx: RequestContext): Scope => ({ accountId: ctx.accountId, region: ctx.region });

function primary(ctx: RequestContext): T.WorkGroup {
  return {
    Name: 'primary',
    State: 'ENABLED',
    Configuration: {
      EnforceWorkGroupConfiguration: false,
      PublishCloudWatchMetricsEnabled: false,
      RequesterPaysEnabled: false,
      EngineVersion: ENGINE_VERSION,
      EnableMinimumEncryptionConfiguration: false,
    },
    Description: '',
    CreationTime: ctx.clock.now(),
  };
}

/** The workgroup, creating `primary` on first use; InvalidRequestException when it does not exist. */
export function requireWorkGroup(store: AthenaStore, ctx: RequestContext, name = 'primary'): T.WorkGroup {
  const s = scopeOf(ctx);
  let wg = store.workgroup(s, name);
  if (!wg && name === 'primary') {
    wg = primary(ctx);
    store.putWorkGroup(s, wg);
  }
  if (!wg) throw new InvalidRequestException(`WorkGroup ${name} is not found.`, { AthenaErrorCode: 'INVALID_INPUT' });
  return wg;
}

function applyUpdates(cfg: T.WorkGroupConfiguration, u: T.WorkGroupConfigurationUpdates): T.WorkGroupConfiguration {
  const out: T.WorkGroupConfiguration = { ...cfg };
  if (u.EnforceWorkGroupConfiguration !== undefined) out.EnforceWorkGroupConfiguration = u.EnforceWorkGroupConfiguration;
  if (u.PublishCloudWatchMetricsEnabled !== undefined) out.PublishCloudWatchMetricsEnabled = u.PublishCloudWatchMetricsEnabled;
  if (u.RequesterPaysEnabled !== undefined) out.RequesterPaysEnabled = u.RequesterPaysEnabled;
  if (u.BytesScannedCutoffPerQuery !== undefined) out.BytesScannedCutoffPerQuery = u.BytesScannedCutoffPerQuery;
  if (u.RemoveBytesScannedCutoffPerQuery) delete out.BytesScannedCutoffPerQuery;
  if (u.EngineVersion) out.EngineVersion = ENGINE_VERSION;
  if (u.AdditionalConfiguration !== undefined) out.AdditionalConfiguration = u.AdditionalConfiguration;
  if (u.ExecutionRole !== undefined) out.ExecutionRole = u.ExecutionRole;
  const r = u.ResultConfigurationUpdates;
  if (r) {
    const rc: T.ResultConfiguration = { ...(out.ResultConfiguration ?? {}) };
    if (r.OutputLocation !== undefined) rc.OutputLocation = r.OutputLocation;
    if (r.RemoveOutputLocation) delete rc.OutputLocation;
    if (r.EncryptionConfiguration !== undefined) rc.EncryptionConfiguration = r.EncryptionConfiguration;
    if (r.RemoveEncryptionConfiguration) delete rc.EncryptionConfiguration;
    if (r.ExpectedBucketOwner !== undefined) rc.ExpectedBucketOwner = r.ExpectedBucketOwner;
    if (r.RemoveExpectedBucketOwner) delete rc.ExpectedBucketOwner;
    if (r.AclConfiguration !== undefined) rc.AclConfiguration = r.AclConfiguration;
    if (r.RemoveAclConfiguration) delete rc.AclConfiguration;
    out.ResultConfiguration = rc;
  }
  return out;
}

export function workgroupOperations(store: AthenaStore) {
  return {
    async createWorkGroup(ctx: RequestContext, input: T.CreateWorkGroupInput): Promise<T.CreateWorkGroupOutput> {
      const s = scopeOf(ctx);
      requireWorkGroup(store, ctx);
      if (!/^[a-zA-Z0-9._-]{1,128}$/.test(input.Name)) throw new InvalidRequestException('Invalid WorkGroup name', { AthenaErrorCode: 'INVALID_INPUT' });
      if (store.workgroup(s, input.Name)) throw new InvalidRequestException('WorkGroup is already created', { AthenaErrorCode: 'INVALID_INPUT' });
      store.putWorkGroup(s, {
        Name: input.Name,
        State: 'ENABLED',
        Configuration: {
          EnforceWorkGroupConfiguration: true,
          PublishCloudWatchMetricsEnabled: true,
          RequesterPaysEnabled: false,
          EnableMinimumEncryptionConfiguration: false,
          ...input.Configuration,
          EngineVersion: ENGINE_VERSION,
        },
        Description: input.Description,
        CreationTime: ctx.clock.now(),
      });
      return {};
    },

    async getWorkGroup(ctx: RequestContext, input: T.GetWorkGroupInput): Promise<T.GetWorkGroupOutput> {
      return { WorkGroup: requireWorkGroup(store, ctx, input.WorkGroup) };
    },

    async listWorkGroups(ctx: RequestContext, input: T.ListWorkGroupsInput): Promise<T.ListWorkGroupsOutput> {
      requireWorkGroup(store, ctx);
      const all = store.workgroups(scopeOf(ctx));
      const start = input.NextToken ? Number(Buffer.from(input.NextToken, 'base64').toString()) || 0 : 0;
      const max = input.MaxResults ?? 50;
      const page = all.slice(start, start + max);
      return {
        WorkGroups: page.map((w) => ({ Name: w.Name, State: w.State, Description: w.Description, CreationTime: w.CreationTime, EngineVersion: w.Configuration?.EngineVersion })),
        NextToken: start + max < all.length ? Buffer.from(String(start + max)).toString('base64') : undefined,
      };
    },

    async updateWorkGroup(ctx: RequestContext, input: T.UpdateWorkGroupInput): Promise<T.UpdateWorkGroupOutput> {
      const wg = requireWorkGroup(store, ctx, input.WorkGroup);
      if (input.Description !== undefined) wg.Description = input.Description;
      if (input.State !== undefined) wg.State = input.State;
      if (input.ConfigurationUpdates) wg.Configuration = applyUpdates(wg.Configuration ?? {}, input.ConfigurationUpdates);
      store.putWorkGroup(scopeOf(ctx), wg);
      return {};
    },

    async deleteWorkGroup(ctx: RequestContext, input: T.DeleteWorkGroupInput): Promise<T.DeleteWorkGroupOutput> {
      requireWorkGroup(store, ctx, input.WorkGroup);
      if (input.WorkGroup === 'primary') throw new InvalidRequestException('Cannot delete primary workgroup', { AthenaErrorCode: 'INVALID_INPUT' });
      const s = scopeOf(ctx);
      if (!input.RecursiveDeleteOption && (store.namedQueries(s, input.WorkGroup).length || store.preparedStatements(s, input.WorkGroup).length)) {
        throw new InvalidRequestException('WorkGroup is not empty', { AthenaErrorCode: 'INVALID_INPUT' });
      }
      store.deleteWorkGroup(s, input.WorkGroup);
      return {};
    },
  };
}
