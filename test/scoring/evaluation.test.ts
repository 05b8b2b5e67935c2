import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  rocAuc,
  rocCurve,
  logLoss,
  brierScore,
  confusionAt,
  liftTable,
  calibrationTable,
} from '../../src/scoring/index.js';
import { hostileValue } from '../_hostile.js';

const labelsArb = (n: number) => fc.array(fc.boolean(), { minLength: n, maxLength: n });

describe('rocAuc', () => {
  it('matches R (Mann–Whitney) with ties: W / (n1 n0) = 0.8125', () => {
    // R> s <- c(0.1,0.4,0.4,0.8,0.35,0.4,0.9,0.2); y <- c(0,0,1,1,1,0,1,0)
    // R> wilcox.test(s[y==1], s[y==0], exact = FALSE)$statistic / (4 * 4)  →  0.8125
    expect(rocAuc([0.1, 0.4, 0.4, 0.8, 0.35, 0.4, 0.9, 0.2], [0, 0, 1, 1, 1, 0, 1, 0])).toEqual({
      ok: true,
      value: 0.8125,
    });
  });
  it('gives 1 for a perfect ranking, 0 for a reversed one, 0.5 when all scores tie', () => {
    expect(rocAuc([1, 2, 3, 4], [0, 0, 1, 1])).toMatchObject({ value: 1 });
    expect(rocAuc([4, 3, 2, 1], [0, 0, 1, 1])).toMatchObject({ value: 0 });
    expect(rocAuc([7, 7, 7], [true, false, true])).toMatchObject({ value: 0.5 });
  });
  it('equals the brute-force pair count (ties 1/2) — property', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 2, max: 40 })
          .chain((n) =>
            fc.tuple(fc.array(fc.integer({ min: 0, max: 5 }), { minLength: n, maxLength: n }), labelsArb(n)),
          ),
        ([s, y]) => {
          fc.pre(y.some((v) => v) && y.some((v) => !v));
          let num = 0,
            den = 0;
          s.forEach((a, i) =>
            s.forEach((b, j) => {
              if (y[i] && !y[j]) {
                den++;
                num += a > b ? 1 : a === b ? 0.5 : 0;
              }
            }),
          );
          const r = rocAuc(s, y);
          expect(r.ok && r.value).toBeCloseTo(num / den, 12);
        },
      ),
    );
  });
  it('is unchanged by any strictly increasing transform of the scores — property', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 2, max: 50 })
          .chain((n) =>
            fc.tuple(fc.array(fc.integer({ min: -20, max: 20 }), { minLength: n, maxLength: n }), labelsArb(n)),
          ),
        fc.double({ min: 0.1, max: 3, noNaN: true }),
        fc.double({ min: -10, max: 10, noNaN: true }),
        ([s, y], a, b) => {
          fc.pre(y.some((v) => v) && y.some((v) => !v));
          const base = rocAuc(s, y);
          for (const t of [
            (x: number) => Math.exp(x),
            (x: number) => a * x + b,
            (x: number) => x * x * x,
            (x: number) => 1 / (1 + Math.exp(-x)),
          ]) {
            // Integer scores in [-20, 20] stay distinct under each of these transforms in floating point.
            expect(rocAuc(s.map(t), y)).toEqual(base);
          }
        },
      ),
    );
  });
  it('reports one class as insufficient_data and bad input as validation_failed, never NaN', () => {
    expect(rocAuc([1, 2], [1, 1])).toMatchObject({ ok: false, error: { code: 'insufficient_data' } });
    expect(rocAuc([], [])).toMatchObject({ ok: false, error: { code: 'insufficient_data' } });
    expect(rocAuc([1, NaN], [1, 0])).toMatchObject({
      ok: false,
      error: { code: 'validation_failed', issues: [{ path: [1] }] },
    });
    expect(rocAuc([1, 2], [1])).toMatchObject({ ok: false, error: { code: 'validation_failed' } });
    expect(rocAuc([1, 2], [1, 2 as 1])).toMatchObject({ ok: false, error: { issues: [{ path: ['labels', 1] }] } });
  });
});

