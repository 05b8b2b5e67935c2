/**
 * The workflow runner on the memory store, PGlite and (with CRMKIT_PG_URL) the PostgreSQL server:
 * effects once per idempotency key, retries with backoff, dead letters, delays across a restart,
 * abort, and loop protection. The planner is the hand-written one of _runnerFixtures (fixed
 * workflows); record events are appended by the tests as a `recordEvents: true` store would.
 */
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { err, ok, unwrap } from '../../src/core/result.js';
import { CrmError } from '../../src/core/errors.js';
import {
  createMemoryQueue,
  createWorkflowRunner,
  MAX_WORKFLOW_DEPTH,
  type WorkflowHandler,
  type WorkflowQueue,
} from '../../src/automation/index.js';
import type { WorkflowStore } from '../../src/repository/ports.js';
import { createMemoryStore } from '../../src/repository/memory.js';
import {
  insertLead,
  movableClock,
  recordEvent,
  closeSharedPglite,
  STORE_KINDS,
  T0,
  testPlanner,
  withLeadUpdateEvents,
  type TestWorkflow,
} from './_runnerFixtures.js';

vi.setConfig({ testTimeout: 60_000 });

const ctx = { tenantId: 'acme' };
const HOUR = 3_600_000;

const onboarding: TestWorkflow = {
  id: 'onboard',
  on: 'lead_created',
  steps: [
    { id: 'tag', type: 'set_field', params: { patch: { company: 'Acme Ltd' } } },
    { id: 'tell-owner', type: 'notify', params: { template: 'new-lead' } },
    { id: 'wait', type: 'delay', params: { ms: HOUR } },
    { id: 'follow-up', type: 'create_task', params: { title: 'Call back' } },
    { id: 'assign', type: 'assign', params: { userId: 'user-7' } },
  ],
};

/** Handlers that count their calls per idempotency key. */
function countingHandlers(fail: Partial<Record<string, number>> = {}) {
  const calls = new Map<string, number>();
  const left = { ...fail };
  const handler =
    (type: string): WorkflowHandler =>
    async (_plan, { idempotencyKey }) => {
      calls.set(idempotencyKey, (calls.get(idempotencyKey) ?? 0) + 1);
      if ((left[type] ?? 0) > 0) {
        left[type]!--;
        return err(new CrmError('adapter_failure', `${type} is down`));
      }
      return ok({ done: idempotencyKey });
    };
  return {
    calls,
    handlers: { notify: handler('notify'), create_task: handler('create_task'), webhook: handler('webhook') },
  };
}

const cleanups: (() => Promise<void>)[] = [];
afterAll(closeSharedPglite);
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

