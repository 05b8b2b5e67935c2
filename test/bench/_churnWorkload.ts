/**
 * The churn and retention workload both metrics.bench.ts and churn.bench.ts time: subscriptions as a
 * user passes them (Date fields, string account ids), the month they are measured over, and the
 * hand-written loop crmkit is compared with.
 */
import type { SubscriptionSpan } from '../../src/metrics/index.js';
import type { Rng } from '../../src/math/random.js';
import { monthPeriod } from '../../src/time/period.js';

/** The month churn and retention are measured over. */
export const period = monthPeriod('2026-03-01');
const DAY = 86_400_000;
const BASE = Date.UTC(2024, 0, 1);

/** `n` subscriptions drawn from `r`. */
export function subscriptions(n: number, r: Rng): SubscriptionSpan[] {
  const out = new Array<SubscriptionSpan>(n);
  const accounts = Math.round(n * 0.7);
  for (let i = 0; i < n; i++) {
    const start = BASE + r.nextInt(820) * DAY;
    const ended = r.next() < 0.4;
    out[i] = {
      accountId: `acc_${r.nextInt(accounts)}`,
      startedAt: new Date(start),
      endedAt: ended ? new Date(start + (1 + r.nextInt(400)) * DAY) : null,
    };
  }
  return out;
}

/**
 * Hand-written customer churn: per account, active at the start and at the end. As fast as written by
 * hand: one getTime() per Date, integer comparisons, accounts touched only by a subscription that
 * matters in the period.
 */
export function churnLoop(list: readonly SubscriptionSpan[]): { atStart: number; lost: number; retained: number } {
  const from = period.start.getTime();
  const to = period.end.getTime();
  const flags = new Map<string, number>();
  for (let i = 0; i < list.length; i++) {
    const s = list[i]!;
    const a = s.startedAt.getTime();
    const e = s.endedAt;
    const b = e === null ? Infinity : e.getTime();
    let f = 0;
    if (a <= from && from < b) f |= 1;
    if (a <= to && to < b) f |= 2;
    if (a >= from && a < to) f |= 4;
    if (f === 0) continue;
    const prev = flags.get(s.accountId);
    if (prev === undefined) flags.set(s.accountId, f);
    else if ((prev | f) !== prev) flags.set(s.accountId, prev | f);
  }
  let atStart = 0;
  let lost = 0;
  for (const f of flags.values()) {
    if (f & 1) {
      atStart++;
      if (!(f & 2)) lost++;
    }
  }
  return { atStart, lost, retained: atStart - lost };
}
