/**
 * tierFor: the tier a customer has reached by points earned or money spent, over the lifetime or a
 * rolling window.
 *
 * @module
 */
import { crmIssue, IssueList } from '../core/issues.js';
import { err, ok, type Result } from '../core/result.js';
import { Dec } from '../money/decimal.js';
import { fromDecimal, moneyToDecimal, parseMoney, type Money } from '../money/money.js';
import { pointsText } from '../entities/points.js';
import { compiledOf } from './_program.js';
import { readLedger } from './_ledger.js';
import { unreadable } from './_fail.js';
import { optionalId, readOptions, requiredInstant } from './_options.js';
import type { LedgerEntry, LoyaltyProgram } from './types.js';

const ZERO = /* @__PURE__ */ new Dec(0);

/**
 * Options of {@link tierFor}.
 *
 * @example
 * ```ts
 * const o: TierForOptions = { asOf: '2026-12-31T00:00:00Z', customerId: 'c1' };
 * ```
 */
export interface TierForOptions {
  /** The instant: entries at or before it count (and, with a window, after `asOf − days`). */
  readonly asOf: Date | string;
  /** The customer: other customers' entries are skipped. Without it, every entry counts. */
  readonly customerId?: string | null;
}

/**
 * The tier reached and the next one.
 *
 * @example
 * ```ts
 * const t: TierStatus = { tier: 'silver', basis: 'points', value: '740', next: { tier: 'gold', remaining: '1260' } };
 * ```
 */
export interface TierStatus {
  /** The highest tier whose threshold `value` reaches, or `null` below the first. */
  readonly tier: string | null;
  /** What tiers are reached by. */
  readonly basis: 'points' | 'spend';
  /** Points earned (canonical decimal text) or money spent (Money) in the window. */
  readonly value: string | Money;
  /** The next tier and what is still missing to reach it, or `null` at the top. */
  readonly next: { readonly tier: string; readonly remaining: string | Money } | null;
}

/**
 * The tier a customer has reached as of `asOf`: the highest level whose threshold the value reaches
 * (value ≥ threshold), where the value is the points of the `earn` entries (basis `points`; redemptions
 * and adjustments do not lower it) or the `spend` they record (basis `spend`), over the lifetime or the
 * programme's rolling window `(asOf − days, asOf]`.
 *
 * Returns a `Result` and never throws for its input: a programme without tiers (`['program', 'tiers']`),
 * a bad ledger entry (its path under `ledger`), a spend in another currency (`currency_mismatch`), a
 * bad `asOf` or an unknown option — each a `validation_failed` issue.
 *
 * @throws CrmError `validation_failed` when `program` was not made by `defineLoyaltyProgram`.
 *
 * @example
 * ```ts
 * const program = unwrap(defineLoyaltyProgram({
 *   currency: 'USD',
 *   rules: [{ id: 'visit', mode: 'per_order', points: 10 }],
 *   rewards: [],
 *   tiers: { basis: 'points', window: { days: 365 }, levels: [{ id: 'silver', threshold: 500 }, { id: 'gold', threshold: 2000 }] },
 * }));
 * const ledger = [
 *   { customerId: 'c1', kind: 'earn', points: '400', at: '2025-03-01T00:00:00Z' },
 *   { customerId: 'c1', kind: 'earn', points: '600', at: '2026-02-01T00:00:00Z' },
 *   { customerId: 'c1', kind: 'redeem', points: '-500', at: '2026-03-01T00:00:00Z' },
 * ] as const;
 * const r = tierFor(program, ledger, { asOf: '2026-06-30T00:00:00Z' });
 * unwrap(r); //=> { tier: 'silver', basis: 'points', value: '600', next: { tier: 'gold', remaining: '1400' } }
 * ```
 */
export function tierFor(
  program: LoyaltyProgram,
  ledger: readonly LedgerEntry[],
  options: TierForOptions,
): Result<TierStatus> {
  const compiled = compiledOf(program, 'tierFor');
  try {
    const issues = new IssueList();
    const o = readOptions(options, ['asOf', 'customerId'], issues);
    const asOf = requiredInstant(o, 'asOf', issues);
    const only = optionalId(o, 'customerId', issues);
    const tiers = compiled.tiers;
    if (tiers === null) issues.push(crmIssue.invalidValue(['program', 'tiers'], 'the programme has no tiers', null));
    if (issues.count > 0 || tiers === null) return err(issues.error('tierFor'));
    const from = tiers.windowMs === null ? Number.NEGATIVE_INFINITY : asOf - tiers.windowMs;
    let value = ZERO;
    readLedger(
      ledger,
      issues,
      (e, i) => {
        if (e.kind !== 'earn' || (only !== null && e.customerId !== only) || e.at > asOf || e.at <= from) return;
        if (tiers.basis === 'points') {
          value = value.plus(e.points);
          return;
        }
        const s = e.raw['spend'];
        if (s === undefined || s === null) return;
        const m = parseMoney(s);
        if (!m.ok) for (const x of m.error.issues) issues.push({ ...x, path: ['ledger', i, 'spend', ...x.path] });
        else if (m.value.currency !== program.currency)
          issues.push(
            crmIssue.of(
              'currency_mismatch',
              ['ledger', i, 'spend', 'currency'],
              `expected ${program.currency}, the programme's currency; received ${m.value.currency}`,
            ),
          );
        else value = value.plus(moneyToDecimal(m.value));
      },
      ['ledger'],
    );
    if (issues.count > 0) return err(issues.error('tierFor'));
    const show = (d: Dec): string | Money =>
      tiers.basis === 'spend' ? fromDecimal(d, program.currency) : pointsText(d);
    let tier: string | null = null;
    let next: TierStatus['next'] = null;
    for (const level of tiers.levels) {
      if (value.gte(level.threshold)) tier = level.id;
      else {
        next = Object.freeze({ tier: level.id, remaining: show(level.threshold.minus(value)) });
        break;
      }
    }
    return ok(Object.freeze({ tier, basis: tiers.basis, value: show(value), next }));
  } catch (e) {
    return err(unreadable('tierFor', e));
  }
}
