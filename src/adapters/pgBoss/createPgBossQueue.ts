/**
 * The workflow queue on PostgreSQL through pg-boss.
 *
 * @module
 */
import { CrmError, crmIssue, checkOptionKeys, err, invalidInput, ok, type Result } from '../../repository/index.js';
import {
  workflowJobFromJson,
  workflowJobToJson,
  type LeasedWorkflowJob,
  type WorkflowJob,
  type WorkflowQueue,
} from '../../automation/index.js';
import { uuidOf } from './_sha256.js';

/**
 * The part of a pg-boss 10 instance (`new PgBoss(...)`, started) the queue uses: its shape, so that
 * crmkit never imports pg-boss itself.
 *
 * @example
 * ```ts
 * import PgBoss from 'pg-boss';
 * const boss: PgBossLike = new PgBoss('postgres://localhost/app');
 * ```
 */
export interface PgBossLike {
  /** Creates a queue (pg-boss 10 needs one before jobs are sent). */
  createQueue(
    name: string,
    options: {
      name: string;
      policy: 'standard';
      retryLimit: number;
      retryDelay: number;
      expireInSeconds: number;
    },
  ): Promise<unknown>;
  /** Inserts jobs in one statement; ids already present are skipped. */
  insert(jobs: object[]): Promise<unknown>;
  /**
   * Takes up to `batchSize` due jobs of the queue (they become active); with `includeMetadata`, each
   * with its `retryCount` (how many times it was handed out before: pg-boss counts a job fetched
   * again after it was started).
   */
  fetch(
    name: string,
    options: { batchSize: number; includeMetadata?: boolean },
  ): Promise<readonly { readonly id: string; readonly data: unknown; readonly retryCount?: number }[] | null>;
  /** Marks active jobs completed. */
  complete(name: string, ids: string[]): Promise<unknown>;
}

/**
 * Options of {@link createPgBossQueue}.
 *
 * @example
 * ```ts
 * const o: CreatePgBossQueueOptions = { queue: 'crm-workflows', leaseSeconds: 60 };
 * ```
 */
export interface CreatePgBossQueueOptions {
  /** The pg-boss queue name (default `'crmkit-workflows'`; letters, digits, `-`, `_`, `.`, `/`). */
  readonly queue?: string;
  /**
   * How long a worker holds a job before pg-boss hands it to another (pg-boss's `expireInSeconds`,
   * default 300): a worker that died mid-step is replaced after this. Longer than the slowest step.
   */
  readonly leaseSeconds?: number;
  /**
   * Whether a job pg-boss never handed out before is marked `firstDelivery` (default true), so that
   * the runner skips its ledger look-up before the handler. A plan the runner sends again (it
   * planned an event again after a crash between sending the plans and saving its cursor) keeps its
   * job id, and pg-boss ignores it while the first job is in its job table; once pg-boss has archived
   * the completed job (`archiveCompletedAfterSeconds`, 12 hours by default), it is a new job, handed
   * out as a first delivery. Pass `false` when a runner may stay down that long after a crash: every
   * delivery is then looked up (one more statement per plan), and no handler runs twice for it.
   */
  readonly markFirstDelivery?: boolean;
}

const failure = (what: string, cause: unknown): CrmError =>
  new CrmError('adapter_failure', `pg-boss ${what} failed: ${cause instanceof Error ? cause.message : String(cause)}`, {
    cause,
  });

/**
 * Creates the PostgreSQL {@link WorkflowQueue} on a started pg-boss 10 instance (creating its
 * pg-boss queue when missing). Many runner processes on many machines may share it: pg-boss hands
 * each due job to one worker (`FOR UPDATE SKIP LOCKED`), and a job whose worker died comes back after
 * `leaseSeconds` (pg-boss's expiry, checked by its maintenance; keep `maintenanceIntervalSeconds` low
 * enough). Jobs live in the database, so delayed steps survive restarts of every process.
 *
 * Each job's pg-boss id is derived from (tenant, idempotency key, attempt) — a version-8 UUID of
 * their SHA-256 — so a runner that plans an event again after a crash sends nothing twice. A job
 * whose data is not a valid workflow job (changed by hand, another program's) is completed without
 * running. Every method answers with a `Result`: a failing pg-boss is `adapter_failure`.
 *
 * @example
 * ```ts
 * import PgBoss from 'pg-boss';
 * const boss = new PgBoss({ connectionString: 'postgres://localhost/app' });
 * await boss.start();
 * const queue = await createPgBossQueue(boss, { queue: 'crm-workflows' });
 * if (queue.ok) queue.value; // pass as createWorkflowRunner({ queue: queue.value, … })
 * ```
 */
