// S3's entry in the service table: the generated model and operation table, the S3 flavour of rest-xml,
// and the provider over its SQLite tables and the blob store.
import type { ServiceDefinition } from '../../aws/service-definition.js';
import { model } from '../../aws/generated/s3/model.js';
import { operationMethods } from '../../aws/generated/s3/service.js';
import { S3Protocol } from './protocol.js';
import { S3Provider } from './provider.js';
import { S3Store } from './store.js';

export const definition: ServiceDefinition = {
  name: 's3',
  model,
  operationMethods,
  signingNames: ['s3'],
  createProtocol: (m) => new S3Protocol(m),
  createProvider: (deps) => new S3Provider({ store: new S3Store(deps.db), blobs: deps.blobs, clock: deps.clock }),
};