describe('logLoss and brierScore', () => {
  it('hand-computed values', () => {
    const ll = logLoss([0.9, 0.2], [1, 0]);
    expect(ll.ok && ll.value).toBeCloseTo(-(Math.log(0.9) + Math.log(0.8)) / 2, 14);
    const b = brierScore([0.9, 0.2], [1, 0]);
    expect(b.ok && b.value).toBeCloseTo(0.025, 15);
  });
  it('clips certain misses to a finite loss (−ln 1e-15 ≈ 34.54)', () => {
    const ll = logLoss([0, 1], [1, 0]);
    expect(ll.ok && ll.value).toBeCloseTo(-Math.log(1e-15), 2);
    expect(ll.ok && Number.isFinite(ll.value)).toBe(true);
  });
  it('rejects probabilities outside [0, 1]', () => {
    expect(logLoss([1.2], [1])).toMatchObject({ ok: false, error: { issues: [{ path: [0], code: 'invalid_value' }] } });
    expect(brierScore([-0.1], [0])).toMatchObject({ ok: false });
  });
  it('property: Brier is in [0, 1] and log-loss ≥ 0', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: 30 })
          .chain((n) =>
            fc.tuple(
              fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: n, maxLength: n }),
              labelsArb(n),
            ),
          ),
        ([p, y]) => {
          const b = brierScore(p, y),
            l = logLoss(p, y);
          expect(b.ok && b.value >= 0 && b.value <= 1).toBe(true);
          expect(l.ok && l.value >= 0).toBe(true);
        },
      ),
    );
  });
});

describe('confusionAt', () => {
  it('counts at a threshold (≥ is positive) and gives null for undefined rates', () => {
    const c = confusionAt([0.1, 0.6, 0.4, 0.8, 0.5], [0, 0, 1, 1, 1], 0.5);
    expect(c).toMatchObject({
      ok: true,
      value: {
        tp: 2,
        fp: 1,
        tn: 1,
        fn: 1,
        accuracy: 0.6,
        precision: 2 / 3,
        recall: 2 / 3,
        specificity: 0.5,
        f1: 2 / 3,
      },
    });
    const none = confusionAt([0.1, 0.2], [0, 0], 0.5);
    expect(none).toMatchObject({ ok: true, value: { precision: null, recall: null, f1: null, specificity: 1 } });
  });
  it('property: the four counts add up to n', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: 30 })
          .chain((n) =>
            fc.tuple(
              fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: n, maxLength: n }),
              labelsArb(n),
            ),
          ),
        fc.double({ min: 0, max: 1, noNaN: true }),
        ([s, y], t) => {
          const c = confusionAt(s, y, t);
          expect(c.ok && c.value.tp + c.value.fp + c.value.tn + c.value.fn).toBe(s.length);
        },
      ),
    );
  });
});

