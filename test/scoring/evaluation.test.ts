import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { rocAuc, logLoss, brierScore, confusionAt, liftTable, calibrationTable } from '../../src/scoring/index.js';

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
