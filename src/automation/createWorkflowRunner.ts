/**
 * The durable workflow runner.
 *
 * @module
 */
import { systemClock } from '../core/clock.js';
import { CrmError, isCrmError, type CrmIssue } from '../core/errors.js';
import { checkOptionKeys, crmIssue, invalidInput } from '../core/issues.js';
import { ok, type Result } from '../core/result.js';
import { thrownText } from '../_lib/show.js';
import { validateContext } from '../repository/validate.js';
import { DEFAULT_RUNNER_PLANNER, type WorkflowRunnerPlanner } from './_runnerPlanner.js';
import { executeJob, ingestPage, type RunnerSettings } from './_runnerCore.js';
import type { CreateWorkflowRunnerOptions, WorkflowRunner, WorkflowRunReport } from './_runnerTypes.js';
import { createMemoryQueue } from './createMemoryQueue.js';
import { MAX_WORKFLOW_DEPTH } from './planWorkflows.js';
import type { LeasedWorkflowJob } from './queue.js';

const OPTION_KEYS = [
  'store',
  'workflows',
  'handlers',
  'tenants',
  'queue',
  'signal',
  'name',
  'planner',
  'clock',
  'retry',
  'batchSize',
  'concurrency',
  'pollMs',
  'maxDepth',
  'onError',
];

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object';

function integer(issues: CrmIssue[], path: string[], v: unknown, dflt: number, min: number, max: number): number {
  if (v === undefined || v === null) return dflt;
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min || v > max) {
    issues.push(crmIssue.invalidType(path, `an integer from ${min} to ${max}`, v));
    return dflt;
  }
  return v;
}

function settingsOf<W>(options: CreateWorkflowRunnerOptions<W>): RunnerSettings<W> & {
  readonly pollMs: number;
  readonly onError: (e: CrmError) => void;
} {
  if (!isObject(options))
    throw invalidInput('createWorkflowRunner options', [crmIssue.invalidType([], 'an options object', options)]);
  const issues = checkOptionKeys(options, OPTION_KEYS);
  const o = options as unknown as Record<string, unknown>;
  const store = o['store'] as { ledger?: unknown; transaction?: unknown; events?: unknown } | undefined;
  if (!isObject(store) || !isObject(store.ledger) || typeof store.transaction !== 'function' || !isObject(store.events))
    issues.push(
      crmIssue.invalidType(['store'], 'a store with a workflow ledger (createMemoryStore, createPostgresStore)', store),
    );
  if (!Array.isArray(o['workflows']))
    issues.push(crmIssue.invalidType(['workflows'], 'an array of workflows', o['workflows']));
  const handlers = o['handlers'];
  if (!isObject(handlers)) issues.push(crmIssue.invalidType(['handlers'], 'an object of handler functions', handlers));
  else
    for (const [k, h] of Object.entries(handlers))
      if (typeof h !== 'function') issues.push(crmIssue.invalidType(['handlers', k], 'a function', h));
  const tenants = o['tenants'];
  if (!Array.isArray(tenants) || tenants.length === 0)
    issues.push(crmIssue.invalidType(['tenants'], 'a non-empty array of tenant ids', tenants));
  else
    tenants.forEach((t, i) => {
      const c = validateContext({ tenantId: t });
      if (!c.ok) issues.push(crmIssue.invalidType(['tenants', i], 'a tenant id', t));
    });
  const queue = o['queue'] ?? createMemoryQueue();
  if (!isObject(queue) || ['send', 'fetch', 'complete', 'retry'].some((m) => typeof queue[m] !== 'function'))
    issues.push(crmIssue.invalidType(['queue'], 'a WorkflowQueue (send, fetch, complete, retry)', queue));
  const signal = o['signal'] ?? new AbortController().signal;
  if (!(signal instanceof AbortSignal)) issues.push(crmIssue.invalidType(['signal'], 'an AbortSignal', signal));
  const name = o['name'] ?? 'workflows';
  if (typeof name !== 'string' || name.length === 0 || name.length > 200)
    issues.push(crmIssue.invalidType(['name'], 'a name of 1 to 200 characters', name));
  const planner = (o['planner'] ?? DEFAULT_RUNNER_PLANNER) as unknown as WorkflowRunnerPlanner<W> | null;
  if (
    !isObject(planner) ||
    typeof planner.plan !== 'function' ||
    typeof planner.continue !== 'function' ||
    typeof planner.workflowId !== 'function'
  )
    issues.push(crmIssue.invalidType(['planner'], 'a planner { workflowId, plan, continue }', planner));
  const clock = o['clock'] ?? systemClock();
  if (!isObject(clock) || typeof clock['now'] !== 'function')
    issues.push(crmIssue.invalidType(['clock'], 'a clock { now() }', clock));
  const retry = o['retry'];
  if (retry !== undefined && retry !== null)
    issues.push(...checkOptionKeys(retry, ['attempts', 'baseDelayMs', 'maxDelayMs'], ['retry']));
  const r = isObject(retry) ? retry : {};
  const attempts = integer(issues, ['retry', 'attempts'], r['attempts'], 5, 1, 1000);
  const baseDelayMs = integer(issues, ['retry', 'baseDelayMs'], r['baseDelayMs'], 1000, 1, 86_400_000);
  const maxDelayMs = integer(issues, ['retry', 'maxDelayMs'], r['maxDelayMs'], 300_000, 1, 86_400_000 * 30);
  const batchSize = integer(issues, ['batchSize'], o['batchSize'], 100, 1, 1000);
  const concurrency = integer(issues, ['concurrency'], o['concurrency'], 1, 1, 1000);
  const pollMs = integer(issues, ['pollMs'], o['pollMs'], 200, 1, 3_600_000);
  const maxDepth = integer(issues, ['maxDepth'], o['maxDepth'], MAX_WORKFLOW_DEPTH, 1, 1000);
  const onError = o['onError'] ?? (() => undefined);
  if (typeof onError !== 'function') issues.push(crmIssue.invalidType(['onError'], 'a function', onError));
  if (issues.length > 0) throw invalidInput('createWorkflowRunner options', issues);
  return {
    store: options.store,
    workflows: [...(o['workflows'] as readonly W[])],
    handlers: { ...(handlers as CreateWorkflowRunnerOptions<W>['handlers']) },
    tenants: [...(tenants as string[])],
    queue: queue as unknown as RunnerSettings<W>['queue'],
    signal: signal as AbortSignal,
    name: name as string,
    planner: planner!,
    clock: clock as unknown as RunnerSettings<W>['clock'],
    attempts,
    baseDelayMs,
    maxDelayMs,
    batchSize,
    concurrency,
    pollMs,
    maxDepth,
    seen: new Map(),
    onError: onError as (e: CrmError) => void,
  };
}

