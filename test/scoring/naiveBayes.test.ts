import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  fitNaiveBayes,
  trainNaiveBayes,
  predictNaiveBayes,
  type NaiveBayesModel,
  type NaiveBayesPrediction,
} from '../../src/scoring/index.js';
import type { Result } from '../../src/core/result.js';
import { hostileValue } from '../_hostile.js';

function value(r: Result<NaiveBayesPrediction>): NaiveBayesPrediction {
  if (!r.ok) throw r.error;
  return r.value;
}

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

describe('fitNaiveBayes / predictNaiveBayes', () => {
  it('counts and predicts as the Odoo frequency model (smoothing 0.1)', () => {
    const m = fitNaiveBayes(ROWS, { features: ['country'], target: 'won', minWon: 1, minLost: 1 });
    if (!m.ok) throw m.error;
    expect(m.value.features[0]!.values).toEqual({ FR: { won: 1, lost: 5 }, US: { won: 3, lost: 1 } });
    // P(US|won) = 3.1 / 4.2, P(US|lost) = 1.1 / 6.2; prior odds 4/6.
    // P(won|US) = (0.4 · 3.1/4.2) / (0.4 · 3.1/4.2 + 0.6 · 1.1/6.2) = 0.295238… / (0.295238… + 0.106451…) = 0.734980…
    const p = value(predictNaiveBayes(m.value, { country: 'US' }));
    const pw = 0.4 * (3.1 / 4.2),
      pl = 0.6 * (1.1 / 6.2);
    expect(p.probability).toBeCloseTo(pw / (pw + pl), 14);
    expect(p.features[0]!.likelihoodRatio).toBeCloseTo(3.1 / 4.2 / (1.1 / 6.2), 14);
    expect(p.prior).toBe(0.4);
  });
  it('with smoothing 1 (Laplace) and two features multiplies likelihood ratios', () => {
    const rows = ROWS.map((r, i) => ({ ...r, source: i % 2 === 0 ? 'ads' : 'referral' }));
    const m = fitNaiveBayes(rows, {
      features: ['country', 'source'],
      target: 'won',
      smoothing: 1,
      minWon: 1,
      minLost: 1,
    });
    if (!m.ok) throw m.error;
    const p = value(predictNaiveBayes(m.value, { country: 'FR', source: 'ads' }));
    const lr = p.features.reduce((a, f) => a * f.likelihoodRatio, 1);
    const odds = (4 / 6) * lr;
    expect(p.probability).toBeCloseTo(odds / (1 + odds), 14);
    // FR: won 1, lost 5 → (1+1)/(4+2) vs (5+1)/(6+2)
    expect(p.features[0]!.likelihoodRatio).toBeCloseTo(2 / 6 / (6 / 8), 14);
  });
  it('skips unseen values (ratio 1, flagged) and keeps missing values as their own level', () => {
    const m = fitNaiveBayes([...ROWS, { country: null, won: false }], {
      features: ['country'],
      target: 'won',
      minWon: 1,
      minLost: 1,
    });
    if (!m.ok) throw m.error;
    const p = value(predictNaiveBayes(m.value, { country: 'JP' }));
    expect(p.features[0]).toMatchObject({ unseen: true, likelihoodRatio: 1 });
    expect(p.probability).toBeCloseTo(4 / 11, 14);
    expect(Object.keys(m.value.features[0]!.values)).toContain('(missing)');
  });
  it('flags insufficient_data below the minimum of won and lost examples', () => {
    const r = fitNaiveBayes(ROWS, { features: ['country'], target: 'won' });
    expect(r).toMatchObject({ ok: false, error: { code: 'insufficient_data' } });
    expect(fitNaiveBayes(ROWS, { features: ['country'], target: 'won', minWon: 4, minLost: 6 }).ok).toBe(true);
  });
  it('rejects rows with a missing target (with index) and bad options', () => {
    const r = fitNaiveBayes([...ROWS, { country: 'US' }], {
      features: ['country'],
      target: 'won',
      minWon: 1,
      minLost: 1,
    });
    expect(r).toMatchObject({ ok: false, error: { code: 'validation_failed', issues: [{ path: [10, 'won'] }] } });
    expect(fitNaiveBayes(ROWS, { features: ['country'], target: 'won', smoothing: 0 })).toMatchObject({
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
          const m = fitNaiveBayes(rows, { features: ['a', 'b'], target: 'won', minWon: 1, minLost: 1 });
          if (!m.ok) throw m.error;
          const copy = JSON.parse(JSON.stringify(m.value));
          const p = value(predictNaiveBayes(copy, rows[0]!));
          expect(p.probability).toBeGreaterThan(0);
          expect(p.probability).toBeLessThan(1);
          expect(value(predictNaiveBayes(m.value, rows[0]!))).toEqual(p);
        },
      ),
    );
  });
});

