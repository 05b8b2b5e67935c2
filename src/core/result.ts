/**
 * `Result<T>`: the value of an operation whose failure is an expected outcome.
 *
 * @module
 */
import { argumentError, CrmError, type CrmErrorCode, type CrmIssue } from './errors.js';

/**
 * A successful result.
 *
 * @example
 * ```ts
 * const r: Ok<number> = { ok: true, value: 1 };
 * ```
 */
export interface Ok<T> {
  readonly ok: true;
  readonly value: T;
}

/**
 * A failed result, carrying a {@link CrmError}.
 *
 * @example
 * ```ts
 * const r: Err = { ok: false, error: new CrmError('not_found', 'No deal d1') };
 * ```
 */
export interface Err<E = CrmError> {
  readonly ok: false;
  readonly error: E;
}

/**
 * `{ ok: true, value } | { ok: false, error }` — narrow on `ok`.
 *
 * @example
 * ```ts
 * declare const input: unknown; // e.g. a request body
 * const r = parseLead(input);
 * if (r.ok) console.log(r.value.email);
 * else console.log(r.error.issues);
 * ```
 */
export type Result<T, E = CrmError> = Ok<T> | Err<E>;

/**
 * Wraps a value as a successful {@link Result}.
 *
 * Never throws.
 *
 * @example
 * ```ts
 * ok(42); //=> { ok: true, value: 42 }
 * ```
 */
export function ok<T>(value: T): Ok<T> {
  return Object.freeze({ ok: true as const, value });
}

/**
 * Wraps an error as a failed {@link Result}.
 *
 * Never throws.
 *
 * @example
 * ```ts
 * err(new CrmError('not_found', 'No lead l1')).ok; //=> false
 * ```
 */
export function err<E = CrmError>(error: E): Err<E> {
  return Object.freeze({ ok: false as const, error });
}

/**
 * Shorthand for `err(new CrmError(code, message, { issues }))`.
 *
 * @throws CrmError `validation_failed` when the error cannot be built: a code outside
 * `CRM_ERROR_CODES`, a message that is not a string, malformed issues (see {@link CrmError}).
 *
 * @example
 * ```ts
 * fail('validation_failed', 'Score out of range', [{ path: [3], message: 'must be 0..10', code: 'too_big' }]);
 * ```
 */
export function fail(
  code: CrmErrorCode,
  message: string,
  issues: readonly CrmIssue[] = [],
  cause?: unknown,
): Err<CrmError> {
  return err(new CrmError(code, message, { issues, cause }));
}

/**
 * Returns the value of a successful result, or throws its error. For scripts, tests and places
 * where a failure is a bug.
 *
 * @throws the error of a failed result, as it is; CrmError `validation_failed` when `result` is not a
 * `Result` (an object whose `ok` is `true` or `false`).
 *
 * @example
 * ```ts
 * unwrap(ok(1)); //=> 1
 * ```
 */
export function unwrap<T, E>(result: Result<T, E>): T {
  const r = readResult<T, E>(result, 'unwrap');
  if (r.ok) return r.value;
  throw r.error;
}

/**
 * Applies `fn` to the value of a successful result; passes failures through.
 *
 * @throws CrmError `validation_failed` when `result` is not a `Result` or `fn` is not a function; and
 * whatever `fn` throws.
 *
 * @example
 * ```ts
 * mapResult(ok(2), (n) => n * 2); //=> { ok: true, value: 4 }
 * ```
 */
export function mapResult<T, U, E>(result: Result<T, E>, fn: (value: T) => U): Result<U, E> {
  const r = readResult<T, E>(result, 'mapResult');
  if (typeof fn !== 'function') throw argumentError('mapResult', ['fn'], 'a function', fn);
  return r.ok ? ok(fn(r.value)) : (result as Err<E>);
}

/** `ok` and `value` or `error`, read once; anything that is not a Result is a programmer error. */
function readResult<T, E>(result: unknown, fn: string): Result<T, E> {
  let ok: unknown;
  let payload: unknown;
  try {
    if (typeof result === 'object' && result !== null) {
      ok = (result as { ok?: unknown }).ok;
      payload = ok === true ? (result as { value?: unknown }).value : (result as { error?: unknown }).error;
    }
  } catch {
    ok = undefined; // a getter that throws: not a Result
  }
  if (ok === true) return { ok, value: payload as T };
  if (ok === false) return { ok, error: payload as E };
  throw argumentError(fn, ['result'], 'a Result ({ ok: true, value } or { ok: false, error })', result);
}
