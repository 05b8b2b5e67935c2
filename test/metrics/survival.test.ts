import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  createKaplanMeierAccumulator,
  createLogRankAccumulator,
  kaplanMeier,
  kaplanMeierAccumulatorFromJSON,
  logRankAccumulatorFromJSON,
  logRankTest,
  type EventIndicator,
  type LogRankObservation,
} from '../../src/metrics/index.js';
import { expectInvalid, value } from './_helpers.js';

// The aml data set of R's survival package (Miller 1981): time, status, group.
const AML_TIME = [9, 13, 13, 18, 23, 28, 31, 34, 45, 48, 161, 5, 5, 8, 8, 12, 16, 23, 27, 30, 33, 43, 45];
const AML_STATUS: EventIndicator[] = [1, 1, 0, 1, 1, 0, 1, 1, 0, 1, 0, 1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1];
// The lung data set of R's survival package (NCCTG lung cancer), status recoded as status - 1.
const LUNG_TIME = [
  306, 455, 1010, 210, 883, 1022, 310, 361, 218, 166, 170, 654, 728, 71, 567, 144, 613, 707, 61, 88, 301, 81, 624, 371,
  394, 520, 574, 118, 390, 12, 473, 26, 533, 107, 53, 122, 814, 965, 93, 731, 460, 153, 433, 145, 583, 95, 303, 519,
  643, 765, 735, 189, 53, 246, 689, 65, 5, 132, 687, 345, 444, 223, 175, 60, 163, 65, 208, 821, 428, 230, 840, 305, 11,
  132, 226, 426, 705, 363, 11, 176, 791, 95, 196, 167, 806, 284, 641, 147, 740, 163, 655, 239, 88, 245, 588, 30, 179,
  310, 477, 166, 559, 450, 364, 107, 177, 156, 529, 11, 429, 351, 15, 181, 283, 201, 524, 13, 212, 524, 288, 363, 442,
  199, 550, 54, 558, 207, 92, 60, 551, 543, 293, 202, 353, 511, 267, 511, 371, 387, 457, 337, 201, 404, 222, 62, 458,
  356, 353, 163, 31, 340, 229, 444, 315, 182, 156, 329, 364, 291, 179, 376, 384, 268, 292, 142, 413, 266, 194, 320, 181,
  285, 301, 348, 197, 382, 303, 296, 180, 186, 145, 269, 300, 284, 350, 272, 292, 332, 285, 259, 110, 286, 270, 81, 131,
  225, 269, 225, 243, 279, 276, 135, 79, 59, 240, 202, 235, 105, 224, 239, 237, 173, 252, 221, 185, 92, 13, 222, 192,
  183, 211, 175, 197, 203, 116, 188, 191, 105, 174, 177,
];
const LUNG_STATUS = [
  1, 1, 0, 1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1,
  1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 0, 1, 1, 1, 1, 1, 1, 1,
  1, 1, 1, 1, 0, 1, 0, 1, 1, 1, 0, 1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
  1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 1, 1, 1, 0, 1, 0, 1, 1, 1, 1, 1, 0, 1, 1, 0, 0, 1, 1, 1, 1, 1, 0, 0, 1, 1, 1,
  0, 1, 1, 0, 0, 1, 0, 1, 0, 0, 1, 1, 1, 1, 0, 1, 1, 0, 0, 0, 1, 1, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 1, 1, 1, 1, 1, 0, 1,
  0, 0, 0, 0, 1, 1, 1, 0, 0, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0, 1, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0,
] as EventIndicator[];
const LUNG_SEX = [
  1, 1, 1, 1, 1, 1, 2, 2, 1, 1, 1, 2, 2, 1, 1, 1, 1, 1, 2, 1, 1, 2, 1, 1, 1, 2, 1, 1, 1, 1, 2, 1, 1, 2, 1, 2, 1, 2, 1,
  2, 1, 2, 2, 2, 1, 2, 1, 1, 1, 2, 2, 1, 1, 1, 1, 1, 2, 1, 2, 2, 2, 1, 1, 2, 1, 1, 2, 2, 1, 1, 1, 2, 1, 1, 2, 2, 2, 2,
  1, 1, 1, 1, 1, 2, 1, 1, 2, 1, 2, 1, 1, 1, 1, 2, 2, 1, 1, 1, 1, 2, 2, 2, 1, 1, 1, 1, 2, 1, 1, 2, 1, 1, 1, 2, 2, 1, 1,
  1, 1, 1, 1, 2, 2, 1, 1, 1, 1, 1, 2, 2, 2, 1, 1, 2, 1, 2, 2, 1, 1, 1, 2, 1, 1, 2, 1, 2, 1, 1, 1, 2, 1, 1, 2, 2, 1, 1,
  2, 1, 1, 2, 2, 2, 1, 1, 1, 2, 2, 1, 1, 1, 1, 2, 1, 2, 1, 2, 1, 2, 2, 2, 1, 1, 2, 2, 2, 2, 2, 1, 1, 1, 1, 1, 1, 1, 1,
  1, 2, 1, 2, 1, 2, 1, 2, 2, 2, 1, 2, 2, 1, 2, 2, 1, 1, 2, 1, 1, 2, 1, 2, 2, 1, 2, 1, 1, 1, 2, 1, 2,
];

