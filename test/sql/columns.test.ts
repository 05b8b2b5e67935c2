/**
 * Issue 19 item 5: the statements run on the column types users have — integer customer ids, a
 * timestamp without time zone (read as UTC), a date, an integer value or none, names that are SQL
 * reserved words — on DuckDB, PGlite and the PostgreSQL server (session zone America/New_York), with
 * the same rows as rfmSummary; and a NULL or empty customer id is refused as rfmSummary refuses it.
 */
import { describe, expect, it } from 'vitest';
import { rfmSummary } from '../../src/clv/index.js';
import { cohortRetention, nps } from '../../src/metrics/index.js';
import {
  cohortRetentionFromSql,
  cohortRetentionSql,
  npsCountsFromSql,
  npsCountsSql,
  rfmSummaryFromSql,
  rfmSummarySql,
} from '../../src/sql/index.js';
import { unwrap } from '../../src/core/result.js';
import { useEngines } from './_engines.js';

const engines = useEngines('sql_columns');
const each = engines.map((e) => [e.name, e] as const);
const LOG = [
  { id: 12, at: '2026-01-01T23:30:00Z', value: 3 },
  { id: 12, at: '2026-01-02T00:30:00Z', value: 4 },
  { id: 12, at: '2026-01-02T10:00:00Z', value: -1 },
  { id: 3, at: '2026-01-05T04:59:59Z', value: 10 },
  { id: 12, at: '2026-02-20T12:00:00Z', value: 7 },
  { id: 3, at: '2026-03-31T23:59:59Z', value: 2 },
  { id: 12, at: '2026-04-01T00:00:00Z', value: 100 },
];

