/**
 * The public types of the workflow runner: options, handlers and reports.
 *
 * @module
 */
import type { Clock } from '../core/clock.js';
import type { CrmError } from '../core/errors.js';
import type { Result } from '../core/result.js';
import type { WorkflowStore } from '../repository/ports.js';
import type { WorkflowRunnerPlanner } from './_runnerPlanner.js';
import type { WorkflowQueue } from './queue.js';
import type { WorkflowPlan } from './types.js';

/**
 * What a handler is told besides the plan.
 *
 * @example
 * ```ts
 * const handler: WorkflowHandler = async (plan, { idempotencyKey }) => ({ ok: true, value: idempotencyKey });
 * ```
 */
export interface WorkflowHandlerContext {
  /** The tenant the plan runs in. */
  readonly tenantId: string;
  /** The plan's idempotency key: pass it on (an `Idempotency-Key` header) so a repeated delivery has one effect. */
  readonly idempotencyKey: string;
  /** Attempts before this one (0 the first time). */
  readonly attempt: number;
  /** The record the plan is for, as stored now (`null` when it was deleted). */
  readonly record: unknown;
  /** Aborts when the runner shuts down. */
  readonly signal: AbortSignal;
}

/**
 * Executes one kind of step for the host (`create_task`, `notify`, `request_approval`, `webhook`, or a
 * host action by name). It answers with a `Result` (a failed one, or a thrown exception, is retried
 * with backoff, then dead-lettered); the value of an ok one (JSON) is recorded in the ledger with
 * the idempotency key. A handler may run more than once for one plan (a crash between its effect
 * and the ledger's record): make the effect idempotent on `idempotencyKey`.
 *
 * @example
 * ```ts
 * const notify: WorkflowHandler = async (plan, { idempotencyKey }) => {
 *   // await mailer.send({ ...plan.params, dedupeId: idempotencyKey });
 *   return { ok: true, value: { queued: true } };
 * };
 * ```
 */
export type WorkflowHandler = (
  plan: WorkflowPlan,
  context: WorkflowHandlerContext,
) => Promise<Result<unknown>> | Result<unknown>;

/**
 * Retries of a failed step: attempt `n` (from 1) waits `min(maxDelayMs, baseDelayMs · 2^(n-1))`.
 *
 * @example
 * ```ts
 * const retry: WorkflowRetryPolicy = { attempts: 5, baseDelayMs: 1_000, maxDelayMs: 60_000 };
 * ```
 */
export interface WorkflowRetryPolicy {
  /** Attempts in all before a step is dead-lettered (default 5, at least 1). */
  readonly attempts?: number;
  /** The first retry's delay (default 1,000 ms). */
  readonly baseDelayMs?: number;
  /** The longest delay (default 300,000 ms). */
  readonly maxDelayMs?: number;
}

/**
 * Options of {@link createWorkflowRunner}.
 *
 * @example
 * ```ts
 * declare const store: WorkflowStore;
 * declare const planner: WorkflowRunnerPlanner<{ id: string }>;
 * const options: CreateWorkflowRunnerOptions<{ id: string }> = {
 *   store, workflows: [{ id: 'sql-handoff' }], handlers: {}, tenants: ['acme'], planner,
 * };
 * ```
 */
export interface CreateWorkflowRunnerOptions<W> {
  /** The store whose outbox is read, whose records `set_field` and `assign` change, and whose ledger keeps the runner's state. */
  readonly store: WorkflowStore;
  /** The workflows to run. */
  readonly workflows: readonly W[];
  /** Executes the steps the runner does not apply itself, by step type or host action name. */
  readonly handlers: { readonly [type: string]: WorkflowHandler };
  /** The tenants whose outboxes are read (each has its own cursor). */
  readonly tenants: readonly string[];
  /** Where plans wait (default: a new {@link createMemoryQueue}). */
  readonly queue?: WorkflowQueue;
  /** Stops `run()`: in-flight steps finish, nothing new starts. */
  readonly signal?: AbortSignal;
  /** The runner's name: its cursors and state are kept per name and tenant (default `'workflows'`). */
  readonly name?: string;
  /** Plans events and continues delays (default: crmkit's planner). */
  readonly planner?: WorkflowRunnerPlanner<W>;
  /** Tells the time for due jobs, retries and dead letters (default: the system clock). */
  readonly clock?: Clock;
  /** Retries with exponential backoff. */
  readonly retry?: WorkflowRetryPolicy;
  /** Events read per outbox page and jobs taken per fetch (default 100, 1 to 1,000). */
  readonly batchSize?: number;
  /** Jobs executed at once by this runner (default 1). */
  readonly concurrency?: number;
  /** How long `run()` sleeps when there was nothing to do (default 200 ms). */
  readonly pollMs?: number;
  /** The depth limit of workflow-caused writes (default {@link MAX_WORKFLOW_DEPTH}). */
  readonly maxDepth?: number;
  /** Told of failures of the store or queue themselves (`run()` goes on after `pollMs`). */
  readonly onError?: (error: CrmError) => void;
}

/**
 * What one {@link WorkflowRunner.tick} did.
 *
 * @example
 * ```ts
 * const r: WorkflowRunReport = { events: 1, planned: 3, executed: 2, skipped: 0, retried: 0, deadLettered: 0 };
 * ```
 */
export interface WorkflowRunReport {
  /** Outbox events read. */
  readonly events: number;
  /** Plans sent to the queue (delays' continuations included). */
  readonly planned: number;
  /** Plans whose effect ran now. */
  readonly executed: number;
  /** Deliveries whose idempotency key was already in the ledger (no effect). */
  readonly skipped: number;
  /** Failed attempts scheduled again. */
  readonly retried: number;
  /** Plans (or events) given up on, now in the dead-letter list. */
  readonly deadLettered: number;
}

/**
 * A workflow runner: reads outboxes, plans, and executes through the queue.
 *
 * @example
 * ```ts
 * declare const runner: WorkflowRunner;
 * const r = await runner.tick();
 * if (r.ok) r.value.executed; // plans executed in this pass
 * ```
 */
export interface WorkflowRunner {
  /**
   * One pass: reads every tenant's new events into plans, then executes the due jobs until none is
   * due. Answers with a `Result` (a failing store or queue is its error).
   */
  tick(): Promise<Result<WorkflowRunReport>>;
  /**
   * Runs passes until the `signal` aborts (sleeping `pollMs` when idle), then waits for the steps in
   * flight and resolves. Never rejects: failures of the store or queue go to `onError`.
   */
  run(): Promise<void>;
}
