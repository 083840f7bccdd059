import type { ServiceDefinition } from '../../aws/service-definition.js';
import { model, operationMethods } from '../../aws/generated/iam/index.js';
import { protocolFor } from '../../aws/protocol/multi.js';
import { createIamProvider } from './provider.js';

export const iamService: ServiceDefinition = {
  name: 'iam',
  model,
  operationMethods,
  signingNames: ['iam'],
  createProtocol: protocolFor,
  createProvider: createIamProvider,
};