describe('kaplanMeier', () => {
  it('matches R on aml: summary(survfit(Surv(time, status) ~ 1, data = aml, conf.type = "log-log"))', () => {
    // time n.risk n.event surv std.err lower upper (R 4.x, survival 3.5-3)
    const R = [
      [5, 23, 2, 0.91304347826, 0.05875338476, 0.694947537532, 0.9775156699],
      [8, 21, 2, 0.82608695652, 0.07903419645, 0.600610411237, 0.9309035584],
      [9, 19, 1, 0.78260869565, 0.0860061487, 0.554211506669, 0.9032074899],
      [12, 18, 1, 0.73913043478, 0.09156053715, 0.509209438754, 0.8733757817],
      [13, 17, 1, 0.69565217391, 0.09594387554, 0.465641749762, 0.8417212914],
      [18, 14, 1, 0.64596273292, 0.10114267518, 0.413952950717, 0.8053077645],
      [23, 13, 2, 0.54658385093, 0.10725064174, 0.319250413971, 0.7264491738],
      [27, 11, 1, 0.49689440994, 0.10840178079, 0.275565628012, 0.6842137884],
      [30, 9, 1, 0.44168391994, 0.10951806998, 0.227381168463, 0.6370926875],
      [31, 8, 1, 0.38647342995, 0.10885880149, 0.182836618649, 0.5874769144],
      [33, 7, 1, 0.33126293996, 0.10639097289, 0.141825693482, 0.53527379],
      [34, 6, 1, 0.27605244997, 0.10198337609, 0.104441343234, 0.4802846604],
      [43, 5, 1, 0.22084195997, 0.09536743849, 0.070996648983, 0.4221674434],
      [45, 4, 1, 0.16563146998, 0.08603520841, 0.042114281262, 0.3603613603],
      [48, 2, 1, 0.08281573499, 0.0726618005, 0.006955966799, 0.286760368],
    ];
    const km = value(kaplanMeier(AML_TIME, AML_STATUS));
    expect(km.rows).toHaveLength(R.length);
    km.rows.forEach((row, i) => {
      const [t, n, d, s, se, lo, hi] = R[i]!;
      expect(row.time).toBe(t);
      expect(row.atRisk).toBe(n);
      expect(row.events).toBe(d);
      expect(row.survival).toBeCloseTo(s!, 10);
      expect(row.stdErr!).toBeCloseTo(se!, 10);
      expect(row.lower!).toBeCloseTo(lo!, 9);
      expect(row.upper!).toBeCloseTo(hi!, 9);
    });
    // print(survfit(...)): n 23, events 18, median 27, 0.95LCL 13, 0.95UCL 34
    expect(km).toMatchObject({ total: 23, events: 18, median: 27, medianInterval: { lower: 13, upper: 34 } });
  });

  it('matches R on the Maintained arm of aml: median 31, 0.95LCL 13, 0.95UCL NA', () => {
    const km = value(kaplanMeier(AML_TIME.slice(0, 11), AML_STATUS.slice(0, 11)));
    const R = [0.9090909091, 0.8181818182, 0.7159090909, 0.6136363636, 0.4909090909, 0.3681818182, 0.1840909091];
    expect(km.rows).toHaveLength(R.length);
    km.rows.forEach((r, i) => expect(r.survival).toBeCloseTo(R[i]!, 9));
    expect(km.rows[6]!.stdErr!).toBeCloseTo(0.1534927458, 9);
    expect(km.median).toBe(31);
    expect(km.medianInterval).toMatchObject({ lower: 13, upper: null });
  });

  it('matches R on lung: median 310 (284, 361); summary(fit, times = c(100, 365, 700))', () => {
    const km = value(kaplanMeier(LUNG_TIME, LUNG_STATUS));
    expect(km).toMatchObject({ total: 228, events: 165, median: 310, medianInterval: { lower: 284, upper: 361 } });
    expect(km.survivalAt(100)!).toBeCloseTo(0.8639689676, 9);
    expect(km.survivalAt(365)!).toBeCloseTo(0.4092416245, 9);
    expect(km.survivalAt(700)!).toBeCloseTo(0.1423915057, 9);
    const at365 = km.rows.filter((r) => r.time <= 365).at(-1)!;
    expect(at365.stdErr!).toBeCloseTo(0.03582363817, 9);
    expect(at365.lower!).toBeCloseTo(0.33871426909, 9);
    expect(at365.upper!).toBeCloseTo(0.4783807676, 9);
  });

  it('median midpoint rule and zero survival (R: survfit(Surv(c(1,2,3,4), rep(1,4)) ~ 1) median 2.5; Surv(c(1,2,2,3), c(1,1,0,1)) gives NaN se at S = 0)', () => {
    expect(value(kaplanMeier([1, 2, 3, 4], [1, 1, 1, 1])).median).toBe(2.5);
    const km = value(kaplanMeier([1, 2, 2, 3], [1, 1, 0, 1]));
    expect(km.median).toBe(2.5);
    expect(km.rows[1]!.stdErr).toBeCloseTo(0.25, 12);
    expect(km.rows[1]!.lower!).toBeCloseTo(0.05784708, 8);
    expect(km.rows[2]).toMatchObject({ survival: 0, stdErr: null, lower: null, upper: null });
  });

  it('survivalAt is the step function: 1 before the first event, null beyond follow-up', () => {
    const km = value(kaplanMeier([9, 13, 13, 18], [1, 1, 0, 1]));
    expect(km.survivalAt(0)).toBe(1);
    expect(km.survivalAt(9)).toBe(0.75);
    expect(km.survivalAt(15)).toBe(0.5);
    expect(km.survivalAt(18)).toBe(0);
    expect(km.survivalAt(19)).toBeNull();
  });

  it('censorings: one frozen list, the same on every read, in time order; on both the counted and the sorted path', () => {
    // 5,000 fractional durations take the radix-sorted path; whole days the counted one.
    let x = 7;
    const next = () => (x = (x * 48271) % 2147483647) / 2147483647;
    const fractional = Array.from({ length: 5000 }, () => next() * 100);
    const days = fractional.map(Math.floor);
    const events = fractional.map(() => (next() < 0.6 ? 1 : 0) as 0 | 1);
    for (const ds of [fractional, days]) {
      const km = value(kaplanMeier(ds, events));
      const first = km.censorings;
      expect(km.censorings).toBe(first);
      expect(Object.isFrozen(first)).toBe(true);
      const counts = new Map<number, number>();
      ds.forEach((d, i) => events[i] === 0 && counts.set(d, (counts.get(d) ?? 0) + 1));
      const expected = [...counts].sort((a, b) => a[0] - b[0]).map(([time, count]) => ({ time, count }));
      expect(first).toEqual(expected);
    }
  });
  it('empty and bad input', () => {
    const km = value(kaplanMeier([], []));
    expect(km).toMatchObject({ rows: [], total: 0, median: null });
    expect(km.survivalAt(1)).toBeNull();
    expectInvalid(kaplanMeier([1, 2], [1]), ['events']);
    expectInvalid(kaplanMeier([1, -2], [1, 1]), ['durations', 1]);
    expectInvalid(kaplanMeier([1, Number.POSITIVE_INFINITY], [1, 1]), ['durations', 1]);
    expectInvalid(kaplanMeier([1, 2], [1, 2 as 1]), ['events', 1]);
  });

  it('properties: survival non-increasing in [0, 1], intervals contain it, at-risk decreasing', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 50 }), fc.boolean()), { maxLength: 80 }), (xs) => {
        const km = value(
          kaplanMeier(
            xs.map((x) => x[0]),
            xs.map((x) => x[1]),
          ),
        );
        let prev = 1;
        let prevN = Infinity;
        for (const r of km.rows) {
          expect(r.survival).toBeLessThanOrEqual(prev);
          expect(r.survival).toBeGreaterThanOrEqual(0);
          expect(r.atRisk).toBeLessThan(prevN);
          if (r.lower !== null) {
            expect(r.lower).toBeLessThanOrEqual(r.survival + 1e-12);
            expect(r.upper!).toBeGreaterThanOrEqual(r.survival - 1e-12);
          }
          prev = r.survival;
          prevN = r.atRisk;
        }
        expect(km.events).toBe(xs.filter((x) => x[1]).length);
      }),
    );
  });
});

