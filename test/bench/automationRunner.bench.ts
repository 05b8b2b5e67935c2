/**
 * Workflow runner benchmark (issue 13, "Performance"): executed plans per second on the PostgreSQL
 * server (CRMKIT_PG_URL) with the pg-boss queue and 4 workers (4 runners in this process, each
 * executing 4 steps at once, sharing one pg-boss and one store schema), against a baseline of 1
 * worker executing 1 step at a time, in the same run. The workflow has 3 steps per lead: a
 * set_field (a store transaction with its ledger key) and 2 webhooks (a handler writing a counting
 * table, then the ledger key). Timed from the start of the runners until every effect is in.
 *
 * Run: npx tsx test/bench/automationRunner.bench.ts   (BENCH_SCALE=0.2 for a smoke run; BENCH_RUNS=n runs
 * of the 4-worker case, default 3)
 */
import { loadavg } from 'node:os';
import pg from 'pg';
import PgBoss from 'pg-boss';
import { machineLine, writeReportSection } from './_harness.js';
import { createPostgresStore, migratePostgres } from '../../src/adapters/postgres/index.js';
import { createPgBossQueue } from '../../src/adapters/pgBoss/index.js';
import { createWorkflowRunner, type WorkflowHandler } from '../../src/automation/index.js';
import { ok, unwrap } from '../../src/core/result.js';
import { insertLead } from '../automation/_runnerFixtures.js';
import { BENCH_WORKFLOW, webhookTables } from '../automation/_killChild.js';

const url = process.env['CRMKIT_PG_URL'];
const scale = Number(process.env['BENCH_SCALE'] ?? 1);
const LEADS = Math.max(50, Math.round(1000 * scale));
const PLANS = LEADS * BENCH_WORKFLOW.steps.length;
const RUNS = Math.max(1, Number(process.env['BENCH_RUNS'] ?? 3));

async function measure(workers: number, concurrency: number): Promise<number> {
  const schema = `bench_runner_${process.pid}_${workers}_${Date.now().toString(36)}`;
  const admin = new pg.Pool({ connectionString: url, max: 4 });
  unwrap(await migratePostgres(admin, { schema }));
  for (const sql of webhookTables(schema)) await admin.query(sql);
  const seed = createPostgresStore(admin, { schema });
  for (let i = 0; i < LEADS; i++) await insertLead(seed, { tenantId: 'acme' }, i, new Date());
  const boss = new PgBoss({ connectionString: url, schema: `${schema}_boss`, max: 2 * workers + 2 });
  boss.on('error', () => undefined);
  await boss.start();
  const queue = unwrap(await createPgBossQueue(boss, { queue: 'wf', leaseSeconds: 60 }));
  const controller = new AbortController();
  const pools: pg.Pool[] = [];
  const started = performance.now();
  const runs = Array.from({ length: workers }, () => {
    const pool = new pg.Pool({ connectionString: url, max: concurrency + 2 });
    pools.push(pool);
    const webhook: WorkflowHandler = async (_plan, { idempotencyKey }) => {
      await pool.query(
        `INSERT INTO "${schema}"."webhook_calls" ("key", "calls") VALUES ($1, 1) ON CONFLICT ("key") DO UPDATE SET "calls" = "webhook_calls"."calls" + 1`,
        [idempotencyKey],
      );
      return ok(null);
    };
    return createWorkflowRunner({
      store: createPostgresStore(pool, { schema }),
      workflows: [BENCH_WORKFLOW],
      handlers: { webhook },
      tenants: ['acme'],
      queue,
      signal: controller.signal,
      concurrency,
      batchSize: 4 * concurrency,
      pollMs: 10,
    }).run();
  });
  const ledger = `"${schema}"."workflow_ledger"`;
  for (;;) {
    const n = Number((await admin.query(`SELECT count(*)::int AS n FROM ${ledger}`)).rows[0].n);
    if (n >= PLANS) break;
    await new Promise((r) => setTimeout(r, 20));
  }
  const seconds = (performance.now() - started) / 1000;
  controller.abort();
  await Promise.all(runs);
  await boss.stop({ graceful: true, wait: true });
  for (const p of pools) await p.end();
  const calls = Number((await admin.query(`SELECT count(*)::int AS n FROM "${schema}"."webhook_calls"`)).rows[0].n);
  if (calls !== 2 * LEADS) throw new Error(`expected ${2 * LEADS} webhook keys, got ${calls}`);
  await admin.query(`DROP SCHEMA "${schema}" CASCADE`);
  await admin.query(`DROP SCHEMA "${schema}_boss" CASCADE`);
  await admin.end();
  return PLANS / seconds;
}

