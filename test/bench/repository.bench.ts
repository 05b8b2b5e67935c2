/**
 * Benchmark: the memory store.
 * 1. Insert 100,000 deals (each validated with parseDeal, copied in) and run three typical queries:
 *    open deals of one owner sorted by close date (first page of 50), deals in a stage (first page
 *    of 100), count by stage (one count per stage). Reports throughput.
 * 2. `find` over 1,000,000 deals against `Array.prototype.filter` + `sort` + `slice` over the same
 *    records for the same query (open deals of one owner by expected close date, first 50), in the
 *    same process, interleaved; target ratio ≤ 1.5.
 * Sizes at BENCH_SCALE=1: 100,000 and 1,000,000 deals.
 * Run: `npx tsx test/bench/repository.bench.ts` (BENCH_SCALE=0.01 for a smoke run).
 */
import { machineLine, medianOf, writeReportSection } from './_harness.js';
import { createMemoryStore, type Query, type StoreContext } from '../../src/repository/index.js';
import { createDeal, type Deal } from '../../src/entities/index.js';
import { unwrap } from '../../src/core/result.js';
import { fixedClock } from '../../src/core/clock.js';
import { createRng } from '../../src/math/random.js';

const scale = Number(process.env.BENCH_SCALE ?? 1);
const nSmall = Math.max(1000, Math.round(100_000 * scale));
const nLarge = Math.max(10_000, Math.round(1_000_000 * scale));
const STAGES = ['prospecting', 'qualification', 'proposal', 'negotiation', 'closed_won', 'closed_lost'] as const;
const OWNERS = Array.from({ length: 50 }, (_, i) => `user-${i + 1}`);
const DAY = 86_400_000;
const T0 = Date.UTC(2026, 0, 1);
const ctx: StoreContext = { tenantId: 'bench' };

/** n valid deals from a seeded generator: 50 owners, 6 stages, a third closed, close dates over two years (10 % unset). */
function makeDeals(n: number, seed: number, prefix: string): Deal[] {
  const rng = createRng(seed);
  const out: Deal[] = [];
  for (let i = 0; i < n; i++) {
    const stageId = STAGES[rng.nextInt(STAGES.length)]!;
    const closed = stageId === 'closed_won' || stageId === 'closed_lost';
    const created = T0 + rng.nextInt(365) * DAY;
    const id = `${prefix}-${i}`;
    out.push(
      unwrap(
        createDeal(
          {
            name: `Deal ${i}`,
            pipelineId: 'b2b',
            stageId,
            amount: { amount: `${rng.nextInt(10_000_000) / 100}`, currency: 'USD' },
            expectedCloseDate: rng.next() < 0.1 ? null : new Date(created + rng.nextInt(730) * DAY),
            closedAt: closed ? new Date(created + rng.nextInt(200) * DAY) : null,
            lostReason: stageId === 'closed_lost' ? 'price' : null,
            ownerId: OWNERS[rng.nextInt(OWNERS.length)]!,
          },
          { clock: fixedClock(new Date(created)), ids: { next: () => id } },
        ),
      ),
    );
  }
  return out;
}

/** Like the harness's compare(), for async candidates: interleaved runs, medians. */
async function compareAsync(
  candidate: () => Promise<unknown>,
  baseline: () => unknown,
  runs = 7,
): Promise<{ c: number; b: number; ratio: number }> {
  await candidate();
  baseline();
  const c: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < runs; i++) {
    let t0 = performance.now();
    baseline();
    b.push(performance.now() - t0);
    t0 = performance.now();
    await candidate();
    c.push(performance.now() - t0);
  }
  return { c: medianOf(c), b: medianOf(b), ratio: medianOf(c) / medianOf(b) };
}

async function timeAsync(fn: () => Promise<unknown>, runs = 7): Promise<number> {
  await fn();
  const xs: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    xs.push(performance.now() - t0);
  }
  return medianOf(xs);
}

const fmt = (x: number, d = 1) => x.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
const int = (x: number) => Math.round(x).toLocaleString('en-US');

const openOfOwner = (owner: string): Query<Deal> => ({
  where: {
    all: [
      { field: 'ownerId', op: 'eq', value: owner },
      { field: 'closedAt', op: 'isNull', value: true },
    ],
  },
  orderBy: [{ field: 'expectedCloseDate', direction: 'asc' }],
  limit: 50,
});

// ---------------------------------------------------------------- 1. 100,000 deals: insert and three queries
const small = makeDeals(nSmall, 1, 'd');
const store = createMemoryStore();
let t0 = performance.now();
for (const d of small) {
  const r = await store.deals.insert(ctx, d);
  if (!r.ok) throw r.error;
}
const insertMs = performance.now() - t0;

const q1 = await timeAsync(async () => unwrap(await store.deals.find(ctx, openOfOwner('user-7'))));
const q2 = await timeAsync(async () =>
  unwrap(await store.deals.find(ctx, { where: { field: 'stageId', op: 'eq', value: 'proposal' }, limit: 100 })),
);
const q3 = await timeAsync(async () => {
  for (const s of STAGES) unwrap(await store.deals.count(ctx, { where: { field: 'stageId', op: 'eq', value: s } }));
});
console.log(`insert ${nSmall}: ${fmt(insertMs)} ms; q1 ${fmt(q1, 2)} ms; q2 ${fmt(q2, 2)} ms; q3 ${fmt(q3, 2)} ms`);

