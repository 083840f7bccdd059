// How the JSON-family protocols (json 1.0/1.1, rest-json, rpc-v2-cbor) name and fill an error document.
import type { AwsError } from '../errors.js';
import type { ServiceModel, Shape } from './model.js';

/**
 * The model shape an error stands for. Generated error classes are named after their shape, so the class
 * name wins (CloudWatch has two shapes with code ResourceNotFound); otherwise the first shape with that code.
 */
export function errorShapeName(model: ServiceModel, err: AwsError): string | undefined {
  const byClass = err.constructor.name;
  if (model.shapes[byClass]?.exception && (model.shapes[byClass]!.error?.code ?? byClass) === err.code) return byClass;
  if (model.shapes[err.code]?.exception) return err.code;
  for (const [name, shape] of Object.entries(model.shapes)) {
    if (shape.exception && shape.error?.code === err.code) return name;
  }
  return undefined;
}

/** The member a shape keeps its message in: services differ between "message" and "Message". */
function messageKey(shape: Shape | undefined): string {
  const members = shape?.members ?? {};
  if ('Message' in members && !('message' in members)) return 'Message';
  return 'message';
}

export interface JsonErrorParts {
  /** Value of __type / X-Amzn-ErrorType. */
  type: string;
  /** Document members: the message and any modeled extra fields. */
  body: Record<string, unknown>;
  headers: Record<string, string>;
}

/**
 * The pieces of a JSON-family error. Query-compatible services (CloudWatch) answer with the shape name in
 * __type and the query error code in x-amzn-query-error, which SDKs use to raise the query-era code.
 */
export function jsonErrorParts(model: ServiceModel, err: AwsError): JsonErrorParts {
  const shapeName = errorShapeName(model, err);
  const shape = shapeName ? model.shapes[shapeName] : undefined;
  const headers: Record<string, string> = {};
  let type = err.code;
  if (model.metadata.awsQueryCompatible) {
    type = shapeName ?? err.code;
    headers['x-amzn-query-error'] = `${err.code};${err.senderFault ? 'Sender' : 'Receiver'}`;
  }
  const body: Record<string, unknown> = {};
  if (err.message) body[messageKey(shape)] = err.message;
  for (const [k, v] of Object.entries(err.fields)) if (v !== undefined) body[k] = v;
  return { type, body, headers };
}
