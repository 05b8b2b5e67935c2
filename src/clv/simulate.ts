/**
 * Seeded simulation of customer bases from the BG/NBD and Pareto/NBD models, straight into grouped
 * RFM rows (bounded memory, whatever the number of customers).
 *
 * @module
 */
import type { CrmIssue } from '../core/errors.js';
import { checkOptionKeys, crmIssue, invalidInput } from '../core/issues.js';
import { quoteValue } from '../_lib/show.js';
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
 * const o: SimulateBgNbdOptions = { customers: 2357, minT: 27, maxT: 39, resolution: 1 / 7, seed: 42 };
 * ```
 */
export interface SimulateBgNbdOptions {
  readonly customers: number;
  readonly minT: number;
  readonly maxT: number;
  /** Time grid (default 1/7, a day when the unit is weeks). */
  readonly resolution?: number;
  readonly seed: number;
}

/**
 * Options of {@link simulateParetoNbd}: those of {@link simulateBgNbd}.
 *
 * @example
 * ```ts
 * const o: SimulateParetoNbdOptions = { customers: 1000, minT: 27, maxT: 39, seed: 1 };
 * ```
 */
export type SimulateParetoNbdOptions = SimulateBgNbdOptions;

/**
 * Options of the simulators.
 *
 * @deprecated Use SimulateBgNbdOptions (or SimulateParetoNbdOptions).
 * @example
 * ```ts
 * const o: SimulationOptions = { customers: 100, minT: 27, maxT: 39, seed: 1 };
 * ```
 */
export type SimulationOptions = SimulateBgNbdOptions;

/**
 * The most purchases a simulation may be expected to draw: customers × E[λ] × maxT = customers·(r/α)·maxT
 * (an upper bound, since customers drop out). Each purchase is one exponential draw, so this bounds the
 * run time at a few seconds; beyond it the simulators throw `validation_failed` (`too_big`).
 *
 * @example
 * ```ts
 * MAX_SIMULATED_PURCHASES; //=> 100000000
 * ```
 */
export const MAX_SIMULATED_PURCHASES = 100_000_000;

const OPTION_KEYS = ['customers', 'minT', 'maxT', 'resolution', 'seed'] as const;

function check(options: SimulateBgNbdOptions, r: number, alpha: number, fn: string): void {
  const issues: CrmIssue[] = [...checkOptionKeys(options, OPTION_KEYS, ['options'])];
  if (options === null || typeof options !== 'object') {
    if (issues.length === 0)
      issues.push(crmIssue.invalidType(['options'], 'options { customers, minT, maxT, resolution?, seed }', options));
    throw invalidInput(fn, issues);
  }
  const {
    customers,
    minT,
    maxT,
    resolution = 1 / 7,
    seed,
  } = options as unknown as Record<string, unknown> & {
    resolution?: unknown;
  };
  const num = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
  if (!(typeof customers === 'number' && Number.isSafeInteger(customers) && customers >= 0))
    issues.push(
      crmIssue.of(
        'invalid_number',
        ['options', 'customers'],
        `customers must be a non-negative integer; received ${quoteValue(customers)}`,
      ),
    );
  if (!(num(minT) && minT > 0 && num(maxT) && maxT >= minT))
    issues.push(
      crmIssue.of(
        'invalid_number',
        ['options', 'minT'],
        `need 0 < minT ≤ maxT; received ${quoteValue(minT)}, ${quoteValue(maxT)}`,
      ),
    );
  if (!(num(resolution) && resolution > 0 && (!num(minT) || resolution <= minT)))
    issues.push(
      crmIssue.of(
        'invalid_number',
        ['options', 'resolution'],
        `resolution must be positive and at most minT; received ${quoteValue(resolution)}`,
      ),
    );
  if (!num(seed)) issues.push(crmIssue.invalidNumber(['options', 'seed'], seed));
  if (issues.length === 0) {
    const expected = (customers as number) * (r / alpha) * (maxT as number);
    if (!(expected <= MAX_SIMULATED_PURCHASES))
      issues.push(
        crmIssue.of(
          'too_big',
          ['params'],
          `the simulation would draw about ${quoteValue(expected)} purchases (customers × r/α × maxT); at most ${MAX_SIMULATED_PURCHASES} are allowed`,
        ),
      );
  }
  if (issues.length > 0) throw invalidInput(fn, issues);
}

function simulate(
  options: SimulateBgNbdOptions,
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
 * @throws CrmError `validation_failed` for bad parameters or options.
 *
 * @example
 * ```ts
 * const rows = simulateBgNbd({ r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }, { customers: 2357, minT: 27, maxT: 39, seed: 1 });
 * rows.reduce((n, r) => n + (r.weight ?? 1), 0); //=> 2357
 * ```
 */
export function simulateBgNbd(params: BgNbdParams, options: SimulateBgNbdOptions): readonly RfmRow[] {
  assertPositiveParams(params as unknown as Record<string, number>, ['r', 'alpha', 'a', 'b'], 'simulateBgNbd');
  check(options, params.r, params.alpha, 'simulateBgNbd');
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
 * @throws CrmError `validation_failed` for bad parameters or options.
 *
 * @example
 * ```ts
 * const rows = simulateParetoNbd({ r: 0.553, alpha: 10.578, s: 0.606, beta: 11.669 }, { customers: 1000, minT: 27, maxT: 39, seed: 1 });
 * ```
 */
export function simulateParetoNbd(params: ParetoNbdParams, options: SimulateParetoNbdOptions): readonly RfmRow[] {
  assertPositiveParams(params as unknown as Record<string, number>, ['r', 'alpha', 's', 'beta'], 'simulateParetoNbd');
  check(options, params.r, params.alpha, 'simulateParetoNbd');
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
