/**
 * NPS per group: per touchpoint, segment, month, ….
 *
 * @module
 */
import { ok, type Result } from '../core/result.js';
import { invalid, isIssue } from './_checks.js';
import { compareGroupKeys, groupKey, groupKeyIssue, groupReader } from './_groupKey.js';
import { eachScore } from './_surveyScores.js';
import { npsCategory, npsFromCounts, npsOptions, type NpsOptions, type NpsResult } from './nps.js';
import type { SurveyScoreRecord } from './surveyScoreRecord.js';
import { guarded } from './_guard.js';

/**
 * One group of {@link npsBy}.
 *
 * @example
 * ```ts
 * const g: NpsGroup = { key: 'onboarding', nps: unwrap(nps([10, 9])) };
 * ```
 */
export interface NpsGroup {
  readonly key: string | null;
  readonly nps: NpsResult;
}

/**
 * Options of {@link npsBy}: as {@link NpsOptions}.
 *
 * @example
 * ```ts
 * const o: NpsByOptions = { confidence: 0.9 };
 * ```
 */
export type NpsByOptions = NpsOptions;

/**
 * NPS per group — per touchpoint, segment, month, … — grouping responses by a field name or a
 * function. The field is read as the record's own property (a record without it, or whose value is
 * `null`, is in the `null` group; a name like `constructor` never reads a built-in). A group value
 * must be a string, number, boolean or bigint; anything else (an object, a Date) is
 * `validation_failed` at `[index, key]` — pass a function that returns a string instead. Groups come
 * sorted by key (`null` last). Other bad input as in {@link nps} (the index is the record's index in
 * `responses`); empty input gives an empty list. Never throws (a key function's own exception
 * propagates).
 *
 * @example
 * ```ts
 * const groups = unwrap(npsBy([{ score: 10, touchpoint: 'support' }, { score: 2, touchpoint: 'billing' }], 'touchpoint'));
 * groups.map((g) => [g.key, g.nps.score]); //=> [['billing', -100], ['support', 100]]
 * ```
 */
export function npsBy<R extends SurveyScoreRecord>(
  responses: readonly R[],
  key: keyof R | ((response: R) => string | null | undefined),
  options?: NpsByOptions | null,
): Result<readonly NpsGroup[]> {
  return guarded('npsBy', () => {
    const conf = npsOptions(options);
    if (isIssue(conf)) return invalid('npsBy', [conf]);
    const badKey = groupKeyIssue(key);
    if (badKey !== null) return invalid('npsBy', [badKey]);
    const read = groupReader<R>(key as PropertyKey | ((r: R) => unknown));
    const keyPath = typeof key === 'function' ? [] : [typeof key === 'number' ? key : String(key)];
    const groups = new Map<string | null, number[]>();
    const problem = eachScore(responses, 'nps', options, (s, i, path) => {
      const c = npsCategory(s, path);
      if (typeof c !== 'number') return c;
      const k = groupKey(read(responses[i]!), [i, ...keyPath]);
      if (isIssue(k)) return k;
      let g = groups.get(k);
      if (g === undefined) groups.set(k, (g = [0, 0, 0]));
      g[c]!++;
      return null;
    });
    if (problem !== null) return invalid('npsBy', [problem]);
    const keys = [...groups.keys()].sort(compareGroupKeys);
    return ok(
      Object.freeze(
        keys.map((k) => {
          const g = groups.get(k)!;
          return Object.freeze({
            key: k,
            nps: npsFromCounts({ promoters: g[0]!, passives: g[1]!, detractors: g[2]! }, conf.z, conf.confidence),
          });
        }),
      ),
    );
  });
}
