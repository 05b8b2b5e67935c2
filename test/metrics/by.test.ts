// Issue 14, "Every metric per segment": npsBy, conversionBy, churnBy, retentionBy, renewalBy, cesBy,
// csatBy and lifetimeValueBy share one implementation (src/metrics/_by.ts). Each row is exactly the
// base metric on the group's records (a fast-check property per function, for field, function — with
// arrays — and segment-list keys, and for the order of the groups); hand-worked values; bad input.
import { describe, it, expect, expectTypeOf } from 'vitest';
import fc from 'fast-check';
import * as m from '../../src/metrics/index.js';
import type { MetricSegment } from '../../src/metrics/index.js';
import { defineCondition, defineFieldCatalog } from '../../src/conditions/index.js';
import type { Result } from '../../src/core/result.js';
import { unwrap } from '../../src/core/result.js';
import { money } from '../../src/money/money.js';
import { monthPeriod, quarterPeriod } from '../../src/time/period.js';
import { expectInvalid, value } from './_helpers.js';

const d = (s: string) => new Date(`${s}T00:00:00Z`);
const DAY = 86_400_000;
const march = monthPeriod('2026-03-01');
const q1 = quarterPeriod('2026-01-01');

// ---------------------------------------------------------------------------------------------------
// The records every generator shares: a group field `g`, a multi-valued field `tags`, a number `seats`.

type Grouped = { g?: string | number | boolean | null; tags: string[]; seats: number };

const groupFields: fc.Arbitrary<Grouped> = fc.record(
  {
    g: fc.constantFrom<string | number | boolean | null>('a', 'b', 'c', 'B', '', 1, true, null),
    tags: fc.array(fc.constantFrom('x', 'y', 'z'), { maxLength: 3 }),
    seats: fc.integer({ min: 0, max: 20 }),
  },
  { requiredKeys: ['tags', 'seats'] },
);

/** A date in February–April 2026 (around the March period), at a whole minute. */
const dateArb = fc.integer({ min: 0, max: 89 * 24 * 60 }).map((k) => new Date(d('2026-02-01').getTime() + k * 60_000));

const catalog = unwrap(defineFieldCatalog('row', { g: 'text', seats: 'number', since: 'date' }));
const seg = (id: string, where: object): MetricSegment => ({
  id,
  where: unwrap(defineCondition(where, { entity: catalog })),
});
/** Segments and, for the reference, the same tests written by hand. */
const SEGMENTS: readonly { segment: MetricSegment; holds: (r: Grouped) => boolean }[] = [
  { segment: seg('big', { field: 'seats', op: 'gte', value: 10 }), holds: (r) => r.seats >= 10 },
  { segment: seg('groupA', { field: 'g', op: 'eq', value: 'a' }), holds: (r) => r.g === 'a' },
  {
    segment: seg('smallOrB', {
      any: [
        { field: 'seats', op: 'lt', value: 3 },
        { field: 'g', op: 'eq', value: 'b' },
      ],
    }),
    holds: (r) => r.seats < 3 || r.g === 'b',
  },
  { segment: seg('nobody', { field: 'seats', op: 'gt', value: 1000 }), holds: () => false },
];
const segmentList = fc
  .shuffledSubarray(SEGMENTS as { segment: MetricSegment; holds: (r: Grouped) => boolean }[])
  .map((list) => list);

/** Group keys sorted as the …By functions document: UTF-16 code units, `null` last. */
function sortKeys(keys: (string | null)[]): (string | null)[] {
  return keys.sort((a, b) => (a === null ? (b === null ? 0 : 1) : b === null ? -1 : a < b ? -1 : a > b ? 1 : 0));
}
const text = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

/** How the reference finds a record's groups for each kind of key, and the key itself. */
type KeyCase = {
  readonly label: string;
  readonly key: unknown;
  readonly groupsOf: (r: Grouped) => (string | null)[];
  readonly segments?: readonly string[];
};

const keyCases = (segments: { segment: MetricSegment; holds: (r: Grouped) => boolean }[]): KeyCase[] => [
  { label: 'field', key: 'g', groupsOf: (r) => [text(r.g)] },
  { label: 'array field', key: 'tags', groupsOf: (r) => [...new Set(r.tags)] },
  {
    label: 'function with arrays',
    key: (r: Grouped) => (r.seats > 12 ? [] : r.seats > 6 ? [r.g ?? null, 'many', 'many'] : r.g),
    groupsOf: (r) => (r.seats > 12 ? [] : r.seats > 6 ? [...new Set([text(r.g), 'many'])] : [text(r.g)]),
  },
  {
    label: 'segment list',
    key: segments.map((s) => s.segment),
    groupsOf: (r) => segments.filter((s) => s.holds(r)).map((s) => s.segment.id),
    segments: segments.map((s) => s.segment.id),
  },
];

