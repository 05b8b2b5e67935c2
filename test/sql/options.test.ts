/**
 * Issue 19 item 5: the builders of crmkit/sql refuse bad input with Results naming the option — table and
 * column names that are not plain or schema-qualified identifiers (injection attempts among them), unknown
 * keys, bad dates, units, periods and dialects — and never put a value in the SQL text. The readers refuse
 * rows that are not the statements' own, and tables holding records the in-memory functions refuse.
 */
import { describe, expect, it } from 'vitest';
import {
  cohortRetentionFromSql,
  cohortRetentionSql,
  npsCountsFromSql,
  npsCountsSql,
  rfmSummaryFromSql,
  rfmSummarySql,
  type SqlRow,
} from '../../src/sql/index.js';
import type { Result } from '../../src/core/result.js';

const rfm = {
  table: 'orders',
  customerId: 'customer_id',
  at: 'ordered_at',
  value: 'amount',
  observationEnd: '1998-06-30',
  timeUnit: 'week',
} as const;
const npsO = { table: 'responses', score: 'score', kind: 'kind', answeredAt: 'answered_at' } as const;
const cohort = {
  table: 'subs',
  startedAt: 'started_at',
  endedAt: 'ended_at',
  periods: 6,
  asOf: new Date('2026-01-01T00:00:00Z'),
} as const;

function refused(r: Result<unknown>, path: readonly (string | number)[], code?: string) {
  expect(r.ok).toBe(false);
  if (r.ok) return;
  expect(r.error.code).toBe('validation_failed');
  expect(r.error.issues.map((i) => i.path)).toContainEqual(path);
  if (code !== undefined)
    expect(r.error.issues.find((i) => JSON.stringify(i.path) === JSON.stringify(path))?.code).toBe(code);
}

const ATTEMPTS = [
  'orders; DROP TABLE orders',
  'orders"; DROP TABLE orders; --',
  'a"b',
  '"orders"',
  'a b',
  'x--',
  "o'rders",
  'orders/**/',
  'a.b.c',
  '.a',
  'a.',
  '',
  '1abc',
  'café',
  'a\u0000b',
  'x'.repeat(64),
  'public.orders; SELECT 1',
];

describe('identifiers are plain or schema-qualified, or refused', () => {
  const builders = [
    [
      'rfmSummarySql',
      (o: Record<string, unknown>) => rfmSummarySql({ ...rfm, ...o } as never),
      ['table', 'customerId', 'at', 'value'],
    ],
    [
      'npsCountsSql',
      (o: Record<string, unknown>) => npsCountsSql({ ...npsO, ...o } as never),
      ['table', 'score', 'kind', 'answeredAt'],
    ],
    [
      'cohortRetentionSql',
      (o: Record<string, unknown>) => cohortRetentionSql({ ...cohort, ...o } as never),
      ['table', 'startedAt', 'endedAt'],
    ],
  ] as const;
  for (const [name, build, keys] of builders) {
    for (const key of keys)
      it(`${name}: ${key} injection attempts are refused with the option's path`, () => {
        for (const bad of [...ATTEMPTS, 42, {}, ['a']]) refused(build({ [key]: bad }), ['options', key]);
      });
    it(`${name}: a column name is never schema-qualified`, () =>
      refused(build({ [keys[1]]: 'public.x' }), ['options', keys[1]], 'invalid_format'));
    it(`${name}: names are quoted as given, schema-qualified tables too`, () => {
      const r = build({ table: 'Sales.Orders_2026' });
      expect(r.ok).toBe(true);
      if (r.ok) expect(r.value.text).toContain('"Sales"."Orders_2026"');
      const reserved = build({ table: 'select', [keys[1]]: 'from' });
      expect(reserved.ok && reserved.value.text.includes('"select"') && reserved.value.text.includes('"from"')).toBe(
        true,
      );
    });
    it(`${name}: 63 characters are allowed, 64 refused (PostgreSQL would truncate)`, () => {
      expect(build({ table: 'x'.repeat(63) }).ok).toBe(true);
      refused(build({ table: 'x'.repeat(64) }), ['options', 'table'], 'invalid_format');
    });
    it(`${name}: unknown keys are refused, naming the allowed ones`, () => {
      const r = build({ tabel: 'x' });
      refused(r, ['options'], 'unrecognized_keys');
      if (!r.ok) expect(r.error.issues[0]!.message).toContain('allowed: table');
    });
    it(`${name}: an unknown dialect is refused`, () =>
      refused(build({ dialect: 'mysql' }), ['options', 'dialect'], 'invalid_value'));
    it(`${name}: missing or null options give a Result, never a throw`, () => {
      const bare =
        name === 'rfmSummarySql' ? rfmSummarySql : name === 'npsCountsSql' ? npsCountsSql : cohortRetentionSql;
      for (const o of [undefined, null, 'x', 42, [], {}])
        expect((bare as (o: unknown) => Result<unknown>)(o).ok).toBe(false);
    });
    it(`${name}: options whose getters throw give a Result`, () => {
      const hostile = new Proxy(
        {},
        {
          ownKeys: () => {
            throw new Error('boom');
          },
        },
      );
      const bare =
        name === 'rfmSummarySql' ? rfmSummarySql : name === 'npsCountsSql' ? npsCountsSql : cohortRetentionSql;
      const r = (bare as (o: unknown) => Result<unknown>)(hostile);
      expect(r.ok).toBe(false);
    });
  }
});

