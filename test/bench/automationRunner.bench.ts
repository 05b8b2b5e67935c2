/**
 * Workflow runner benchmark (issue 13, "Performance"): executed plans per second on the PostgreSQL
 * server (CRMKIT_PG_URL) with the pg-boss queue and 4 workers (4 runners in this process, each
 * executing 4 steps at once, sharing one pg-boss and one store schema), against a baseline of 1
 * worker executing 1 step at a time, in the same run. The workflow has 3 steps per lead: a
 * set_field (a store transaction with its ledger key) and 2 webhooks (a handler writing a counting
 * table, then the ledger key). Timed from the start of the runners until every effect is in.
 *
 * Run: npx tsx test/bench/automationRunner.bench.ts   (BENCH_SCALE=0.2 for a smoke run)
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
  const four = await measure(4, 4);
  const loadAfter = loadavg()[0]!.toFixed(2);
  const line = `| ${LEADS} leads, ${PLANS} plans | ${one.toFixed(0)} | ${four.toFixed(0)} | ${(four / one).toFixed(2)}× |`;
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

| workload | 1 worker, 1 step at a time (plans/s) | 4 workers, 4 steps at a time each (plans/s) | ratio |
|---|---:|---:|---:|
${line}

1-minute load average ${loadBefore} before and ${loadAfter} after the runs.

Target (issue 13): at least 500 executed plans per second with 4 workers on this 2-core machine: ${
      four >= 500 ? 'met in this run' : `NOT met in this run (${four.toFixed(0)}/s)`
    }. The figure depends on the load: the server, pg-boss and the runners share 2 cores, so with
other agents' work on the machine it falls (157/s was measured at a load average of 16 to 20), and
it varies from run to run (five runs minutes apart on 2026-12-07, load average 2.7 to 2.9: 432, 475,
538, 604 and 633/s). Each lead costs about 16 statements besides pg-boss's: 2 to plan its event (its
enrollments read and saved), 6 for the \`set_field\` (its transaction, the ledger key, the record
read and updated), 4 for each webhook (its key and record read, the handler's write, its key
recorded).`,
  );
}
