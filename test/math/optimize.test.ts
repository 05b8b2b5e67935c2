import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { minimizeBfgs, minimizeNelderMead, type DifferentiableObjective } from '../../src/math/optimize.js';

// Rosenbrock's function (Rosenbrock 1960), minimum 0 at (1, 1): the standard hard test of Nocedal & Wright.
const rosenbrock: DifferentiableObjective = (x, g) => {
  const a = x[0]!,
    b = x[1]!;
  g[0] = -2 * (1 - a) - 400 * a * (b - a * a);
  g[1] = 200 * (b - a * a);
  return (1 - a) ** 2 + 100 * (b - a * a) ** 2;
};

describe('minimizeBfgs', () => {
  it('finds the Rosenbrock minimum (1, 1) from the classic start (−1.2, 1)', () => {
    const r = minimizeBfgs(rosenbrock, [-1.2, 1]);
    expect(r.converged).toBe(true);
    expect(r.status).toBe('converged');
    expect(r.x[0]).toBeCloseTo(1, 6);
    expect(r.x[1]).toBeCloseTo(1, 6);
    expect(r.value).toBeLessThan(1e-12);
  });
  it('minimises any positive-definite quadratic to its exact solution (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -10, max: 10, noNaN: true }), { minLength: 3, maxLength: 3 }),
        fc.double({ min: 0.1, max: 10, noNaN: true }),
        (c, d) => {
          // f(x) = Σ dᵢ (xᵢ − cᵢ)² + 0.5 (x₀ − x₁)²
          const w = [d, 1, 2 * d];
          const f: DifferentiableObjective = (x, g) => {
            let v = 0.5 * (x[0]! - x[1]!) ** 2;
            for (let i = 0; i < 3; i++) {
              v += w[i]! * (x[i]! - c[i]!) ** 2;
              g[i] = 2 * w[i]! * (x[i]! - c[i]!);
            }
            g[0]! += x[0]! - x[1]!;
            g[1]! -= x[0]! - x[1]!;
            return v;
          };
          const r = minimizeBfgs(f, [0, 0, 0], { tolerance: 1e-8 });
          const g = [0, 0, 0];
          f(r.x, g);
          return r.converged && g.every((v) => Math.abs(v) <= 1e-8);
        },
      ),
    );
  });
  it('reports max_iterations and never hides it', () => {
    const r = minimizeBfgs(rosenbrock, [-1.2, 1], { maxIterations: 3 });
    expect(r.converged).toBe(false);
    expect(r.status).toBe('max_iterations');
    expect(r.iterations).toBe(3);
  });
  it('calls onProgress once per iteration with decreasing values', () => {
    const values: number[] = [];
    const r = minimizeBfgs(rosenbrock, [-1.2, 1], { onProgress: (p) => values.push(p.value) });
    expect(values.length).toBe(r.iterations);
    for (let i = 1; i < values.length; i++)
      expect(values[i]!).toBeLessThanOrEqual(values[i - 1]! + 1e-14 * Math.abs(values[i - 1]!));
  });
  it('stops with status aborted when the signal fires', () => {
    const controller = new AbortController();
    const r = minimizeBfgs(rosenbrock, [-1.2, 1], {
      signal: controller.signal,
      onProgress: (p) => {
        if (p.iteration === 2) controller.abort();
      },
    });
    expect(r.status).toBe('aborted');
    expect(r.iterations).toBe(2);
  });
  it('reports invalid_start for a non-finite objective at the start, and steps back from non-finite regions', () => {
    expect(
      minimizeBfgs(
        (x, g) => {
          g[0] = 1;
          return Math.log(x[0]!);
        },
        [-1],
      ).status,
    ).toBe('invalid_start');
    // f = x − ln x on x > 0 (NaN/−∞ outside): minimum at 1; a full Newton-like step from 0.01 overshoots to x < 0.
    const r = minimizeBfgs(
      (x, g) => {
        g[0] = 1 - 1 / x[0]!;
        return x[0]! - Math.log(x[0]!);
      },
      [0.01],
    );
    expect(r.converged).toBe(true);
    expect(r.x[0]).toBeCloseTo(1, 7);
  });
  it('does not mutate the start vector and freezes its result', () => {
    const start = [-1.2, 1];
    const r = minimizeBfgs(rosenbrock, start);
    expect(start).toEqual([-1.2, 1]);
    expect(Object.isFrozen(r)).toBe(true);
    expect(Object.isFrozen(r.x)).toBe(true);
  });
});

describe('minimizeNelderMead', () => {
  it('finds the Rosenbrock minimum without derivatives', () => {
    const r = minimizeNelderMead((x) => rosenbrock(x, [0, 0]), [-1.2, 1], { maxIterations: 5000 });
    expect(r.converged).toBe(true);
    expect(r.x[0]).toBeCloseTo(1, 4);
    expect(r.x[1]).toBeCloseTo(1, 4);
  });
  it('treats non-finite values as +∞ and reports limits and aborts', () => {
    const f = (x: readonly number[]): number => (x[0]! <= 0 ? Number.NaN : x[0]! - Math.log(x[0]!));
    const r = minimizeNelderMead(f, [3]);
    expect(r.x[0]).toBeCloseTo(1, 4);
    expect(minimizeNelderMead(f, [3], { maxIterations: 2 }).status).toBe('max_iterations');
    const controller = new AbortController();
    controller.abort();
    expect(minimizeNelderMead(f, [3], { signal: controller.signal }).status).toBe('aborted');
    expect(minimizeNelderMead(f, [-1]).status).toBe('invalid_start');
  });
});
