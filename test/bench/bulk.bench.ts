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
/** Per-row inserts before and after each reported `insertMany` call (the interleaved baseline). */
const PER_ROW_AT = Number(process.env['BULK_PER_ROW_AT'] ?? 2000);
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
/** Wall time spent inside `query` (statement sent to result received), summed: the SQL share of a call. */
let sqlMs = 0;
const timed = async <T>(run: () => Promise<T>): Promise<T> => {
  const t = performance.now();
  try {
    return await run();
  } finally {
    sqlMs += performance.now() - t;
  }
};
const timedPool = {
  query: (text: string, params?: readonly (string | null)[]) => timed(() => pool.query(text, params as unknown[])),
  async connect() {
    const c = await pool.connect();
    return {
      query: (text: string, params?: readonly (string | null)[]) => timed(() => c.query(text, params as unknown[])),
      release: (e?: Error | boolean) => c.release(e),
    };
  },
};
const store = createPostgresStore(timedPool, { schema });
/** Per-row inserts of `n` rows with ids `sx-…` (outside the ids scanned below), one autocommitted statement each: rows / s. */
let perRowNext = 0;
async function perRowRateOf(n: number): Promise<number> {
  const rows = Array.from({ length: n }, (_, i) => ({
    ...template,
    id: `sx-${String(perRowNext + i).padStart(9, '0')}`,
    score: i % 11,
  })) as SurveyResponse[];
  perRowNext += n;
  const t = performance.now();
  for (const r of rows) unwrap(await store.surveyResponses.insert(ctx, r));
  return n / ((performance.now() - t) / 1000);
}
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

  // Growth: calls of 100,000 rows into a table growing to MAX rows. At each reported size, per-row inserts
  // into the same table right before and right after the call (the baseline at that size, interleaved),
  // and the call's time split: validation (checkBulkWrite, timed apart on the same entities), SQL (time
  // inside query()), and the rest (encoding the columns, the driver, building the result).
  const growth: {
    upTo: number;
    rate: number;
    perRow: number;
    checkShare: number;
    sqlShare: number;
    load: string;
  }[] = [];
  for (let at = 0; at < MAX; at += CALL) {
    const list = batch(at, CALL);
    const upTo = at + CALL;
    const report = [CALL, 1_000_000, 10_000_000].includes(upTo) || upTo === MAX;
    const before = report ? await perRowRateOf(PER_ROW_AT) : 0;
    const c0 = performance.now();
    const checked = checkBulkWrite({ operation: 'insertMany', repository: 'surveyResponses', ctx, entities: list });
    const checkMs = performance.now() - c0;
    if (!checked.ok) throw checked.error;
    sqlMs = 0;
    t0 = performance.now();
    unwrap(await store.surveyResponses.insertMany(ctx, list));
    const ms = performance.now() - t0;
    const callSql = sqlMs;
    if (report) {
      const after = await perRowRateOf(PER_ROW_AT);
      const perRow = (before + after) / 2;
      growth.push({
        upTo,
        rate: CALL / (ms / 1000),
        perRow,
        checkShare: checkMs / ms,
        sqlShare: callSql / ms,
        load: await osLoad(),
      });
      console.log(
        `insertMany ${upTo}: ${(CALL / (ms / 1000)).toFixed(0)}/s, per-row ${perRow.toFixed(0)}/s (validation ${((100 * checkMs) / ms).toFixed(0)}%, SQL ${((100 * callSql) / ms).toFixed(0)}%)`,
      );
    }
  }
  // Where the SQL time of a chunk goes, at the largest size: EXPLAIN ANALYZE of one chunk's statement (rolled
  // back) and of one per-row insert; the insert node's time above its input is the heap and index writes.
  const explain = async (text: string, params: readonly (string | null)[]): Promise<string[]> => {
    const c = await pool.connect();
    try {
      await c.query('BEGIN');
      const r = await c.query(`EXPLAIN (ANALYZE, BUFFERS) ${text}`, params as unknown[]);
      await c.query('ROLLBACK');
      return r.rows.map((x: Record<string, unknown>) => String(x['QUERY PLAN']));
    } finally {
      c.release();
    }
  };
  const captured: { text: string; params: readonly (string | null)[] }[] = [];
  const capturing = createPostgresStore(
    {
      query: (text, params) => pool.query(text, params as unknown[]),
      async connect() {
        const c = await pool.connect();
        return {
          async query(text: string, params?: readonly (string | null)[]) {
            captured.push({ text, params: params ?? [] });
            return { rows: [], rowCount: 0 };
          },
          release: (e?: Error | boolean) => c.release(e),
        };
      },
    },
    { schema },
  );
  await capturing.surveyResponses.insertMany(ctx, batch(MAX + 1_000_000, 2000));
  const chunkStmt = captured.find((c) => c.text.startsWith('WITH "i" AS'));
  const chunkPlan = chunkStmt === undefined ? [] : await explain(chunkStmt.text, chunkStmt.params);
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
  const actual = (line: string | undefined): [number, number] => {
    const m = /actual time=([\d.]+)\.\.([\d.]+)/.exec(line ?? '');
    return m === null ? [Number.NaN, Number.NaN] : [Number(m[1]), Number(m[2])];
  };
  const insertEnd = actual(chunkPlan[0])[1];
  const inputEnd = actual(chunkPlan.find((l) => l.includes('Subquery Scan on "*SELECT*"')))[1];
  const planTimes = {
    total: insertEnd.toFixed(0),
    input: inputEnd.toFixed(0),
    write: (insertEnd - inputEnd).toFixed(0),
    perRow: (((insertEnd - inputEnd) / 2000) * 1000).toFixed(0),
  };
  console.log(chunkPlan.join('\n'));
  const lines = [
    `PostgreSQL ${version} server on this machine (pg.Pool, localhost), survey responses. Baseline: per-row \`insert\` (one autocommitted statement each, as before issue 19) of ${fmt(PER_ROW)} rows; then \`insertMany\` of the same number of rows in the same process. Growth: \`insertMany\` calls of ${fmt(CALL)} rows (each one transaction of ${CALL / 2000} chunks of 2,000 rows, \`INSERT … SELECT FROM unnest(…)\`) into a table growing to ${fmt(MAX)} rows. The machine is shared with other agents (2 cores): the load average (1 / 5 / 15 min) is given beside each figure; compare ratios, not absolute times.`,
    '',
    '| measure | rows | rows / s | per-row `insert` rows / s, same table, interleaved | ratio | load |',
    '|---|---|---|---|---|---|',
    `| per-row \`insert\` (baseline), empty table | ${fmt(PER_ROW)} | ${fmt(perRowRate)} | | 1 | ${loadPerRow} |`,
    `| \`insertMany\`, same rows, right after | ${fmt(PER_ROW)} | ${fmt(sameRate)} | ${fmt(perRowRate)} | **${(sameRate / perRowRate).toFixed(1)}×** | |`,
    ...growth.map(
      (g) =>
        `| \`insertMany\`, call ending at ${fmt(g.upTo)} rows in the table | ${fmt(CALL)} | ${fmt(g.rate)} | ${fmt(g.perRow)} | **${(g.rate / g.perRow).toFixed(1)}×** | ${g.load} |`,
    ),
    '',
    `The per-row rate of each growth row is measured in the same process on the same table: ${fmt(PER_ROW_AT)} per-row inserts right before the \`insertMany\` call and ${fmt(PER_ROW_AT)} right after, averaged, so both sides pay the same table size and the same load. Where an \`insertMany\` call's time goes: validating the entities in JavaScript (\`checkBulkWrite\`: each entity through its \`parse*\` function, as \`insert\` does; timed apart on the same entities) ${growth.map((g) => `${(100 * g.checkShare).toFixed(0)}%`).join(', ')}; inside \`query()\` (statement sent to rows received: the server's work and the transfer) ${growth.map((g) => `${(100 * g.sqlShare).toFixed(0)}%`).join(', ')}; the rest is encoding the columns, the driver, and building the result.`,
    '',
    `One chunk of 2,000 rows at ${fmt(MAX)} rows in the table, \`EXPLAIN (ANALYZE, BUFFERS)\` (rolled back): the statement took ${planTimes.total} ms, of which ${planTimes.input} ms to produce the rows to insert (unnest, the \`record_versions\` upsert, the join, the casts and \`jsonb_set\` of the document) and ${planTimes.write} ms to write them (the heap tuple and the entries of the table's four indexes — primary key, answered, account, ticket — per row: ${planTimes.perRow} µs); per-row \`insert\` writes the same tuple and index entries per row, and the same \`record_versions\` row, so that part is a cost the two share.`,
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
