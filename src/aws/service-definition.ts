import type { Config } from '../core/config.js';
import type { Clock } from '../core/clock.js';
import type { SqliteDatabase } from '../storage/db.js';
import type { BlobStore } from '../storage/blobs.js';
import type { ServiceModel } from './protocol/model.js';
import type { Protocol } from './protocol/protocol.js';
import type { CredentialStore } from './auth/credentials.js';

/** What a provider is built from: the shared primitives of the process. */
export interface ServiceDeps {
  config: Config;
  clock: Clock;
  db: SqliteDatabase;
  blobs: BlobStore;
  credentials: CredentialStore;
}

/** A provider is an object with one async method per implemented operation (see the generated *Service interface). */
export type Provider = object;

export interface ServiceDefinition {
  /** Folder name under src/services and src/aws/generated (e.g. "s3"). */
  name: string;
  model: ServiceModel;
  /** Operation name → provider method name (generated). */
  operationMethods: Readonly<Record<string, string>>;
  /** Names that appear as the service in a SigV4 credential scope. */
  signingNames: string[];
  createProtocol(model: ServiceModel): Protocol;
  createProvider(deps: ServiceDeps): Provider | Promise<Provider>;
}
