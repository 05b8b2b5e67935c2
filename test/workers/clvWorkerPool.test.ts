/**
 * crmkit/workers (issue 20, "Parallelism where it pays"): the pool's answers equal the synchronous batch
 * calls bit for bit (random parameters and RFM rows, x = 0, T = recency, x up to 10,000), errors are the
 * synchronous calls' errors, and close() ends the threads. The entry and its thread are bundled with
 * esbuild first, as the package builds them (a worker thread loads JavaScript, not the TypeScript source).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { bgParams, pnParams, spendParams } from '../clv/_modelParams.js';
import {
  fitBgNbd,
  fitGammaGamma,
  fitParetoNbd,
  simulateBgNbd,
  lifetimeValues,
  predictBgNbd,
  predictGammaGamma,
  predictParetoNbd,
  type TransactionModel,
} from '../../src/clv/index.js';
import type * as Workers from '../../src/workers/index.js';
import { createClvWorkerPool as fromSource } from '../../src/workers/index.js';
import { bundleWorkers } from './_bundle.js';

let api: typeof Workers;
let remove = (): void => undefined;
let pool: Workers.ClvWorkerPool;

beforeAll(async () => {
  ({ api, remove } = await bundleWorkers());
  // Every call is sent, however small: the split itself is under test.
  pool = api.createClvWorkerPool({ threads: 3, minRowsPerThread: 0 });
}, 60_000);

afterAll(async () => {
  await pool?.close();
  remove();
});

// x = 0, small x, and heavy buyers up to 10,000; recency = T one time in four.
const customers = fc
  .array(
    fc.record({
      frequency: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 30 }), fc.integer({ min: 31, max: 10_000 })),
      T: fc.double({ min: 0.5, max: 100, noNaN: true }),
      u: fc.oneof(fc.constant(1), fc.double({ min: 0, max: 1, noNaN: true })),
      m: fc.oneof(fc.constant(0), fc.double({ min: 0.01, max: 500, noNaN: true })),
    }),
    { minLength: 0, maxLength: 40 },
  )
  .map((rows) => ({
    frequency: rows.map((c) => c.frequency),
    recency: rows.map((c) => (c.frequency === 0 ? 0 : c.T * c.u)),
    T: rows.map((c) => c.T),
    monetaryValue: rows.map((c) => (c.frequency === 0 ? 0 : c.m)),
  }));
const asTyped = fc.boolean();

describe('createClvWorkerPool', () => {
  it('predicts as predictBgNbd and predictParetoNbd do, bit for bit', async () => {
    await fc.assert(
      fc.asyncProperty(bgParams, pnParams, customers, asTyped, async (bg, pn, c, typed) => {
        const cols = typed
          ? {
              frequency: Float64Array.from(c.frequency),
              recency: Float64Array.from(c.recency),
              T: Float64Array.from(c.T),
            }
          : { frequency: c.frequency, recency: c.recency, T: c.T };
        const options = { t: 39, purchaseCounts: [0, 2] };
        expect(await pool.predictBgNbd(bg, cols, options)).toEqual(predictBgNbd(bg, cols, options));
        expect(await pool.predictParetoNbd(pn, cols, options)).toEqual(predictParetoNbd(pn, cols, options));
      }),
      { numRuns: 60 },
    );
  });

  it('gives the Gamma-Gamma spend and lifetime values of the synchronous calls, bit for bit', async () => {
    await fc.assert(
      fc.asyncProperty(bgParams, spendParams, customers, async (bg, spend, c) => {
        expect(await pool.predictGammaGamma(spend, c)).toEqual(predictGammaGamma(spend, c));
        const model: TransactionModel = { model: 'bg_nbd', params: bg };
        const o = { horizon: 12, discountRate: 0.01, timeUnit: 'week' as const };
        expect(await pool.lifetimeValues(model, { params: spend }, c, o)).toEqual(
          lifetimeValues(model, { params: spend }, c, o),
        );
      }),
      { numRuns: 60 },
    );
  });

  it('answers bad input with the synchronous call\u2019s error, paths included', async () => {
    const bg = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
    const bad = [
      { frequency: [1, 2, -1, 0], recency: [1, 2, 3, 0], T: [5, 5, 5, 5] },
      { frequency: [1, 2], recency: [1, 2, 3], T: [5, 5, 5] },
      { frequency: [1, '2', 3], recency: [1, 2, 3], T: [5, 5, 5] },
      { frequency: [1, 2, 3], recency: [1, 2, 3], T: [5, 5, 5], extra: [1, 2, 3] },
    ] as unknown as Parameters<typeof predictBgNbd>[1][];
    // The first three are refused; a column the call does not read (the last) is ignored, as by the call.
    for (const [i, cols] of bad.entries()) {
      const sync = predictBgNbd(bg, cols, { t: 10 });
      expect(sync.ok).toBe(i === 3);
      expect(await pool.predictBgNbd(bg, cols, { t: 10 })).toEqual(sync);
    }
    const unknownOption = { t: 10, colour: 'red' } as unknown as { t: number };
    const cols = { frequency: [1, 2, 3], recency: [1, 2, 3], T: [5, 5, 5] };
    expect(await pool.predictBgNbd(bg, cols, unknownOption)).toEqual(predictBgNbd(bg, cols, unknownOption));
    const withFunction = { t: 10, purchaseCounts: (() => 1) as unknown as number[] };
    expect(await pool.predictBgNbd(bg, cols, withFunction)).toEqual(predictBgNbd(bg, cols, withFunction));
  });

  it('refuses bad options, and answers aborted once closed', async () => {
    // The bundle has its own CrmError class: matched by name and code.
    expect(() => api.createClvWorkerPool({ threads: 0 })).toThrow(
      expect.objectContaining({ name: 'CrmError', code: 'validation_failed' }),
    );
    expect(() => api.createClvWorkerPool({ threads: 1.5 })).toThrow(/threads/);
    expect(() => api.createClvWorkerPool({ threads: 2, colour: 1 } as never)).toThrow(/unknown key 'colour'/);
    expect(() => api.createClvWorkerPool({ minRowsPerThread: -1 })).toThrow(/minRowsPerThread/);
    const small = api.createClvWorkerPool({ threads: 2, minRowsPerThread: 0 });
    expect(Object.isFrozen(small) && small.threads === 2).toBe(true);
    const cols = { frequency: [1, 2, 3, 0], recency: [1, 2, 3, 0], T: [5, 5, 5, 5] };
    const bg = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
    expect(await small.predictBgNbd(bg, cols, { t: 10 })).toEqual(predictBgNbd(bg, cols, { t: 10 }));
    await small.close();
    await small.close();
    const r = await small.predictBgNbd(bg, cols, { t: 10 });
    expect(r.ok ? null : r.error.code).toBe('aborted');
  });

  it('a call in flight when the pool closes resolves to aborted, never hangs', async () => {
    const other = api.createClvWorkerPool({ threads: 2, minRowsPerThread: 0 });
    const n = 100_000;
    const cols = {
      frequency: Float64Array.from({ length: n }, (_, i) => i % 7),
      recency: Float64Array.from({ length: n }, (_, i) => (i % 7) * 4),
      T: new Float64Array(n).fill(40),
    };
    const call = other.predictBgNbd({ r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }, cols, { t: 10 });
    await other.close();
    const r = await call;
    expect(r.ok ? 'ok' : r.error.code).toBe('aborted');
  });

  it('answers on the calling thread when its thread file cannot be loaded (an app bundled into one file)', async () => {
    // From the TypeScript source there is no workers-thread.js beside the module: every thread dies
    // before it loads, and the pool answers every call itself, as the synchronous calls do.
    const lone = fromSource({ threads: 2, minRowsPerThread: 0 });
    const bg = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
    const cols = { frequency: [1, 2, 3, 0], recency: [1, 2, 3, 0], T: [5, 5, 5, 5] };
    for (let i = 0; i < 3; i++)
      expect(await lone.predictBgNbd(bg, cols, { t: 10 })).toEqual(predictBgNbd(bg, cols, { t: 10 }));
    await lone.close();
  });

  it('fits segments as fitBgNbd, fitParetoNbd and fitGammaGamma fit each, in order, bit for bit', async () => {
    const params = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
    const segments = [1, 2, 3, 4].map((seed) =>
      simulateBgNbd(params, { customers: 400 * seed, minT: 27, maxT: 39, seed }),
    );
    // A segment too small to fit (insufficient_data), answered by the call itself.
    const all = [...segments, segments[0]!.slice(0, 2)];
    const options = { tolerance: 1e-9 };
    expect(await pool.fitBgNbdSegments(all, options)).toEqual(all.map((s) => fitBgNbd(s, options)));
    expect(await pool.fitParetoNbdSegments(all)).toEqual(all.map((s) => fitParetoNbd(s)));
    const spend = segments.map((rows, k) =>
      rows
        .filter((r) => r.frequency > 0)
        .map((r, i) => ({ frequency: r.frequency, monetaryValue: 10 + ((i * 7 + k) % 40) })),
    );
    expect(await pool.fitGammaGammaSegments(spend)).toEqual(spend.map((s) => fitGammaGamma(s)));
    // Segments as columns cut from one column (sent in shared memory), plain or typed.
    const rows = segments[3]!;
    const column = (k: 'frequency' | 'recency' | 'T') => Float64Array.from(rows, (r) => r[k]);
    const weight = Float64Array.from(rows, (r) => r.weight ?? 1);
    const [f, r, T] = [column('frequency'), column('recency'), column('T')];
    const half = rows.length >> 1;
    const cut = [
      {
        frequency: f.subarray(0, half),
        recency: r.subarray(0, half),
        T: T.subarray(0, half),
        weight: weight.subarray(0, half),
      },
      {
        frequency: [...f.subarray(half)],
        recency: [...r.subarray(half)],
        T: [...T.subarray(half)],
        weight: [...weight.subarray(half)],
      },
    ];
    expect(cut.map((s) => fitBgNbd(s).ok)).toEqual([true, true]);
    expect(await pool.fitBgNbdSegments(cut)).toEqual(cut.map((s) => fitBgNbd(s)));
    // Options a thread cannot be sent (a progress callback) are used on the calling thread.
    const seen: string[] = [];
    const withProgress = { onProgress: (p: { phase: string }) => void seen.push(p.phase) };
    const fits = await pool.fitBgNbdSegments(segments.slice(0, 1), withProgress);
    expect(fits).toEqual([fitBgNbd(segments[0]!, {})]);
    expect(seen.length).toBeGreaterThan(0);
    await expect(pool.fitBgNbdSegments('x' as never)).rejects.toMatchObject({
      name: 'CrmError',
      code: 'validation_failed',
    });
  });
});
