/**
 * Issue 19 on a real PostgreSQL server (`CRMKIT_PG_URL`): a scan over rows made in SQL with
 * generate_series keeps the Node heap flat and folds into the same NPS as SQL counts; a bulk insert
 * interrupted by a killed connection (pg_terminate_backend before each of its statements, COMMIT
 * included) writes nothing. Without a server the file is skipped with a message — except in CI
 * (`CI=true`), where a missing server is a failure. `CRMKIT_SCAN_ROWS` sets the scan's size (default
 * 100,000; the benchmark runs 10⁶).
 */
import { runInNewContext } from 'node:vm';
import { setFlagsFromString } from 'node:v8';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import pg from 'pg';
import { createPostgresStore } from '../../../src/adapters/postgres/index.js';
import { killingPool, onPostgresServer } from './_server.js';
import { createSurveyResponse, type SurveyResponse } from '../../../src/entities/index.js';
import { unwrap } from '../../../src/core/result.js';
import { collect, type StoreContext } from '../../../src/repository/index.js';
import { createNpsAccumulator } from '../../../src/metrics/index.js';

const ROWS = Number(process.env['CRMKIT_SCAN_ROWS'] ?? 100_000);

vi.setConfig({ testTimeout: 300_000, hookTimeout: 120_000 });

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const heapAfterGc = (): number => {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
};

const ctx: StoreContext = { tenantId: 'acme' };
const answeredAt = new Date('2026-03-02T10:00:00Z');

function response(i: number, score = i % 11): SurveyResponse {
  return Object.freeze({
    ...unwrap(createSurveyResponse({ kind: 'nps', score, answeredAt })),
    id: `sr-${String(i).padStart(9, '0')}`,
  }) as SurveyResponse;
}

