/**
 * Ordered funnels: how many records reached each stage, with step and overall conversion.
 *
 * @module
 */
import type { CrmIssue } from '../core/errors.js';
import { ok, type Result } from '../core/result.js';
import { quoteValue } from '../_lib/show.js';
import { countIssue, invalid, isIssue, issue, optionsIssue } from './_checks.js';
import { checkConfidence, wilson } from './_confidence.js';
import type { ConfidenceOptions, Interval } from './interval.js';
import { guarded } from './_guard.js';

/**
 * One step of a {@link funnel}.
 *
 * @example
 * ```ts
 * const [first]: readonly FunnelStep[] = unwrap(funnel(['lead', 'won'], [10, 2]));
 * first?.stepRate; //=> 1
 * ```
 */
export interface FunnelStep {
  readonly stage: string;
  /** Records that reached this stage (or a later one). */
  readonly count: number;
  /** count / previous step's count (1 for the first step; `null` when the previous count is 0). */
  readonly stepRate: number | null;
  /** Wilson interval of `stepRate` (`null` for the first step or when undefined). */
  readonly stepInterval: Interval | null;
  /** count / first step's count (`null` when the first count is 0). */
  readonly overallRate: number | null;
}

/**
 * A record for {@link funnel}: its current stage and, optionally, the stages it moved through
 * (a `Deal`'s `stageId` and `stageHistory` fit).
 *
 * @example
 * ```ts
 * const r: FunnelRecord = { stageId: 'proposal', stageHistory: [{ to: 'qualified' }, { to: 'proposal' }] };
 * ```
 */
export interface FunnelRecord {
  readonly stageId: string;
  readonly stageHistory?: readonly { readonly to: string }[];
}

/**
 * Options of {@link funnel}.
 *
 * @example
 * ```ts
 * const o: FunnelOptions = { confidence: 0.9 };
 * ```
 */
export type FunnelOptions = ConfidenceOptions;

/** @internal Counts a record at the furthest listed stage it reached; returns an issue for a malformed record. */
export function addFurthest(
  furthest: number[],
  index: ReadonlyMap<string, number>,
  r: FunnelRecord | undefined,
): CrmIssue | null {
  if (typeof r !== 'object' || r === null || typeof r.stageId !== 'string')
    return issue([], 'expected a record { stageId, stageHistory? }', 'invalid_type');
  let max = index.get(r.stageId) ?? -1;
  if (r.stageHistory !== undefined) {
    if (!Array.isArray(r.stageHistory)) return issue(['stageHistory'], 'must be an array of { to }', 'invalid_type');
    for (const h of r.stageHistory) max = Math.max(max, index.get(h?.to) ?? -1);
  }
  if (max >= 0) furthest[max]!++;
  return null;
}

/** @internal Cumulates from the end: a record at stage i also reached every earlier stage. */
export function cumulate(furthest: readonly number[]): number[] {
  const reached = furthest.slice();
  for (let i = reached.length - 2; i >= 0; i--) reached[i]! += reached[i + 1]!;
  return reached;
}

/** @internal The steps of a funnel from counts per stage. */
export function funnelSteps(
  stages: readonly string[],
  counts: readonly number[],
  z: number,
  confidence: number,
): readonly FunnelStep[] {
  const first = counts[0]!;
  return Object.freeze(
    stages.map((stage, i) => {
      const count = counts[i]!;
      const prev = i === 0 ? count : counts[i - 1]!;
      const stepRate = i === 0 ? (count === 0 ? null : 1) : prev === 0 ? null : count / prev;
      return Object.freeze({
        stage,
        count,
        stepRate,
        stepInterval: i === 0 || prev === 0 ? null : wilson(count, prev, z, confidence),
        overallRate: first === 0 ? null : count / first,
      });
    }),
  );
}

