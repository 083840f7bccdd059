// Argument checks shared by the implementations, so both refuse the same input the same way.
import { InvalidStoreArgumentError } from './types.js';

export function checkKey(key: string): void {
  if (typeof key !== 'string' || key === '') throw new InvalidStoreArgumentError('key must be a non-empty string');
}

export function checkRevision(rev: number, field: string): void {
  if (!Number.isSafeInteger(rev) || rev < 0) {
    throw new InvalidStoreArgumentError(`${field} must be a non-negative integer, got ${rev}`);
  }
}

export function checkLimit(limit: number): void {
  if (!Number.isSafeInteger(limit) || limit <= 0) {
    throw new InvalidStoreArgumentError(`limit must be a positive integer, got ${limit}`);
  }
}
