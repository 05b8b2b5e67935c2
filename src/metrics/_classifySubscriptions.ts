/**
 * Private: the churn and retention kernel — customers classified over a period from their
 * subscriptions.
 *
 * @module
 */
import type { CrmIssue } from '../core/errors.js';
import type { Period } from '../time/period.js';
import { isValidDate, issue } from './_checks.js';
import type { SubscriptionSpan } from './subscriptionSpan.js';

/** Customer counts over a period: S, lost of S, N, lost of N. */
export interface ChurnTally {
  atStart: number;
  lost: number;
  acquired: number;
  lostAcquired: number;
}

/**
 * Classifies customers over a period from their subscriptions. Returns full counts plus the
 * retained count, or the first issue.
 */
export function classifySubscriptions(
  subscriptions: readonly SubscriptionSpan[],
  period: Period,
): (ChurnTally & { retained: number }) | CrmIssue {
  const from = period.start.getTime();
  const to = period.end.getTime();
  // bit 1: active at start; bit 2: active at end; bit 4: a subscription started inside the period.
  const flags = new Map<string, number>();
  const n = subscriptions.length;
  for (let i = 0; i < n; i++) {
    const s = subscriptions[i]!;
    const p = spanIssue(s, i);
    if (p !== null) return p;
    const a = s.startedAt.getTime();
    const b = s.endedAt === null ? Infinity : s.endedAt.getTime();
    let f = 0;
    if (a <= from && from < b) f |= 1;
    if (a <= to && to < b) f |= 2;
    if (a >= from && a < to) f |= 4;
    flags.set(s.accountId, (flags.get(s.accountId) ?? 0) | f);
  }
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

function spanIssue(s: SubscriptionSpan | undefined, i: number): CrmIssue | null {
  if (typeof s !== 'object' || s === null)
    return issue([i], 'expected a subscription { accountId, startedAt, endedAt }', 'invalid_type');
  if (typeof s.accountId !== 'string') return issue([i, 'accountId'], 'must be a string', 'invalid_type');
  if (!isValidDate(s.startedAt)) return issue([i, 'startedAt'], 'must be a valid Date', 'invalid_date');
  if (s.endedAt !== null && !isValidDate(s.endedAt))
    return issue([i, 'endedAt'], 'must be a valid Date or null', 'invalid_date');
  if (s.endedAt !== null && s.endedAt.getTime() < s.startedAt.getTime())
    return issue([i, 'endedAt'], 'must not be before startedAt', 'invalid_value');
  return null;
}
