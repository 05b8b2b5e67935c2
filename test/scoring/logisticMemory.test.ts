import { describe, it, expect } from 'vitest';
import { fitLogisticRegression } from '../../src/scoring/index.js';
import { createRng } from '../../src/math/random.js';

// The fit keeps its per-row columns of doubles on the V8 heap, not in typed arrays (docs/scoring.md,
// "Performance"): V8 answers every 64 MB of typed-array (external) memory with a full collection of the
// whole heap, the caller's rows included. This file runs alone in its own worker, so the external memory
// measured here is the fit's.
describe('fitLogisticRegression memory', () => {
  it('keeps the design matrix and the working vectors out of external (typed-array) memory', () => {
    const n = 60_000,
      numeric = 12;
    const rng = createRng(7);
    const rows = Array.from({ length: n }, () => {
      const row: Record<string, number> = {};
      let eta = 0;
      for (let j = 0; j < numeric; j++) {
        const x = rng.next() * 2 - 1;
        row[`x${j}`] = x;
        eta += x * ((j % 3) - 1);
      }
      row.won = rng.next() < 1 / (1 + Math.exp(-eta)) ? 1 : 0;
      return row;
    });
    const features = Array.from({ length: numeric }, (_, j) => `x${j}`);
    const before = process.memoryUsage().arrayBuffers;
    let peak = before;
    const fitted = fitLogisticRegression(rows, {
      features,
      target: 'won',
      onProgress: (p) => {
        if (p.phase === 'fit') peak = Math.max(peak, process.memoryUsage().arrayBuffers);
      },
    });
    expect(fitted.ok).toBe(true);
    // In Float64Arrays, the 13 dense columns and the weights, residuals and linear predictor would add
    // 16 × 8 bytes a row (7.7 MB); what remains external is the 0/1 target (1 byte a row) and scratch of
    // the size of a block of rows.
    const typedDesign = (numeric + 4) * 8 * n;
    expect(peak - before).toBeLessThan(typedDesign / 4);
  });
});
