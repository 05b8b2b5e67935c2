/**
 * Private input checks of the metrics module: each returns the `CrmIssue` for a bad value (or null),
 * so that every metric reports the same problem in the same words.
 *
 * @module
 */
import type { CrmError, CrmIssue, CrmIssueCode, PathSegment } from '../core/errors.js';
import { err, type Err } from '../core/result.js';
import { checkOptionKeys, invalidInput } from '../core/issues.js';
import { quoteValue } from '../_lib/show.js';

/** An issue with a message of the caller's own (code `invalid_value` unless given). */
export function issue(path: readonly PathSegment[], message: string, code: CrmIssueCode = 'invalid_value'): CrmIssue {
  return { path, message, code };
}

/** The `validation_failed` error Result of `what` for these issues. */
export function invalid(what: string, issues: readonly CrmIssue[]): Err<CrmError> {
  return err(invalidInput(what, issues));
}

/** True when `x` is an issue (the failure half of the `T | CrmIssue` the checks return). */
export function isIssue(x: unknown): x is CrmIssue {
  return typeof x === 'object' && x !== null && 'message' in x && 'path' in x && 'code' in x;
}

/**
 * The issue for an options argument with a key outside `allowed` (or that is not an object), with the
 * path under `options`; null when the options are fine. `undefined` and `null` mean no options.
 */
export function optionsIssue(options: unknown, allowed: readonly string[]): CrmIssue | null {
  return checkOptionKeys(options, allowed, ['options'])[0] ?? null;
}

/** Issue when `value` is not a non-negative safe integer (a count). */
export function countIssue(value: unknown, path: readonly PathSegment[]): CrmIssue | null {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    return issue(path, `must be a non-negative integer count; received ${quoteValue(value)}`, 'invalid_value');
  }
  return null;
}

/** Issue when `value` is not a finite number in [min, max] (ends open when asked). */
export function rangeIssue(
  value: unknown,
  min: number,
  max: number,
  path: readonly PathSegment[],
  exclusiveMin = false,
  exclusiveMax = false,
): CrmIssue | null {
  if (
    typeof value !== 'number' ||
    !Number.isFinite(value) ||
    (exclusiveMin ? value <= min : value < min) ||
    (exclusiveMax ? value >= max : value > max)
  ) {
    return issue(
      path,
      `must be a finite number in ${exclusiveMin ? '(' : '['}${min}, ${max}${exclusiveMax ? ')' : ']'}; received ${quoteValue(value)}`,
    );
  }
  return null;
}

/** True when `d` is a Date holding a valid instant. */
export function isValidDate(d: unknown): d is Date {
  return d instanceof Date && Number.isFinite(d.getTime());
}

/**
 * The issue for a value that is not a period `{ start, end }` of valid Dates with start ≤ end, or
 * null. An empty period (`start == end`, as `period(x, x)` makes) is valid: it contains no instant.
 */
export function periodIssue(p: unknown, path: readonly PathSegment[] = ['options', 'period']): CrmIssue | null {
  if (typeof p !== 'object' || p === null)
    return issue(path, `a period { start, end } is required; received ${quoteValue(p)}`, 'invalid_type');
  const { start, end } = p as { start?: unknown; end?: unknown };
  if (!isValidDate(start) || !isValidDate(end) || start.getTime() > end.getTime()) {
    return issue(
      path,
      `must be a period { start, end } of valid Dates with start ≤ end (half-open [start, end)); received ${quoteValue(p)}`,
      'invalid_period',
    );
  }
  return null;
}

/** `x` limited to [lo, hi]. */
export function clamp(x: number, lo: number, hi: number): number {
  return x < lo ? lo : x > hi ? hi : x;
}
