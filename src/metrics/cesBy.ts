/**
 * Customer Effort Score per group or segment.
 *
 * @module
 */
import type { CrmIssue } from '../core/errors.js';
import type { Result } from '../core/result.js';
import { metricBy, type Tally } from './_by.js';
import { pointTally } from './_surveyScores.js';
import { ces, cesFromCounts, cesSettings, CES_OPTION_KEYS, type CesOptions, type CesResult } from './ces.js';
import type { SurveyScoreRecord } from './surveyScoreRecord.js';
import type { GroupKey, GroupingOptions } from './groupKey.js';

/**
 * One group of {@link cesBy}: its key (`null` for the null group; a segment's id) and the result of
 * {@link ces} for its records.
 *
 * @example
 * ```ts
 * const g: CesGroup = { key: 'chat', ces: unwrap(ces([7, 5])) };
 * ```
 */
export interface CesGroup {
  readonly key: string | null;
  readonly ces: CesResult;
}

/**
 * Options of {@link cesBy}: as {@link CesOptions}, plus the `context` of segment conditions.
 *
 * @example
 * ```ts
 * const o: CesByOptions = { scale: 7, method: 'percentAgree' };
 * ```
 */
export type CesByOptions = CesOptions & GroupingOptions;

/**
 * {@link ces} on response records as a tally of answers per point (`pointTally`: the reading of
 * `eachScore` and the scale check of `countPoints`), and `cesFromCounts`.
 */
function cesTally(options: unknown): Tally<number, number[], CesResult> {
  const o = cesSettings(options as Readonly<Record<string, unknown>> | null) as Exclude<
    ReturnType<typeof cesSettings>,
    CrmIssue
  >; // checked by the base metric
  return pointTally('ces', o.scale, options as CesOptions | null, (counts) => cesFromCounts(counts, o));
}

const CES_BY = {
  name: 'cesBy',
  field: 'ces',
  records: 'survey responses',
  optionKeys: CES_OPTION_KEYS,
  measure: (records: readonly unknown[], options: unknown) =>
    ces(records as SurveyScoreRecord[], options as CesOptions),
  tally: cesTally,
};

/**
 * Customer Effort Score per group — per touchpoint, channel, segment, … — of response records: each
 * row is `{ key, ces }` with `ces` exactly what {@link ces} returns for the group's responses and
 * these options (`scale`, `method`, `confidence`, `period`). A response of another `kind`, or
 * answered outside the `period`, forms no group.
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
 *   { score: 7, channel: 'chat' },
 *   { score: 5, channel: 'chat' },
 *   { score: 2, channel: 'phone' },
 * ];
 * unwrap(cesBy(responses, 'channel', { scale: 7 })).map((g) => [g.key, g.ces.score]); //=> [['chat', 6], ['phone', 2]]
 * ```
 */
export function cesBy<R extends SurveyScoreRecord>(
  responses: readonly R[],
  key: GroupKey<R>,
  options?: CesByOptions | null,
): Result<readonly CesGroup[]> {
  return metricBy(CES_BY, responses, key, options) as Result<readonly CesGroup[]>;
}
