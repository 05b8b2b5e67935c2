/**
 * Seeded simulation of customer bases from the BG/NBD and Pareto/NBD models, straight into grouped
 * RFM rows (bounded memory, whatever the number of customers).
 *
 * @module
 */
import { CrmError } from '../core/errors.js';
import { createRng, type Rng } from '../math/random.js';
import { sampleBeta, sampleExponential, sampleGamma } from '../math/sample.js';
import type { BgNbdParams } from './bgNbd.js';
import type { ParetoNbdParams } from './paretoNbd.js';
import { assertPositiveParams, type RfmRow } from './rows.js';

/**
 * Options of the simulators. Each customer's observation length T is drawn uniformly from
 * [`minT`, `maxT`] (a cohort acquired over a span of time, like CDNOW's 12 weeks), then T and the
 * purchase times are rounded to the nearest multiple of `resolution` (the granularity of a real
 * transaction log, e.g. 1/7 week = one day), so identical customers share a row and the output
 * holds at most (grid points of T) × (grid points of tₓ) × (distinct x) rows.
 *
 * @example
 * ```ts
 * const o: SimulationOptions = { customers: 2357, minT: 27, maxT: 39, resolution: 1 / 7, seed: 42 };
 * ```
 */
export interface SimulationOptions {
  readonly customers: number;
  readonly minT: number;
  readonly maxT: number;
  /** Time grid (default 1/7, a day when the unit is weeks). */
  readonly resolution?: number;
  readonly seed: number;
}

function check(options: SimulationOptions, fn: string): void {
  const { customers, minT, maxT, resolution = 1 / 7, seed } = options;
  const problems: string[] = [];
  if (!Number.isSafeInteger(customers) || customers < 0)
    problems.push(`customers must be a non-negative integer; received ${customers}`);
  if (!(Number.isFinite(minT) && minT > 0 && Number.isFinite(maxT) && maxT >= minT))
    problems.push(`need 0 < minT ≤ maxT; received ${minT}, ${maxT}`);
  if (!(Number.isFinite(resolution) && resolution > 0 && resolution <= minT))
    problems.push(`resolution must be positive and at most minT; received ${resolution}`);
  if (!Number.isFinite(seed)) problems.push(`seed must be a finite number; received ${seed}`);
  if (problems.length > 0) {
    throw new CrmError('validation_failed', `${fn}: ${problems.join('; ')}`, {
      issues: problems.map((m) => ({ path: ['options'], message: m, code: 'invalid_value' })),
    });
  }
}

function simulate(
  options: SimulationOptions,
  draw: (rng: Rng, T: number) => { x: number; tx: number },
): readonly RfmRow[] {
  const { customers, minT, maxT, resolution = 1 / 7, seed } = options;
  const rng = createRng(seed);
  const rows = new Map<string, { frequency: number; recency: number; T: number; weight: number }>();
  for (let i = 0; i < customers; i++) {
    const k = Math.max(1, Math.round((minT + (maxT - minT) * rng.next()) / resolution));
    const T = k * resolution;
    const { x, tx } = draw(rng, T);
    const j = x === 0 ? 0 : Math.min(k, Math.round(tx / resolution));
    const key = `${x}|${j}|${k}`;
    const row = rows.get(key);
    if (row) row.weight++;
    else rows.set(key, { frequency: x, recency: j * resolution, T, weight: 1 });
  }
  return Object.freeze([...rows.values()].map((r) => Object.freeze(r)));
}

/**
 * Simulates `customers` customers from the BG/NBD (FHL 2005 §3: λ ~ Gamma(r, α), p ~ Beta(a, b);
 * exponential inter-purchase times; after each repeat purchase the customer drops out with
 * probability p) and returns grouped rows `{ frequency, recency, T, weight }`. Deterministic for a
 * seed. Throws `validation_failed` for bad parameters or options.
 *
 * @example
 * ```ts
 * const rows = simulateBgNbd({ r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }, { customers: 2357, minT: 27, maxT: 39, seed: 1 });
 * rows.reduce((n, r) => n + (r.weight ?? 1), 0); //=> 2357
 * ```
 */
export function simulateBgNbd(params: BgNbdParams, options: SimulationOptions): readonly RfmRow[] {
  assertPositiveParams(params as unknown as Record<string, number>, ['r', 'alpha', 'a', 'b'], 'simulateBgNbd');
  check(options, 'simulateBgNbd');
  return simulate(options, (rng, T) => {
    const lambda = sampleGamma(rng, params.r, params.alpha);
    const p = sampleBeta(rng, params.a, params.b);
    let t = 0,
      x = 0,
      tx = 0;
    if (lambda === 0) return { x, tx };
    while (true) {
      t += sampleExponential(rng, lambda);
      if (t > T) break;
      x++;
      tx = t;
      if (rng.next() < p) break;
    }
    return { x, tx };
  });
}

/**
 * Simulates `customers` customers from the Pareto/NBD (λ ~ Gamma(r, α) purchase rate, μ ~ Gamma(s, β)
 * dropout rate, exponential lifetime) and returns grouped rows as {@link simulateBgNbd} does.
 *
 * @example
 * ```ts
 * const rows = simulateParetoNbd({ r: 0.553, alpha: 10.578, s: 0.606, beta: 11.669 }, { customers: 1000, minT: 27, maxT: 39, seed: 1 });
 * ```
 */
export function simulateParetoNbd(params: ParetoNbdParams, options: SimulationOptions): readonly RfmRow[] {
  assertPositiveParams(params as unknown as Record<string, number>, ['r', 'alpha', 's', 'beta'], 'simulateParetoNbd');
  check(options, 'simulateParetoNbd');
  return simulate(options, (rng, T) => {
    const lambda = sampleGamma(rng, params.r, params.alpha);
    const mu = sampleGamma(rng, params.s, params.beta);
    const end = mu > 0 ? Math.min(T, sampleExponential(rng, mu)) : T;
    let t = 0,
      x = 0,
      tx = 0;
    if (lambda === 0) return { x, tx };
    while (true) {
      t += sampleExponential(rng, lambda);
      if (t > end) break;
      x++;
      tx = t;
    }
    return { x, tx };
  });
}
