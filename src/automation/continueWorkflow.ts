/**
 * `continueWorkflow`: what follows a `delay` plan that came due.
 *
 * @module
 */
import { nonFiniteAt } from './_finite.js';
import { CrmError, type CrmIssue } from '../core/errors.js';
import { checkOptionKeys, crmIssue } from '../core/issues.js';
import { ok, type Result } from '../core/result.js';
import type { WorkflowPlan } from './types.js';
import {
  enrollmentKey,
  type Workflow,
  type WorkflowAssignments,
  type WorkflowEnrollment,
  type WorkflowEnrollments,
  type WorkflowNote,
} from './workflow.js';
import { internalsOf } from './_registry.js';
import { walk } from './_walk.js';
import {
  assignmentIssues,
  assignmentTools,
  dateIssues,
  failed,
  heldParts,
  holds,
  isEnrollment,
  isRecordObject,
  scheduledAt,
} from './_planContext.js';

/**
 * Options of {@link continueWorkflow}.
 *
 * @example
 * ```ts
 * const o: ContinueWorkflowOptions = { record: { id: 'l1', status: 'sql' }, asOf: new Date('2026-03-03T09:00:00Z') };
 * ```
 */
export interface ContinueWorkflowOptions {
  /** The record as it is now (`null` when it was deleted). */
  readonly record: Readonly<Record<string, unknown>> | null;
  /** The time the delay came due (steps run from it). */
  readonly asOf: Date;
  /** The record's enrollment in the workflow, when the caller keeps enrollments. */
  readonly enrollment?: WorkflowEnrollment;
  /** Round-robin positions of `assign` steps so far. */
  readonly assignments?: WorkflowAssignments;
  /** Members of the teams `assign` steps name. */
  readonly teams?: Readonly<Record<string, readonly string[]>>;
  /** Open items per user, for `least_busy`. */
  readonly openCounts?: Readonly<Record<string, number>>;
}

/**
 * What {@link continueWorkflow} decided.
 *
 * @example
 * ```ts
 * declare const r: WorkflowContinuation;
 * r.plans.length;
 * ```
 */
export interface WorkflowContinuation {
  /** The steps to run now, up to and including the next delay. */
  readonly plans: readonly WorkflowPlan[];
  /** The enrollment, updated (only when `enrollment` was given): merge into the state. */
  readonly enrollments?: WorkflowEnrollments;
  /** The round-robin positions that changed. */
  readonly assignments: WorkflowAssignments;
  /** Why it stopped or planned nothing, if so. */
  readonly notes: readonly WorkflowNote[];
}

const OPTION_KEYS = ['record', 'asOf', 'enrollment', 'assignments', 'teams', 'openCounts'];

function checkPlan(wf: Workflow, plan: unknown): CrmIssue[] {
  if (!isRecordObject(plan)) return [crmIssue.invalidType(['plan'], 'a WorkflowPlan', plan)];
  const steps = internalsOf(wf)!.steps;
  const step = typeof plan['stepId'] === 'string' ? steps.get(plan['stepId']) : undefined;
  const params = plan['params'];
  const issues: CrmIssue[] = [];
  if (plan['workflowId'] !== wf.id)
    issues.push(crmIssue.invalidValue(['plan', 'workflowId'], `a plan of workflow '${wf.id}'`, plan['workflowId']));
  if (plan['type'] !== 'delay' || (plan['stepId'] !== '@schedule' && step?.type !== 'delay'))
    issues.push(
      crmIssue.invalidValue(
        ['plan', 'stepId'],
        'a delay step of the workflow (the plan that came due)',
        plan['stepId'],
      ),
    );
  if (!isRecordObject(params) || !Number.isSafeInteger(params['pass']) || (params['pass'] as number) < 0)
    issues.push(crmIssue.invalidType(['plan', 'params'], "a delay plan's params { pass, … }", params));
  const r = plan['record'];
  if (!isRecordObject(r) || r['kind'] !== wf.object || typeof r['id'] !== 'string')
    issues.push(crmIssue.invalidType(['plan', 'record'], `a ${wf.object} { kind, id }`, r));
  if (typeof plan['eventId'] !== 'string')
    issues.push(crmIssue.invalidType(['plan', 'eventId'], 'an event id', plan['eventId']));
  if (!Number.isSafeInteger(plan['depth']))
    issues.push(crmIssue.invalidType(['plan', 'depth'], 'a depth', plan['depth']));
  return issues;
}

