/**
 * Freezes a plain value and everything reachable from it through own enumerable keys (objects and
 * arrays), and returns the same value. Dates are left alone: `Object.freeze` cannot stop
 * `setTime`, so crmkit copies Dates instead of sharing them; typed arrays too (freezing a non-empty
 * one throws). An object that is already frozen is
 * still walked, so a frozen wrapper around unfrozen data (such as `ok(value)`) ends up deeply
 * frozen; cycles are visited once.
 *
 * @example
 * ```ts
 * const v = deepFreeze({ a: [{ b: 1 }] });
 * Object.isFrozen(v.a[0]); //=> true
 * ```
 */
export function deepFreeze<T>(value: T): T {
  freezeInto(value, new WeakSet());
  return value;
}

function freezeInto(value: unknown, seen: WeakSet<object>): void {
  if (
    value === null ||
    typeof value !== 'object' ||
    value instanceof Date ||
    ArrayBuffer.isView(value) ||
    seen.has(value)
  )
    return;
  seen.add(value);
  Object.freeze(value);
  for (const key of Object.keys(value)) freezeInto((value as Record<string, unknown>)[key], seen);
}