describe('logRankTest', () => {
  it('matches R on aml: survdiff(Surv(time, status) ~ x, data = aml) — chisq 3.39638869898, p 0.0653393220405, expected 10.68934 / 7.31066', () => {
    const r = value(
      logRankTest(
        { durations: AML_TIME.slice(0, 11), events: AML_STATUS.slice(0, 11) },
        { durations: AML_TIME.slice(11), events: AML_STATUS.slice(11) },
      ),
    );
    expect(r.chiSquare!).toBeCloseTo(3.39638869898, 10);
    expect(r.pValue!).toBeCloseTo(0.0653393220405, 12);
    expect(r.observed).toEqual([7, 11]);
    expect(r.expected[0]).toBeCloseTo(10.68934, 5);
    expect(r.expected[1]).toBeCloseTo(7.31066, 5);
  });
  it('matches R on lung by sex: survdiff(Surv(time, status) ~ sex, data = lung) — chisq 10.3267419549, O 112/53, E 91.5817390296, V 40.3714339796', () => {
    const pick = (s: number) =>
      LUNG_TIME.map((t, i) => [t, LUNG_STATUS[i]!, LUNG_SEX[i]!] as const).filter((x) => x[2] === s);
    const a = pick(1);
    const b = pick(2);
    const r = value(
      logRankTest(
        { durations: a.map((x) => x[0]), events: a.map((x) => x[1]) },
        { durations: b.map((x) => x[0]), events: b.map((x) => x[1]) },
      ),
    );
    expect(r.chiSquare!).toBeCloseTo(10.3267419549, 9);
    expect(r.observed).toEqual([112, 53]);
    expect(r.expected[0]).toBeCloseTo(91.5817390296, 9);
    expect(r.variance).toBeCloseTo(40.3714339796, 9);
  });
  it('is symmetric and null without variance; bad input prefixed', () => {
    const a = { durations: [1, 2, 3], events: [1, 0, 1] as EventIndicator[] };
    const b = { durations: [2, 4], events: [1, 1] as EventIndicator[] };
    expect(value(logRankTest(a, b)).chiSquare!).toBeCloseTo(value(logRankTest(b, a)).chiSquare!, 12);
    expect(value(logRankTest({ durations: [1], events: [0] }, { durations: [2], events: [0] }))).toMatchObject({
      chiSquare: null,
      pValue: null,
    });
    expectInvalid(logRankTest(a, { durations: [1], events: [3 as 1] }), ['groupB', 'events', 0]);
  });
});

