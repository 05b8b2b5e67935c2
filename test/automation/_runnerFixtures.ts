/**
 * Fixtures of the runner tests: a small hand-written planner for fixed workflows (the real planner is
 * built elsewhere and bound at merge), record events as a store with `recordEvents: true` appends
 * them, a store wrapper that appends them on `update` (with the write's `causedBy`), and the three
 * stores the runner runs on.
 */
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { ok, unwrap, type Result } from '../../src/core/result.js';
import type { DomainEvent } from '../../src/core/events.js';
import type { EntityKind } from '../../src/core/ids.js';
import { createLead, type Lead } from '../../src/entities/index.js';
import { fixedClock, type Clock } from '../../src/core/clock.js';
import { sequentialIdGenerator } from '../../src/core/ids.js';
import { createMemoryStore } from '../../src/repository/memory.js';
import type { Repositories, StoreContext, WorkflowLedger, WorkflowStore } from '../../src/repository/ports.js';
import { createPostgresStore, migratePostgres } from '../../src/adapters/postgres/index.js';
import type { WorkflowRunnerPlanner } from '../../src/automation/index.js';
import type { JsonValue, RecordChange, WorkflowPlan } from '../../src/automation/types.js';

/** A test workflow: on an event type (and a record test), its steps in order; a delay step waits `ms`. */
export interface TestWorkflow {
  readonly id: string;
  readonly on: string;
  readonly when?: (record: Record<string, unknown> | null) => boolean;
  readonly steps: readonly {
    readonly id: string;
    readonly type: string;
    readonly params?: Record<string, JsonValue>;
  }[];
}

function depthOf(event: DomainEvent): number {
  const d = (event.payload as { causedBy?: { depth?: unknown } } | null)?.causedBy?.depth;
  return typeof d === 'number' ? d : 0;
}

/** Plans the steps from `from` up to and including the next delay. */
function stepsFrom(
  w: TestWorkflow,
  from: number,
  base: Omit<WorkflowPlan, 'stepId' | 'type' | 'params' | 'idempotencyKey' | 'runAt'>,
  at: Date,
): WorkflowPlan[] {
  const out: WorkflowPlan[] = [];
  for (let i = from; i < w.steps.length; i++) {
    const step = w.steps[i]!;
    const params = step.params ?? {};
    const runAt = step.type === 'delay' ? new Date(at.getTime() + Number(params['ms'] ?? 0)) : at;
    out.push({
      ...base,
      stepId: step.id,
      type: step.type,
      params,
      runAt,
      idempotencyKey: `${w.id}:${base.eventId}:${step.id}`,
    });
    if (step.type === 'delay') break;
  }
  return out;
}

/** The hand-written planner: enrollments count how often each workflow enrolled the record. */
export const testPlanner: WorkflowRunnerPlanner<TestWorkflow> = {
  workflowId: (w) => w.id,
  plan(workflows, event, { record, enrollments, asOf }) {
    const plans: WorkflowPlan[] = [];
    const counts: Record<string, JsonValue> = { ...((enrollments ?? {}) as Record<string, JsonValue>) };
    for (const w of workflows) {
      if (w.on !== event.type) continue;
      if (w.when !== undefined && !w.when(record as Record<string, unknown> | null)) continue;
      counts[w.id] = Number(counts[w.id] ?? 0) + 1;
      plans.push(
        ...stepsFrom(
          w,
          0,
          {
            workflowId: w.id,
            because: [`${event.type}`],
            eventId: event.id,
            record: { kind: event.aggregate.kind, id: event.aggregate.id },
            depth: depthOf(event),
          },
          asOf,
        ),
      );
    }
    return ok({ plans, enrollments: counts });
  },
  continue(workflow, plan) {
    const i = workflow.steps.findIndex((s) => s.id === plan.stepId);
    const { workflowId, because, eventId, record, depth } = plan;
    return ok({ plans: stepsFrom(workflow, i + 1, { workflowId, because, eventId, record, depth }, plan.runAt) });
  },
};

/** A record event as a store with `recordEvents: true` appends it. */
export function recordEvent(
  kind: EntityKind,
  id: string,
  action: string,
  version: number,
  at: Date,
  changes: readonly RecordChange<JsonValue>[] = [],
  causedBy?: { workflowId: string; depth: number },
): DomainEvent {
  return {
    id: `${kind}:${id}@${version}`,
    type: `${kind}_${action}`,
    at,
    by: null,
    aggregate: { kind, id },
    payload: causedBy === undefined ? { version, changes } : { version, changes, causedBy },
  };
}

