import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  ces,
  createCesAccumulator,
  createCsatAccumulator,
  createNpsAccumulator,
  csat,
  nps,
  npsAccumulatorFromJSON,
  npsBy,
  npsChange,
} from '../../src/metrics/index.js';
import { monthPeriod } from '../../src/time/period.js';
import { expectFinite, expectInvalid, value } from './_helpers.js';

const score = fc.integer({ min: 0, max: 10 });

describe('nps', () => {
  it('counts promoters 9–10, passives 7–8, detractors 0–6', () => {
    const r = value(nps([10, 9, 8, 7, 6, 0]));
    expect(r).toMatchObject({ promoters: 2, passives: 2, detractors: 2, total: 6, score: 0 });
  });

  it('matches a worked example with the Wald margin of error (R: x <- c(rep(1,50), rep(0,30), rep(-1,20)); 100*qnorm(0.975)*sqrt(mean((x-mean(x))^2)/100))', () => {
    const r = value(nps({ promoters: 50, passives: 30, detractors: 20 }));
    expect(r.score).toBeCloseTo(30, 12);
    expect(r.standardError).toBeCloseTo(7.81024967590665, 12);
    expect(r.marginOfError).toBeCloseTo(15.3078080750427, 10);
    expect(r.interval!.lower).toBeCloseTo(30 - 15.3078080750427, 10);
    expect(r.interval!.upper).toBeCloseTo(30 + 15.3078080750427, 10);
  });

  it('gives the same answer for scores, records and counts', () => {
    const scores = [10, 3, 9, 7, 8, 1];
    const a = value(nps(scores));
    const b = value(nps(scores.map((s) => ({ score: s }))));
    const c = value(nps(Uint8Array.from(scores)));
    const d = value(nps({ promoters: 2, passives: 2, detractors: 2 }));
    expect(b).toEqual(a);
    expect(c).toEqual(a);
    expect(d).toEqual(a);
  });

  it('filters records by kind and period', () => {
    const march = monthPeriod('2026-03-01');
    const rs = [
      { score: 10, kind: 'nps', answeredAt: new Date('2026-03-05T00:00:00Z') },
      { score: 0, kind: 'nps', answeredAt: new Date('2026-04-01T00:00:00Z') }, // end is exclusive
      { score: 1, kind: 'csat', answeredAt: new Date('2026-03-05T00:00:00Z') },
    ];
    expect(value(nps(rs, { period: march }))).toMatchObject({ total: 1, score: 100 });
    expect(value(nps(rs))).toMatchObject({ total: 2, score: 0 });
  });

  it('gives score null and total 0 for empty input', () => {
    const r = value(nps([]));
    expect(r).toMatchObject({ score: null, total: 0, marginOfError: null, interval: null, promoterShare: null });
  });

  it('rejects out-of-scale scores naming the index and the range', () => {
    expect(expectInvalid(nps([10, 11]), [1])).toMatch(/0\.\.10/);
    expectInvalid(nps([10, 7.5]), [1]);
    expectInvalid(nps([-1]), [0]);
    expectInvalid(nps([Number.NaN]), [0]);
    expectInvalid(nps([{ score: 12 }]), [0, 'score']);
    expectInvalid(nps({ promoters: -1, passives: 0, detractors: 0 }), ['promoters']);
    expectInvalid(nps({ promoters: 1.5, passives: 0, detractors: 0 }), ['promoters']);
    expectInvalid(nps([9], { confidence: 1 }), ['options', 'confidence']);
    expectInvalid(nps([{ score: 9 }], { period: { start: new Date('2026-02-01'), end: new Date('2026-01-01') } }), [
      'options',
      'period',
    ]);
    expectInvalid(nps([{ score: 9 }], { period: monthPeriod('2026-01-01') }), [0, 'answeredAt']);
  });

  it('properties: score in [−100, 100], equals 100 × (promoterShare − detractorShare), input unchanged', () => {
    fc.assert(
      fc.property(fc.array(score, { minLength: 1, maxLength: 200 }), (scores) => {
        const copy = scores.slice();
        const r = value(nps(scores));
        expect(scores).toEqual(copy);
        expect(r.score!).toBeGreaterThanOrEqual(-100);
        expect(r.score!).toBeLessThanOrEqual(100);
        expect(r.score!).toBeCloseTo(100 * (r.promoterShare! - r.detractorShare!), 9);
        expect(r.promoters + r.passives + r.detractors).toBe(scores.length);
        expect(r.interval!.lower).toBeLessThanOrEqual(r.score!);
        expect(r.interval!.upper).toBeGreaterThanOrEqual(r.score!);
        expectFinite(r);
        expect(Object.isFrozen(r)).toBe(true);
      }),
    );
  });
});

