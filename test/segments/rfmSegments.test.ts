import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  CLASSIC_RFM_SEGMENTS,
  QUARTILE_RFM_SEGMENTS,
  defineRfmSegmentMap,
  rfmScores,
  rfmSegments,
  type RfmScore,
  type RfmSegmentRule,
} from '../../src/segments/index.js';
import { money } from '../../src/money/index.js';
import { unwrap, type Result } from '../../src/core/result.js';

const usd = (a: string) => money(a, 'USD');

function issuesOf(r: Result<unknown>): { path: readonly (string | number)[]; code: string; message: string }[] {
  expect(r.ok).toBe(false);
  if (r.ok) return [];
  expect(r.error.code).toBe('validation_failed');
  return r.error.issues as never;
}

function deepFrozen(v: unknown): boolean {
  if (v === null || typeof v !== 'object') return true;
  if (!Object.isFrozen(v)) return false;
  return Object.values(v).every(deepFrozen);
}

const ALL_125 = Array.from(
  { length: 125 },
  (_, i) => `${Math.floor(i / 25) + 1}${(Math.floor(i / 5) % 5) + 1}${(i % 5) + 1}`,
);

describe('CLASSIC_RFM_SEGMENTS', () => {
  it('has the 11 segments, covering all 125 scores with no overlap', () => {
    expect(CLASSIC_RFM_SEGMENTS.map((s) => s.segment)).toEqual([
      'Champions',
      'Loyal',
      'Potential Loyalist',
      'New',
      'Promising',
      'Need Attention',
      'About to Sleep',
      'At Risk',
      "Can't Lose",
      'Hibernating',
      'Lost',
    ]);
    const listed = CLASSIC_RFM_SEGMENTS.flatMap((s) => s.scores ?? []);
    expect(listed).toHaveLength(125);
    expect([...listed].sort()).toEqual(ALL_125);
    const map = unwrap(defineRfmSegmentMap(CLASSIC_RFM_SEGMENTS, { bins: 5 }));
    expect(map.unmapped).toEqual([]);
  });

  it('resolves the published table’s three overlaps (231, 241, 251) to Hibernating', () => {
    const of = (score: string) => CLASSIC_RFM_SEGMENTS.filter((s) => s.scores?.includes(score)).map((s) => s.segment);
    expect(['231', '241', '251'].map(of)).toEqual([['Hibernating'], ['Hibernating'], ['Hibernating']]);
    expect(CLASSIC_RFM_SEGMENTS.find((s) => s.segment === 'About to Sleep')!.scores).toEqual([
      '331',
      '321',
      '312',
      '221',
      '213',
    ]);
  });

  it('is frozen data', () => {
    expect(deepFrozen(CLASSIC_RFM_SEGMENTS)).toBe(true);
    expect(deepFrozen(QUARTILE_RFM_SEGMENTS)).toBe(true);
  });

  it('names the classic segment of hand-computed customers', () => {
    // Five customers with distinct recencies, frequencies and sums. With five distinct values the
    // type 7 quantiles at k/5 fall strictly between neighbours (index 1 + 4k/5 = 1.8, 2.6, 3.4, 4.2),
    // so the i-th smallest value is in bin i: f and m are the ranks, r = 6 − the recency rank.
    //   customer  last purchase  recencyDays  orders  sum   r f m  score  segment (classic table)
    //   A         2026-03-31     0            4       300   5 4 4  544    Champions
    //   B         2026-03-21     10           1       10    4 1 1  411    New
    //   C         2026-03-11     20           3       210   3 3 3  333    Potential Loyalist
    //   D         2026-03-01     30           5       500   2 5 5  255    At Risk
    //   E         2026-02-19     40           2       100   1 2 2  122    Hibernating
    const log = (id: string, last: string, orders: number, sum: number) =>
      Array.from({ length: orders }, (_, k) => ({
        customerId: id,
        at: k === 0 ? last : '2026-01-01',
        value: usd(String(sum / orders)),
      }));
    const tx = [
      ...log('A', '2026-03-31', 4, 300),
      ...log('B', '2026-03-21', 1, 10),
      ...log('C', '2026-03-11', 3, 210),
      ...log('D', '2026-03-01', 5, 500),
      ...log('E', '2026-02-19', 2, 100),
    ];
    const scores = unwrap(rfmScores(tx, { observationEnd: '2026-03-31' }));
    const named = unwrap(rfmSegments(scores, CLASSIC_RFM_SEGMENTS));
    expect(
      named.customers.map((c) => [c.customerId, c.recencyDays, c.frequency, c.monetary.amount, c.score, c.segment]),
    ).toEqual([
      ['A', 0, 4, '300.00', '544', 'Champions'],
      ['B', 10, 1, '10.00', '411', 'New'],
      ['C', 20, 3, '210.00', '333', 'Potential Loyalist'],
      ['D', 30, 5, '500.00', '255', 'At Risk'],
      ['E', 40, 2, '100.00', '122', 'Hibernating'],
    ]);
    const counts = Object.fromEntries(named.segments.map((s) => [s.segment, s.count]));
    expect(counts).toMatchObject({
      Champions: 1,
      New: 1,
      'Potential Loyalist': 1,
      'At Risk': 1,
      Hibernating: 1,
      other: 0,
    });
    expect(named.segments.map((s) => s.segment)).toEqual([...CLASSIC_RFM_SEGMENTS.map((s) => s.segment), 'other']);
    expect(named.segments.find((s) => s.segment === 'Champions')!.share).toBe(0.2);
  });
});

