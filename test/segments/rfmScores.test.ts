import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { Decimal as DecimalJs } from 'decimal.js';

const Decimal = DecimalJs.clone({ precision: 80 });
import { rfmScores, type RfmScores, type RfmScore } from '../../src/segments/index.js';
import { money, type Money } from '../../src/money/index.js';
import { unwrap, type Result } from '../../src/core/result.js';
import { cdnowMaster } from '../clv/_cdnow.js';

const usd = (a: string) => money(a, 'USD');
const d = (s: string) => new Date(`${s}T12:00:00Z`);

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

describe('rfmScores on CDNOW (known values from R)', () => {
  // Expected values printed by R 4.x (quantile type 7; cut() right-closed with include.lowest, the
  // same rule as pandas qcut) with sums in integer cents, from the shared CDNOW_master.txt:
  //
  //   d <- read.table("CDNOW_master.txt", header = TRUE, colClasses = c("character", "character", "numeric", "character"))
  //   names(d) <- c("id", "date", "cds", "dollars")
  //   day <- as.integer(as.Date(d$date, "%Y%m%d")); cents <- round(as.numeric(d$dollars) * 100)
  //   end <- as.integer(as.Date("1998-06-30")); keep <- day <= end; ids <- unique(d$id[keep])
  //   rec <- as.numeric(end - tapply(day[keep], d$id[keep], max)[ids])
  //   freq <- as.numeric(table(d$id[keep])[ids])
  //   mon <- as.numeric(tapply(cents[keep], d$id[keep], sum)[ids]) / 100
  //   score <- function(x, rev = FALSE) {
  //     q <- quantile(x, (0:5) / 5, type = 7, names = FALSE); b <- unique(q)
  //     s <- if (length(b) == 1) rep(1L, length(x)) else cut(x, b, right = TRUE, include.lowest = TRUE, labels = FALSE)
  //     nb <- max(1, length(b) - 1); list(q = q, s = if (rev) nb + 1L - s else s) }
  //   R <- score(rec, TRUE); F <- score(freq); M <- score(mon)
  //   for (a in list(R, F, M)) cat(sprintf("%.17g", a$q), "\n")
  //   for (a in list(R, F, M)) print(table(a$s))
  //   tab <- table(paste0(R$s, F$s, M$s)); cat(paste0("'", names(tab), "': ", as.integer(tab), collapse = ", "))
  const scores = unwrap(
    rfmScores(
      cdnowMaster().map((t) => ({ customerId: t.id, at: t.date, value: t.value })),
      { observationEnd: '19980630', currency: 'USD' },
    ),
  );

  it('has R’s quantile breaks on each axis', () => {
    expect(scores.customers).toHaveLength(23570);
    expect(scores.axes.recency.quantiles).toEqual([0, 141, 432, 485, 512, 545]);
    expect(scores.axes.frequency.quantiles).toEqual([1, 1, 1, 2, 4, 217]);
    expect(scores.axes.monetary.quantiles).toEqual([
      0, 15.359999999999999, 31.350000000000001, 59.923999999999992, 133.94999999999999, 13990.93,
    ]);
    expect(scores.axes.frequency.breaks).toEqual([1, 2, 4, 217]);
    expect([scores.axes.recency.bins, scores.axes.frequency.bins, scores.axes.monetary.bins]).toEqual([5, 3, 5]);
    expect(scores.warnings).toEqual([
      'frequency has 3 bins instead of 5: its quantiles at p = 0, 0.2, 0.4 are all 1, so equal breaks were merged (many customers share these values).',
    ]);
  });

  it('has R’s score counts per axis and per score', () => {
    const count = (pick: (c: RfmScore) => string | number) => {
      const m: Record<string, number> = {};
      for (const c of scores.customers) m[pick(c)] = (m[pick(c)] ?? 0) + 1;
      return m;
    };
    expect(count((c) => c.r)).toEqual({ 1: 4539, 2: 4748, 3: 4844, 4: 4720, 5: 4719 });
    expect(count((c) => c.f)).toEqual({ 1: 15987, 2: 3658, 3: 3925 });
    expect(count((c) => c.m)).toEqual({ 1: 4817, 2: 4615, 3: 4710, 4: 4715, 5: 4713 });
    // prettier-ignore
    expect(count((c) => c.score)).toEqual({
      '111': 1666, '112': 1357, '113': 941, '114': 461, '115': 80, '123': 13, '124': 11, '125': 6, '134': 2, '135': 2,
      '211': 1644, '212': 1419, '213': 1045, '214': 462, '215': 89, '222': 2, '223': 19, '224': 34, '225': 27, '234': 4,
      '235': 3, '311': 1498, '312': 1237, '313': 1024, '314': 592, '315': 95, '322': 3, '323': 90, '324': 168, '325': 92,
      '334': 12, '335': 33, '411': 7, '412': 426, '413': 660, '414': 539, '415': 177, '422': 17, '423': 433, '424': 883,
      '425': 517, '432': 1, '433': 7, '434': 277, '435': 776, '511': 2, '512': 144, '513': 204, '514': 170, '515': 48,
      '522': 9, '523': 263, '524': 663, '525': 408, '533': 11, '534': 437, '535': 2360,
    });
  });

  it('scores customer 00003 as worked by hand', () => {
    // CDNOW_master.txt, customer 00003: 1997-01-02 20.76, 1997-03-30 20.76, 1997-04-02 19.54,
    // 1997-11-15 57.45, 1997-11-25 20.96, 1998-05-28 16.99.
    //   recencyDays = 1998-05-28 → 1998-06-30 = 3 (May 29–31) + 30 = 33
    //   frequency   = 6 transactions
    //   monetary    = 20.76 + 20.76 + 19.54 + 57.45 + 20.96 + 16.99 = 156.46
    // Recency quantiles at p = 0, .2, …, 1: 0, 141, 432, 485, 512, 545. The 0.2 quantile by hand:
    //   n = 23570, index = 1 + (n − 1)·0.2 = 4714.8, and the sorted recencies at 4714 and 4715 are both
    //   141, so q = 141. 33 ≤ 141: the first bin, r = 5 + 1 − 1 = 5 (recency scores are reversed).
    // Frequency breaks after merging: 1, 2, 4, 217 (3 bins); 6 > 4: the third bin, f = 3.
    // Monetary breaks: 0, 15.36, 31.35, 59.924, 133.95, 13990.93; 156.46 > 133.95: m = 5.
    const c = scores.customers.find((x) => x.customerId === '00003')!;
    expect(c).toEqual({
      customerId: '00003',
      recencyDays: 33,
      frequency: 6,
      monetary: { amount: '156.46', currency: 'USD' },
      r: 5,
      f: 3,
      m: 5,
      score: '535',
    });
    const sorted = scores.customers.map((x) => x.recencyDays).sort((a, b) => a - b);
    expect([sorted[4713], sorted[4714]]).toEqual([141, 141]);
  });

  it('is frozen and keeps customers in order of first transaction', () => {
    expect(deepFrozen(scores)).toBe(true);
    expect(scores.customers.slice(0, 3).map((c) => c.customerId)).toEqual(['00001', '00002', '00003']);
  });
});

