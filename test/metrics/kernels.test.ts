// Issue 20: the Kaplan–Meier and churn kernels are rewritten for speed (typed arrays sorted natively,
// ties grouped in one pass, integer durations counted; one getTime() per Date and integer-millisecond
// comparisons for churn). Their results must not change, bit for bit. The oracle below is a frozen copy
// of the implementations before the rewrite (src/metrics/survival.ts and retention.ts at f2d25f3),
// pasted verbatim except for types and helpers they imported.
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  churnRate,
  createKaplanMeierAccumulator,
  kaplanMeier,
  logRankTest,
  retentionRate,
  type EventIndicator,
  type KaplanMeierResult,
  type KaplanMeierRow,
  type LogRankResult,
  type SubscriptionSpan,
} from '../../src/metrics/index.js';
import { chiSquare1Sf, normalCriticalValue } from '../../src/math/normal.js';
import type { Period } from '../../src/time/period.js';
import { value } from './_helpers.js';
import { classifyPartitioned } from '../../src/metrics/_classifySubscriptions.js';
import { countPartitioned, hashId, partitionOf } from '../../src/metrics/_accountFlagsPartitioned.js';

// ---- frozen oracle (do not edit) ---------------------------------------------------------------
type TimeCountsO = { times: number[]; events: number[]; censored: number[] };
function isValidDate(d: unknown): d is Date {
  return d instanceof Date && Number.isFinite(d.getTime());
}

function tabulate(durations: readonly number[], events: readonly EventIndicator[]): TimeCountsO {
  const order = Array.from(durations.keys()).sort((a, b) => durations[a]! - durations[b]!);
  const out: TimeCountsO = { times: [], events: [], censored: [] };
  for (const i of order) {
    const t = durations[i]!;
    const k = out.times.length - 1;
    if (k < 0 || out.times[k] !== t) {
      out.times.push(t);
      out.events.push(0);
      out.censored.push(0);
    }
    const j = out.times.length - 1;
    if (events[i] === true || events[i] === 1) out.events[j]!++;
    else out.censored[j]!++;
  }
  return out;
}

function medianOf(times: readonly number[], curve: readonly (number | null)[]): number | null {
  for (let i = 0; i < curve.length; i++) {
    const s = curve[i];
    if (s === null || s === undefined) return null;
    if (s <= 0.5 + 1e-12) {
      if (Math.abs(s - 0.5) <= 1e-12 && i + 1 < times.length) return (times[i]! + times[i + 1]!) / 2;
      return times[i]!;
    }
  }
  return null;
}

function kaplanMeierFromTable(tab: TimeCountsO, total: number, z: number, confidence: number): KaplanMeierResult {
  const rows: KaplanMeierRow[] = [];
  let atRisk = total;
  let s = 1;
  let greenwood = 0;
  let totalEvents = 0;
  for (let k = 0; k < tab.times.length; k++) {
    const d = tab.events[k]!;
    const c = tab.censored[k]!;
    if (d > 0) {
      totalEvents += d;
      s *= 1 - d / atRisk;
      const zero = d === atRisk || s <= 0;
      if (zero) s = 0;
      else greenwood += d / (atRisk * (atRisk - d));
      let lower: number | null = null;
      let upper: number | null = null;
      let stdErr: number | null = null;
      if (!zero) {
        const se = Math.sqrt(greenwood);
        stdErr = s * se;
        if (s < 1) {
          const ll = Math.log(-Math.log(s));
          const a = Math.exp(-Math.exp(ll + (z * se) / Math.log(s)));
          const b = Math.exp(-Math.exp(ll - (z * se) / Math.log(s)));
          lower = Math.min(a, b);
          upper = Math.max(a, b);
        }
      }
      rows.push(
        Object.freeze({ time: tab.times[k]!, atRisk, events: d, censored: c, survival: s, stdErr, lower, upper }),
      );
    }
    atRisk -= d + c;
  }
  const times = rows.map((r) => r.time);
  const maxTime = tab.times.length === 0 ? -Infinity : tab.times[tab.times.length - 1]!;
  const survivalAt = (t: number): number | null => {
    if (!Number.isFinite(t) || t > maxTime || tab.times.length === 0) return null;
    let lo = 0;
    let hi = rows.length; // first row with time > t
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (rows[mid]!.time <= t) lo = mid + 1;
      else hi = mid;
    }
    return lo === 0 ? 1 : rows[lo - 1]!.survival;
  };
  return Object.freeze({
    rows: Object.freeze(rows),
    censorings: Object.freeze(
      tab.times.flatMap((time, k) => (tab.censored[k]! > 0 ? [Object.freeze({ time, count: tab.censored[k]! })] : [])),
    ),
    total,
    events: totalEvents,
    median: medianOf(
      times,
      rows.map((r) => r.survival),
    ),
    medianInterval: Object.freeze({
      lower: medianOf(
        times,
        rows.map((r) => r.lower),
      ),
      upper: medianOf(
        times,
        rows.map((r) => r.upper),
      ),
      confidence: confidence,
    }),
    confidence: confidence,
    survivalAt,
  });
}

