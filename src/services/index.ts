// The service table: one line per AWS service Lakestack serves (STYLE.md rule 12).
import type { ServiceDefinition } from '../aws/service-definition.js';
import { definition as s3 } from './s3/index.js';
import { stsService as sts } from './sts/index.js';
import { iamService as iam } from './iam/index.js';
import { glueService as glue } from './glue/index.js';
import { athenaService as athena } from './athena/index.js';
import { emrService as emr } from './emr/index.js';
import { model as cloudwatchModel, operationMethods as cloudwatchMethods } from '../aws/generated/cloudwatch/index.js';
import { protocolFor } from '../aws/protocol/multi.js';

/**
 * CloudWatch's clients speak rpc-v2-cbor, JSON 1.0 or query; until its provider lands it is served with an
 * empty one, so each of its operations answers NotImplemented in the protocol the client used.
 */
const cloudwatch: ServiceDefinition = {
  name: 'cloudwatch',
  model: cloudwatchModel,
  operationMethods: cloudwatchMethods,
  signingNames: ['monitoring'],
  createProtocol: protocolFor,
  createProvider: () => ({}),
};

export const SERVICE_DEFINITIONS: ServiceDefinition[] = [
  s3,
  sts,
  iam,
  cloudwatch,
  glue,
  athena,
  emr,
];
