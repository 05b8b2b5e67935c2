import { describe, it, expect } from 'vitest';
import {
  crossValidate,
  crossValidateAsync,
  fitLogisticRegression,
  fitLogisticRegressionAsync,
  fitNaiveBayes,
  predictNaiveBayes,
  predictProbability,
  kFold,
  rocAuc,
  logLoss,
  brierScore,
  type LogisticModel,
  type ScoringProgress,
} from '../../src/scoring/index.js';
import { mapResult, fail, type Result } from '../../src/core/result.js';
import { createRng } from '../../src/math/random.js';

const rng = createRng(31);
const ROWS = Array.from({ length: 300 }, () => {
  const x = rng.next() * 4,
    c = ['a', 'b', 'c'][rng.nextInt(3)]!;
  return { x, c, won: rng.next() < 1 / (1 + Math.exp(1.5 - x + (c === 'b' ? 0.8 : 0))) };
});
const fit = (train: readonly (typeof ROWS)[number][]): Result<LogisticModel> =>
  fitLogisticRegression(train, { features: ['x', 'c'], target: 'won' });
const predict = (m: LogisticModel, row: (typeof ROWS)[number]): Result<number> =>
  mapResult(predictProbability(m, row), (p) => p.probability);

describe('crossValidate', () => {
  it('equals the loop a user would write with kFold, fit, predict, rocAuc, logLoss and brierScore', () => {
    const cv = crossValidate(ROWS, { k: 5, seed: 9, target: 'won', fit, predict });
    if (!cv.ok) throw cv.error;
    const folds = kFold(ROWS, { k: 5, seed: 9 });
    if (!folds.ok) throw folds.error;
    folds.value.forEach((fold, f) => {
      const m = fit(fold.train);
      if (!m.ok) throw m.error;
      const p = fold.test.map((r) => {
        const q = predict(m.value, r);
        if (!q.ok) throw q.error;
        return q.value;
      });
      const y = fold.test.map((r) => r.won);
      expect(cv.value.folds[f]).toEqual({
        fold: f + 1,
        train: fold.train.length,
        test: fold.test.length,
        auc: (rocAuc(p, y) as { value: number }).value,
        logLoss: (logLoss(p, y) as { value: number }).value,
        brier: (brierScore(p, y) as { value: number }).value,
      });
    });
    const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(cv.value.auc).toBe(mean(cv.value.folds.map((f) => f.auc!)));
    expect(cv.value.logLoss).toBe(mean(cv.value.folds.map((f) => f.logLoss)));
    expect(Object.isFrozen(cv.value.folds[0])).toBe(true);
  });

  it('works with any model (naive Bayes) and passes its errors through', () => {
    const nb = crossValidate(ROWS, {
      k: 3,
      seed: 1,
      target: 'won',
      fit: (train) => fitNaiveBayes(train, { features: ['c'], target: 'won' }),
      predict: (m, row) => mapResult(predictNaiveBayes(m, row), (p) => p.probability),
    });
    expect(nb.ok && nb.value.folds).toHaveLength(3);
    const failing = crossValidate(ROWS, {
      k: 3,
      seed: 1,
      target: 'won',
      fit: () => fail('insufficient_data', 'no'),
      predict,
    });
    expect(failing).toMatchObject({ ok: false, error: { code: 'insufficient_data', message: 'no' } });
  });

  it('checks its options: unknown keys, functions, k', () => {
    for (const bad of [
      { k: 5, seed: 1, target: 'won', fit, predict, folds: 5 },
      { k: 5, seed: 1, target: 'won', fit: 'fit', predict },
      { k: 1, seed: 1, target: 'won', fit, predict },
      { k: 5, seed: 1, target: '', fit, predict },
      { k: 5, seed: 1, target: 'won', fit, predict: () => 0.5 },
      { k: 5, seed: 1, target: 'won', fit: () => ({ value: 1 }), predict },
    ])
      expect(crossValidate(ROWS, bad as never)).toMatchObject({ ok: false, error: { code: 'validation_failed' } });
    expect(crossValidate(ROWS.slice(0, 3), { k: 5, seed: 1, target: 'won', fit, predict })).toMatchObject({
      ok: false,
      error: { code: 'insufficient_data' },
    });
    expect(crossValidate(ROWS, null as never)).toMatchObject({ ok: false, error: { code: 'validation_failed' } });
  });

  it('reports fold progress that is monotone and reaches k; an abort between folds gives aborted', () => {
    const events: ScoringProgress[] = [];
    const cv = crossValidate(ROWS, { k: 4, seed: 2, target: 'won', fit, predict, onProgress: (p) => events.push(p) });
    expect(cv.ok).toBe(true);
    expect(events).toEqual([1, 2, 3, 4].map((done) => ({ phase: 'fold', done, total: 4 })));
    const controller = new AbortController();
    const seen: ScoringProgress[] = [];
    const aborted = crossValidate(ROWS, {
      k: 4,
      seed: 2,
      target: 'won',
      fit,
      predict,
      signal: controller.signal,
      onProgress: (p) => {
        seen.push(p);
        if (p.done === 2) controller.abort();
      },
    });
    expect(aborted).toMatchObject({ ok: false, error: { code: 'aborted' } });
    expect(seen).toHaveLength(2);
  });
});

describe('crossValidateAsync', () => {
  it('gives the same result as crossValidate with an async fit', async () => {
    const options = { k: 5, seed: 9, target: 'won' };
    const a = crossValidate(ROWS, { ...options, fit, predict });
    const b = await crossValidateAsync(ROWS, {
      ...options,
      fit: (train) => fitLogisticRegressionAsync(train, { features: ['x', 'c'], target: 'won' }),
      predict,
    });
    expect(b).toEqual(a);
  });

  it('an abort from a timer stops it inside a fold (the signal passed to the fit) with aborted', async () => {
    const controller = new AbortController();
    const events: ScoringProgress[] = [];
    const big = Array.from({ length: 20 }, () => ROWS).flat();
    const r = await crossValidateAsync(big, {
      k: 5,
      seed: 3,
      target: 'won',
      signal: controller.signal,
      onProgress: (p) => {
        events.push(p);
        if (p.done === 1) setTimeout(() => controller.abort(), 0);
      },
      fit: (train) =>
        fitLogisticRegressionAsync(train, { features: ['x', 'c'], target: 'won', signal: controller.signal }),
      predict,
    });
    expect(r).toMatchObject({ ok: false, error: { code: 'aborted' } });
    expect(events.length).toBeLessThan(5);
  });
});