describe('liftTable', () => {
  it('worked example: 10 rows, 5 bins, 4 positives at the top', () => {
    const scores = [0.95, 0.9, 0.85, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2];
    const labels = [1, 1, 1, 0, 1, 0, 0, 0, 0, 0] as const;
    const t = liftTable(scores, [...labels], { bins: 5 });
    if (!t.ok) throw t.error;
    // Base rate 0.4. Bin 1: 2/2 → lift 2.5, gain 0.5. Bin 2: 1/2 → lift 1.25, gain 0.75, cumulative lift (3/4)/0.4 = 1.875.
    expect(t.value[0]).toMatchObject({
      bin: 1,
      count: 2,
      positives: 2,
      rate: 1,
      gain: 0.5,
      lift: 2.5,
      cumulativeLift: 2.5,
      minScore: 0.9,
      maxScore: 0.95,
    });
    expect(t.value[1]).toMatchObject({ positives: 1, gain: 0.75, lift: 1.25, cumulativeLift: 1.875 });
    expect(t.value[4]).toMatchObject({ gain: 1, cumulativeLift: 1, cumulativeCount: 10 });
  });
  it('property: bins cover every row once, gain ends at 1 and never decreases', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 10, max: 60 })
          .chain((n) =>
            fc.tuple(
              fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: n, maxLength: n }),
              labelsArb(n),
            ),
          ),
        ([s, y]) => {
          fc.pre(y.some((v) => v));
          const t = liftTable(s, y, { bins: 10 });
          if (!t.ok) throw t.error;
          expect(t.value.reduce((a, r) => a + r.count, 0)).toBe(s.length);
          const sizes = t.value.map((r) => r.count);
          expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
          expect(t.value[9]!.gain).toBe(1);
          for (let i = 1; i < 10; i++) expect(t.value[i]!.gain).toBeGreaterThanOrEqual(t.value[i - 1]!.gain);
        },
      ),
    );
  });
  it('needs enough rows and a positive', () => {
    expect(liftTable([1, 2], [1, 0], { bins: 10 })).toMatchObject({ ok: false, error: { code: 'insufficient_data' } });
    expect(liftTable([1, 2, 3], [0, 0, 0], { bins: 3 })).toMatchObject({
      ok: false,
      error: { code: 'insufficient_data' },
    });
    expect(liftTable([1, 2, 3], [0, 0, 1], { bins: 0 })).toMatchObject({
      ok: false,
      error: { code: 'validation_failed' },
    });
  });
});

describe('calibrationTable', () => {
  it('uniform bins: hand-computed means and rates, empty bins null, ECE', () => {
    const t = calibrationTable([0.1, 0.15, 0.8, 0.9, 1], [0, 1, 1, 1, 1], { bins: 2 });
    if (!t.ok) throw t.error;
    expect(t.value.rows[0]).toEqual({
      bin: 1,
      lower: 0,
      upper: 0.5,
      count: 2,
      meanPredicted: 0.125,
      observedRate: 0.5,
    });
    expect(t.value.rows[1]).toMatchObject({ count: 3, observedRate: 1 });
    expect(t.value.rows[1]!.meanPredicted).toBeCloseTo(0.9, 14);
    // ECE = 2/5·|0.125 − 0.5| + 3/5·|0.9 − 1| = 0.15 + 0.06 = 0.21
    expect(t.value.ece).toBeCloseTo(0.21, 14);
    const e = calibrationTable([0.05], [0], { bins: 4 });
    expect(e.ok && e.value.rows[3]).toMatchObject({ count: 0, meanPredicted: null, observedRate: null });
  });
  it('quantile bins have equal counts — property', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 5, max: 50 })
          .chain((n) =>
            fc.tuple(
              fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: n, maxLength: n }),
              labelsArb(n),
            ),
          ),
        ([p, y]) => {
          const t = calibrationTable(p, y, { bins: 5, strategy: 'quantile' });
          if (!t.ok) throw t.error;
          const sizes = t.value.rows.map((r) => r.count);
          expect(sizes.reduce((a, b) => a + b, 0)).toBe(p.length);
          expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
          expect(t.value.ece).toBeGreaterThanOrEqual(0);
        },
      ),
    );
  });
  it('rejects bad options', () => {
    expect(calibrationTable([0.5], [1], { bins: 1.5 })).toMatchObject({ ok: false });
    expect(calibrationTable([0.5], [1], { strategy: 'x' as 'uniform' })).toMatchObject({ ok: false });
  });
});

