import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { trainNaiveBayes, predictNaiveBayes } from '../../src/scoring/index.js';

// Worked example (computed by hand below): 4 won, 6 lost; country US/FR.
const ROWS = [
  { country: 'US', won: true },
  { country: 'US', won: true },
  { country: 'US', won: true },
  { country: 'FR', won: true },
  { country: 'US', won: false },
  { country: 'FR', won: false },
  { country: 'FR', won: false },
  { country: 'FR', won: false },
  { country: 'FR', won: false },
  { country: 'FR', won: false },
];

describe('trainNaiveBayes / predictNaiveBayes', () => {
  it('counts and predicts as the Odoo frequency model (smoothing 0.1)', () => {
    const m = trainNaiveBayes(ROWS, { features: ['country'], target: 'won', minWon: 1, minLost: 1 });
    if (!m.ok) throw m.error;
    expect(m.value.features[0]!.values).toEqual({ FR: { won: 1, lost: 5 }, US: { won: 3, lost: 1 } });
    // P(US|won) = 3.1 / 4.2, P(US|lost) = 1.1 / 6.2; prior odds 4/6.
    // P(won|US) = (0.4 · 3.1/4.2) / (0.4 · 3.1/4.2 + 0.6 · 1.1/6.2) = 0.295238… / (0.295238… + 0.106451…) = 0.734980…
    const p = predictNaiveBayes(m.value, { country: 'US' });
    const pw = 0.4 * (3.1 / 4.2),
      pl = 0.6 * (1.1 / 6.2);
    expect(p.probability).toBeCloseTo(pw / (pw + pl), 14);
    expect(p.features[0]!.likelihoodRatio).toBeCloseTo(3.1 / 4.2 / (1.1 / 6.2), 14);
    expect(p.prior).toBe(0.4);
  });
  it('with smoothing 1 (Laplace) and two features multiplies likelihood ratios', () => {
    const rows = ROWS.map((r, i) => ({ ...r, source: i % 2 === 0 ? 'ads' : 'referral' }));
    const m = trainNaiveBayes(rows, {
      features: ['country', 'source'],
      target: 'won',
      smoothing: 1,
      minWon: 1,
      minLost: 1,
    });
    if (!m.ok) throw m.error;
    const p = predictNaiveBayes(m.value, { country: 'FR', source: 'ads' });
    const lr = p.features.reduce((a, f) => a * f.likelihoodRatio, 1);
    const odds = (4 / 6) * lr;
    expect(p.probability).toBeCloseTo(odds / (1 + odds), 14);
    // FR: won 1, lost 5 → (1+1)/(4+2) vs (5+1)/(6+2)
    expect(p.features[0]!.likelihoodRatio).toBeCloseTo(2 / 6 / (6 / 8), 14);
  });
  it('skips unseen values (ratio 1, flagged) and keeps missing values as their own level', () => {
    const m = trainNaiveBayes([...ROWS, { country: null, won: false }], {
      features: ['country'],
      target: 'won',
      minWon: 1,
      minLost: 1,
    });
    if (!m.ok) throw m.error;
    const p = predictNaiveBayes(m.value, { country: 'JP' });
    expect(p.features[0]).toMatchObject({ unseen: true, likelihoodRatio: 1 });
    expect(p.probability).toBeCloseTo(4 / 11, 14);
    expect(Object.keys(m.value.features[0]!.values)).toContain('(missing)');
  });
  it('flags insufficient_data below the minimum of won and lost examples', () => {
    const r = trainNaiveBayes(ROWS, { features: ['country'], target: 'won' });
    expect(r).toMatchObject({ ok: false, error: { code: 'insufficient_data' } });
    expect(trainNaiveBayes(ROWS, { features: ['country'], target: 'won', minWon: 4, minLost: 6 }).ok).toBe(true);
  });
  it('rejects rows with a missing target (with index) and bad options', () => {
    const r = trainNaiveBayes([...ROWS, { country: 'US' }], {
      features: ['country'],
      target: 'won',
      minWon: 1,
      minLost: 1,
    });
    expect(r).toMatchObject({ ok: false, error: { code: 'validation_failed', issues: [{ path: [10, 'won'] }] } });
    expect(trainNaiveBayes(ROWS, { features: ['country'], target: 'won', smoothing: 0 })).toMatchObject({
      ok: false,
      error: { issues: [{ path: ['smoothing'] }] },
    });
  });
  it('property: probability in (0, 1), never NaN, even with many features; the model round-trips through JSON', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ a: fc.constantFrom('x', 'y', 'z'), b: fc.constantFrom('p', 'q'), won: fc.boolean() }), {
          minLength: 2,
          maxLength: 60,
        }),
        (rows) => {
          fc.pre(rows.some((r) => r.won) && rows.some((r) => !r.won));
          const m = trainNaiveBayes(rows, { features: ['a', 'b'], target: 'won', minWon: 1, minLost: 1 });
          if (!m.ok) throw m.error;
          const copy = JSON.parse(JSON.stringify(m.value));
          const p = predictNaiveBayes(copy, rows[0]!);
          expect(p.probability).toBeGreaterThan(0);
          expect(p.probability).toBeLessThan(1);
          expect(predictNaiveBayes(m.value, rows[0]!)).toEqual(p);
        },
      ),
    );
  });
});

describe('trainNaiveBayes and trainLogisticRegression input shape', () => {
  it('reports rows that are not objects with their index, and missing options, as a Result', async () => {
    const { trainLogisticRegression } = await import('../../src/scoring/index.js');
    const rows = [{ x: 'a', y: 1 }, null, 7, { x: 'b', y: 0 }];
    const nb = trainNaiveBayes(rows as never, { features: ['x'], target: 'y' });
    expect(!nb.ok && nb.error.issues.map((i) => [i.path, i.code])).toEqual([
      [[1], 'invalid_type'],
      [[2], 'invalid_type'],
    ]);
    const lr = trainLogisticRegression(rows as never, { features: ['x'], target: 'y' });
    expect(!lr.ok && lr.error.issues.map((i) => i.path)).toEqual([[1], [2]]);
    const noOptions = trainLogisticRegression([{ x: 1, y: 1 }], undefined as never);
    expect(!noOptions.ok && noOptions.error.issues[0]!.path).toEqual(['options']);
    const notRows = trainNaiveBayes('rows' as never, { features: ['x'], target: 'y' });
    expect(!notRows.ok && notRows.error.message).toBe(
      'Invalid naive Bayes input: rows must be an array of objects; got "rows"',
    );
  });
});
