/**
 * The queue port of the workflow runner: where plans wait until they are due and which worker runs
 * them. Two implementations: {@link createMemoryQueue} (in-process, the embedded default) and the
 * PostgreSQL queue on pg-boss (`crmkit/pg-boss`), shared by many worker processes.
 *
 * @module
 */
import type { Result } from '../core/result.js';
import type { WorkflowPlan } from './types.js';

/**
 * One plan to execute, as the queue holds it.
 *
 * @example
 * ```ts
 * declare const plan: WorkflowPlan;
 * const job: WorkflowJob = { tenantId: 'acme', plan, attempt: 0 };
 * ```
 */
export interface WorkflowJob {
  /** The tenant the plan runs in. */
  readonly tenantId: string;
  /** The plan (due at its `runAt`, or later for a retry). */
  readonly plan: WorkflowPlan;
  /** How many times it was attempted before (0 for the first run). */
  readonly attempt: number;
}

/**
 * A job handed to a worker, with the queue's own handle for it.
 *
 * @example
 * ```ts
 * declare const job: WorkflowJob;
 * const leased: LeasedWorkflowJob = { ...job, handle: 'b1a5…' };
 * ```
 */
export interface LeasedWorkflowJob extends WorkflowJob {
  /** The queue's id of this delivery (pass the job back to `complete` or `retry`). */
  readonly handle: string;
  /**
   * `true` when the queue knows this is the job's first hand-out (no worker had it before, so no
   * worker can have run it): the runner then skips its ledger look-up before a handler (it still
   * records the key after). Left out (or `false`) when the queue cannot tell: the runner looks the
   * key up first. The pg-boss queue sets it from pg-boss's retry count; the memory queue leaves it out.
   */
  readonly firstDelivery?: boolean;
}

/**
 * Where a workflow runner's plans wait and which worker takes them.
 *
 * Rules every implementation must keep:
 * - `send` must keep at most one pending job per (tenant, idempotency key, attempt): sending the
 *   same one again, as a runner does after a crash, adds nothing.
 * - `fetch` must hand a due job (its `runAt` reached) to one worker at a time, and hand it again
 *   when that worker neither completes nor retries it within the queue's lease (a killed worker):
 *   delivery is at least once; the runner's ledger makes the effect once. It may mark a job
 *   `firstDelivery: true` only when no worker was handed that job before.
 * - `retry` must make the job due again at `runAt` with `attempt + 1`, in place of the delivered one.
 * - Every method answers with a `Result`, never a rejected promise.
 *
 * @example
 * ```ts
 * const queue: WorkflowQueue = createMemoryQueue();
 * ```
 */
export interface WorkflowQueue {
  /** Adds jobs, each due at its plan's `runAt`; one already pending is not added again. */
  send(jobs: readonly WorkflowJob[]): Promise<Result<void>>;
  /** Up to `limit` due jobs (`now` is the runner's clock; a queue on a database may use the database's). */
  fetch(limit: number, now: Date): Promise<Result<readonly LeasedWorkflowJob[]>>;
  /** Marks delivered jobs done. */
  complete(jobs: readonly LeasedWorkflowJob[]): Promise<Result<void>>;
  /** Makes a delivered job due again at `runAt`, with `attempt + 1`. */
  retry(job: LeasedWorkflowJob, runAt: Date): Promise<Result<void>>;
}