for (const kind of STORE_KINDS) {
  describe(`createWorkflowRunner on ${kind.name}`, () => {
    async function fresh(): Promise<WorkflowStore> {
      const { store, close } = await kind.make();
      cleanups.push(close);
      return store;
    }

    it('runs set_field, a handler, a delay and assign; every effect once, however often it is delivered', async () => {
      const store = await fresh();
      const clock = movableClock();
      const queue = createMemoryQueue();
      const { calls, handlers } = countingHandlers();
      const runner = createWorkflowRunner({
        store,
        workflows: [onboarding],
        handlers,
        tenants: ['acme'],
        queue,
        clock,
        planner: testPlanner,
      });
      const lead = await insertLead(store, ctx, 1);
      const first = unwrap(await runner.tick());
      expect(first).toMatchObject({ events: 1, planned: 3, executed: 2, skipped: 0, deadLettered: 0 });
      let stored = unwrap(await store.leads.get(ctx, lead.id))!;
      expect(stored).toMatchObject({ company: 'Acme Ltd', version: 2 });
      expect([...calls.keys()]).toEqual([`onboard:lead:${lead.id}@1:tell-owner`]);

      // Nothing more before the delay is due; the same event appended again plans nothing new.
      expect(unwrap(await runner.tick())).toMatchObject({ events: 0, executed: 0 });
      clock.advance(HOUR);
      const second = unwrap(await runner.tick());
      expect(second).toMatchObject({ executed: 3, planned: 2 });
      stored = unwrap(await store.leads.get(ctx, lead.id))!;
      expect(stored).toMatchObject({ company: 'Acme Ltd', ownerId: 'user-7', version: 3 });
      expect(calls.get(`onboard:lead:${lead.id}@1:follow-up`)).toBe(1);

      // Redeliver every plan (as after a crash): no effect twice.
      const again = createWorkflowRunner({
        store,
        workflows: [onboarding],
        handlers,
        tenants: ['acme'],
        queue,
        clock,
        planner: testPlanner,
        name: 'replay',
      });
      expect(unwrap(await again.tick())).toMatchObject({ events: 1, executed: 0, skipped: 3 });
      clock.advance(HOUR);
      expect(unwrap(await again.tick())).toMatchObject({ executed: 0 });
      expect(unwrap(await store.leads.get(ctx, lead.id))!.version).toBe(3);
      expect([...calls.values()]).toEqual([1, 1]);
      expect(unwrap(await store.ledger.get(ctx, `onboard:lead:${lead.id}@1:tag`))).toEqual({
        key: `onboard:lead:${lead.id}@1:tag`,
        result: { set: ['company'] },
      });
    });

    it('retries a failing step with exponential backoff, then succeeds once', async () => {
      const store = await fresh();
      const clock = movableClock();
      const { calls, handlers } = countingHandlers({ notify: 2 });
      const wf: TestWorkflow = { id: 'ping', on: 'lead_created', steps: [{ id: 'n', type: 'notify' }] };
      const runner = createWorkflowRunner({
        store,
        workflows: [wf],
        handlers,
        tenants: ['acme'],
        clock,
        planner: testPlanner,
        retry: { attempts: 5, baseDelayMs: 1000, maxDelayMs: 60_000 },
      });
      await insertLead(store, ctx, 1);
      expect(unwrap(await runner.tick())).toMatchObject({ retried: 1, executed: 0 });
      clock.advance(999);
      expect(unwrap(await runner.tick())).toMatchObject({ retried: 0, executed: 0 });
      clock.advance(1);
      expect(unwrap(await runner.tick())).toMatchObject({ retried: 1 });
      clock.advance(1999); // the second retry waits 2 s
      expect(unwrap(await runner.tick())).toMatchObject({ retried: 0, executed: 0 });
      clock.advance(1);
      expect(unwrap(await runner.tick())).toMatchObject({ executed: 1 });
      expect([...calls.values()]).toEqual([3]);
      expect(unwrap(await store.ledger.deadLetters(ctx))).toEqual([]);
    });

    it('dead-letters a step after its attempts, and a step with no handler at once', async () => {
      const store = await fresh();
      const clock = movableClock();
      const { handlers } = countingHandlers({ webhook: 99 });
      const wf: TestWorkflow = {
        id: 'hooks',
        on: 'lead_created',
        steps: [
          { id: 'hook', type: 'webhook', params: { url: 'https://example.com/h' } },
          { id: 'custom', type: 'send_gift' },
        ],
      };
      const runner = createWorkflowRunner({
        store,
        workflows: [wf],
        handlers,
        tenants: ['acme'],
        clock,
        planner: testPlanner,
        retry: { attempts: 3, baseDelayMs: 10 },
      });
      const lead = await insertLead(store, ctx, 1);
      for (let i = 0; i < 5; i++) {
        unwrap(await runner.tick());
        clock.advance(1000);
      }
      const letters = unwrap(await store.ledger.deadLetters(ctx));
      expect(letters.map((l) => [l.key, l.attempts])).toEqual([
        [`hooks:lead:${lead.id}@1:custom`, 1],
        [`hooks:lead:${lead.id}@1:hook`, 3],
      ]);
      expect(letters[0]!.error).toMatch(/No handler for steps of type "send_gift"/);
      expect(letters[1]!.error).toMatch(/Failed 3 times; last: webhook is down/);
      expect(letters[1]!.plan).toMatchObject({
        stepId: 'hook',
        runAt: T0.toISOString(),
        params: { url: 'https://example.com/h' },
      });
    });

    it('dead-letters a set_field that cannot apply (a forbidden field) without retrying', async () => {
      const store = await fresh();
      const wf: TestWorkflow = {
        id: 'bad',
        on: 'lead_created',
        steps: [{ id: 'v', type: 'set_field', params: { patch: { version: 99 } } }],
      };
      const runner = createWorkflowRunner({
        store,
        workflows: [wf],
        handlers: {},
        tenants: ['acme'],
        clock: movableClock(),
        planner: testPlanner,
      });
      const lead = await insertLead(store, ctx, 1);
      expect(unwrap(await runner.tick())).toMatchObject({ deadLettered: 1, retried: 0 });
      expect(unwrap(await store.leads.get(ctx, lead.id))!.version).toBe(1);
    });

    it('keeps a delayed step across a restart of the runner', async () => {
      const store = await fresh();
      const clock = movableClock();
      const queue: WorkflowQueue = createMemoryQueue();
      const { calls, handlers } = countingHandlers();
      const make = () =>
        createWorkflowRunner({
          store,
          workflows: [onboarding],
          handlers,
          tenants: ['acme'],
          queue,
          clock,
          planner: testPlanner,
        });
      const lead = await insertLead(store, ctx, 1);
      unwrap(await make().tick()); // the first runner stops here, its delay pending
      clock.advance(2 * HOUR);
      const second = make();
      expect(unwrap(await second.tick())).toMatchObject({ events: 0, executed: 3 });
      expect(calls.get(`onboard:lead:${lead.id}@1:follow-up`)).toBe(1);
      expect(unwrap(await store.leads.get(ctx, lead.id))!.ownerId).toBe('user-7');
    });

    it('run() stops when the signal aborts, after the step in flight', async () => {
      const store = await fresh();
      const controller = new AbortController();
      let release!: () => void;
      const gate = new Promise<void>((r) => (release = r));
      let started = 0;
      const notify: WorkflowHandler = async () => {
        started++;
        await gate;
        return ok(null);
      };
      const wf: TestWorkflow = { id: 'slow', on: 'lead_created', steps: [{ id: 'n', type: 'notify' }] };
      const lead = await insertLead(store, ctx, 1);
      const runner = createWorkflowRunner({
        store,
        workflows: [wf],
        handlers: { notify },
        tenants: ['acme'],
        signal: controller.signal,
        planner: testPlanner,
        pollMs: 5,
      });
      const running = runner.run();
      await vi.waitFor(() => expect(started).toBe(1));
      controller.abort();
      let stopped = false;
      void running.then(() => (stopped = true));
      await new Promise((r) => setTimeout(r, 30));
      expect(stopped).toBe(false); // the step in flight holds it
      release();
      await running;
      expect(unwrap(await store.ledger.get(ctx, `slow:lead:${lead.id}@1:n`))).not.toBeNull();
    });

    it('stops a workflow that triggers itself at the depth limit', async () => {
      const store = withLeadUpdateEvents(await fresh());
      const clock = movableClock();
      const wf: TestWorkflow = {
        id: 'echo',
        on: 'lead_updated',
        steps: [{ id: 'touch', type: 'set_field', params: { patch: { company: 'Echo' } } }],
      };
      const runner = createWorkflowRunner({
        store,
        workflows: [wf],
        handlers: {},
        tenants: ['acme'],
        clock,
        planner: testPlanner,
        maxDepth: 3,
      });
      const lead = await insertLead(store, ctx, 1);
      // A user's update (depth 0) starts it.
      unwrap(await store.events.append(ctx, [recordEvent('lead', lead.id, 'updated', 1, T0)]));
      for (let i = 0; i < 10; i++) unwrap(await runner.tick());
      expect(unwrap(await store.leads.get(ctx, lead.id))!.version).toBe(1 + 3);
      const letters = unwrap(await store.ledger.deadLetters(ctx));
      expect(letters).toHaveLength(1);
      expect(letters[0]!.error).toMatch(/chain of 3 workflow writes, the depth limit is 3/);
      expect(MAX_WORKFLOW_DEPTH).toBe(8);
    });

    it('two runners sharing the store and queue give every effect once', async () => {
      const store = await fresh();
      const clock = movableClock();
      const queue = createMemoryQueue();
      const { calls, handlers } = countingHandlers();
      const make = () =>
        createWorkflowRunner({
          store,
          workflows: [onboarding],
          handlers,
          tenants: ['acme'],
          queue,
          clock,
          planner: testPlanner,
          batchSize: 2,
        });
      const leads = [];
      for (let i = 0; i < 6; i++) leads.push(await insertLead(store, ctx, i));
      await Promise.all([make().tick(), make().tick()]);
      clock.advance(HOUR);
      await Promise.all([make().tick(), make().tick()]);
      for (const lead of leads) expect(unwrap(await store.leads.get(ctx, lead.id))!.version).toBe(3);
      expect(calls.size).toBe(12);
      expect([...calls.values()].every((n) => n === 1)).toBe(true);
    });
  });
}

describe('createWorkflowRunner options', () => {
  it('refuses unknown keys, a store without a ledger and out-of-range numbers', () => {
    const bad = (o: object) => () => createWorkflowRunner(o as never);
    expect(bad({ store: {}, workflows: [], handlers: {}, tenants: ['acme'], planner: testPlanner })).toThrow(/store/);
    expect(bad({ workflows: [], handlers: {}, tenants: ['acme'], planner: testPlanner, speed: 1 })).toThrow(
      /unknown key 'speed'/,
    );
    expect(bad({ workflows: [], handlers: { notify: 1 }, tenants: [], planner: testPlanner })).toThrow(CrmError);
    const store = createMemoryStore();
    expect(
      bad({ store, workflows: [], handlers: {}, tenants: ['acme'], planner: testPlanner, retry: { attempts: 0 } }),
    ).toThrow(/retry\.attempts/);
    expect(bad({ store, workflows: [], handlers: {}, tenants: ['acme'], planner: testPlanner })).not.toThrow();
  });
});