interface ByCase<R extends Grouped> {
  readonly name: string;
  readonly field: string;
  readonly by: (records: R[], key: never, options: never) => Result<readonly Record<string, unknown>[]>;
  readonly base: (records: R[], options: never) => Result<unknown>;
  readonly record: fc.Arbitrary<R>;
  readonly options: fc.Arbitrary<Record<string, unknown>>;
  /** Whether the base metric counts the record at all (else it forms no group). */
  readonly counted?: (r: R, options: Record<string, unknown>) => boolean;
}

/** The reference: filter the records of each group and call the base metric. */
function reference<R extends Grouped>(
  c: ByCase<R>,
  records: R[],
  k: KeyCase,
  options: Record<string, unknown>,
): Record<string, unknown>[] {
  const keys =
    k.segments !== undefined
      ? [...k.segments]
      : [...new Set(records.filter((r) => c.counted?.(r, options) ?? true).flatMap((r) => k.groupsOf(r)))];
  return sortKeys(keys).map((key) => ({
    key,
    [c.field]: value(
      c.base(
        records.filter((r) => k.groupsOf(r).includes(key)),
        options as never,
      ),
    ),
  }));
}

function property<R extends Grouped>(c: ByCase<R>) {
  return fc.property(fc.array(c.record, { maxLength: 30 }), c.options, segmentList, (records, options, segments) => {
    const before = JSON.stringify(records);
    for (const k of keyCases(segments)) {
      const got = value(c.by(records, k.key as never, options as never));
      expect(got, k.label).toEqual(reference(c, records, k, options));
      expect(Object.isFrozen(got)).toBe(true);
      for (const row of got) expect(Object.isFrozen(row)).toBe(true);
    }
    expect(JSON.stringify(records)).toBe(before);
  });
}

// ---------------------------------------------------------------------------------------------------
// The eight functions.

const inPeriod = (at: Date | undefined, o: Record<string, unknown>) => {
  const p = o['period'] as { start: Date; end: Date } | undefined;
  return p === undefined || (at !== undefined && at >= p.start && at < p.end);
};
const surveyRecord = (kind: string, min: number, max: number) =>
  fc
    .tuple(
      groupFields,
      fc.integer({ min, max }),
      fc.constantFrom<string | undefined>(kind, kind, 'other', undefined),
      dateArb,
    )
    .map(([g, score, k, answeredAt]) => ({ ...g, score, ...(k === undefined ? {} : { kind: k }), answeredAt }));
const surveyCounted = (kind: string) => (r: { kind?: string; answeredAt?: Date }, o: Record<string, unknown>) =>
  (r.kind === undefined || r.kind === kind) && inPeriod(r.answeredAt, o);
const surveyOptions = (extra: fc.Arbitrary<Record<string, unknown>>) =>
  fc
    .tuple(fc.option(fc.constantFrom(0.9, 0.95), { nil: undefined }), fc.boolean(), extra)
    .map(([confidence, withPeriod, x]) => ({
      ...(confidence === undefined ? {} : { confidence }),
      ...(withPeriod ? { period: march } : {}),
      ...x,
    }));

const subscription = fc
  .tuple(
    groupFields,
    fc.constantFrom('a1', 'a2', 'a3', 'a4', 'a5'),
    dateArb,
    fc.option(fc.integer({ min: 1, max: 60 }), { nil: null }),
  )
  .map(([g, accountId, startedAt, days]) => ({
    ...g,
    accountId,
    startedAt,
    endedAt: days === null ? null : new Date(startedAt.getTime() + days * DAY),
  }));

const renewable = fc
  .tuple(
    groupFields,
    fc.integer({ min: 0, max: 7 }),
    fc.option(dateArb, { nil: null }),
    fc.option(fc.integer({ min: 0, max: 7 }), { nil: null }),
    fc.integer({ min: 0, max: 50_000 }),
  )
  .map(([g, id, endsAt, of, cents]) => ({
    ...g,
    id: `s${id}`,
    endsAt,
    renewalOfId: of === null ? null : `s${of}`,
    mrr: money((cents / 100).toFixed(2), 'USD'),
  }));

const transaction = fc
  .tuple(
    groupFields,
    fc.option(fc.constantFrom('c1', 'c2', 'c3'), { nil: undefined }),
    fc.integer({ min: -5000, max: 50_000 }),
  )
  .map(([g, customerId, cents]) => ({
    ...g,
    ...(customerId === undefined ? {} : { customerId }),
    amount: money((cents / 100).toFixed(2), 'EUR'),
  }));

