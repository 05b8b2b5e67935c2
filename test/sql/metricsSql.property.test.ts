/**
 * Issue 19 item 5: npsCountsSql and cohortRetentionSql on DuckDB, PGlite and the PostgreSQL server give
 * what crmkit/metrics' nps and cohortRetention give on the same generated records — kinds of other
 * surveys, periods, out-of-scale and fractional scores, NULLs (refused by both), cohorts by week, month,
 * quarter and year in UTC while the engines' session zone is America/New_York, ends exactly on a
 * boundary, customers starting after asOf.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { cohortRetention, nps, type CohortCustomer, type SurveyScoreRecord } from '../../src/metrics/index.js';
import { cohortRetentionFromSql, cohortRetentionSql, npsCountsFromSql, npsCountsSql } from '../../src/sql/index.js';
import { unwrap } from '../../src/core/result.js';
import { calendarPeriod } from '../../src/time/period.js';
import { useEngines, type Column } from './_engines.js';

const engines = useEngines('sql_metrics_prop');
const FROM = Date.UTC(2025, 0, 1);
const SPAN = 800 * 86_400_000;
let tables = 0;

const instant = fc.oneof(
  fc.integer({ min: 0, max: SPAN }).map((ms) => new Date(FROM + ms)),
  // exactly on calendar boundaries (week, month, quarter, year starts)
  fc
    .tuple(
      fc.constantFrom('week' as const, 'month' as const, 'quarter' as const, 'year' as const),
      fc.integer({ min: 0, max: SPAN }),
    )
    .map(([u, ms]) => calendarPeriod(u, FROM + ms).start),
);

describe('npsCountsSql equals nps on generated responses', () => {
  const COLUMNS: readonly Column[] = [
    { name: 'score', postgres: 'numeric', duckdb: 'DECIMAL(6,2)' },
    { name: 'kind', postgres: 'text', duckdb: 'VARCHAR' },
    { name: 'answered_at', postgres: 'timestamptz', duckdb: 'TIMESTAMPTZ' },
  ];
  const response = fc.record({
    score: fc.option(
      fc.oneof({ weight: 10, arbitrary: fc.integer({ min: 0, max: 10 }) }, fc.constantFrom(-1, 11, 7.5)),
      {
        freq: 40,
      },
    ),
    kind: fc.constantFrom('nps', 'nps', 'csat', null),
    answeredAt: fc.option(instant, { freq: 40 }),
  });
  const period = fc
    .option(fc.tuple(instant, instant), { nil: undefined })
    .map((p) =>
      p === undefined ? undefined : { start: new Date(Math.min(+p[0], +p[1])), end: new Date(Math.max(+p[0], +p[1])) },
    );

  it.each(engines.map((e) => [e.name, e] as const))(
    '%s',
    async (_n, engine) => {
      await fc.assert(
        fc.asyncProperty(fc.array(response, { maxLength: 60 }), period, async (rows, p) => {
          const table = `${engine.prefix}nps_${tables++}`;
          await engine.load(
            table,
            COLUMNS,
            rows.map((r) => [r.score === null ? null : String(r.score), r.kind, r.answeredAt?.toISOString() ?? null]),
          );
          const records = rows.map((r) => ({
            score: r.score,
            ...(r.kind === null ? {} : { kind: r.kind }),
            answeredAt: r.answeredAt,
          })) as unknown as SurveyScoreRecord[];
          const expected = nps(records, p === undefined ? {} : { period: p });
          const s = unwrap(
            npsCountsSql({
              table,
              score: 'score',
              kind: 'kind',
              answeredAt: 'answered_at',
              dialect: engine.dialect,
              ...(p === undefined ? {} : { period: p }),
            }),
          );
          const counts = npsCountsFromSql(await engine.run(s));
          expect(counts.ok).toBe(expected.ok);
          if (counts.ok && expected.ok) expect(unwrap(nps(counts.value))).toEqual(expected.value);
          await engine.exec(`DROP TABLE ${table}`);
        }),
        { numRuns: 30 },
      );
    },
    240_000,
  );
});

describe('cohortRetentionSql equals cohortRetention on generated customers', () => {
  const COLUMNS: readonly Column[] = [
    { name: 'started_at', postgres: 'timestamptz', duckdb: 'TIMESTAMPTZ' },
    { name: 'ended_at', postgres: 'timestamptz', duckdb: 'TIMESTAMPTZ' },
  ];
  const customer = fc
    .tuple(fc.option(instant, { freq: 60 }), fc.option(instant, { freq: 3 }), fc.integer({ min: 0, max: 80 }))
    .map(([s, e, extra]) => ({
      startedAt: s,
      // mostly after the start (the same instant, or on a boundary); sometimes before (refused by both)
      endedAt: e === null || s === null ? e : extra === 0 ? e : new Date(Math.max(+s, +e)),
    }));
  const opts = fc.record({
    cohortBy: fc.constantFrom('week' as const, 'month' as const, 'quarter' as const, 'year' as const),
    periods: fc.integer({ min: 1, max: 14 }),
    asOf: instant,
  });
  it.each(engines.map((e) => [e.name, e] as const))(
    '%s',
    async (_n, engine) => {
      await fc.assert(
        fc.asyncProperty(fc.array(customer, { maxLength: 50 }), opts, async (customers, o) => {
          const table = `${engine.prefix}cohort_${tables++}`;
          await engine.load(
            table,
            COLUMNS,
            customers.map((c) => [c.startedAt?.toISOString() ?? null, c.endedAt?.toISOString() ?? null]),
          );
          const expected = cohortRetention(customers as unknown as CohortCustomer[], o);
          const s = unwrap(
            cohortRetentionSql({ table, startedAt: 'started_at', endedAt: 'ended_at', dialect: engine.dialect, ...o }),
          );
          const got = cohortRetentionFromSql(await engine.run(s), o);
          expect(got.ok).toBe(expected.ok);
          if (got.ok && expected.ok) expect(got.value).toEqual(expected.value);
          await engine.exec(`DROP TABLE ${table}`);
        }),
        { numRuns: 30 },
      );
    },
    240_000,
  );
});
