/**
 * `LeasedWorkflowJob.firstDelivery`: a queue that knows a job was never handed out before lets the
 * runner skip its ledger look-up before a handler (one statement less per step on PostgreSQL); a
 * redelivered job, a retry, or a queue that cannot tell still looks the key up, so a handler whose key
 * is recorded is not run again. The pg-boss queue marks it from pg-boss's retry count.
 */
import { describe, expect, it } from 'vitest';
import { ok, unwrap } from '../../src/core/result.js';
import {
  createMemoryQueue,
  createWorkflowRunner,
  type LeasedWorkflowJob,
  type WorkflowHandler,
  type WorkflowQueue,
} from '../../src/automation/index.js';
import { createPgBossQueue, type PgBossLike } from '../../src/adapters/pgBoss/index.js';
import { createMemoryStore } from '../../src/repository/memory.js';
import type { WorkflowStore } from '../../src/repository/ports.js';
import { insertLead, T0, testPlanner, type TestWorkflow } from './_runnerFixtures.js';

const ctx = { tenantId: 'acme' };
const hook: TestWorkflow = {
  id: 'hook',
  on: 'lead_created',
  steps: [{ id: 'call', type: 'webhook', params: { url: 'https://example.com' } }],
};

/** A memory queue whose fetched jobs say `firstDelivery` as `mark` decides. */
function marking(mark: (job: LeasedWorkflowJob) => boolean | undefined): WorkflowQueue {
  const inner = createMemoryQueue();
  return {
    ...inner,
    async fetch(limit, now) {
      const r = await inner.fetch(limit, now);
      if (!r.ok) return r;
      return ok(
        r.value.map((j) => {
          const first = mark(j);
          return first === undefined ? j : { ...j, firstDelivery: first };
        }),
      );
    },
  };
}

/** The runner of these tests: the `hook` workflow on the test planner, for tenant acme. */
function hookRunner(
  store: WorkflowStore,
  queue: WorkflowQueue,
  webhook: WorkflowHandler,
  at: Date,
  retry?: { baseDelayMs: number; maxDelayMs: number },
) {
  return createWorkflowRunner({
    store,
    workflows: [hook],
    planner: testPlanner,
    handlers: { webhook },
    tenants: ['acme'],
    queue,
    clock: { now: () => at },
    ...(retry === undefined ? {} : { retry }),
  });
}

/** A store whose ledger counts its look-ups. */
function counting(store: WorkflowStore): { store: WorkflowStore; gets: () => number } {
  let gets = 0;
  const ledger = {
    ...store.ledger,
    get: (...a: Parameters<WorkflowStore['ledger']['get']>) => {
      gets++;
      return store.ledger.get(...a);
    },
  };
  return { store: { ...store, ledger } as WorkflowStore, gets: () => gets };
}

async function run(queue: WorkflowQueue, prerecord: boolean) {
  const base = createMemoryStore({ clock: () => T0 } as never);
  const { store, gets } = counting(base);
  const lead = await insertLead(base, ctx, 1);
  if (prerecord) unwrap(await base.ledger.record(ctx, `hook:lead:${lead.id}@1:call`, { earlier: true }));
  let calls = 0;
  const webhook: WorkflowHandler = async () => {
    calls++;
    return ok(null);
  };
  const report = unwrap(await hookRunner(store, queue, webhook, T0).tick());
  return { report, calls, gets: gets(), stored: unwrap(await base.ledger.get(ctx, `hook:lead:${lead.id}@1:call`)) };
}

