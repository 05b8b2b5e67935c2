// Issue 18 §1: invariants of the charts, for any input (fast-check).
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import * as charts from '../../src/charts/index.js';
import { kaplanMeierChart, rocChart, clvDistributionChart } from '../../src/charts/index.js';
import { unwrap, type Result } from '../../src/core/result.js';
import { kaplanMeier } from '../../src/metrics/index.js';
import { rocAuc, rocCurve } from '../../src/scoring/index.js';

const sample = fc
  .array(fc.tuple(fc.integer({ min: 0, max: 60 }), fc.boolean()), { minLength: 1, maxLength: 40 })
  .map((pairs) => ({ durations: pairs.map((p) => p[0]), events: pairs.map((p) => p[1]) }));

describe('properties', () => {
  it('kaplanMeierChart: the step heights are the survival values, and every censoring gets a mark at the curve', () => {
    fc.assert(
      fc.property(sample, ({ durations, events }) => {
        const km = unwrap(kaplanMeier(durations, events));
        const spec = unwrap(kaplanMeierChart(km));
        const layer = spec['layer'] as { data: { values: Record<string, number>[] } }[];
        const steps = layer[1]!.data.values;
        expect(steps.slice(1, km.rows.length + 1).map((s) => s['survival'])).toEqual(km.rows.map((r) => r.survival));
        const marks = layer[2]!.data.values;
        expect(marks.map((m) => m['censored']).reduce((a, b) => a! + b!, 0)).toBe(events.filter((e) => !e).length);
        for (const m of marks) expect(m['survival']).toBe(km.survivalAt(m['time']!));
        // The curve runs to the largest duration.
        expect(steps.at(-1)!['time']).toBe(Math.max(...durations));
      }),
    );
  });

  it('rocChart: the legend’s AUC is rocAuc (ties counted one half), and the points are rocCurve’s', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 8 }), fc.boolean()), { minLength: 2, maxLength: 60 }),
        (pairs) => {
          const scores = pairs.map((p) => p[0] / 8);
          const labels = pairs.map((p) => (p[1] ? 1 : 0) as 0 | 1);
          const points = rocCurve(scores, labels);
          if (!points.ok) return; // one class
          const spec = unwrap(rocChart(points.value));
          const rows = (spec['layer'] as { data: { values: Record<string, unknown>[] } }[])[1]!.data.values;
          expect(rows.map((r) => [r['fpr'], r['tpr']])).toEqual(points.value.map((p) => [p.fpr, p.tpr]));
          expect(rows[0]!['model']).toBe(`ROC (AUC ${unwrap(rocAuc(scores, labels)).toFixed(3)})`);
          expect(aucOf(points.value)).toBe(unwrap(rocAuc(scores, labels))); // to the last bit
        },
      ),
    );
  });

  it('clvDistributionChart: the bins hold every value once, and never a non-finite number', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ noNaN: true, noDefaultInfinity: true }), { maxLength: 50 }),
        fc.integer({ min: 1, max: 20 }),
        (values, bins) => {
          const spec = unwrap(clvDistributionChart(values, { bins }));
          const layer = spec['layer'] as { data: { values: Record<string, number>[] } }[];
          expect(layer[0]!.data.values.reduce((s, b) => s + b['count']!, 0)).toBe(values.length);
          expect(JSON.stringify(spec)).not.toMatch(/null,?"?(start|end|value)/);
          for (const v of [...layer[0]!.data.values, ...layer[1]!.data.values])
            for (const x of Object.values(v)) if (typeof x === 'number') expect(Number.isFinite(x)).toBe(true);
        },
      ),
    );
  });

  it('clvDistributionChart: subnormal values are counted (seed -1116031207: [3.5e-323, 4e-323] in one bin counted 0)', () => {
    const spec = unwrap(clvDistributionChart([3.5e-323, 4e-323], { bins: 1 }));
    const layer = spec['layer'] as { data: { values: Record<string, number>[] } }[];
    expect(layer[0]!.data.values.map((b) => b['count'])).toEqual([2]);
    const three = unwrap(clvDistributionChart([5e-324, 1e-323, 1.5e-323], { bins: 2 }));
    const rows = (three['layer'] as { data: { values: Record<string, number>[] } }[])[0]!.data.values;
    expect(rows.reduce((t, b) => t + b['count']!, 0)).toBe(3);
  });

  it('every chart: any value, any options — a Result, never a throw; the same call gives the same spec', () => {
    const fns = Object.entries(charts).filter(([k, v]) => typeof v === 'function' && k !== 'toMimeBundle') as [
      string,
      (...a: unknown[]) => Result<unknown>,
    ][];
    fc.assert(
      fc.property(
        fc.constantFrom(...fns),
        fc.array(fc.anything({ withNullPrototype: true, withObjectString: true }), { maxLength: 4 }),
        ([, fn], args) => {
          const a = fn(...args);
          const b = fn(...args);
          expect(typeof a.ok).toBe('boolean');
          expect(JSON.stringify(a.ok ? a.value : a.error.issues)).toBe(JSON.stringify(b.ok ? b.value : b.error.issues));
        },
      ),
      { numRuns: 300 },
    );
  });
});

/** The AUC a chart shows, unrounded: its legend's number is this to 3 decimals. */
function aucOf(points: readonly { tp: number; fp: number }[]): number {
  const pos = points.at(-1)!.tp;
  const neg = points.at(-1)!.fp;
  let twiceU = 0;
  for (let i = 1; i < points.length; i++)
    twiceU += (points[i]!.fp - points[i - 1]!.fp) * (points[i]!.tp + points[i - 1]!.tp);
  return twiceU / (2 * pos * neg);
}

describe('fixed cases found by the properties', () => {
  it('rocChart: an AUC on a rounding boundary is rocAuc’s, to the last bit (seeds 2010423389, -721118859)', () => {
    for (const pairs of [
      [
        [0, false],
        [2, false],
        [0, true],
        [2, false],
        [0, false],
        [1, true],
        [0, false],
        [3, false],
        [0, true],
        [3, true],
        [3, false],
        [2, true],
        [3, false],
      ],
      [
        [0, false],
        [5, true],
        [4, true],
        [8, true],
        [1, true],
        [7, false],
        [5, false],
        [1, true],
        [3, false],
        [5, true],
        [3, true],
        [6, true],
        [1, true],
        [1, true],
      ],
    ] as [number, boolean][][]) {
      const scores = pairs.map((p) => p[0] / 8);
      const labels = pairs.map((p) => (p[1] ? 1 : 0) as 0 | 1);
      const spec = unwrap(rocChart(unwrap(rocCurve(scores, labels))));
      const rows = (spec['layer'] as { data: { values: Record<string, unknown>[] } }[])[1]!.data.values;
      expect(rows[0]!['model']).toBe(`ROC (AUC ${unwrap(rocAuc(scores, labels)).toFixed(3)})`);
    }
  });

  it('clvDistributionChart: values whose range exceeds the largest double (seed -1871550823)', () => {
    const spec = unwrap(clvDistributionChart([3.692304572639232e293, -1.7976931348623121e308], { bins: 1 }));
    const bins = (spec['layer'] as { data: { values: Record<string, number>[] } }[])[0]!.data.values;
    expect(bins).toEqual([{ start: -1.7976931348623121e308, end: 3.692304572639232e293, count: 2 }]);
  });
});