describe('rfmScores: breaks, ties and the value at a break', () => {
  // Five customers with distinct values: quantiles at .2/.4/.6/.8 interpolate, every bin has one.
  const five = [
    { customerId: 'a', at: d('2026-03-31'), value: usd('50') }, // recency 0
    { customerId: 'b', at: d('2026-03-21'), value: usd('40') }, // 10
    { customerId: 'c', at: d('2026-03-11'), value: usd('30') }, // 20
    { customerId: 'd', at: d('2026-03-01'), value: usd('20') }, // 30
    { customerId: 'e', at: d('2026-02-19'), value: usd('10') }, // 40
  ];
  it('gives 5 to the best on each axis and 1 to the worst', () => {
    const s = unwrap(rfmScores(five, { observationEnd: '2026-03-31' }));
    expect(s.customers.map((c) => [c.customerId, c.recencyDays, c.r, c.m])).toEqual([
      ['a', 0, 5, 5],
      ['b', 10, 4, 4],
      ['c', 20, 3, 3],
      ['d', 30, 2, 2],
      ['e', 40, 1, 1],
    ]);
    // Recency quantiles (R: quantile(c(0, 10, 20, 30, 40), (0:5)/5)) = 0, 8, 16, 24, 32, 40.
    expect(s.axes.recency.quantiles).toEqual([0, 8, 16, 24, 32, 40]);
    // Every frequency is 1: one bin, everyone scores 1, and a warning says so.
    expect(s.axes.frequency).toEqual({ bins: 1, quantiles: [1, 1, 1, 1, 1, 1], breaks: [1] });
    expect(s.customers.every((c) => c.f === 1)).toBe(true);
    expect(s.warnings).toEqual([
      'frequency has 1 bin instead of 5: its quantiles at p = 0, 0.2, 0.4, 0.6, 0.8, 1 are all 1, so equal breaks were merged (many customers share these values).',
    ]);
  });

  it('puts a value equal to a break in the bin below (right-closed, as pandas qcut)', () => {
    // Monetary 1, 2, 3, 4, 5 with bins 4: quantiles 1, 2, 3, 4, 5 — every value but the minimum sits on
    // a break. pandas: qcut([1, 2, 3, 4, 5], 4, labels=False) + 1 = [1, 1, 2, 3, 4].
    const tx = [1, 2, 3, 4, 5].map((v, i) => ({ customerId: `c${i}`, at: '2026-03-01', value: `${v}` }));
    const s = unwrap(rfmScores(tx, { observationEnd: '2026-03-31', bins: 4, currency: 'EUR' }));
    expect(s.axes.monetary.quantiles).toEqual([1, 2, 3, 4, 5]);
    expect(s.customers.map((c) => c.m)).toEqual([1, 1, 2, 3, 4]);
  });

  it('reverses recency: a recency equal to a break counts as the more recent side', () => {
    // Recency days 0, 10, 20, 30, 40 with bins 4: breaks 0, 10, 20, 30, 40; qcut bins 1, 1, 2, 3, 4;
    // reversed r = 4, 4, 3, 2, 1.
    const tx = [0, 10, 20, 30, 40].map((days, i) => ({
      customerId: `c${i}`,
      at: new Date(Date.UTC(2026, 2, 31) - days * 86_400_000),
      value: usd('1'),
    }));
    const s = unwrap(rfmScores(tx, { observationEnd: '2026-03-31', bins: 4 }));
    expect(s.customers.map((c) => c.r)).toEqual([4, 4, 3, 2, 1]);
  });

  it('merges coinciding breaks and scores 1 … the fewer bins (frequency 1 for most customers)', () => {
    // Frequencies 1, 1, 1, 1, 1, 1, 2, 3, 5, 8. R: sprintf("%.17g", quantile(c(1,1,1,1,1,1,2,3,5,8), (0:5)/5))
    // = 1 1 1 1.3999999999999995 3.3999999999999986 8 → breaks 1, 1.4, 3.4, 8 (3 bins).
    const freq = [1, 1, 1, 1, 1, 1, 2, 3, 5, 8];
    const tx = freq.flatMap((n, i) =>
      Array.from({ length: n }, () => ({ customerId: `c${i}`, at: '2026-03-01', value: usd('1') })),
    );
    const s = unwrap(rfmScores(tx, { observationEnd: '2026-03-31' }));
    expect(s.axes.frequency.quantiles).toEqual([1, 1, 1, 1.3999999999999995, 3.3999999999999986, 8]);
    expect(s.axes.frequency.bins).toBe(3);
    expect(s.customers.map((c) => c.f)).toEqual([1, 1, 1, 1, 1, 1, 2, 2, 3, 3]);
    expect(s.warnings[1]).toMatch(/^frequency has 3 bins instead of 5: its quantiles at p = 0, 0.2, 0.4 are all 1,/);
  });

  it('counts every transaction (orders), several on one day too', () => {
    const tx = [
      { customerId: 'a', at: '2026-03-01T09:00:00Z', value: usd('1') },
      { customerId: 'a', at: '2026-03-01T18:00:00Z', value: usd('2') },
      { customerId: 'a', at: '2026-03-05T00:00:00Z', value: usd('-0.50') },
    ];
    const [a] = unwrap(rfmScores(tx, { observationEnd: '2026-03-31' })).customers;
    expect(a).toMatchObject({ frequency: 3, recencyDays: 26, monetary: { amount: '2.50', currency: 'USD' } });
  });

  it('ignores transactions after the observation end’s UTC day, keeping that whole day', () => {
    const tx = [
      { customerId: 'a', at: '2026-03-31T23:59:59Z', value: usd('1') },
      { customerId: 'a', at: '2026-04-01T00:00:00Z', value: usd('100') },
      { customerId: 'b', at: '2026-04-02', value: usd('100') },
    ];
    const s = unwrap(rfmScores(tx, { observationEnd: new Date('2026-03-31T00:00:00Z') }));
    expect(s.customers).toHaveLength(1);
    expect(s.customers[0]).toMatchObject({ customerId: 'a', recencyDays: 0, frequency: 1, monetary: usd('1') });
  });

  it('gives no customers for an empty log (axes with 0 bins, no warnings)', () => {
    const s = unwrap(rfmScores([], { observationEnd: '2026-03-31' }));
    expect(s).toEqual({
      customers: [],
      bins: 5,
      axes: {
        recency: { bins: 0, quantiles: [], breaks: [] },
        frequency: { bins: 0, quantiles: [], breaks: [] },
        monetary: { bins: 0, quantiles: [], breaks: [] },
      },
      currency: null,
      warnings: [],
    });
    expect(unwrap(rfmScores([], { observationEnd: 0, currency: 'EUR' })).currency).toBe('EUR');
  });

  it('scores a single customer 1 on every axis (one bin each)', () => {
    const s = unwrap(rfmScores([{ customerId: 7, at: 0, value: money('5', 'JPY') }], { observationEnd: 0 }));
    expect(s.customers[0]).toEqual({
      customerId: '7',
      recencyDays: 0,
      frequency: 1,
      monetary: { amount: '5', currency: 'JPY' },
      r: 1,
      f: 1,
      m: 1,
      score: '111',
    });
    expect(s.warnings).toHaveLength(3);
  });
});