describe('column types', () => {
  it.each(each)('%s: integer ids, a timestamp without time zone, no value column', async (_n, e) => {
    await e.load(
      `${e.prefix}ts_log`,
      [
        { name: 'id', postgres: 'integer', duckdb: 'INTEGER' },
        { name: 'at', postgres: 'timestamp', duckdb: 'TIMESTAMP' },
      ],
      LOG.map((t) => [String(t.id), t.at.replace('T', ' ').replace('Z', '')]),
    );
    const options = { observationEnd: '2026-03-31', timeUnit: 'week' } as const;
    const s = unwrap(
      rfmSummarySql({ table: `${e.prefix}ts_log`, customerId: 'id', at: 'at', dialect: e.dialect, ...options }),
    );
    const expected = unwrap(rfmSummary(LOG, { customerId: 'id', at: 'at', ...options }));
    expect(unwrap(rfmSummaryFromSql(await e.run(s)))).toEqual(
      [...expected].sort((a, b) => (a.customerId < b.customerId ? -1 : 1)),
    );
  });

  it.each(each)('%s: bigint ids, a date, an integer value; names that are reserved words', async (_n, e) => {
    await e.load(
      `${e.prefix}"select"`,
      [
        { name: 'user', postgres: 'bigint', duckdb: 'BIGINT' },
        { name: 'order', postgres: 'date', duckdb: 'DATE' },
        { name: 'from', postgres: 'integer', duckdb: 'INTEGER' },
      ],
      LOG.map((t) => [String(t.id), t.at.slice(0, 10), String(t.value)]),
    );
    const options = { observationEnd: '2026-04-30', calibrationEnd: '2026-02-28', timeUnit: 'month' } as const;
    const table = e.prefix === '' ? 'select' : `${e.prefix.slice(0, -1)}.select`;
    const s = unwrap(
      rfmSummarySql({ table, customerId: 'user', at: 'order', value: 'from', dialect: e.dialect, ...options }),
    );
    const expected = unwrap(
      rfmSummary(LOG, { customerId: 'id', at: (t) => t.at.slice(0, 10), value: 'value', ...options }),
    );
    expect(unwrap(rfmSummaryFromSql(await e.run(s)))).toEqual(
      [...expected].sort((a, b) => (a.customerId < b.customerId ? -1 : 1)),
    );
  });

  it.each(each)('%s: a NULL or empty customer id is refused, as rfmSummary refuses it', async (_n, e) => {
    await e.load(
      `${e.prefix}null_ids`,
      [
        { name: 'c', postgres: 'text', duckdb: 'VARCHAR' },
        { name: 'at', postgres: 'date', duckdb: 'DATE' },
      ],
      [
        ['a', '2026-01-01'],
        [null, '2026-01-02'],
      ],
    );
    const s = unwrap(
      rfmSummarySql({
        table: `${e.prefix}null_ids`,
        customerId: 'c',
        at: 'at',
        observationEnd: '2026-02-01',
        timeUnit: 'day',
        dialect: e.dialect,
      }),
    );
    const r = rfmSummaryFromSql(await e.run(s));
    expect(r.ok).toBe(false);
    expect(
      rfmSummary(
        [
          { c: 'a', at: '2026-01-01' },
          { c: null as unknown as string, at: '2026-01-02' },
        ],
        { customerId: 'c', at: 'at', observationEnd: '2026-02-01', timeUnit: 'day' },
      ).ok,
    ).toBe(false);
  });

  it.each(each)('%s: integer scores and date columns for NPS and cohorts', async (_n, e) => {
    await e.load(
      `${e.prefix}answers`,
      [
        { name: 'score', postgres: 'smallint', duckdb: 'SMALLINT' },
        { name: 'day', postgres: 'date', duckdb: 'DATE' },
      ],
      [10, 9, 8, 7, 6, 0, 10].map((s, i) => [String(s), `2026-01-0${i + 1}`]),
    );
    const period = { start: new Date('2026-01-02T00:00:00Z'), end: new Date('2026-01-07T00:00:00Z') };
    const n = unwrap(
      npsCountsSql({ table: `${e.prefix}answers`, score: 'score', answeredAt: 'day', period, dialect: e.dialect }),
    );
    const records = [10, 9, 8, 7, 6, 0, 10].map((score, i) => ({
      score,
      answeredAt: new Date(Date.UTC(2026, 0, i + 1)),
    }));
    expect(unwrap(npsCountsFromSql(await e.run(n)))).toEqual({ promoters: 1, passives: 2, detractors: 2 });
    expect(unwrap(nps(unwrap(npsCountsFromSql(await e.run(n)))))).toEqual(unwrap(nps(records, { period })));

    const o = { cohortBy: 'week', periods: 3, asOf: new Date('2026-02-01T00:00:00Z') } as const;
    const c = unwrap(cohortRetentionSql({ table: `${e.prefix}answers`, startedAt: 'day', dialect: e.dialect, ...o }));
    const customers = records.map((r) => ({ startedAt: r.answeredAt, endedAt: null }));
    expect(unwrap(cohortRetentionFromSql(await e.run(c), o))).toEqual(unwrap(cohortRetention(customers, o)));
  });

  it.each(each)(
    "%s: a tenant filter reads only that tenant's rows (text and integer tenant columns)",
    async (_n, e) => {
      await e.load(
        `${e.prefix}tenant_log`,
        [
          { name: 'tenant_id', postgres: 'text', duckdb: 'VARCHAR' },
          { name: 'org', postgres: 'integer', duckdb: 'INTEGER' },
          { name: 'id', postgres: 'integer', duckdb: 'INTEGER' },
          { name: 'at', postgres: 'timestamptz', duckdb: 'TIMESTAMPTZ' },
          { name: 'value', postgres: 'numeric', duckdb: 'DECIMAL(12,2)' },
        ],
        LOG.flatMap((t, i) => [
          ['t1', '1', String(t.id), t.at, String(t.value)],
          ['t2', '2', String(t.id), t.at, String(t.value * 2 + i)],
        ]),
      );
      const options = { observationEnd: '2026-03-31', timeUnit: 'day' } as const;
      const expected = unwrap(rfmSummary(LOG, { customerId: 'id', at: 'at', value: 'value', ...options }));
      for (const filter of [{ tenant_id: 't1' }, { org: 1 }, { tenant_id: 't1', org: '1' }] as Record<
        string,
        string | number
      >[]) {
        const s = unwrap(
          rfmSummarySql({
            table: `${e.prefix}tenant_log`,
            customerId: 'id',
            at: 'at',
            value: 'value',
            filter,
            dialect: e.dialect,
            ...options,
          }),
        );
        expect(unwrap(rfmSummaryFromSql(await e.run(s)))).toEqual(
          [...expected].sort((a, b) => (a.customerId < b.customerId ? -1 : 1)),
        );
      }
      const none = unwrap(
        rfmSummarySql({
          table: `${e.prefix}tenant_log`,
          customerId: 'id',
          at: 'at',
          filter: { tenant_id: "t1' OR '1'='1" },
          dialect: e.dialect,
          ...options,
        }),
      );
      expect(await e.run(none)).toEqual([]);
      const n = unwrap(
        npsCountsSql({ table: `${e.prefix}tenant_log`, score: 'id', filter: { tenant_id: 't2' }, dialect: e.dialect }),
      );
      // the ids 12 (five rows of t2) are off the 0-10 scale, the 3s (two rows) detractors
      const counted = npsCountsFromSql(await e.run(n));
      expect(!counted.ok && counted.error.message).toContain('5 answers that nps refuses');
      const n2 = unwrap(
        npsCountsSql({
          table: `${e.prefix}tenant_log`,
          score: 'id',
          filter: { tenant_id: 't2' },
          kind: 'tenant_id',
          dialect: e.dialect,
        }),
      );
      expect(n2.params).toEqual(['nps', 't2']);
      const o = { cohortBy: 'month', periods: 2, asOf: new Date('2026-12-31T00:00:00Z') } as const;
      const c = unwrap(
        cohortRetentionSql({
          table: `${e.prefix}tenant_log`,
          startedAt: 'at',
          filter: { org: 2 },
          dialect: e.dialect,
          ...o,
        }),
      );
      const customers = LOG.map((t) => ({ startedAt: new Date(t.at), endedAt: null }));
      expect(unwrap(cohortRetentionFromSql(await e.run(c), o))).toEqual(unwrap(cohortRetention(customers, o)));
    },
  );
});
