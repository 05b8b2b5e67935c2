/**
 * Defects the public-API fuzzer (test/fuzz, issue 12) found in crmkit/metrics, each pinned as the call
 * that showed it. All were one kind: reading the caller's input threw (an array whose element 0 is a
 * throwing getter), and the metric — which returns a `Result` — let the caller's exception through
 * instead of answering `validation_failed` (docs/core.md, "The rule", point 3). The fix is one guard
 * (src/metrics/_guard.ts) around every `Result`-returning metric and every `…AccumulatorFromJSON`.
 */
import { describe, expect, it } from 'vitest';
import type { Result } from '../../src/core/result.js';
import { money } from '../../src/money/index.js';
import { monthPeriod, quarterPeriod } from '../../src/time/index.js';
import {
  arpuAccumulatorFromJSON,
  averageRevenuePerCustomer,
  ces,
  cohortRetention,
  churnRate,
  conversionAccumulatorFromJSON,
  conversionBy,
  conversionRate,
  createArpuAccumulator,
  createConversionAccumulator,
  createFunnelAccumulator,
  createHistoricalValueAccumulator,
  createKaplanMeierAccumulator,
  createLeadToCustomerTimeAccumulator,
  createLogRankAccumulator,
  csat,
  funnel,
  funnelAccumulatorFromJSON,
  grossRevenueRetention,
  historicalCustomerValue,
  historicalValueAccumulatorFromJSON,
  kaplanMeier,
  kaplanMeierAccumulatorFromJSON,
  leadToCustomerTime,
  leadToCustomerTimeAccumulatorFromJSON,
  logRankAccumulatorFromJSON,
  logRankTest,
  netRevenueRetention,
  nps,
  npsBy,
  npsChange,
  renewalRate,
  retentionRate,
} from '../../src/metrics/index.js';

class OwnError extends Error {
  override readonly name = 'OwnError';
}

/** What the fuzzer put there: `[<getter that throws>, 2]`. */
const getterAt0 = (): unknown[] =>
  Object.defineProperty([1, 2], 0, {
    enumerable: true,
    get() {
      throw new OwnError('getter 0');
    },
  });

const d = (s: string) => new Date(`${s}T00:00:00Z`);
const usd = (a: string) => money(a, 'USD');
const march = monthPeriod('2026-03-01');
const transactions = () => [
  { customerId: 'c1', amount: usd('10.00') },
  { customerId: 'c2', amount: usd('5.10') },
];

/** A state (the accumulator's `toJSON()`) with `value` at `path`. */
function withAt(state: unknown, path: readonly string[], value: unknown): unknown {
  const copy = JSON.parse(JSON.stringify(state)) as Record<string, unknown>;
  let node = copy;
  for (const k of path.slice(0, -1)) node = node[k] as Record<string, unknown>;
  node[path[path.length - 1]!] = value;
  return copy;
}

/** Asserts the call returned (not threw) `validation_failed` saying the input could not be read. */
function expectUnreadable(call: () => Result<unknown>): void {
  let r: Result<unknown> | undefined;
  expect(() => (r = call())).not.toThrow();
  expect(r?.ok).toBe(false);
  if (r === undefined || r.ok) return;
  expect(r.error.code).toBe('validation_failed');
  expect(r.error.issues[0]?.code).toBe('invalid_type');
  expect(r.error.issues[0]?.message).toContain('could not be read');
  expect(r.error.issues[0]?.message).toContain('OwnError: getter 0');
}