if (url === undefined || url === '') {
  console.log('automationRunner bench: skipped (set CRMKIT_PG_URL)');
} else {
  const loadBefore = loadavg()[0]!.toFixed(2);
  const one = await measure(1, 1);
  // Several runs of the 4-worker case (BENCH_RUNS, default 3): the target is to hold in each.
  const fours: number[] = [];
  for (let i = 0; i < RUNS; i++) fours.push(await measure(4, 4));
  const four = Math.min(...fours);
  const loadAfter = loadavg()[0]!.toFixed(2);
  const line = `| ${LEADS} leads, ${PLANS} plans | ${one.toFixed(0)} | ${fours.map((f) => f.toFixed(0)).join(', ')} | ${(four / one).toFixed(2)}× |`;
  console.log(line);
  writeReportSection(
    'automation-runner',
    `## Workflow runner on PostgreSQL (pg-boss queue)

Executed plans per second, from the start of the runners until every plan's key is in the ledger:
each lead's \`lead_created\` event planned by the runner's default planner (\`planWorkflows\`, the
enrollments kept in the ledger), then a workflow of 3 steps per lead (a \`set_field\` through the
store with its ledger key in the same transaction, and 2 webhooks whose handler writes a counting
table). The server is the local
PostgreSQL 15 of the tests; the runners, pg-boss and the server share the machine's 2 cores, and
other agents were running at the same time (the figures are loaded-machine figures).
\`npx tsx test/bench/automationRunner.bench.ts\`. ${machineLine()}.

| workload | 1 worker, 1 step at a time (plans/s) | 4 workers, 4 steps at a time each (plans/s, each run) | ratio (slowest run) |
|---|---:|---:|---:|
${line}

1-minute load average ${loadBefore} before and ${loadAfter} after the runs.

Target (issue 13): at least 500 executed plans per second with 4 workers on this 2-core machine: ${
      four >= 500
        ? `met in every run (slowest ${four.toFixed(0)}/s)`
        : `NOT met in every run (slowest ${four.toFixed(0)}/s)`
    }. The figure depends on the load: the server, pg-boss and the runners share 2 cores (the runners'
process was busy about three quarters of the time, the server most of the rest), so other agents'
work on the machine lowers it, and it varies from run to run (the code before 2026-12-07, run
right after this code on the same machine at load 2.0–2.5: 728 and 892/s; its earlier figures,
432–633/s, were taken at load 2.7–2.9). Each lead costs about 13 statements
besides pg-boss's and the webhook handler's own (16 before 2026-12-07): 2 to plan its event (its
enrollments read and saved; its record comes with the page's, one statement per kind per page), 5
for the \`set_field\` (its transaction, the ledger key, the record read and updated), 2 for each
webhook (its record read, its key recorded; the ledger look-up before a handler is skipped on a
job's first delivery, which pg-boss's retry count tells), and the page's and batch's share (the
cursor, the events read, a poll that finds nothing new is one statement without a transaction).
Left: every store transaction builds the statements of all repositories again
(\`src/adapters/postgres/store.ts\`, about a tenth of the runners' CPU in a profile).`,
  );
}
