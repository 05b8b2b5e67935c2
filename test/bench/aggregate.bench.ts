/**
 * Metrics from the store (issue 19, items 3 and 4): `npsInStore` (one aggregate statement on the
 * PostgreSQL server) against the baseline of scanning the same responses into an NPS accumulator
 * (`collect` over `scan`, then `nps`'s result), in the same process, at 10⁵, 10⁶ and (AGG_MAX) 10⁷
 * survey responses. The Node heap growth of `npsInStore` is its largest `heapUsed` (sampled every 20 ms
 * during the call) over the value after forced collections before it.
 *
 * The table is filled with SQL: 1,000 valid responses go in through `insertMany`, then
 * `INSERT … SELECT … FROM generate_series` copies them (new ids, the document's id set to match).
 * At sizes above SCAN_CAP (default 10⁶) the baseline scan is stopped after SCAN_CAP rows and its time
 * scaled to the whole table (the scan rate is flat in the table size: see the bulk section).
 *
 *   CRMKIT_PG_URL=postgres://… node --import tsx test/bench/aggregate.bench.ts   (AGG_MAX=10000000 for 10⁷)
 */
import { runInNewContext } from 'node:vm';
import { setFlagsFromString } from 'node:v8';
import { loadavg } from 'node:os';
import pg from 'pg';
import { createPostgresStore, migratePostgres } from '../../src/adapters/postgres/index.js';
import { createSurveyResponse, type SurveyResponse } from '../../src/entities/index.js';
import { unwrap } from '../../src/core/result.js';
import { npsInStore } from '../../src/repository/index.js';
import { createNpsAccumulator } from '../../src/metrics/index.js';
import { monthPeriod } from '../../src/time/index.js';
import { machineLine, medianOf, writeReportSection } from './_harness.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const heapAfterGc = (): number => {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
};
const load = () =>
  loadavg()
    .map((x) => x.toFixed(1))
    .join(' / ');

const url = process.env['CRMKIT_PG_URL'];
if (url === undefined || url === '') {
  console.log('aggregate.bench: set CRMKIT_PG_URL to run it');
  process.exit(0);
}
const MAX = Number(process.env['AGG_MAX'] ?? 1_000_000);
const SCAN_CAP = Number(process.env['SCAN_CAP'] ?? 1_000_000);
const SIZES = [100_000, 1_000_000, 10_000_000].filter((n) => n <= MAX);
const TEMPLATES = 1_000;
const ctx = { tenantId: 'acme' };
const period = monthPeriod('2026-03-01');
const touchpoints = ['onboarding', 'support', 'billing'];