describe('rocCurve', () => {
  it("Fawcett's 20-instance example (2006, Fig. 3): the points R computes from the definition", () => {
    // R> s <- c(.9, .8, .7, .6, .55, .54, .53, .52, .51, .505, .4, .39, .38, .37, .36, .35, .34, .33, .30, .1)
    // R> y <- c(1, 1, 0, 1, 1, 1, 0, 0, 1, 0, 1, 0, 1, 0, 0, 0, 1, 0, 1, 0)
    // R> th <- sort(unique(s), decreasing = TRUE)
    // R> tpr <- sapply(th, function(t) sum(s >= t & y == 1) / sum(y == 1))
    // R> fpr <- sapply(th, function(t) sum(s >= t & y == 0) / sum(y == 0))
    // [0, 0.1], [0, 0.2], [0.1, 0.2], [0.1, 0.3], [0.1, 0.4], [0.1, 0.5], [0.2, 0.5], [0.3, 0.5], [0.3, 0.6],
    // [0.4, 0.6], [0.4, 0.7], [0.5, 0.7], [0.5, 0.8], [0.6, 0.8], [0.7, 0.8], [0.8, 0.8], [0.8, 0.9],
    // [0.9, 0.9], [0.9, 1], [1, 1]
    // R> wilcox.test(s[y == 1], s[y == 0], exact = FALSE)$statistic / 100  →  0.68
    const s = [
      0.9, 0.8, 0.7, 0.6, 0.55, 0.54, 0.53, 0.52, 0.51, 0.505, 0.4, 0.39, 0.38, 0.37, 0.36, 0.35, 0.34, 0.33, 0.3, 0.1,
    ];
    const y = [1, 1, 0, 1, 1, 1, 0, 0, 1, 0, 1, 0, 1, 0, 0, 0, 1, 0, 1, 0] as const;
    const r = rocCurve(s, [...y]);
    if (!r.ok) throw r.error;
    const want = [
      [0, 0.1],
      [0, 0.2],
      [0.1, 0.2],
      [0.1, 0.3],
      [0.1, 0.4],
      [0.1, 0.5],
      [0.2, 0.5],
      [0.3, 0.5],
      [0.3, 0.6],
      [0.4, 0.6],
      [0.4, 0.7],
      [0.5, 0.7],
      [0.5, 0.8],
      [0.6, 0.8],
      [0.7, 0.8],
      [0.8, 0.8],
      [0.8, 0.9],
      [0.9, 0.9],
      [0.9, 1],
      [1, 1],
    ];
    expect(r.value[0]).toEqual({ threshold: null, tp: 0, fp: 0, tpr: 0, fpr: 0 });
    expect(r.value.slice(1).map((p) => [p.fpr, p.tpr])).toEqual(want);
    expect(r.value.slice(1).map((p) => p.threshold)).toEqual(s);
    expect(trapezoid(r.value)).toBeCloseTo(0.68, 14);
    expect(rocAuc(s, [...y])).toMatchObject({ value: 0.68 });
  });

  it('worked example with ties: tied scores make one point (a diagonal segment)', () => {
    // scores 0.8 (pos), 0.5 (pos), 0.5 (neg), 0.2 (neg): thresholds 0.8 → (0, ½); 0.5 → (½, 1); 0.2 → (1, 1).
    const r = rocCurve([0.8, 0.5, 0.5, 0.2], [1, 1, 0, 0]);
    if (!r.ok) throw r.error;
    expect(r.value.map((p) => [p.threshold, p.fp, p.tp])).toEqual([
      [null, 0, 0],
      [0.8, 0, 1],
      [0.5, 1, 2],
      [0.2, 2, 2],
    ]);
    expect(trapezoid(r.value)).toBe(0.875); // = rocAuc: 3 pairs won, 1 tied (½), of 4
    expect(rocAuc([0.8, 0.5, 0.5, 0.2], [1, 1, 0, 0])).toMatchObject({ value: 0.875 });
  });

  it('property: starts at (0, 0), ends at (1, 1), never decreases, thresholds fall; the trapezoidal area is rocAuc', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 2, max: 60 })
          .chain((n) =>
            fc.tuple(fc.array(fc.integer({ min: -5, max: 5 }), { minLength: n, maxLength: n }), labelsArb(n)),
          ),
        ([scores, labels]) => {
          fc.pre(labels.some((v) => v) && labels.some((v) => !v));
          const r = rocCurve(scores, labels);
          if (!r.ok) throw r.error;
          const pts = r.value;
          expect(pts[0]).toMatchObject({ fpr: 0, tpr: 0, threshold: null });
          expect(pts.at(-1)).toMatchObject({ fpr: 1, tpr: 1 });
          for (let i = 2; i < pts.length; i++) expect(pts[i]!.threshold!).toBeLessThan(pts[i - 1]!.threshold!);
          for (let i = 1; i < pts.length; i++) {
            expect(pts[i]!.fpr).toBeGreaterThanOrEqual(pts[i - 1]!.fpr);
            expect(pts[i]!.tpr).toBeGreaterThanOrEqual(pts[i - 1]!.tpr);
            const c = confusionAt(scores, labels, pts[i]!.threshold!);
            expect(c.ok && [c.value.tp, c.value.fp]).toEqual([pts[i]!.tp, pts[i]!.fp]);
          }
          const auc = rocAuc(scores, labels);
          expect(auc.ok && Math.abs(trapezoid(pts) - auc.value)).toBeLessThan(1e-12);
        },
      ),
    );
  });

  it('fails as rocAuc does on one class, empty or bad input', () => {
    expect(rocCurve([1, 2], [1, 1])).toMatchObject({ ok: false, error: { code: 'insufficient_data' } });
    expect(rocCurve([], [])).toMatchObject({ ok: false, error: { code: 'insufficient_data' } });
    expect(rocCurve([1, Infinity], [1, 0])).toMatchObject({ ok: false, error: { code: 'validation_failed' } });
  });
});