describe('rfmScores: monetary values', () => {
  it('takes the mean rounded half-even to the currency’s minor units', () => {
    const tx = [
      { customerId: 'a', at: '2026-03-01', value: '0.01' },
      { customerId: 'a', at: '2026-03-02', value: '0.02' }, // 0.015 → 0.02 (half to even)
      { customerId: 'b', at: '2026-03-01', value: '0.01' },
      { customerId: 'b', at: '2026-03-02', value: '0.00' }, // 0.005 → 0.00
      { customerId: 'c', at: '2026-03-01', value: '-0.01' },
      { customerId: 'c', at: '2026-03-02', value: '-0.02' }, // −0.015 → −0.02
      { customerId: 'd', at: '2026-03-01', value: '1.00' },
      { customerId: 'd', at: '2026-03-02', value: '1.00' },
      { customerId: 'd', at: '2026-03-03', value: '2.00' }, // 1.3333… → 1.33
    ];
    const s = unwrap(rfmScores(tx, { observationEnd: '2026-03-31', monetary: 'mean', currency: 'USD' }));
    expect(s.customers.map((c) => c.monetary.amount)).toEqual(['0.02', '0.00', '-0.02', '1.33']);
  });

  it('stays exact beyond 2^53 minor units and for digits below the minor unit (decimal.js fallback)', () => {
    const tx = [
      { customerId: 'a', at: '2026-03-01', value: '90071992547409.91' }, // 2^53 − 1 cents
      { customerId: 'a', at: '2026-03-02', value: '0.01' },
      { customerId: 'a', at: '2026-03-03', value: '0.01' },
      { customerId: 'b', at: '2026-03-01', value: '0.125' },
      { customerId: 'b', at: '2026-03-01', value: ' 0.125 ' },
      { customerId: 'c', at: '2026-03-01', value: '1e3'.replace('1e3', '1000.000') },
    ];
    const sum = unwrap(rfmScores(tx, { observationEnd: '2026-03-31', currency: 'USD' }));
    expect(sum.customers.map((c) => c.monetary.amount)).toEqual(['90071992547409.93', '0.25', '1000.00']);
    const mean = unwrap(rfmScores(tx, { observationEnd: '2026-03-31', currency: 'USD', monetary: 'mean' }));
    // 90071992547409.93 / 3 = 30023997515803.31 exactly; 0.25 / 2 = 0.125 → 0.12 (half-even).
    expect(mean.customers.map((c) => c.monetary.amount)).toEqual(['30023997515803.31', '0.12', '1000.00']);
  });

  it('reads Money in its currency, or decimal strings in options.currency (KWD: 3 decimals, JPY: none)', () => {
    const kwd = unwrap(
      rfmScores([{ customerId: 'a', at: '2026-03-01', value: '1.5' }], {
        observationEnd: '2026-03-31',
        currency: 'KWD',
      }),
    );
    expect(kwd.customers[0]!.monetary).toEqual({ amount: '1.500', currency: 'KWD' });
    const jpy = unwrap(
      rfmScores(
        [
          { customerId: 'a', at: '2026-03-01', value: money('1500', 'JPY') },
          { customerId: 'a', at: '2026-03-01', value: '-2000' },
        ],
        { observationEnd: '2026-03-31', currency: 'JPY' },
      ),
    );
    expect(jpy.customers[0]!.monetary).toEqual({ amount: '-500', currency: 'JPY' });
  });

  it('takes accessors (keys or functions) for any transaction shape, and number ids as strings', () => {
    const rows = [
      { who: 7, when: 20260301, amount: { amount: '3.00', currency: 'EUR' } as Money },
      { who: '7', when: 20260310, amount: { amount: '4.00', currency: 'EUR' } as Money },
    ];
    const s = unwrap(
      rfmScores(rows, {
        observationEnd: '2026-03-31',
        customerId: 'who',
        at: (t) => String(t.when),
        value: 'amount',
      }),
    );
    expect(s.customers).toEqual([
      {
        customerId: '7',
        recencyDays: 21,
        frequency: 2,
        monetary: { amount: '7.00', currency: 'EUR' },
        r: 1,
        f: 1,
        m: 1,
        score: '111',
      },
    ]);
  });
});