describe('npsBy', () => {
  it('groups by a field, sorted, null last', () => {
    const groups = value(
      npsBy(
        [
          { score: 10, touchpoint: 'support' },
          { score: 2, touchpoint: 'billing' },
          { score: 9, touchpoint: null },
          { score: 0, touchpoint: 'support' },
        ],
        'touchpoint',
      ),
    );
    expect(groups.map((g) => [g.key, g.nps.score, g.nps.total])).toEqual([
      ['billing', -100, 1],
      ['support', 0, 2],
      [null, 100, 1],
    ]);
  });
  it('groups by a function and reports the index of a bad record', () => {
    const rs = [
      { score: 9, seg: 'a' },
      { score: 42, seg: 'b' },
    ];
    expectInvalid(
      npsBy(rs, (r) => r.seg),
      [1, 'score'],
    );
    expect(value(npsBy([], 'touchpoint'))).toEqual([]);
  });
  it('property: group totals add up to the overall NPS counts', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ score, touchpoint: fc.constantFrom('a', 'b', 'c', null) }), { maxLength: 100 }),
        (rs) => {
          const groups = value(npsBy(rs, 'touchpoint'));
          const all = value(nps(rs));
          expect(groups.reduce((s, g) => s + g.nps.promoters, 0)).toBe(all.promoters);
          expect(groups.reduce((s, g) => s + g.nps.total, 0)).toBe(all.total);
        },
      ),
    );
  });
});

describe('npsChange', () => {
  it('matches a two-sample z test (R: a <- c(rep(1,40),rep(0,30),rep(-1,30)); b <- c(rep(1,55),rep(0,25),rep(-1,20)); z = 2.17803420934516, p = 0.0294034899765896)', () => {
    const r = value(
      npsChange({ promoters: 40, passives: 30, detractors: 30 }, { promoters: 55, passives: 25, detractors: 20 }),
    );
    expect(r.difference).toBeCloseTo(25, 10);
    expect(r.z!).toBeCloseTo(2.17803420934516, 10);
    expect(r.pValue!).toBeCloseTo(0.0294034899765896, 12);
    expect(r.significant).toBe(true);
  });
  it('is not significant for identical samples, and null when a sample is empty or has no variance', () => {
    const same = value(npsChange([9, 5, 7], [9, 5, 7]));
    expect(same.pValue).toBe(1);
    expect(same.significant).toBe(false);
    expect(value(npsChange([], [9]))).toMatchObject({ difference: null, pValue: null, significant: false });
    expect(value(npsChange([10, 10], [9, 9]))).toMatchObject({ difference: 0, z: null, pValue: null });
  });
  it('prefixes the path of bad input', () => {
    expectInvalid(npsChange([9], [11]), ['after', 0]);
    expectInvalid(npsChange({ promoters: -2, passives: 0, detractors: 0 }, [1]), ['before', 'promoters']);
  });
  it('property: antisymmetric difference, p in [0, 1]', () => {
    fc.assert(
      fc.property(
        fc.array(score, { minLength: 1, maxLength: 50 }),
        fc.array(score, { minLength: 1, maxLength: 50 }),
        (a, b) => {
          const x = value(npsChange(a, b));
          const y = value(npsChange(b, a));
          expect(x.difference!).toBeCloseTo(-y.difference!, 9);
          if (x.pValue !== null) {
            expect(x.pValue).toBeGreaterThanOrEqual(0);
            expect(x.pValue).toBeLessThanOrEqual(1);
            expect(x.pValue).toBeCloseTo(y.pValue!, 12);
          }
          expectFinite(x);
        },
      ),
    );
  });
});