/**
 * Appends `lead_updated` (with the write's `causedBy`) in the same transaction as every lead
 * update made through `transaction`: what `recordEvents: true` will do, for the loop test.
 */
export function withLeadUpdateEvents(store: WorkflowStore): WorkflowStore {
  const wrapTx = (tx: Repositories & { readonly ledger: WorkflowLedger }) =>
    ({
      ...tx,
      leads: {
        ...tx.leads,
        async update(ctx: StoreContext, lead: Lead, options: { expectedVersion: number }) {
          const saved = await tx.leads.update(ctx, lead, options);
          if (!saved.ok) return saved;
          const causedBy = (ctx as { causedBy?: { workflowId: string; depth: number } }).causedBy;
          const appended = await tx.events.append(ctx, [
            recordEvent('lead', lead.id, 'updated', lead.version, new Date(lead.updatedAt.getTime()), [], causedBy),
          ]);
          return appended.ok ? saved : appended;
        },
      },
    }) as Repositories & { readonly ledger: WorkflowLedger };
  return {
    ...store,
    transaction: (ctx, fn) => store.transaction(ctx, (tx) => fn(wrapTx(tx))),
  } as WorkflowStore;
}

export const T0 = new Date('2026-03-02T09:00:00.000Z');

/** A clock the test moves. */
export function movableClock(start = T0): Clock & { set(at: Date | number): void; advance(ms: number): void } {
  let now = start.getTime();
  return {
    now: () => new Date(now),
    set: (at) => void (now = typeof at === 'number' ? at : at.getTime()),
    advance: (ms) => void (now += ms),
  };
}

/** Inserts a lead and appends its `lead_created` event; returns the lead. */
export async function insertLead(store: WorkflowStore, ctx: StoreContext, i: number, at = T0): Promise<Lead> {
  const lead = unwrap(
    createLead(
      { lastName: `Lead ${i}`, email: `l${i}@example.com` },
      { clock: fixedClock(at), ids: sequentialIdGenerator(`lead-${i}-`) },
    ),
  );
  unwrap(
    await store.transaction(ctx, async (tx): Promise<Result<void>> => {
      const saved = await tx.leads.insert(ctx, lead);
      if (!saved.ok) return saved;
      const appended = await tx.events.append(ctx, [recordEvent('lead', lead.id, 'created', lead.version, at)]);
      return appended.ok ? ok(undefined) : appended;
    }),
  );
  return lead;
}

/** The stores the runner tests run on: memory, PGlite, and the PostgreSQL server when CRMKIT_PG_URL is set. */
export interface StoreKind {
  readonly name: string;
  make(): Promise<{ store: WorkflowStore; close(): Promise<void> }>;
}

let schemaCounter = 0;
/** One PGlite for a test file (a schema per store): starting one costs seconds. */
let shared: PGlite | undefined;

/** Closes the shared PGlite (call it in afterAll). */
export async function closeSharedPglite(): Promise<void> {
  await shared?.close();
  shared = undefined;
}
const serverUrl = process.env['CRMKIT_PG_URL'];

export const STORE_KINDS: readonly StoreKind[] = [
  { name: 'memory', make: async () => ({ store: createMemoryStore(), close: async () => undefined }) },
  {
    name: 'PGlite',
    make: async () => {
      shared ??= new PGlite();
      const schema = `wf_${schemaCounter++}`;
      unwrap(await migratePostgres(shared, { schema }));
      return { store: createPostgresStore(shared, { schema }), close: async () => undefined };
    },
  },
  ...(serverUrl === undefined || serverUrl === ''
    ? []
    : [
        {
          name: 'PostgreSQL server',
          make: async () => {
            const pool = new pg.Pool({ connectionString: serverUrl, max: 4 });
            const schema = `runner_${process.pid}_${Date.now().toString(36)}_${schemaCounter++}`;
            unwrap(await migratePostgres(pool, { schema }));
            return {
              store: createPostgresStore(pool, { schema }),
              close: async () => {
                await pool.query(`DROP SCHEMA "${schema}" CASCADE`);
                await pool.end();
              },
            };
          },
        },
      ]),
];
