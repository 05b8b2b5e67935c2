/**
 * The change of NPS between two samples, with a two-sided z test.
 *
 * @module
 */
import { ok, type Result } from '../core/result.js';
import { normalSf } from '../math/normal.js';
import { invalid, isIssue } from './_checks.js';
import type { Interval } from './interval.js';
import { npsFromCounts, npsOptions, resolveNpsCounts, type NpsInput, type NpsOptions, type NpsResult } from './nps.js';
import { guarded } from './_guard.js';

/**
 * The change of NPS from `before` to `after` and a two-sided z test of the difference (independent
 * samples; the standard error of the difference is √(SE_a² + SE_b²) with each SE the Wald standard
 * error of {@link NpsResult}; Rocks 2016). `pValue` and `z` are `null` when either sample is empty
 * or both have zero variance (for example, all promoters in both); `significant` is then false.
 *
 * @example
 * ```ts
 * const c: NpsChange = unwrap(npsChange([9, 10], [6, 10]));
 * c.difference; //=> -100
 * ```
 */
export interface NpsChange {
  readonly before: NpsResult;
  readonly after: NpsResult;
  /** after.score − before.score, in NPS points; `null` when either is empty. */
  readonly difference: number | null;
  readonly standardError: number | null;
  readonly z: number | null;
  readonly pValue: number | null;
  /** Interval for the difference, at the requested confidence, clipped to the possible range [−200, 200]. */
  readonly interval: Interval | null;
  /** `pValue < 1 − confidence`. */
  readonly significant: boolean;
}

/**
 * Options of {@link npsChange}: as {@link NpsOptions}, applied to both samples.
 *
 * @example
 * ```ts
 * const o: NpsChangeOptions = { confidence: 0.99 };
 * ```
 */
export type NpsChangeOptions = NpsOptions;

/**
 * Compares two NPS samples (counts, scores or records each): the difference after − before and a
 * two-sided z test of it (see {@link NpsChange}). Bad input as in {@link nps}, with the path
 * prefixed by `'before'` or `'after'`. Never throws.
 *
 * @example
 * ```ts
 * const r = unwrap(npsChange({ promoters: 40, passives: 30, detractors: 30 }, { promoters: 55, passives: 25, detractors: 20 }));
 * r.difference; //=> 25
 * r.significant; //=> true
 * ```
 */
export function npsChange(before: NpsInput, after: NpsInput, options?: NpsChangeOptions | null): Result<NpsChange> {
  return guarded('npsChange', () => {
    const conf = npsOptions(options);
    if (isIssue(conf)) return invalid('npsChange', [conf]);
    const a = resolveNpsCounts(before, options);
    if (isIssue(a)) return invalid('npsChange', [{ ...a, path: ['before', ...a.path] }]);
    const b = resolveNpsCounts(after, options);
    if (isIssue(b)) return invalid('npsChange', [{ ...b, path: ['after', ...b.path] }]);
    const ra = npsFromCounts(a, conf.z, conf.confidence);
    const rb = npsFromCounts(b, conf.z, conf.confidence);
    if (ra.score === null || rb.score === null || ra.standardError === null || rb.standardError === null) {
      return ok(
        Object.freeze({
          before: ra,
          after: rb,
          difference: null,
          standardError: null,
          z: null,
          pValue: null,
          interval: null,
          significant: false,
        }),
      );
    }
    const difference = rb.score - ra.score;
    const se = Math.sqrt(ra.standardError ** 2 + rb.standardError ** 2);
    if (se === 0) {
      return ok(
        Object.freeze({
          before: ra,
          after: rb,
          difference,
          standardError: 0,
          z: null,
          pValue: null,
          interval: null,
          significant: false,
        }),
      );
    }
    const z = difference / se;
    const pValue = Math.min(1, 2 * normalSf(Math.abs(z)));
    return ok(
      Object.freeze({
        before: ra,
        after: rb,
        difference,
        standardError: se,
        z,
        pValue,
        interval: Object.freeze({
          lower: Math.max(-200, difference - conf.z * se),
          upper: Math.min(200, difference + conf.z * se),
          confidence: conf.confidence,
        }),
        significant: pValue < 1 - conf.confidence,
      }),
    );
  });
}