function logRankFromTables(a: TimeCountsO, b: TimeCountsO, sizeA: number, sizeB: number): LogRankResult {
  let nA = sizeA;
  let nB = sizeB;
  let i = 0;
  let j = 0;
  let oA = 0;
  let oB = 0;
  let eA = 0;
  let v = 0;
  while (i < a.times.length || j < b.times.length) {
    const ta = i < a.times.length ? a.times[i]! : Infinity;
    const tb = j < b.times.length ? b.times[j]! : Infinity;
    const t = Math.min(ta, tb);
    const dA = ta === t ? a.events[i]! : 0;
    const cA = ta === t ? a.censored[i]! : 0;
    const dB = tb === t ? b.events[j]! : 0;
    const cB = tb === t ? b.censored[j]! : 0;
    const n = nA + nB;
    const d = dA + dB;
    if (d > 0) {
      eA += (d * nA) / n;
      if (n > 1) v += (d * (nA / n) * (1 - nA / n) * (n - d)) / (n - 1);
    }
    oA += dA;
    oB += dB;
    nA -= dA + cA;
    nB -= dB + cB;
    if (ta === t) i++;
    if (tb === t) j++;
  }
  const eB = oA + oB - eA;
  const chi = v > 0 ? (oA - eA) ** 2 / v : null;
  return Object.freeze({
    chiSquare: chi,
    pValue: chi === null ? null : chiSquare1Sf(chi),
    degreesOfFreedom: 1 as const,
    observed: Object.freeze([oA, oB] as const),
    expected: Object.freeze([eA, eB] as const),
    variance: v,
    total: sizeA + sizeB,
  });
}

type FullCounts = { atStart: number; lost: number; acquired: number; lostAcquired: number };
function spanOk(s: SubscriptionSpan | undefined): boolean {
  if (typeof s !== 'object' || s === null) return false;
  if (typeof s.accountId !== 'string') return false;
  if (!isValidDate(s.startedAt)) return false;
  if (s.endedAt !== null && !isValidDate(s.endedAt)) return false;
  if (s.endedAt !== null && s.endedAt.getTime() < s.startedAt.getTime()) return false;
  return true;
}
function classify(
  subscriptions: readonly SubscriptionSpan[],
  period: Period,
): (FullCounts & { retained: number }) | null {
  const from = period.start.getTime();
  const to = period.end.getTime();
  // bit 1: active at start; bit 2: active at end; bit 4: a subscription started inside the period.
  const flags = new Map<string, number>();
  const n = subscriptions.length;
  for (let i = 0; i < n; i++) {
    const s = subscriptions[i]!;
    if (!spanOk(s)) return null;
    const a = s.startedAt.getTime();
    const b = s.endedAt === null ? Infinity : s.endedAt.getTime();
    let f = 0;
    if (a <= from && from < b) f |= 1;
    if (a <= to && to < b) f |= 2;
    if (a >= from && a < to) f |= 4;
    flags.set(s.accountId, (flags.get(s.accountId) ?? 0) | f);
  }
  let atStart = 0;
  let lost = 0;
  let acquired = 0;
  let lostAcquired = 0;
  for (const f of flags.values()) {
    if (f & 1) {
      atStart++;
      if (!(f & 2)) lost++;
    } else if (f & 4) {
      acquired++;
      if (!(f & 2)) lostAcquired++;
    }
  }
  return { atStart, lost, acquired, lostAcquired, retained: atStart - lost };
}

