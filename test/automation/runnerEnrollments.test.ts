/**
 * The runner with crmkit's own planner (planWorkflows / continueWorkflow, bound by default) keeps each
 * record's enrollments across delays: what a continuation decides (the next delay, finished, goal
 * met) is saved with its effects, so a second delay runs, re-enrollment works after a delay, and a
 * goal met during a delay ends the enrollment. Every step uses a new runner over the same store and
 * queue (a restart). On the memory store, PGlite and (with CRMKIT_PG_URL) the PostgreSQL server.
 *
 * Before the runner saved a continuation's enrollment, the enrollment stayed "waiting at the first
 * delay" forever: the second delay was refused as superseded, and the record was "already enrolled"
 * for every later event.
 */
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { ok, unwrap, type Result } from '../../src/core/result.js';
import {
  createMemoryQueue,
  createWorkflowRunner,
  defineWorkflow,
  type WorkflowEnrollments,
  type WorkflowHandler,
  type WorkflowQueue,
} from '../../src/automation/index.js';
import type { Lead } from '../../src/entities/index.js';
import type { StoreContext, WorkflowStore } from '../../src/repository/ports.js';
import { closeSharedPglite, insertLead, movableClock, recordEvent, STORE_KINDS } from './_runnerFixtures.js';

vi.setConfig({ testTimeout: 60_000 });

const ctx = { tenantId: 'acme' };
const HOUR = 3_600_000;

/** created → wait 1 h → notify → wait 1 h → notify. */
const twoWaits = unwrap(
  defineWorkflow({
    id: 'two-waits',
    name: 'Two waits',
    enabled: true,
    object: 'lead',
    trigger: { type: 'created' },
    steps: [
      { id: 'wait-1', type: 'delay', params: { duration: 'PT1H' } },
      { id: 'first', type: 'notify', params: { to: 'u1', message: 'one hour' } },
      { id: 'wait-2', type: 'delay', params: { duration: 'PT1H' } },
      { id: 'second', type: 'notify', params: { to: 'u1', message: 'two hours' } },
    ],
  }),
);

/** updated → wait 1 h → notify; leaves when company is 'Won'; re-enrollment on (the default). */
const nudge = unwrap(
  defineWorkflow({
    id: 'nudge',
    name: 'Nudge',
    enabled: true,
    object: 'lead',
    trigger: { type: 'updated' },
    goal: { field: 'company', op: 'eq', value: 'Won' },
    steps: [
      { id: 'wait', type: 'delay', params: { duration: 'PT1H' } },
      { id: 'tell', type: 'notify', params: { to: 'u1', message: 'still open' } },
    ],
  }),
);

function counting() {
  const calls = new Map<string, number>();
  const notify: WorkflowHandler = async (_plan, { idempotencyKey }) => {
    calls.set(idempotencyKey, (calls.get(idempotencyKey) ?? 0) + 1);
    return ok(null);
  };
  return { calls, handlers: { notify } };
}

/** Sets the lead's company and appends its `lead_updated` event, as `recordEvents: true` would. */
async function setCompany(store: WorkflowStore, c: StoreContext, id: Lead['id'], company: string, at: Date) {
  return unwrap(
    await store.transaction(c, async (tx): Promise<Result<Lead>> => {
      const got = await tx.leads.get(c, id);
      if (!got.ok) return got;
      const lead = got.value!;
      const next = { ...lead, company, version: lead.version + 1, updatedAt: at };
      const saved = await tx.leads.update(c, next, { expectedVersion: lead.version });
      if (!saved.ok) return saved;
      const appended = await tx.events.append(c, [
        recordEvent('lead', id, 'updated', next.version, at, [
          { field: 'company', from: lead.company ?? null, to: company },
        ]),
      ]);
      return appended.ok ? ok(next) : appended;
    }),
  );
}

const cleanups: (() => Promise<void>)[] = [];
afterAll(closeSharedPglite);
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

