/**
 * PostgreSQL adapter benchmark: inserts 100,000 deals through `store.deals.insert` (in
 * transactions of 1,000) and runs the three typical queries — open deals of one owner sorted by
 * expected close date (first page of 50), deals in a stage (first page of 50), and the count of
 * deals in every stage — on PGlite and, when `CRMKIT_PG_URL` is set, on a PostgreSQL server
 * (pg.Pool). The baseline is the memory store holding the same deals, timed in the same process,
 * interleaved with the candidate; the report gives throughputs and the ratio of median times.
 *
 * Run: npx tsx test/bench/postgres.bench.ts   (BENCH_SCALE=0.05 for a smoke run)
 */
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { machineLine, medianOf, writeReportSection } from './_harness.js';
import { createPostgresStore, migratePostgres, type PostgresClient } from '../../src/adapters/postgres/index.js';
import { createMemoryStore } from '../../src/repository/index.js';
import type { Store } from '../../src/repository/ports.js';
import type { Query } from '../../src/repository/query.js';
import { createDeal, type Deal } from '../../src/entities/index.js';
import { fixedClock } from '../../src/core/clock.js';
import { sequentialIdGenerator } from '../../src/core/ids.js';
import { unwrap } from '../../src/core/result.js';
import { createRng } from '../../src/math/random.js';

const scale = Number(process.env.BENCH_SCALE ?? 1);
const N = Math.max(1000, Math.round(100_000 * scale));
const BATCH = 1000;
const OWNERS = 200;
const STAGES = ['prospecting', 'qualification', 'proposal', 'negotiation', 'closed_won', 'closed_lost'] as const;
const ctx = { tenantId: 'bench' };

// ---- Data: N deals, deterministic ----
function makeDeals(): Deal[] {
  const rng = createRng(20260301);
  const entityCtx = { clock: fixedClock('2026-01-01T00:00:00Z'), ids: sequentialIdGenerator('bench') };
  const out: Deal[] = [];
  const day = 86_400_000;
  const base = Date.UTC(2026, 0, 1);
  for (let i = 0; i < N; i++) {
    const stageId = STAGES[Math.floor(rng.next() * STAGES.length)]!;
    const closed = stageId === 'closed_won' || stageId === 'closed_lost';
    const cents = Math.floor(rng.next() * 10_000_000);
    out.push(
      unwrap(
        createDeal(
          {
            name: `Deal ${i}`,
            pipelineId: 'b2b',
            stageId,
            amount: { amount: `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`, currency: 'EUR' },
            ownerId: `user-${Math.floor(rng.next() * OWNERS)}`,
            expectedCloseDate: rng.next() < 0.1 ? null : new Date(base + Math.floor(rng.next() * 365) * day),
            closedAt: closed ? new Date(base + Math.floor(rng.next() * 365) * day) : null,
            lostReason: stageId === 'closed_lost' ? 'price' : null,
          },
          entityCtx,
        ),
      ),
    );
  }
  return out;
}

const openOfOwner: Query<Deal> = {
  where: {
    all: [
      { field: 'ownerId', op: 'eq', value: 'user-7' },
      { field: 'closedAt', op: 'isNull', value: true },
    ],
  },
  orderBy: [{ field: 'expectedCloseDate', direction: 'asc' }],
  limit: 50,
};
const inStage: Query<Deal> = { where: { field: 'stageId', op: 'eq', value: 'proposal' }, limit: 50 };
const countByStage = async (store: Store): Promise<number[]> =>
  Promise.all(
    STAGES.map(async (s) => unwrap(await store.deals.count(ctx, { where: { field: 'stageId', op: 'eq', value: s } }))),
  );

async function insertAll(store: Store, deals: readonly Deal[]): Promise<number> {
  const t0 = performance.now();
  for (let i = 0; i < deals.length; i += BATCH) {
    const batch = deals.slice(i, i + BATCH);
    unwrap(
      await store.transaction(ctx, async (tx) => {
        for (const d of batch) {
          const r = await tx.deals.insert(ctx, d);
          if (!r.ok) return r;
        }
        return { ok: true as const, value: batch.length };
      }),
    );
  }
  return performance.now() - t0;
}

/** Times an async candidate and baseline alternately; returns their median times and the ratio. */
async function compareAsync(
  candidate: () => Promise<unknown>,
  baseline: () => Promise<unknown>,
  runs = 15,
): Promise<{ candidateMs: number; baselineMs: number; ratio: number }> {
  await candidate();
  await baseline();
  const c: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < runs; i++) {
    let t0 = performance.now();
    await baseline();
    b.push(performance.now() - t0);
    t0 = performance.now();
    await candidate();
    c.push(performance.now() - t0);
  }
  const candidateMs = medianOf(c);
  const baselineMs = medianOf(b);
  return { candidateMs, baselineMs, ratio: candidateMs / baselineMs };
}

interface Row {
  readonly backend: string;
  readonly insertPerSec: number;
  readonly queries: readonly { name: string; candidateMs: number; baselineMs: number; ratio: number }[];
}