// ---- end of the oracle --------------------------------------------------------------------------

/** Canonical text of a result: numbers by their shortest round-trip text with −0 kept; functions left out. */
function bits(x: unknown): string {
  return JSON.stringify(x, (_k, v: unknown) => (typeof v === 'number' ? `#${Object.is(v, -0) ? '-0' : String(v)}` : v));
}

function oracleKaplanMeier(durations: number[], events: EventIndicator[], confidence: number): KaplanMeierResult {
  return kaplanMeierFromTable(
    tabulate(durations, events),
    durations.length,
    normalCriticalValue(confidence),
    confidence,
  );
}
function oracleLogRank(a: [number[], EventIndicator[]], b: [number[], EventIndicator[]]): LogRankResult {
  return logRankFromTables(tabulate(...a), tabulate(...b), a[0].length, b[0].length);
}

/** Points at which to compare survivalAt: every duration, midpoints, outside the range. */
function probes(durations: readonly number[]): number[] {
  const out = [-1, -0, 0, Number.NaN, Infinity];
  for (const d of durations) out.push(d, d + 0.5, d * 1.000001, d - 1e-9);
  return out;
}

const event: fc.Arbitrary<EventIndicator> = fc.constantFrom<EventIndicator>(true, false, 0, 1);
const specials = fc.constantFrom(0, -0, 0.5, 1, 1e-300, 5e-324, 2 ** 53, Number.MAX_VALUE);
/** Samples of every shape the kernel distinguishes: small integers (counted), large integers and doubles (sorted). */
const sample: fc.Arbitrary<[number[], EventIndicator[]]> = fc
  .oneof(
    fc.array(fc.integer({ min: 0, max: 40 }), { maxLength: 200, size: 'medium' }),
    fc.array(fc.oneof(fc.integer({ min: 0, max: 40 }), fc.constant(-0)), { maxLength: 60, size: 'medium' }),
    fc.array(fc.integer({ min: 0, max: 2 ** 31 }), { maxLength: 60, size: 'medium' }),
    // Sorted (not counted), with many ties.
    fc.array(fc.oneof(fc.integer({ min: 0, max: 3 }), fc.constantFrom(2 ** 31, 1e10, 0.25, -0)), {
      maxLength: 120,
      size: 'medium',
    }),
    fc.array(fc.oneof(fc.double({ min: 0, max: 1e6, noNaN: true }), specials, fc.integer({ min: 0, max: 9 })), {
      maxLength: 120,
      size: 'medium',
    }),
  )
  .chain((ds) => fc.tuple(fc.constant(ds), fc.array(event, { minLength: ds.length, maxLength: ds.length })));
const confidence = fc.oneof(fc.constant(0.95), fc.double({ min: 0.5, max: 0.999, noNaN: true }));