// ---------------------------------------------------------------- 2. 1,000,000 deals: find vs filter + sort
// 100,000 generated deals, repeated with fresh ids and owners up to the size (generation is not what is measured).
const seedDeals = makeDeals(Math.min(nLarge, 100_000), 2, 'g');
const large: Deal[] = Array.from(
  { length: nLarge },
  (_, i) =>
    ({ ...seedDeals[i % seedDeals.length]!, id: `m-${i}`, ownerId: OWNERS[(i * 7919) % OWNERS.length]! }) as Deal,
);
const big = createMemoryStore();
t0 = performance.now();
for (const d of large) {
  const r = await big.deals.insert(ctx, d);
  if (!r.ok) throw r.error;
}
const bigInsertMs = performance.now() - t0;
const owner = 'user-13';
const baseline = () =>
  large
    .filter((d) => d.ownerId === owner && d.closedAt === null)
    .sort((a, b) => {
      const x = a.expectedCloseDate,
        y = b.expectedCloseDate;
      if (x === null || y === null) return x === y ? (a.id < b.id ? -1 : a.id > b.id ? 1 : 0) : x === null ? 1 : -1;
      const c = x.getTime() - y.getTime();
      return c !== 0 ? c : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
    })
    .slice(0, 50);
const mine = unwrap(await big.deals.find(ctx, openOfOwner(owner)));
const theirs = baseline();
if (JSON.stringify(mine.items.map((d) => d.id)) !== JSON.stringify(theirs.map((d) => d.id)))
  throw new Error('find and the baseline disagree');
const cmp = await compareAsync(async () => unwrap(await big.deals.find(ctx, openOfOwner(owner))), baseline);
console.log(`1M find ${fmt(cmp.c, 2)} ms vs filter+sort ${fmt(cmp.b, 2)} ms: ${fmt(cmp.ratio, 2)}×`);

// A query no equality index can serve (a full scan): open deals expected to close before a date, largest first.
const cutoff = new Date(T0 + 200 * DAY);
const scanQuery: Query<Deal> = {
  where: {
    all: [
      { field: 'closedAt', op: 'isNull', value: true },
      { field: 'expectedCloseDate', op: 'lt', value: cutoff },
    ],
  },
  orderBy: [{ field: 'amount', direction: 'desc' }],
  limit: 50,
};
const scanBaseline = () =>
  large
    .filter(
      (d) => d.closedAt === null && d.expectedCloseDate !== null && d.expectedCloseDate.getTime() < cutoff.getTime(),
    )
    .sort((a, b) => {
      const c = Number(b.amount.amount) - Number(a.amount.amount); // amounts have ≤ 2 decimals and < 10^5: exact in binary64 for ordering
      return c !== 0 ? c : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
    })
    .slice(0, 50);
const scanMine = unwrap(await big.deals.find(ctx, scanQuery));
if (JSON.stringify(scanMine.items.map((d) => d.id)) !== JSON.stringify(scanBaseline().map((d) => d.id)))
  throw new Error('scan: find and the baseline disagree');
const scan = await compareAsync(async () => unwrap(await big.deals.find(ctx, scanQuery)), scanBaseline);
console.log(`1M scan find ${fmt(scan.c, 2)} ms vs filter+sort ${fmt(scan.b, 2)} ms: ${fmt(scan.ratio, 2)}×`);

writeReportSection(
  'repository',
  `## repository — memory store

${machineLine()}. BENCH_SCALE = ${scale}. Medians of 7 runs after one warm-up; part 2 interleaves candidate and baseline in one process.

**1. ${int(nSmall)} deals** (50 owners, 6 stages of the b2b pipeline, a third closed), inserted one by one through \`store.deals.insert\` (each validated with \`parseDeal\` and copied in).

| operation | median | throughput |
|---|---:|---:|
| insert ${int(nSmall)} deals | ${fmt(insertMs)} ms | ${int(nSmall / (insertMs / 1000))} inserts/s |
| open deals of one owner by expected close date (first 50) | ${fmt(q1, 2)} ms | ${int(1000 / q1)} queries/s |
| deals in a stage (first 100) | ${fmt(q2, 2)} ms | ${int(1000 / q2)} queries/s |
| count by stage (${STAGES.length} counts) | ${fmt(q3, 2)} ms | ${int(1000 / q3)} per second |

**2. \`find\` over ${int(nLarge)} deals** (inserted in ${fmt(bigInsertMs / 1000)} s) against \`Array.prototype.filter\` + \`sort\` + \`slice(0, 50)\` over the same records, same query, same ids returned. \`find\` validates the query, picks its candidates (an equality index on a text field when a top-level conjunct is \`eq\`/\`in\`/\`isNull\`; the index is built on first use — during the warm-up run here — and kept up to date by every write), filters them, keeps the first page with a bounded top-k insertion instead of a full sort, and returns frozen copies of the 50 items.

| query | memory store \`find\` | filter + sort + slice | ratio | target |
|---|---:|---:|---:|---:|
| open deals of one owner by expected close date (index on \`ownerId\`) | ${fmt(cmp.c, 1)} ms | ${fmt(cmp.b, 1)} ms | **${fmt(cmp.ratio, 2)}×** | ≤ 1.5× |
| open deals closing before a date, largest amount first (no index applies: full scan) | ${fmt(scan.c, 1)} ms | ${fmt(scan.b, 1)} ms | **${fmt(scan.ratio, 2)}×** | — |

Without a usable equality conjunct a query scans every record of the kind in the tenant; the scan row shows its cost against a hand-written loop over records laid out contiguously by one allocation loop (the store's records are allocated one by one as they are validated, so they are scattered in memory). PostgreSQL numbers: see docs/postgres.md.`,
);
