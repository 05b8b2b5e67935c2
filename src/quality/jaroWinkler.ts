/**
 * The Jaro–Winkler similarity of two strings.
 *
 * @module
 */
import { argumentError } from '../core/errors.js';

/**
 * Options of {@link jaroWinkler}.
 *
 * @example
 * ```ts
 * const o: JaroWinklerOptions = { prefixScale: 0.1 };
 * ```
 */
export interface JaroWinklerOptions {
  /** Winkler's prefix scale `p`, in [0, 0.25] (default 0.1, as Winkler 1990 and R's stringdist). */
  readonly prefixScale?: number;
}

/**
 * The Jaro–Winkler similarity in [0, 1] (1 for equal strings, 0 for nothing in common), compared by UTF-16
 * code unit. Jaro (1989): characters match when equal and at most `⌊max(|a|,|b|)/2⌋ − 1` apart; with `m`
 * matches and `t` half the number of matched characters out of order,
 * `jaro = (m/|a| + m/|b| + (m − t)/m) / 3` (0 when `m = 0`). Winkler (1990) adds the common prefix `ℓ` (at
 * most 4 characters): `jw = jaro + ℓ·p·(1 − jaro)`, applied at every `jaro` as R's
 * `stringdist(a, b, method = "jw", p = 0.1)` does. Two empty strings give 1. Symmetric.
 *
 * Cost O(|a|·|b|) at worst; each string is cut at 1,000 code units.
 *
 * @throws CrmError `validation_failed` when `a` or `b` is not a string, or `prefixScale` is not in
 * [0, 0.25] (a call no type-correct program makes).
 *
 * @example
 * ```ts
 * jaroWinkler('MARTHA', 'MARHTA'); //=> 0.9611111111111111 (Winkler 1990: 0.961)
 * jaroWinkler('DWAYNE', 'DUANE'); //=> 0.84
 * ```
 */
export function jaroWinkler(a: string, b: string, options?: JaroWinklerOptions): number {
  if (typeof a !== 'string') throw argumentError('jaroWinkler', ['a'], 'a string', a);
  if (typeof b !== 'string') throw argumentError('jaroWinkler', ['b'], 'a string', b);
  const p = options?.prefixScale ?? 0.1;
  if (typeof p !== 'number' || !(p >= 0 && p <= 0.25))
    throw argumentError('jaroWinkler', ['options', 'prefixScale'], 'a number in [0, 0.25]', p);
  return jaroWinklerOf(a.length > 1000 ? a.slice(0, 1000) : a, b.length > 1000 ? b.slice(0, 1000) : b, p);
}

/** Jaro–Winkler without argument checks (the matching code's inner loop). */
export function jaroWinklerOf(a: string, b: string, p = 0.1): number {
  const j = jaro(a, b);
  if (j === 0 || j === 1) return j;
  let l = 0;
  const max = Math.min(4, a.length, b.length);
  while (l < max && a.charCodeAt(l) === b.charCodeAt(l)) l++;
  return j + l * p * (1 - j);
}

function jaro(a: string, b: string): number {
  if (a === b) return 1;
  const la = a.length;
  const lb = b.length;
  if (la === 0 || lb === 0) return 0;
  const window = Math.max(0, Math.floor(Math.max(la, lb) / 2) - 1);
  const matchedB = new Uint8Array(lb);
  const matchedA = new Uint8Array(la);
  let m = 0;
  for (let i = 0; i < la; i++) {
    const lo = Math.max(0, i - window);
    const hi = Math.min(lb - 1, i + window);
    const c = a.charCodeAt(i);
    for (let k = lo; k <= hi; k++) {
      if (matchedB[k] === 0 && b.charCodeAt(k) === c) {
        matchedB[k] = 1;
        matchedA[i] = 1;
        m++;
        break;
      }
    }
  }
  if (m === 0) return 0;
  let t = 0;
  let k = 0;
  for (let i = 0; i < la; i++) {
    if (matchedA[i] === 0) continue;
    while (matchedB[k] === 0) k++;
    if (a.charCodeAt(i) !== b.charCodeAt(k)) t++;
    k++;
  }
  return (m / la + m / lb + (m - t / 2) / m) / 3;
}
