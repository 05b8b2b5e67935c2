/**
 * The ledger engine: reads entries one by one (checking each, with paths) and keeps a customer's
 * points as FIFO lots, in one pass.
 *
 * FIFO expiry: every entry that adds points (earn, a positive adjust) is a lot that may expire at its
 * `expiresAt`; every entry that takes points (redeem, expire, a negative adjust) takes them from the
 * oldest lots still alive at its time; a lot's points left at its `expiresAt` expire. A lot is alive at
 * time t when t < expiresAt. Points taken beyond every live lot are a deficit, which the next points
 * added pay first.
 */
import type { PathSegment } from '../core/errors.js';
import { crmIssue, type IssueList } from '../core/issues.js';
import { Dec } from '../money/decimal.js';
import { readPoints } from '../entities/points.js';
import { LOYALTY_TRANSACTION_KINDS, type LoyaltyTransactionKind } from '../entities/enums.js';
import { instantMs } from '../_lib/instantMs.js';

const ZERO = /* @__PURE__ */ new Dec(0);
const KINDS: ReadonlySet<string> = /* @__PURE__ */ new Set(LOYALTY_TRANSACTION_KINDS);

/** One entry as read. */
export interface Entry {
  readonly customerId: string;
  readonly kind: LoyaltyTransactionKind;
  readonly points: Dec;
  readonly at: number;
  /** `Infinity` when the points never expire. */
  readonly expiresAt: number;
  readonly raw: Record<string, unknown>;
}

/**
 * Calls `visit` with every entry of `ledger` that reads well, in order; pushes an issue (path `[i, key]`)
 * for every one that does not. Entries must come in order of `at` (`out_of_order` otherwise). Throws
 * only what reading a hostile object throws (the callers catch it).
 */
export function readLedger(
  ledger: unknown,
  issues: IssueList,
  visit: (e: Entry, i: number) => void,
  root: readonly PathSegment[] = [],
): void {
  if (!Array.isArray(ledger)) {
    issues.push(crmIssue.invalidType(root, 'a ledger (an array of entries)', ledger));
    return;
  }
  let last = Number.NEGATIVE_INFINITY;
  const n = ledger.length;
  for (let i = 0; i < n; i++) {
    if (issues.full) {
      issues.count++;
      continue;
    }
    const raw: unknown = ledger[i];
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      issues.push(
        crmIssue.invalidType([...root, i], 'a ledger entry { customerId, kind, points, at, expiresAt? }', raw),
      );
      continue;
    }
    const r = raw as Record<string, unknown>;
    const before = issues.count;
    const customerId = r['customerId'];
    if (typeof customerId !== 'string' || customerId === '')
      issues.push(crmIssue.invalidType([...root, i, 'customerId'], "a customer's id (text)", customerId));
    const kind = r['kind'];
    if (typeof kind !== 'string' || !KINDS.has(kind))
      issues.push(
        crmIssue.invalidValue([...root, i, 'kind'], 'an unknown entry kind', kind, LOYALTY_TRANSACTION_KINDS),
      );
    const p = readPoints(r['points']);
    if (typeof p === 'string') issues.push(crmIssue.of('invalid_number', [...root, i, 'points'], p));
    const at = instantMs(r['at']);
    if (Number.isNaN(at)) issues.push(crmIssue.invalidDate([...root, i, 'at'], r['at']));
    else if (at < last)
      issues.push(
        crmIssue.of(
          'out_of_order',
          [...root, i, 'at'],
          'ledger entries come in order of `at`; this one is before the entry above it',
        ),
      );
    else last = at;
    const e = r['expiresAt'];
    let expiresAt = Number.POSITIVE_INFINITY;
    if (e !== undefined && e !== null) {
      expiresAt = instantMs(e);
      if (Number.isNaN(expiresAt)) issues.push(crmIssue.invalidDate([...root, i, 'expiresAt'], e));
      else if (!Number.isNaN(at) && expiresAt <= at)
        issues.push(crmIssue.of('out_of_order', [...root, i, 'expiresAt'], 'points must expire after they are earned'));
    }
    if (typeof p !== 'string' && typeof kind === 'string' && KINDS.has(kind)) {
      const sign = p.isZero() ? 0 : p.isNegative() ? -1 : 1;
      const wrong = kind === 'earn' ? sign <= 0 : kind === 'adjust' ? sign === 0 : sign >= 0;
      if (wrong)
        issues.push(
          crmIssue.invalidValue(
            [...root, i, 'points'],
            kind === 'earn'
              ? 'earned points are positive'
              : kind === 'adjust'
                ? 'an adjustment is not zero'
                : `a ${kind} entry takes points: its points are negative`,
            r['points'],
          ),
        );
      else if (sign < 0 && e !== undefined && e !== null)
        issues.push(crmIssue.invalidValue([...root, i, 'expiresAt'], 'only entries that add points expire', e));
    }
    if (issues.count > before) continue;
    visit(
      {
        customerId: customerId as string,
        kind: kind as LoyaltyTransactionKind,
        points: p as Dec,
        at,
        expiresAt,
        raw: r,
      },
      i,
    );
  }
}

interface Lot {
  rem: Dec;
  readonly exp: number;
}

/** One customer's points as FIFO lots. */
export class Fifo {
  private readonly lots: Lot[] = [];
  private head = 0;
  private deficit: Dec = ZERO;
  /** Points lost to expiry so far (lots passed over by a later debit). */
  expired: Dec = ZERO;

  /** Applies an entry (points signed) at time `at`. */
  apply(points: Dec, at: number, expiresAt: number): void {
    if (points.isPositive()) this.credit(points, expiresAt);
    else this.debit(points.neg(), at);
  }

  private credit(points: Dec, expiresAt: number): void {
    let amount = points;
    if (!this.deficit.isZero()) {
      if (this.deficit.gte(amount)) {
        this.deficit = this.deficit.minus(amount);
        return;
      }
      amount = amount.minus(this.deficit);
      this.deficit = ZERO;
    }
    this.lots.push({ rem: amount, exp: expiresAt });
  }

  private debit(need: Dec, at: number): void {
    let rest = need;
    const lots = this.lots;
    while (this.head < lots.length) {
      const lot = lots[this.head]!;
      if (lot.exp <= at) {
        this.expired = this.expired.plus(lot.rem);
        this.head++;
        continue;
      }
      if (lot.rem.gt(rest)) {
        lot.rem = lot.rem.minus(rest);
        return;
      }
      rest = rest.minus(lot.rem);
      this.head++;
      if (rest.isZero()) return;
    }
    this.deficit = this.deficit.plus(rest);
  }

  /**
   * The points as of `asOf` (no entry after it was applied): available (negative only for a deficit),
   * expired in all, and the points still to expire by instant.
   */
  finish(asOf: number): { available: Dec; expired: Dec; expiring: Map<number, Dec> } {
    let available = this.deficit.neg();
    let expired = this.expired;
    const expiring = new Map<number, Dec>();
    for (let i = this.head; i < this.lots.length; i++) {
      const lot = this.lots[i]!;
      if (lot.exp <= asOf) expired = expired.plus(lot.rem);
      else {
        available = available.plus(lot.rem);
        if (lot.exp !== Number.POSITIVE_INFINITY && !lot.rem.isZero())
          expiring.set(lot.exp, (expiring.get(lot.exp) ?? ZERO).plus(lot.rem));
      }
    }
    return { available, expired, expiring };
  }
}
