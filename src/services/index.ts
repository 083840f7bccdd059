// The service table: one line per AWS service Lakestack serves (STYLE.md rule 12).
import type { ServiceDefinition } from '../aws/service-definition.js';
import { definition as s3 } from './s3/index.js';

export const SERVICE_DEFINITIONS: ServiceDefinition[] = [
  s3,
];
