/**
 * The workflow runner's two halves: reading outboxes into plans (ingest) and executing due jobs.
 *
 * @module
 */
import type { Clock } from '../core/clock.js';
import { CrmError, isCrmError } from '../core/errors.js';
import type { EntityKind } from '../core/ids.js';
import { err, ok, type Result } from '../core/result.js';
import { thrownText } from '../_lib/show.js';
import {
  REPOSITORY_KINDS,
  type Repositories,
  type Repository,
  type RepositoryName,
  type StoreContext,
  type StoredEvent,
  type WorkflowStore,
} from '../repository/ports.js';
import { checkLedgerJson } from '../repository/checkLedger.js';
import type { WorkflowRunnerPlanner } from './_runnerPlanner.js';
import type { WorkflowHandler } from './_runnerTypes.js';
import type { LeasedWorkflowJob, WorkflowJob, WorkflowQueue } from './queue.js';
import { RECORD_EVENT_ACTIONS, type JsonValue, type RecordChange, type WorkflowPlan } from './types.js';
import { workflowJobToJson } from './workflowJobJson.js';

type AnyEntity = { readonly id: string; readonly version: number } & Record<string, unknown>;

/** The checked settings a runner works with. */
export interface RunnerSettings<W> {
  readonly store: WorkflowStore;
  readonly workflows: readonly W[];
  readonly handlers: { readonly [type: string]: WorkflowHandler };
  readonly tenants: readonly string[];
  readonly queue: WorkflowQueue;
  readonly signal: AbortSignal;
  readonly name: string;
  readonly planner: WorkflowRunnerPlanner<W>;
  readonly clock: Clock;
  readonly attempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  readonly batchSize: number;
  readonly concurrency: number;
  readonly maxDepth: number;
  /**
   * Per tenant, the cursor position this runner last saw and how many polls trusted it since: a poll
   * first asks for one event after it (one statement, no transaction, no lock), and opens the
   * ingest transaction only when there is one (or every {@link FULL_POLL_EVERY}-th poll, so that a
   * cursor moved back by hand is seen).
   */
  readonly seen: Map<string, { position: number; polls: number }>;
}

/** Every this many polls an ingest opens its transaction even when no new event was seen. */
export const FULL_POLL_EVERY = 20;

/** What a step's execution came to. */
export type Outcome = 'executed' | 'skipped' | 'retried' | 'dead';

const REPO_OF: Readonly<Record<string, RepositoryName>> = /* @__PURE__ */ Object.fromEntries(
  /* @__PURE__ */ Object.entries(REPOSITORY_KINDS).map(([repo, kind]) => [kind, repo]),
) as Record<string, RepositoryName>;

function repositoryOf(tx: Repositories, kind: EntityKind): Repository<AnyEntity> {
  return tx[REPO_OF[kind]!] as unknown as Repository<AnyEntity>;
}

/** The key of the tenant-wide planner state (round-robin positions) in the ledger's state. */
export const sharedStateKey = (name: string): string => `${name}:shared`;

/** The key of a record's enrollments in the ledger's state. */
export const enrollmentKey = (name: string, kind: string, id: string): string => `${name}:enrollments:${kind}:${id}`;

/** The context of a write made by a workflow: the store's events then carry `causedBy` (loop protection). */
function causedContext(ctx: StoreContext, workflowId: string, depth: number): StoreContext {
  const caused = { ...ctx, causedBy: { workflowId, depth } };
  return caused;
}

interface RecordEventPayload {
  readonly changes: readonly RecordChange[];
  readonly record: unknown;
  readonly depth: number;
}