const lead = fc
  .tuple(groupFields, dateArb, fc.option(fc.integer({ min: 0, max: 40 }), { nil: null }))
  .map(([g, createdAt, days]) => ({
    ...g,
    createdAt,
    convertedAt: days === null ? null : new Date(createdAt.getTime() + days * DAY),
  }));

const none = fc.constant({});
const CASES: ByCase<Grouped & Record<string, unknown>>[] = [
  {
    name: 'npsBy',
    field: 'nps',
    by: m.npsBy as never,
    base: m.nps as never,
    record: surveyRecord('nps', 0, 10),
    options: surveyOptions(none),
    counted: surveyCounted('nps') as never,
  },
  {
    name: 'cesBy',
    field: 'ces',
    by: m.cesBy as never,
    base: m.ces as never,
    record: surveyRecord('ces', 1, 5),
    options: surveyOptions(
      fc.record(
        { scale: fc.constantFrom(5, 7), method: fc.constantFrom('mean', 'percentAgree') },
        { requiredKeys: [] },
      ),
    ),
    counted: surveyCounted('ces') as never,
  },
  {
    name: 'csatBy',
    field: 'csat',
    by: m.csatBy as never,
    base: m.csat as never,
    record: surveyRecord('csat', 1, 5),
    options: surveyOptions(fc.record({ satisfiedFrom: fc.integer({ min: 1, max: 5 }) }, { requiredKeys: [] })),
    counted: surveyCounted('csat') as never,
  },
  {
    name: 'churnBy',
    field: 'churn',
    by: m.churnBy as never,
    base: m.churnRate as never,
    record: subscription,
    options: fc
      .option(fc.constantFrom('start', 'average', 'exposed'), { nil: undefined })
      .map((denominator) => ({ period: march, ...(denominator === undefined ? {} : { denominator }) })),
  },
  {
    name: 'retentionBy',
    field: 'retention',
    by: m.retentionBy as never,
    base: m.retentionRate as never,
    record: subscription,
    options: fc.constant({ period: march }),
  },
  {
    name: 'renewalBy',
    field: 'renewal',
    by: m.renewalBy as never,
    base: m.renewalRate as never,
    record: renewable,
    options: fc.constantFrom({ period: q1 }, { period: march, basis: 'value' }, { period: q1, basis: 'count' }),
  },
  {
    name: 'lifetimeValueBy',
    field: 'lifetimeValue',
    by: m.lifetimeValueBy as never,
    base: m.historicalCustomerValue as never,
    record: transaction,
    options: fc.constantFrom({}, { grossMargin: 0.7 }, { grossMargin: '0.25' }),
  },
  {
    name: 'conversionBy',
    field: 'conversion',
    by: m.conversionBy as never,
    base: m.conversionRate as never,
    record: lead,
    options: fc.tuple(fc.boolean(), fc.option(dateArb, { nil: undefined })).map(([withPeriod, asOf]) => ({
      ...(withPeriod ? { period: march } : {}),
      ...(asOf === undefined ? {} : { asOf }),
    })),
    counted: (r, o) => inPeriod(r['createdAt'] as Date, o),
  },
];

describe('each …By equals filtering the records per group and calling the base metric', () => {
  it.each(CASES.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    fc.assert(property(c), { numRuns: 60 });
  });
});

describe('every …By shares the grouping rules', () => {
  it.each(CASES.map((c) => [c.name, c] as const))(
    '%s: groups sorted by key, null last, segments all listed',
    (_n, c) => {
      const records = fc.sample(c.record, { numRuns: 40, seed: 7 });
      const options = fc.sample(c.options, { numRuns: 1, seed: 7 })[0]!;
      const keys = value(c.by(records, 'g' as never, options as never)).map((g) => g['key'] as string | null);
      expect(keys).toEqual(sortKeys([...keys]));
      const segs = value(c.by(records, SEGMENTS.map((s) => s.segment) as never, options as never));
      expect(segs.map((g) => g['key'])).toEqual(['big', 'groupA', 'nobody', 'smallOrB']);
      // A segment without records gets the base metric's empty result.
      expect(segs[2]![c.field]).toEqual(value(c.base([], options as never)));
      expect(value(c.by([], 'g' as never, options as never))).toEqual([]);
    },
  );
});

// ---------------------------------------------------------------------------------------------------
// Known values, worked by hand.

