/**
 * Private: the confidence option every interval shares, and the Wilson score interval.
 *
 * @module
 */
import type { CrmIssue } from '../core/errors.js';
import { normalCriticalValue } from '../math/normal.js';
import { rangeIssue } from './_checks.js';
import type { ConfidenceOptions, Interval } from './interval.js';

/** The confidence level (default 0.95) and its two-sided normal critical value, or the issue. */
export function checkConfidence(
  options: ConfidenceOptions | null | undefined,
): { z: number; confidence: number } | CrmIssue {
  const confidence = options?.confidence ?? 0.95;
  const i = rangeIssue(confidence, 0, 1, ['options', 'confidence'], true, true);
  if (i !== null) return i;
  return { z: normalCriticalValue(confidence), confidence };
}

/**
 * Wilson score interval for a binomial proportion (Wilson 1927, "Probable inference, the law of
 * succession, and statistical inference", JASA 22:209–212); identical to R's
 * `prop.test(x, n, correct = FALSE)$conf.int`. Requires n > 0.
 */
export function wilson(successes: number, n: number, z: number, confidence: number): Interval {
  const p = successes / n;
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denom;
  // Exact ends at the boundaries (the formula gives them up to rounding).
  const lower = successes === 0 ? 0 : Math.max(0, centre - half);
  const upper = successes === n ? 1 : Math.min(1, centre + half);
  return Object.freeze({ lower, upper, confidence });
}
