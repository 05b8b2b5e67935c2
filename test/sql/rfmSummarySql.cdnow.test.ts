/**
 * Issue 19 item 5: rfmSummarySql over the CDNOW master log (69,659 transactions, 23,570 customers;
 * ../shared/data/cdnow, README there) on DuckDB, PGlite and the PostgreSQL server gives exactly the rows
 * of crmkit/clv's rfmSummary on the same transactions: every number to the last bit, the monetary
 * means from exact decimal sums. Known values: lifetimes' cdnow_customers_summary_with_transactions.csv
 * (the calibration summary of the 2,357-customer sample, recency and T rounded to 0.01 week).
 */
import { describe, expect, it } from 'vitest';
import { rfmSummary, type RfmCustomer, type RfmSummaryOptions } from '../../src/clv/index.js';
import { rfmSummaryFromSql, rfmSummarySql } from '../../src/sql/index.js';
import { unwrap } from '../../src/core/result.js';
import { cdnowMaster, cdnowSample, cdnowWithSpend } from '../clv/_cdnow.js';
import { useEngines, type Column } from './_engines.js';

const engines = useEngines('sql_cdnow');
const COLUMNS: readonly Column[] = [
  { name: 'customer_id', postgres: 'text', duckdb: 'VARCHAR' },
  { name: 'ordered_at', postgres: 'date', duckdb: 'DATE' },
  { name: 'amount', postgres: 'numeric(10,2)', duckdb: 'DECIMAL(10,2)' },
];
const iso = (yyyymmdd: string) => `${yyyymmdd.slice(0, 4)}-${yyyymmdd.slice(4, 6)}-${yyyymmdd.slice(6, 8)}`;
const byId = (a: RfmCustomer, b: RfmCustomer) =>
  a.customerId < b.customerId ? -1 : a.customerId > b.customerId ? 1 : 0;

type Tx = { id: string; date: string; value: string };
const CASES: readonly { name: string; options: Omit<RfmSummaryOptions<Tx>, 'customerId' | 'at' | 'value'> }[] = [
  { name: 'weeks, whole period', options: { observationEnd: '1998-06-30', timeUnit: 'week' } },
  {
    name: 'weeks, calibration to 1997-09-30',
    options: { observationEnd: '1998-06-30', calibrationEnd: '1997-09-30', timeUnit: 'week' },
  },
  { name: 'months, window ending 1997-12-31', options: { observationEnd: '1997-12-31', timeUnit: 'month' } },
  {
    name: 'days, calibration to 1997-03-31',
    options: { observationEnd: '1997-06-30', calibrationEnd: '1997-03-31', timeUnit: 'day' },
  },
];

describe.each([
  ['master', 'cdnow_master', cdnowMaster],
  ['sample', 'cdnow_sample', cdnowSample],
] as const)('rfmSummarySql on the CDNOW %s log', (_label, table, log) => {
  const transactions = log();
  it.each(engines.map((e) => [e.name, e] as const))(
    '%s loads it',
    async (_n, engine) => {
      await engine.load(
        `${engine.prefix}${table}`,
        COLUMNS,
        transactions.map((t) => [t.id, iso(t.date), t.value]),
      );
      const [row] = await engine.run({
        text: `SELECT count(*) AS n, sum(amount) AS s FROM ${engine.prefix}${table}`,
        params: [],
      });
      expect(String(row!['n'])).toBe(String(transactions.length));
    },
    60_000,
  );

  for (const c of CASES) {
    it.each(engines.map((e) => [e.name, e] as const))(
      `%s: ${c.name}, the same rows as rfmSummary`,
      async (_n, engine) => {
        const expected = [
          ...unwrap(rfmSummary(transactions, { customerId: 'id', at: 'date', value: 'value', ...c.options })),
        ].sort(byId);
        const s = unwrap(
          rfmSummarySql({
            table: `${engine.prefix}${table}`,
            customerId: 'customer_id',
            at: 'ordered_at',
            value: 'amount',
            dialect: engine.dialect,
            ...c.options,
          }),
        );
        const got = unwrap(rfmSummaryFromSql(await engine.run(s)));
        expect(got.length).toBe(expected.length);
        expect(got).toEqual(expected);
      },
      60_000,
    );
  }
});

describe('rfmSummarySql on the CDNOW sample, against lifetimes', () => {
  it.each(engines.map((e) => [e.name, e] as const))(
    '%s: x, t_x, T (0.01 week) and zbar of the 2,357 customers',
    async (_n, engine) => {
      const s = unwrap(
        rfmSummarySql({
          table: `${engine.prefix}cdnow_sample`,
          customerId: 'customer_id',
          at: 'ordered_at',
          value: 'amount',
          observationEnd: '1998-06-30',
          calibrationEnd: '1997-09-30',
          timeUnit: 'week',
          dialect: engine.dialect,
        }),
      );
      const got = new Map(unwrap(rfmSummaryFromSql(await engine.run(s))).map((r) => [r.customerId, r]));
      const reference = cdnowWithSpend();
      expect(got.size).toBe(reference.length);
      // the sample file has the master id in its first column; cdnowSample maps ids to the sample id (1…2357)
      for (const r of reference) {
        const c = got.get(String(r.id))!;
        expect(c.frequency).toBe(r.frequency);
        // the file rounds to 2 decimals (half up: 22.345 is written 22.35)
        expect(Math.abs(c.recency - r.recency)).toBeLessThanOrEqual(0.005 + 1e-9);
        expect(Math.abs(c.T - r.T)).toBeLessThanOrEqual(0.005 + 1e-9);
        expect(Math.abs(c.monetaryValue - r.monetaryValue)).toBeLessThanOrEqual(0.005 + 1e-9);
      }
    },
  );
});