describe('values are parameters, never SQL text', () => {
  it('rfmSummarySql puts the UTC day numbers of the dates in params', () => {
    const r = rfmSummarySql({ ...rfm, calibrationEnd: '1997-09-30' });
    expect(r.ok && r.value.params).toEqual([
      String(Date.UTC(1998, 5, 30) / 864e5),
      String(Date.UTC(1997, 8, 30) / 864e5),
    ]);
    expect(r.ok && r.value.text.includes('10134')).toBe(false);
    expect(r.ok && Object.isFrozen(r.value) && Object.isFrozen(r.value.params)).toBe(true);
  });
  it('npsCountsSql binds the kind and the period bounds', () => {
    const period = { start: new Date('2026-01-01T00:00:00Z'), end: new Date('2026-02-01T00:00:00Z') };
    const r = npsCountsSql({ ...npsO, period, dialect: 'duckdb' });
    expect(r.ok && r.value.params).toEqual(['nps', '1767225600000000', '1769904000000000']);
    expect(r.ok && /nps'|1767225600/.test(r.value.text)).toBe(false);
  });
  it('cohortRetentionSql binds asOf and periods', () => {
    const r = cohortRetentionSql(cohort);
    expect(r.ok && r.value.params).toEqual(['1767225600000000', '6']);
  });
  it('the dialects differ where their SQL does', () => {
    const pg = rfmSummarySql(rfm);
    const duck = rfmSummarySql({ ...rfm, dialect: 'duckdb' });
    expect(pg.ok && pg.value.text).toContain('extract(epoch FROM "ordered_at")');
    expect(duck.ok && duck.value.text).toContain('epoch_us("ordered_at")');
  });
});

describe('filter', () => {
  it("binds each value after the statement's own parameters", () => {
    const r = rfmSummarySql({ ...rfm, filter: { tenant_id: 't1', shard: 3 } });
    expect(r.ok && r.value.params.slice(2)).toEqual(['t1', '3']);
    expect(r.ok && r.value.text).toContain('WHERE "tenant_id" = $3 AND "shard" = $4');
    const c = cohortRetentionSql({ ...cohort, filter: { tenant_id: 't1' } });
    expect(c.ok && c.value.text).toContain('AND "tenant_id" = $3');
  });
  it('refuses column names that are not plain, values that are not strings or finite numbers, too many', () => {
    refused(rfmSummarySql({ ...rfm, filter: { 'a; DROP': 'x' } }), ['options', 'filter', 'a; DROP'], 'invalid_format');
    refused(npsCountsSql({ ...npsO, filter: { t: null as never } }), ['options', 'filter', 't'], 'invalid_type');
    refused(npsCountsSql({ ...npsO, filter: { t: Number.NaN } }), ['options', 'filter', 't'], 'invalid_type');
    refused(cohortRetentionSql({ ...cohort, filter: ['t'] as never }), ['options', 'filter'], 'invalid_type');
    const many = Object.fromEntries(Array.from({ length: 17 }, (_, i) => [`c${i}`, i]));
    refused(rfmSummarySql({ ...rfm, filter: many }), ['options', 'filter'], 'too_big');
    expect(rfmSummarySql({ ...rfm, filter: {} }).ok).toBe(true);
  });
});

describe('other options', () => {
  it('rfmSummarySql: time unit, dates and the calibration order', () => {
    refused(rfmSummarySql({ ...rfm, timeUnit: 'year' as never }), ['options', 'timeUnit'], 'invalid_value');
    refused(rfmSummarySql({ ...rfm, observationEnd: 'soon' }), ['options', 'observationEnd'], 'invalid_date');
    refused(
      rfmSummarySql({ ...rfm, calibrationEnd: new Date(Number.NaN) }),
      ['options', 'calibrationEnd'],
      'invalid_date',
    );
    refused(rfmSummarySql({ ...rfm, calibrationEnd: '1999-01-01' }), ['options', 'calibrationEnd'], 'too_big');
    refused(rfmSummarySql({ ...rfm, at: undefined } as never), ['options', 'at'], 'invalid_type');
    expect(rfmSummarySql({ ...rfm, value: undefined }).ok).toBe(true);
  });
  it('npsCountsSql: a period needs answeredAt and must be a period', () => {
    const period = { start: new Date('2026-01-01T00:00:00Z'), end: new Date('2026-02-01T00:00:00Z') };
    refused(npsCountsSql({ table: 't', score: 's', period }), ['options', 'answeredAt']);
    refused(
      npsCountsSql({ ...npsO, period: { start: period.end, end: period.start } }),
      ['options', 'period'],
      'invalid_period',
    );
  });
  it('cohortRetentionSql: cohortBy, periods and asOf as cohortRetention checks them', () => {
    refused(cohortRetentionSql({ ...cohort, cohortBy: 'day' as never }), ['options', 'cohortBy']);
    refused(cohortRetentionSql({ ...cohort, periods: 0 }), ['options', 'periods']);
    refused(cohortRetentionSql({ ...cohort, periods: 1001 }), ['options', 'periods']);
    refused(cohortRetentionSql({ ...cohort, asOf: new Date(Number.NaN) }), ['options', 'asOf'], 'invalid_date');
  });
});

const rfmRow = (over: Record<string, unknown> = {}): SqlRow => ({
  customer_id: 'a',
  frequency: 2,
  recency: 30.428571428571427,
  t: 38.857142857142854,
  monetary_sum: '44.69',
  frequency_holdout: null,
  monetary_sum_holdout: null,
  duration_holdout: null,
  invalid_rows: '0',
  ...over,
});

describe('the readers', () => {
  it('rfmSummaryFromSql reads pg, PGlite and DuckDB value kinds, and a result { rows }', () => {
    const a = rfmSummaryFromSql([
      rfmRow(),
      rfmRow({ customer_id: 'b', frequency: 0, monetary_sum: 0n, invalid_rows: 0n }),
    ]);
    expect(a.ok && a.value.map((c) => c.monetaryValue)).toEqual([22.345, 0]);
    const b = rfmSummaryFromSql({
      rows: [rfmRow({ frequency_holdout: '3', monetary_sum_holdout: '10', duration_holdout: 39 })],
    });
    expect(b.ok && b.value[0]).toMatchObject({
      frequencyHoldout: 3,
      monetaryValueHoldout: 10 / 3,
      durationHoldout: 39,
    });
    expect(rfmSummaryFromSql([])).toEqual({ ok: true, value: [] });
  });
  it('rfmSummaryFromSql refuses what rfmSummary refuses, naming the row', () => {
    refused(rfmSummaryFromSql([rfmRow(), rfmRow({ invalid_rows: 2 })]), [1, 'invalid_rows'], 'invalid_value');
    refused(rfmSummaryFromSql([rfmRow({ customer_id: null })]), [0, 'customer_id'], 'invalid_type');
    refused(rfmSummaryFromSql([rfmRow({ customer_id: '' })]), [0, 'customer_id'], 'invalid_type');
  });
  it('rfmSummaryFromSql refuses rows that are not the statement’s, and inexact sums', () => {
    refused(rfmSummaryFromSql([rfmRow({ monetary_sum: 44.69 })]), [0, 'monetary_sum'], 'invalid_type');
    refused(rfmSummaryFromSql([rfmRow({ frequency: -1 })]), [0, 'frequency']);
    // the fuzzer's seed 1940634442: a sum past binary64 gave monetaryValue -Infinity
    refused(rfmSummaryFromSql([rfmRow({ monetary_sum: '-1e309' })]), [0, 'monetary_sum'], 'invalid_type');
    refused(rfmSummaryFromSql([rfmRow({ frequency_holdout: 1, monetary_sum_holdout: '1e400', duration_holdout: 3 })]), [
      0,
      'monetary_sum_holdout',
    ]);
    refused(rfmSummaryFromSql([rfmRow({ recency: 'NaN' })]), [0, 'recency']);
    refused(rfmSummaryFromSql([rfmRow({ t: undefined })]), [0, 't']);
    refused(rfmSummaryFromSql([null] as never), [0]);
    for (const x of [null, undefined, 42, 'rows', { rows: 'x' }]) expect(rfmSummaryFromSql(x as never).ok).toBe(false);
  });
  it('npsCountsFromSql: one row of counts', () => {
    expect(npsCountsFromSql([{ promoters: '5', passives: 3, detractors: 2n, invalid_rows: '0' }])).toEqual({
      ok: true,
      value: { promoters: 5, passives: 3, detractors: 2 },
    });
    refused(npsCountsFromSql([{ promoters: 5, passives: 3, detractors: 2, invalid_rows: 1 }]), [0, 'invalid_rows']);
    refused(npsCountsFromSql([{ promoters: 5, passives: 3, detractors: 2.5, invalid_rows: 0 }]), [0, 'detractors']);
    refused(npsCountsFromSql([]), []);
  });
  it('cohortRetentionFromSql: rows of the statement, for the same options', () => {
    const o = { periods: 3, asOf: new Date('2026-03-15T00:00:00Z') };
    const jan = Date.UTC(2026, 0, 1) / 864e5;
    refused(
      cohortRetentionFromSql([{ cohort_day: null, survived: null, customers: '2' }], o),
      [0, 'cohort_day'],
      'invalid_value',
    );
    refused(cohortRetentionFromSql([{ cohort_day: jan + 1, survived: 1, customers: 1 }], o), [0, 'cohort_day']);
    refused(cohortRetentionFromSql([{ cohort_day: jan, survived: 4, customers: 1 }], o), [0, 'survived']);
    refused(cohortRetentionFromSql([{ cohort_day: jan, survived: 1, customers: -1 }], o), [0, 'customers']);
    refused(cohortRetentionFromSql([], { ...o, periods: 0 }), ['options', 'periods']);
    const t = cohortRetentionFromSql([], o);
    expect(t.ok && t.value.rows).toEqual([]);
  });
});
