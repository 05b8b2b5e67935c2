/**
 * Freezes a plain value and everything reachable from it (objects and arrays; Dates are left
 * mutable-by-API but their references are frozen in place). Returns the same value.
 */
export function deepFreeze<T>(value: T): T {
  if (value === null || typeof value !== 'object' || Object.isFrozen(value)) return value;
  if (value instanceof Date) return value;
  Object.freeze(value);
  for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
  return value;
}
