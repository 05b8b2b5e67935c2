/**
 * Defects the fuzzer (test/fuzz, issue 12) found in crmkit/clv, one test each, naming the fuzzed call
 * that found it. Each failed before its fix (checked against commit 15f6b9f).
 */
import { describe, expect, it } from 'vitest';
import {
  bgNbdLogLikelihood,
  fitBgNbd,
  fitGammaGamma,
  fitParetoNbd,
  fitGammaGammaAsync,
  lifetimeValuesAsMoney,
  paretoNbdConditionalExpectedPurchases,
  paretoNbdProbabilityAlive,
  predictBgNbd,
  predictParetoNbd,
  rfmSummary,
} from '../../src/clv/index.js';
import { integralSum, seriesSum, SERIES_Z_LIMIT } from '../../src/clv/paretoNbdKernels.js';

/** An array whose first element's getter throws: the caller's own data, read by the function. */
const throwingAt0 = (rest: unknown[]): unknown[] =>
  Object.defineProperty([...rest], 0, {
    enumerable: true,
    get() {
      throw new Error('getter 0');
    },
  });

const bg = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
const gg = { p: 6.25, q: 3.74, v: 15.44 };
const spendRows = [
  { frequency: 1, monetaryValue: 25.1 },
  { frequency: 2, monetaryValue: 22.35 },
  { frequency: 3, monetaryValue: 40.2 },
  { frequency: 4, monetaryValue: 18.7 },
];

function expectUnreadable(r: { ok: boolean; error?: unknown }): void {
  expect(r.ok).toBe(false);
  expect((r as { error: { code: string } }).error.code).toBe('validation_failed');
}