describe('rfmScores: bad input', () => {
  const ok = { customerId: 'a', at: '2026-03-01', value: usd('1') };
  it('names a transaction without a customer id', () => {
    for (const bad of [undefined, '', null, Number.NaN, {}]) {
      const r = rfmScores([ok, { ...ok, customerId: bad as never }], { observationEnd: '2026-03-31' });
      expect(issuesOf(r).map((i) => i.path)).toEqual([[1, 'customerId']]);
    }
  });
  it('names an invalid date', () => {
    for (const bad of ['2026-13-45', 'soon', Number.NaN, new Date(Number.NaN), null, {}]) {
      const r = rfmScores([{ ...ok, at: bad as never }], { observationEnd: '2026-03-31' });
      expect(issuesOf(r)).toMatchObject([{ path: [0, 'at'], code: 'invalid_date' }]);
    }
  });
  it('names a value that is not Money or a decimal string (numbers refused)', () => {
    for (const bad of [1.5, 10, '1,5', '1e3', 'abc', null, { amount: 1, currency: 'USD' }, { amount: '1' }, '']) {
      const r = rfmScores([{ ...ok, value: bad as never }], { observationEnd: '2026-03-31', currency: 'USD' });
      expect(issuesOf(r)).toMatchObject([{ path: [0, 'value'], code: 'invalid_amount' }]);
    }
    const long = rfmScores([{ ...ok, value: '1'.repeat(81) }], { observationEnd: '2026-03-31', currency: 'USD' });
    expect(issuesOf(long)).toMatchObject([{ path: [0, 'value'] }]);
  });
  it('refuses a decimal string without options.currency', () => {
    const r = rfmScores([{ ...ok, value: '1.00' }], { observationEnd: '2026-03-31' });
    expect(issuesOf(r)[0]!.message).toMatch(/needs options\.currency/);
  });
  it('names mixed currencies', () => {
    const r = rfmScores([ok, { ...ok, value: money('1', 'EUR') }], { observationEnd: '2026-03-31' });
    expect(issuesOf(r)).toMatchObject([{ path: [1, 'value'], code: 'currency_mismatch' }]);
    const given = rfmScores([ok], { observationEnd: '2026-03-31', currency: 'EUR' });
    expect(issuesOf(given)).toMatchObject([{ path: [0, 'value'], code: 'currency_mismatch' }]);
  });
  it('refuses a bad bin count, bad options and unknown option keys', () => {
    for (const bins of [3, 6, '5', 0, null]) {
      const r = rfmScores([ok], { observationEnd: '2026-03-31', bins: bins as never });
      expect(issuesOf(r)).toMatchObject([{ path: ['options', 'bins'], code: 'invalid_value' }]);
    }
    expect(issuesOf(rfmScores([ok], { observationEnd: '2026-03-31', monetary: 'median' as never }))).toMatchObject([
      { path: ['options', 'monetary'] },
    ]);
    expect(issuesOf(rfmScores([ok], { observationEnd: 'x' }))).toMatchObject([
      { path: ['options', 'observationEnd'], code: 'invalid_date' },
    ]);
    expect(issuesOf(rfmScores([ok], { observationEnd: '2026-03-31', currency: 'usd' }))).toMatchObject([
      { path: ['options', 'currency'], code: 'invalid_currency' },
    ]);
    expect(issuesOf(rfmScores([ok], { observationEnd: '2026-03-31', at: 3n as never }))).toMatchObject([
      { path: ['options', 'at'], code: 'invalid_type' },
    ]);
    const unknown = issuesOf(rfmScores([ok], { observationEnd: '2026-03-31', timeUnit: 'day' } as never));
    expect(unknown).toMatchObject([{ path: ['options'], code: 'unrecognized_keys' }]);
    expect(unknown[0]!.message).toMatch(/allowed: observationEnd, bins, monetary, customerId, at, value, currency/);
    for (const none of [undefined, null])
      expect(issuesOf(rfmScores([ok], none as never))).toMatchObject([{ path: ['options', 'observationEnd'] }]);
  });
  it('never throws: not an array, throwing getters and accessors, sparse arrays', () => {
    expect(issuesOf(rfmScores('x' as never, { observationEnd: 0 }))).toMatchObject([{ path: [] }]);
    const getter = Object.defineProperty({ ...ok }, 'value', {
      get() {
        throw new Error('boom');
      },
    });
    expect(issuesOf(rfmScores([getter], { observationEnd: 0 }))[0]!.message).toMatch(/boom/);
    const accessor = rfmScores([ok], {
      observationEnd: 0,
      at: () => {
        throw new Error('accessor');
      },
    });
    expect(issuesOf(accessor)[0]!.message).toMatch(/accessor/);
    const sparse = new Array(2) as (typeof ok)[];
    sparse[1] = ok;
    expect(issuesOf(rfmScores(sparse, { observationEnd: 0 }))[0]!.path).toEqual([0, 'customerId']);
    const options = new Proxy({} as never, {
      ownKeys() {
        throw new Error('keys');
      },
    });
    expect(rfmScores([ok], options).ok).toBe(false);
  });
  it('reports at most 100 issues for a log of bad transactions', () => {
    const bad = Array.from({ length: 10_000 }, () => ({ customerId: '', at: 'x', value: 1 }));
    const issues = issuesOf(rfmScores(bad as never, { observationEnd: 0 }));
    expect(issues.length).toBe(100);
  });
});