/**
 * Plans what follows a `delay` plan that came due — the runner calls it then — with the same rules as
 * `planWorkflows`: the steps after the delay up to and including the next one, branches decided on
 * `record` as it is now, every plan at `asOf` moved into the time window. For a scheduled trigger's
 * `@schedule` plan, the date is read again (a moved date stops it) and the condition checked, then the
 * steps are planned from the first.
 *
 * It plans nothing, with a note saying why, when the record was deleted, the goal is met, the record is
 * suppressed, or the given enrollment no longer waits for this plan (a later event replaced it). The
 * plans keep the original event id and depth; their idempotency keys carry the pass (`#<n>`), so a
 * loop through a delay never repeats a key.
 *
 * Never throws for its input: a plan that is not a due delay of this workflow, or options of the wrong
 * form, give `validation_failed`.
 *
 * @param workflow - The workflow the plan belongs to.
 * @param plan - The `delay` plan that came due.
 * @param options - The record now, `asOf`, and the enrollment when kept.
 * @returns The plans, the updated enrollment (when given) and notes.
 * @example
 * ```ts
 * const wf = unwrap(defineWorkflow({
 *   id: 'nurture', name: 'Nurture', enabled: true, object: 'lead', trigger: { type: 'created' },
 *   goal: { field: 'qualification', op: 'eq', value: 'sql' },
 *   steps: [
 *     { id: 'wait', type: 'delay', params: { duration: 'P2D' } },
 *     { id: 'nudge', type: 'notify', params: { to: 'owner', message: 'Follow up' } },
 *   ],
 * }));
 * const first = unwrap(planWorkflows([wf], { id: 'lead:l1@1', type: 'lead_created', at: new Date('2026-03-02T09:00:00Z'), by: null,
 *   aggregate: { kind: 'lead', id: 'l1' }, payload: {} }, { record: { id: 'l1', status: 'new', ownerId: 'u1' }, previous: null, asOf: new Date('2026-03-02T09:00:00Z') }));
 * const due = first.plans[0]!; // the delay, due 2026-03-04T09:00Z
 * const r = continueWorkflow(wf, due, { record: { id: 'l1', status: 'new', ownerId: 'u1' }, asOf: due.runAt });
 * if (r.ok) r.value.plans.map((p) => p.stepId); //=> ['nudge']
 * ```
 */
export function continueWorkflow(
  workflow: Workflow,
  plan: WorkflowPlan,
  options: ContinueWorkflowOptions,
): Result<WorkflowContinuation> {
  try {
    return resume(workflow, plan, options);
  } catch (e) {
    if (e instanceof CrmError && e.code === 'validation_failed') return failed('continueWorkflow', [...e.issues]);
    // An input whose getters throw (or a proxy): data the planner cannot read.
    return failed('continueWorkflow', [crmIssue.of('custom', [], 'the input could not be read (a getter threw)')]);
  }
}

