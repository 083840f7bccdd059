import type { ServiceDefinition } from '../../aws/service-definition.js';
import { model, operationMethods } from '../../aws/generated/emr/index.js';
import { protocolFor } from '../../aws/protocol/multi.js';

export const emrService: ServiceDefinition = {
  name: 'emr',
  model,
  operationMethods,
  signingNames: ['elasticmapreduce'],
  createProtocol: protocolFor,
  // The provider's modules load after the server listens, so start-up serves health at once.
  createProvider: async (deps) => (await import('./provider.js')).createEmrProvider(deps),
};