describe('known values (worked by hand from the definitions in docs/metrics.md)', () => {
  it('npsBy: % promoters − % detractors per touchpoint', () => {
    // support: 10, 9, 6 → 2 promoters, 1 detractor of 3 → (2 − 1) / 3 × 100 = 33.33…
    // billing: 7, 8 → passives only → 0.
    const rs = [
      { score: 10, touchpoint: 'support' },
      { score: 7, touchpoint: 'billing' },
      { score: 9, touchpoint: 'support' },
      { score: 8, touchpoint: 'billing' },
      { score: 6, touchpoint: 'support' },
    ];
    const g = value(m.npsBy(rs, 'touchpoint'));
    expect(g.map((x) => x.key)).toEqual(['billing', 'support']);
    expect(g[0]!.nps.score).toBe(0);
    expect(g[1]!.nps.score).toBeCloseTo(100 / 3, 12);
  });

  it('churnBy and retentionBy: lost / at start per plan over March 2026', () => {
    // pro: a and b active on 1 March, b ends 15 March → 1 of 2 lost: churn 0.5, retention 0.5.
    // basic: c active on 1 March, ends 20 March → 1 of 1 lost: churn 1; d starts 5 March (acquired).
    const subs = [
      { accountId: 'a', plan: 'pro', startedAt: d('2025-06-01'), endedAt: null },
      { accountId: 'b', plan: 'pro', startedAt: d('2025-07-01'), endedAt: d('2026-03-15') },
      { accountId: 'c', plan: 'basic', startedAt: d('2025-01-01'), endedAt: d('2026-03-20') },
      { accountId: 'd', plan: 'basic', startedAt: d('2026-03-05'), endedAt: null },
    ];
    const churn = value(m.churnBy(subs, 'plan', { period: march }));
    expect(churn.map((g) => [g.key, g.churn.rate, g.churn.acquired])).toEqual([
      ['basic', 1, 1],
      ['pro', 0.5, 0],
    ]);
    // 'average' for basic: lost 1 / ((S 1 + E 1) / 2) = 1.
    expect(value(m.churnBy(subs, 'plan', { period: march, denominator: 'average' }))[0]!.churn.rate).toBe(1);
    const retention = value(m.retentionBy(subs, 'plan', { period: march }));
    expect(retention.map((g) => [g.key, g.retention.rate, g.retention.retained])).toEqual([
      ['basic', 0, 0],
      ['pro', 0.5, 1],
    ]);
  });

  it('renewalBy: renewed / up for renewal per region in Q1 2026', () => {
    // eu: s1 (ends 1 Feb) and s2 (ends 1 Mar) are up; s3 renews s2 → 1 / 2 = 0.5; by value: 300 / 400.
    // us: s4 (ends 10 Mar) is up, not renewed → 0.
    const subs = [
      { id: 's1', endsAt: d('2026-02-01'), renewalOfId: null, region: 'eu', mrr: money('100', 'USD') },
      { id: 's2', endsAt: d('2026-03-01'), renewalOfId: null, region: 'eu', mrr: money('300', 'USD') },
      { id: 's3', endsAt: null, renewalOfId: 's2', region: 'eu', mrr: money('350', 'USD') },
      { id: 's4', endsAt: d('2026-03-10'), renewalOfId: null, region: 'us', mrr: money('50', 'USD') },
    ];
    expect(value(m.renewalBy(subs, 'region', { period: q1 })).map((g) => [g.key, g.renewal.rate])).toEqual([
      ['eu', 0.5],
      ['us', 0],
    ]);
    expect(value(m.renewalBy(subs, 'region', { period: q1, basis: 'value' }))[0]!.renewal.rate).toBe(0.75);
  });

  it('cesBy and csatBy: mean answer and top-2-box share per channel', () => {
    // chat: 7, 5, 6 → mean 6, agree (5–7) 3 of 3; phone: 2, 4 → mean 3, agree 0.
    const ces = [
      { score: 7, channel: 'chat' },
      { score: 2, channel: 'phone' },
      { score: 5, channel: 'chat' },
      { score: 4, channel: 'phone' },
      { score: 6, channel: 'chat' },
    ];
    expect(value(m.cesBy(ces, 'channel', { scale: 7 })).map((g) => [g.key, g.ces.score, g.ces.agree])).toEqual([
      ['chat', 6, 3],
      ['phone', 3, 0],
    ]);
    // team a: 5, 4, 3, 2 → 2 of 4 satisfied (≥ 4) = 50 %; team b: 5 → 100 %.
    const csat = [
      { score: 5, team: 'a' },
      { score: 4, team: 'a' },
      { score: 3, team: 'a' },
      { score: 2, team: 'a' },
      { score: 5, team: 'b' },
    ];
    expect(value(m.csatBy(csat, 'team')).map((g) => [g.key, g.csat.score])).toEqual([
      ['a', 50],
      ['b', 100],
    ]);
  });

  it('lifetimeValueBy: exact sums and value per customer per region', () => {
    // eu: c1 10.00 + 2.50 and c3 0.05 → 12.55 over 2 customers → 6.275 → 6.28 (half-even at the cent: 6.275 → 6.28).
    // us: c2 5.10 → 5.10 for 1 customer.
    const ts = [
      { customerId: 'c1', amount: money('10.00', 'USD'), region: 'eu' },
      { customerId: 'c2', amount: money('5.10', 'USD'), region: 'us' },
      { customerId: 'c1', amount: money('2.50', 'USD'), region: 'eu' },
      { customerId: 'c3', amount: money('0.05', 'USD'), region: 'eu' },
    ];
    const g = value(m.lifetimeValueBy(ts, 'region'));
    expect(g.map((x) => [x.key, x.lifetimeValue.value?.amount, x.lifetimeValue.customers])).toEqual([
      ['eu', '12.55', 2],
      ['us', '5.10', 1],
    ]);
    expect(g[0]!.lifetimeValue.perCustomer?.amount).toBe('6.28');
  });

  it('conversionBy: converted / created per source', () => {
    // web: 2 leads, 1 converted → 0.5; ads: 1 lead, converted → 1.
    const leads = [
      { createdAt: d('2026-03-02'), convertedAt: d('2026-03-09'), source: 'web' },
      { createdAt: d('2026-03-05'), convertedAt: null, source: 'web' },
      { createdAt: d('2026-03-12'), convertedAt: d('2026-03-30'), source: 'ads' },
    ];
    expect(value(m.conversionBy(leads, 'source')).map((g) => [g.key, g.conversion.rate])).toEqual([
      ['ads', 1],
      ['web', 0.5],
    ]);
  });

  it('a record in several groups counts in each (array field, function, overlapping segments)', () => {
    const rs = [
      { score: 10, tags: ['vip', 'eu'], seats: 12 },
      { score: 0, tags: ['eu'], seats: 1 },
    ];
    // eu: 10 and 0 → (1 − 1) / 2 = 0; vip: 10 → 100.
    expect(value(m.npsBy(rs, 'tags')).map((g) => [g.key, g.nps.score])).toEqual([
      ['eu', 0],
      ['vip', 100],
    ]);
    expect(value(m.npsBy(rs, (r) => [...r.tags, 'all'])).map((g) => [g.key, g.nps.total])).toEqual([
      ['all', 2],
      ['eu', 2],
      ['vip', 1],
    ]);
    const segs = [SEGMENTS[0]!.segment, SEGMENTS[2]!.segment]; // big (seats ≥ 10), smallOrB (seats < 3)
    expect(value(m.npsBy(rs, segs)).map((g) => [g.key, g.nps.total])).toEqual([
      ['big', 1],
      ['smallOrB', 1],
    ]);
    // The function's [] puts a record in no group; a repeated group counts once.
    expect(value(m.npsBy(rs, (r) => (r.seats > 10 ? ['x', 'x'] : []))).map((g) => [g.key, g.nps.total])).toEqual([
      ['x', 1],
    ]);
  });

  it('a long array key is deduplicated in linear time', () => {
    const many = Array.from({ length: 50_000 }, (_, i) => `t${i % 25_000}`);
    const g = value(m.npsBy([{ score: 10, tags: many }], 'tags'));
    expect(g.length).toBe(25_000);
    expect(g.every((x) => x.nps.total === 1)).toBe(true);
  });

  it('segment conditions read the context: $now from options.context.asOf', () => {
    const recent = seg('recent', { field: 'since', op: 'gte', value: { $now: '-P30D' } });
    const rs = [
      { score: 10, since: d('2026-03-20') },
      { score: 0, since: d('2026-01-01') },
    ];
    const g = value(m.npsBy(rs, [recent], { context: { asOf: d('2026-04-01') } }));
    expect(g.map((x) => [x.key, x.nps.total, x.nps.score])).toEqual([['recent', 1, 100]]);
  });
});