// ---- properties ------------------------------------------------------------------------------------------

interface Tx {
  readonly customerId: string;
  readonly at: Date;
  readonly value: Money | string;
}
const END = Date.UTC(2026, 2, 31);
const amount = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: -500, max: 100_000 }).map((c) => (c / 100).toFixed(2)) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 99_999 }).map((c) => (c / 1000).toFixed(3)) },
  { weight: 1, arbitrary: fc.bigInt({ min: 10n ** 14n, max: 10n ** 20n }).map((b) => `${b}.99`) },
);
const txArb: fc.Arbitrary<Tx> = fc.record({
  customerId: fc.integer({ min: 0, max: 12 }).map((i) => `c${i}`),
  at: fc.integer({ min: -30, max: 120 }).map((days) => new Date(END - days * 86_400_000 + 3_600_000)),
  value: fc.tuple(amount, fc.boolean()).map(([a, asMoney]) => (asMoney ? money(a, 'USD') : a)),
});
const optionsArb = fc.record({ bins: fc.constantFrom(5 as const, 4 as const), mean: fc.boolean() });

/** A plain reference: decimal.js sums, R type 7 quantiles, and pandas-style cut by search. */
function reference(tx: readonly Tx[], bins: number, mean: boolean) {
  const end = Math.floor(END / 86_400_000);
  const by = new Map<string, { last: number; n: number; sum: InstanceType<typeof Decimal> }>();
  for (const t of tx) {
    const day = Math.floor(t.at.getTime() / 86_400_000);
    if (day > end) continue;
    const v = new Decimal(typeof t.value === 'string' ? t.value : t.value.amount);
    const c = by.get(t.customerId) ?? { last: -Infinity, n: 0, sum: new Decimal(0) };
    by.set(t.customerId, { last: Math.max(c.last, day), n: c.n + 1, sum: c.sum.plus(v) });
  }
  const rows = [...by].map(([id, c]) => {
    const m = mean ? c.sum.div(c.n).toDecimalPlaces(2, Decimal.ROUND_HALF_EVEN) : c.sum;
    return { id, rec: end - c.last, freq: c.n, mon: m };
  });
  const cut = (xs: number[], reverse: boolean) => {
    const s = [...xs].sort((a, b) => a - b);
    const q = Array.from({ length: bins + 1 }, (_, k) => {
      const h = (s.length - 1) * (k / bins);
      const lo = Math.floor(h);
      return h === lo || s[lo] === s[lo + 1] ? s[lo]! : (1 - (h - lo)) * s[lo]! + (h - lo) * s[lo + 1]!;
    });
    const b = [...new Set(q)];
    const nb = Math.max(1, b.length - 1);
    return xs.map((x) => {
      const bin = Math.max(
        1,
        b.findIndex((e) => x <= e),
      );
      return reverse ? nb + 1 - bin : bin;
    });
  };
  const r = cut(
    rows.map((x) => x.rec),
    true,
  );
  const f = cut(
    rows.map((x) => x.freq),
    false,
  );
  const m = cut(
    rows.map((x) => x.mon.toNumber()),
    false,
  );
  return rows.map((x, i) => ({ ...x, r: r[i], f: f[i], m: m[i] }));
}

