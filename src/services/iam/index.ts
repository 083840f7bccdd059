import type { ServiceDefinition } from '../../aws/service-definition.js';
import { model, operationMethods } from '../../aws/generated/iam/index.js';
import { protocolFor } from '../../aws/protocol/multi.js';

export const iamService: ServiceDefinition = {
  name: 'iam',
  model,
  operationMethods,
  signingNames: ['iam'],
  createProtocol: protocolFor,
  // The provider's modules load after the server listens, so start-up serves health at once.
  createProvider: async (deps) => (await import('./provider.js')).createIamProvider(deps),
};