describe('Kaplan–Meier kernel: unchanged bit for bit against the implementation it replaced', () => {
  it('property: random samples (integer days, large integers, doubles, ±0, ties), any confidence', () => {
    fc.assert(
      fc.property(sample, confidence, ([ds, es], conf) => {
        const expected = oracleKaplanMeier(ds, es, conf);
        const got = value(kaplanMeier(ds, es, { confidence: conf }));
        expect(bits(got)).toBe(bits(expected));
        for (const t of probes(ds)) expect(Object.is(got.survivalAt(t), expected.survivalAt(t))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
  it('property: typed arrays give the same result as arrays', () => {
    fc.assert(
      fc.property(sample, ([ds, es]) => {
        const fromArrays = value(kaplanMeier(ds, es));
        const typed = value(
          kaplanMeier(Float64Array.from(ds), Uint8Array.from(es.map((e) => (e === true || e === 1 ? 1 : 0)))),
        );
        expect(bits(typed)).toBe(bits(fromArrays));
      }),
    );
  });
  it('fixed cases: a zero group keeps the sign of its first zero; one subject; all censored', () => {
    for (const [ds, es] of [
      [
        [-0, 0, 3],
        [1, 0, 1],
      ],
      [
        [0, -0, 3],
        [1, 0, 1],
      ],
      [
        [-0, 0.5, -0],
        [0, 1, 1],
      ],
      [[7], [1]],
      [
        [1, 2, 3],
        [0, 0, 0],
      ],
      [
        [2 ** 40, 1, 2 ** 40],
        [1, 1, 0],
      ],
    ] as [number[], EventIndicator[]][]) {
      expect(bits(value(kaplanMeier(ds, es)))).toBe(bits(oracleKaplanMeier(ds, es, 0.95)));
    }
  });
  it('large samples: groups cross the batches of the walk (4,096 groups) on both paths and in the accumulator', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), (seed) => {
        let x = seed;
        const next = () => (x = (x * 48271) % 2147483647) / 2147483647;
        const n = 12_000;
        const days = Array.from({ length: n }, () => Math.floor(next() * 9000));
        const doubles = Array.from({ length: n }, () => next() * 1000);
        const events = Array.from({ length: n }, () => (next() < 0.6 ? 1 : 0) as EventIndicator);
        for (const ds of [days, doubles]) {
          expect(bits(value(kaplanMeier(ds, events)))).toBe(bits(oracleKaplanMeier(ds, events, 0.95)));
          const acc = createKaplanMeierAccumulator().addAll(ds.map((duration, i) => ({ duration, event: events[i]! })));
          expect(bits(value(acc.result()))).toBe(bits(oracleKaplanMeier(ds, events, 0.95)));
        }
        expect(bits(value(logRankTest({ durations: days, events }, { durations: doubles, events })))).toBe(
          bits(oracleLogRank([days, events], [doubles, events])),
        );
      }),
      { numRuns: 3 },
    );
  });
  it('property: large samples (the radix sort, from 4,096 durations): ties, ±0, subnormals, huge values, any digits', () => {
    // Values drawn from a small pool (many ties; digits every key shares, whose passes are skipped) or
    // from the whole range of doubles ≥ 0 (every digit differs), with −0 and +0 among them.
    const pool = fc.array(fc.oneof(fc.double({ min: 0, max: Number.MAX_VALUE, noNaN: true }), specials), {
      minLength: 1,
      maxLength: 40,
    });
    fc.assert(
      fc.property(
        pool,
        fc.integer({ min: 4096, max: 9000 }),
        fc.integer({ min: 1, max: 2 ** 31 - 1 }),
        (values, n, seed) => {
          let x = seed;
          const next = () => (x = (x * 48271) % 2147483647) / 2147483647;
          const ds = Array.from({ length: n }, () => values[Math.floor(next() * values.length)]!);
          const es = Array.from({ length: n }, () => (next() < 0.6 ? 1 : 0) as EventIndicator);
          expect(bits(value(kaplanMeier(ds, es)))).toBe(bits(oracleKaplanMeier(ds, es, 0.95)));
        },
      ),
      { numRuns: 40 },
    );
  });
  it('property: the accumulator equals the one-pass function (through the same table)', () => {
    fc.assert(
      fc.property(sample, ([ds, es]) => {
        const acc = createKaplanMeierAccumulator().addAll(ds.map((duration, i) => ({ duration, event: es[i]! })));
        const a = value(acc.result());
        const b = value(kaplanMeier(ds, es));
        // The accumulator keys a Map by duration, where −0 and +0 are one key; compare with ±0 folded.
        expect(bits(a).replaceAll('#-0', '#0')).toBe(bits(b).replaceAll('#-0', '#0'));
      }),
    );
  });
  it('property: logRankTest unchanged bit for bit', () => {
    fc.assert(
      fc.property(sample, sample, (a, b) => {
        expect(bits(value(logRankTest({ durations: a[0], events: a[1] }, { durations: b[0], events: b[1] })))).toBe(
          bits(oracleLogRank(a, b)),
        );
      }),
    );
  });
  it('bad samples are still refused at the same index', () => {
    const r = kaplanMeier([1, 2, Number.NaN, -1], [1, 1, 1, 1]);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.issues[0]!.path).toEqual(['durations', 2]);
    const e = kaplanMeier([1, 2, 3], [1, 2 as 1, 1]);
    if (!e.ok) expect(e.error.issues[0]!.path).toEqual(['events', 1]);
    expect(e.ok).toBe(false);
  });
});

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 0, 1);
/** A subscription around a period starting at day 30: days −40..120, some malformed. */
const span: fc.Arbitrary<SubscriptionSpan> = fc
  .record({
    id: fc.integer({ min: 0, max: 12 }),
    start: fc.oneof(fc.integer({ min: -40, max: 120 }), fc.integer({ min: 0, max: 4 })),
    length: fc.option(fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 90 })), { nil: null }),
    ms: fc.constantFrom(0, 0, 0, 1, -1),
  })
  .map(({ id, start, length, ms }) => ({
    accountId: `acc_${id}`,
    startedAt: new Date(T0 + start * DAY + ms),
    endedAt: length === null ? null : new Date(T0 + (start + length) * DAY + Math.max(ms, 0)),
  }));
