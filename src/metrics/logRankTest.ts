/**
 * The log-rank test of two survival curves — R's `survdiff(Surv(time, status) ~ group)`.
 *
 * @module
 */
import { ok, type Result } from '../core/result.js';
import { chiSquare1Sf } from '../math/normal.js';
import { invalid, isIssue, issue } from './_checks.js';
import { groupSample, groupTable, type TimeCounts } from './_survivalTable.js';
import type { SurvivalSample } from './survivalSample.js';
import { guarded } from './_guard.js';

/**
 * The log-rank test of two survival curves: observed and expected events per group, the
 * hypergeometric variance, χ² (1 df) and its p-value (Mantel 1966; Peto & Peto 1972) — R's
 * `survdiff(Surv(time, status) ~ group)`. `chiSquare` and `pValue` are `null` when the variance is
 * zero (no event, or every subject in one group).
 *
 * @example
 * ```ts
 * const r: LogRankResult = unwrap(logRankTest({ durations: [1], events: [0] }, { durations: [2], events: [0] }));
 * r.chiSquare; //=> null
 * ```
 */
export interface LogRankResult {
  readonly chiSquare: number | null;
  readonly pValue: number | null;
  readonly degreesOfFreedom: 1;
  readonly observed: readonly [number, number];
  readonly expected: readonly [number, number];
  readonly variance: number;
  readonly total: number;
}

/**
 * Log-rank test comparing group A with group B (e.g. churn of two plans or two signup channels).
 * Bad input as in {@link kaplanMeier}, with the path prefixed by `'groupA'`/`'groupB'`. Never throws.
 *
 * @example
 * ```ts
 * const r = logRankTest({ durations: [9, 13, 13, 18], events: [1, 1, 0, 1] }, { durations: [5, 5, 8, 8], events: [1, 1, 1, 1] });
 * unwrap(r).observed; //=> [3, 4]
 * ```
 */
export function logRankTest(groupA: SurvivalSample, groupB: SurvivalSample): Result<LogRankResult> {
  return guarded('logRankTest', () => {
    for (const [name, g] of [
      ['groupA', groupA],
      ['groupB', groupB],
    ] as const) {
      if (typeof g !== 'object' || g === null)
        return invalid('logRankTest', [issue([name], 'expected { durations, events }', 'invalid_type')]);
    }
    const a = groupSample(groupA.durations, groupA.events, ['groupA']);
    if (isIssue(a)) return invalid('logRankTest', [a]);
    const b = groupSample(groupB.durations, groupB.events, ['groupB']);
    if (isIssue(b)) return invalid('logRankTest', [b]);
    return ok(logRankFromTables(groupTable(a), groupTable(b), groupA.durations.length, groupB.durations.length));
  });
}

/** The log-rank statistic from each group's event table (times ascending) and size. */
export function logRankFromTables(a: TimeCounts, b: TimeCounts, sizeA: number, sizeB: number): LogRankResult {
  let nA = sizeA;
  let nB = sizeB;
  let i = 0;
  let j = 0;
  let oA = 0;
  let oB = 0;
  let eA = 0;
  let v = 0;
  while (i < a.times.length || j < b.times.length) {
    const ta = i < a.times.length ? a.times[i]! : Infinity;
    const tb = j < b.times.length ? b.times[j]! : Infinity;
    const t = Math.min(ta, tb);
    const dA = ta === t ? a.events[i]! : 0;
    const cA = ta === t ? a.censored[i]! : 0;
    const dB = tb === t ? b.events[j]! : 0;
    const cB = tb === t ? b.censored[j]! : 0;
    const n = nA + nB;
    const d = dA + dB;
    if (d > 0) {
      eA += (d * nA) / n;
      if (n > 1) v += (d * (nA / n) * (1 - nA / n) * (n - d)) / (n - 1);
    }
    oA += dA;
    oB += dB;
    nA -= dA + cA;
    nB -= dB + cB;
    if (ta === t) i++;
    if (tb === t) j++;
  }
  const eB = oA + oB - eA;
  const chi = v > 0 ? (oA - eA) ** 2 / v : null;
  return Object.freeze({
    chiSquare: chi,
    pValue: chi === null ? null : chiSquare1Sf(chi),
    degreesOfFreedom: 1 as const,
    observed: Object.freeze([oA, oB] as const),
    expected: Object.freeze([eA, eB] as const),
    variance: v,
    total: sizeA + sizeB,
  });
}
