import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { createRng, shuffled } from '../../src/math/random.js';
import { isCrmError } from '../../src/core/index.js';

describe('createRng', () => {
  it('property: the same seed gives the same sequence; draws lie in [0, 1)', () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: 1, max: 200 }), (seed, n) => {
        const a = createRng(seed);
        const b = createRng(seed);
        for (let i = 0; i < n; i++) {
          const x = a.next();
          expect(b.next()).toBe(x);
          expect(x).toBeGreaterThanOrEqual(0);
          expect(x).toBeLessThan(1);
        }
      }),
    );
  });

  it('different seeds give different sequences', () => {
    const firsts = new Set(Array.from({ length: 1000 }, (_, s) => createRng(s).next()));
    expect(firsts.size).toBe(1000);
  });

  it('keeps its recorded sequence for seed 42 (a change here changes every seeded result in crmkit)', () => {
    // Recorded from this implementation when it was first tested (2026-11-22); not an external reference.
    const rng = createRng(42);
    const got = [rng.next(), rng.next(), rng.next()];
    expect(got).toEqual(RECORDED_SEED_42);
  });

  it('nextInt stays in [0, n) and covers it', () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: 1, max: 50 }), (seed, n) => {
        const rng = createRng(seed);
        const seen = new Set<number>();
        for (let i = 0; i < 40 * n; i++) {
          const k = rng.nextInt(n);
          expect(Number.isInteger(k) && k >= 0 && k < n).toBe(true);
          seen.add(k);
        }
        expect(seen.size).toBe(n);
      }),
      { numRuns: 30 },
    );
  });

  it('passes a chi-square uniformity check on 200 000 draws in 100 bins (bound: the 1 − 10⁻⁶ quantile of χ²₉₉, 180.79 from R qchisq)', () => {
    for (const seed of [1, 42, 2026]) {
      const rng = createRng(seed);
      const bins = new Array<number>(100).fill(0);
      const n = 200_000;
      for (let i = 0; i < n; i++) bins[Math.floor(rng.next() * 100)]! += 1;
      const expected = n / 100;
      const chi2 = bins.reduce((s, o) => s + (o - expected) ** 2 / expected, 0);
      expect(chi2).toBeLessThan(180.79);
      expect(chi2).toBeGreaterThan(45.83); // far too even is suspicious too: qchisq(1e-6, 99) = 45.83
    }
  });

  it('nextInt(6) passes a chi-square check (bound 35.89 = qchisq(1 − 1e-6, 5)) and lag-1 correlation is near 0', () => {
    const rng = createRng(7);
    const counts = new Array<number>(6).fill(0);
    const n = 60_000;
    for (let i = 0; i < n; i++) counts[rng.nextInt(6)]! += 1;
    expect(counts.reduce((s, o) => s + (o - n / 6) ** 2 / (n / 6), 0)).toBeLessThan(35.89);
    const xs = Array.from({ length: 100_000 }, () => rng.next());
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    let num = 0;
    let den = 0;
    for (let i = 0; i < xs.length; i++) {
      den += (xs[i]! - mean) ** 2;
      if (i > 0) num += (xs[i]! - mean) * (xs[i - 1]! - mean);
    }
    expect(Math.abs(num / den)).toBeLessThan(0.0158); // 5 standard errors (1/√n)
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.0046); // 5 standard errors (√(1/12n))
  });

  it('refuses a non-finite seed and a bad nextInt bound with validation_failed', () => {
    for (const seed of [Number.NaN, Number.POSITIVE_INFINITY]) {
      try {
        createRng(seed);
        expect.unreachable();
      } catch (e) {
        expect(isCrmError(e, 'validation_failed')).toBe(true);
      }
    }
    const rng = createRng(1);
    for (const n of [0, -1, 1.5, Number.NaN]) expect(() => rng.nextInt(n)).toThrow(/positive integer/);
  });
});

describe('shuffled', () => {
  it('property: returns a permutation, leaves the input untouched, and is deterministic per seed', () => {
    fc.assert(
      fc.property(fc.array(fc.integer(), { maxLength: 60 }), fc.integer(), (xs, seed) => {
        const copy = [...xs];
        const out = shuffled(xs, createRng(seed));
        expect(xs).toEqual(copy);
        expect(out).not.toBe(xs);
        expect([...out].sort((a, b) => a - b)).toEqual([...xs].sort((a, b) => a - b));
        expect(shuffled(xs, createRng(seed))).toEqual(out);
      }),
    );
  });

  it('every position of 4 items is equally likely (chi-square over 24 000 shuffles, bound qchisq(1 − 1e-6, 23) = 70.55)', () => {
    const rng = createRng(99);
    const counts = new Map<string, number>();
    const n = 24_000;
    for (let i = 0; i < n; i++) {
      const key = shuffled(['a', 'b', 'c', 'd'], rng).join('');
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    expect(counts.size).toBe(24);
    const chi2 = [...counts.values()].reduce((s, o) => s + (o - n / 24) ** 2 / (n / 24), 0);
    expect(chi2).toBeLessThan(70.55);
  });
});

const RECORDED_SEED_42 = [0.8624723854573461, 0.2230406801471002, 0.10933422701155993];
