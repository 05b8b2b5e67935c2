import fc from 'fast-check';

/**
 * What a hostile value's own getter, `toString` or `toJSON` throws: the caller's exception. A function
 * returning a value may let it through unchanged (like `Array.prototype.map` lets a callback's error
 * through); a function returning a `Result` must report it in the Result (docs/core.md, "The rule").
 */
export class CallerError extends Error {
  override readonly name = 'CallerError';
}

/**
 * Values that break naive error messages: objects whose `toString` is missing or throws, a
 * `toJSON` that throws, a cycle, boxed values, null-prototype objects, Maps, typed arrays.
 */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.anything({
    maxDepth: 3,
    withBoxedValues: true,
    withNullPrototype: true,
    withObjectString: true,
    withSparseArray: true,
    withMap: true,
    withSet: true,
    withDate: true,
    withTypedArray: true,
  }),
  fc.constant({ toString: null }),
  fc.constant({
    toString: () => {
      throw new CallerError('toString');
    },
  }),
  fc.constant({
    toJSON: () => {
      throw new CallerError('toJSON');
    },
  }),
  fc.constant(Symbol('s')),
  fc.constant(10n),
  fc.constant(
    (() => {
      const o: Record<string, unknown> = {};
      o['self'] = o;
      return o;
    })(),
  ),
);

/** `valid` or, about half the time, a hostile value in its place. */
export function orHostile<T>(valid: fc.Arbitrary<T>): fc.Arbitrary<unknown> {
  return fc.oneof(valid, hostileValue);
}
