// The fieldValidation query parameter (Ignore, Warn, Strict). Unknown-field detection against the
// OpenAPI schema is not done yet, so every value behaves as Ignore; a bad value is still refused.
import { Errors } from './status.js';

export type FieldValidation = 'Ignore' | 'Warn' | 'Strict';

export function checkFieldValidation(query: URLSearchParams): FieldValidation {
  const v = query.get('fieldValidation') ?? 'Warn';
  if (v !== 'Ignore' && v !== 'Warn' && v !== 'Strict') {
    throw Errors.badRequest(`fieldValidation: Unsupported value: ${JSON.stringify(v)}: supported values: "Ignore", "Strict", "Warn"`);
  }
  return v;
}
