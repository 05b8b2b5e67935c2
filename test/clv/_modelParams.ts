/**
 * Random model parameters for the batch-prediction properties (test/clv/batch.test.ts and
 * test/workers): ranges where the models are well defined and every quantity is finite.
 */
import fc from 'fast-check';

/** BG/NBD parameters. */
export const bgParams = fc.record({
  r: fc.double({ min: 0.05, max: 5, noNaN: true }),
  alpha: fc.double({ min: 0.5, max: 50, noNaN: true }),
  a: fc.double({ min: 0.1, max: 5, noNaN: true }),
  b: fc.double({ min: 0.1, max: 10, noNaN: true }),
});

/** Pareto/NBD parameters. */
export const pnParams = fc.record({
  r: fc.double({ min: 0.05, max: 5, noNaN: true }),
  alpha: fc.double({ min: 0.5, max: 50, noNaN: true }),
  s: fc.double({ min: 0.05, max: 5, noNaN: true }),
  beta: fc.double({ min: 0.5, max: 50, noNaN: true }),
});

/** Gamma-Gamma parameters (q > 1: the expected spend is finite). */
export const spendParams = fc.record({
  p: fc.double({ min: 0.5, max: 20, noNaN: true }),
  q: fc.double({ min: 1.05, max: 10, noNaN: true }),
  v: fc.double({ min: 0.5, max: 100, noNaN: true }),
});
