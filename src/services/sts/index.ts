import type { ServiceDefinition } from '../../aws/service-definition.js';
import { model, operationMethods } from '../../aws/generated/sts/index.js';
import { protocolFor } from '../../aws/protocol/multi.js';

export const stsService: ServiceDefinition = {
  name: 'sts',
  model,
  operationMethods,
  signingNames: ['sts'],
  createProtocol: protocolFor,
  // The provider's modules load after the server listens, so start-up serves health at once.
  createProvider: async (deps) => (await import('./provider.js')).createStsProvider(deps),
};