/** @internal Checks the stages (a non-empty list of distinct names) and the confidence. */
export function funnelSettings(
  stages: unknown,
  options: ConfidenceOptions | null | undefined,
): { stages: readonly string[]; z: number; confidence: number } | CrmIssue {
  const conf = checkConfidence(options);
  if (isIssue(conf)) return conf;
  // A for loop, not some(): some() skips the holes of a sparse array ([, 'a']).
  const list: readonly unknown[] = Array.isArray(stages) ? stages : [];
  let named = list.length > 0;
  for (let i = 0; named && i < list.length; i++) named = typeof list[i] === 'string';
  if (!named)
    return issue(
      ['stages'],
      `must be a non-empty array of stage names; received ${quoteValue(stages)}`,
      'invalid_type',
    );
  if (new Set(list).size !== list.length) return issue(['stages'], 'stage names must be distinct', 'duplicate');
  return { stages: (stages as string[]).slice(), ...conf };
}

/**
 * An ordered funnel: for stages s₀ … sₖ, how many records reached each stage and the step
 * conversion from the previous stage (with a Wilson interval) and overall from the first. A record
 * reached stage sᵢ when its current stage or any stage in its history is sᵢ or a later one (an
 * ordered funnel: passing a later stage implies the earlier ones). Stages not in the list are
 * ignored (a record only at unknown stages is not counted). Also accepts counts per stage
 * (`number[]`, which must not increase). Bad input (including an unknown option): `validation_failed`
 * with the index; empty input: counts 0 and rates `null`. Never throws.
 *
 * @example
 * ```ts
 * unwrap(funnel(['lead', 'qualified', 'won'], [100, 40, 10])).map((s) => s.stepRate); //=> [1, 0.4, 0.25]
 * const deals: FunnelRecord[] = [{ stageId: 'won', stageHistory: [{ to: 'proposal' }] }, { stageId: 'qualified' }];
 * unwrap(funnel(['qualified', 'proposal', 'won'], deals)).map((s) => s.count); //=> [2, 1, 1]
 * ```
 */
export function funnel(
  stages: readonly string[],
  input: readonly number[] | readonly FunnelRecord[],
  options?: FunnelOptions | null,
): Result<readonly FunnelStep[]> {
  return guarded('funnel', () => {
    const keys = optionsIssue(options, ['confidence']);
    if (keys !== null) return invalid('funnel', [keys]);
    const conf = funnelSettings(stages, options);
    if (isIssue(conf)) return invalid('funnel', [conf]);
    if (!Array.isArray(input))
      return invalid('funnel', [
        issue(['input'], `must be an array of counts or of records; received ${quoteValue(input)}`, 'invalid_type'),
      ]);
    let counts: number[];
    if (input.length > 0 && typeof input[0] === 'number') {
      if (input.length !== stages.length)
        return invalid('funnel', [
          issue(['counts'], `expected ${stages.length} counts, one per stage`, 'invalid_type'),
        ]);
      counts = [];
      for (let i = 0; i < input.length; i++) {
        const c = countIssue(input[i], [i]);
        if (c !== null) return invalid('funnel', [c]);
        if (i > 0 && (input[i] as number) > (input[i - 1] as number))
          return invalid('funnel', [
            issue(
              [i],
              `count ${quoteValue(input[i])} exceeds the previous stage's ${quoteValue(input[i - 1])}; funnel counts must not increase`,
            ),
          ]);
        counts.push(input[i] as number);
      }
    } else {
      const index = new Map(conf.stages.map((s, i) => [s, i]));
      const furthest = new Array<number>(conf.stages.length).fill(0);
      const records = input as readonly FunnelRecord[];
      for (let i = 0; i < records.length; i++) {
        const p = addFurthest(furthest, index, records[i]);
        if (p !== null) return invalid('funnel', [{ ...p, path: [i, ...p.path] }]);
      }
      counts = cumulate(furthest);
    }
    return ok(funnelSteps(conf.stages, counts, conf.z, conf.confidence));
  });
}