async function runBackend(name: string, client: PostgresClient, deals: readonly Deal[], memory: Store): Promise<Row> {
  const schema = `bench_${Date.now().toString(36)}`;
  unwrap(await migratePostgres(client, { schema }));
  const store = createPostgresStore(client, { schema });
  console.log(`${name}: inserting ${deals.length} deals…`);
  const insertMs = await insertAll(store, deals);
  await client.query(`ANALYZE "${schema}"."deals"`);
  // Same answers as the memory store, before timing anything.
  const [a, b] = [unwrap(await store.deals.find(ctx, openOfOwner)), unwrap(await memory.deals.find(ctx, openOfOwner))];
  if (JSON.stringify(a.items.map((d) => d.id)) !== JSON.stringify(b.items.map((d) => d.id)))
    throw new Error(`${name}: open-deals query differs from the memory store`);
  if (JSON.stringify(await countByStage(store)) !== JSON.stringify(await countByStage(memory)))
    throw new Error(`${name}: counts differ from the memory store`);
  const queries = [
    {
      name: 'open deals of one owner by close date (page of 50)',
      ...(await compareAsync(
        async () => unwrap(await store.deals.find(ctx, openOfOwner)),
        async () => unwrap(await memory.deals.find(ctx, openOfOwner)),
      )),
    },
    {
      name: 'deals in a stage (page of 50)',
      ...(await compareAsync(
        async () => unwrap(await store.deals.find(ctx, inStage)),
        async () => unwrap(await memory.deals.find(ctx, inStage)),
      )),
    },
    {
      name: `count by stage (${STAGES.length} counts)`,
      ...(await compareAsync(
        () => countByStage(store),
        () => countByStage(memory),
      )),
    },
  ];
  await client.query(`DROP SCHEMA "${schema}" CASCADE`);
  console.log(
    `${name}: ${Math.round(deals.length / (insertMs / 1000))} inserts/s`,
    queries.map((q) => `${q.name}: ${q.candidateMs.toFixed(2)} ms (×${q.ratio.toFixed(1)})`).join('; '),
  );
  return { backend: name, insertPerSec: deals.length / (insertMs / 1000), queries };
}

const deals = makeDeals();
const memory = createMemoryStore();
const memoryInsertMs = await insertAll(memory, deals);
console.log(`memory: ${Math.round(N / (memoryInsertMs / 1000))} inserts/s`);

const rows: Row[] = [];
const pglite = new PGlite();
await pglite.waitReady;
rows.push(await runBackend('PGlite 0.5 (in-process WebAssembly)', pglite, deals, memory));
await pglite.close();

const url = process.env['CRMKIT_PG_URL'];
if (url !== undefined && url !== '') {
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  const version = String((await pool.query('SHOW server_version')).rows[0]?.server_version ?? '?');
  rows.push(await runBackend(`PostgreSQL ${version.split(' ')[0]} server (pg.Pool, localhost)`, pool, deals, memory));
  await pool.end();
}

// At full size the run takes the time of 100,000 inserts per backend at the rates measured here.
const fullMinutes =
  (100_000 / (N / (memoryInsertMs / 1000)) + rows.reduce((t, r) => t + 100_000 / r.insertPerSec, 0)) / 60;
const fmt = (x: number): string => (x >= 100 ? Math.round(x).toLocaleString('en-US') : x.toFixed(x >= 10 ? 1 : 2));
const lines = [
  '## postgres — PostgreSQL adapter',
  '',
  `${N.toLocaleString('en-US')} deals (${OWNERS} owners, ${STAGES.length} stages) inserted through \`store.deals.insert\` in transactions of ${BATCH} (each insert validates the deal and runs one parameterised statement), then the three typical queries. Baseline: the memory store holding the same deals, timed interleaved in the same process; ratio = adapter median / memory median (above 1: slower than in-process maps). Query results are checked equal to the memory store's first.${scale === 1 ? '' : ` Run at BENCH_SCALE=${scale} (${N.toLocaleString('en-US')} deals): at the insert rates measured here the full 100,000 would take about ${Math.round(fullMinutes)} minutes, over the 3-minute budget for benchmark runs.`}`,
  '',
  `Memory store inserts: ${fmt(N / (memoryInsertMs / 1000))} per second.`,
  '',
  '| backend | inserts / s | query | adapter median | queries / s | memory-store median | ratio |',
  '|---|---:|---|---:|---:|---:|---:|',
  ...rows.flatMap((r) =>
    r.queries.map(
      (q, i) =>
        `| ${i === 0 ? r.backend : ''} | ${i === 0 ? fmt(r.insertPerSec) : ''} | ${q.name} | ${q.candidateMs.toFixed(2)} ms | ${fmt(1000 / q.candidateMs)} | ${q.baselineMs.toFixed(2)} ms | ${q.ratio.toFixed(2)} |`,
    ),
  ),
  '',
  rows.length === 1
    ? 'No PostgreSQL server in this run (set `CRMKIT_PG_URL`, e.g. `eval "$(scripts/start-postgres.sh)"`).'
    : '',
  `Machine: ${machineLine()}.`,
];
writeReportSection('postgres', lines.filter((l, i, a) => !(l === '' && a[i - 1] === '')).join('\n'));