function resume(workflow: unknown, planIn: unknown, options: unknown): Result<WorkflowContinuation> {
  const internals = internalsOf(workflow);
  const issues: CrmIssue[] = checkOptionKeys(options, OPTION_KEYS);
  if (internals === undefined)
    issues.push(crmIssue.invalidType(['workflow'], 'a Workflow made by defineWorkflow', workflow));
  else issues.push(...checkPlan(workflow as Workflow, planIn));
  if (!isRecordObject(options)) {
    if (issues.length === 0) issues.push(crmIssue.invalidType([], 'options { record, asOf, … }', options));
    return failed('continueWorkflow', issues);
  }
  const o = options;
  const record = o['record'];
  if (record !== null && !isRecordObject(record))
    issues.push(crmIssue.invalidType(['record'], 'a record or null', record));
  const bad = isRecordObject(record) ? nonFiniteAt(record, ['record'], 0) : undefined;
  if (bad !== undefined)
    issues.push(
      crmIssue.invalidValue(bad.path, 'a record value must be finite (a number, or a valid Date)', bad.value),
    );
  issues.push(...dateIssues(o['asOf'], ['asOf']));
  const enrollment = o['enrollment'];
  if (enrollment !== undefined && enrollment !== null && !isEnrollment(enrollment))
    issues.push(crmIssue.invalidType(['enrollment'], 'a WorkflowEnrollment', enrollment));
  issues.push(...assignmentIssues(o));
  if (issues.length > 0) return failed('continueWorkflow', issues);

  const wf = workflow as Workflow;
  const plan = planIn as WorkflowPlan;
  const asOf = o['asOf'] as Date;
  const tools = assignmentTools(o);
  const ref = Object.freeze({ kind: plan.record.kind, id: plan.record.id });
  // A copy of the enrollment's own fields: nothing else the caller's object holds comes back.
  const given =
    enrollment === undefined || enrollment === null ? undefined : enrollmentCopy(enrollment as WorkflowEnrollment);
  const notes: WorkflowNote[] = [];
  const key = enrollmentKey(wf.id, ref);
  const done = (
    plans: readonly WorkflowPlan[],
    next: Partial<WorkflowEnrollment> | null,
    reason?: string,
  ): Result<WorkflowContinuation> => {
    if (reason !== undefined)
      notes.push(Object.freeze({ workflowId: wf.id, record: ref, eventId: plan.eventId, reason }));
    return ok(
      Object.freeze({
        plans: Object.freeze([...plans]),
        ...(given === undefined || next === null
          ? {}
          : { enrollments: Object.freeze({ [key]: Object.freeze({ ...given, ...next }) }) }),
        assignments: Object.freeze(tools.changed),
        notes: Object.freeze(notes),
      }),
    );
  };
  const leave = (reason: string) => done([], { status: 'done', waitingAt: null, exitReason: reason }, reason);
  if (
    given !== undefined &&
    (given.status !== 'active' || given.eventId !== plan.eventId || given.waitingAt !== plan.stepId)
  )
    return done([], null, 'superseded: the enrollment no longer waits for this plan');
  if (record === null) return leave('the record was deleted');
  const current = record as Readonly<Record<string, unknown>>;
  if (wf.goal !== null && holds(wf.goal, current, asOf, null)) return leave('goal met');
  if (wf.suppression !== null && holds(wf.suppression, current, asOf, null))
    return leave('suppressed: the record meets the suppression condition');
  const pass = (plan.params['pass'] as number) + (plan.stepId === '@schedule' ? 0 : 1);
  const because: string[] = [`resumed after ${plan.stepId} (${plan.idempotencyKey})`];
  let start: string | null;
  if (plan.stepId === '@schedule') {
    const at = scheduledAt(wf, current);
    if (at === null || new Date(at).toISOString() !== plan.params['until'])
      return leave('the scheduled date moved or was cleared');
    if (wf.condition !== null && !holds(wf.condition, current, asOf, current))
      return leave('the condition did not hold when the date came');
    because.splice(0, 1, ...plan.because);
    if (wf.condition !== null) heldParts('condition', wf.condition, current, asOf, current, because);
    start = wf.steps[0]!.id;
  } else start = internalsOf(wf)!.steps.get(plan.stepId)!.next;
  const plans: WorkflowPlan[] = [];
  const waitingAt = walk({
    wf,
    internals: internals!,
    start,
    record: current,
    eventId: plan.eventId,
    ref,
    depth: plan.depth,
    asOf: asOf.getTime(),
    pass,
    because: Object.freeze(because),
    tools,
    plans,
  });
  const runs = plan.stepId === '@schedule' ? { runs: (given?.runs ?? 0) + 1 } : {};
  return done(plans, {
    ...runs,
    status: waitingAt === null ? 'done' : 'active',
    waitingAt,
    pass,
    exitReason: waitingAt === null ? 'finished' : null,
  });
}

function enrollmentCopy(e: WorkflowEnrollment): WorkflowEnrollment {
  return {
    workflowId: e.workflowId,
    record: { kind: e.record.kind, id: e.record.id },
    status: e.status,
    eventId: e.eventId,
    enrolledAt: e.enrolledAt,
    runs: e.runs,
    waitingAt: e.waitingAt,
    pass: e.pass,
    exitReason: e.exitReason ?? null,
  };
}