describe('QUARTILE_RFM_SEGMENTS', () => {
  it('is PyMC-Marketing’s _default_rfm_segment_config verbatim (pymc_marketing/clv/utils.py)', () => {
    // prettier-ignore
    const pymc = {
      'Premium Customer': ['334', '443', '444', '344', '434', '433', '343', '333'],
      'Repeat Customer': ['244', '234', '232', '332', '143', '233', '243'],
      'Top Spender': ['424', '414', '144', '314', '324', '124', '224', '423', '413', '133', '323', '313', '134'],
      'At Risk Customer': ['422', '223', '212', '122', '222', '132', '322', '312', '412', '123', '214'],
      'Inactive Customer': ['411', '111', '113', '114', '112', '211', '311'],
    };
    expect(QUARTILE_RFM_SEGMENTS).toEqual(Object.entries(pymc).map(([segment, scores]) => ({ segment, scores })));
    const map = unwrap(defineRfmSegmentMap(QUARTILE_RFM_SEGMENTS, { bins: 4 }));
    expect(map.unmapped).toHaveLength(64 - 46);
  });

  it('sends unmapped scores to other', () => {
    const rows: RfmScore[] = [
      { customerId: 'a', recencyDays: 1, frequency: 3, monetary: usd('5'), r: 4, f: 4, m: 4, score: '444' },
      { customerId: 'b', recencyDays: 9, frequency: 1, monetary: usd('1'), r: 1, f: 4, m: 1, score: '141' },
    ];
    const s = unwrap(rfmSegments(rows, QUARTILE_RFM_SEGMENTS));
    expect(s.customers.map((c) => c.segment)).toEqual(['Premium Customer', 'other']);
    expect(s.segments.at(-1)).toEqual({ segment: 'other', count: 1, share: 0.5 });
  });
});

