/**
 * A/B comparison of two conversion rates: the difference, Newcombe's hybrid score interval, and the
 * two-proportion (chi-square) test.
 *
 * @module
 */
import type { CrmIssue } from '../core/errors.js';
import { ok, type Result } from '../core/result.js';
import { chiSquare1Sf } from '../math/normal.js';
import { checkConfidence, wilson } from '../metrics/_confidence.js';
import { countIssue, invalid, isIssue, issue, optionsIssue } from '../metrics/_checks.js';
import { guarded } from '../metrics/_guard.js';
import { quoteValue } from '../_lib/show.js';

/**
 * Conversions out of a total, for one variant.
 *
 * @example
 * ```ts
 * const a: ConversionCounts = { converted: 120, total: 1000 };
 * ```
 */
export interface ConversionCounts {
  /** How many converted (a non-negative integer, at most `total`). */
  readonly converted: number;
  /** How many were exposed (a positive integer). */
  readonly total: number;
}

/**
 * Options of {@link compareConversion}.
 *
 * @example
 * ```ts
 * const o: CompareConversionOptions = { confidence: 0.95, correct: true };
 * ```
 */
export interface CompareConversionOptions {
  /** Two-sided confidence level of the interval, in (0, 1); default 0.95. */
  readonly confidence?: number;
  /**
   * Yates' continuity correction in the test, as R's `prop.test` default (`correct = TRUE`).
   * Default false (`prop.test(…, correct = FALSE)`, the pooled two-proportion z test squared). The
   * interval never uses it (Newcombe's method 10).
   */
  readonly correct?: boolean;
}

/**
 * The comparison of variant A with variant B.
 *
 * @example
 * ```ts
 * const c: ConversionComparison = { rateA: 0.12, rateB: 0.1, difference: 0.02, interval: { lower: -0.0074, upper: 0.0474, confidence: 0.95 }, pValue: 0.1529 };
 * ```
 */
export interface ConversionComparison {
  /** A's conversion rate, `converted / total`. */
  readonly rateA: number;
  /** B's conversion rate. */
  readonly rateB: number;
  /** `rateA − rateB`. */
  readonly difference: number;
  /** Newcombe's hybrid score interval for the difference (method 10). */
  readonly interval: { readonly lower: number; readonly upper: number; readonly confidence: number };
  /** The two-sided p-value of the two-proportion chi-square test (1 when both rates are 0 or both 1). */
  readonly pValue: number;
}

const OPTION_KEYS = ['confidence', 'correct'] as const;

function countsIssue(v: unknown, name: string): CrmIssue | null {
  if (typeof v !== 'object' || v === null)
    return issue([name], `expected { converted, total }; received ${quoteValue(v)}`, 'invalid_type');
  const { converted, total } = v as { converted?: unknown; total?: unknown };
  const c = countIssue(converted, [name, 'converted']) ?? countIssue(total, [name, 'total']);
  if (c !== null) return c;
  if ((total as number) === 0) return issue([name, 'total'], 'a variant needs at least one exposure', 'too_small');
  if ((converted as number) > (total as number))
    return issue([name, 'converted'], `${String(converted)} converted out of ${String(total)}`, 'too_big');
  return null;
}

/**
 * Compares the conversion of variant A with variant B:
 * - `difference = p₁ − p₂` with `pᵢ = convertedᵢ / totalᵢ`;
 * - `interval`: Newcombe's hybrid score interval (Newcombe 1998, "Interval estimation for the
 *   difference between independent proportions: comparison of eleven methods", Statistics in
 *   Medicine 17:873–890, method 10): with the Wilson intervals `[lᵢ, uᵢ]` of each rate,
 *   `lower = d − √((p₁ − l₁)² + (u₂ − p₂)²)` and `upper = d + √((u₁ − p₁)² + (p₂ − l₂)²)`;
 * - `pValue`: the two-proportion test, Pearson's chi-square on the 2×2 table with 1 degree of
 *   freedom, as R's `prop.test(c(x₁, x₂), c(n₁, n₂), correct = FALSE)$p.value` (with
 *   `correct: true`, Yates' correction as R's default `prop.test`).
 *
 * Never throws for its input: counts that are not non-negative integers, a total of 0, more
 * conversions than exposures, a confidence outside (0, 1), unknown option keys — a
 * `validation_failed` error with a path.
 *
 * @example
 * ```ts
 * const r = compareConversion({ converted: 120, total: 1000 }, { converted: 100, total: 1000 });
 * if (r.ok) [r.value.difference, r.value.pValue]; //=> ≈ [0.02, 0.1529] (R: prop.test(c(120, 100), c(1000, 1000), correct = FALSE))
 * ```
 */
export function compareConversion(
  a: ConversionCounts,
  b: ConversionCounts,
  options?: CompareConversionOptions | null,
): Result<ConversionComparison> {
  return guarded('compareConversion', () => {
    const issues: CrmIssue[] = [];
    const oi = optionsIssue(options, OPTION_KEYS);
    if (oi !== null) issues.push(oi);
    const ai = countsIssue(a, 'a');
    if (ai !== null) issues.push(ai);
    const bi = countsIssue(b, 'b');
    if (bi !== null) issues.push(bi);
    const conf = checkConfidence(options);
    if (isIssue(conf)) issues.push(conf);
    const correct = options?.correct ?? false;
    if (typeof correct !== 'boolean') issues.push(issue(['options', 'correct'], 'must be a boolean', 'invalid_type'));
    if (issues.length > 0 || isIssue(conf)) return invalid('compareConversion', issues);
    const x1 = a.converted;
    const n1 = a.total;
    const x2 = b.converted;
    const n2 = b.total;
    const p1 = x1 / n1;
    const p2 = x2 / n2;
    const d = p1 - p2;
    const w1 = wilson(x1, n1, conf.z, conf.confidence);
    const w2 = wilson(x2, n2, conf.z, conf.confidence);
    const lower = d - Math.sqrt((p1 - w1.lower) ** 2 + (w2.upper - p2) ** 2);
    const upper = d + Math.sqrt((w1.upper - p1) ** 2 + (p2 - w2.lower) ** 2);
    return ok(
      Object.freeze({
        rateA: p1,
        rateB: p2,
        difference: d,
        interval: Object.freeze({ lower: Math.max(-1, lower), upper: Math.min(1, upper), confidence: conf.confidence }),
        pValue: twoProportionPValue(x1, n1, x2, n2, correct),
      }),
    );
  });
}

/** Pearson's chi-square test of the 2×2 table, as R's `prop.test` computes it (its Yates rule included). */
function twoProportionPValue(x1: number, n1: number, x2: number, n2: number, correct: boolean): number {
  const p = (x1 + x2) / (n1 + n2);
  // Both rates 0 or both 1: no evidence of a difference (R gives NaN here).
  if (p === 0 || p === 1) return 1;
  const delta = x1 / n1 - x2 / n2;
  const yates = correct ? Math.min(0.5, Math.abs(delta) / (1 / n1 + 1 / n2)) : 0;
  let stat = 0;
  for (const [x, n] of [
    [x1, n1],
    [x2, n2],
  ] as const) {
    const e1 = n * p;
    const e0 = n * (1 - p);
    stat += (Math.abs(x - e1) - yates) ** 2 / e1 + (Math.abs(n - x - e0) - yates) ** 2 / e0;
  }
  return chiSquare1Sf(stat);
}