/** Area under a polyline of ROC points by the trapezoidal rule. */
function trapezoid(points: readonly { fpr: number; tpr: number }[]): number {
  let a = 0;
  for (let i = 1; i < points.length; i++)
    a += ((points[i]!.fpr - points[i - 1]!.fpr) * (points[i]!.tpr + points[i - 1]!.tpr)) / 2;
  return a;
}

describe('evaluation: conventions and hostile input (issues 11 and 12)', () => {
  it('refuses unknown option keys naming the allowed ones; null options are none', () => {
    const r = liftTable([0.1, 0.9], [0, 1], { bins: 2, sort: 'desc' } as never);
    expect(!r.ok && r.error.issues[0]).toMatchObject({
      code: 'unrecognized_keys',
      message: "unknown key 'sort'; allowed: bins",
    });
    expect(calibrationTable([0.1], [0], { bins: 1, ece: true } as never)).toMatchObject({ ok: false });
    expect(logLoss([0.5], [1], { eps: 1e-3 } as never)).toMatchObject({ ok: false });
    expect(logLoss([0.9, 0.2], [1, 0], null)).toEqual(logLoss([0.9, 0.2], [1, 0]));
    expect(liftTable([0.1, 0.9], [0, 1], null)).toEqual(liftTable([0.1, 0.9], [0, 1], { bins: 10 }));
    expect(calibrationTable([0.1, 0.9], [0, 1], null)).toEqual(calibrationTable([0.1, 0.9], [0, 1]));
  });

  it('answers null arrays, options whose toString throws, and deep values with a Result, never a throw', () => {
    const throwing = {
      toString() {
        throw new Error('toString');
      },
    };
    let deep: unknown = 0.5;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    for (const call of [
      () => rocAuc(null as never, null as never),
      () => rocCurve(undefined as never, [1]),
      () => logLoss([0.5], [1], { epsilon: throwing as never }),
      () => liftTable([0.5, 0.2], [1, 0], { bins: throwing as never }),
      () => calibrationTable([0.5], [1], { strategy: throwing as never }),
      () => confusionAt([0.5], [1], throwing as never),
      () => brierScore([deep as never], [1]),
      () => logLoss([0.5], [deep as never]),
    ])
      expect(call()).toMatchObject({ ok: false, error: { code: 'validation_failed' } });
  });

  it('property: hostile values anywhere give a Result', () => {
    fc.assert(
      fc.property(hostileValue, hostileValue, (a, b) => {
        for (const r of [
          rocAuc(a as never, b as never),
          rocCurve([0.1, a] as never, [0, b] as never),
          logLoss([0.5], [1], a as never),
          brierScore(a as never, [1]),
          confusionAt([0.5], [1], a as never),
          liftTable([0.5, 0.1], [1, 0], a as never),
          calibrationTable([0.5], [1], b as never),
        ])
          expect(typeof r.ok).toBe('boolean');
      }),
      { numRuns: 300 },
    );
  });
});