describe('firstDelivery', () => {
  it('a first delivery runs the handler without a ledger look-up, and records its key', async () => {
    const r = await run(
      marking(() => true),
      false,
    );
    expect(r.calls).toBe(1);
    expect(r.gets).toBe(0);
    expect(r.stored).toMatchObject({ result: null });
    expect(r.report.executed).toBe(1);
  });

  it('a job not marked first (a redelivery, or a queue that cannot tell) is looked up: a recorded key is skipped', async () => {
    for (const mark of [() => false, () => undefined]) {
      const r = await run(marking(mark), true);
      expect(r.calls).toBe(0);
      expect(r.gets).toBe(1);
      expect(r.report.skipped).toBe(1);
    }
  });

  it('a retry (attempt > 0) is looked up even when marked first', async () => {
    const queue = marking(() => true);
    const base = createMemoryStore({ clock: () => T0 } as never);
    const { store, gets } = counting(base);
    await insertLead(base, ctx, 1);
    let calls = 0;
    const webhook: WorkflowHandler = async () => {
      calls++;
      return calls === 1 ? { ok: false, error: new Error('down') as never } : ok(null);
    };
    const retry = { baseDelayMs: 1, maxDelayMs: 1 };
    unwrap(await hookRunner(store, queue, webhook, T0, retry).tick()); // the first attempt fails and is retried
    unwrap(await hookRunner(store, queue, webhook, new Date(T0.getTime() + 1000)).tick());
    expect(calls).toBe(2);
    expect(gets()).toBe(1); // the retry's look-up only
  });
});

describe('the pg-boss queue marks firstDelivery from pg-boss retry count', () => {
  it('retryCount 0 is a first delivery; more is a redelivery; fetch asks for the metadata', async () => {
    const asked: object[] = [];
    const job = (n: number) => ({
      tenantId: 'acme',
      attempt: 0,
      plan: {
        workflowId: 'w',
        stepId: `s${n}`,
        type: 'webhook',
        params: {},
        runAt: T0.toISOString(),
        idempotencyKey: `w:e:s${n}`,
        because: [],
        eventId: 'e',
        record: { kind: 'lead', id: 'l1' },
        depth: 0,
      },
    });
    const boss: PgBossLike = {
      createQueue: async () => undefined,
      insert: async () => undefined,
      complete: async () => undefined,
      fetch: async (_name, options) => {
        asked.push(options);
        return [
          { id: 'a', data: job(1), retryCount: 0 },
          { id: 'b', data: job(2), retryCount: 2 },
        ];
      },
    };
    const queue = unwrap(await createPgBossQueue(boss));
    const jobs = unwrap(await queue.fetch(10, T0));
    expect(jobs.map((j) => [j.handle, j.firstDelivery])).toEqual([
      ['a', true],
      ['b', false],
    ]);
    expect(asked).toEqual([{ batchSize: 10, includeMetadata: true }]);
    // markFirstDelivery: false marks no job first: every delivery is looked up.
    const careful = unwrap(await createPgBossQueue(boss, { markFirstDelivery: false }));
    expect(unwrap(await careful.fetch(10, T0)).map((j) => [j.handle, j.firstDelivery])).toEqual([
      ['a', false],
      ['b', false],
    ]);
    // A job whose parameters JSON cannot hold is refused as the caller's error, and nothing is inserted.
    let inserted = 0;
    const counting: PgBossLike = { ...boss, insert: async () => void inserted++ };
    const q = unwrap(await createPgBossQueue(counting));
    const nan = job(3);
    const sent = await q.send([
      { ...nan, plan: { ...nan.plan, params: { amount: Number.NaN }, runAt: T0, record: { kind: 'lead', id: 'l1' } } },
    ]);
    expect(sent.ok).toBe(false);
    if (!sent.ok) {
      expect(sent.error.code).toBe('validation_failed');
      expect(sent.error.issues.map((i) => i.path)).toEqual([['plan', 'params', 'amount']]);
    }
    expect(inserted).toBe(0);
    const bad = await createPgBossQueue(boss, { markFirstDelivery: 'yes' as unknown as boolean });
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.error.code).toBe('validation_failed');
      expect(bad.error.issues.map((i) => i.path)).toEqual([['markFirstDelivery']]);
    }
  });
});