/** The parts of a record event the runner reads, or `null` for another event. */
function recordEventPayload(event: StoredEvent): RecordEventPayload | null {
  const kind = event.aggregate.kind;
  const action = event.type.startsWith(`${kind}_`) ? event.type.slice(kind.length + 1) : '';
  if (!(RECORD_EVENT_ACTIONS as readonly string[]).includes(action)) return null;
  const p = (event.payload ?? {}) as { changes?: unknown; record?: unknown; causedBy?: { depth?: unknown } };
  const changes = Array.isArray(p.changes)
    ? (p.changes.filter((c) => c !== null && typeof c === 'object' && typeof c.field === 'string') as RecordChange[])
    : [];
  const depth = p.causedBy?.depth;
  return {
    changes,
    record: p.record ?? undefined,
    depth: typeof depth === 'number' && Number.isSafeInteger(depth) && depth > 0 ? depth : 0,
  };
}

/** The record before the write: `record` with each changed field set back to its `from`. */
function previousOf(action: string, record: unknown, changes: readonly RecordChange[]): unknown {
  if (action === 'created') return null;
  const base: Record<string, unknown> =
    record !== null && typeof record === 'object' ? { ...(record as Record<string, unknown>) } : {};
  for (const c of changes) base[c.field] = c.from;
  return base;
}

/**
 * The stored records of a page's events that will be planned and carry no record (not deletions), by
 * kind and id: one `getMany` per kind. A record not found is absent (planned as `null`).
 */
async function storedRecords<W>(
  s: RunnerSettings<W>,
  tx: Repositories,
  ctx: StoreContext,
  events: readonly StoredEvent[],
): Promise<Result<Map<string, Map<string, unknown>>>> {
  const wanted = new Map<EntityKind, Set<string>>();
  for (const event of events) {
    const payload = recordEventPayload(event);
    if (payload === null || payload.depth >= s.maxDepth || payload.record !== undefined) continue;
    const kind = event.aggregate.kind;
    if (event.type.slice(kind.length + 1) === 'deleted') continue;
    let ids = wanted.get(kind);
    if (ids === undefined) wanted.set(kind, (ids = new Set()));
    ids.add(event.aggregate.id);
  }
  const out = new Map<string, Map<string, unknown>>();
  for (const [kind, ids] of wanted) {
    const got = await repositoryOf(tx, kind).getMany(ctx, [...ids]);
    if (!got.ok) return got;
    out.set(kind, new Map(got.value.map((r) => [r.id, r])));
  }
  return ok(out);
}

/** Whether two ledger values are the same JSON (a state as read, and as the planner returned it). */
function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || a === undefined || b === undefined) return false;
  return JSON.stringify(a) === JSON.stringify(b);
}

const jobsOf = (tenantId: string, plans: readonly WorkflowPlan[]): WorkflowJob[] =>
  plans.map((plan) => ({ tenantId, plan, attempt: 0 }));

/**
 * Reads one page of a tenant's outbox into plans, in one store transaction that holds the runner's
 * cursor: plans are sent to the queue, then the records' enrollments and the cursor are saved.
 * A crash before the commit reads the page again; the same events give the same plans (same keys).
 * Answers with the events read and plans sent; `null` when another runner holds the cursor.
 */
export async function ingestPage<W>(
  s: RunnerSettings<W>,
  tenantId: string,
): Promise<Result<{ readonly events: number; readonly planned: number; readonly deadLettered: number } | null>> {
  const seen = s.seen.get(tenantId);
  if (seen !== undefined && seen.polls < FULL_POLL_EVERY) {
    // Nothing after the position seen last: nothing to ingest (the cursor only moves forward).
    const peek = await s.store.events.read({ tenantId }, { after: seen.position, limit: 1 });
    if (!peek.ok) return peek;
    if (peek.value.items.length === 0) {
      seen.polls++;
      return ok({ events: 0, planned: 0, deadLettered: 0 });
    }
  }
  for (let tries = 0; ; tries++) {
    const r = await ingestPageOnce(s, tenantId);
    // A continuation changed a record's enrollments while the page was planned: plan the page again.
    if (r.ok || r.error.code !== 'conflict' || tries >= 5) {
      if (!r.ok || r.value === null) return r;
      s.seen.set(tenantId, { position: r.value.position, polls: 0 });
      return ok({ events: r.value.events, planned: r.value.planned, deadLettered: r.value.deadLettered });
    }
  }
}

