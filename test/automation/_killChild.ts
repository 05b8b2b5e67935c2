/**
 * A workflow runner process for the kill test (and the benchmark): the PostgreSQL store and the
 * pg-boss queue on the server of CRMKIT_PG_URL, a webhook handler that counts its calls in a table,
 * runs until SIGTERM (or is killed). The runner plans with its default planner (planWorkflows and
 * continueWorkflow), as an application's does. Environment: KILL_SCHEMA (the store's schema, migrated),
 * KILL_BOSS_SCHEMA, KILL_CONCURRENCY, KILL_WORKFLOW ('kill' or 'bench').
 */
import pg from 'pg';
import PgBoss from 'pg-boss';
import { ok, unwrap } from '../../src/core/result.js';
import { createPostgresStore } from '../../src/adapters/postgres/index.js';
import { createPgBossQueue } from '../../src/adapters/pgBoss/index.js';
import {
  createWorkflowRunner,
  defineWorkflow,
  type Workflow,
  type WorkflowHandler,
} from '../../src/automation/index.js';

/**
 * The kill test's workflow, defined as users define theirs and planned by the runner's default
 * planner (planWorkflows / continueWorkflow): a set_field, a webhook, a delay, and a webhook after it.
 */
export const KILL_WORKFLOW: Workflow = /* @__PURE__ */ unwrap(
  defineWorkflow({
    id: 'kill',
    name: 'Kill test',
    enabled: true,
    object: 'lead',
    trigger: { type: 'created' },
    steps: [
      { id: 'tag', type: 'set_field', params: { patch: { company: 'Tagged' } } },
      { id: 'hook', type: 'webhook', params: { url: 'https://example.com/a' } },
      { id: 'wait', type: 'delay', params: { duration: 'PT3S' } },
      { id: 'hook-after', type: 'webhook', params: { url: 'https://example.com/b' } },
    ],
  }),
);

/** The idempotency keys of a lead's plans of {@link KILL_WORKFLOW} (the step after the delay is pass 1). */
export const killKeys = (leadId: string): readonly string[] => [
  `kill:lead:${leadId}@1:tag`,
  `kill:lead:${leadId}@1:hook`,
  `kill:lead:${leadId}@1:wait`,
  `kill:lead:${leadId}@1:hook-after#1`,
];

/** The benchmark's workflow: three steps, no delay (default planner, as users run it). */
export const BENCH_WORKFLOW: Workflow = /* @__PURE__ */ unwrap(
  defineWorkflow({
    id: 'bench',
    name: 'Runner benchmark',
    enabled: true,
    object: 'lead',
    trigger: { type: 'created' },
    steps: [
      { id: 'tag', type: 'set_field', params: { patch: { company: 'Tagged' } } },
      { id: 'hook', type: 'webhook', params: { url: 'https://example.com/a' } },
      { id: 'hook2', type: 'webhook', params: { url: 'https://example.com/b' } },
    ],
  }),
);

/** The DDL of the counting tables (run by the parent). */
export const webhookTables = (schema: string): string[] => [
  `CREATE TABLE "${schema}"."webhook_calls" ("key" text PRIMARY KEY, "calls" integer NOT NULL)`,
  `CREATE TABLE "${schema}"."webhook_effects" ("key" text PRIMARY KEY)`,
];

async function main(): Promise<void> {
  const url = process.env['CRMKIT_PG_URL']!;
  const schema = process.env['KILL_SCHEMA']!;
  const bossSchema = process.env['KILL_BOSS_SCHEMA']!;
  const concurrency = Number(process.env['KILL_CONCURRENCY'] ?? '4');
  const workflow = process.env['KILL_WORKFLOW'] === 'bench' ? BENCH_WORKFLOW : KILL_WORKFLOW;
  const pool = new pg.Pool({ connectionString: url, max: concurrency + 2 });
  const boss = new PgBoss({
    connectionString: url,
    schema: bossSchema,
    max: concurrency + 2,
    maintenanceIntervalSeconds: 1,
    monitorStateIntervalSeconds: 60,
  });
  boss.on('error', () => undefined);
  await boss.start();
  const queue = unwrap(await createPgBossQueue(boss, { queue: 'wf', leaseSeconds: 2 }));
  // The remote end of the webhook: counts every call, and applies its effect once per idempotency key.
  const webhook: WorkflowHandler = async (_plan, { idempotencyKey }) => {
    await pool.query(
      `INSERT INTO "${schema}"."webhook_calls" ("key", "calls") VALUES ($1, 1) ON CONFLICT ("key") DO UPDATE SET "calls" = "webhook_calls"."calls" + 1`,
      [idempotencyKey],
    );
    await pool.query(`INSERT INTO "${schema}"."webhook_effects" ("key") VALUES ($1) ON CONFLICT DO NOTHING`, [
      idempotencyKey,
    ]);
    return ok({ delivered: true });
  };
  const controller = new AbortController();
  process.on('SIGTERM', () => controller.abort());
  const runner = createWorkflowRunner({
    store: createPostgresStore(pool, { schema }),
    workflows: [workflow],
    handlers: { webhook },
    tenants: ['acme'],
    queue,
    signal: controller.signal,
    concurrency,
    batchSize: concurrency * 4,
    pollMs: 50,
    retry: { attempts: 5, baseDelayMs: 200 },
    onError: (e) => process.stderr.write(`runner: ${e.message}\n`),
  });
  process.stdout.write('ready\n');
  await runner.run();
  await boss.stop({ graceful: true, wait: true, timeout: 10_000 });
  await pool.end();
  process.stdout.write('stopped\n');
}

if (process.env['KILL_SCHEMA'] !== undefined) void main();
