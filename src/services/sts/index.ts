import type { ServiceDefinition } from '../../aws/service-definition.js';
import { model, operationMethods } from '../../aws/generated/sts/index.js';
import { protocolFor } from '../../aws/protocol/multi.js';
import { createStsProvider } from './provider.js';

export const stsService: ServiceDefinition = {
  name: 'sts',
  model,
  operationMethods,
  signingNames: ['sts'],
  createProtocol: protocolFor,
  createProvider: createStsProvider,
};