interface Tally {
  events: number;
  planned: number;
  executed: number;
  skipped: number;
  retried: number;
  deadLettered: number;
}

const emptyTally = (): Tally => ({ events: 0, planned: 0, executed: 0, skipped: 0, retried: 0, deadLettered: 0 });

/**
 * Creates a durable workflow runner over a store with a ledger (both built-in stores have one). It
 * reads each tenant's outbox from a cursor kept in the ledger (per runner `name` and tenant), asks
 * the planner for the plans of each record event (the record as the event left it, the record before
 * it rebuilt from the event's changes, the record's enrollments), sends them to the `queue`, and
 * executes due plans:
 * - `set_field` (`params.patch`) and `assign` (`params.userId`, `params.field`, by default `ownerId`,
 *   `assigneeId` for tickets) it applies itself, through the store at the version it read, recording
 *   the idempotency key in the same transaction: the effect happens once however often the job is
 *   delivered. The write's context carries `causedBy: { workflowId, depth: plan.depth + 1 }`;
 * - `delay` plans, when due, ask the planner for the steps after them (on the record as it is then);
 * - every other type goes to `handlers[type]` with the idempotency key; its key is recorded after it
 *   succeeds (a crash in between runs it again: handlers dedupe on the key).
 *
 * Guarantees: at-least-once delivery with once-only effect through idempotency keys; a failed step is
 * retried with exponential backoff (`retry`) and then dead-lettered (`store.ledger.deadLetters`);
 * delays live in the queue and survive a restart (the pg-boss queue also a restart of the process);
 * events caused by a chain of `maxDepth` workflow writes are not planned (loop protection); `run()`
 * stops when `signal` aborts, after the steps in flight. Several runners (processes, machines) with the
 * same name may share a store and a database queue: one at a time reads a tenant's outbox, all
 * execute.
 *
 * @throws {CrmError} `validation_failed` for invalid options (unknown keys, a store without a ledger,
 * handlers that are not functions, no planner, numbers out of range).
 *
 * @example
 * ```ts
 * declare const store: WorkflowStore;
 * declare const planner: WorkflowRunnerPlanner<{ id: string }>;
 * const controller = new AbortController();
 * const runner = createWorkflowRunner({
 *   store, planner, workflows: [{ id: 'sql-handoff' }], tenants: ['acme'], signal: controller.signal,
 *   handlers: { notify: async (plan, { idempotencyKey }) => ({ ok: true, value: idempotencyKey }) },
 * });
 * const done = runner.run(); // until controller.abort()
 * ```
 */