describe('rfmSegments and defineRfmSegmentMap', () => {
  const row = (r: number, f: number, m: number, id = `${r}${f}${m}`): RfmScore => ({
    customerId: id,
    recencyDays: 10,
    frequency: 2,
    monetary: usd('10'),
    r,
    f,
    m,
    score: `${r}${f}${m}`,
  });

  it('matches ranges (inclusive, omitted axis = any) and merges rules naming one segment', () => {
    const map: RfmSegmentRule[] = [
      { segment: 'Best', r: [4, 5], f: [4, 5], m: [4, 5] },
      { segment: 'Recent', r: 5, f: [1, 3] },
      { segment: 'Best', scores: ['355'] },
    ];
    const s = unwrap(rfmSegments([row(5, 5, 5), row(5, 2, 1), row(3, 5, 5), row(1, 1, 1), row(4, 4, 3)], map));
    expect(s.customers.map((c) => c.segment)).toEqual(['Best', 'Recent', 'Best', 'other', 'other']);
    expect(s.segments).toEqual([
      { segment: 'Best', count: 2, share: 0.4 },
      { segment: 'Recent', count: 1, share: 0.2 },
      { segment: 'other', count: 2, share: 0.4 },
    ]);
  });

  it('gives zero counts and shares for no customers', () => {
    const s = unwrap(rfmSegments([], CLASSIC_RFM_SEGMENTS));
    expect(s.customers).toEqual([]);
    expect(s.segments).toHaveLength(12);
    expect(s.segments.every((x) => x.count === 0 && x.share === 0)).toBe(true);
    const empty = unwrap(rfmScores([], { observationEnd: 0 }));
    expect(unwrap(rfmSegments(empty, [])).segments).toEqual([{ segment: 'other', count: 0, share: 0 }]);
  });

  it('refuses a score matched by two rules, naming both rules’ paths', () => {
    const r = rfmSegments(
      [row(5, 5, 5)],
      [
        { segment: 'A', r: [4, 5] },
        { segment: 'B', scores: ['111', '555'] },
      ],
    );
    expect(issuesOf(r)).toEqual([
      {
        path: ['map', 1, 'scores', 1],
        code: 'duplicate',
        message: `score '555' is matched by map[0] ("A") and by map[1].scores[1] ("B"); a score belongs to one segment only`,
      },
    ]);
    const twoRanges = issuesOf(
      defineRfmSegmentMap(
        [
          { segment: 'A', f: 4 },
          { segment: 'B', m: 4 },
        ],
        { bins: 4 },
      ),
    );
    expect(twoRanges[0]).toMatchObject({ path: ['rules', 1], code: 'duplicate' });
    expect(twoRanges[0]!.message).toMatch(/rules\[0\] .* rules\[1\]/);
  });

  it('refuses malformed rules and maps with a path', () => {
    const cases: [unknown, (string | number)[]][] = [
      [[{ segment: 'other', r: 1 }], ['map', 0, 'segment']],
      [[{ segment: '', r: 1 }], ['map', 0, 'segment']],
      [[{ segment: 3 }], ['map', 0, 'segment']],
      [[{ segment: 'A', scores: ['556'] }], ['map', 0, 'scores', 0]],
      [[{ segment: 'A', scores: ['12'] }], ['map', 0, 'scores', 0]],
      [[{ segment: 'A', scores: [555] }], ['map', 0, 'scores', 0]],
      [[{ segment: 'A', scores: ['111', '111'] }], ['map', 0, 'scores', 1]],
      [[{ segment: 'A', scores: '111' }], ['map', 0, 'scores']],
      [[{ segment: 'A', r: [3, 2] }], ['map', 0, 'r']],
      [[{ segment: 'A', f: 0 }], ['map', 0, 'f']],
      [[{ segment: 'A', m: 2.5 }], ['map', 0, 'm']],
      [[{ segment: 'A', m: [1, 6] }], ['map', 0, 'm']],
      [[{ segment: 'A', rr: 1 }], ['map', 0]],
      [[null], ['map', 0]],
      ['classic', ['map']],
    ];
    for (const [map, path] of cases)
      expect(issuesOf(rfmSegments([], map as never))[0]!.path, JSON.stringify(map)).toEqual(path);
    expect(issuesOf(defineRfmSegmentMap([{ segment: 'A', scores: ['155'] }], { bins: 4 }))[0]!.path).toEqual([
      'rules',
      0,
      'scores',
      0,
    ]);
    expect(issuesOf(defineRfmSegmentMap([], { bins: 3 as never }))[0]!.path).toEqual(['options', 'bins']);
    expect(issuesOf(defineRfmSegmentMap([], { bin: 4 } as never))[0]).toMatchObject({ code: 'unrecognized_keys' });
  });

  it('refuses bad score rows with a path', () => {
    const bad: [unknown, (string | number)[]][] = [
      [{ ...row(1, 1, 1), r: 6 }, ['scores', 0, 'r']],
      [{ ...row(1, 1, 1), f: 0 }, ['scores', 0, 'f']],
      [{ ...row(1, 1, 1), m: '1' }, ['scores', 0, 'm']],
      [{ ...row(1, 1, 1), customerId: 1 }, ['scores', 0, 'customerId']],
      [{ ...row(1, 1, 1), monetary: 10 }, ['scores', 0, 'monetary']],
      [{ ...row(1, 1, 1), recencyDays: Number.NaN }, ['scores', 0, 'recencyDays']],
      [null, ['scores', 0]],
    ];
    for (const [r, path] of bad)
      expect(issuesOf(rfmSegments([r] as never, CLASSIC_RFM_SEGMENTS))[0]!.path).toEqual(path);
    expect(issuesOf(rfmSegments({ customers: 3 } as never, []))[0]!.path).toEqual(['scores', 'customers']);
    expect(issuesOf(rfmSegments(null as never, []))[0]!.path).toEqual(['scores']);
  });

  it('takes a map from defineRfmSegmentMap, and never throws for hostile input', () => {
    const map = unwrap(defineRfmSegmentMap([{ segment: 'Top', r: 4, f: 4, m: 4 }], { bins: 4 }));
    expect(map).toEqual({
      bins: 4,
      rules: [{ segment: 'Top', r: 4, f: 4, m: 4 }],
      segments: ['Top'],
      unmapped: ALL_125.filter((s) => !/[5]/.test(s) && s !== '444'),
    });
    expect(unwrap(rfmSegments([row(4, 4, 4)], map)).customers[0]!.segment).toBe('Top');
    const throwing = Object.defineProperty({ segment: 'A' }, 'r', {
      enumerable: true,
      get() {
        throw new Error('getter');
      },
    });
    expect(issuesOf(rfmSegments([], [throwing as never]))[0]!.message).toMatch(/getter/);
    expect(issuesOf(defineRfmSegmentMap([throwing as never]))[0]!.message).toMatch(/getter/);
  });
});

