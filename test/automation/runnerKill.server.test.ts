/**
 * The kill test (issue 13, "Must hold"): a workflow runner in a real child process, on the PostgreSQL
 * server with the pg-boss queue, is killed with SIGKILL in the middle of its work; a new one starts
 * and finishes. Every plan must have had its effect exactly once: each lead's set_field once (its
 * version), each webhook effect once per idempotency key (a table the handler writes), the delayed
 * step once, and every idempotency key in the ledger. The workflow is defined with defineWorkflow and
 * planned by the runner's default planner (planWorkflows / continueWorkflow), as in an application.
 * The delay (3 s) keeps the second webhooks out until well after the kill point (a third of the first
 * ones), so the kill always lands with work left. Skipped without CRMKIT_PG_URL.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it, vi } from 'vitest';
import pg from 'pg';
import { unwrap } from '../../src/core/result.js';
import { createPostgresStore, migratePostgres } from '../../src/adapters/postgres/index.js';
import { insertLead } from './_runnerFixtures.js';
import { killKeys, webhookTables } from './_killChild.js';

const url = process.env['CRMKIT_PG_URL'];
const child = fileURLToPath(new URL('./_killChild.ts', import.meta.url));
vi.setConfig({ testTimeout: 240_000, hookTimeout: 60_000 });

function start(env: Record<string, string>): ChildProcess & { output: string[] } {
  const p = spawn(process.execPath, ['--import', 'tsx', child], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  }) as ChildProcess & { output: string[] };
  p.output = [];
  p.stdout!.on('data', (d: Buffer) => p.output.push(d.toString()));
  p.stderr!.on('data', (d: Buffer) => p.output.push(d.toString()));
  return p;
}

const exited = (p: ChildProcess): Promise<number | string | null> =>
  p.exitCode !== null || p.signalCode !== null
    ? Promise.resolve(p.exitCode ?? p.signalCode)
    : new Promise((resolve) => p.once('exit', (code, signal) => resolve(code ?? signal)));

async function until(what: string, test: () => Promise<boolean>, ms: number, output: string[]): Promise<void> {
  const end = Date.now() + ms;
  while (!(await test())) {
    if (Date.now() > end)
      throw new Error(`timed out waiting for ${what}; the runner said: ${output.join('').slice(-2000)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

if (url === undefined || url === '') {
  describe.skip('workflow runner kill test (skipped: set CRMKIT_PG_URL, e.g. eval "$(scripts/start-postgres.sh)")', () => {
    it('kills a runner mid-batch and checks every effect ran once', () => undefined);
  });
} else {
  const schema = `kill_${process.pid}_${Date.now().toString(36)}`;
  const bossSchema = `${schema}_boss`;
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  afterAll(async () => {
    await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await pool.query(`DROP SCHEMA IF EXISTS "${bossSchema}" CASCADE`);
    await pool.end();
  });

  describe('workflow runner kill test (PostgreSQL server, pg-boss, a real child process)', () => {
    it('SIGKILL in the middle of a batch, a new runner finishes: every plan had its effect exactly once', async () => {
      unwrap(await migratePostgres(pool, { schema }));
      for (const sql of webhookTables(schema)) await pool.query(sql);
      const store = createPostgresStore(pool, { schema });
      const ctx = { tenantId: 'acme' };
      const N = 60;
      const leads = [];
      for (let i = 0; i < N; i++) leads.push(await insertLead(store, ctx, i, new Date()));
      const env = { KILL_SCHEMA: schema, KILL_BOSS_SCHEMA: bossSchema, KILL_CONCURRENCY: '4' };
      const effects = async () =>
        Number((await pool.query(`SELECT count(*)::int AS n FROM "${schema}"."webhook_effects"`)).rows[0].n);

      // The first runner: killed once a third of the first webhooks had their effect.
      const first = start(env);
      await until(
        'the first runner to do a third of the work',
        async () => (await effects()) >= N / 3,
        120_000,
        first.output,
      );
      first.kill('SIGKILL');
      expect(await exited(first)).toBe('SIGKILL');
      const atKill = await effects();
      expect(atKill).toBeLessThan(2 * N); // it died with work left

      // The second runner finishes everything, the delayed steps included.
      const second = start(env);
      await until('every webhook effect', async () => (await effects()) === 2 * N, 120_000, second.output);
      // Let redeliveries of jobs the killed runner held (after their 2 s lease) come and go.
      await new Promise((r) => setTimeout(r, 4000));
      second.kill('SIGTERM');
      expect(await exited(second), second.output.join('')).toBe(0);

      // Exactly once: each lead was tagged by one write (version 2), each webhook effect once per key.
      for (const lead of leads) {
        const stored = unwrap(await store.leads.get(ctx, lead.id))!;
        expect(stored).toMatchObject({ company: 'Tagged', version: 2 });
      }
      expect(await effects()).toBe(2 * N);
      const keys = (await pool.query(`SELECT "key", "calls" FROM "${schema}"."webhook_calls" ORDER BY "key"`)).rows as {
        key: string;
        calls: number;
      }[];
      const expected = leads.flatMap((l) => [`kill:lead:${l.id}@1:hook`, `kill:lead:${l.id}@1:hook-after#1`]).sort();
      expect(keys.map((k) => k.key)).toEqual(expected);
      // Every step's key is in the ledger, and nothing was dead-lettered.
      for (const lead of leads)
        for (const key of killKeys(lead.id)) expect(unwrap(await store.ledger.get(ctx, key)), key).not.toBeNull();
      expect(unwrap(await store.ledger.deadLetters(ctx))).toEqual([]);
      // How often the handler was called more than once for a key (a delivery the kill interrupted).
      const repeated = keys.filter((k) => k.calls > 1).length;
      expect(repeated).toBeLessThanOrEqual(4 * 4); // at most the jobs the killed runner held
    });
  });
}