describe('Kaplan–Meier accumulator', () => {
  it('merging any partition equals one pass (property), through JSON', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 40 }), fc.boolean()), { maxLength: 80 }),
        fc.nat(),
        (xs, cut) => {
          const obs = xs.map(([duration, event]) => ({ duration, event }));
          const k = obs.length === 0 ? 0 : cut % (obs.length + 1);
          const acc = createKaplanMeierAccumulator().addAll(obs.slice(0, k));
          acc.merge(
            value(kaplanMeierAccumulatorFromJSON(JSON.stringify(createKaplanMeierAccumulator().addAll(obs.slice(k))))),
          );
          const a = value(acc.result());
          const b = value(
            kaplanMeier(
              xs.map((x) => x[0]),
              xs.map((x) => x[1]),
            ),
          );
          expect({ ...a, survivalAt: null }).toEqual({ ...b, survivalAt: null });
          expect(a.survivalAt(20)).toBe(b.survivalAt(20));
        },
      ),
    );
  });
  it('reproduces R on aml when fed observation by observation', () => {
    const acc = createKaplanMeierAccumulator();
    AML_TIME.forEach((t, i) => acc.add({ duration: t, event: AML_STATUS[i]! }));
    expect(value(acc.result())).toMatchObject({ median: 27, medianInterval: { lower: 13, upper: 34 } });
  });
  it('reports a bad observation by position', () => {
    expectInvalid(
      createKaplanMeierAccumulator().add({ duration: 1, event: 1 }).add({ duration: -1, event: 0 }).result(),
      [1, 'duration'],
    );
    expectInvalid(
      createKaplanMeierAccumulator()
        .add({ duration: 1, event: 5 as 1 })
        .result(),
      [0, 'event'],
    );
  });
});

