/**
 * One matching test on the values of two records: agreement, similarity, and the values compared.
 *
 * @module
 */
import { jaroWinklerOf } from './jaroWinkler.js';
import { valuesOf, type FeatureValue } from './_features.js';
import type { BlankBehaviour, MatchMethod } from './types.js';

/** What one test gave on a pair. */
export interface ItemOutcome {
  /** Whether the test agreed. */
  readonly agree: boolean;
  /** Whether a value was blank (then `similarity` is `null`). */
  readonly blank: boolean;
  /** The similarity of the best pair of values, or `null` for a blank. */
  readonly similarity: number | null;
  /** The values compared (the best pair), or `null`. */
  readonly a: string | null;
  readonly b: string | null;
}

/** `JR` for `j r`, `J` for `j`, the word for one word; `null` for several words of several letters. */
function compactForm(tokens: readonly string[]): string | null {
  if (tokens.length === 1) return tokens[0]!;
  return tokens.every((t) => t.length === 1) ? tokens.join('') : null;
}

/** Whether one of two folded names is the initials of the other (or its first letter). */
export function initialsAgree(x: string, y: string): boolean {
  if (x === y) return true;
  const tx = x.split(' ');
  const ty = y.split(' ');
  const one = (a: readonly string[], b: readonly string[], bText: string): boolean => {
    const c = compactForm(a);
    if (c === null) return false;
    if (c.length === 1) return bText.startsWith(c);
    return b.length > 1 && c === b.map((t) => t[0]).join('');
  };
  return one(tx, ty, y) || one(ty, tx, x);
}

function pairSimilarity(method: MatchMethod, threshold: number, x: string, y: string): [boolean, number] {
  if (method === 'jaroWinkler') {
    const s = x === y ? 1 : jaroWinklerOf(x, y);
    return [s >= threshold, s];
  }
  if (method === 'nameInitials') {
    const agree = initialsAgree(x, y);
    return [agree, x === y ? 1 : agree ? 0.9 : 0];
  }
  return x === y ? [true, 1] : [false, 0];
}

/**
 * Compares the values of one field of two records by one method. A blank (no value on either side)
 * agrees only under `match` and only when both are blank. Several values: the best pair decides.
 */
export function compareValues(
  method: MatchMethod,
  threshold: number,
  blank: BlankBehaviour,
  va: FeatureValue,
  vb: FeatureValue,
): ItemOutcome {
  if (va === null || vb === null) {
    return { agree: blank === 'match' && va === null && vb === null, blank: true, similarity: null, a: null, b: null };
  }
  if (typeof va === 'string' && typeof vb === 'string') {
    const [agree, similarity] = pairSimilarity(method, threshold, va, vb);
    return { agree, blank: false, similarity, a: va, b: vb };
  }
  let best: ItemOutcome | null = null;
  for (const x of valuesOf(va))
    for (const y of valuesOf(vb)) {
      const [agree, similarity] = pairSimilarity(method, threshold, x, y);
      if (best === null || (agree && !best.agree) || (agree === best.agree && similarity > (best.similarity ?? -1)))
        best = { agree, blank: false, similarity, a: x, b: y };
    }
  return best!;
}