for (const kind of STORE_KINDS) {
  describe(`the runner keeps enrollments across delays (default planner) on ${kind.name}`, () => {
    async function fresh(): Promise<WorkflowStore> {
      const { store, close } = await kind.make();
      cleanups.push(close);
      return store;
    }
    const enrollmentsOf = async (store: WorkflowStore, id: string) =>
      unwrap(await store.ledger.getState(ctx, `workflows:enrollments:lead:${id}`)) as WorkflowEnrollments;

    it('runs the steps after a second delay, and the enrollment ends finished', async () => {
      const store = await fresh();
      const clock = movableClock();
      const queue: WorkflowQueue = createMemoryQueue();
      const { calls, handlers } = counting();
      const runner = () =>
        createWorkflowRunner({ store, workflows: [twoWaits], handlers, tenants: ['acme'], queue, clock });
      const lead = await insertLead(store, ctx, 1, clock.now());
      expect(unwrap(await runner().tick())).toMatchObject({ events: 1, planned: 1, executed: 0 });
      clock.advance(HOUR);
      expect(unwrap(await runner().tick())).toMatchObject({ executed: 2, planned: 2 });
      expect((await enrollmentsOf(store, lead.id))[`two-waits/lead:${lead.id}`]).toMatchObject({
        status: 'active',
        waitingAt: 'wait-2',
        pass: 1,
      });
      clock.advance(HOUR);
      expect(unwrap(await runner().tick())).toMatchObject({ executed: 2, deadLettered: 0 });
      expect([...calls]).toEqual([
        [`two-waits:lead:${lead.id}@1:first#1`, 1],
        [`two-waits:lead:${lead.id}@1:second#2`, 1],
      ]);
      expect((await enrollmentsOf(store, lead.id))[`two-waits/lead:${lead.id}`]).toMatchObject({
        status: 'done',
        waitingAt: null,
        exitReason: 'finished',
        runs: 1,
      });
      // A redelivered delay has no effect: its key is recorded with the continuation.
      clock.advance(HOUR);
      expect(unwrap(await runner().tick())).toMatchObject({ executed: 0, planned: 0 });
    });

    it('re-enrolls a record after a delay finished, and a goal met during a delay ends the enrollment', async () => {
      const store = await fresh();
      const clock = movableClock();
      const queue: WorkflowQueue = createMemoryQueue();
      const { calls, handlers } = counting();
      const runner = () =>
        createWorkflowRunner({ store, workflows: [nudge], handlers, tenants: ['acme'], queue, clock });
      const lead = await insertLead(store, ctx, 1, clock.now());
      const key = `nudge/lead:${lead.id}`;

      // First enrollment (v2), through its delay to the end.
      await setCompany(store, ctx, lead.id, 'Acme', clock.now());
      expect(unwrap(await runner().tick())).toMatchObject({ events: 2, planned: 1 });
      clock.advance(HOUR);
      expect(unwrap(await runner().tick())).toMatchObject({ executed: 2 });
      expect((await enrollmentsOf(store, lead.id))[key]).toMatchObject({ status: 'done', exitReason: 'finished' });

      // Re-enrollment (v3): the record went through, and may enroll again.
      clock.advance(HOUR);
      await setCompany(store, ctx, lead.id, 'Acme 2', clock.now());
      expect(unwrap(await runner().tick())).toMatchObject({ events: 1, planned: 1 });
      expect((await enrollmentsOf(store, lead.id))[key]).toMatchObject({ status: 'active', runs: 2 });

      // The goal is met while it waits (v4: already enrolled, nothing planned); when the delay
      // comes due it leaves without the notification.
      await setCompany(store, ctx, lead.id, 'Won', clock.now());
      expect(unwrap(await runner().tick())).toMatchObject({ events: 1, planned: 0 });
      clock.advance(HOUR);
      expect(unwrap(await runner().tick())).toMatchObject({ executed: 1, planned: 0 });
      expect((await enrollmentsOf(store, lead.id))[key]).toMatchObject({
        status: 'done',
        exitReason: 'goal met',
        runs: 2,
      });
      expect([...calls.keys()]).toEqual([`nudge:lead:${lead.id}@2:tell#1`]);

      // And after the goal, a later update enrolls it once more (v5).
      clock.advance(HOUR);
      await setCompany(store, ctx, lead.id, 'Lost', clock.now());
      expect(unwrap(await runner().tick())).toMatchObject({ events: 1, planned: 1 });
      clock.advance(HOUR);
      expect(unwrap(await runner().tick())).toMatchObject({ executed: 2 });
      expect([...calls.keys()]).toEqual([`nudge:lead:${lead.id}@2:tell#1`, `nudge:lead:${lead.id}@5:tell#1`]);
      expect((await enrollmentsOf(store, lead.id))[key]).toMatchObject({ status: 'done', runs: 3 });
    });

    it('two runners, one planning new events while the other continues delays for the same records: no error, each effect once', async () => {
      const store = await fresh();
      const clock = movableClock();
      const queue: WorkflowQueue = createMemoryQueue();
      const { calls, handlers } = counting();
      const runner = () =>
        createWorkflowRunner({ store, workflows: [nudge], handlers, tenants: ['acme'], queue, clock, batchSize: 2 });
      const leads = [];
      for (let i = 0; i < 6; i++) leads.push(await insertLead(store, ctx, i, clock.now()));
      for (const lead of leads) await setCompany(store, ctx, lead.id, 'Acme', clock.now());
      unwrap(await runner().tick());
      clock.advance(HOUR);
      // New events for every record while their delays come due, taken by two runners at once.
      for (const lead of leads) await setCompany(store, ctx, lead.id, 'Acme 2', clock.now());
      const [a, b] = await Promise.all([runner().tick(), runner().tick()]);
      expect(a.ok && b.ok, JSON.stringify([a, b])).toBe(true);
      unwrap(await runner().tick());
      expect(calls.size).toBe(6);
      expect([...calls.values()].every((n) => n === 1)).toBe(true);
      for (const lead of leads) {
        const e = (await enrollmentsOf(store, lead.id))[`nudge/lead:${lead.id}`]!;
        // Either order is right: the continuation first (the new event then enrolls again) or the event
        // first (already enrolled; the continuation then ends it).
        expect(
          (e.status === 'active' && e.runs === 2 && e.eventId === `lead:${lead.id}@3`) ||
            (e.status === 'done' && e.runs === 1 && e.exitReason === 'finished'),
          JSON.stringify(e),
        ).toBe(true);
      }
    });
  });
}