// ---------------------------------------------------------------------------------------------------
// Bad input.

const subs = [
  { accountId: 'a', plan: 'pro', startedAt: d('2025-06-01'), endedAt: null },
  { accountId: 'b', plan: 'basic', startedAt: d('2025-07-01'), endedAt: d('2026-03-15') },
];
/** Each function with valid records (a `plan` field) and valid options. */
const CALLS: [string, (records: unknown, key: unknown, options?: unknown) => Result<unknown>, unknown[], object][] = [
  [
    'npsBy',
    m.npsBy as never,
    [
      { score: 9, plan: 'pro' },
      { score: 3, plan: 'basic' },
    ],
    {},
  ],
  [
    'cesBy',
    m.cesBy as never,
    [
      { score: 7, plan: 'pro' },
      { score: 3, plan: 'basic' },
    ],
    {},
  ],
  [
    'csatBy',
    m.csatBy as never,
    [
      { score: 5, plan: 'pro' },
      { score: 3, plan: 'basic' },
    ],
    {},
  ],
  ['churnBy', m.churnBy as never, subs, { period: march }],
  ['retentionBy', m.retentionBy as never, subs, { period: march }],
  [
    'renewalBy',
    m.renewalBy as never,
    [
      { id: 's1', endsAt: d('2026-02-01'), renewalOfId: null, plan: 'pro' },
      { id: 's2', endsAt: d('2026-03-01'), renewalOfId: null, plan: 'basic' },
    ],
    { period: q1 },
  ],
  [
    'lifetimeValueBy',
    m.lifetimeValueBy as never,
    [
      { customerId: 'c1', amount: money('1', 'USD'), plan: 'pro' },
      { customerId: 'c2', amount: money('2', 'USD'), plan: 'basic' },
    ],
    {},
  ],
  [
    'conversionBy',
    m.conversionBy as never,
    [
      { createdAt: d('2026-03-02'), convertedAt: null, plan: 'pro' },
      { createdAt: d('2026-03-03'), convertedAt: null, plan: 'basic' },
    ],
    {},
  ],
];
/** A record each base metric refuses, and the path (after the index) of its issue. */
const BAD: Record<string, [object, (string | number)[]]> = {
  npsBy: [{ score: 11, plan: 'basic' }, ['score']],
  cesBy: [{ score: 0, plan: 'basic' }, ['score']],
  csatBy: [{ score: 9, plan: 'basic' }, ['score']],
  churnBy: [{ accountId: 'c', plan: 'basic', startedAt: new Date(NaN), endedAt: null }, ['startedAt']],
  retentionBy: [{ accountId: 'c', plan: 'basic', startedAt: new Date(NaN), endedAt: null }, ['startedAt']],
  renewalBy: [{ id: 's3', endsAt: new Date(NaN), renewalOfId: null, plan: 'basic' }, ['endsAt']],
  lifetimeValueBy: [{ customerId: 'c3', amount: { amount: 'x', currency: 'USD' }, plan: 'basic' }, ['amount']],
  conversionBy: [{ createdAt: 'yesterday', convertedAt: null, plan: 'basic' }, ['createdAt']],
};

