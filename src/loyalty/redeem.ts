/**
 * redeem: the ledger entry that spends a reward's cost from a balance, or `insufficient_points`.
 *
 * @module
 */
import { crmIssue, invalidInput, IssueList } from '../core/issues.js';
import { err, ok, type Result } from '../core/result.js';
import type { Dec } from '../money/decimal.js';
import { pointsText, readPoints } from '../entities/points.js';
import { createLoyaltyTransaction, type LoyaltyTransaction } from '../entities/loyaltyTransaction.js';
import type { EntityContext } from '../entities/define.js';
import { instantMs } from '../_lib/instantMs.js';
import { compiledOf } from './_program.js';
import { unreadable } from './_fail.js';
import { isObject } from './_read.js';
import { optionalId, readOptions, requiredInstant } from './_options.js';
import type { LoyaltyBalance } from './loyaltyBalance.js';
import type { LoyaltyProgram } from './types.js';

/**
 * Options of {@link redeem}.
 *
 * @example
 * ```ts
 * const o: RedeemOptions = { at: '2026-06-30T12:00:00Z' };
 * ```
 */
export interface RedeemOptions {
  /** When the reward is redeemed: at or after the balance's `asOf`. */
  readonly at: Date | string;
  /** The customer, when the balance has none (an empty ledger); otherwise it must match the balance's. */
  readonly customerId?: string | null;
  /** The order the reward is used on, kept on the entry. */
  readonly orderId?: string | null;
  /** The id generator and clock for the entry (as `createLoyaltyTransaction` takes). */
  readonly ctx?: EntityContext | null;
}

/**
 * The ledger entry that redeems a reward: kind `redeem`, points = −cost, `rewardId`. The points
 * available at `at` are the balance's `available` less what of it `expiring` says expires at or before
 * `at`; when they are fewer than the reward's cost, the answer is a `validation_failed` error whose
 * issue has code `insufficient_points` (path `['rewardId']`), so a successful redemption never leaves
 * the balance negative.
 *
 * Returns a `Result` and never throws for its input: an unknown reward (`unknown_reference`), a
 * balance that is not one, `at` before the balance's `asOf` (`out_of_order`), another customer, a bad
 * option — each a `validation_failed` issue with its path.
 *
 * @throws CrmError `validation_failed` when `program` was not made by `defineLoyaltyProgram`.
 *
 * @example
 * ```ts
 * const program = unwrap(defineLoyaltyProgram({
 *   currency: 'USD',
 *   rules: [{ id: 'visit', mode: 'per_order', points: 10 }],
 *   rewards: [{ id: 'ten-off', kind: 'amount_discount', cost: 100, amount: { amount: '10.00', currency: 'USD' } }],
 * }));
 * const balance = { customerId: 'c1', asOf: new Date('2026-06-30T00:00:00Z'), available: '80', expired: '0', expiring: [] };
 * const r = redeem(program, balance, 'ten-off', { at: '2026-06-30T12:00:00Z' });
 * r.ok; //=> false
 * if (!r.ok) r.error.issues[0]?.code; //=> 'insufficient_points'
 * ```
 */
export function redeem(
  program: LoyaltyProgram,
  balance: LoyaltyBalance,
  rewardId: string,
  options: RedeemOptions,
): Result<LoyaltyTransaction> {
  const compiled = compiledOf(program, 'redeem');
  try {
    const issues = new IssueList();
    const o = readOptions(options, ['at', 'customerId', 'orderId', 'ctx'], issues);
    const at = requiredInstant(o, 'at', issues);
    const customerOption = optionalId(o, 'customerId', issues);
    const orderId = optionalId(o, 'orderId', issues);
    const reward = typeof rewardId === 'string' ? compiled.rewards.get(rewardId) : undefined;
    if (reward === undefined)
      issues.push(
        crmIssue.unknownName('unknown_reference', ['rewardId'], 'reward', rewardId, [...compiled.rewards.keys()]),
      );
    let available: Dec | undefined;
    let asOf = Number.NaN;
    let customer: string | null = null;
    if (!isObject(balance)) issues.push(crmIssue.invalidType(['balance'], 'a balance from loyaltyBalance', balance));
    else {
      const a = readPoints(balance['available']);
      if (typeof a === 'string') issues.push(crmIssue.of('invalid_number', ['balance', 'available'], a));
      else available = a;
      asOf = instantMs(balance['asOf']);
      if (Number.isNaN(asOf)) issues.push(crmIssue.invalidDate(['balance', 'asOf'], balance['asOf']));
      const c = balance['customerId'];
      if (c !== null && c !== undefined && typeof c !== 'string')
        issues.push(crmIssue.invalidType(['balance', 'customerId'], 'an id or null', c));
      else customer = c ?? null;
      const expiring = balance['expiring'];
      if (!Array.isArray(expiring))
        issues.push(crmIssue.invalidType(['balance', 'expiring'], 'a list of { at, points }', expiring));
      else if (available !== undefined && !Number.isNaN(at))
        for (let i = 0; i < expiring.length; i++) {
          const e: unknown = expiring[i];
          const t = isObject(e) ? instantMs(e['at']) : Number.NaN;
          const p = isObject(e) ? readPoints(e['points']) : 'not an object';
          if (Number.isNaN(t) || typeof p === 'string') {
            issues.push(crmIssue.invalidType(['balance', 'expiring', i], 'expiring points { at, points }', e));
            continue;
          }
          if (t <= at) available = available.minus(p);
        }
    }
    if (!Number.isNaN(at) && !Number.isNaN(asOf) && at < asOf)
      issues.push(crmIssue.of('out_of_order', ['options', 'at'], 'a redemption is at or after the balance it spends'));
    if (customer !== null && customerOption !== null && customer !== customerOption)
      issues.push(
        crmIssue.invalidValue(['options', 'customerId'], `the balance is customer ${customer}'s`, customerOption),
      );
    const customerId = customer ?? customerOption;
    if (customerId === null && issues.count === 0)
      issues.push(crmIssue.invalidType(['options', 'customerId'], 'the customer (the balance names none)', undefined));
    if (issues.count > 0 || reward === undefined || available === undefined) return err(issues.error('redeem'));
    if (available.lt(reward.cost))
      return err(
        invalidInput('redeem', [
          crmIssue.of(
            'insufficient_points',
            ['rewardId'],
            `reward ${reward.id} costs ${pointsText(reward.cost)} points; ${pointsText(available)} are available at ${new Date(at).toISOString()}`,
          ),
        ]),
      );
    const ctx = o['ctx'];
    return createLoyaltyTransaction(
      {
        customerId: customerId!,
        kind: 'redeem',
        points: pointsText(reward.cost.neg()),
        at: new Date(at),
        rewardId: reward.id,
        orderId,
      },
      (ctx ?? undefined) as EntityContext | undefined,
    );
  } catch (e) {
    return err(unreadable('redeem', e));
  }
}