describe('ces', () => {
  const ys = [7, 6, 5, 2, 7, 7, 4, 3, 6, 5];
  it('mean with a normal-approximation interval (R: y <- c(7,6,5,2,7,7,4,3,6,5); mean(y) + c(-1,1)*qnorm(0.975)*sd(y)/sqrt(10))', () => {
    const r = value(ces(ys));
    expect(r.score).toBeCloseTo(5.2, 12);
    expect(r.standardDeviation!).toBeCloseTo(1.75119007154183, 12);
    expect(r.interval!.lower).toBeCloseTo(4.11462109303731, 10);
    expect(r.interval!.upper).toBeCloseTo(6.28537890696269, 10);
  });
  it('percent agree (5–7) with a Wilson interval (R: prop.test(7, 10, correct = FALSE)$conf.int = 0.396778147461145 0.892208732593699)', () => {
    const r = value(ces(ys, { method: 'percentAgree' }));
    expect(r.score).toBeCloseTo(70, 10);
    expect(r.agree).toBe(7);
    expect(r.interval!.lower).toBeCloseTo(39.6778147461145, 9);
    expect(r.interval!.upper).toBeCloseTo(89.2208732593699, 9);
  });
  it('5-point scale: agree is 4–5; counts per point give the same answer', () => {
    expect(value(ces([4, 5, 3, 1], { scale: 5, method: 'percentAgree' })).score).toBe(50);
    expect(value(ces({ counts: [1, 0, 1, 1, 1] }, { scale: 5 }))).toEqual(value(ces([4, 5, 3, 1], { scale: 5 })));
  });
  it('bad and empty input', () => {
    expect(expectInvalid(ces([7, 8]), [1])).toMatch(/1\.\.7/);
    expectInvalid(ces([6], { scale: 5 }), [0]);
    expectInvalid(ces([0]), [0]);
    expectInvalid(ces([5], { scale: 6 as 7 }), ['options', 'scale']);
    expectInvalid(ces({ counts: [1, 2] }), ['counts']);
    expect(value(ces([]))).toMatchObject({ score: null, mean: null, interval: null, total: 0 });
    expect(value(ces([6])).interval).toBeNull();
  });
  it('property: mean within the scale, share within [0, 1]', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 100 }), (xs) => {
        const r = value(ces(xs));
        expect(r.mean!).toBeGreaterThanOrEqual(1);
        expect(r.mean!).toBeLessThanOrEqual(7);
        expect(r.agreeShare!).toBeGreaterThanOrEqual(0);
        expect(r.agreeShare!).toBeLessThanOrEqual(1);
        expectFinite(r);
      }),
    );
  });
  it('the interval of the mean is mean ± marginOfError clamped to [1, scale], as documented (issue 11 §6)', () => {
    // [1, 7]: mean 4, s = √18, z·s/√2 = 5.8799 ⇒ [−1.88, 9.88] before the clamp.
    const r = value(ces([1, 7]));
    expect(r.marginOfError!).toBeCloseTo(1.959963984540054 * 3, 12);
    expect(r.interval).toEqual({ lower: 1, upper: 7, confidence: 0.95 });
    fc.assert(
      fc.property(
        fc.constantFrom<5 | 7>(5, 7),
        fc.array(fc.integer({ min: 0, max: 6 }), { minLength: 2, maxLength: 60 }),
        (scale, raw) => {
          const xs = raw.map((x) => 1 + (x % scale));
          const c = value(ces(xs, { scale }));
          if (c.standardDeviation === null) return;
          // The unclamped interval is the normal-based interval of a mean (Wasserman 2004 §6.3.2).
          expect(c.marginOfError!).toBeCloseTo((1.959963984540054 * c.standardDeviation) / Math.sqrt(xs.length), 12);
          expect(c.interval!.lower).toBe(Math.max(1, c.mean! - c.marginOfError!));
          expect(c.interval!.upper).toBe(Math.min(scale, c.mean! + c.marginOfError!));
        },
      ),
    );
    expect(value(ces([6, 7], { method: 'percentAgree' })).marginOfError).toBeNull();
  });
});

describe('csat', () => {
  it('top-2-box share on 1–5 by default (R: prop.test(40, 100, correct = FALSE)$conf.int = 0.309401286432459 0.497997413208938)', () => {
    const r = value(csat({ counts: [10, 20, 30, 25, 15] }));
    expect(r.score).toBeCloseTo(40, 12);
    expect(r.satisfied).toBe(40);
    expect(r.mean).toBeCloseTo((10 + 40 + 90 + 100 + 75) / 100, 12);
    expect(r.interval!.lower).toBeCloseTo(30.9401286432459, 9);
    expect(r.interval!.upper).toBeCloseTo(49.7997413208938, 9);
  });
  it('honours satisfiedFrom and scale', () => {
    expect(value(csat([5, 4, 3, 1], { satisfiedFrom: 5 })).score).toBe(25);
    expect(value(csat([10, 9, 2], { scale: 10, satisfiedFrom: 9 })).score).toBeCloseTo(200 / 3, 10);
  });
  it('bad and empty input', () => {
    expectInvalid(csat([6]), [0]);
    expectInvalid(csat([3], { satisfiedFrom: 6 }), ['options', 'satisfiedFrom']);
    expectInvalid(csat({ counts: [1, -1, 0, 0, 0] }), ['counts', 1]);
    expect(value(csat([]))).toMatchObject({ score: null, total: 0, interval: null });
  });
});

