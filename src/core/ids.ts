import { randomBytes, randomUUID } from 'node:crypto';

const UPPER_ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** A random string over A-Z2-7 (the alphabet of AWS unique ids such as AKIA…/AROA…). */
export function randomUpperId(length: number): string {
  const bytes = randomBytes(length);
  let out = '';
  for (let i = 0; i < length; i++) out += UPPER_ALNUM[bytes[i]! % UPPER_ALNUM.length];
  return out;
}

export function requestId(): string {
  return randomUUID();
}

/** S3's x-amz-request-id is 16 upper hex characters. */
export function s3RequestId(): string {
  return randomBytes(8).toString('hex').toUpperCase();
}

export function arn(partition: string, service: string, region: string, account: string, resource: string): string {
  return `arn:${partition}:${service}:${region}:${account}:${resource}`;
}

export const DEFAULT_ACCOUNT = '000000000000';
export const DEFAULT_REGION = 'us-east-1';
