/**
 * NPS per group: per touchpoint, segment, month, ….
 *
 * @module
 */
import type { Result } from '../core/result.js';
import { metricBy, type Tally } from './_by.js';
import { responseScore, SURVEY_OPTION_KEYS } from './_surveyScores.js';
import type { GroupKey, GroupingOptions } from './groupKey.js';
import { nps, npsCategory, npsFromCounts, npsOptions, type NpsOptions, type NpsResult } from './nps.js';
import type { CrmIssue } from '../core/errors.js';
import { isIssue } from './_checks.js';
import type { SurveyScoreRecord } from './surveyScoreRecord.js';

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
 * Options of {@link npsBy}: as {@link NpsOptions}, plus the `context` of segment conditions.
 *
 * @example
 * ```ts
 * const o: NpsByOptions = { confidence: 0.9 };
 * ```
 */
export type NpsByOptions = NpsOptions & GroupingOptions;

/**
 * {@link nps} on response records as a tally: the reading of `eachScore` (the record checks, the kind
 * and period filter) and `npsCategory`, counted as `nps` counts, and `npsFromCounts`.
 */
function npsTally(options: unknown): Tally<0 | 1 | 2, [number, number, number], NpsResult> {
  const conf = npsOptions(options) as { z: number; confidence: number }; // checked by the base metric
  const period = (options as NpsOptions | null | undefined)?.period;
  const from = period?.start.getTime() ?? 0;
  const to = period?.end.getTime() ?? 0;
  return {
    read: (r, i): 0 | 1 | 2 | null | CrmIssue => {
      // A plain number is a score, as in an array of scores.
      const s = typeof r === 'number' ? r : responseScore(r, i, 'nps', period !== undefined, from, to);
      if (s === null || isIssue(s)) return s;
      return npsCategory(s, typeof r === 'number' ? [i] : [i, 'score']);
    },
    empty: () => [0, 0, 0],
    add: (c, k) => void c[k]++,
    result: (c) => npsFromCounts({ promoters: c[0], passives: c[1], detractors: c[2] }, conf.z, conf.confidence),
  };
}

const NPS_BY = {
  name: 'npsBy',
  field: 'nps',
  records: 'survey responses',
  optionKeys: SURVEY_OPTION_KEYS,
  measure: (records: readonly unknown[], options: unknown) =>
    nps(records as SurveyScoreRecord[], options as NpsOptions),
  tally: npsTally,
};

/**
 * NPS per group — per touchpoint, segment, month, … — grouping responses by a field name, a function
 * or a segment list ({@link GroupKey}). Each row is `{ key, nps }` with `nps` exactly what {@link nps}
 * returns for the group's responses (with these options). The field is read as the record's own
 * property (a record without it, or whose value is `null`, is in the `null` group; a name like
 * `constructor` never reads a built-in). A group value must be a string, number, boolean or bigint
 * (or an array of them: the response counts in each); anything else (an object, a Date) is
 * `validation_failed` at `[index, key]` — pass a function that returns a string instead. A response
 * of another `kind`, or answered outside the `period`, forms no group. Groups come sorted by key
 * (`null` last); with a segment list every segment gets a row. Other bad input as in {@link nps}, the
 * index being the response's index in `responses`; empty input gives an empty list. Never throws (a
 * key function's own exception propagates). docs/metrics.md, "Per group and per segment".
 *
 * @example
 * ```ts
 * const groups = unwrap(npsBy([{ score: 10, touchpoint: 'support' }, { score: 2, touchpoint: 'billing' }], 'touchpoint'));
 * groups.map((g) => [g.key, g.nps.score]); //=> [['billing', -100], ['support', 100]]
 * ```
 */
export function npsBy<R extends SurveyScoreRecord>(
  responses: readonly R[],
  key: GroupKey<R>,
  options?: NpsByOptions | null,
): Result<readonly NpsGroup[]> {
  return metricBy(NPS_BY, responses, key, options) as Result<readonly NpsGroup[]>;
}