// The accumulator of logRankTest. Property: merging any partition, through JSON, equals one pass.
const observation: fc.Arbitrary<LogRankObservation> = fc.record({
  group: fc.constantFrom('A' as const, 'B' as const),
  duration: fc.integer({ min: 0, max: 30 }),
  event: fc.constantFrom(0 as const, 1 as const, true, false),
});

describe('log-rank accumulator', () => {
  it('merging any partition equals logRankTest of the two groups (property), through JSON', () => {
    fc.assert(
      fc.property(fc.array(observation, { maxLength: 80 }), fc.nat(), (xs, n) => {
        const k = xs.length === 0 ? 0 : n % (xs.length + 1);
        const acc = createLogRankAccumulator().addAll(xs.slice(0, k));
        acc.merge(value(logRankAccumulatorFromJSON(JSON.stringify(createLogRankAccumulator().addAll(xs.slice(k))))));
        const sample = (g: 'A' | 'B') => ({
          durations: xs.filter((x) => x.group === g).map((x) => x.duration),
          events: xs.filter((x) => x.group === g).map((x) => x.event),
        });
        expect(value(acc.result())).toEqual(value(logRankTest(sample('A'), sample('B'))));
      }),
    );
  });

  it('matches R survdiff on aml when fed one subject at a time (chisq 3.39638869898, expected 10.68934 / 7.31066)', () => {
    const acc = createLogRankAccumulator();
    AML_TIME.forEach((duration, i) => acc.add({ group: i < 11 ? 'A' : 'B', duration, event: AML_STATUS[i]! }));
    const r = value(acc.result());
    expect(r.chiSquare!).toBeCloseTo(3.39638869898, 10);
    expect(r.observed).toEqual([7, 11]);
    expect(r.expected[0]).toBeCloseTo(10.68934, 5);
  });

  it('reports a bad observation by position; refuses a malformed state', () => {
    expectInvalid(
      createLogRankAccumulator()
        .add({ group: 'A', duration: 1, event: 1 })
        .add({ group: 'C' as 'A', duration: 1, event: 1 })
        .result(),
      [1, 'group'],
    );
    expectInvalid(createLogRankAccumulator().add({ group: 'B', duration: -1, event: 1 }).result(), [0, 'duration']);
    expect(
      logRankAccumulatorFromJSON({
        kind: 'log_rank',
        version: 1,
        count: 1,
        firstInvalid: null,
        options: {},
        data: { A: [[1, -1, 0]], B: [] },
      }).ok,
    ).toBe(false);
  });
});
