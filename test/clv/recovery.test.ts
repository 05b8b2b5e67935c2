/**
 * Parameter recovery: data simulated (seeded) from known parameters is fitted back within sampling
 * error. Sampling error = the fit's own asymptotic standard errors, on the log scale (the fit is
 * log-parameterised and the sampling distributions of s and β are skewed); 4 standard errors.
 */
import { describe, it, expect } from 'vitest';
import { fitBgNbd, fitParetoNbd, simulateBgNbd, simulateParetoNbd } from '../../src/clv/index.js';
import { unwrap } from '../../src/core/result.js';

const BG = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
const PN = { r: 0.553, alpha: 10.578, s: 0.606, beta: 11.669 };
const cohort = { minT: 27, maxT: 39, resolution: 1 / 7 }; // CDNOW-like: 12 weeks of acquisition, day grid

function expectRecovered<P extends object>(
  truth: P,
  fit: { params: P; standardErrors: P | null; converged: boolean },
  z = 4,
): void {
  expect(fit.converged).toBe(true);
  expect(fit.standardErrors).not.toBeNull();
  for (const [k, v] of Object.entries(truth) as [keyof P & string, number][]) {
    const est = fit.params[k] as number;
    const seLog = (fit.standardErrors![k] as number) / est;
    expect(Math.abs(Math.log(est / v)) / seLog, `${k}: estimate ${est}, truth ${v}`).toBeLessThan(z);
  }
}

describe('parameter recovery', () => {
  it('BG/NBD at 2,357 customers', () => {
    for (const seed of [1, 2, 3])
      expectRecovered(BG, unwrap(fitBgNbd(simulateBgNbd(BG, { customers: 2357, seed, ...cohort }))));
  });
  it('Pareto/NBD at 2,357 customers', () => {
    for (const seed of [1, 2, 3])
      expectRecovered(PN, unwrap(fitParetoNbd(simulateParetoNbd(PN, { customers: 2357, seed, ...cohort }))));
  });
  it('BG/NBD at 1,000,000 customers, grouped into a bounded number of rows', () => {
    const rows = simulateBgNbd(BG, { customers: 1_000_000, seed: 7, ...cohort });
    expect(rows.reduce((n, r) => n + r.weight!, 0)).toBe(1_000_000);
    expect(rows.length).toBeLessThan(200_000);
    const fit = unwrap(fitBgNbd(rows));
    expectRecovered(BG, fit);
    for (const [k, v] of Object.entries(BG))
      expect(Math.abs((fit.params as unknown as Record<string, number>)[k]! / v - 1)).toBeLessThan(0.05);
  });
  it('Pareto/NBD at 1,000,000 customers', () => {
    const fit = unwrap(fitParetoNbd(simulateParetoNbd(PN, { customers: 1_000_000, seed: 7, ...cohort })));
    expectRecovered(PN, fit);
  });
  it('heavy buyers: recovers parameters when customers make hundreds of purchases (no overflow, no NaN)', () => {
    const pn = { r: 8, alpha: 1, s: 0.5, beta: 20 };
    const rowsPn = simulateParetoNbd(pn, { customers: 3000, seed: 3, ...cohort });
    expect(Math.max(...rowsPn.map((r) => r.frequency))).toBeGreaterThan(500);
    expectRecovered(pn, unwrap(fitParetoNbd(rowsPn)));
    const bg = { r: 8, alpha: 1, a: 0.5, b: 20 };
    expectRecovered(bg, unwrap(fitBgNbd(simulateBgNbd(bg, { customers: 3000, seed: 3, ...cohort }))));
  });
  it('simulation is deterministic for a seed and validates its options', () => {
    expect(simulateBgNbd(BG, { customers: 500, seed: 3, ...cohort })).toEqual(
      simulateBgNbd(BG, { customers: 500, seed: 3, ...cohort }),
    );
    expect(() => simulateBgNbd(BG, { customers: -1, seed: 3, ...cohort })).toThrow(
      expect.objectContaining({ code: 'validation_failed' }),
    );
    expect(() => simulateParetoNbd({ ...PN, s: 0 }, { customers: 1, seed: 3, ...cohort })).toThrow(
      expect.objectContaining({ code: 'validation_failed' }),
    );
  });
});
