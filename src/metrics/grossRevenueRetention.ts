/**
 * Gross revenue retention.
 *
 * @module
 */
import type { Result } from '../core/result.js';
import {
  revenueRetention,
  type MrrMovements,
  type MrrSubscription,
  type RevenueRetentionOptions,
  type RevenueRetentionResult,
} from './revenueRetention.js';
import { guarded } from './_guard.js';

/**
 * Options of {@link grossRevenueRetention}.
 *
 * @example
 * ```ts
 * const o: GrossRevenueRetentionOptions = { period: monthPeriod('2026-03-01') };
 * ```
 */
export type GrossRevenueRetentionOptions = RevenueRetentionOptions;

/**
 * Gross revenue retention: (starting MRR − contraction − churned) / starting MRR, capped at 100%
 * (expansion is left out by definition; KeyBanc/Pacific Crest SaaS survey, Bessemer "State of the
 * Cloud"). From MRR movements or from subscriptions with `mrr` and `{ period }` (per account: MRR of
 * subscriptions active at the start vs. at the end; an account whose end MRR is 0 churned).
 * Mixed currencies, negative amounts, contraction + churned above the start, a bad period or an
 * unknown option: `validation_failed`; zero starting MRR: `rate: null`; an empty period: no movement
 * (rate 1). Never throws.
 *
 * @example
 * ```ts
 * unwrap(grossRevenueRetention({ startingMrr: money('10000', 'USD'), contraction: money('300', 'USD'), churned: money('700', 'USD') })).rate; //=> 0.9
 * ```
 */
export function grossRevenueRetention(
  input: MrrMovements,
  options?: Partial<GrossRevenueRetentionOptions> | null,
): Result<RevenueRetentionResult>;
export function grossRevenueRetention(
  input: readonly MrrSubscription[],
  options: GrossRevenueRetentionOptions,
): Result<RevenueRetentionResult>;
export function grossRevenueRetention(
  input: MrrMovements | readonly MrrSubscription[],
  options?: Partial<GrossRevenueRetentionOptions> | null,
): Result<RevenueRetentionResult> {
  return guarded('grossRevenueRetention', () => {
    return revenueRetention('grossRevenueRetention', false, input, options);
  });
}
