/**
 * Deep freezing of what the adapter hands out (stored events). The adapter imports nothing but the
 * public repository entry, so it keeps this small helper of its own.
 *
 * @module
 */

/**
 * Freezes a value and everything reachable through its own keys (arrays and plain objects; `Date`s
 * are left alone, as `Object.freeze` cannot stop `setTime`: the adapter builds fresh ones), and
 * returns it. Iterative, so nesting depth is no concern.
 */
export function deepFreeze<T>(value: T): T {
  const stack: unknown[] = [value];
  const seen = new WeakSet<object>();
  while (stack.length > 0) {
    const v = stack.pop();
    if (v === null || typeof v !== 'object' || v instanceof Date || seen.has(v)) continue;
    seen.add(v);
    Object.freeze(v);
    for (const k of Object.keys(v)) stack.push((v as Record<string, unknown>)[k]);
  }
  return value;
}
