/**
 * Seeded samplers for the distributions of the CLV models (exponential, normal, gamma, beta,
 * Poisson), drawing their uniforms from an {@link Rng} made by `createRng(seed)`: the same seed
 * gives the same draws on every machine.
 *
 * @module
 */
import { CrmError } from '../core/errors.js';
import { logGamma } from './special.js';
import type { Rng } from './random.js';

function requirePositive(fn: string, name: string, v: number): void {
  if (!(v > 0) || !Number.isFinite(v)) {
    throw new CrmError('validation_failed', `${fn}: ${name} must be a positive finite number; received ${v}`, {
      issues: [{ path: [name], message: 'must be a positive finite number', code: 'too_small' }],
    });
  }
}

/** A uniform in (0, 1): never exactly 0, so logarithms stay finite. */
function openUniform(rng: Rng): number {
  let u = rng.next();
  while (u === 0) u = rng.next();
  return u;
}

/**
 * One draw from the exponential distribution with the given `rate` (mean 1/rate), by inversion.
 * Throws `validation_failed` for a non-positive rate.
 *
 * @example
 * ```ts
 * sampleExponential(createRng(1), 2); //=> a positive number; mean 0.5 over many draws
 * ```
 */
export function sampleExponential(rng: Rng, rate: number): number {
  requirePositive('sampleExponential', 'rate', rate);
  return -Math.log(openUniform(rng)) / rate;
}

/**
 * One draw from the standard normal distribution (Box–Muller transform, one of the pair used).
 *
 * @example
 * ```ts
 * sampleNormal(createRng(1)); //=> a number; mean 0, variance 1 over many draws
 * ```
 */
export function sampleNormal(rng: Rng): number {
  const u = openUniform(rng);
  const v = rng.next();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/**
 * One draw from the gamma distribution with `shape` k and `rate` θ (mean k/θ, variance k/θ²), by
 * Marsaglia & Tsang (2000), "A simple method for generating gamma variables"; for k < 1 the
 * boost Gamma(k) = Gamma(k+1)·U^(1/k) from the same paper. Throws `validation_failed` for a
 * non-positive shape or rate.
 *
 * @example
 * ```ts
 * sampleGamma(createRng(1), 0.243, 4.414); //=> a positive number; mean 0.243 / 4.414 over many draws
 * ```
 */
export function sampleGamma(rng: Rng, shape: number, rate: number): number {
  requirePositive('sampleGamma', 'shape', shape);
  requirePositive('sampleGamma', 'rate', rate);
  return standardGamma(rng, shape) / rate;
}

function standardGamma(rng: Rng, shape: number): number {
  if (shape < 1) {
    const g = standardGamma(rng, shape + 1);
    // U^(1/k) computed in log space so a tiny shape does not underflow to 0 needlessly.
    return g * Math.exp(Math.log(openUniform(rng)) / shape);
  }
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  while (true) {
    let x: number;
    let v: number;
    do {
      x = sampleNormal(rng);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = openUniform(rng);
    if (u < 1 - 0.0331 * x * x * x * x) return d * v;
    if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}

/**
 * One draw from the beta distribution Beta(a, b) (mean a/(a+b)) as X/(X+Y) with X ~ Gamma(a),
 * Y ~ Gamma(b). Throws `validation_failed` for non-positive parameters.
 *
 * @example
 * ```ts
 * sampleBeta(createRng(1), 0.793, 2.426); //=> a number in [0, 1]; mean 0.246 over many draws
 * ```
 */
export function sampleBeta(rng: Rng, a: number, b: number): number {
  requirePositive('sampleBeta', 'a', a);
  requirePositive('sampleBeta', 'b', b);
  const x = standardGamma(rng, a);
  const y = standardGamma(rng, b);
  const s = x + y;
  // Both tiny shapes can underflow to 0: fall back to a Bernoulli draw with the right mean.
  if (s === 0) return rng.next() < a / (a + b) ? 1 : 0;
  return x / s;
}

/**
 * One draw from the Poisson distribution with the given `mean` (≥ 0): multiplication of uniforms
 * (Knuth) below mean 10, Hörmann's transformed rejection PTRS (1993, "The transformed rejection
 * method for generating Poisson random variables") above. Mean 0 gives 0; a negative or non-finite
 * mean throws `validation_failed`.
 *
 * @example
 * ```ts
 * samplePoisson(createRng(1), 3.5); //=> a non-negative integer; mean 3.5 over many draws
 * ```
 */
export function samplePoisson(rng: Rng, mean: number): number {
  if (!(mean >= 0) || !Number.isFinite(mean)) {
    throw new CrmError(
      'validation_failed',
      `samplePoisson: mean must be a non-negative finite number; received ${mean}`,
      {
        issues: [{ path: ['mean'], message: 'must be a non-negative finite number', code: 'too_small' }],
      },
    );
  }
  if (mean === 0) return 0;
  if (mean < 10) {
    const limit = Math.exp(-mean);
    let k = 0;
    let p = rng.next();
    while (p > limit) {
      k++;
      p *= rng.next();
    }
    return k;
  }
  const slam = Math.sqrt(mean);
  const loglam = Math.log(mean);
  const b = 0.931 + 2.53 * slam;
  const a = -0.059 + 0.02483 * b;
  const invalpha = 1.1239 + 1.1328 / (b - 3.4);
  const vr = 0.9277 - 3.6224 / (b - 2);
  while (true) {
    const u = rng.next() - 0.5;
    const v = openUniform(rng);
    const us = 0.5 - Math.abs(u);
    const k = Math.floor(((2 * a) / us + b) * u + mean + 0.43);
    if (us >= 0.07 && v <= vr) return k;
    if (k < 0 || (us < 0.013 && v > us)) continue;
    if (Math.log(v) + Math.log(invalpha) - Math.log(a / (us * us) + b) <= -mean + k * loglam - logGamma(k + 1))
      return k;
  }
}