export function createWorkflowRunner<W>(options: CreateWorkflowRunnerOptions<W>): WorkflowRunner {
  const s = settingsOf(options);

  /** Reads one page per tenant; adds to the tally. */
  async function ingestOnce(tally: Tally): Promise<Result<boolean>> {
    let more = false;
    for (const tenantId of s.tenants) {
      const r = await ingestPage(s, tenantId);
      if (!r.ok) return r;
      if (r.value === null) continue;
      tally.events += r.value.events;
      tally.planned += r.value.planned;
      tally.deadLettered += r.value.deadLettered;
      if (r.value.events > 0) more = true;
    }
    return ok(more);
  }

  /** Fetches one batch and executes it, `concurrency` at a time; adds to the tally. */
  async function executeOnce(tally: Tally): Promise<Result<number>> {
    const fetched = await s.queue.fetch(s.batchSize, s.clock.now());
    if (!fetched.ok) return fetched;
    const jobs = [...fetched.value];
    const settled: LeasedWorkflowJob[] = [];
    let failure: CrmError | null = null;
    const worker = async (): Promise<void> => {
      for (let job: LeasedWorkflowJob | undefined; (job = jobs.shift()) !== undefined;) {
        const r = await executeJob(s, job);
        if (!r.ok) {
          failure ??= r.error;
          continue;
        }
        if (r.value.complete) settled.push(job);
        tally.planned += r.value.planned;
        if (r.value.outcome === 'dead') tally.deadLettered++;
        else tally[r.value.outcome]++;
      }
    };
    await Promise.all(Array.from({ length: Math.min(s.concurrency, jobs.length) }, worker));
    // One call completes the batch's settled jobs (a crash before it only makes them come again).
    if (settled.length > 0) {
      const completed = await s.queue.complete(settled);
      if (!completed.ok) failure ??= completed.error;
    }
    return failure === null ? ok(fetched.value.length) : { ok: false, error: failure };
  }

  async function tick(): Promise<Result<WorkflowRunReport>> {
    const tally = emptyTally();
    try {
      for (;;) {
        const more = await ingestOnce(tally);
        if (!more.ok) return more;
        if (!more.value) break;
      }
      for (;;) {
        if (s.signal.aborted) break;
        const n = await executeOnce(tally);
        if (!n.ok) return n;
        if (n.value === 0) break;
      }
    } catch (e) {
      return { ok: false, error: isCrmError(e) ? e : new CrmError('adapter_failure', thrownText(e), { cause: e }) };
    }
    return ok(Object.freeze({ ...tally }));
  }

  const sleep = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      if (s.signal.aborted) return resolve();
      const t = setTimeout(done, ms);
      function done(): void {
        clearTimeout(t);
        s.signal.removeEventListener('abort', done);
        resolve();
      }
      s.signal.addEventListener('abort', done, { once: true });
    });

  async function run(): Promise<void> {
    while (!s.signal.aborted) {
      const tally = emptyTally();
      let busy = false;
      try {
        const ingested = await ingestOnce(tally);
        if (!ingested.ok) s.onError(ingested.error);
        else busy = ingested.value;
        if (!s.signal.aborted) {
          const executed = await executeOnce(tally);
          if (!executed.ok) s.onError(executed.error);
          else busy ||= executed.value > 0;
        }
      } catch (e) {
        s.onError(isCrmError(e) ? e : new CrmError('adapter_failure', thrownText(e), { cause: e }));
      }
      if (!busy) await sleep(s.pollMs);
    }
  }

  return Object.freeze({ tick, run });
}
