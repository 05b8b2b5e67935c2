/**
 * pointsLiability: what the points customers hold are worth, at a reward's value per point.
 *
 * @module
 */
import { crmIssue, IssueList } from '../core/issues.js';
import { err, ok, type Result } from '../core/result.js';
import { Dec } from '../money/decimal.js';
import { fromDecimal, type Money } from '../money/money.js';
import { currencyMinorUnits } from '../money/currencies.js';
import { pointsText } from '../entities/points.js';
import { compiledOf, type CompiledReward } from './_program.js';
import { Fifo, readLedger } from './_ledger.js';
import { unreadable } from './_fail.js';
import { optionalId, readOptions, requiredInstant } from './_options.js';
import type { LedgerEntry, LoyaltyProgram } from './types.js';

const ZERO = /* @__PURE__ */ new Dec(0);

/**
 * Options of {@link pointsLiability}.
 *
 * @example
 * ```ts
 * const o: PointsLiabilityOptions = { asOf: '2026-12-31T00:00:00Z', rewardId: 'ten-off' };
 * ```
 */
export interface PointsLiabilityOptions {
  /** The instant of the balances (as {@link loyaltyBalance} reads it). */
  readonly asOf: Date | string;
  /** The reward whose value per point prices the points; default: the reward worth most per point. */
  readonly rewardId?: string | null;
}

/**
 * The points outstanding and their value.
 *
 * @example
 * ```ts
 * const l: PointsLiability = { points: '1250', value: { amount: '125.00', currency: 'USD' }, rewardId: 'ten-off', customers: 3 };
 * ```
 */
export interface PointsLiability {
  /** The points customers hold (the sum of their positive balances), canonical decimal text. */
  readonly points: string;
  /** What they are worth: points × the reward's value ÷ its cost, rounded half-even to the currency's minor unit. */
  readonly value: Money;
  /** The reward that priced them. */
  readonly rewardId: string;
  /** The customers holding points. */
  readonly customers: number;
}

/**
 * The liability of a programme's outstanding points (IFRS 15 treats points as a deferred obligation):
 * every customer's balance as of `asOf`, computed as {@link loyaltyBalance} does (FIFO expiry; a
 * customer in deficit counts as zero), summed and priced at a reward's money value per point — the
 * reward named by `rewardId`, or by default the reward worth most per point (a prudent upper bound).
 * A percent discount has a value only when it declares `value`. An empty ledger gives zero.
 *
 * Returns a `Result` and never throws for its input: a bad entry (its path under `ledger`), entries out
 * of order, an unknown reward (`unknown_reference`), a programme whose rewards have no money value, a
 * bad `asOf` or an unknown option — each a `validation_failed` issue.
 *
 * @throws CrmError `validation_failed` when `program` was not made by `defineLoyaltyProgram`.
 *
 * @example
 * ```ts
 * const program = unwrap(defineLoyaltyProgram({
 *   currency: 'USD',
 *   rules: [{ id: 'visit', mode: 'per_order', points: 10 }],
 *   rewards: [
 *     { id: 'ten-off', kind: 'amount_discount', cost: 100, amount: { amount: '10.00', currency: 'USD' } },
 *     { id: 'mug', kind: 'product', cost: 300, productId: 'mug', value: { amount: '12.00', currency: 'USD' } },
 *   ],
 * }));
 * const ledger = [
 *   { customerId: 'c1', kind: 'earn', points: '250', at: '2026-01-10T00:00:00Z' },
 *   { customerId: 'c2', kind: 'earn', points: '80', at: '2026-02-10T00:00:00Z' },
 *   { customerId: 'c1', kind: 'redeem', points: '-100', at: '2026-03-01T00:00:00Z' },
 * ] as const;
 * const r = pointsLiability(program, ledger, { asOf: '2026-06-30T00:00:00Z' });
 * unwrap(r); //=> { points: '230', value: { amount: '23.00', currency: 'USD' }, rewardId: 'ten-off', customers: 2 }
 * ```
 */
export function pointsLiability(
  program: LoyaltyProgram,
  ledger: readonly LedgerEntry[],
  options: PointsLiabilityOptions,
): Result<PointsLiability> {
  const compiled = compiledOf(program, 'pointsLiability');
  try {
    const issues = new IssueList();
    const o = readOptions(options, ['asOf', 'rewardId'], issues);
    const asOf = requiredInstant(o, 'asOf', issues);
    const rewardId = optionalId(o, 'rewardId', issues);
    let reward: CompiledReward | undefined;
    if (rewardId !== null) {
      reward = compiled.rewards.get(rewardId);
      if (reward === undefined)
        issues.push(
          crmIssue.unknownName('unknown_reference', ['options', 'rewardId'], 'reward', rewardId, [
            ...compiled.rewards.keys(),
          ]),
        );
      else if (reward.value === null)
        issues.push(
          crmIssue.invalidValue(['options', 'rewardId'], 'the reward has no money value (give it `value`)', rewardId),
        );
    } else {
      for (const r of compiled.rewards.values())
        if (r.value !== null && (reward === undefined || r.value.times(reward.cost).gt(reward.value!.times(r.cost))))
          reward = r;
      if (reward === undefined)
        issues.push(
          crmIssue.invalidValue(['program', 'rewards'], 'no reward of the programme has a money value', null),
        );
    }
    if (issues.count > 0 || reward === undefined) return err(issues.error('pointsLiability'));
    const byCustomer = new Map<string, Fifo>();
    readLedger(
      ledger,
      issues,
      (e) => {
        if (e.at > asOf) return;
        let f = byCustomer.get(e.customerId);
        if (f === undefined) byCustomer.set(e.customerId, (f = new Fifo()));
        f.apply(e.points, e.at, e.expiresAt);
      },
      ['ledger'],
    );
    if (issues.count > 0) return err(issues.error('pointsLiability'));
    let points = ZERO;
    let customers = 0;
    for (const f of byCustomer.values()) {
      const { available } = f.finish(asOf);
      if (available.gt(0)) {
        points = points.plus(available);
        customers++;
      }
    }
    const value = points
      .times(reward.value!)
      .dividedBy(reward.cost)
      .toDecimalPlaces(currencyMinorUnits(program.currency), Dec.ROUND_HALF_EVEN);
    return ok(
      Object.freeze({
        points: pointsText(points),
        value: fromDecimal(value, program.currency),
        rewardId: reward.id,
        customers,
      }),
    );
  } catch (e) {
    return err(unreadable('pointsLiability', e));
  }
}