const malformed = fc.constantFrom<unknown>(
  null,
  { accountId: 7, startedAt: new Date(T0), endedAt: null },
  { accountId: 'x', startedAt: new Date(Number.NaN), endedAt: null },
  { accountId: 'x', startedAt: new Date(T0), endedAt: new Date(T0 - 1) },
  { accountId: 'x', startedAt: '2026-01-01', endedAt: null },
  { accountId: 'x', startedAt: new Date(T0), endedAt: 'never' },
);
const period: fc.Arbitrary<Period> = fc
  .tuple(fc.oneof(fc.integer({ min: 0, max: 60 }), fc.integer({ min: 0, max: 4 })), fc.integer({ min: 0, max: 60 }))
  .map(([s, len]) => ({ start: new Date(T0 + s * DAY), end: new Date(T0 + (s + len) * DAY) }));

describe('churn and retention kernel: unchanged against the implementation it replaced', () => {
  it('property: random subscriptions and periods (including empty ones) give the same counts', () => {
    fc.assert(
      fc.property(fc.array(span, { maxLength: 80, size: 'medium' }), period, (subs, p) => {
        const expected = classify(subs, p)!;
        const churn = value(churnRate(subs, { period: p }));
        expect({
          atStart: churn.atStart,
          lost: churn.lost,
          acquired: churn.acquired,
          lostAcquired: churn.lostAcquired,
          retained: churn.atStart - churn.lost,
        }).toEqual(expected);
        const retention = value(retentionRate(subs, { period: p }));
        expect(retention.retained).toBe(expected.retained);
        expect(retention.atStart).toBe(expected.atStart);
      }),
      { numRuns: 300 },
    );
  });
  it('property: the first malformed record is refused, at its index', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof({ weight: 5, arbitrary: span }, malformed), { maxLength: 30 }),
        period,
        (subs, p) => {
          const list = subs as SubscriptionSpan[];
          const bad = list.findIndex((s) => !spanOk(s));
          const r = churnRate(list, { period: p });
          expect(r.ok).toBe(bad < 0);
          if (!r.ok) expect(r.error.issues[0]!.path[0]).toBe(bad);
          if (bad < 0) expect(classify(list, p)).not.toBeNull();
        },
      ),
    );
  });
});

