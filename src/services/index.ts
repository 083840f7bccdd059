// The service table: one line per AWS service Lakestack serves (STYLE.md rule 12).
import type { ServiceDefinition } from '../aws/service-definition.js';

export const SERVICE_DEFINITIONS: ServiceDefinition[] = [];