// ---- properties ------------------------------------------------------------------------------------------

const axisRange = fc.option(
  fc.oneof(
    fc.integer({ min: 1, max: 5 }),
    fc
      .tuple(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 5 }))
      .map(([a, b]) => [Math.min(a, b), Math.max(a, b)] as const),
  ),
  { nil: undefined },
);
const scoreText = fc
  .tuple(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 5 }))
  .map((t) => t.join(''));
const ruleArb: fc.Arbitrary<RfmSegmentRule> = fc
  .record({
    segment: fc.constantFrom('A', 'B', 'C', 'D'),
    scores: fc.option(fc.uniqueArray(scoreText, { maxLength: 6 }), { nil: undefined }),
    r: axisRange,
    f: axisRange,
    m: axisRange,
  })
  .map((r) => Object.fromEntries(Object.entries(r).filter(([, v]) => v !== undefined)) as unknown as RfmSegmentRule);

const inRange = (v: number, range: number | readonly [number, number] | undefined) =>
  range === undefined || (typeof range === 'number' ? v === range : v >= range[0] && v <= range[1]);
const matches = (rule: RfmSegmentRule, s: string) =>
  (rule.scores === undefined || rule.scores.includes(s)) &&
  inRange(Number(s[0]), rule.r) &&
  inRange(Number(s[1]), rule.f) &&
  inRange(Number(s[2]), rule.m);

describe('rfmSegments properties', () => {
  it('accepts a map exactly when no score is matched by two rules, and then names each score by its one rule', () => {
    fc.assert(
      fc.property(fc.array(ruleArb, { maxLength: 5 }), (rules) => {
        const matched = ALL_125.map((s) => rules.filter((r) => matches(r, s)));
        const overlaps = matched.some((m) => m.length > 1);
        const defined = defineRfmSegmentMap(rules);
        expect(defined.ok).toBe(!overlaps);
        if (!defined.ok) {
          expect(defined.error.issues.every((i) => i.code === 'duplicate')).toBe(true);
          return;
        }
        expect(defined.value.unmapped).toEqual(ALL_125.filter((_, i) => matched[i]!.length === 0));
        const rows = ALL_125.map((s) => ({
          customerId: s,
          recencyDays: 0,
          frequency: 1,
          monetary: money('1', 'USD'),
          r: Number(s[0]),
          f: Number(s[1]),
          m: Number(s[2]),
          score: s,
        }));
        const named = unwrap(rfmSegments(rows, rules));
        named.customers.forEach((c, i) => expect(c.segment).toBe(matched[i]![0]?.segment ?? 'other'));
        expect(named.segments.reduce((a, s) => a + s.count, 0)).toBe(125);
        expect(named.segments.at(-1)!.segment).toBe('other');
      }),
    );
  });

  it('does not change its input and returns a deeply frozen result', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 5 })),
          { maxLength: 20 },
        ),
        (triples) => {
          const rows = triples.map(([r, f, m], i) => ({
            customerId: `c${i}`,
            recencyDays: i,
            frequency: 1,
            monetary: { amount: '1.00', currency: 'USD' },
            r,
            f,
            m,
            score: `${r}${f}${m}`,
          }));
          const map = [{ segment: 'Top', r: [4, 5] as const }];
          const before = structuredClone({ rows, map });
          const s = unwrap(rfmSegments(rows, map));
          expect({ rows, map }).toEqual(before);
          expect(rows.every((r) => !Object.isFrozen(r) && !Object.isFrozen(r.monetary))).toBe(true);
          expect(deepFrozen(s)).toBe(true);
          expect(s.segments.reduce((a, x) => a + x.share, 0)).toBeCloseTo(rows.length === 0 ? 0 : 1, 12);
        },
      ),
    );
  });
});