/** Ids of every shape the partitioned path distinguishes: shared, empty, prefixes of each other, bytes above 0x7F. */
const partitionedId = fc.oneof(
  fc.integer({ min: 0, max: 30 }).map((i) => `acc_${i}`),
  fc.constantFrom(
    '',
    'a',
    'ab',
    'abc',
    'acc_1',
    'acc_10',
    '\u00ff',
    '\u00ffa',
    '\u0000',
    'é',
    'e\u0301'.normalize('NFD').slice(0, 1),
  ),
  fc.string({ unit: fc.integer({ min: 0, max: 0xff }).map((c) => String.fromCharCode(c)), maxLength: 6 }),
);
const partitionedSpan: fc.Arbitrary<SubscriptionSpan> = fc
  .tuple(span, partitionedId)
  .map(([s, accountId]) => ({ ...s, accountId }));

describe('churn and retention kernel: the partitioned path for large inputs (issue 20)', () => {
  const expectSame = (got: unknown, expected: ReturnType<typeof classify>) => {
    expect(got).not.toBeNull();
    expect(got).toEqual(expected);
  };
  it('property: any partition bits give the counts of the Map', () => {
    fc.assert(
      fc.property(
        fc.array(partitionedSpan, { maxLength: 120, size: 'medium' }),
        period,
        fc.integer({ min: 0, max: 8 }),
        (subs, p, bits) => {
          const got = classifyPartitioned(subs, p.start.getTime(), p.end.getTime(), { bits });
          expectSame(got, classify(subs, p));
        },
      ),
      { numRuns: 300 },
    );
  });
  it('property: a malformed record is refused at its index, as on the Map path', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof({ weight: 5, arbitrary: partitionedSpan }, malformed), { maxLength: 30 }),
        period,
        fc.integer({ min: 0, max: 4 }),
        (subs, p, bits) => {
          const list = subs as SubscriptionSpan[];
          const bad = list.findIndex((s) => !spanOk(s));
          const got = classifyPartitioned(list, p.start.getTime(), p.end.getTime(), { bits });
          if (bad < 0) expectSame(got, classify(list, p));
          else expect((got as unknown as { path: unknown[] }).path[0]).toBe(bad);
        },
      ),
    );
  });
  it('ids with a code unit above 0xFF leave the partitioned path (the Map counts them)', () => {
    const list: SubscriptionSpan[] = [
      { accountId: 'a', startedAt: new Date(T0), endedAt: null },
      { accountId: 'ā', startedAt: new Date(T0), endedAt: null },
    ];
    expect(hashId('ā')).toBeNull();
    expect(classifyPartitioned(list, T0 + DAY, T0 + 2 * DAY)).toBeNull();
    // A malformed record after the wide id is still refused at its index.
    const bad = [...list, { accountId: 'b', startedAt: new Date(Number.NaN), endedAt: null }];
    expect((classifyPartitioned(bad, T0 + DAY, T0 + 2 * DAY) as unknown as { path: unknown[] }).path[0]).toBe(2);
  });
  it('equal hashes of different ids never merge them (only equal strings do)', () => {
    // Every entry given the same hash: merging by hash alone links different ids, the check of the
    // links fails, and the groups that joined different ids are counted again, id by id.
    const ids = ['a', 'b', 'ab', 'ba', 'a', '', 'b', '', 'abc', 'ab'];
    const keys = new Int32Array(ids.length).fill((0x12345678 & -8) | 1);
    const counts = countPartitioned({ keys, ids, end: Int32Array.of(0, ids.length) });
    expect(counts).toEqual({ atStart: 6, lost: 6, acquired: 0, lostAcquired: 0 });
    // Flags merge per id: 'a' (1 | 4) is lost, 'b' (3 | 1) stays.
    const flagged = Int32Array.of((7 << 3) | 1, (7 << 3) | 3, (7 << 3) | 4, (7 << 3) | 1);
    expect(countPartitioned({ keys: flagged, ids: ['a', 'b', 'a', 'b'], end: Int32Array.of(0, 4) })).toEqual({
      atStart: 2,
      lost: 1,
      acquired: 0,
      lostAcquired: 0,
    });
  });
  it('property: with 4 partition bits or more, hashes that differ only in the bits the entries drop (0–2) land in different partitions', () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: 1, max: 7 }), fc.integer({ min: 4, max: 12 }), (h, d, bits) => {
        expect(partitionOf(h | 0, 32 - bits)).not.toBe(partitionOf((h ^ d) | 0, 32 - bits));
      }),
    );
    // With 3 bits, some do not (the claim is made from 4).
    let same = 0;
    for (let h = 0; h < 4096; h++) if (partitionOf(h, 29) === partitionOf(h ^ 5, 29)) same++;
    expect(same).toBeGreaterThan(0);
  });
  it('property: with colliding hashes (few hash values), the counts are those of the Map', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(partitionedId, fc.integer({ min: 1, max: 7 })), { maxLength: 60 }), (rows) => {
        // A hash of four values (the id's length mod 4): most merges by hash join different ids.
        const keys = Int32Array.from(rows, ([id, f]) => (((id.length & 3) * 0x2468ace8) & -8) | f);
        const ids = rows.map(([id]) => id);
        const flags = new Map<string, number>();
        for (const [id, f] of rows) flags.set(id, (flags.get(id) ?? 0) | f);
        let atStart = 0;
        let lost = 0;
        let acquired = 0;
        let lostAcquired = 0;
        for (const f of flags.values()) {
          if (f & 1) {
            atStart++;
            if (!(f & 2)) lost++;
          } else if (f & 4) {
            acquired++;
            if (!(f & 2)) lostAcquired++;
          }
        }
        const got = countPartitioned({ keys, ids, end: Int32Array.of(0, rows.length) });
        expect(got).toEqual({ atStart, lost, acquired, lostAcquired });
      }),
      { numRuns: 300 },
    );
  });
  it('large inputs (the partitioned path) give the counts of the Map, through churnRate and retentionRate', () => {
    const n = 40_000;
    const list: SubscriptionSpan[] = [];
    let x = 12345;
    const next = (m: number) => (x = (Math.imul(x, 1103515245) + 12345) >>> 0) % m;
    for (let i = 0; i < n; i++) {
      const start = T0 + (next(160) - 40) * DAY;
      list.push({
        accountId: `acc_${next(30_000)}${i % 97 === 0 ? '\u00e9' : ''}`,
        startedAt: new Date(start),
        endedAt: next(5) < 2 ? new Date(start + next(90) * DAY) : null,
      });
    }
    const p = { start: new Date(T0 + 30 * DAY), end: new Date(T0 + 61 * DAY) };
    const expected = classify(list, p)!;
    const churn = value(churnRate(list, { period: p, denominator: 'exposed' }));
    expect([churn.atStart, churn.lost, churn.acquired, churn.lostAcquired]).toEqual([
      expected.atStart,
      expected.lost,
      expected.acquired,
      expected.lostAcquired,
    ]);
    expect(value(retentionRate(list, { period: p })).retained).toBe(expected.retained);
    // A wide id sends the whole input to the Map path, with the same counts.
    const wide = [...list, { accountId: 'ā', startedAt: new Date(T0), endedAt: null }];
    const expectedWide = classify(wide, p)!;
    expect(value(churnRate(wide, { period: p })).atStart).toBe(expectedWide.atStart);
    // A malformed last record is refused at its index.
    const bad = [...list, { accountId: 'z', startedAt: new Date(T0), endedAt: new Date(T0 - 1) }];
    const r = churnRate(bad, { period: p });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.issues[0]!.path).toEqual([n, 'endedAt']);
  });
});