describe('survey accumulators', () => {
  it('NPS: merging any partition equals one pass (property), including JSON round trips', () => {
    fc.assert(
      fc.property(fc.array(score, { maxLength: 120 }), fc.array(fc.nat(), { maxLength: 5 }), (scores, cuts) => {
        const bounds = [
          0,
          ...cuts.map((c) => (scores.length === 0 ? 0 : c % (scores.length + 1))).sort((a, b) => a - b),
          scores.length,
        ];
        const acc = createNpsAccumulator();
        for (let i = 0; i + 1 < bounds.length; i++) {
          const part = createNpsAccumulator().addAll(scores.slice(bounds[i], bounds[i + 1]));
          acc.merge(value(npsAccumulatorFromJSON(JSON.stringify(part))));
        }
        expect(value(acc.result())).toEqual(value(nps(scores)));
        expect(acc.count).toBe(scores.length);
      }),
    );
  });
  it('NPS: an invalid item is reported at its position in the concatenated stream', () => {
    const a = createNpsAccumulator().add(9).add(10);
    const b = createNpsAccumulator().add(5).add(11);
    expectInvalid(a.merge(b).result(), [3]);
    expectInvalid(nps([9, 10, 5, 11]), [3]);
  });
  it('CES and CSAT: merging partitions equals one pass (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 7 }), { maxLength: 80 }), fc.nat(), (xs, cut) => {
        const k = xs.length === 0 ? 0 : cut % (xs.length + 1);
        const c = createCesAccumulator({ method: 'percentAgree' })
          .addAll(xs.slice(0, k))
          .merge(createCesAccumulator({ method: 'percentAgree' }).addAll(xs.slice(k)));
        expect(value(c.result())).toEqual(value(ces(xs, { method: 'percentAgree' })));
        const ys = xs.map((x) => Math.min(5, x));
        const s = createCsatAccumulator()
          .addAll(ys.slice(0, k))
          .merge(createCsatAccumulator().addAll(ys.slice(k)).toJSON());
        expect(value(s.result())).toEqual(value(csat(ys)));
      }),
    );
  });
  it('addAll on an array (fast path) leaves the same state as adding item by item, valid or not (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(score, fc.constant(11), fc.constant(2.5)), { maxLength: 60 }), (xs) => {
        const bulk = createNpsAccumulator().addAll(xs);
        const one = createNpsAccumulator();
        for (const x of xs) one.add(x);
        expect(bulk.toJSON()).toEqual(one.toJSON());
        const c = createCsatAccumulator().addAll(xs);
        const d = createCsatAccumulator();
        for (const x of xs) d.add(x);
        expect(c.toJSON()).toEqual(d.toJSON());
      }),
    );
    expect(
      value(
        createNpsAccumulator()
          .addAll([9, { score: 10 }, { score: 1, kind: 'csat' }])
          .result(),
      ).total,
    ).toBe(2);
  });
  it('refuses to merge different options or malformed state', () => {
    expect(() => createCesAccumulator({ scale: 7 }).merge(createCesAccumulator({ scale: 5 }) as never)).toThrow(
      /options/,
    );
    expectInvalid(
      npsAccumulatorFromJSON({
        kind: 'nps',
        version: 1,
        count: 1,
        firstInvalid: null,
        options: { confidence: 0.95 },
        data: [1, -1, 0],
      }),
      ['data', 1],
    );
    expectInvalid(npsAccumulatorFromJSON({ kind: 'ces' }), ['kind']);
    expectInvalid(npsAccumulatorFromJSON('not json'), []);
  });
});

describe('npsBy on input of the wrong shape', () => {
  it('refuses a non-array and a key that is neither a field name nor a function, as a Result', () => {
    expectInvalid(npsBy(null as never, 'channel' as never), []);
    expectInvalid(npsBy([{ score: 9, channel: 'web' }], { toString: null } as never), ['key']);
    // A key value that is not a string, number, boolean or bigint is refused (its text would be
    // meaningless or depend on the runtime), as a Result naming the record and the field.
    expect(
      expectInvalid(npsBy([{ score: 9, channel: { toString: null } }] as never, 'channel' as never), [0, 'channel']),
    ).toMatch(/key function/);
  });
});
