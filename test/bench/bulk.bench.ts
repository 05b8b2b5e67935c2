/**
 * Bulk writes and streaming on the PostgreSQL server (issue 19, items 1 and 2): `insertMany` against
 * per-row `insert` (one autocommitted statement each, the baseline, timed in the same process), how the
 * `insertMany` rate holds as the table grows from 10⁵ to 10⁶ rows (calls of 100,000 rows each), and
 * `scan` over the same rows with the Node heap measured after forced collections.
 *
 *   CRMKIT_PG_URL=postgres://… node --import tsx test/bench/bulk.bench.ts   (BULK_MAX=10000000 for 10⁷)
 */
import { runInNewContext } from 'node:vm';
import { setFlagsFromString } from 'node:v8';
import pg from 'pg';
import { createPostgresStore, migratePostgres } from '../../src/adapters/postgres/index.js';
import { createSurveyResponse, type SurveyResponse } from '../../src/entities/index.js';
import { unwrap } from '../../src/core/result.js';
import { checkBulkWrite, collect } from '../../src/repository/index.js';
import { createNpsAccumulator } from '../../src/metrics/index.js';
import { machineLine, writeReportSection } from './_harness.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const heap = (): number => {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
};

const url = process.env['CRMKIT_PG_URL'];
if (url === undefined || url === '') {
  console.log('bulk.bench: set CRMKIT_PG_URL to run it');
  process.exit(0);
}
const MAX = Number(process.env['BULK_MAX'] ?? 1_000_000);
const CALL = 100_000;
const PER_ROW = Number(process.env['BULK_PER_ROW'] ?? 10_000);
const ctx = { tenantId: 'acme' };
const template = unwrap(
  createSurveyResponse({
    kind: 'nps',
    score: 9,
    answeredAt: new Date('2026-03-02T10:00:00Z'),
    touchpoint: 'onboarding',
  }),
);
const batch = (from: number, n: number): SurveyResponse[] =>
  Array.from(
    { length: n },
    (_, i) =>
      ({
        ...template,
        id: `sr-${String(from + i).padStart(9, '0')}`,
        score: (from + i) % 11,
      }) as SurveyResponse,
  );

