import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { qrAddRows } from '../../src/math/qrAddRows.js';

/** R with every row's sign made that of its diagonal (QR is unique up to those signs). */
function canonical(r: Float64Array, p: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < p; i++) {
    const s = r[i * p + i]! < 0 ? -1 : 1;
    for (let j = 0; j < p; j++) out.push(s * r[i * p + j]! + 0);
  }
  return out;
}

/** Doubles in [-10, 10] without subnormals (their precision is a few bits; see the pinned case). */
const normal = fc.double({ min: -10, max: 10, noNaN: true }).map((x) => (Math.abs(x) < 1e-300 ? 0 : x));

describe('qrAddRows', () => {
  it("equals R's qr.R(qr(A)) up to row signs, whether the rows come at once or one by one", () => {
    // R> A <- matrix(c(3,4,0,1, 1,2,2,0, 4,-1,3,2), nrow = 4); qr.R(qr(A))  (LINPACK dqrdc2)
    // -5.0990195135927845 -2.1572774865200244 -1.9611613513818398
    //  0                  -2.0847431127488694 -1.808007301322029
    //  0                   0                  -4.7838222952167024
    const want = canonical(
      Float64Array.of(
        -5.0990195135927845,
        -2.1572774865200244,
        -1.9611613513818398,
        0,
        -2.0847431127488694,
        -1.808007301322029,
        0,
        0,
        -4.7838222952167024,
      ),
      3,
    );
    const rows = [3, 1, 4, 4, 2, -1, 0, 2, 3, 1, 0, 2];
    const all = new Float64Array(9);
    qrAddRows(all, 3, Float64Array.from(rows), 4);
    const single = new Float64Array(9);
    for (let i = 0; i < 4; i++) qrAddRows(single, 3, Float64Array.from(rows.slice(3 * i, 3 * i + 3)), 1);
    for (const r of [all, single]) canonical(r, 3).forEach((v, k) => expect(v).toBeCloseTo(want[k]!, 13));
  });

  it('a subnormal entry gives a finite factor (fast-check seed -1198362721 once gave NaN)', () => {
    const r = new Float64Array(9);
    qrAddRows(r, 3, Float64Array.of(0, -5e-324, 0), 1);
    expect([...r].every(Number.isFinite)).toBe(true);
    expect(Math.abs(r[4]!)).toBe(5e-324);
  });

  it('subnormal columns keep RᵀR = AᵀA to the precision subnormals have (seed 873424240)', () => {
    // A first column of subnormals (-4.4e-323 = -9 × 2^-1074) has a direction known to a few bits only,
    // so the relative accuracy of what depends on it is limited; the factor is finite and close.
    const rows = [
      [-4.4e-323, 0, 0],
      [-5e-324, 0.00016200000425157393, 0],
    ];
    const r = new Float64Array(9);
    for (const row of rows) qrAddRows(r, 3, Float64Array.from(row), 1);
    expect([...r].every(Number.isFinite)).toBe(true);
    const ata11 = 0.00016200000425157393 ** 2;
    const rtr11 = r[1]! ** 2 + r[4]! ** 2;
    expect(Math.abs(rtr11 - ata11) / ata11).toBeLessThan(1e-3);
  });

  it('property: RᵀR = AᵀA for any blocking of the rows (normal numbers)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }).chain((p) =>
          fc.tuple(
            fc.constant(p),
            fc.array(fc.array(normal, { minLength: p, maxLength: p }), {
              minLength: 1,
              maxLength: 30,
            }),
            fc.integer({ min: 1, max: 7 }),
          ),
        ),
        ([p, rows, block]) => {
          const r = new Float64Array(p * p);
          for (let s = 0; s < rows.length; s += block) {
            const part = rows.slice(s, s + block);
            qrAddRows(r, p, Float64Array.from(part.flat()), part.length);
          }
          for (let i = 0; i < p; i++)
            for (let j = 0; j < p; j++) {
              let ata = 0,
                rtr = 0,
                scale = 0;
              for (const row of rows) {
                ata += row[i]! * row[j]!;
                scale += row[i]! ** 2 + row[j]! ** 2;
              }
              for (let k = 0; k < p; k++) rtr += r[k * p + i]! * r[k * p + j]!;
              expect(Math.abs(ata - rtr)).toBeLessThanOrEqual(1e-12 * (1 + scale));
              if (i > j) expect(r[i * p + j]).toBe(0);
            }
        },
      ),
    );
  });
});
