// Issue 17 §3: goals on the measures of crmkit/metrics or the host's own, and their progress. The known
// values are worked by hand in the comments beside them (linear extrapolation of the pace so far).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { unwrap } from '../../src/core/result.js';
import { GOAL_METRICS, defineGoal, goalProgress, type GoalSpec } from '../../src/goals/index.js';
import * as metrics from '../../src/metrics/index.js';

const usd = (amount: string) => ({ amount, currency: 'USD' as const });
const cacSpec = (): GoalSpec => ({
  id: 'cac-2026',
  metric: 'customerAcquisitionCost',
  period: 'month',
  baseline: usd('115.00'),
  target: usd('80.00'),
  start: '2026-01-01',
  by: '2027-01-01',
});
const issues = (r: { ok: boolean; error?: { issues: readonly { path: readonly unknown[]; code: string }[] } }) =>
  r.ok ? [] : r.error!.issues.map((i) => ({ path: i.path, code: i.code }));

describe('GOAL_METRICS', () => {
  it('names functions of crmkit/metrics', () => {
    for (const name of Object.keys(GOAL_METRICS))
      expect(typeof (metrics as Record<string, unknown>)[name], name).toBe('function');
  });
});

describe('defineGoal', () => {
  it('reads a money goal on a lower-is-better measure', () => {
    const g = unwrap(defineGoal(cacSpec()));
    expect(g).toMatchObject({
      better: 'lower',
      kind: 'money',
      currency: 'USD',
      target: usd('80.00'),
      by: new Date('2027-01-01'),
    });
  });

  it('refuses an unknown metric with its path, and accepts a measure the host registers', () => {
    const spec = {
      id: 'demos',
      metric: 'demosBooked',
      target: 40,
      baseline: 25,
      by: '2026-07-01',
      period: 'week',
    } as const;
    expect(issues(defineGoal(spec))).toEqual([{ path: ['metric'], code: 'unknown_reference' }]);
    const g = unwrap(defineGoal(spec, { measures: { demosBooked: { better: 'higher', kind: 'number' } } }));
    expect(g.better).toBe('higher');
    expect(issues(defineGoal(spec, { measures: { nps: { better: 'lower', kind: 'number' } } }))).toEqual([
      { path: ['options', 'measures', 'nps'], code: 'duplicate' },
      { path: ['metric'], code: 'unknown_reference' },
    ]);
  });

  it('refuses a target that is no improvement, values of the wrong kind, a deadline before the start', () => {
    expect(issues(defineGoal({ ...cacSpec(), target: usd('120.00') }))).toEqual([
      { path: ['target'], code: 'invalid_value' },
    ]);
    expect(issues(defineGoal({ ...cacSpec(), target: 80 }))).toEqual([{ path: ['target'], code: 'invalid_type' }]);
    expect(issues(defineGoal({ ...cacSpec(), baseline: { amount: '115.00', currency: 'EUR' } }))).toEqual([
      { path: ['baseline', 'currency'], code: 'currency_mismatch' },
    ]);
    expect(issues(defineGoal({ ...cacSpec(), by: '2025-12-31', period: 'fortnight' as never, x: 1 } as never))).toEqual(
      [
        { path: [], code: 'unrecognized_keys' },
        { path: ['period'], code: 'invalid_value' },
        { path: ['by'], code: 'out_of_order' },
      ],
    );
    for (const bad of [null, 7, [], { id: 'x' }]) expect(defineGoal(bad as never).ok).toBe(false);
  });
});

