/**
 * Progress and cancellation of the CLV fits (issue 18 §4): progress reports are monotone within each
 * phase, reach their total and come at a bounded rate; the async twins give the sync fits' results bit
 * for bit, keep the event loop turning, and end at once with `aborted` and no partial result when the
 * signal fires, also in the middle of a 1,000,000-customer fit.
 */
import { describe, it, expect } from 'vitest';
import {
  fitBgNbd,
  fitBgNbdAsync,
  fitGammaGamma,
  fitGammaGammaAsync,
  fitParetoNbd,
  fitParetoNbdAsync,
  simulateParetoNbd,
  type FitProgress,
  type RfmRow,
} from '../../src/clv/index.js';
import { unwrap } from '../../src/core/result.js';
import { cdnowSummary, cdnowWithSpend } from './_cdnow.js';

const rows = cdnowSummary().map(({ frequency, recency, T }) => ({ frequency, recency, T }));
const spend = cdnowWithSpend();

function checkProgress(reports: readonly FitProgress[], rowsRead: number): void {
  const phases = ['group', 'optimize', 'standard_errors'] as const;
  // Phases come in order, each at least once.
  const order = reports.map((r) => phases.indexOf(r.phase));
  for (let i = 1; i < order.length; i++) expect(order[i]!).toBeGreaterThanOrEqual(order[i - 1]!);
  for (const phase of phases) {
    const own = reports.filter((r) => r.phase === phase);
    expect(own.length, phase).toBeGreaterThan(0);
    for (let i = 1; i < own.length; i++) {
      expect(own[i]!.done).toBeGreaterThanOrEqual(own[i - 1]!.done); // monotone
      expect(own[i]!.total).toBe(own[0]!.total);
    }
    expect(own.at(-1)!.done).toBe(own.at(-1)!.total); // reaches total
    for (const r of own) expect(Object.isFrozen(r)).toBe(true);
  }
  // Bounded rate: one report per 65,536 rows while grouping.
  expect(reports.filter((r) => r.phase === 'group').length).toBeLessThanOrEqual(Math.ceil(rowsRead / 65_536) + 1);
  expect(reports.find((r) => r.phase === 'group')!.total).toBe(rowsRead);
}

describe('progress of the fits', () => {
  it('is monotone within each phase, reaches its total, in the order group → optimize → standard_errors', () => {
    for (const [fit, data] of [
      [fitBgNbd, rows],
      [fitParetoNbd, rows],
      [fitGammaGamma, spend],
    ] as const) {
      const reports: FitProgress[] = [];
      const result = unwrap((fit as typeof fitBgNbd)(data as never, { onProgress: (p) => reports.push(p) }));
      checkProgress(reports, data.length);
      const optimize = reports.filter((r) => r.phase === 'optimize');
      expect(optimize.length).toBe(result.iterations + 1); // one per iteration, and the end of the phase
      expect(optimize.at(-1)!.logLikelihood).toBeCloseTo(result.logLikelihood, 8);
      expect(reports.filter((r) => r.phase === 'standard_errors').length).toBe(Object.keys(result.params).length);
    }
  });
  it('is the same from the async twins', async () => {
    const reports: FitProgress[] = [];
    unwrap(await fitParetoNbdAsync(rows, { onProgress: (p) => reports.push(p) }));
    checkProgress(reports, rows.length);
  });
});

describe('async twins', () => {
  it('give the sync fits’ results, bit for bit', async () => {
    expect(unwrap(await fitBgNbdAsync(rows))).toEqual(unwrap(fitBgNbd(rows)));
    expect(unwrap(await fitParetoNbdAsync(rows))).toEqual(unwrap(fitParetoNbd(rows)));
    expect(unwrap(await fitGammaGammaAsync(spend))).toEqual(unwrap(fitGammaGamma(spend)));
  });
  it('answer bad input and an already aborted signal with an error Result, never a rejection', async () => {
    const bad = await fitBgNbdAsync([{ frequency: -1, recency: 0, T: 1 }]);
    expect(!bad.ok && bad.error.code).toBe('validation_failed');
    const options = await fitParetoNbdAsync(rows, { tolerence: 1 } as never);
    expect(!options.ok && options.error.code).toBe('validation_failed');
    const aborted = await fitGammaGammaAsync(spend, { signal: AbortSignal.abort() });
    expect(!aborted.ok && aborted.error.code).toBe('aborted');
  });
  it('a sync fit aborted from onProgress stops with aborted and no partial result', () => {
    const controller = new AbortController();
    const r = fitBgNbd(rows, {
      signal: controller.signal,
      onProgress: (p) => {
        if (p.phase === 'optimize' && p.done === 3) controller.abort();
      },
    });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error.code).toBe('aborted');
  });
});

describe('cancelling a 1,000,000-customer fit', () => {
  // The raw rows a user passes: one object per customer.
  const grouped = simulateParetoNbd(
    { r: 0.553, alpha: 10.578, s: 0.606, beta: 11.669 },
    { customers: 1_000_000, minT: 27, maxT: 39, seed: 11 },
  );
  const raw: RfmRow[] = [];
  for (const g of grouped)
    for (let i = 0; i < g.weight!; i++) raw.push({ frequency: g.frequency, recency: g.recency, T: g.T });

  it('returns within 100 ms of the abort, with aborted, and does no work after it', async () => {
    // Why this cannot flake: the promise settles from the signal's abort event, inside abort() itself,
    // so the latency is the rest of the timer callback plus a microtask — well under a millisecond — and
    // not the length of a chunk of work (the fit is suspended between chunks whenever another task runs).
    // 100 ms leaves a margin of two orders of magnitude for a loaded machine or a garbage collection.
    const controller = new AbortController();
    let abortedAt = 0;
    let reportsAfterAbort = 0;
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 1);
    const pending = fitParetoNbdAsync(raw, {
      signal: controller.signal,
      onProgress: (p) => {
        if (abortedAt > 0) reportsAfterAbort++;
        if (p.phase === 'optimize' && p.done === 2)
          setTimeout(() => {
            abortedAt = performance.now();
            controller.abort();
          }, 0);
      },
    });
    const result = await pending;
    const latency = performance.now() - abortedAt;
    clearInterval(ticker);
    expect(abortedAt).toBeGreaterThan(0);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error.code).toBe('aborted');
    expect(latency).toBeLessThan(100);
    // The event loop kept turning while 1,000,000 rows were grouped and two iterations ran.
    expect(ticks).toBeGreaterThan(5);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(reportsAfterAbort).toBe(0);
  }, 120_000);
});
