/**
 * loyaltyBalance: a customer's points as of an instant, with FIFO expiry, in one pass over the ledger.
 *
 * @module
 */
import { crmIssue, IssueList } from '../core/issues.js';
import { err, ok, type Result } from '../core/result.js';
import { pointsText } from '../entities/points.js';
import { Fifo, readLedger } from './_ledger.js';
import { unreadable } from './_fail.js';
import { optionalId, readOptions, requiredInstant } from './_options.js';
import type { LedgerEntry } from './types.js';

/**
 * Options of {@link loyaltyBalance}.
 *
 * @example
 * ```ts
 * const o: LoyaltyBalanceOptions = { asOf: '2026-06-30T00:00:00Z', customerId: 'c1' };
 * ```
 */
export interface LoyaltyBalanceOptions {
  /** The instant of the balance: entries after it are left out, lots expiring at or before it are expired. */
  readonly asOf: Date | string;
  /** The customer: entries of other customers are skipped. Without it, the ledger must be one customer's. */
  readonly customerId?: string | null;
}

/**
 * Points that will expire at an instant, unless spent first.
 *
 * @example
 * ```ts
 * const e: ExpiringPoints = { at: new Date('2027-03-01T00:00:00Z'), points: '120' };
 * ```
 */
export interface ExpiringPoints {
  /** When they expire. */
  readonly at: Date;
  /** How many (canonical decimal text). */
  readonly points: string;
}

/**
 * A customer's points as of `asOf`.
 *
 * @example
 * ```ts
 * const b: LoyaltyBalance = { customerId: 'c1', asOf: new Date('2026-06-30T00:00:00Z'), available: '70', expired: '0', expiring: [{ at: new Date('2027-03-01T00:00:00Z'), points: '70' }] };
 * ```
 */
export interface LoyaltyBalance {
  /** The customer, or `null` for an empty ledger without `customerId`. */
  readonly customerId: string | null;
  /** The instant of the balance. */
  readonly asOf: Date;
  /**
   * Points available (canonical decimal text): the sum of the points of the entries at or before
   * `asOf`, less `expired`. Negative only when the ledger took more points than it held (a deficit).
   */
  readonly available: string;
  /** Points that expired unspent, at or before `asOf`. */
  readonly expired: string;
  /** The available points that carry an expiry, by the instant they expire, soonest first. */
  readonly expiring: readonly ExpiringPoints[];
}

/**
 * A customer's points as of `asOf`, with FIFO expiry, in one pass over the ledger (entries in order of
 * `at`): each entry that adds points (earn, a positive adjust) is a lot that expires at its `expiresAt`;
 * each entry that takes points (redeem, expire, a negative adjust) takes them from the oldest lots
 * still alive at its time (a lot is alive while `at < expiresAt`); whatever a lot holds at its
 * `expiresAt` expires. So `available` = Σ points of the entries at or before `asOf` − `expired`.
 *
 * Give earn entries an `expiresAt` and let this function expire them, or post `expire` entries
 * yourself for points without one — not both for the same points (an `expire` entry is a debit like a
 * redemption). A ledger that takes more than it holds ends with a negative `available` (a deficit);
 * the next points added pay it first. An empty ledger gives `available: '0'`.
 *
 * Returns a `Result` and never throws for its input: a ledger that is not an array, an entry with a
 * bad field (`[i, 'points']`, `[i, 'at']`, …), a sign that does not fit the kind, entries out of order
 * (`out_of_order` at `[i, 'at']`), several customers without `customerId`, a bad `asOf` or an unknown
 * option — each is a `validation_failed` issue with its path. Linear in the ledger's length.
 *
 * @example
 * ```ts
 * const ledger = [
 *   { customerId: 'c1', kind: 'earn', points: '100', at: '2026-01-10T00:00:00Z', expiresAt: '2026-07-10T00:00:00Z' },
 *   { customerId: 'c1', kind: 'earn', points: '50', at: '2026-03-01T00:00:00Z', expiresAt: '2026-09-01T00:00:00Z' },
 *   { customerId: 'c1', kind: 'redeem', points: '-80', at: '2026-04-01T00:00:00Z' },
 * ] as const;
 * const r = loyaltyBalance(ledger, { asOf: '2026-08-01T00:00:00Z' });
 * // the first lot's 20 left expired on 10 July
 * unwrap(r).available; //=> '50'
 * unwrap(r).expired; //=> '20'
 * ```
 */
export function loyaltyBalance(ledger: readonly LedgerEntry[], options: LoyaltyBalanceOptions): Result<LoyaltyBalance> {
  try {
    const issues = new IssueList();
    const o = readOptions(options, ['asOf', 'customerId'], issues);
    const asOf = requiredInstant(o, 'asOf', issues);
    const only = optionalId(o, 'customerId', issues);
    if (issues.count > 0) return err(issues.error('loyaltyBalance'));
    const fifo = new Fifo();
    let customer: string | null = only;
    readLedger(
      ledger,
      issues,
      (e, i) => {
        if (only !== null) {
          if (e.customerId !== only) return;
        } else if (customer === null) customer = e.customerId;
        else if (e.customerId !== customer) {
          issues.push(
            crmIssue.invalidValue(
              ['ledger', i, 'customerId'],
              `the ledger mixes customers (${customer} above); pass { customerId } to choose one`,
              e.customerId,
            ),
          );
          return;
        }
        if (e.at <= asOf) fifo.apply(e.points, e.at, e.expiresAt);
      },
      ['ledger'],
    );
    if (issues.count > 0) return err(issues.error('loyaltyBalance'));
    const { available, expired, expiring } = fifo.finish(asOf);
    const list = [...expiring.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([at, points]) => Object.freeze({ at: new Date(at), points: pointsText(points) }));
    return ok(
      Object.freeze({
        customerId: customer,
        asOf: new Date(asOf),
        available: pointsText(available),
        expired: pointsText(expired),
        expiring: Object.freeze(list),
      }),
    );
  } catch (e) {
    return err(unreadable('loyaltyBalance', e));
  }
}
