import type { ServiceDefinition } from '../../aws/service-definition.js';
import { model, operationMethods } from '../../aws/generated/emr/index.js';
import { protocolFor } from '../../aws/protocol/multi.js';
import { createEmrProvider } from './provider.js';

export const emrService: ServiceDefinition = {
  name: 'emr',
  model,
  operationMethods,
  signingNames: ['elasticmapreduce'],
  createProtocol: protocolFor,
  createProvider: createEmrProvider,
};