describe('rfmScores properties', () => {
  it('equals a plain reference (decimal sums, R type 7, right-closed cut)', () => {
    fc.assert(
      fc.property(fc.array(txArb, { maxLength: 60 }), optionsArb, (tx, o) => {
        const s = unwrap(
          rfmScores(tx, {
            observationEnd: new Date(END),
            currency: 'USD',
            bins: o.bins,
            monetary: o.mean ? 'mean' : 'sum',
          }),
        );
        const ref = reference(tx, o.bins, o.mean);
        expect(s.customers.map((c) => [c.customerId, c.recencyDays, c.frequency, c.r, c.f, c.m])).toEqual(
          ref.map((x) => [x.id, x.rec, x.freq, x.r, x.f, x.m]),
        );
        s.customers.forEach((c, i) => expect(new Decimal(c.monetary.amount).eq(ref[i]!.mon)).toBe(true));
      }),
      { numRuns: 300 },
    );
  });

  it('keeps every score in 1 … the axis’ bins, and the score string consistent', () => {
    fc.assert(
      fc.property(fc.array(txArb, { maxLength: 80 }), optionsArb, (tx, o) => {
        const s = unwrap(rfmScores(tx, { observationEnd: END, currency: 'USD', bins: o.bins }));
        for (const c of s.customers) {
          expect(c.r).toBeGreaterThanOrEqual(1);
          expect(c.r).toBeLessThanOrEqual(s.axes.recency.bins);
          expect(c.f).toBeGreaterThanOrEqual(1);
          expect(c.f).toBeLessThanOrEqual(s.axes.frequency.bins);
          expect(c.m).toBeGreaterThanOrEqual(1);
          expect(c.m).toBeLessThanOrEqual(s.axes.monetary.bins);
          expect(c.score).toBe(`${c.r}${c.f}${c.m}`);
        }
        for (const axis of Object.values(s.axes)) expect(axis.bins).toBeLessThanOrEqual(o.bins);
        const reduced = Object.values(s.axes).filter((a) => a.bins < o.bins).length;
        expect(s.warnings).toHaveLength(s.customers.length === 0 ? 0 : reduced);
      }),
    );
  });

  it('is monotone: more recent never a lower r, more frequent never a lower f, more value never a lower m', () => {
    fc.assert(
      fc.property(fc.array(txArb, { maxLength: 80 }), optionsArb, (tx, o) => {
        const s = unwrap(
          rfmScores(tx, { observationEnd: END, currency: 'USD', bins: o.bins, monetary: o.mean ? 'mean' : 'sum' }),
        );
        for (const a of s.customers)
          for (const b of s.customers) {
            if (a.recencyDays < b.recencyDays) expect(a.r).toBeGreaterThanOrEqual(b.r);
            if (a.frequency > b.frequency) expect(a.f).toBeGreaterThanOrEqual(b.f);
            if (new Decimal(a.monetary.amount).gt(b.monetary.amount)) expect(a.m).toBeGreaterThanOrEqual(b.m);
          }
      }),
    );
  });

  it('does not change its input and returns a deeply frozen result', () => {
    fc.assert(
      fc.property(fc.array(txArb, { maxLength: 30 }), (tx) => {
        const copy = structuredClone(tx);
        const s: RfmScores = unwrap(rfmScores(tx, { observationEnd: END, currency: 'USD' }));
        expect(tx).toEqual(copy);
        expect(tx.every((t) => !Object.isFrozen(t))).toBe(true);
        expect(deepFrozen(s)).toBe(true);
      }),
    );
  });
});
