/**
 * Workflow jobs as JSON, for queues that keep them outside the process (pg-boss).
 *
 * @module
 */
import { ENTITY_KINDS, type EntityKind } from '../core/ids.js';
import { crmIssue, invalidInput } from '../core/issues.js';
import { err, ok, type Result } from '../core/result.js';
import { deepFreeze } from '../_lib/freeze.js';
import { isCrmError, type CrmIssue } from '../core/errors.js';
import { nonFiniteAt } from './_finite.js';
import type { WorkflowJob } from './queue.js';
import type { JsonValue, WorkflowPlan } from './types.js';

/**
 * The JSON form of a {@link WorkflowJob} (its plan's `runAt` an ISO-8601 string).
 *
 * @example
 * ```ts
 * declare const job: WorkflowJob;
 * const json: WorkflowJobJson = workflowJobToJson(job);
 * ```
 */
export interface WorkflowJobJson {
  /** The tenant. */
  readonly tenantId: string;
  /** Attempts before this one. */
  readonly attempt: number;
  /** The plan, `runAt` as an ISO-8601 string. */
  readonly plan: { readonly [key: string]: JsonValue };
}

/**
 * A job as JSON (what a queue on a database stores).
 *
 * @throws {CrmError} `validation_failed` when `job` is not a valid workflow job (its plan's fields, a
 * `runAt` that is a valid `Date`, parameters JSON can hold: no NaN, ±Infinity or invalid Date).
 * The result is frozen; its `params` are JSON (a `Date` in them as its ISO-8601 text).
 * @example
 * ```ts
 * declare const job: WorkflowJob;
 * typeof workflowJobToJson(job).plan['runAt']; //=> 'string'
 * ```
 */
export function workflowJobToJson(job: WorkflowJob): WorkflowJobJson {
  let json: WorkflowJobJson;
  try {
    // A value JSON cannot hold (NaN, ±Infinity, an invalid Date) would turn into null unseen.
    const bad = nonFiniteAt(job.plan.params, ['plan', 'params'], 0);
    if (bad !== undefined)
      throw invalidInput('Workflow job', [
        crmIssue.invalidValue(bad.path, 'a JSON value (a finite number, or a valid Date)', bad.value),
      ]);
    json = jobJson(job);
  } catch (e) {
    if (isCrmError(e)) throw e;
    throw invalidInput('Workflow job', [crmIssue.invalidType([], 'a workflow job { tenantId, plan, attempt }', job)]);
  }
  const back = workflowJobFromJson(json);
  if (!back.ok) throw back.error;
  return deepFreeze(json);
}

function jobJson(job: WorkflowJob): WorkflowJobJson {
  const p = job.plan;
  return {
    tenantId: job.tenantId,
    attempt: job.attempt,
    plan: {
      workflowId: p.workflowId,
      stepId: p.stepId,
      type: p.type,
      // As JSON (a Date as its ISO text, as it reads back), a copy of the caller's object.
      params: JSON.parse(JSON.stringify(p.params)) as JsonValue,
      runAt: p.runAt.toISOString(),
      idempotencyKey: p.idempotencyKey,
      because: [...p.because],
      eventId: p.eventId,
      record: { kind: p.record.kind, id: p.record.id },
      depth: p.depth,
    },
  };
}

const isText = (v: unknown): v is string => typeof v === 'string' && v.length > 0;

/**
 * Reads a job back from its JSON form, checking every field: a malformed one (a row changed by hand,
 * another program's job) fails with `validation_failed` and never reaches a handler.
 *
 * @example
 * ```ts
 * declare const job: WorkflowJob;
 * workflowJobFromJson(JSON.parse(JSON.stringify(workflowJobToJson(job)))).ok; //=> true
 * workflowJobFromJson({ tenantId: 'acme' }).ok; //=> false
 * ```
 */
export function workflowJobFromJson(json: unknown): Result<WorkflowJob> {
  try {
    return jobOf(json);
  } catch {
    return err(invalidInput('Workflow job', [crmIssue.invalidType([], 'readable workflow job JSON', undefined)]));
  }
}

function jobOf(json: unknown): Result<WorkflowJob> {
  const issues: CrmIssue[] = [];
  const o = (json !== null && typeof json === 'object' ? json : {}) as Record<string, unknown>;
  const p = (o['plan'] !== null && typeof o['plan'] === 'object' ? o['plan'] : {}) as Record<string, unknown>;
  if (!isText(o['tenantId'])) issues.push(crmIssue.invalidType(['tenantId'], 'a tenant id', o['tenantId']));
  const attempt = o['attempt'];
  if (typeof attempt !== 'number' || !Number.isSafeInteger(attempt) || attempt < 0)
    issues.push(crmIssue.invalidType(['attempt'], 'an integer ≥ 0', attempt));
  for (const k of ['workflowId', 'stepId', 'type', 'idempotencyKey', 'eventId'])
    if (!isText(p[k])) issues.push(crmIssue.invalidType(['plan', k], 'text', p[k]));
  const runAt = typeof p['runAt'] === 'string' ? new Date(p['runAt']) : new Date(NaN);
  if (Number.isNaN(runAt.getTime())) issues.push(crmIssue.invalidDate(['plan', 'runAt'], p['runAt']));
  const params = p['params'];
  if (params === null || typeof params !== 'object' || Array.isArray(params))
    issues.push(crmIssue.invalidType(['plan', 'params'], 'an object', params));
  const because = p['because'];
  if (!Array.isArray(because) || !because.every((b) => typeof b === 'string'))
    issues.push(crmIssue.invalidType(['plan', 'because'], 'an array of text', because));
  const record = (p['record'] ?? null) as { kind?: unknown; id?: unknown } | null;
  if (
    record === null ||
    typeof record !== 'object' ||
    !ENTITY_KINDS.includes(record.kind as EntityKind) ||
    !isText(record.id)
  )
    issues.push(crmIssue.invalidType(['plan', 'record'], 'a record reference { kind, id }', record));
  const depth = p['depth'];
  if (typeof depth !== 'number' || !Number.isSafeInteger(depth) || depth < 0)
    issues.push(crmIssue.invalidType(['plan', 'depth'], 'an integer ≥ 0', depth));
  if (issues.length > 0) return err(invalidInput('Workflow job', issues));
  const plan: WorkflowPlan = {
    workflowId: p['workflowId'] as string,
    stepId: p['stepId'] as string,
    type: p['type'] as string,
    // Copies: the result is frozen, the input never is.
    params: JSON.parse(JSON.stringify(params)) as WorkflowPlan['params'],
    runAt,
    idempotencyKey: p['idempotencyKey'] as string,
    because: [...(because as string[])],
    eventId: p['eventId'] as string,
    record: { kind: record!.kind as EntityKind, id: record!.id as string },
    depth: depth as number,
  };
  return ok(deepFreeze({ tenantId: o['tenantId'] as string, attempt: attempt as number, plan }));
}