describe('bad input gives validation_failed with a path, never a throw', () => {
  it.each(CALLS)('%s: unknown option keys, naming the allowed ones (context among them)', (_n, f, rs, o) => {
    const msg = expectInvalid(f(rs, 'plan', { ...o, by: 'plan' }), ['options']);
    expect(msg).toContain("unknown key 'by'");
    expect(msg).toContain('context');
    expectInvalid(f(rs, 'plan', { ...o, context: 42 }), ['options', 'context']);
  });

  it.each(CALLS)('%s: a bad key', (_n, f, rs, o) => {
    expectInvalid(f(rs, {}, o), ['key']);
    expectInvalid(f(rs, null, o), ['key']);
    expectInvalid(f(rs, 42n, o), ['key']);
    // A group value that is an object or a Date: at [index, field]; in an array, at [index, field, j].
    const objects = (rs as object[]).map((r, i) => (i === 1 ? { ...r, plan: { name: 'pro' } } : r));
    expectInvalid(f(objects, 'plan', o), [1, 'plan']);
    const arrays = (rs as object[]).map((r, i) => (i === 1 ? { ...r, plan: ['x', new Date(0)] } : r));
    expectInvalid(f(arrays, 'plan', o), [1, 'plan', 1]);
    // A function's answer: at [index].
    expect(
      expectInvalid(
        f(rs, (_r: unknown) => ['ok', {}], o),
        [0],
      ),
    ).toContain('element 1');
    expectInvalid(
      f(rs, () => new Date(0), o),
      [0],
    );
  });

  it.each(CALLS)('%s: segment lists — a duplicate id, a bad segment, a context the condition lacks', (_n, f, rs, o) => {
    const big = SEGMENTS[0]!.segment;
    const r = f(rs, [big, SEGMENTS[1]!.segment, { ...big, where: SEGMENTS[2]!.segment.where }], o);
    expectInvalid(r, ['key', 2, 'id']);
    if (!r.ok) expect(r.error.issues[0]!.code).toBe('duplicate');
    expectInvalid(f(rs, [big, { id: 'x', where: { field: 'seats', op: 'gt', value: 1 } }], o), ['key', 1, 'where']);
    expectInvalid(f(rs, [big, null], o), ['key', 1]);
    expectInvalid(f(rs, [{ id: 7, where: big.where }], o), ['key', 0, 'id']);
    const recent = seg('recent', { field: 'since', op: 'gte', value: { $now: '-P30D' } });
    expectInvalid(f(rs, [recent], o), ['options', 'context', 'asOf']);
    expectInvalid(f(rs, [recent], { ...o, context: { asOf: new Date(NaN) } }), ['options', 'context', 'asOf']);
    expect(f(rs, [recent], { ...o, context: { asOf: d('2026-04-01') } }).ok).toBe(true);
    expect(value(f(rs, [], o))).toEqual([]);
  });

  it.each(CALLS)('%s: a bad record is named by its index in the input, not in its group', (name, f, rs, o) => {
    const [bad, path] = BAD[name]!;
    // Input index 3, index 1 within the 'basic' group (the base metric sees it second there).
    const records = [...(rs as object[]), { ...(rs as object[])[0]! }, bad];
    for (const key of ['plan', (r: { plan: string }) => r.plan, [seg('all', { all: [] })]])
      expectInvalid(f(records, key, o), [3, ...path]);
    // The earliest bad record of the input is reported, whatever its group.
    const two = [...(rs as object[]), bad, { ...bad, plan: 'pro' }];
    expectInvalid(f(two, 'plan', o), [2, ...path]);
    const swapped = [...(rs as object[]), { ...bad, plan: 'zzz' }, bad];
    expectInvalid(f(swapped, 'plan', o), [2, ...path]);
    // A record that is not an object is reported before a key function reads it.
    expectInvalid(
      f([...(rs as object[]), null], (r: { plan: string }) => r.plan, o),
      [2],
    );
    // Not an array at all.
    expectInvalid(f('records', 'plan', o), []);
  });

  it.each(CALLS.filter(([n]) => n !== 'renewalBy'))(
    '%s: a bad record is reported even when it falls in no group',
    (name, f, rs, o) => {
      const [bad, path] = BAD[name]!;
      const records = [...(rs as object[]), bad];
      expectInvalid(
        f(records, (r: { plan: string }) => (r.plan === 'basic' ? [] : r.plan), o),
        [2, ...path],
      );
      expectInvalid(f(records, [seg('nobody', { field: 'seats', op: 'gt', value: 1000 })], o), [2, ...path]);
    },
  );

  it('renewalBy checks the records of its groups (renewals are matched over a whole group)', () => {
    const [bad] = BAD['renewalBy']!;
    const rs = [{ id: 's1', endsAt: d('2026-02-01'), renewalOfId: null, plan: 'pro' }, bad];
    expect(
      value(
        m.renewalBy(rs as never, ((r: { plan: string }) => (r.plan === 'pro' ? 'pro' : [])) as never, { period: q1 }),
      ).length,
    ).toBe(1);
  });

  it('the base metric’s option checks apply unchanged', () => {
    expectInvalid(m.churnBy(subs, 'plan', {} as never), ['options', 'period']);
    expectInvalid(m.churnBy(subs, 'plan', { period: march, denominator: 'mean' as never }), ['options', 'denominator']);
    expectInvalid(m.cesBy([], 'plan', { scale: 6 as never }), ['options', 'scale']);
    expectInvalid(m.csatBy([], 'plan', { satisfiedFrom: 9 }), ['options', 'satisfiedFrom']);
    expectInvalid(m.renewalBy([], 'plan', { period: q1, basis: 'mrr' as never }), ['options', 'basis']);
    expectInvalid(m.lifetimeValueBy([], 'plan', { grossMargin: 2 }), ['options', 'grossMargin']);
    expectInvalid(m.npsBy([], 'plan', { confidence: 2 }), ['options', 'confidence']);
    expectInvalid(m.conversionBy([], 'plan', { asOf: new Date(NaN) }), ['options', 'asOf']);
  });

  it('with a period, a response or lead the period cannot place is reported, not skipped', () => {
    const rs = [
      { score: 5, plan: 'pro', answeredAt: d('2026-03-02') },
      { score: 5, plan: 'pro', answeredAt: d('2026-02-02') },
      { score: 5, plan: 'pro' },
    ];
    for (const key of ['plan', (r: { plan: string }) => r.plan] as const) {
      expectInvalid(m.npsBy(rs, key, { period: march }), [2, 'answeredAt']);
      expectInvalid(m.cesBy(rs, key, { period: march }), [2, 'answeredAt']);
      expectInvalid(m.csatBy(rs, key, { period: march }), [2, 'answeredAt']);
      expectInvalid(m.npsBy([...rs.slice(0, 2), { ...rs[0]!, answeredAt: new Date(NaN) }], key, { period: march }), [
        2,
        'answeredAt',
      ]);
    }
    const leads = [
      { createdAt: d('2026-03-02'), convertedAt: null, plan: 'pro' },
      { createdAt: d('2026-01-02'), convertedAt: new Date(NaN), plan: 'pro' },
    ];
    expectInvalid(m.conversionBy(leads, 'plan', { period: march }), [1, 'convertedAt']);
    expectInvalid(m.conversionBy([leads[0]!, { ...leads[0]!, createdAt: new Date(NaN) }], 'plan', { period: march }), [
      1,
      'createdAt',
    ]);
    // Responses of another kind, and leads outside the period, form no group (as before issue 14).
    expect(value(m.npsBy([{ score: 9, kind: 'ces', plan: 'x' }], 'plan'))).toEqual([]);
    expect(value(m.conversionBy([leads[0]!], 'plan', { period: monthPeriod('2026-04-01') }))).toEqual([]);
  });

  it('errors are named after the …By function', () => {
    const r = m.churnBy(subs, 'plan', { period: march, by: 1 } as never);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toMatch(/^churnBy is invalid/);
  });

  it('a key function that fails on a record the base metric refuses gives that validation error', () => {
    // Found by the fuzzer: before issue 14, conversionBy checked every lead before reading its key.
    const leads = [
      { createdAt: d('2026-03-02'), convertedAt: null },
      { createdAt: d('2026-03-05'), convertedAt: null },
      { createdAt: [1, 2] as unknown as Date, convertedAt: null },
    ];
    expectInvalid(
      m.conversionBy(leads, (l) => l.createdAt.toISOString().slice(0, 7)),
      [2, 'createdAt'],
    );
    const subsBad = [...subs, { accountId: 'c', plan: 'x', startedAt: 'then' as unknown as Date, endedAt: null }];
    expectInvalid(
      m.churnBy(subsBad, (s) => s.startedAt.toISOString(), { period: march }),
      [2, 'startedAt'],
    );
  });

  it('a key function’s own exception propagates unchanged (documented)', () => {
    const boom = new Error('boom');
    expect(() =>
      m.churnBy(
        subs,
        () => {
          throw boom;
        },
        { period: march },
      ),
    ).toThrow(boom);
  });

  it('mixed currencies: per group as the base metric; within a group refused at the input index', () => {
    const ts = [
      { amount: money('1', 'USD'), region: 'us' },
      { amount: money('1', 'EUR'), region: 'eu' },
      { amount: money('2', 'EUR'), region: 'us' },
    ];
    expect(value(m.lifetimeValueBy(ts, (t) => (t.amount.currency === 'USD' ? 'usd' : 'eur'))).length).toBe(2);
    expectInvalid(m.lifetimeValueBy(ts, 'region'), [2, 'amount', 'currency']);
  });
});

