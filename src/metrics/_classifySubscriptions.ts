/**
 * Private: the churn and retention kernel — customers classified over a period from their
 * subscriptions.
 *
 * @module
 */
import type { CrmIssue } from '../core/errors.js';
import type { Period } from '../time/period.js';
import { issue } from './_checks.js';
import type { SubscriptionSpan } from './subscriptionSpan.js';
import { countPartitioned, hashId, partitionBits, partitionOf, scatterIds } from './_accountFlagsPartitioned.js';

/** Records from which the partitioned aggregation counts (below, a `Map` of ids is as fast). */
const PARTITIONED_FROM = 32768;

/** Customer counts over a period: S, lost of S, N, lost of N. */
export interface ChurnTally {
  atStart: number;
  lost: number;
  acquired: number;
  lostAcquired: number;
}

/**
 * Classifies customers over a period from their subscriptions, in one pass with no allocation per
 * record: each Date is read once (`getTime()`), and the rest are integer-millisecond comparisons.
 * Per account, a flag set: bit 1 active at the start, bit 2 active at the end, bit 4 a subscription
 * started inside the period; a subscription that sets no bit leaves its account out of the map (an
 * account with no bit counts nowhere). Returns the counts, or the first malformed record's issue.
 */
export function classifySubscriptions(
  subscriptions: readonly SubscriptionSpan[],
  period: Period,
): (ChurnTally & { retained: number }) | CrmIssue {
  const from = period.start.getTime();
  const to = period.end.getTime();
  const n = subscriptions.length;
  if (n >= PARTITIONED_FROM) {
    const large = classifyPartitioned(subscriptions, from, to);
    if (large !== null) return large;
  }
  const flags = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const s = subscriptions[i];
    const f = subscriptionFlags(s, i, from, to);
    if (typeof f !== 'number') return f;
    if (f !== 0) addFlags(flags, s!.accountId, f);
  }
  return countFlags(flags);
}

/**
 * The same counts for many records, merged by a partitioned hash aggregation
 * (`_accountFlagsPartitioned.ts`: linear time where a `Map` of millions of string ids is not), or
 * the first malformed record's issue; `null` when an id has a code unit above 0xFF (then the `Map`
 * path counts). `tuning.bits` (tests only) sets the partition bits.
 */
export function classifyPartitioned(
  subscriptions: readonly SubscriptionSpan[],
  from: number,
  to: number,
  tuning: { bits?: number } = {},
): (ChurnTally & { retained: number }) | CrmIssue | null {
  const n = subscriptions.length;
  const bits = tuning.bits ?? partitionBits(n);
  const shift = 32 - bits;
  // end[p + 1] counts the entries of partition p, then (prefix sums) ends it.
  const end = new Int32Array((1 << bits) + 1);
  let wide = false;
  for (let i = 0; i < n; i++) {
    const s = subscriptions[i];
    const f = subscriptionFlags(s, i, from, to);
    if (typeof f !== 'number') return f;
    if (f === 0 || wide) continue;
    const h = hashId(s!.accountId);
    if (h === null) {
      wide = true; // keep validating every record; the Map path counts
      continue;
    }
    end[(bits === 0 ? 0 : partitionOf(h, shift)) + 1]!++;
  }
  if (wide) return null;
  for (let p = 1; p < end.length; p++) end[p]! += end[p - 1]!;
  const c = countPartitioned(scatterIds(subscriptions, from, to, bits, end));
  return { ...c, retained: c.atStart - c.lost };
}

/**
 * The flags of subscription `s` (index `i`) over [from, to) — bit 1 active at the start, bit 2
 * active at the end, bit 4 started inside — or its issue. The one reading of a subscription, for
 * {@link classifySubscriptions} and `churnBy` / `retentionBy`.
 */
export function subscriptionFlags(
  s: SubscriptionSpan | undefined,
  i: number,
  from: number,
  to: number,
): number | CrmIssue {
  if (typeof s !== 'object' || s === null)
    return issue([i], 'expected a subscription { accountId, startedAt, endedAt }', 'invalid_type');
  const id = s.accountId;
  if (typeof id !== 'string') return issue([i, 'accountId'], 'must be a string', 'invalid_type');
  const started = s.startedAt;
  const a = started instanceof Date ? started.getTime() : Number.NaN;
  if (a !== a) return issue([i, 'startedAt'], 'must be a valid Date', 'invalid_date');
  const ended = s.endedAt;
  let b = Infinity;
  if (ended !== null) {
    b = ended instanceof Date ? ended.getTime() : Number.NaN;
    if (b !== b) return issue([i, 'endedAt'], 'must be a valid Date or null', 'invalid_date');
    if (b < a) return issue([i, 'endedAt'], 'must not be before startedAt', 'invalid_value');
  }
  let f = 0;
  if (a <= from && from < b) f |= 1;
  if (a <= to && to < b) f |= 2;
  if (a >= from && a < to) f |= 4;
  return f;
}

/** Merges a subscription's flags into its account's (a subscription that sets no bit is left out). */
export function addFlags(flags: Map<string, number>, accountId: string, f: number): void {
  const prev = flags.get(accountId);
  if (prev === undefined) flags.set(accountId, f);
  else if ((prev | f) !== prev) flags.set(accountId, prev | f);
}

/** The customer counts of the accounts' flags. */
export function countFlags(flags: ReadonlyMap<string, number>): ChurnTally & { retained: number } {
  let atStart = 0;
  let lost = 0;
  let acquired = 0;
  let lostAcquired = 0;
  for (const f of flags.values()) {
    if (f & 1) {
      atStart++;
      if (!(f & 2)) lost++;
    } else if (f & 4) {
      acquired++;
      if (!(f & 2)) lostAcquired++;
    }
  }
  return { atStart, lost, acquired, lostAcquired, retained: atStart - lost };
}
