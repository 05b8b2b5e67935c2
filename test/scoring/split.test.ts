import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { trainTestSplit, kFold } from '../../src/scoring/index.js';

describe('trainTestSplit', () => {
  it('property: train and test partition the rows, sizes follow testFraction, same seed same split', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 200 }),
        fc.double({ min: 0.01, max: 0.99, noNaN: true }),
        fc.integer(),
        (n, f, seed) => {
          const rows = Array.from({ length: n }, (_, i) => ({ i }));
          const r = trainTestSplit(rows, { testFraction: f, seed });
          if (!r.ok) throw r.error;
          const all = [...r.value.trainIndices, ...r.value.testIndices].sort((a, b) => a - b);
          expect(all).toEqual(rows.map((_, i) => i));
          expect(r.value.test.length).toBe(Math.round(n * f));
          expect(r.value.test.map((x) => x.i)).toEqual(r.value.testIndices);
          expect(trainTestSplit(rows, { testFraction: f, seed })).toEqual(r);
        },
      ),
    );
  });
  it('different seeds give different splits (100 rows)', () => {
    const rows = Array.from({ length: 100 }, (_, i) => i);
    const a = trainTestSplit(rows, { testFraction: 0.3, seed: 1 });
    const b = trainTestSplit(rows, { testFraction: 0.3, seed: 2 });
    expect(a.ok && b.ok && a.value.testIndices.join() !== b.value.testIndices.join()).toBe(true);
  });
  it('rejects fractions outside (0, 1) and non-finite seeds', () => {
    expect(trainTestSplit([1], { testFraction: 0, seed: 1 })).toMatchObject({
      ok: false,
      error: { issues: [{ path: ['testFraction'] }] },
    });
    expect(trainTestSplit([1], { testFraction: 1, seed: 1 })).toMatchObject({ ok: false });
    expect(trainTestSplit([1], { testFraction: 0.5, seed: NaN })).toMatchObject({
      ok: false,
      error: { issues: [{ path: ['seed'] }] },
    });
  });
});

describe('kFold', () => {
  it('property: test parts cover every row exactly once; each train is the complement; sizes differ by ≤ 1', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 10 }).chain((k) => fc.tuple(fc.constant(k), fc.integer({ min: k, max: 120 }))),
        fc.integer(),
        ([k, n], seed) => {
          const rows = Array.from({ length: n }, (_, i) => i);
          const r = kFold(rows, { k, seed });
          if (!r.ok) throw r.error;
          expect(r.value.length).toBe(k);
          const seen = r.value.flatMap((f) => f.testIndices).sort((a, b) => a - b);
          expect(seen).toEqual(rows);
          for (const f of r.value) expect([...f.trainIndices, ...f.testIndices].sort((a, b) => a - b)).toEqual(rows);
          const sizes = r.value.map((f) => f.test.length);
          expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
          expect(kFold(rows, { k, seed })).toEqual(r);
        },
      ),
    );
  });
  it('rejects k < 2, non-integer k, and k above the row count', () => {
    expect(kFold([1, 2, 3], { k: 1, seed: 0 })).toMatchObject({ ok: false, error: { code: 'validation_failed' } });
    expect(kFold([1, 2, 3], { k: 2.5, seed: 0 })).toMatchObject({ ok: false });
    expect(kFold([1, 2, 3], { k: 4, seed: 0 })).toMatchObject({ ok: false, error: { code: 'insufficient_data' } });
  });
});

describe('split input shape', () => {
  it('refuses rows that are not an array and options that are not an object, as a Result', () => {
    const a = trainTestSplit(null as never, { testFraction: 0.2, seed: 1 });
    expect(!a.ok && a.error.issues[0]!.path).toEqual(['rows']);
    // undefined and null options mean no options: the required k and seed are then missing.
    const b = kFold([1, 2, 3], undefined as never);
    expect(!b.ok && b.error.issues.map((i) => i.path)).toEqual([['k'], ['seed']]);
    const c = trainTestSplit([1, 2], { testFraction: { toString: null } as never, seed: 1 });
    expect(!c.ok && c.error.message).toBe(
      'trainTestSplit options is invalid: 1 issue; first at testFraction: testFraction must be strictly between 0 and 1; received {"toString":null}',
    );
  });

  it('refuses unknown option keys, naming the allowed ones', () => {
    const r = kFold([1, 2, 3], { k: 2, seed: 1, stratify: true } as never);
    expect(!r.ok && r.error.issues[0]!.message).toBe("unknown key 'stratify'; allowed: k, seed");
    const s = trainTestSplit([1, 2, 3], { testFraction: 0.5, seed: 1, shuffle: false } as never);
    expect(!s.ok && s.error.issues[0]!.code).toBe('unrecognized_keys');
  });
});
