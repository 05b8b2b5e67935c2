/**
 * Access benchmark (issue 16): `find` and `count` through `withAccess` with a team-level policy, against
 * the same query with the access condition written by hand on the unguarded store, over 1,000,000 deals
 * — on the memory store and, when `CRMKIT_PG_URL` is set, on a PostgreSQL server. Target: the guarded
 * store within 1.5× of the hand-written query on both.
 *
 * The guarded store is measured two ways: made once and reused, and made per request (the documented use:
 * its first call reads the acting user and the users of their teams). Candidate and baseline are timed
 * interleaved in one process; medians of 15 rounds.
 *
 * The PostgreSQL table is filled with 10,000 deals through `store.deals.insert`, then copied in SQL
 * (`INSERT … SELECT … generate_series`) to the full size with new ids, so loading takes seconds, not the
 * five minutes single inserts would.
 *
 * Run: node --max-old-space-size=8192 --import tsx test/bench/access.bench.ts   (BENCH_SCALE=0.05 for a smoke run)
 */
import os from 'node:os';
import pg from 'pg';
import { machineLine, medianOf, writeReportSection } from './_harness.js';
import { createPostgresStore, migratePostgres } from '../../src/adapters/postgres/index.js';
import { createMemoryStore } from '../../src/repository/index.js';
import type { Store } from '../../src/repository/ports.js';
import type { Query } from '../../src/repository/query.js';
import { createDeal, createUser, type Deal, type User } from '../../src/entities/index.js';
import { fixedClock } from '../../src/core/clock.js';
import { sequentialIdGenerator } from '../../src/core/ids.js';
import { unwrap } from '../../src/core/result.js';
import { createRng } from '../../src/math/random.js';
import { defineAccessPolicy, withAccess } from '../../src/access/index.js';

const scale = Number(process.env.BENCH_SCALE ?? 1);
const N = Math.max(10_000, Math.round(1_000_000 * scale));
const SEED_ROWS = 10_000;
const TEAMS = 20;
const PER_TEAM = 10;
const STAGES = ['prospecting', 'qualification', 'proposal', 'negotiation', 'closed_won', 'closed_lost'] as const;
const ctx = { tenantId: 'bench' };
const clock = fixedClock('2026-01-01T00:00:00Z');

const users: User[] = [];
for (let t = 0; t < TEAMS; t++)
  for (let i = 0; i < PER_TEAM; i++) {
    const u = unwrap(
      createUser(
        {
          name: `User ${t}.${i}`,
          email: `u${t}.${i}@bench.test`,
          role: 'sales',
          teamIds: [`team-${t}`] as User['teamIds'],
        },
        { clock, ids: sequentialIdGenerator('u') },
      ),
    );
    users.push({ ...u, id: `user-${t}-${i}` as User['id'] });
  }
const me = users[3 * PER_TEAM + 4]!; // a rep of team-3
const team = users.filter((u) => u.teamIds[0] === me.teamIds[0]).map((u) => u.id);

function makeDeals(n: number, seed: number): Deal[] {
  const rng = createRng(seed);
  const entityCtx = { clock, ids: sequentialIdGenerator(`d${seed}`) };
  const out: Deal[] = [];
  const day = 86_400_000;
  const base = Date.UTC(2026, 0, 1);
  for (let i = 0; i < n; i++) {
    const stageId = STAGES[Math.floor(rng.next() * STAGES.length)]!;
    const cents = Math.floor(rng.next() * 10_000_000);
    out.push(
      unwrap(
        createDeal(
          {
            name: `Deal ${i}`,
            pipelineId: 'b2b',
            stageId,
            amount: { amount: `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`, currency: 'EUR' },
            ownerId: users[Math.floor(rng.next() * users.length)]!.id,
            expectedCloseDate: new Date(base + Math.floor(rng.next() * 365) * day),
          },
          entityCtx,
        ),
      ),
    );
  }
  return out;
}

const policy = unwrap(defineAccessPolicy({ defaults: {}, roles: { sales: { deal: { read: 'team', edit: 'own' } } } }));
const userQuery: Query<Deal> = {
  where: { field: 'stageId', op: 'eq', value: 'proposal' },
  orderBy: [{ field: 'amount', direction: 'desc' }],
  limit: 50,
};
const handQuery: Query<Deal> = {
  where: {
    all: [
      { field: 'ownerId', op: 'in', value: team },
      { field: 'stageId', op: 'eq', value: 'proposal' },
    ],
  },
  orderBy: [{ field: 'amount', direction: 'desc' }],
  limit: 50,
};
const handCount = { where: handQuery.where! };
const userCount = { where: userQuery.where! };

async function compareAsync(candidate: () => Promise<unknown>, baseline: () => Promise<unknown>, runs = 15) {
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
  return { candidateMs: medianOf(c), baselineMs: medianOf(b), ratio: medianOf(c) / medianOf(b) };
}

interface Line {
  readonly backend: string;
  readonly what: string;
  readonly candidateMs: number;
  readonly baselineMs: number;
  readonly ratio: number;
}

