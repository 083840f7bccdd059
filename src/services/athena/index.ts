import type { ServiceDefinition } from '../../aws/service-definition.js';
import { model, operationMethods } from '../../aws/generated/athena/index.js';
import { protocolFor } from '../../aws/protocol/multi.js';

export const athenaService: ServiceDefinition = {
  name: 'athena',
  model,
  operationMethods,
  signingNames: ['athena'],
  createProtocol: protocolFor,
  // The provider's modules load after the server listens, so start-up serves health at once.
  createProvider: async (deps) => (await import('./provider.js')).createAthenaProvider(deps),
};