async function ingestPageOnce<W>(
  s: RunnerSettings<W>,
  tenantId: string,
): Promise<
  Result<{
    readonly events: number;
    readonly planned: number;
    readonly deadLettered: number;
    /** The cursor's position after the page (committed with it). */
    readonly position: number;
  } | null>
> {
  const ctx: StoreContext = { tenantId };
  return s.store.transaction(ctx, async (tx) => {
    const at = await tx.ledger.claimCursor(ctx, s.name);
    if (!at.ok || at.value === null) return at as Result<null>;
    const page = await tx.events.read(ctx, { after: at.value, limit: s.batchSize });
    if (!page.ok) return page;
    // Nothing new: the tenant-wide state is not taken (continuations wait for it while it is held).
    if (page.value.items.length === 0) return ok({ events: 0, planned: 0, deadLettered: 0, position: at.value });
    const jobs: WorkflowJob[] = [];
    let deadLettered = 0;
    const sharedKey = sharedStateKey(s.name);
    const sharedRead = await tx.ledger.getState(ctx, sharedKey);
    if (!sharedRead.ok) return sharedRead;
    let shared = sharedRead.value as JsonValue | null;
    let sharedChanged = false;
    // The records of events that do not carry theirs, read as stored now: one statement per kind for
    // the page, not one per event.
    const stored = await storedRecords(s, tx, ctx, page.value.items);
    if (!stored.ok) return stored;
    for (const event of page.value.items) {
      const payload = recordEventPayload(event);
      if (payload === null) continue;
      const kind = event.aggregate.kind;
      const action = event.type.slice(kind.length + 1);
      if (payload.depth >= s.maxDepth) {
        const letter = await tx.ledger.addDeadLetter(ctx, {
          key: `${s.name}:loop:${event.id}`,
          plan: { eventId: event.id, type: event.type, record: event.aggregate, depth: payload.depth },
          error: `Not planned: the event was caused by a chain of ${payload.depth} workflow writes, the depth limit is ${s.maxDepth} (a loop between workflows?)`,
          attempts: 0,
          failedAt: s.clock.now(),
        });
        if (!letter.ok) return letter;
        deadLettered++;
        continue;
      }
      let record = payload.record;
      if (record === undefined)
        record = action === 'deleted' ? null : (stored.value.get(kind)?.get(event.aggregate.id) ?? null);
      const key = enrollmentKey(s.name, kind, event.aggregate.id);
      const enrollments = await tx.ledger.getState(ctx, key);
      if (!enrollments.ok) return enrollments;
      const planned = s.planner.plan(s.workflows, event, {
        record,
        previous: previousOf(action, record, payload.changes),
        enrollments: enrollments.value as JsonValue | null,
        asOf: event.at,
        shared,
      });
      if (!planned.ok) {
        const letter = await tx.ledger.addDeadLetter(ctx, {
          key: `${s.name}:plan:${event.id}`,
          plan: { eventId: event.id, type: event.type, record: event.aggregate },
          error: `Planning failed: ${planned.error.message}`,
          attempts: 1,
          failedAt: s.clock.now(),
        });
        if (!letter.ok) return letter;
        deadLettered++;
        continue;
      }
      // An event that changed no enrollment writes nothing (the state read is the state to keep).
      if (!sameJson(planned.value.enrollments, enrollments.value)) {
        const saved = await tx.ledger.setState(ctx, key, planned.value.enrollments);
        if (!saved.ok) return saved;
      }
      if (planned.value.shared !== undefined) {
        shared = planned.value.shared;
        sharedChanged = true;
      }
      jobs.push(...jobsOf(tenantId, planned.value.plans));
    }
    if (jobs.length > 0) {
      const sent = await s.queue.send(jobs);
      if (!sent.ok) return sent;
    }
    if (sharedChanged) {
      const kept = await tx.ledger.setState(ctx, sharedKey, shared);
      if (!kept.ok) return kept;
    }
    const moved = await tx.ledger.moveCursor(ctx, s.name, page.value.lastSequence);
    if (!moved.ok) return moved;
    return ok({
      events: page.value.items.length,
      planned: jobs.length,
      deadLettered,
      position: page.value.lastSequence,
    });
  });
}

