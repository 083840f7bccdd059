import type { ServiceDefinition } from '../../aws/service-definition.js';
import { model, operationMethods } from '../../aws/generated/athena/index.js';
import { protocolFor } from '../../aws/protocol/multi.js';
import { createAthenaProvider } from './provider.js';

export const athenaService: ServiceDefinition = {
  name: 'athena',
  model,
  operationMethods,
  signingNames: ['athena'],
  createProtocol: protocolFor,
  createProvider: createAthenaProvider,
};
