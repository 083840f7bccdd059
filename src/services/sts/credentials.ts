// Temporary credentials in AWS's shapes: ASIA… key ids, 40-character secrets and opaque session tokens.
import { randomBytes } from 'node:crypto';
import { randomUpperId } from '../../core/ids.js';

export function temporaryAccessKeyId(): string {
  return `ASIA${randomUpperId(16)}`;
}

export function secretAccessKey(): string {
  return randomBytes(30).toString('base64');
}

/** Opaque to clients; real tokens are a few hundred base64 characters, which some tools assume. */
export function sessionToken(): string {
  return `IQoJb3JpZ2luX2VjE${randomBytes(240).toString('base64')}`;
}