const pool = new pg.Pool({ connectionString: url, max: 4 });
const schema = `agg_bench_${process.pid}`;
unwrap(await migratePostgres(pool, { schema }));
const store = createPostgresStore(pool, { schema });
const table = `"${schema}"."survey_responses"`;
try {
  const version = String((await pool.query('SHOW server_version')).rows[0]?.server_version ?? '?').split(' ')[0];
  const templates: SurveyResponse[] = Array.from({ length: TEMPLATES }, (_, i) => ({
    ...unwrap(
      createSurveyResponse({
        kind: 'nps',
        score: (i * 7) % 11,
        touchpoint: touchpoints[i % 3]!,
        answeredAt: new Date(Date.UTC(2026, 2, 1 + (i % 28), i % 24)),
      }),
    ),
    id: `sr${String(i).padStart(6, '0')}` as SurveyResponse['id'],
  }));
  unwrap(await store.surveyResponses.insertMany(ctx, templates));
  const cols =
    'tenant_id, id, created_at, updated_at, version, kind, score, touchpoint, contact_id, account_id, answered_at, comment, doc, custom_fields, custom_sort, ticket_id';
  const copy = `INSERT INTO ${table} (${cols}) SELECT tenant_id, id || '-' || g, created_at, updated_at, version, kind, score, touchpoint, contact_id, account_id, answered_at, comment, jsonb_set(doc, '{id}', to_jsonb(id || '-' || g)), custom_fields, custom_sort, ticket_id FROM ${table} t, generate_series($1::int, $2::int) g WHERE t.tenant_id = 'acme' AND position('-' in t.id) = 0`;
  let rows = TEMPLATES;
  let copies = 0;
  const results: {
    n: number;
    inStoreMs: number;
    scanMs: number;
    scanned: number;
    heapMb: number;
    loadText: string;
  }[] = [];
  for (const n of SIZES) {
    const l0 = performance.now();
    while (rows < n) {
      const k = Math.min(500, (n - rows) / TEMPLATES);
      await pool.query(copy, [copies + 1, copies + k]);
      copies += k;
      rows += k * TEMPLATES;
    }
    await pool.query(`VACUUM ANALYZE ${table}`);
    console.log(`${n} rows loaded in ${((performance.now() - l0) / 1000).toFixed(0)} s (load ${load()})`);

    // The candidate: npsInStore, 3 runs (after a warm-up), heap sampled during the call.
    const want = unwrap(await npsInStore(store, ctx, { period }));
    if (want.total !== n) throw new Error(`npsInStore counted ${want.total}, expected ${n}`);
    const times: number[] = [];
    let peak = 0;
    for (let i = 0; i < 3; i++) {
      const base = heapAfterGc();
      const sampler = setInterval(() => {
        peak = Math.max(peak, process.memoryUsage().heapUsed - base);
      }, 20);
      const t0 = performance.now();
      unwrap(await npsInStore(store, ctx, { period }));
      times.push(performance.now() - t0);
      clearInterval(sampler);
      peak = Math.max(peak, process.memoryUsage().heapUsed - base);
    }
    // The baseline: scan every response (kind nps, answered in the period) into an NPS accumulator.
    const t0 = performance.now();
    const acc = createNpsAccumulator();
    let scanned = 0;
    for await (const r of store.surveyResponses.scan(
      ctx,
      {
        where: {
          all: [
            { field: 'kind', op: 'eq', value: 'nps' },
            { field: 'answeredAt', op: 'gte', value: period.start },
            { field: 'answeredAt', op: 'lt', value: period.end },
          ],
        },
      },
      { pageSize: 1000 },
    )) {
      acc.add(r);
      if (++scanned >= SCAN_CAP) break;
    }
    const scanMs = ((performance.now() - t0) * n) / scanned;
    if (scanned === n) {
      const got = unwrap(acc.result());
      if (JSON.stringify(got) !== JSON.stringify(want)) throw new Error('the scan and npsInStore disagree');
    }
    results.push({ n, inStoreMs: medianOf(times), scanMs, scanned, heapMb: peak / 1024 / 1024, loadText: load() });
    console.log(
      `${n}: npsInStore ${medianOf(times).toFixed(0)} ms, scan ${scanMs.toFixed(0)} ms (${scanned} rows read), ratio ${(scanMs / medianOf(times)).toFixed(1)}×, heap growth ${(peak / 1024 / 1024).toFixed(2)} MB`,
    );
  }

  const fmt = (x: number) => Math.round(x).toLocaleString('en-US');
  const growth = (key: 'inStoreMs' | 'scanMs') => {
    if (results.length < 2) return 'n/a';
    const a = results[0]!;
    const b = results[results.length - 1]!;
    return (Math.log(b[key] / a[key]) / Math.log(b.n / a.n)).toFixed(2);
  };
  const lines = [
    `PostgreSQL ${version} server on this machine (pg.Pool, localhost). \`npsInStore(store, ctx, { period })\` — one aggregate statement (\`count(*) FILTER (…)\` for promoters, passives, detractors over the tenant's responses of kind nps answered in the period), finished in JavaScript by \`nps\`'s own code — against the baseline of scanning the same responses into an NPS accumulator (\`scan\`, pages of 1,000, every row validated as it is read), in the same process. The table is filled with \`INSERT … SELECT … generate_series\` from 1,000 responses written by \`insertMany\`. \`npsInStore\`: median of 3 runs after a warm-up; the baseline: one run${SIZES.some((n) => n > SCAN_CAP) ? `, stopped after ${fmt(SCAN_CAP)} rows above that size and scaled to the table (the scan rate does not depend on the table size: bulk section)` : ''}. Heap growth: the largest \`heapUsed\` during \`npsInStore\` (sampled every 20 ms) over the value after forced collections before it. **The machine is shared with other agents (2 cores, load average 1 / 5 / 15 min beside each row): compare ratios, not absolute times.**`,
    '',
    '| responses | `npsInStore` ms | scan into `nps` ms | rows the scan read | speed-up | `npsInStore` heap growth | load |',
    '|---:|---:|---:|---:|---:|---:|---|',
    ...results.map(
      (r) =>
        `| ${fmt(r.n)} | ${fmt(r.inStoreMs)} | ${fmt(r.scanMs)}${r.scanned < r.n ? ' (scaled)' : ''} | ${fmt(r.scanned)} | ${(r.scanMs / r.inStoreMs).toFixed(0)}× | ${r.heapMb.toFixed(2)} MB | ${r.loadText} |`,
    ),
    '',
    `Growth from ${fmt(results[0]?.n ?? 0)} to ${fmt(results[results.length - 1]?.n ?? 0)} responses, as the exponent k of time ∝ rowsᵏ: \`npsInStore\` ${growth('inStoreMs')}, the scan ${growth('scanMs')}. Both are linear in the rows PostgreSQL reads; \`npsInStore\` moves three counts to Node instead of every row, so its heap growth does not depend on the table size.`,
    '',
    `Machine: ${machineLine()}.`,
  ];
  writeReportSection(
    'aggregate',
    `## aggregate — \`npsInStore\` on the PostgreSQL server (issue 19)\n\n${lines.join('\n')}`,
  );
} finally {
  await pool.query(`DROP SCHEMA "${schema}" CASCADE`).catch(() => undefined);
  await pool.end();
}
