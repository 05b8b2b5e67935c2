/**
 * The hostile values the fuzzer puts into valid calls. Each is a factory, so every call gets a fresh
 * value (a function that mutated one could not spoil the next call), with a label for the report.
 *
 * They are the values of `test/_hostile.ts` (`hostileValue`: wrong types, boxed values, null-prototype
 * objects, Maps, typed arrays, objects whose `toString` or `toJSON` throws, symbols, bigints, a cycle)
 * plus the edges of numbers and text, prototype-member keys, deep nesting, sparse arrays and throwing
 * getters, and `HOLE`, which removes the key or array element it is put in instead of replacing it.
 */
import fc from 'fast-check';
import { CallerError, hostileValue } from '../_hostile.js';

/** A hostile value: a factory and a label naming it in reports. */
export interface Hostile {
  readonly label: string;
  readonly make: () => unknown;
}

/** Put in a key or an array element, removes it (a missing key, a hole); as an argument, `undefined`. */
export const HOLE: unique symbol = Symbol('hole');

/** Nesting depth of the deep values: far past any recursion a validator may do on the stack. */
export const DEEP_LEVELS = 10_000;
/** Length of the long strings: big enough that quadratic work on them takes seconds. */
export const LONG_TEXT = 100_000;

function deepObject(levels: number): unknown {
  let v: unknown = { leaf: 1 };
  for (let i = 0; i < levels; i++) v = { a: v };
  return v;
}

function deepArray(levels: number): unknown {
  let v: unknown = [1];
  for (let i = 0; i < levels; i++) v = [v];
  return v;
}

function throwingGetter(key: string, enumerable: boolean): object {
  return Object.defineProperty({}, key, {
    enumerable,
    get() {
      throw new CallerError(`getter ${key}`);
    },
  });
}

function sparse(): unknown[] {
  const a: unknown[] = [];
  a[2] = 1;
  return a;
}

/** The values named in issue 12 and the brief, beside `hostileValue`'s random ones. */
export const SPECIAL_HOSTILES: readonly Hostile[] = [
  { label: 'NaN', make: () => NaN },
  { label: 'Infinity', make: () => Infinity },
  { label: '-Infinity', make: () => -Infinity },
  { label: '-0', make: () => -0 },
  { label: '2^53', make: () => 2 ** 53 },
  { label: '-2^53', make: () => -(2 ** 53) },
  { label: '1e308', make: () => 1e308 },
  { label: "'1e309'", make: () => '1e309' },
  { label: "'-1e309'", make: () => '-1e309' },
  { label: "'NaN'", make: () => 'NaN' },
  { label: 'long string', make: () => 'x'.repeat(LONG_TEXT) },
  { label: 'long digits', make: () => '9'.repeat(LONG_TEXT) },
  { label: 'long JSON-like', make: () => `{"a":${'['.repeat(LONG_TEXT / 2)}` },
  { label: "'\\uD800'", make: () => '\uD800' },
  { label: "'a\\uDC00b'", make: () => 'a\uDC00b' },
  { label: "''", make: () => '' },
  { label: "'__proto__'", make: () => '__proto__' },
  { label: "'constructor'", make: () => 'constructor' },
  { label: "'toString'", make: () => 'toString' },
  { label: 'own __proto__ key', make: () => JSON.parse('{"__proto__":{"polluted":true},"a":1}') as unknown },
  { label: 'constructor key', make: () => ({ constructor: { prototype: { polluted: true } } }) },
  { label: 'toString key', make: () => ({ toString: 'x', valueOf: 1 }) },
  { label: 'deep object', make: () => deepObject(DEEP_LEVELS) },
  { label: 'deep array', make: () => deepArray(DEEP_LEVELS) },
  { label: 'sparse array', make: sparse },
  { label: 'holes array', make: () => new Array(5) as unknown[] },
  { label: 'throwing getter (enumerable)', make: () => throwingGetter('x', true) },
  { label: 'throwing getter (hidden)', make: () => throwingGetter('x', false) },
  {
    label: 'array with throwing getter at 0',
    make: () =>
      Object.defineProperty([1, 2], 0, {
        enumerable: true,
        get() {
          throw new CallerError('getter 0');
        },
      }),
  },
  { label: 'frozen object', make: () => Object.freeze({ a: 1 }) },
  { label: 'invalid Date', make: () => new Date(NaN) },
  { label: 'Date far away', make: () => new Date(8.64e15) },
  { label: 'null', make: () => null },
  { label: 'undefined', make: () => undefined },
  { label: 'true', make: () => true },
  { label: 'empty object', make: () => ({}) },
  { label: 'empty array', make: () => [] },
  { label: 'function', make: () => () => 1 },
  { label: 'hole', make: () => HOLE },
];

/**
 * A hostile value: one of {@link SPECIAL_HOSTILES} two times in three, otherwise one of
 * `hostileValue`'s random values (made once per run, so reruns of a call share it).
 */
export const hostileArbitrary: fc.Arbitrary<Hostile> = fc.oneof(
  { weight: 2, arbitrary: fc.constantFrom(...SPECIAL_HOSTILES) },
  { weight: 1, arbitrary: hostileValue.map((v): Hostile => ({ label: 'random (hostileValue)', make: () => v })) },
);
