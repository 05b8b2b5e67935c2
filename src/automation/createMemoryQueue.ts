/**
 * The in-memory workflow queue: the embedded default.
 *
 * @module
 */
import type { CrmIssue } from '../core/errors.js';
import { crmIssue, checkOptionKeys, invalidInput } from '../core/issues.js';
import { err, ok, type Result } from '../core/result.js';
import type { LeasedWorkflowJob, WorkflowJob, WorkflowQueue } from './queue.js';

/**
 * Options of {@link createMemoryQueue}.
 *
 * @example
 * ```ts
 * const o: CreateMemoryQueueOptions = { leaseMs: 30_000 };
 * ```
 */
export interface CreateMemoryQueueOptions {
  /** How long a fetched job stays with its worker before it is handed out again (default 60,000 ms). */
  readonly leaseMs?: number;
}

interface Entry {
  job: WorkflowJob;
  handle: string;
  dueAt: number;
  leasedUntil: number | null;
}

/**
 * Creates the in-memory {@link WorkflowQueue}: jobs in a map in this process, due by their plan's
 * `runAt` on the runner's clock, one pending job per (tenant, idempotency key, attempt), handed to
 * one worker at a time and again after `leaseMs` when not completed. For tests and single-process
 * apps: its jobs live as long as the process (a restarted runner that is given the same queue object
 * finds them; a restarted process does not — use the pg-boss queue for that).
 *
 * @throws {CrmError} `validation_failed` for unknown options or a `leaseMs` that is not a positive integer.
 *
 * @example
 * ```ts
 * const queue = createMemoryQueue();
 * declare const plan: WorkflowPlan;
 * await queue.send([{ tenantId: 'acme', plan, attempt: 0 }]);
 * const due = await queue.fetch(10, plan.runAt);
 * if (due.ok) await queue.complete(due.value);
 * ```
 */
export function createMemoryQueue(options?: CreateMemoryQueueOptions | null): WorkflowQueue {
  let issues: CrmIssue[];
  let leaseMs: unknown;
  try {
    issues = checkOptionKeys(options, ['leaseMs']);
    leaseMs = options?.leaseMs ?? 60_000;
  } catch {
    throw invalidInput('createMemoryQueue options', [
      crmIssue.invalidType([], 'readable options { leaseMs }', undefined),
    ]);
  }
  if (typeof leaseMs !== 'number' || !Number.isSafeInteger(leaseMs) || leaseMs < 1)
    issues.push(crmIssue.invalidType(['leaseMs'], 'a positive integer (milliseconds)', leaseMs));
  if (issues.length > 0) throw invalidInput('createMemoryQueue options', issues);
  const entries = new Map<string, Entry>();
  const idOf = (job: WorkflowJob): string => `${job.tenantId}\u0000${job.plan.idempotencyKey}\u0000${job.attempt}`;
  const leased = (e: Entry): LeasedWorkflowJob => ({ ...e.job, handle: e.handle });

  return Object.freeze({
    async send(jobs: readonly WorkflowJob[]): Promise<Result<void>> {
      for (const job of jobs) {
        const id = idOf(job);
        if (!entries.has(id)) entries.set(id, { job, handle: id, dueAt: job.plan.runAt.getTime(), leasedUntil: null });
      }
      return ok(undefined);
    },
    async fetch(limit: number, now: Date): Promise<Result<readonly LeasedWorkflowJob[]>> {
      if (!Number.isSafeInteger(limit) || limit < 1)
        return err(invalidInput('fetch', [crmIssue.invalidType(['limit'], 'a positive integer', limit)]));
      const t = now instanceof Date ? now.getTime() : NaN;
      if (Number.isNaN(t)) return err(invalidInput('fetch', [crmIssue.invalidDate(['now'], now)]));
      const due: Entry[] = [];
      for (const e of entries.values()) if (e.dueAt <= t && (e.leasedUntil === null || e.leasedUntil <= t)) due.push(e);
      due.sort((a, b) => a.dueAt - b.dueAt || (a.handle < b.handle ? -1 : a.handle > b.handle ? 1 : 0));
      const out = due.slice(0, limit);
      for (const e of out) e.leasedUntil = t + (leaseMs as number);
      return ok(Object.freeze(out.map(leased)));
    },
    async complete(jobs: readonly LeasedWorkflowJob[]): Promise<Result<void>> {
      for (const j of jobs) entries.delete(j.handle);
      return ok(undefined);
    },
    async retry(job: LeasedWorkflowJob, runAt: Date): Promise<Result<void>> {
      entries.delete(job.handle);
      const next: WorkflowJob = { tenantId: job.tenantId, plan: job.plan, attempt: job.attempt + 1 };
      const id = idOf(next);
      entries.set(id, { job: next, handle: id, dueAt: runAt.getTime(), leasedUntil: null });
      return ok(undefined);
    },
  });
}