describe('fuzz findings in crmkit/metrics: a throwing getter in the input is a Result error, not a throw', () => {
  it('nps(args[0] = array with throwing getter at 0)', () => {
    expectUnreadable(() => nps(getterAt0() as number[]));
  });
  it('npsBy(args[0] = array with throwing getter at 0)', () => {
    expectUnreadable(() => npsBy(getterAt0() as { score: number }[], 'score'));
  });
  it('npsChange(args[1] = array with throwing getter at 0)', () => {
    expectUnreadable(() => npsChange([9, 10, 3], getterAt0() as number[]));
  });
  it('ces(args[0] = array with throwing getter at 0)', () => {
    expectUnreadable(() => ces(getterAt0() as number[]));
  });
  it('csat(args[0] = array with throwing getter at 0)', () => {
    expectUnreadable(() => csat(getterAt0() as number[]));
  });
  it('churnRate(args[0] = array with throwing getter at 0, { period })', () => {
    expectUnreadable(() => churnRate(getterAt0() as never[], { period: march }));
  });
  it('retentionRate(args[0] = array with throwing getter at 0, { period })', () => {
    expectUnreadable(() => retentionRate(getterAt0() as never[], { period: march }));
  });
  it('grossRevenueRetention(args[0] = array with throwing getter at 0, { period })', () => {
    expectUnreadable(() => grossRevenueRetention(getterAt0() as never[], { period: march }));
  });
  it('netRevenueRetention(args[0] = array with throwing getter at 0, { period }) (same reader as the gross one)', () => {
    expectUnreadable(() => netRevenueRetention(getterAt0() as never[], { period: march }));
  });
  it('renewalRate(args[0] = array with throwing getter at 0, { period, basis })', () => {
    expectUnreadable(() =>
      renewalRate(getterAt0() as never[], { period: quarterPeriod('2026-01-01'), basis: 'value' }),
    );
  });
  it('historicalCustomerValue(args[0] = array with throwing getter at 0)', () => {
    expectUnreadable(() => historicalCustomerValue(getterAt0() as never[]));
  });
  it('averageRevenuePerCustomer(args[0] = array with throwing getter at 0)', () => {
    expectUnreadable(() => averageRevenuePerCustomer(getterAt0() as never[]));
  });
  it('conversionRate(args[0] = array with throwing getter at 0)', () => {
    expectUnreadable(() => conversionRate(getterAt0() as never[]));
  });
  it('conversionBy(args[0] = array with throwing getter at 0)', () => {
    expectUnreadable(() => conversionBy(getterAt0() as never[], 'source'));
  });
  it('funnel(args[1] = array with throwing getter at 0)', () => {
    expectUnreadable(() => funnel(['qualified', 'won'], getterAt0() as never[]));
  });
  it('leadToCustomerTime(args[0] = array with throwing getter at 0)', () => {
    expectUnreadable(() => leadToCustomerTime(getterAt0() as never[]));
  });
  it('cohortRetention(args[0] = array with throwing getter at 0)', () => {
    expectUnreadable(() => cohortRetention(getterAt0() as never[], { periods: 3, asOf: d('2026-03-01') }));
  });
  // Not reachable by the fuzzer's mutation (its getter array has 2 elements, so the length check that
  // comes first refuses it), found by the same probe with lengths that match:
  it('kaplanMeier(durations = array with throwing getter at 0, events of the same length)', () => {
    expectUnreadable(() => kaplanMeier(getterAt0() as number[], [1, 0]));
    expectUnreadable(() => kaplanMeier([3, 5], getterAt0() as never[]));
  });
  it('logRankTest(groupA.durations = array with throwing getter at 0, events of the same length)', () => {
    expectUnreadable(() =>
      logRankTest({ durations: getterAt0() as number[], events: [1, 0] }, { durations: [2], events: [1] }),
    );
  });
  it('funnel(stages = array with throwing getter at 0)', () => {
    expectUnreadable(() => funnel(getterAt0() as string[], [10, 2]));
  });
  it('arpuAccumulatorFromJSON(args[0].data.customers = array with throwing getter at 0)', () => {
    const state = createArpuAccumulator({ currency: 'USD' }).addAll(transactions()).toJSON();
    expectUnreadable(() => arpuAccumulatorFromJSON(withAt(state, ['data', 'customers'], getterAt0())));
  });
  it('historicalValueAccumulatorFromJSON(args[0].data.customers = array with throwing getter at 0)', () => {
    const state = createHistoricalValueAccumulator({ currency: 'USD' }).addAll(transactions()).toJSON();
    expectUnreadable(() => historicalValueAccumulatorFromJSON(withAt(state, ['data', 'customers'], getterAt0())));
  });
  it('conversionAccumulatorFromJSON(args[0].data = array with throwing getter at 0)', () => {
    const state = createConversionAccumulator().addAll([true, false]).toJSON();
    expectUnreadable(() => conversionAccumulatorFromJSON(withAt(state, ['data'], getterAt0())));
  });
  it('funnelAccumulatorFromJSON(args[0].options.stages = array with throwing getter at 0)', () => {
    const state = createFunnelAccumulator(['qualified', 'won']).add({ stageId: 'won' }).toJSON();
    expectUnreadable(() => funnelAccumulatorFromJSON(withAt(state, ['options', 'stages'], getterAt0())));
  });
  it('leadToCustomerTimeAccumulatorFromJSON(args[0].options.period = array with throwing getter at 0)', () => {
    const state = createLeadToCustomerTimeAccumulator({ period: march }).toJSON();
    expectUnreadable(() => leadToCustomerTimeAccumulatorFromJSON(withAt(state, ['options', 'period'], getterAt0())));
  });
  it('kaplanMeierAccumulatorFromJSON(args[0].data = array with throwing getter at 0)', () => {
    const state = createKaplanMeierAccumulator().add({ duration: 3, event: 1 }).toJSON();
    expectUnreadable(() => kaplanMeierAccumulatorFromJSON(withAt(state, ['data'], getterAt0())));
  });
  it('logRankAccumulatorFromJSON(args[0].data.A = array with throwing getter at 0)', () => {
    const state = createLogRankAccumulator().add({ group: 'A', duration: 3, event: 1 }).toJSON();
    expectUnreadable(() => logRankAccumulatorFromJSON(withAt(state, ['data', 'A'], getterAt0())));
  });

  it('a key function’s own exception still propagates unchanged (npsBy, conversionBy document it)', () => {
    const boom = new OwnError('key');
    const key = () => {
      throw boom;
    };
    expect(() => npsBy([{ score: 9 }], key)).toThrow(boom);
    expect(() => conversionBy([{ createdAt: d('2026-03-02'), convertedAt: null }], key)).toThrow(boom);
  });
});
