// S3's entry in the service table: the generated model and operation table, the S3 flavour of rest-xml,
// and the provider over its SQLite tables and the blob store.
import type { ServiceDefinition } from '../../aws/service-definition.js';
import { model } from '../../aws/generated/s3/model.js';
import { operationMethods } from '../../aws/generated/s3/service.js';
import { log } from '../../core/log.js';
import { S3Protocol } from './protocol.js';

export const definition: ServiceDefinition = {
  name: 's3',
  model,
  operationMethods,
  signingNames: ['s3'],
  createProtocol: (m) => new S3Protocol(m),
  // The provider's modules load after the server listens, so start-up serves health at once.
  createProvider: async (deps) => {
    const [{ S3Provider }, { S3Store }, { sweepOrphanBlobs }] = await Promise.all([import('./provider.js'), import('./store.js'), import('./sweep.js')]);
    const store = new S3Store(deps.db);
    sweepOrphanBlobs(store, deps.blobs, Date.now())
      .then((n) => n && log.info('removed s3 blobs of writes interrupted before their commit', { count: n }))
      .catch((err: unknown) => log.warn('s3 orphan sweep failed', { error: String(err) }));
    return new S3Provider({ store, blobs: deps.blobs, clock: deps.clock });
  },
};
