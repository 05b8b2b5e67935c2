import { expect } from 'vitest';
import type { Result } from '../../src/core/result.js';

/** The value of an ok result; fails the test otherwise. */
export function value<T>(r: Result<T>): T {
  if (!r.ok) throw new Error(`expected ok, got ${r.error.code}: ${r.error.message}`);
  return r.value;
}

/** Asserts a validation_failed result whose first issue has this path; returns the issue message. */
export function expectInvalid(r: Result<unknown>, path: readonly (string | number)[]): string {
  expect(r.ok).toBe(false);
  if (r.ok) return '';
  expect(r.error.code).toBe('validation_failed');
  expect(r.error.issues[0]?.path).toEqual(path);
  return r.error.issues[0]!.message;
}

/** Walks a value and asserts no NaN or ±Infinity appears anywhere. */
export function expectFinite(x: unknown): void {
  if (typeof x === 'number') expect(Number.isFinite(x)).toBe(true);
  else if (Array.isArray(x)) x.forEach(expectFinite);
  else if (x !== null && typeof x === 'object' && !(x instanceof Date)) Object.values(x).forEach(expectFinite);
}
