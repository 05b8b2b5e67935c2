/**
 * Private: the boundary every `Result`-returning metric runs behind. A metric reads plain records
 * and options as it goes; when reading the caller's input throws (a getter, a proxy trap, an array
 * element accessor, a `valueOf`), the metric answers `validation_failed` instead of throwing
 * (docs/core.md, "The rule": a function that returns a `Result` never throws for its input).
 *
 * A key function's own exception (`npsBy`, `conversionBy`) is the caller's code failing, not data
 * that cannot be read: {@link callerFunction} marks it, and the guard lets it through unchanged, as
 * those functions document.
 *
 * @module
 */
import { CrmError } from '../core/errors.js';
import { err, type Err } from '../core/result.js';
import { thrownText } from '../_lib/show.js';
import { invalid, issue } from './_checks.js';

/** An exception of a function the caller passed in, carried through the guard as it is. */
class CallerFunctionThrew {
  constructor(readonly error: unknown) {}
}

/** `fn`, but what it throws passes {@link guarded} unchanged (the caller's own function failed). */
export function callerFunction<A extends unknown[], R>(fn: (...args: A) => R): (...args: A) => R {
  return (...args: A): R => {
    try {
      return fn(...args);
    } catch (e) {
      throw new CallerFunctionThrew(e);
    }
  };
}

/** Throws `error`, a function of the caller's, so that it passes {@link guarded} unchanged. */
export function rethrowCallerError(error: unknown): never {
  throw new CallerFunctionThrew(error);
}

/**
 * Runs the metric `what`: its Result, or — when reading the input threw — `validation_failed` at the
 * root saying so (a `CrmError` thrown while reading, by a library value constructor, is returned as
 * the error as it is).
 */
export function guarded<R>(what: string, run: () => R): R | Err<CrmError> {
  try {
    return run();
  } catch (e) {
    return caught(what, e);
  }
}

/**
 * What {@link guarded} answers for an exception `e` of `what` (for a hot function that writes its
 * own try/catch rather than allocate a closure per call): the caller's own function's exception is
 * thrown again, unchanged; a `CrmError` is the error; anything else is `validation_failed` at the root.
 */
export function caught(what: string, e: unknown): Err<CrmError> {
  if (e instanceof CallerFunctionThrew) throw e.error;
  if (e instanceof CrmError) return err(e);
  return invalid(what, [
    issue([], `the input could not be read: a getter, proxy or valueOf threw ${thrownText(e)}`, 'invalid_type'),
  ]);
}

/** What to throw on for `e`: the caller's own exception when `e` carries one (see {@link callerFunction}), else `e`. */
export function callerError(e: unknown): unknown {
  return e instanceof CallerFunctionThrew ? e.error : e;
}
