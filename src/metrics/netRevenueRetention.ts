/**
 * Net revenue retention (net dollar retention).
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
 * Options of {@link netRevenueRetention}.
 *
 * @example
 * ```ts
 * const o: NetRevenueRetentionOptions = { period: monthPeriod('2026-03-01'), currency: 'EUR' };
 * ```
 */
export type NetRevenueRetentionOptions = RevenueRetentionOptions;

/**
 * Net revenue retention (net dollar retention): (starting MRR + expansion − contraction −
 * churned) / starting MRR, not capped (above 1 when expansion outweighs losses). Same inputs,
 * record-level rules and errors as {@link grossRevenueRetention}; a rate beyond the range of a
 * number (an expansion more than 1.8e308 times the starting MRR) is `validation_failed` with a
 * `too_big` issue, never `Infinity`. Never throws.
 *
 * @example
 * ```ts
 * unwrap(netRevenueRetention({ startingMrr: money('10000', 'USD'), expansion: money('1500', 'USD'), contraction: money('300', 'USD'), churned: money('700', 'USD') })).rate; //=> 1.05
 * ```
 */
export function netRevenueRetention(
  input: MrrMovements,
  options?: Partial<NetRevenueRetentionOptions> | null,
): Result<RevenueRetentionResult>;
export function netRevenueRetention(
  input: readonly MrrSubscription[],
  options: NetRevenueRetentionOptions,
): Result<RevenueRetentionResult>;
export function netRevenueRetention(
  input: MrrMovements | readonly MrrSubscription[],
  options?: Partial<NetRevenueRetentionOptions> | null,
): Result<RevenueRetentionResult> {
  return guarded('netRevenueRetention', () => {
    return revenueRetention('netRevenueRetention', true, input, options);
  });
}