for (const kind of STORE_KINDS) {
  it(`a ledger state read and then set in a transaction never loses a concurrent set (${kind.name})`, async () => {
    const { store, close } = await kind.make();
    cleanups.push(close);
    const key = 'workflows:enrollments:lead:l1';
    unwrap(await store.ledger.setState(ctx, key, { n: 0 }));
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let reads = 0;
    /** Adds 1 to the state; the first transaction waits at the gate after reading it. */
    const increment = async (wait: boolean): Promise<void> => {
      for (let tries = 0; tries < 10; tries++) {
        const r = await store.transaction(ctx, async (tx): Promise<Result<void>> => {
          const got = await tx.ledger.getState(ctx, key);
          if (!got.ok) return got;
          reads++;
          if (wait) await gate;
          return tx.ledger.setState(ctx, key, { n: (got.value as { n: number }).n + 1 });
        });
        if (r.ok) return;
        expect(r.error.code).toBe('conflict');
        wait = false;
      }
      throw new Error('no commit in 10 tries');
    };
    const first = increment(true);
    await vi.waitFor(() => expect(reads).toBe(1));
    const second = increment(false);
    // The second either waits for the first's hold (PostgreSQL) or commits first (memory).
    await new Promise((r) => setTimeout(r, 50));
    release();
    await Promise.all([first, second]);
    expect(unwrap(await store.ledger.getState(ctx, key))).toEqual({ n: 2 });
  });
}
