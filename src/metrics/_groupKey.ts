/**
 * Private: the grouping key of `npsBy` and `conversionBy`.
 *
 * @module
 */
import type { CrmIssue, PathSegment } from '../core/errors.js';
import { quoteValue } from '../_lib/show.js';
import { issue } from './_checks.js';
import { callerFunction } from './_guard.js';

/** The issue for a grouping key that is neither a field name nor a function, or null. */
export function groupKeyIssue(key: unknown): CrmIssue | null {
  const t = typeof key;
  return t === 'function' || t === 'string' || t === 'number' || t === 'symbol'
    ? null
    : issue(['key'], `must be a field name or a function; received ${quoteValue(key)}`, 'invalid_type');
}

/**
 * Reads the raw grouping value of a record: the key function's answer, or the record's OWN property
 * named by the key — never one inherited from `Object.prototype`, so a field named `constructor` or
 * `toString` that a record lacks is a missing value, not a built-in function. A key function's own
 * exception passes the metric's guard unchanged (see `callerFunction`).
 */
export function groupReader<R>(key: PropertyKey | ((record: R) => unknown)): (record: R) => unknown {
  if (typeof key === 'function') return callerFunction(key);
  return (r: R) =>
    typeof r === 'object' && r !== null && Object.prototype.hasOwnProperty.call(r, key)
      ? (r as Record<PropertyKey, unknown>)[key]
      : undefined;
}

/**
 * The group of a record: `null` for a missing value (`null` or `undefined`), the string itself, or
 * the text of a number, boolean or bigint. Any other value (an object, a Date, a function, a symbol)
 * is the issue at `path`: its text would depend on the runtime or the time zone, so the caller should
 * derive a string with a key function.
 */
export function groupKey(raw: unknown, path: readonly PathSegment[]): string | null | CrmIssue {
  switch (typeof raw) {
    case 'string':
      return raw;
    case 'number':
    case 'boolean':
    case 'bigint':
      return String(raw);
    case 'undefined':
      return null;
    default:
      if (raw === null) return null;
      return issue(
        path,
        `a group key must be a string, number, boolean or bigint (null or missing for no group); received ${quoteValue(raw)}; pass a key function that returns a string`,
        'invalid_type',
      );
  }
}

/** Sorts group keys: strings by UTF-16 code units, `null` last. */
export function compareGroupKeys(a: string | null, b: string | null): number {
  return a === null ? (b === null ? 0 : 1) : b === null ? -1 : a < b ? -1 : a > b ? 1 : 0;
}
