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

/**
 * A deep copy of a plain value, frozen, so that freezing the result never freezes what the caller
 * gave: plain objects (own enumerable string keys) and arrays are copied, Dates are copied as Dates,
 * anything else (class instances, Maps, typed arrays) is kept as it is. Iterative, so nesting of any
 * depth costs no stack; a cycle is copied as a cycle.
 *
 * @example
 * ```ts
 * const input = { tags: ['a'] };
 * const v = freezeCopy(input);
 * Object.isFrozen(v.tags); //=> true
 * Object.isFrozen(input.tags); //=> false
 * ```
 */
export function freezeCopy<T>(value: T): T {
  const copies = new Map<object, object>();
  const copyOf = (v: unknown): unknown => {
    if (v === null || typeof v !== 'object') return v;
    if (v instanceof Date) return new Date(v.getTime());
    const known = copies.get(v);
    if (known !== undefined) return known;
    const proto: unknown = Reflect.getPrototypeOf(v);
    if (!Array.isArray(v) && proto !== Object.prototype && proto !== null) return v;
    const copy: Record<string, unknown> = Array.isArray(v)
      ? (new Array(v.length) as never)
      : proto === null
        ? Object.create(null)
        : {};
    copies.set(v, copy);
    pending.push([v as Record<string, unknown>, copy]);
    return copy;
  };
  const pending: [Record<string, unknown>, Record<string, unknown>][] = [];
  const root = copyOf(value);
  while (pending.length > 0) {
    const [from, to] = pending.pop()!;
    // defineProperty, not assignment: an own `__proto__` key stays a key, never a prototype.
    for (const key of Object.keys(from))
      Reflect.defineProperty(to, key, {
        value: copyOf(from[key]),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    Object.freeze(to);
  }
  return root as T;
}