/** The delay before retry number `attempt` (from 1): `min(max, base · 2^(attempt-1))`. */
export function backoffMs(attempt: number, base: number, max: number): number {
  return Math.min(max, base * 2 ** Math.min(attempt - 1, 40));
}

/** A failure that retrying cannot mend: the step goes to the dead letters at once. */
class Permanent {
  constructor(readonly message: string) {}
}

/** A {@link Permanent} failure found inside a transaction (returned as its error, so it rolls back). */
class PermanentError extends CrmError {
  constructor(message: string) {
    super('validation_failed', message);
  }
}

const FORBIDDEN_PATCH = ['id', 'version', 'createdAt', 'updatedAt', '__proto__', 'constructor', 'prototype'];

/** The fields a `set_field` or `assign` plan sets, or why it cannot. */
function patchOf(plan: WorkflowPlan): Record<string, unknown> | Permanent {
  if (plan.type === 'assign') {
    const userId = plan.params['userId'];
    const field = plan.params['field'] ?? (plan.record.kind === 'ticket' ? 'assigneeId' : 'ownerId');
    if (typeof userId !== 'string' || typeof field !== 'string')
      return new Permanent('An assign plan needs params.userId (text) and optionally params.field (text)');
    if (FORBIDDEN_PATCH.includes(field)) return new Permanent(`An assign plan cannot set ${field}`);
    return { [field]: userId };
  }
  const patch = plan.params['patch'];
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch))
    return new Permanent('A set_field plan needs params.patch, an object of the fields to set');
  const bad = Object.keys(patch).filter((k) => FORBIDDEN_PATCH.includes(k));
  if (bad.length > 0) return new Permanent(`A set_field plan cannot set ${bad.join(', ')}`);
  return { ...patch };
}

/**
 * Applies a `set_field` or `assign` plan: in one store transaction, records the idempotency key and
 * updates the record at the version read (so a concurrent change makes it `conflict` and read again).
 */
async function applyWrite<W>(s: RunnerSettings<W>, job: LeasedWorkflowJob): Promise<Outcome | Permanent> {
  const plan = job.plan;
  const patch = patchOf(plan);
  if (patch instanceof Permanent) return patch;
  const ctx: StoreContext = { tenantId: job.tenantId };
  for (let tries = 0; ; tries++) {
    const r = await s.store.transaction(ctx, async (tx) => {
      const recorded = await tx.ledger.record(ctx, plan.idempotencyKey, { set: Object.keys(patch) });
      if (!recorded.ok) return recorded;
      if (!recorded.value) return ok('skipped' as const);
      const repo = repositoryOf(tx, plan.record.kind);
      const current = await repo.get(ctx, plan.record.id);
      if (!current.ok) return current;
      if (current.value === null)
        return err(new CrmError('not_found', `${plan.record.kind} ${plan.record.id} no longer exists`));
      const next = { ...current.value, ...patch, version: current.value.version + 1, updatedAt: s.clock.now() };
      const saved = await repo.update(causedContext(ctx, plan.workflowId, plan.depth + 1), next, {
        expectedVersion: current.value.version,
      });
      if (!saved.ok) return saved;
      return ok('executed' as const);
    });
    if (r.ok) return r.value;
    if (r.error.code === 'conflict' && tries < 3) continue;
    if (r.error.code === 'validation_failed' || r.error.code === 'not_found') return new Permanent(r.error.message);
    throw r.error;
  }
}

/**
 * Continues a workflow after a `delay` plan came due, in one store transaction: records the delay's
 * key first (a second delivery then finds it and does nothing), asks the planner for the next plans
 * on the record and enrollments as they are now, saves the enrollments and tenant-wide state the
 * planner returns, and sends the next plans; all of it commits together, or none of it does (the
 * plans are sent before the commit: a crash in between redelivers the delay, which plans the same
 * keys again).
 */