const pool = new pg.Pool({ connectionString: url, max: 4 });
const schema = `bulk_bench_${process.pid}`;
unwrap(await migratePostgres(pool, { schema }));
const store = createPostgresStore(pool, { schema });
try {
  const version = String((await pool.query('SHOW server_version')).rows[0]?.server_version ?? '?').split(' ')[0];
  const osLoad = async (): Promise<string> => {
    const { loadavg } = await import('node:os');
    return loadavg()
      .map((x) => x.toFixed(1))
      .join(' / ');
  };

  // Baseline: per-row inserts, one autocommitted statement each.
  const rowsBase = batch(10_000_000, PER_ROW);
  console.log(`per-row insert of ${PER_ROW}…`);
  let t0 = performance.now();
  for (const r of rowsBase) unwrap(await store.surveyResponses.insert(ctx, r));
  const perRowMs = performance.now() - t0;
  const perRowRate = PER_ROW / (perRowMs / 1000);
  const loadPerRow = await osLoad();
  await pool.query(`DELETE FROM "${schema}"."survey_responses"`);

  // The same rows with insertMany, right after, in the same process.
  t0 = performance.now();
  unwrap(await store.surveyResponses.insertMany(ctx, batch(20_000_000, PER_ROW)));
  const sameMs = performance.now() - t0;
  const sameRate = PER_ROW / (sameMs / 1000);
  await pool.query(`DELETE FROM "${schema}"."survey_responses"`);
  console.log(`per-row ${perRowRate.toFixed(0)}/s; insertMany of the same ${PER_ROW}: ${sameRate.toFixed(0)}/s`);

  // Growth: calls of 100,000 rows into a table growing to MAX rows; validation timed apart.
  const growth: { upTo: number; rate: number; checkShare: number; load: string }[] = [];
  for (let at = 0; at < MAX; at += CALL) {
    const list = batch(at, CALL);
    const c0 = performance.now();
    const checked = checkBulkWrite({ operation: 'insertMany', repository: 'surveyResponses', ctx, entities: list });
    const checkMs = performance.now() - c0;
    if (!checked.ok) throw checked.error;
    t0 = performance.now();
    unwrap(await store.surveyResponses.insertMany(ctx, list));
    const ms = performance.now() - t0;
    const upTo = at + CALL;
    if ([CALL, 1_000_000, 10_000_000].includes(upTo) || upTo === MAX) {
      growth.push({ upTo, rate: CALL / (ms / 1000), checkShare: checkMs / ms, load: await osLoad() });
      console.log(
        `insertMany ${upTo}: ${(CALL / (ms / 1000)).toFixed(0)}/s (validation ${((100 * checkMs) / ms).toFixed(0)}%)`,
      );
    }
  }
  await pool.query(`ANALYZE "${schema}"."survey_responses"`);

  // Scan: every row through store.surveyResponses.scan into an NPS accumulator; heap after GC sampled.
  const scans: { rows: number; rate: number; peakMb: number; load: string }[] = [];
  for (const rows of [CALL, MAX].filter((v, i, a) => a.indexOf(v) === i)) {
    const base = heap();
    let peak = 0;
    let n = 0;
    const acc = createNpsAccumulator();
    const sink = {
      add(r: SurveyResponse) {
        acc.add(r);
        if (++n % 100_000 === 0) peak = Math.max(peak, heap() - base);
        return this;
      },
      result: () => acc.result(),
    };
    const where = { field: 'id', op: 'lt', value: `sr-${String(rows).padStart(9, '0')}` } as const;
    t0 = performance.now();
    unwrap(await collect(sink, store.surveyResponses.scan(ctx, { where }, { pageSize: 1000 })));
    const ms = performance.now() - t0;
    if (n !== rows) throw new Error(`scanned ${n}, expected ${rows}`);
    scans.push({ rows, rate: rows / (ms / 1000), peakMb: peak / 1024 / 1024, load: await osLoad() });
    console.log(
      `scan ${rows}: ${(rows / (ms / 1000)).toFixed(0)}/s, heap growth ${(peak / 1024 / 1024).toFixed(1)} MB`,
    );
  }

  const fmt = (x: number) => Math.round(x).toLocaleString('en-US');
  const lines = [
    `PostgreSQL ${version} server on this machine (pg.Pool, localhost), survey responses. Baseline: per-row \`insert\` (one autocommitted statement each, as before issue 19) of ${fmt(PER_ROW)} rows; then \`insertMany\` of the same number of rows in the same process. Growth: \`insertMany\` calls of ${fmt(CALL)} rows (each one transaction of ${CALL / 2000} chunks of 2,000 rows, \`INSERT … SELECT FROM unnest(…)\`) into a table growing to ${fmt(MAX)} rows. The machine is shared with other agents (2 cores): the load average (1 / 5 / 15 min) is given beside each figure; compare ratios, not absolute times.`,
    '',
    '| measure | rows | rows / s | ratio to per-row insert | load |',
    '|---|---|---|---|---|',
    `| per-row \`insert\` (baseline) | ${fmt(PER_ROW)} | ${fmt(perRowRate)} | 1 | ${loadPerRow} |`,
    `| \`insertMany\`, same rows | ${fmt(PER_ROW)} | ${fmt(sameRate)} | ${(sameRate / perRowRate).toFixed(1)}× | |`,
    ...growth.map(
      (g) =>
        `| \`insertMany\`, call ending at ${fmt(g.upTo)} rows in the table | ${fmt(CALL)} | ${fmt(g.rate)} | ${(g.rate / perRowRate).toFixed(1)}× | ${g.load} |`,
    ),
    '',
    `Of an \`insertMany\` call, validating the entities in JavaScript (\`checkBulkWrite\`: each entity through its \`parse*\` function, as \`insert\` does) took ${growth.map((g) => `${(100 * g.checkShare).toFixed(0)}%`).join(', ')} of the time; the rest is SQL and the round trips.`,
    '',
    '`scan` (pages of 1,000, keyset on the primary key, every row validated again as it is read) folded into an NPS accumulator with `collect`; heap growth is the largest `heapUsed` after forced garbage collections (every 100,000 rows) over the value before the scan:',
    '',
    '| rows scanned | rows / s | Node heap growth | load |',
    '|---|---|---|---|',
    ...scans.map((s) => `| ${fmt(s.rows)} | ${fmt(s.rate)} | ${s.peakMb.toFixed(1)} MB | ${s.load} |`),
    '',
    `Machine: ${machineLine()}.`,
  ];
  writeReportSection('bulk', lines.join('\n'));
} finally {
  await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await pool.end();
}
