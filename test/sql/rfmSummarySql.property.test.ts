/**
 * Issue 19, "Must hold": for generated transaction logs, rfmSummarySql gives the same rows on DuckDB,
 * PGlite and the PostgreSQL server as crmkit/clv's rfmSummary — times of day in a time zone other than
 * UTC (the engines' session zone is America/New_York), same-day purchases, negative and 4-decimal
 * values, customers whose first purchase falls after the calibration end, transactions after the
 * observation end, and NULL times or values (which rfmSummary refuses, so the reader must too).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { rfmSummary, type RfmCustomer } from '../../src/clv/index.js';
import { rfmSummaryFromSql, rfmSummarySql } from '../../src/sql/index.js';
import { unwrap } from '../../src/core/result.js';
import { useEngines, type Column } from './_engines.js';

const engines = useEngines('sql_rfm_prop');
const COLUMNS: readonly Column[] = [
  { name: 'cid', postgres: 'text', duckdb: 'VARCHAR' },
  { name: 'at', postgres: 'timestamptz', duckdb: 'TIMESTAMPTZ' },
  { name: 'value', postgres: 'numeric(18,4)', duckdb: 'DECIMAL(18,4)' },
];
const DAY = 86_400_000;
const FROM = Date.UTC(1997, 0, 1);
const byId = (a: RfmCustomer, b: RfmCustomer) =>
  a.customerId < b.customerId ? -1 : a.customerId > b.customerId ? 1 : 0;

interface Tx {
  readonly id: string;
  readonly at: Date | null;
  readonly value: string | null;
}

const decimal = fc
  .tuple(fc.integer({ min: -99_999_999, max: 999_999_999 }), fc.integer({ min: 0, max: 4 }))
  .map(([units, scale]) => {
    const s = (Math.abs(units) / 10 ** scale).toFixed(scale);
    return units < 0 ? `-${s}` : s;
  });
const tx = (nullable: boolean): fc.Arbitrary<Tx> =>
  fc.record({
    id: fc.constantFrom('a', 'B', 'c1', 'c10', 'c2', '007', 'Z_z'),
    // 0..120 days after FROM, at any millisecond (a few share a day)
    at: nullable
      ? fc.option(
          fc.integer({ min: 0, max: 120 * DAY - 1 }).map((ms) => new Date(FROM + ms)),
          { freq: 40 },
        )
      : fc.integer({ min: 0, max: 120 * DAY - 1 }).map((ms) => new Date(FROM + ms)),
    value: nullable ? fc.option(decimal, { freq: 40 }) : decimal,
  });
const options = fc
  .record({
    end: fc.integer({ min: 10, max: 130 }),
    cal: fc.option(fc.integer({ min: 0, max: 130 }), { nil: undefined }),
    timeUnit: fc.constantFrom('day' as const, 'week' as const, 'month' as const),
  })
  .map(({ end, cal, timeUnit }) => ({
    observationEnd: new Date(FROM + end * DAY + 3_600_000).toISOString(),
    ...(cal === undefined
      ? {}
      : { calibrationEnd: new Date(FROM + Math.min(cal, end) * DAY).toISOString().slice(0, 10) }),
    timeUnit,
  }));

let tables = 0;

describe('rfmSummarySql equals rfmSummary on generated logs', () => {
  it.each(engines.map((e) => [e.name, e] as const))(
    '%s',
    async (_n, engine) => {
      await fc.assert(
        fc.asyncProperty(
          fc.boolean().chain((nullable) => fc.array(tx(nullable), { maxLength: 60 })),
          options,
          async (log, opts) => {
            const table = `${engine.prefix}rfm_${tables++}`;
            await engine.load(
              table,
              COLUMNS,
              log.map((t) => [t.id, t.at === null ? null : t.at.toISOString(), t.value]),
            );
            const expected = rfmSummary(log as unknown as { id: string; at: Date; value: string }[], {
              customerId: 'id',
              at: 'at',
              value: 'value',
              ...opts,
            });
            const s = unwrap(
              rfmSummarySql({ table, customerId: 'cid', at: 'at', value: 'value', dialect: engine.dialect, ...opts }),
            );
            const got = rfmSummaryFromSql(await engine.run(s));
            expect(got.ok).toBe(expected.ok);
            if (expected.ok && got.ok) expect(got.value).toEqual([...expected.value].sort(byId));
            await engine.exec(`DROP TABLE ${table}`);
          },
        ),
        { numRuns: 40 },
      );
    },
    240_000,
  );
});
