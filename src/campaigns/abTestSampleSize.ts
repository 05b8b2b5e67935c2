/**
 * How many members each variant of an A/B test needs before deciding: the sample size of the
 * two-proportion test.
 *
 * @module
 */
import type { CrmIssue } from '../core/errors.js';
import { ok, type Result } from '../core/result.js';
import { normalQuantile } from '../math/normal.js';
import { invalid, issue, optionsIssue, rangeIssue } from '../metrics/_checks.js';
import { guarded } from '../metrics/_guard.js';

/**
 * What {@link abTestSampleSize} needs.
 *
 * @example
 * ```ts
 * const p: AbTestSampleSizeOptions = { baseline: 0.1, minimumDetectableEffect: 0.02, power: 0.8, alpha: 0.05 };
 * ```
 */
export interface AbTestSampleSizeOptions {
  /** The conversion rate of the control, in (0, 1). */
  readonly baseline: number;
  /**
   * The smallest absolute change of the rate worth detecting (0.02 = two percentage points), non-zero;
   * `baseline + minimumDetectableEffect` must stay in (0, 1). Negative to detect a drop.
   */
  readonly minimumDetectableEffect: number;
  /** The chance of detecting an effect of that size, in (0, 1); default 0.8. */
  readonly power?: number;
  /** The significance level of the two-sided test, in (0, 1); default 0.05. */
  readonly alpha?: number;
}

/**
 * The sample size per variant.
 *
 * @example
 * ```ts
 * const s: AbTestSampleSize = { perVariant: 3841, total: 7682 };
 * ```
 */
export interface AbTestSampleSize {
  /** Members each variant needs, rounded up. */
  readonly perVariant: number;
  /** Both variants together (`2 × perVariant`). */
  readonly total: number;
}

const KEYS = ['baseline', 'minimumDetectableEffect', 'power', 'alpha'] as const;

/**
 * The members each variant of a two-variant test needs so that the two-sided two-proportion test at
 * level `alpha` detects a change from `baseline` to `baseline + minimumDetectableEffect` with
 * probability `power`: `n = ((z₁₋α/₂ √(2 p̄ q̄) + z_power √(p₁q₁ + p₂q₂)) / |p₁ − p₂|)²` rounded up,
 * with `p̄ = (p₁ + p₂)/2` (Fleiss, Levin & Paik, "Statistical Methods for Rates and Proportions",
 * 3rd ed., §4.2, without continuity correction) — the `n` that R's
 * `power.prop.test(p1 = baseline, p2 = baseline + mde, power = power, sig.level = alpha)` solves for
 * (it finds the root numerically; this is the closed form of the same equation).
 *
 * Never throws for its input: a rate outside (0, 1), a zero effect or one that leaves (0, 1), a power
 * or alpha outside (0, 1), unknown keys — `validation_failed` with a path.
 *
 * @example
 * ```ts
 * const r = abTestSampleSize({ baseline: 0.1, minimumDetectableEffect: 0.02, power: 0.8, alpha: 0.05 });
 * if (r.ok) r.value.perVariant; //=> 3841 (R: power.prop.test(p1 = 0.1, p2 = 0.12, power = 0.8) gives n = 3840.85)
 * ```
 */
export function abTestSampleSize(options: AbTestSampleSizeOptions): Result<AbTestSampleSize> {
  return guarded('abTestSampleSize', () => {
    const issues: CrmIssue[] = [];
    if (typeof options !== 'object' || options === null)
      return invalid('abTestSampleSize', [
        issue(['options'], 'expected { baseline, minimumDetectableEffect, power?, alpha? }', 'invalid_type'),
      ]);
    const k = optionsIssue(options, KEYS);
    if (k !== null) issues.push(k);
    const { baseline, minimumDetectableEffect: mde } = options;
    const power = options.power ?? 0.8;
    const alpha = options.alpha ?? 0.05;
    for (const [v, path] of [
      [baseline, 'baseline'],
      [power, 'power'],
      [alpha, 'alpha'],
    ] as const) {
      const i = rangeIssue(v, 0, 1, ['options', path], true, true);
      if (i !== null) issues.push(i);
    }
    const m = rangeIssue(mde, -1, 1, ['options', 'minimumDetectableEffect'], true, true);
    if (m !== null) issues.push(m);
    else if (mde === 0) issues.push(issue(['options', 'minimumDetectableEffect'], 'must not be 0', 'invalid_value'));
    else if (typeof baseline === 'number' && !(baseline + mde > 0 && baseline + mde < 1))
      issues.push(
        issue(['options', 'minimumDetectableEffect'], `baseline + effect = ${baseline + mde} is outside (0, 1)`),
      );
    if (issues.length > 0) return invalid('abTestSampleSize', issues);
    const p1 = baseline;
    const p2 = baseline + mde;
    const pbar = (p1 + p2) / 2;
    const za = normalQuantile(1 - alpha / 2);
    const zb = normalQuantile(power);
    const root =
      (za * Math.sqrt(2 * pbar * (1 - pbar)) + zb * Math.sqrt(p1 * (1 - p1) + p2 * (1 - p2))) / Math.abs(mde);
    const n = root * root;
    if (!Number.isFinite(n) || n > Number.MAX_SAFE_INTEGER)
      return invalid('abTestSampleSize', [
        issue(
          ['options', 'minimumDetectableEffect'],
          'is too small to be detected with a countable sample',
          'too_small',
        ),
      ]);
    // A root a rounding error above an integer stays that integer.
    const perVariant = Math.max(1, Math.ceil(n - 1e-9 * n));
    return ok(Object.freeze({ perVariant, total: 2 * perVariant }));
  });
}
