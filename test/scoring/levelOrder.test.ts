import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { orderLevels, textLevelComparator } from '../../src/scoring/levelOrder.js';

// Known values from R 4.2.2 (Debian bookworm, ICU 72.1, capabilities("ICU") TRUE), locale C.UTF-8 (the
// same order in en_US.UTF-8: R collates with ICU in both):
// R> x <- c("apple", "Banana", "banana", "Apple", "10", "4", "_x", "a b", "ab", "\u00e9", "e", "f", "Zebra",
// +        "zoo", "\u00e4", "a-b", "B", "b", "-1", "1e5", "\u00df", "ss", "\u00c6", "ae", "na\u00efve", "naive",
// +        "x10", "x9", "\u03a9", "\u03c9", "A1", "a1", "a.b", "a_b")
// R> cat(paste0('"', sort(x), '"', collapse = ", "))
const R_SORTED = [
  '_x',
  '-1',
  '10',
  '1e5',
  '4',
  'ä',
  'a b',
  'a_b',
  'a-b',
  'a.b',
  'a1',
  'A1',
  'ab',
  'ae',
  'Æ',
  'apple',
  'Apple',
  'b',
  'B',
  'banana',
  'Banana',
  'e',
  'é',
  'f',
  'naive',
  'naïve',
  'ss',
  'ß',
  'x10',
  'x9',
  'Zebra',
  'zoo',
  'ω',
  'Ω',
];

describe('orderLevels (R factor() level order)', () => {
  it("sorts strings as R's sort() with ICU collation", () => {
    const shuffled = [...R_SORTED].reverse();
    expect(orderLevels(shuffled, 'text')).toEqual(R_SORTED);
    // JavaScript's default sort puts 'Banana' before 'apple' (code units), as R does only under LC_COLLATE=C.
    expect(['apple', 'Banana'].sort()).toEqual(['Banana', 'apple']);
    expect(orderLevels(['Banana', 'apple'], 'text')).toEqual(['apple', 'Banana']);
  });

  it('sorts numeric codes by value: R> levels(factor(c(10, 4, 25, 4, 100, 2.5, -1))) gives "-1" "2.5" "4" "10" "25" "100"', () => {
    expect(orderLevels(['10', '4', '25', '100', '2.5', '-1'], 'number')).toEqual(['-1', '2.5', '4', '10', '25', '100']);
  });

  it('sorts logicals FALSE before TRUE: R> levels(factor(c(TRUE, FALSE))) gives "FALSE" "TRUE"', () => {
    expect(orderLevels(['true', 'false'], 'boolean')).toEqual(['false', 'true']);
  });

  it('property: the text order is total and deterministic (a permutation sorts to the same list)', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.string({ maxLength: 6 }), { maxLength: 30 }), fc.integer(), (xs, seed) => {
        const a = orderLevels(xs, 'text');
        const rotated = xs.map((_, i) => xs[(i + Math.abs(seed)) % xs.length]!);
        expect(orderLevels(rotated, 'text')).toEqual(a);
        const cmp = textLevelComparator();
        for (let i = 1; i < a.length; i++) expect(cmp(a[i - 1]!, a[i]!)).toBeLessThan(0);
      }),
    );
  });

  it('orders canonically equivalent strings (equal to the collator) by code units', () => {
    const composed = '\u00e9',
      decomposed = 'e\u0301';
    expect(orderLevels([composed, decomposed], 'text')).toEqual(orderLevels([decomposed, composed], 'text'));
  });
});
