/**
 * Known values from an independent evaluation of the published formulas in the textbook (untransformed)
 * form with mpmath 1.3 at 40 significant digits: Fader & Hardie (2005) note eqs. 18, 19, 22 with
 * mpmath.hyp2f1 for the Pareto/NBD, and FHL (2005) eq. 10 for the BG/NBD, at the published CDNOW
 * parameters. crmkit evaluates them differently (Euler-transformed series in log space), so agreement
 * checks both the algebra and the numerics.
 */
import { describe, it, expect } from 'vitest';
import {
  bgNbdConditionalExpectedPurchases,
  paretoNbdConditionalExpectedPurchases,
  paretoNbdLogLikelihood,
  paretoNbdProbabilityAlive,
} from '../../src/clv/index.js';
import { unwrap } from '../../src/core/result.js';

const PN = { r: 0.553, alpha: 10.578, s: 0.606, beta: 11.669 };
const BG = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
const close = (got: number, want: number, rel = 1e-11): void =>
  expect(Math.abs(got - want)).toBeLessThanOrEqual(rel * Math.max(1e-300, Math.abs(want)));

// [x, tₓ, T, t, ln L, P(alive), E[Y(t) | x, tₓ, T]]
const PARETO: [number, number, number, number, number, number, number][] = [
  [2, 30.43, 38.86, 39, -9.5542832451504058, 0.8691675591530112, 1.4551231932576024],
  [26, 30.86, 31, 52, -39.131671540302775, 0.99791873105515828, 25.458472951428768],
  [0, 0, 38.86, 39, -0.52104629408089031, 0.29528660461689415, 0.10708146821530885],
  [5, 6.86, 38, 39, -13.629614433891388, 0.019480366527388435, 0.072006427658042654],
  [300, 38, 38.86, 39, 240.25101964213577, 0.7213165659503878, 142.1649097198281],
];
// [x, tₓ, T, t, E[Y(t) | x, tₓ, T]]
const BGNBD: [number, number, number, number, number][] = [
  [2, 30.43, 38.86, 39, 1.2260281747671445],
  [26, 30.86, 31, 52, 25.758195936483514],
  [0, 0, 38.86, 39, 0.19509805201126264],
  [5, 6.86, 38, 39, 0.029930512908743625],
  [300, 38.8, 38.86, 39, 205.78816517363715],
];

describe('Pareto/NBD at the CDNOW parameters (mpmath reference)', () => {
  it.each(PARETO)('x = %i, tₓ = %s, T = %s, t = %s', (x, tx, T, t, ll, alive, expected) => {
    const c = { frequency: x, recency: tx, T };
    close(unwrap(paretoNbdLogLikelihood(PN, [c])), ll, 1e-12);
    close(paretoNbdProbabilityAlive(PN, c), alive, 1e-10);
    close(paretoNbdConditionalExpectedPurchases(PN, t, c), expected, 1e-10);
  });
});

describe('BG/NBD at the CDNOW parameters (mpmath reference)', () => {
  it.each(BGNBD)('x = %i, tₓ = %s, T = %s, t = %s', (x, tx, T, t, expected) => {
    close(bgNbdConditionalExpectedPurchases(BG, t, { frequency: x, recency: tx, T }), expected, 1e-10);
  });
});