async function continueAfterDelay<W>(
  s: RunnerSettings<W>,
  job: LeasedWorkflowJob,
): Promise<{ planned: number } | 'skipped' | Permanent> {
  const plan = job.plan;
  const ctx: StoreContext = { tenantId: job.tenantId };
  const workflow = s.workflows.find((w) => s.planner.workflowId(w) === plan.workflowId);
  if (workflow === undefined) return new Permanent(`Workflow ${plan.workflowId} is no longer among the runner's`);
  const stateKey = enrollmentKey(s.name, plan.record.kind, plan.record.id);
  for (let tries = 0; ; tries++) {
    const r = await s.store.transaction(
      ctx,
      async (tx): Promise<Result<{ planned: number } | 'skipped' | Permanent>> => {
        const recorded = await tx.ledger.record(ctx, plan.idempotencyKey, { continued: true });
        if (!recorded.ok) return recorded;
        if (!recorded.value) return ok('skipped');
        const record = await repositoryOf(tx, plan.record.kind).get(ctx, plan.record.id);
        if (!record.ok) return record;
        // The tenant-wide state first, then the record's, as ingestPage takes them: the ledger holds
        // each until the commit (PostgreSQL), so one order means no deadlock. Planning (events and
        // continuations) is thereby serialised per tenant, as the cursor serialises events.
        const shared = await tx.ledger.getState(ctx, sharedStateKey(s.name));
        if (!shared.ok) return shared;
        const enrollments = await tx.ledger.getState(ctx, stateKey);
        if (!enrollments.ok) return enrollments;
        const next = s.planner.continue(workflow, plan, {
          record: record.value,
          enrollments: enrollments.value as JsonValue | null,
          asOf: plan.runAt,
          shared: shared.value as JsonValue | null,
        });
        // Nothing is written: the transaction rolls back, and the caller dead-letters the plan.
        if (!next.ok) return err(new PermanentError(`Continuing after the delay failed: ${next.error.message}`));
        if (next.value.enrollments !== undefined) {
          const saved = await tx.ledger.setState(ctx, stateKey, next.value.enrollments);
          if (!saved.ok) return saved;
        }
        if (next.value.shared !== undefined) {
          const kept = await tx.ledger.setState(ctx, sharedStateKey(s.name), next.value.shared);
          if (!kept.ok) return kept;
        }
        if (next.value.plans.length > 0) {
          const sent = await s.queue.send(jobsOf(job.tenantId, next.value.plans));
          if (!sent.ok) return sent;
        }
        return ok({ planned: next.value.plans.length });
      },
    );
    if (r.ok) return r.value;
    if (r.error instanceof PermanentError) return new Permanent(r.error.message);
    // Another writer changed the record's enrollments meanwhile (or recorded the key): plan again.
    if (r.error.code === 'conflict' && tries < 5) continue;
    throw r.error;
  }
}

/** What a ledger look-up answers for a key not recorded. */
const NOT_RECORDED: Result<null> = /* @__PURE__ */ ok(null);

