import { expect } from 'vitest';
import { CrmError, type CrmErrorCode } from '../src/core/errors.js';

/** Asserts that `call` throws a `CrmError` with `code` (by default `validation_failed`), nothing else. */
export function refused(call: () => unknown, code: CrmErrorCode = 'validation_failed'): CrmError {
  let thrown: unknown;
  try {
    call();
  } catch (e) {
    thrown = e;
  }
  expect(thrown).toBeInstanceOf(CrmError);
  expect((thrown as CrmError).code).toBe(code);
  return thrown as CrmError;
}