async function measure(backend: string, store: Store): Promise<Line[]> {
  const reused = withAccess(store, policy, { user: me });
  // Same answers first.
  const a = unwrap(await reused.deals.find(ctx, userQuery)).items.map((d) => d.id);
  const b = unwrap(await store.deals.find(ctx, handQuery)).items.map((d) => d.id);
  if (JSON.stringify(a) !== JSON.stringify(b))
    throw new Error(`${backend}: the guarded page differs from the hand-written one`);
  const ca = unwrap(await reused.deals.count(ctx, userCount));
  const cb = unwrap(await store.deals.count(ctx, handCount));
  if (ca !== cb) throw new Error(`${backend}: counts differ (${ca} vs ${cb})`);
  const out: Line[] = [];
  const add = async (what: string, cand: () => Promise<unknown>, base: () => Promise<unknown>) => {
    const r = await compareAsync(cand, base);
    out.push({ backend, what, ...r });
    console.log(
      `${backend}: ${what}: ${r.candidateMs.toFixed(2)} ms vs ${r.baselineMs.toFixed(2)} ms (×${r.ratio.toFixed(2)}), load ${os.loadavg()[0]!.toFixed(1)}`,
    );
  };
  await add(
    'page of 50 (stage, by amount), guarded store reused',
    async () => unwrap(await reused.deals.find(ctx, userQuery)),
    async () => unwrap(await store.deals.find(ctx, handQuery)),
  );
  await add(
    'page of 50, guarded store made per request',
    async () => unwrap(await withAccess(store, policy, { user: me }).deals.find(ctx, userQuery)),
    async () => unwrap(await store.deals.find(ctx, handQuery)),
  );
  await add(
    'count, guarded store reused',
    async () => unwrap(await reused.deals.count(ctx, userCount)),
    async () => unwrap(await store.deals.count(ctx, handCount)),
  );
  return out;
}

const lines: Line[] = [];
const load0 = os.loadavg()[0]!;
{
  const memory = createMemoryStore();
  for (const u of users) unwrap(await memory.users.insert(ctx, u));
  const deals = makeDeals(N, 7);
  for (const d of deals) unwrap(await memory.deals.insert(ctx, d));
  console.log(`memory: ${N} deals loaded`);
  lines.push(...(await measure('memory store', memory)));
}

const url = process.env['CRMKIT_PG_URL'];
let pgNote = 'not run: `CRMKIT_PG_URL` was not set.';
if (url !== undefined && url !== '') {
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  const schema = `bench_access_${Date.now().toString(36)}`;
  unwrap(await migratePostgres(pool, { schema }));
  const store = createPostgresStore(pool, { schema });
  for (const u of users) unwrap(await store.users.insert(ctx, u));
  const seed = makeDeals(SEED_ROWS, 11);
  for (let i = 0; i < seed.length; i += 1000)
    unwrap(
      await store.transaction(ctx, async (tx) => {
        for (const d of seed.slice(i, i + 1000)) {
          const r = await tx.deals.insert(ctx, d);
          if (!r.ok) return r;
        }
        return { ok: true as const, value: null };
      }),
    );
  const cols = (
    await pool.query(
      `SELECT column_name FROM information_schema.columns WHERE table_schema = $1 AND table_name = 'deals' ORDER BY ordinal_position`,
      [schema],
    )
  ).rows.map((r: { column_name: string }) => r.column_name);
  const select = cols.map((c) =>
    c === 'id' ? `d.id || '-' || g` : c === 'doc' ? `jsonb_set(d.doc, '{id}', to_jsonb(d.id || '-' || g))` : `d."${c}"`,
  );
  const copies = Math.ceil(N / SEED_ROWS) - 1;
  await pool.query(
    `INSERT INTO "${schema}".deals (${cols.map((c) => `"${c}"`).join(', ')}) SELECT ${select.join(', ')} FROM "${schema}".deals d, generate_series(1, ${copies}) g`,
  );
  await pool.query(`ANALYZE "${schema}".deals`);
  const total = unwrap(await store.deals.count(ctx));
  console.log(`PostgreSQL: ${total} deals`);
  const version = String((await pool.query('SHOW server_version')).rows[0]?.server_version ?? '?').split(' ')[0];
  lines.push(...(await measure(`PostgreSQL ${version} server`, store)));
  await pool.query(`DROP SCHEMA "${schema}" CASCADE`);
  await pool.end();
  pgNote = `${total.toLocaleString('en-US')} deals (${SEED_ROWS.toLocaleString('en-US')} inserted through the store, copied in SQL with new ids).`;
}

const fmt = (x: number) => (x >= 100 ? Math.round(x).toLocaleString('en-US') : x.toFixed(2));
writeReportSection(
  'access',
  [
    '## access — `withAccess` against a hand-written access condition',
    '',
    `${N.toLocaleString('en-US')} deals owned by ${users.length} reps in ${TEAMS} teams of ${PER_TEAM}; the acting rep reads at the \`team\` level (${((team.length / users.length) * 100).toFixed(0)}% of the deals). Query: the deals in one stage, by amount descending, first page of 50; and their count. Baseline: the same query on the unguarded store with \`ownerId in [the team's ids]\` written by hand; the guarded store's answers are checked equal first. Candidate and baseline interleaved in one process, medians of 15 rounds. Target: ≤ 1.5×. PostgreSQL: ${pgNote}`,
    '',
    '| store | what | guarded | hand-written | ratio |',
    '|---|---|---:|---:|---:|',
    ...lines.map(
      (l) =>
        `| ${l.backend} | ${l.what} | ${fmt(l.candidateMs)} ms | ${fmt(l.baselineMs)} ms | ${l.ratio.toFixed(2)} |`,
    ),
    '',
    `${machineLine()}; load average ${load0.toFixed(1)} at the start, ${os.loadavg()[0]!.toFixed(1)} at the end (the machine is shared).${scale === 1 ? '' : ` Run at BENCH_SCALE=${scale}.`}`,
  ].join('\n'),
);