export async function createPgBossQueue(
  boss: PgBossLike,
  options?: CreatePgBossQueueOptions | null,
): Promise<Result<WorkflowQueue>> {
  const issues = checkOptionKeys(options, ['queue', 'leaseSeconds', 'markFirstDelivery']);
  const name = options?.queue ?? 'crmkit-workflows';
  if (typeof name !== 'string' || !/^[\w.\-/]{1,100}$/.test(name))
    issues.push(crmIssue.invalidType(['queue'], 'a queue name of letters, digits, -, _, . and /', name));
  const lease = options?.leaseSeconds ?? 300;
  if (typeof lease !== 'number' || !Number.isSafeInteger(lease) || lease < 1 || lease > 86_400)
    issues.push(crmIssue.invalidType(['leaseSeconds'], 'an integer from 1 to 86400', lease));
  const markFirst = options?.markFirstDelivery ?? true;
  if (typeof markFirst !== 'boolean')
    issues.push(crmIssue.invalidType(['markFirstDelivery'], 'true or false', markFirst));
  if (
    boss === null ||
    typeof boss !== 'object' ||
    ['createQueue', 'insert', 'fetch', 'complete'].some(
      (m) => typeof (boss as unknown as Record<string, unknown>)[m] !== 'function',
    )
  )
    issues.push(crmIssue.invalidType(['boss'], 'a started pg-boss 10 instance', boss));
  if (issues.length > 0) return err(invalidInput('createPgBossQueue', issues));
  try {
    // Expired jobs (a dead worker) go back to the queue: many times, since our own retries are new jobs.
    await boss.createQueue(name, { name, policy: 'standard', retryLimit: 100, retryDelay: 0, expireInSeconds: lease });
  } catch (cause) {
    return err(failure('createQueue', cause));
  }
  const idOf = (job: WorkflowJob): string =>
    uuidOf(`${job.tenantId}\u0000${job.plan.idempotencyKey}\u0000${job.attempt}`);
  const row = (job: WorkflowJob, runAt: Date) => ({
    id: idOf(job),
    name,
    data: workflowJobToJson(job),
    startAfter: runAt.toISOString(),
    expireInSeconds: lease,
  });
  async function call<T>(what: string, run: () => Promise<T>): Promise<Result<T>> {
    try {
      return ok(await run());
    } catch (cause) {
      return err(failure(what, cause));
    }
  }
  return ok(
    Object.freeze({
      async send(jobs: readonly WorkflowJob[]): Promise<Result<void>> {
        if (jobs.length === 0) return ok(undefined);
        let rows: ReturnType<typeof row>[];
        try {
          rows = jobs.map((j) => row(j, j.plan.runAt));
        } catch (e) {
          // A job that is not valid JSON (workflowJobToJson's validation_failed) is the caller's error.
          if (e instanceof CrmError) return err(e);
          throw e;
        }
        return call('insert', async () => {
          await boss.insert(rows);
        });
      },
      async fetch(limit: number): Promise<Result<readonly LeasedWorkflowJob[]>> {
        const rows = await call(
          'fetch',
          async () => (await boss.fetch(name, { batchSize: limit, includeMetadata: true })) ?? [],
        );
        if (!rows.ok) return rows;
        const out: LeasedWorkflowJob[] = [];
        const junk: string[] = [];
        for (const r of rows.value) {
          const job = workflowJobFromJson(r.data);
          // pg-boss raises retryCount when it hands out a job that was started before (an expired lease).
          if (job.ok) out.push({ ...job.value, handle: r.id, firstDelivery: markFirst && r.retryCount === 0 });
          else junk.push(r.id);
        }
        if (junk.length > 0) {
          const done = await call('complete', () => boss.complete(name, junk));
          if (!done.ok) return done;
        }
        return ok(Object.freeze(out));
      },
      async complete(jobs: readonly LeasedWorkflowJob[]): Promise<Result<void>> {
        if (jobs.length === 0) return ok(undefined);
        return call('complete', async () => {
          await boss.complete(
            name,
            jobs.map((j) => j.handle),
          );
        });
      },
      async retry(job: LeasedWorkflowJob, runAt: Date): Promise<Result<void>> {
        const next: WorkflowJob = { tenantId: job.tenantId, plan: job.plan, attempt: job.attempt + 1 };
        return call('retry', async () => {
          await boss.insert([row(next, runAt)]);
          await boss.complete(name, [job.handle]);
        });
      },
    }),
  );
}