describe('types', () => {
  it('a key is a field of the records, a function of them, or a segment list; options as the base metric', () => {
    const plans = [{ accountId: 'a', startedAt: d('2025-01-01'), endedAt: null, plan: 'pro', tags: ['x'] }];
    expectTypeOf(m.churnBy(plans, 'plan', { period: march })).toEqualTypeOf<Result<readonly m.ChurnGroup[]>>();
    expectTypeOf(m.retentionBy(plans, (s) => s.tags, { period: march })).toEqualTypeOf<
      Result<readonly m.RetentionGroup[]>
    >();
    expectTypeOf(m.lifetimeValueBy([{ amount: money('1', 'USD') }], [SEGMENTS[0]!.segment])).toEqualTypeOf<
      Result<readonly m.LifetimeValueGroup[]>
    >();
    // @ts-expect-error a field the records lack
    m.churnBy(plans, 'region', { period: march });
    // @ts-expect-error the period is required, as by churnRate on records
    m.churnBy(plans, 'plan');
    // @ts-expect-error a key function must return group values
    m.npsBy([{ score: 9 }], () => ({}));
    // @ts-expect-error an option of another metric
    m.cesBy([{ score: 5 }], 'score', { satisfiedFrom: 4 });
    expectTypeOf<m.MetricSegment['id']>().toEqualTypeOf<string>();
  });
});