onPostgresServer(
  'PostgreSQL server: scan and bulk at scale',
  'scale',
  (server) => {
    let admin: pg.Pool;
    beforeAll(() => {
      admin = server.pool();
    });
    const freshSchema = server.freshSchema;
    const url = server.url;

    it(`scans ${ROWS.toLocaleString('en')} survey responses made with generate_series: Node heap growth under 32 MB, the NPS equal to SQL counts`, async () => {
      const schema = await freshSchema();
      const store = createPostgresStore(admin, { schema });
      // One response stored through the store is the template; SQL copies it with new ids and scores.
      unwrap(await store.surveyResponses.insert(ctx, response(0, 10)));
      const table = `"${schema}"."survey_responses"`;
      const cols = (
        await admin.query(
          `SELECT column_name FROM information_schema.columns WHERE table_schema = $1 AND table_name = 'survey_responses' ORDER BY ordinal_position`,
          [schema],
        )
      ).rows.map((r: { column_name: string }) => r.column_name);
      const idExpr = `'sr-' || lpad(g::text, 9, '0')`;
      const exprs = cols.map((c) =>
        c === 'id'
          ? idExpr
          : c === 'score'
            ? '(g % 11)'
            : c === 'doc'
              ? `jsonb_set(jsonb_set(s."doc", '{id}', to_jsonb(${idExpr})), '{score}', to_jsonb(g % 11))`
              : `s."${c}"`,
      );
      await admin.query(
        `INSERT INTO ${table} (${cols.map((c) => `"${c}"`).join(', ')}) SELECT ${exprs.join(', ')} FROM ${table} AS s, generate_series(1, $1::integer) AS g WHERE s."id" = 'sr-000000000'`,
        [String(ROWS - 1)],
      );
      const counts = (
        await admin.query(
          `SELECT count(*)::int AS n, count(*) FILTER (WHERE score >= 9)::int AS p, count(*) FILTER (WHERE score <= 6)::int AS d FROM ${table} WHERE tenant_id = 'acme'`,
        )
      ).rows[0] as { n: number; p: number; d: number };
      expect(counts.n).toBe(ROWS);

      const base = heapAfterGc();
      let peak = 0;
      let seen = 0;
      const acc = createNpsAccumulator();
      const counting = {
        add(r: SurveyResponse) {
          acc.add(r);
          if (++seen % 50_000 === 0) peak = Math.max(peak, heapAfterGc() - base);
          return this;
        },
        result: () => acc.result(),
      };
      const r = unwrap(await collect(counting, store.surveyResponses.scan(ctx, null, { pageSize: 1000 })));
      expect(seen).toBe(ROWS);
      expect(r.total).toBe(ROWS);
      expect(r.promoterShare).toBeCloseTo(counts.p / ROWS, 12);
      expect(r.detractorShare).toBeCloseTo(counts.d / ROWS, 12);
      expect(r.score).toBeCloseTo(((counts.p - counts.d) / ROWS) * 100, 10);
      // Holding the rows would take about 1 kB each (hundreds of MB); a page of 1,000 is about 1 MB.
      expect(peak).toBeLessThan(32 * 1024 * 1024);
    });

    it('insertMany stores text holding the characters of an array literal exactly (quotes, backslashes, braces, commas, NULL)', async () => {
      const schema = await freshSchema();
      const store = createPostgresStore(admin, { schema });
      const texts = ['"', '\\', '\\"', '{a,b}', 'NULL', 'null', ',', '"quoted" \\n', 'é ✓ 😀', "it's", ''];
      const list = texts.map((t, i) =>
        Object.freeze({ ...response(i), touchpoint: t === '' ? null : t, comment: `${t}|${t}` }),
      ) as SurveyResponse[];
      unwrap(await store.surveyResponses.insertMany(ctx, list));
      for (const e of list) expect(unwrap(await store.surveyResponses.get(ctx, e.id))).toEqual(e);
      // The query columns hold the same text: each value is found by equality in SQL.
      for (const t of texts.filter((x) => x !== '')) {
        const found = unwrap(
          await store.surveyResponses.find(ctx, { where: { field: 'touchpoint', op: 'eq', value: t } }),
        );
        expect(found.items.map((x) => x.touchpoint)).toEqual([t]);
      }
    });

    describe('a bulk insert interrupted by a killed connection writes nothing', () => {
      it('insertMany of 5,000 rows (three chunks) killed before BEGIN, each chunk and COMMIT: adapter_failure, no row, the pool lives on', async () => {
        const schema = await freshSchema();
        const list = Array.from({ length: 5000 }, (_, i) => response(i));
        const plain = createPostgresStore(admin, { schema });
        const uncaught: unknown[] = [];
        const onUncaught = (e: unknown): void => void uncaught.push(e);
        process.on('uncaughtException', onUncaught);
        try {
          // BEGIN, three chunk statements, COMMIT.
          for (let killAt = 1; killAt <= 5; killAt++) {
            const pool = new pg.Pool({ connectionString: url, max: 2 });
            pool.on('error', () => undefined);
            const log: string[] = [];
            const store = createPostgresStore(
              killingPool(admin, pool, () => killAt, log),
              { schema },
            );
            const r = await store.surveyResponses.insertMany(ctx, list);
            expect(r.ok, `killed before statement ${killAt} (${log[killAt - 1]})`).toBe(false);
            if (!r.ok) expect(r.error.code).toBe('adapter_failure');
            expect(unwrap(await plain.surveyResponses.count(ctx)), `killed before statement ${killAt}`).toBe(0);
            await pool.end();
          }
          // Without a kill the same call writes every row.
          const pool = new pg.Pool({ connectionString: url, max: 2 });
          const store = createPostgresStore(
            killingPool(admin, pool, () => 0, []),
            { schema },
          );
          expect(unwrap(await store.surveyResponses.insertMany(ctx, list))).toHaveLength(5000);
          expect(unwrap(await plain.surveyResponses.count(ctx))).toBe(5000);
          await pool.end();
          expect(uncaught).toEqual([]);
        } finally {
          process.off('uncaughtException', onUncaught);
        }
      });
    });
  },
  { max: 3 },
);
