// Glue's entry in the service table: the generated model and operation table, JSON 1.1, and the provider.
import type { ServiceDefinition } from '../../aws/service-definition.js';
import { model, operationMethods } from '../../aws/generated/glue/index.js';
import { protocolFor } from '../../aws/protocol/multi.js';
import { createGlueProvider } from './provider.js';

export const glueService: ServiceDefinition = {
  name: 'glue',
  model,
  operationMethods,
  signingNames: ['glue'],
  createProtocol: protocolFor,
  createProvider: createGlueProvider,
};
