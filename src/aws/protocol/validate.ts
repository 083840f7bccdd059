// Server-side input validation against the model, worded the way AWS's Coral services word it:
//   "2 validation errors detected: Value null at 'roleName' failed to satisfy constraint: Member must not be null;
//    Value 'x y' at 'path' failed to satisfy constraint: Member must satisfy regular expression pattern: …"
// SDKs validate some of this client-side, but raw requests and other clients rely on the server doing it.
import { AwsError } from '../errors.js';
import type { MemberRef, ServiceModel, Shape } from './model.js';
import { lowerFirst } from './document.js';

/** The error each protocol family answers with: JSON services ValidationException, query services ValidationError. */
export type ValidationFlavor = 'ValidationException' | 'ValidationError';

const patternCache = new Map<string, RegExp | null>();

/** The model's pattern as a full-match JS regex; models are written in Java syntax, so some need the 'u' flag and some must not have it. */
function compilePattern(pattern: string): RegExp | null {
  let re = patternCache.get(pattern);
  if (re !== undefined) return re;
  re = null;
  for (const flags of ['u', '']) {
    try {
      re = new RegExp(`^(?:${pattern})$`, flags);
      break;
    } catch {
      // try the next flag set; a pattern JS cannot express is not enforced
    }
  }
  patternCache.set(pattern, re);
  return re;
}

function render(value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Uint8Array) return `java.nio.HeapByteBuffer[pos=0 lim=${value.length} cap=${value.length}]`;
  if (Array.isArray(value)) return `[${value.map(render).join(', ')}]`;
  if (typeof value === 'object' && value !== null) {
    return `{${Object.entries(value).map(([k, v]) => `${k}=${render(v)}`).join(', ')}}`;
  }
  return String(value);
}

function violation(path: string, value: unknown, constraint: string): string {
  const shown = value === undefined || value === null ? 'null' : `'${render(value)}'`;
  return `Value ${shown} at '${path}' failed to satisfy constraint: ${constraint}`;
}

function sizeOf(shape: Shape, value: unknown): number | undefined {
  if (typeof value === 'string') return [...value].length;
  if (Array.isArray(value)) return value.length;
  if (value instanceof Uint8Array) return value.length;
  if (shape.type === 'map' && typeof value === 'object' && value !== null) return Object.keys(value).length;
  return undefined;
}

function checkValue(model: ServiceModel, ref: MemberRef, value: unknown, path: string, out: string[]): void {
  const shape = model.shapes[ref.shape];
  if (!shape || value === undefined || value === null) return;
  const numeric = ['integer', 'long', 'float', 'double', 'bigdecimal', 'biginteger'].includes(shape.type);
  if (numeric && typeof value === 'number') {
    if (shape.min !== undefined && value < shape.min) out.push(violation(path, value, `Member must have value greater than or equal to ${shape.min}`));
    if (shape.max !== undefined && value > shape.max) out.push(violation(path, value, `Member must have value less than or equal to ${shape.max}`));
  } else if (!numeric) {
    const size = sizeOf(shape, value);
    if (size !== undefined) {
      if (shape.min !== undefined && size < shape.min) out.push(violation(path, value, `Member must have length greater than or equal to ${shape.min}`));
      if (shape.max !== undefined && size > shape.max) out.push(violation(path, value, `Member must have length less than or equal to ${shape.max}`));
    }
  }
  if (shape.type === 'string' && typeof value === 'string') {
    if (shape.enum && !shape.enum.includes(value)) {
      out.push(violation(path, value, `Member must satisfy enum value set: [${shape.enum.join(', ')}]`));
    }
    if (shape.pattern) {
      const re = compilePattern(shape.pattern);
      if (re && !re.test(value)) out.push(violation(path, value, `Member must satisfy regular expression pattern: ${shape.pattern}`));
    }
  }
  if (shape.document) return;
  if (shape.type === 'structure' && typeof value === 'object') {
    checkStructure(model, shape, value as Record<string, unknown>, path, out);
  } else if (shape.type === 'list' && Array.isArray(value)) {
    value.forEach((v, i) => checkValue(model, shape.member!, v, `${path}.${i + 1}.member`, out));
  } else if (shape.type === 'map' && typeof value === 'object') {
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      checkValue(model, shape.key!, k, `${path}.${k}.key`, out);
      checkValue(model, shape.value!, v, `${path}.${k}.value`, out);
    }
  }
}

function checkStructure(model: ServiceModel, shape: Shape, value: Record<string, unknown>, prefix: string, out: string[]): void {
  const required = new Set(shape.required ?? []);
  for (const [name, ref] of Object.entries(shape.members ?? {})) {
    const path = prefix ? `${prefix}.${lowerFirst(name)}` : lowerFirst(name);
    const v = value[name];
    if ((v === undefined || v === null) && required.has(name)) {
      out.push(violation(path, v, 'Member must not be null'));
      continue;
    }
    checkValue(model, ref, v, path, out);
  }
}

/** Every constraint `input` breaks, in model order, each as AWS words it. */
export function findViolations(model: ServiceModel, inputShape: string, input: Record<string, unknown>): string[] {
  const shape = model.shapes[inputShape];
  if (!shape) return [];
  const out: string[] = [];
  checkStructure(model, shape, input, '', out);
  return out;
}

export function validationMessage(violations: string[]): string {
  const n = violations.length;
  return `${n} validation error${n === 1 ? '' : 's'} detected: ${violations.join('; ')}`;
}

/** Throws the protocol family's validation error when the input breaks the operation's constraints. */
export function validateInput(model: ServiceModel, operation: string, input: Record<string, unknown>, flavor: ValidationFlavor): void {
  const op = model.operations[operation];
  if (!op?.input) return;
  const violations = findViolations(model, op.input.shape, input);
  if (violations.length) throw new AwsError(flavor, validationMessage(violations), 400);
}