describe('trainNaiveBayes and trainLogisticRegression input shape', () => {
  it('reports rows that are not objects with their index, and missing options, as a Result', async () => {
    const { trainLogisticRegression } = await import('../../src/scoring/index.js');
    const rows = [{ x: 'a', y: 1 }, null, 7, { x: 'b', y: 0 }];
    const nb = fitNaiveBayes(rows as never, { features: ['x'], target: 'y' });
    expect(!nb.ok && nb.error.issues.map((i) => [i.path, i.code])).toEqual([
      [[1], 'invalid_type'],
      [[2], 'invalid_type'],
    ]);
    const lr = trainLogisticRegression(rows as never, { features: ['x'], target: 'y' });
    expect(!lr.ok && lr.error.issues.map((i) => i.path)).toEqual([[1], [2]]);
    // undefined and null options mean no options: the required ones are then missing.
    const noOptions = trainLogisticRegression([{ x: 1, y: 1 }], undefined as never);
    expect(!noOptions.ok && noOptions.error.issues.map((i) => i.path)).toEqual([['target'], ['features']]);
    const notRows = fitNaiveBayes('rows' as never, { features: ['x'], target: 'y' });
    expect(!notRows.ok && notRows.error.message).toBe(
      'Naive Bayes rows is invalid: 1 issue; first at rows: expected an array of row objects; received "rows"',
    );
  });
});

describe('naive Bayes: conventions and hardening (issues 11 and 12)', () => {
  const opts = { features: ['country'], target: 'won', minWon: 1, minLost: 1 };

  it("keeps a level named '__proto__' (and other prototype-member names) as a value of its own", () => {
    const rows = [
      { country: '__proto__', won: true },
      { country: '__proto__', won: true },
      { country: 'constructor', won: false },
      { country: 'toString', won: false },
      { country: 'US', won: false },
    ];
    const m = fitNaiveBayes(rows, opts);
    if (!m.ok) throw m.error;
    const values = m.value.features[0]!.values;
    expect(Object.keys(values).sort()).toEqual(['US', '__proto__', 'constructor', 'toString']);
    expect(Object.prototype.hasOwnProperty.call(values, '__proto__')).toBe(true);
    expect(values['__proto__']).toEqual({ won: 2, lost: 0 });
    // The model survives JSON, and the level predicts as a seen value.
    const copy = JSON.parse(JSON.stringify(m.value)) as NaiveBayesModel;
    const p = value(predictNaiveBayes(copy, { country: '__proto__' }));
    expect(p.features[0]).toMatchObject({ value: '__proto__', unseen: false });
    expect(p.features[0]!.likelihoodRatio).toBeGreaterThan(1);
    expect(value(predictNaiveBayes(copy, { country: 'hasOwnProperty' })).features[0]!.unseen).toBe(true);
  });

  it('returns a Result from predictNaiveBayes, like predictProbability (docs/core.md rule)', () => {
    const m = fitNaiveBayes(ROWS, opts);
    if (!m.ok) throw m.error;
    expect(predictNaiveBayes(m.value, { country: 'US' })).toMatchObject({ ok: true });
    for (const [model, row] of [
      [m.value, null],
      [m.value, 'US'],
      [m.value, { country: { nested: true } }],
      [null, { country: 'US' }],
      [{ ...m.value, won: 0 }, { country: 'US' }],
      [{ ...m.value, features: [{ name: 'country', values: { US: { won: 'x' } } }] }, { country: 'US' }],
    ] as const)
      expect(predictNaiveBayes(model as never, row as never)).toMatchObject({
        ok: false,
        error: { code: 'validation_failed' },
      });
  });

  it('refuses unknown option keys naming the allowed ones; null options are none; trainNaiveBayes is fitNaiveBayes', () => {
    const r = fitNaiveBayes(ROWS, { ...opts, alpha: 1 } as never);
    expect(!r.ok && r.error.issues[0]).toMatchObject({
      code: 'unrecognized_keys',
      message: "unknown key 'alpha'; allowed: features, target, smoothing, minWon, minLost",
    });
    const none = fitNaiveBayes(ROWS, null as never);
    expect(!none.ok && none.error.issues.map((i) => i.path[0])).toEqual(['target', 'features']);
    expect(trainNaiveBayes(ROWS, opts)).toEqual(fitNaiveBayes(ROWS, opts));
  });

  it('reports a feature value that is an object (deep JSON included) as an error, not as missing', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    const r = fitNaiveBayes([...ROWS, { country: deep, won: true }], opts);
    expect(r).toMatchObject({ ok: false, error: { code: 'validation_failed', issues: [{ path: [10, 'country'] }] } });
    expect(r.ok || r.error.message.length < 400).toBe(true);
  });

  it('property: hostile options, rows and rows of hostile values give a Result, never a throw', () => {
    fc.assert(
      fc.property(
        hostileValue,
        hostileValue,
        fc.constantFrom('features', 'target', 'smoothing', 'minWon', 'minLost'),
        (h, v, key) => {
          const calls = [
            () => fitNaiveBayes(ROWS, { ...opts, [key]: h } as never),
            () => fitNaiveBayes([...ROWS, { country: h, won: v }], opts),
            () => fitNaiveBayes([h, ...ROWS] as never, opts),
            () => fitNaiveBayes(h as never, v as never),
            () => predictNaiveBayes(h as never, v as never),
          ];
          for (const call of calls) {
            const r = call();
            expect(typeof r.ok).toBe('boolean');
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('a proxy whose traps throw, as options, gives a Result', () => {
    const trap = new Proxy(
      {},
      {
        get() {
          throw new Error('trap');
        },
        ownKeys() {
          throw new Error('trap');
        },
      },
    );
    expect(fitNaiveBayes(ROWS, trap as never)).toMatchObject({ ok: false, error: { code: 'validation_failed' } });
  });
});
