/**
 * Customer Satisfaction Score per group or segment.
 *
 * @module
 */
import type { CrmIssue } from '../core/errors.js';
import type { Result } from '../core/result.js';
import { metricBy, type Tally } from './_by.js';
import { pointTally } from './_surveyScores.js';
import { csat, csatFromCounts, csatSettings, CSAT_OPTION_KEYS, type CsatOptions, type CsatResult } from './csat.js';
import type { SurveyScoreRecord } from './surveyScoreRecord.js';
import type { GroupKey, GroupingOptions } from './groupKey.js';

/**
 * One group of {@link csatBy}: its key (`null` for the null group; a segment's id) and the result of
 * {@link csat} for its records.
 *
 * @example
 * ```ts
 * const g: CsatGroup = { key: 'support', csat: unwrap(csat([5, 4, 2])) };
 * ```
 */
export interface CsatGroup {
  readonly key: string | null;
  readonly csat: CsatResult;
}

/**
 * Options of {@link csatBy}: as {@link CsatOptions}, plus the `context` of segment conditions.
 *
 * @example
 * ```ts
 * const o: CsatByOptions = { scale: 5, satisfiedFrom: 4 };
 * ```
 */
export type CsatByOptions = CsatOptions & GroupingOptions;

/**
 * {@link csat} on response records as a tally of answers per point (`pointTally`: the reading of
 * `eachScore` and the scale check of `countPoints`), and `csatFromCounts`.
 */
function csatTally(options: unknown): Tally<number, number[], CsatResult> {
  const o = csatSettings(options as Readonly<Record<string, unknown>> | null) as Exclude<
    ReturnType<typeof csatSettings>,
    CrmIssue
  >; // checked by the base metric
  return pointTally('csat', o.scale, options as CsatOptions | null, (counts) => csatFromCounts(counts, o));
}

const CSAT_BY = {
  name: 'csatBy',
  field: 'csat',
  records: 'survey responses',
  optionKeys: CSAT_OPTION_KEYS,
  measure: (records: readonly unknown[], options: unknown) =>
    csat(records as SurveyScoreRecord[], options as CsatOptions),
  tally: csatTally,
};

/**
 * Customer Satisfaction Score per group — per team, touchpoint, segment, … — of response records:
 * each row is `{ key, csat }` with `csat` exactly what {@link csat} returns for the group's responses
 * and these options (`scale`, `satisfiedFrom`, `confidence`, `period`). A response of another
 * `kind`, or answered outside the `period`, forms no group.
 *
 * The key ({@link GroupKey}) is a field name (the record's own property; a missing or `null` value is
 * the null group, an array value puts the record in each of its groups), a function of the record
 * (a group value, `null`/`undefined`, or an array of them; `[]` = no group) or a list of segments
 * `{ id, where }` (a record is in every segment whose condition holds for it, evaluated in
 * `options.context`). Groups come sorted by key (`null` last; with a segment list, by segment id, every segment
 * getting a row — its base result on no records when none is in it); a record in several groups counts in each.
 * Bad input is `validation_failed`: an unknown option key (the allowed ones are the base metric's and
 * `context`), a bad key (neither a field name, a function nor a segment list; a group value that is
 * an object or a Date; a segment id listed twice; a condition needing what `options.context` lacks,
 * at `['options', 'context', …]`), and whatever the base metric refuses, at the record's index in the
 * input; every record is checked so, before its key is read (the first bad one is the error). Empty input gives an empty list (a segment list: a row
 * per segment). Never throws (a key function's own exception propagates). docs/metrics.md, "Per group
 * and per segment".
 *
 * @example
 * ```ts
 * const responses = [
 *   { score: 5, team: 'a' },
 *   { score: 4, team: 'a' },
 *   { score: 3, team: 'a' },
 *   { score: 2, team: 'a' },
 *   { score: 5, team: 'b' },
 * ];
 * unwrap(csatBy(responses, 'team')).map((g) => [g.key, g.csat.score]); //=> [['a', 50], ['b', 100]]
 * ```
 */
export function csatBy<R extends SurveyScoreRecord>(
  responses: readonly R[],
  key: GroupKey<R>,
  options?: CsatByOptions | null,
): Result<readonly CsatGroup[]> {
  return metricBy(CSAT_BY, responses, key, options) as Result<readonly CsatGroup[]>;
}
