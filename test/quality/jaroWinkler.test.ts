// Jaro–Winkler against published values. R's stringdist is not installed on this machine (and CRAN is not
// reachable), so the values come from:
// - Winkler (1990), "String comparator metrics and enhanced decision rules in the Fellegi–Sunter model of
//   record linkage", the worked examples MARTHA/MARHTA, DWAYNE/DUANE, DIXON/DICKSONX (3 decimals);
// - the tests of the R package `comparator` (N. Marchant, tests/testthat/test-JaroWinkler.R), full
//   precision, p = 0.1. Its Martha/Mathra value (0.9556) is left out: comparator rounds half the number of
//   out-of-order matches down (t = 1 for 3), where Jaro's definition (and stringdist) take t = 1.5.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { jaroWinkler } from '../../src/quality/index.js';

describe('jaroWinkler', () => {
  it('matches Winkler (1990)', () => {
    expect(jaroWinkler('MARTHA', 'MARHTA')).toBeCloseTo(0.961, 3);
    expect(jaroWinkler('DWAYNE', 'DUANE')).toBeCloseTo(0.84, 3);
    expect(jaroWinkler('DIXON', 'DICKSONX')).toBeCloseTo(0.813, 3);
  });
  it('matches the R package comparator', () => {
    expect(jaroWinkler('Mcihael', 'Michael')).toBeCloseTo(0.9571428571428572, 14);
    expect(jaroWinkler('Phil', 'Phillip')).toBeCloseTo(0.9142857142857143, 14);
    expect(jaroWinkler('Crate', 'Trace')).toBeCloseTo(0.7333333333333334, 14);
    expect(jaroWinkler('Georgina', 'George')).toBeCloseTo(0.8916666666666667, 14);
    expect(jaroWinkler('Xudong', 'Rui')).toBeCloseTo(0.5, 14);
    expect(jaroWinkler('', '')).toBe(1);
    expect(jaroWinkler('Paul', '')).toBe(0);
  });
  it('is symmetric, in [0, 1], and 1 exactly for equal strings (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 30 }), fc.string({ maxLength: 30 }), (a, b) => {
        const s = jaroWinkler(a, b);
        expect(s).toBe(jaroWinkler(b, a));
        expect(s >= 0 && s <= 1).toBe(true);
        expect(jaroWinkler(a, a)).toBe(1);
      }),
    );
  });
  it('throws CrmError for calls no type-correct program makes', () => {
    expect(() => jaroWinkler(1 as never, 'a')).toThrow(/jaroWinkler/);
    expect(() => jaroWinkler('a', 'b', { prefixScale: 0.3 })).toThrow(/prefixScale/);
  });
});