/** Runs a host handler unless its key is recorded, then records the key with what it gave. */
async function runHandler<W>(s: RunnerSettings<W>, job: LeasedWorkflowJob): Promise<Outcome | Permanent> {
  const plan = job.plan;
  const ctx: StoreContext = { tenantId: job.tenantId };
  const handler = Object.prototype.hasOwnProperty.call(s.handlers, plan.type) ? s.handlers[plan.type] : undefined;
  if (typeof handler !== 'function') {
    const done = await s.store.ledger.get(ctx, plan.idempotencyKey);
    if (!done.ok) throw done.error;
    return done.value !== null ? 'skipped' : new Permanent(`No handler for steps of type ${JSON.stringify(plan.type)}`);
  }
  // A first attempt on its first delivery: no worker ran the job before, so its key is not recorded
  // (a plan sent again after a crash is the same job, which the queue keeps once) and is not looked
  // up. A redelivery or a retry (which may follow a recording whose answer was lost) looks it up.
  const [done, record] = await Promise.all([
    job.firstDelivery === true && job.attempt === 0 ? NOT_RECORDED : s.store.ledger.get(ctx, plan.idempotencyKey),
    repositoryOf(s.store, plan.record.kind).get(ctx, plan.record.id),
  ]);
  if (!done.ok) throw done.error;
  if (done.value !== null) return 'skipped';
  if (!record.ok) throw record.error;
  let result: Result<unknown>;
  try {
    result = await handler(plan, {
      tenantId: job.tenantId,
      idempotencyKey: plan.idempotencyKey,
      attempt: job.attempt,
      record: record.value,
      signal: s.signal,
    });
  } catch (e) {
    throw new CrmError('adapter_failure', `The ${plan.type} handler threw ${thrownText(e)}`, { cause: e });
  }
  if (result === null || typeof result !== 'object' || typeof (result as { ok?: unknown }).ok !== 'boolean')
    throw new CrmError('validation_failed', `The ${plan.type} handler did not answer with a Result`);
  if (!result.ok) throw result.error;
  const value = checkLedgerJson(result.value).ok ? (result.value ?? null) : null;
  const recorded = await s.store.ledger.record(ctx, plan.idempotencyKey, value);
  if (!recorded.ok) throw recorded.error;
  return 'executed';
}

/**
 * Executes one delivered job: says whether it is to be completed (done, already done, or
 * dead-lettered; the caller completes a batch's jobs at once) or schedules it again with backoff. A
 * failure of the queue or ledger while settling is returned; the job is then delivered again after
 * the queue's lease.
 */
export async function executeJob<W>(
  s: RunnerSettings<W>,
  job: LeasedWorkflowJob,
): Promise<Result<{ outcome: Outcome; planned: number; complete: boolean }>> {
  const plan = job.plan;
  const ctx: StoreContext = { tenantId: job.tenantId };
  const ledger = s.store.ledger;
  let outcome: Outcome | Permanent;
  let planned = 0;
  try {
    // Writes and delays record their key first in their own transaction (and find it there when
    // done): no look-up before them. A handler's key is looked up with its record, at once.
    if (plan.depth >= s.maxDepth) {
      const done = await ledger.get(ctx, plan.idempotencyKey);
      if (!done.ok) throw done.error;
      outcome =
        done.value !== null
          ? 'skipped'
          : new Permanent(
              `Not executed: the plan comes from a chain of ${plan.depth} workflow writes, the depth limit is ${s.maxDepth}`,
            );
    } else if (plan.type === 'set_field' || plan.type === 'assign') outcome = await applyWrite(s, job);
    else if (plan.type === 'delay') {
      const r = await continueAfterDelay(s, job);
      if (r instanceof Permanent || r === 'skipped') outcome = r;
      else {
        planned = r.planned;
        outcome = 'executed';
      }
    } else outcome = await runHandler(s, job);
  } catch (e) {
    const error = isCrmError(e) ? e : new CrmError('adapter_failure', thrownText(e), { cause: e });
    if (job.attempt + 1 < s.attempts) {
      const runAt = new Date(s.clock.now().getTime() + backoffMs(job.attempt + 1, s.baseDelayMs, s.maxDelayMs));
      const retried = await s.queue.retry(job, runAt);
      return retried.ok ? ok({ outcome: 'retried', planned, complete: false }) : retried;
    }
    outcome = new Permanent(`Failed ${job.attempt + 1} times; last: ${error.message}`);
  }
  if (outcome instanceof Permanent) {
    const letter = await ledger.addDeadLetter(ctx, {
      key: plan.idempotencyKey,
      plan: workflowJobToJson(job).plan,
      error: outcome.message,
      attempts: job.attempt + 1,
      failedAt: s.clock.now(),
    });
    if (!letter.ok) return letter;
    outcome = 'dead';
  }
  return ok({ outcome, planned, complete: true });
}
