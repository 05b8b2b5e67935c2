import fc from 'fast-check';

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
      throw new Error('toString');
    },
  }),
  fc.constant({
    toJSON: () => {
      throw new Error('toJSON');
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
