import { describe, it, expect, expectTypeOf } from 'vitest';
import fc from 'fast-check';
import { ok, err, fail, unwrap, mapResult, CrmError, type Result, type Ok, type Err } from '../../src/core/index.js';

describe('Result', () => {
  it('ok wraps a value in a frozen success', () => {
    const r = ok(42);
    expect(r).toEqual({ ok: true, value: 42 });
    expect(Object.isFrozen(r)).toBe(true);
  });

  it('err wraps an error in a frozen failure', () => {
    const e = new CrmError('not_found', 'No lead l1');
    const r = err(e);
    expect(r).toEqual({ ok: false, error: e });
    expect(r.error).toBe(e);
    expect(Object.isFrozen(r)).toBe(true);
  });

  it('fail builds a CrmError with code, message, issues and cause', () => {
    const cause = new Error('inner');
    const r = fail(
      'validation_failed',
      'Score out of range',
      [{ path: [3], message: 'must be 0..10', code: 'too_big' }],
      cause,
    );
    expect(r.ok).toBe(false);
    expect(r.error).toBeInstanceOf(CrmError);
    expect(r.error.code).toBe('validation_failed');
    expect(r.error.message).toBe('Score out of range');
    expect(r.error.issues).toEqual([{ path: [3], message: 'must be 0..10', code: 'too_big' }]);
    expect(r.error.cause).toBe(cause);
    expect(fail('not_found', 'x').error.issues).toEqual([]);
  });

  it('unwrap returns the value or throws the very error', () => {
    expect(unwrap(ok('v'))).toBe('v');
    const e = new CrmError('conflict', 'stale');
    expect(() => unwrap(err(e))).toThrow(e);
  });

  it('mapResult maps successes and passes failures through unchanged', () => {
    expect(mapResult(ok(2), (n) => n * 2)).toEqual({ ok: true, value: 4 });
    const f = fail('not_found', 'x');
    let called = false;
    expect(mapResult(f, () => (called = true))).toBe(f);
    expect(called).toBe(false);
  });

  it('property: mapResult obeys the functor laws on successes', () => {
    fc.assert(
      fc.property(fc.integer(), (n) => {
        const r: Result<number> = ok(n);
        expect(mapResult(r, (x) => x)).toEqual(r);
        const f = (x: number): number => x + 1;
        const g = (x: number): number => x * 3;
        expect(mapResult(mapResult(r, f), g)).toEqual(mapResult(r, (x) => g(f(x))));
      }),
    );
  });

  it('types: Result narrows on ok', () => {
    const r = ok(1) as Result<number>;
    if (r.ok) {
      expectTypeOf(r).toEqualTypeOf<Ok<number>>();
      expectTypeOf(r.value).toEqualTypeOf<number>();
      // @ts-expect-error a success has no error
      void r.error;
    } else {
      expectTypeOf(r).toEqualTypeOf<Err<CrmError>>();
      expectTypeOf(r.error).toEqualTypeOf<CrmError>();
      // @ts-expect-error a failure has no value
      void r.value;
    }
    // @ts-expect-error the value cannot be read before narrowing
    void r.value;
    expectTypeOf(fail('not_found', 'x')).toEqualTypeOf<Err<CrmError>>();
    expectTypeOf(unwrap(ok('s'))).toEqualTypeOf<string>();
  });
});
