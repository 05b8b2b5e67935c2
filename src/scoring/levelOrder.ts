/**
 * The order of a categorical feature's levels, as R's `factor()` gives it. Internal.
 *
 * R's `factor(x)` takes `sort(unique(x))`: numbers in numeric order (`4` before `10`), logicals `FALSE`
 * then `TRUE`, and strings in the collation of the session's locale. R built with ICU (the R of Debian,
 * Ubuntu, Fedora and CRAN's macOS builds: `capabilities("ICU")` is `TRUE`) collates with ICU in every
 * locale except C/POSIX, so in `en_US.UTF-8` or `C.UTF-8` it sorts `"apple" < "Apple" < "banana" <
 * "Banana"`. That is the CLDR root collation, which `Intl.Collator('en')` implements, so the order is the
 * same in Node, Deno and browsers whatever their own locale. An R session with `LC_COLLATE=C` (or R
 * without ICU) sorts by code points instead (`"Banana" < "apple"`); give such levels explicitly.
 *
 * @module
 */

/** Where a level came from: every value of the feature was a finite number, a boolean, or anything else. */
export type LevelKind = 'number' | 'boolean' | 'text';

/** Code-unit order (JavaScript's default sort): the tie-break when the collator finds two levels equal. */
function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * A comparison of level strings as R's `sort()` does for a character vector in an ICU locale (see the
 * module comment): ICU root collation (`Intl.Collator('en')`: tertiary strength, lower case first among
 * otherwise equal strings). Levels the collator deems equal (canonically equivalent strings, for example)
 * are ordered by code units, so the order is total and deterministic. Without `Intl`, code units only.
 *
 * @example
 * ```ts
 * ['Banana', 'apple', 'Apple'].sort(textLevelComparator()); //=> ['apple', 'Apple', 'Banana']
 * ```
 */
export function textLevelComparator(): (a: string, b: string) => number {
  if (typeof Intl !== 'object' || typeof Intl.Collator !== 'function') return byCodeUnits;
  const collator = new Intl.Collator('en');
  return (a, b) => collator.compare(a, b) || byCodeUnits(a, b);
}

/**
 * Sorts the distinct `levels` of a feature (their string forms) as R's `factor()` would: by numeric value
 * when every value was a number, `false` before `true` for booleans, by {@link textLevelComparator} otherwise.
 *
 * @example
 * ```ts
 * orderLevels(['10', '4', '25'], 'number'); //=> ['4', '10', '25']
 * orderLevels(['Banana', 'apple'], 'text'); //=> ['apple', 'Banana']
 * ```
 */
export function orderLevels(levels: readonly string[], kind: LevelKind): string[] {
  if (kind === 'number') return [...levels].sort((a, b) => Number(a) - Number(b));
  if (kind === 'boolean') return [...levels].sort((a, b) => (a === b ? 0 : a === 'false' ? -1 : 1));
  return [...levels].sort(textLevelComparator());
}