describe('goalProgress', () => {
  it('cut CAC from $115 to $80 by the end of the year: $100 on 1 July is at risk', () => {
    // f = 181/365 of the year gone at the observation; progress = 15/35 = 0.4286; projected progress =
    // 0.4286 / 0.4959 = 0.864 (≥ 0.8, < 1: at_risk); projected = 115 − 15 / 0.4959 = 84.75.
    // Paces per month (30.436875 days): so far −15 over 181 days = −2.52; needed −20 over 184 days = −3.31;
    // planned −35 over 365 days = −2.92.
    const r = unwrap(
      goalProgress(unwrap(defineGoal(cacSpec())), [{ at: '2026-07-01', value: usd('100.00') }], { asOf: '2026-07-01' }),
    );
    expect(r).toMatchObject({
      status: 'at_risk',
      achieved: false,
      current: usd('100.00'),
      baseline: usd('115.00'),
      projected: usd('84.75'),
      pace: { per: 'month', soFar: usd('-2.52'), needed: usd('-3.31'), planned: usd('-2.92') },
    });
    expect(r.progress).toBeCloseTo(15 / 35, 15);
    expect(r.elapsed).toBeCloseTo(181 / 365, 15);
  });

  it('reduce churn by 25%: the first observation is the baseline; the pace decides', () => {
    const g = unwrap(defineGoal({ id: 'churn', metric: 'churnRate', period: 'month', target: 0.03, by: '2026-07-01' }));
    const obs = [
      { at: '2026-01-01', value: 0.04 },
      { at: '2026-02-01', value: 0.038 },
      { at: '2026-03-01', value: 0.035 },
    ];
    // Baseline 0.04 on 1 Jan; on 1 Mar (59 of 181 days) half the way: projected progress 0.5 / (59/181) > 1.
    const r = unwrap(goalProgress(g, obs, { asOf: '2026-03-15' }));
    expect(r).toMatchObject({ status: 'on_track', baseline: 0.04, current: 0.035, progress: 0.5 });
    // Only 0.039 by 1 Mar: 0.1 / 0.326 = 0.307 of the way by July: off track.
    const slow = unwrap(goalProgress(g, [obs[0]!, { at: '2026-03-01', value: 0.039 }], { asOf: '2026-03-15' }));
    expect(slow.status).toBe('off_track');
    // Moving the wrong way.
    expect(
      unwrap(goalProgress(g, [obs[0]!, { at: '2026-03-01', value: 0.05 }], { asOf: '2026-03-15' })).progress,
    ).toBeCloseTo(-1, 12);
    // Reached: on track whatever the time; past the deadline and not reached: off track.
    expect(
      unwrap(goalProgress(g, [obs[0]!, { at: '2026-03-01', value: 0.029 }], { asOf: '2026-03-15' })),
    ).toMatchObject({ status: 'on_track', achieved: true });
    expect(unwrap(goalProgress(g, obs, { asOf: '2026-08-01' })).status).toBe('off_track');
  });

  it('counts only the observations of its segment and up to asOf; none gives a null status', () => {
    const g = unwrap(
      defineGoal({
        id: 'nps',
        metric: 'nps',
        period: 'quarter',
        baseline: 20,
        target: 40,
        start: '2026-01-01',
        by: '2027-01-01',
        segment: 'smb',
      }),
    );
    const obs = [
      { at: '2026-04-01', value: 30, segment: 'smb' },
      { at: '2026-04-01', value: 0 },
      { at: '2026-10-01', value: 45, segment: 'smb' },
    ];
    expect(unwrap(goalProgress(g, obs, { asOf: '2026-05-01' })).current).toBe(30);
    expect(unwrap(goalProgress(g, [], { asOf: '2026-05-01' }))).toMatchObject({
      status: null,
      current: null,
      baseline: 20,
    });
  });

  it('refuses bad observations with paths; throws only for a goal not made by defineGoal', () => {
    const g = unwrap(defineGoal(cacSpec()));
    expect(
      issues(
        goalProgress(
          g,
          [{ at: 'x', value: 100 } as never, { at: '2026-02-01', value: { amount: '1', currency: 'EUR' } } as never],
          { asOf: '2026-03-01', tolerance: 2 },
        ),
      ),
    ).toEqual([
      { path: ['options', 'tolerance'], code: 'invalid_value' },
      { path: ['observations', 0, 'at'], code: 'invalid_date' },
      { path: ['observations', 0, 'value'], code: 'invalid_type' },
      { path: ['observations', 1, 'value', 'currency'], code: 'currency_mismatch' },
    ]);
    expect(goalProgress(g, null as never, null as never).ok).toBe(false);
    expect(() => goalProgress(cacSpec() as never, [], { asOf: '2026-01-01' })).toThrow(/defineGoal/);
  });

  it('gives progress 0, never -0, when a lower-is-better measure has not moved (found by the property below)', () => {
    const g = unwrap(
      defineGoal({
        id: 'g',
        metric: 'churnRate',
        period: 'month',
        baseline: -1,
        target: -2,
        start: '2026-01-01',
        by: '2027-01-01',
      }),
    );
    const r = unwrap(goalProgress(g, [{ at: '2026-02-01', value: -1 }], { asOf: '2026-02-01' }));
    expect(Object.is(r.progress, 0)).toBe(true);
  });

  it('a lower-is-better goal is the mirror of a higher-is-better one (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1000 }),
        fc.integer({ min: 1, max: 1000 }),
        fc.array(fc.record({ day: fc.integer({ min: 0, max: 400 }), v: fc.integer({ min: -2000, max: 2000 }) }), {
          maxLength: 8,
        }),
        fc.integer({ min: 0, max: 400 }),
        (base, gain, rows, asOfDay) => {
          const at = (d: number) => new Date(Date.UTC(2026, 0, 1) + d * 86_400_000);
          const spec = { id: 'g', period: 'month' as const, start: at(0), by: at(365) };
          const up = unwrap(defineGoal({ ...spec, metric: 'nps', baseline: base, target: base + gain }));
          const down = unwrap(defineGoal({ ...spec, metric: 'churnRate', baseline: -base, target: -base - gain }));
          const a = unwrap(
            goalProgress(
              up,
              rows.map((r) => ({ at: at(r.day), value: r.v })),
              { asOf: at(asOfDay) },
            ),
          );
          const b = unwrap(
            goalProgress(
              down,
              rows.map((r) => ({ at: at(r.day), value: -r.v })),
              { asOf: at(asOfDay) },
            ),
          );
          expect(b.status).toBe(a.status);
          expect(b.achieved).toBe(a.achieved);
          expect(b.progress).toBe(a.progress);
          for (const v of [a.progress, a.elapsed, a.projected])
            if (typeof v === 'number') expect(Number.isFinite(v)).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });
});