describe('crmkit/clv: defects found by the fuzzer', () => {
  it('fitGammaGamma(args[0] = array with throwing getter at 0): a Result, not a thrown getter error', () => {
    expectUnreadable(fitGammaGamma(throwingAt0(spendRows) as never));
  });

  it('fitGammaGammaAsync(args[0] = array with throwing getter at 0): resolves with a Result, never rejects', async () => {
    expectUnreadable(await fitGammaGammaAsync(throwingAt0(spendRows) as never));
  });

  it('bgNbdLogLikelihood(args[1] = array with throwing getter at 0): a Result (rows of the BG/NBD and Pareto/NBD)', () => {
    const rows = [
      { frequency: 2, recency: 30.43, T: 38.86 },
      { frequency: 0, recency: 0, T: 38.86 },
    ];
    expectUnreadable(bgNbdLogLikelihood(bg, throwingAt0(rows) as never));
    expectUnreadable(fitBgNbd(throwingAt0(rows) as never));
  });

  it('predictBgNbd(args[1].recency = array with throwing getter at 0): a Result (columns)', () => {
    const columns = { frequency: [2, 0], recency: throwingAt0([30.43, 0]), T: [38.86, 38.86] };
    expectUnreadable(predictBgNbd(bg, columns as never, { t: 39 }));
  });

  it('predictParetoNbd(args[2].purchaseCounts = array with throwing getter at 0): a Result (the options of both predictions)', () => {
    const columns = { frequency: [2, 0], recency: [30.43, 0], T: [38.86, 38.86] };
    const options = { t: 39, purchaseCounts: throwingAt0([0, 1]) } as never;
    expectUnreadable(predictParetoNbd({ r: 0.553, alpha: 10.578, s: 0.606, beta: 11.669 }, columns, options));
    expectUnreadable(predictBgNbd(bg, columns, options));
  });

  it('lifetimeValuesAsMoney(args[2].recency = array with throwing getter at 0): a Result (columns)', () => {
    const columns = {
      frequency: [2, 0],
      recency: throwingAt0([30.43, 0]),
      T: [38.86, 38.86],
      monetaryValue: [22.35, 0],
    };
    expectUnreadable(
      lifetimeValuesAsMoney({ model: 'bg_nbd', params: bg }, { params: gg }, columns as never, {
        horizon: 12,
        discountRate: 0.01,
        timeUnit: 'week',
        currency: 'USD',
      }),
    );
  });

  it('fitBgNbd with a stalling BFGS (found timing fitParetoNbd(args[0][1].frequency = random)): the Nelder–Mead fallback keeps to maxIterations', () => {
    // BFGS stops with line_search_failed on these rows and the fit falls back to Nelder–Mead, which ran
    // 2,000 more iterations whatever maxIterations said (2,064 iterations for maxIterations: 100).
    const rows = [
      { frequency: 0, recency: 0, T: 38.86, weight: 3 },
      { frequency: 10, recency: 20.29, T: 38.14 },
      { frequency: 2, recency: 30.43, T: 38.86 },
      { frequency: 4, recency: 33.14, T: 36.57 },
      { frequency: 0, recency: 0, T: 30.0 },
      { frequency: 9, recency: 35.86, T: 38.43 },
    ];
    const fit = fitBgNbd(rows, { maxIterations: 100 });
    expect(fit.ok).toBe(true);
    if (fit.ok) expect(fit.value.iterations).toBeLessThanOrEqual(100);
  });

  it('fitParetoNbd(args[0][1].frequency = random, args[0].T[0] = 2^53): the ₂F₁ of the Pareto/NBD near z = 1 is evaluated, not summed to 10⁶ terms', () => {
    // Where the fit drifts on such rows (dropout heterogeneity vanishing: s, β → ∞ with s/β fixed),
    // z = (β − α)/β is within 10⁻⁸ of 1: the series gave up after up to 10⁶ terms (milliseconds per
    // customer, seconds per fit iteration), and the per-customer functions threw not_converged.
    const far = { r: 0.2584, alpha: 0.4515, s: 2567274.84, beta: 124622257.3 };
    for (const customer of [
      { frequency: 0, recency: 0, T: 38.86 },
      { frequency: 100, recency: 20.29, T: 38.14 },
    ]) {
      const alive = paretoNbdProbabilityAlive(far, customer);
      expect(alive).toBeGreaterThan(0);
      expect(alive).toBeLessThanOrEqual(1);
      expect(Number.isFinite(paretoNbdConditionalExpectedPurchases(far, 39, customer))).toBe(true);
    }
  });

  it('the integral that replaces the Pareto/NBD series near z = 1 agrees with the series where both work', () => {
    // F(1, b; c; z) and its log-derivatives, at the switch (z = 0.999) and beyond (the series still
    // converges up to 1 − z ≈ 4·10⁻⁵); (b, c) as the fits reach them, with c − 1 − b below 0, near 0 and above 1.
    for (const [b, c] of [
      [1.6, 1.86],
      [9.84, 10.1],
      [170, 170.26],
      [3.3, 4.5],
      [0.6, 2.1],
      [101.2, 102.8],
    ] as const)
      for (const z of [SERIES_Z_LIMIT, 0.9999]) {
        const s = { f: 0, fb: 0, fc: 0, fz: 0 };
        const q = { f: 0, fb: 0, fc: 0, fz: 0 };
        expect(seriesSum(b, c, z, s)).toBe(true);
        expect(integralSum(b, c, z, q)).toBe(true);
        // The series' own rounding grows with its ~39/(1 − z) terms: 1e-13 at z = 0.999, 1e-12 at 0.9999.
        const tol = z === SERIES_Z_LIMIT ? 2e-13 : 2e-12;
        for (const k of ['f', 'fb', 'fc', 'fz'] as const)
          expect(Math.abs(q[k] - s[k]) / Math.abs(s[k])).toBeLessThan(tol);
      }
  });

  it('rfmSummary(args[0][1].amount = long digits): a value beyond binary64 is refused, not summarised as Infinity', () => {
    const r = rfmSummary(
      [
        { id: 'a', at: '1997-01-01', value: '1' },
        { id: 'a', at: '1997-02-01', value: '9'.repeat(400) },
      ],
      { customerId: 'id', at: 'at', value: 'value', observationEnd: '1997-12-31', timeUnit: 'week' },
    );
    expectUnreadable(r);
    if (!r.ok) expect(r.error.issues[0]!.path).toEqual([1, 'value']);
  });
});

describe('a fit whose default start values fail names the rows, not options.start (review of the fuzzer findings)', () => {
  it('fitParetoNbd with T = 1e308 and no start values', () => {
    const rows = [
      { frequency: 0, recency: 0, T: 1e308, weight: 3 },
      { frequency: 1, recency: 20.29, T: 38.14 },
      { frequency: 2, recency: 30.43, T: 38.86 },
      { frequency: 4, recency: 33.14, T: 36.57 },
      { frequency: 9, recency: 35.86, T: 38.43 },
    ];
    const r = fitParetoNbd(rows);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.issues[0]?.code).toBe('invalid_start');
      expect(r.error.issues[0]?.path).toEqual(['rows']);
    }
    const withStart = fitParetoNbd(rows, { start: { r: 1, alpha: 1, s: 1, beta: 1 } });
    if (!withStart.ok && withStart.error.issues[0]?.code === 'invalid_start')
      expect(withStart.error.issues[0]?.path).toEqual(['options', 'start']);
  });
});
