import { describe, expect, it } from 'vitest';
import { integrate } from '../../src/math/quadrature.js';

describe('integrate (adaptive Gauss–Kronrod G7–K15)', () => {
  it('matches closed forms', () => {
    // ∫₀^π sin x dx = 2; ∫₀¹ x⁵ dx = 1/6 (exact for polynomials of degree ≤ 22 in one panel)
    expect(integrate(Math.sin, 0, Math.PI)).toBeCloseTo(2, 12);
    expect(integrate((x) => x ** 5, 0, 1)).toBeCloseTo(1 / 6, 14);
    // ∫₀^10 e^{−x} dx = 1 − e^{−10}
    expect(integrate((x) => Math.exp(-x), 0, 10)).toBeCloseTo(1 - Math.exp(-10), 12);
    // ∫₀¹ √x dx = 2/3: an endpoint singularity in the derivative, handled by subdivision
    expect(integrate(Math.sqrt, 0, 1)).toBeCloseTo(2 / 3, 9);
  });
});
