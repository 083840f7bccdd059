// Glue's entry in the service table: the generated model and operation table, JSON 1.1, and the provider.
import type { ServiceDefinition } from '../../aws/service-definition.js';
import { model, operationMethods } from '../../aws/generated/glue/index.js';
import { protocolFor } from '../../aws/protocol/multi.js';

export const glueService: ServiceDefinition = {
  name: 'glue',
  model,
  operationMethods,
  signingNames: ['glue'],
  createProtocol: protocolFor,
  // The provider's modules load after the server listens, so start-up serves health at once.
  createProvider: async (deps) => (await import('./provider.js')).createGlueProvider(deps),
};
