/**
 * What the runner needs from a planner: the seam between the durable runner and the pure planner
 * (`planWorkflows` / `continueWorkflow`), so that either can change without the other.
 *
 * @module
 */
import type { Result } from '../core/result.js';
import type { StoredEvent } from '../repository/ports.js';
import type { JsonValue, WorkflowPlan } from './types.js';
import { ok } from '../core/result.js';
import { planWorkflows } from './planWorkflows.js';
import { continueWorkflow } from './continueWorkflow.js';
import { enrollmentKey, type Workflow, type WorkflowAssignments, type WorkflowEnrollments } from './workflow.js';

/**
 * What {@link WorkflowRunnerPlanner.plan} is told besides the workflows and the event.
 *
 * @example
 * ```ts
 * const c: RunnerPlanContext = { record: null, previous: null, enrollments: null, asOf: new Date('2026-03-02T09:00:00Z') };
 * ```
 */
export interface RunnerPlanContext {
  /** The record as the event left it (its payload's `record`, else as stored now); `null` after a deletion. */
  readonly record: unknown;
  /** The record before the write, rebuilt from the event's changes; `null` for a creation. */
  readonly previous: unknown;
  /** What the planner returned as `enrollments` for this record last time (`null` the first time). */
  readonly enrollments: JsonValue | null;
  /** The event's instant (plans are a function of the event, so planning it again gives the same plans). */
  readonly asOf: Date;
  /**
   * The tenant-wide planner state (such as round-robin positions) as the planner last returned it
   * (`null` the first time); planning is serialised per tenant by the runner's cursor.
   */
  readonly shared?: JsonValue | null;
}

/**
 * What {@link WorkflowRunnerPlanner.continue} is told when a `delay` plan comes due.
 *
 * @example
 * ```ts
 * const c: RunnerContinueContext = { record: null, enrollments: null, asOf: new Date('2026-03-02T09:00:00Z') };
 * ```
 */
export interface RunnerContinueContext {
  /** The record as stored now (`null` when it was deleted meanwhile). */
  readonly record: unknown;
  /** The record's enrollments as the planner last returned them. */
  readonly enrollments: JsonValue | null;
  /** When the delay came due (the `delay` plan's `runAt`). */
  readonly asOf: Date;
  /** The tenant-wide planner state, as in {@link RunnerPlanContext.shared}. */
  readonly shared?: JsonValue | null;
}

/**
 * The planner a workflow runner drives: pure functions of their input (same input, same plans and
 * idempotency keys), which is what lets the runner plan an event again after a crash. crmkit's own
 * planner binds `planWorkflows` and `continueWorkflow`; tests may pass a small one of their own.
 *
 * @example
 * ```ts
 * const none: WorkflowRunnerPlanner<{ id: string }> = {
 *   workflowId: (w) => w.id,
 *   plan: () => ({ ok: true, value: { plans: [], enrollments: null } }),
 *   continue: () => ({ ok: true, value: { plans: [] } }),
 * };
 * ```
 */
export interface WorkflowRunnerPlanner<W> {
  /** The id of a workflow (what its plans carry as `workflowId`). */
  workflowId(workflow: W): string;
  /** The plans an event gives, up to and including each workflow's first `delay`, and the record's new enrollments. */
  plan(
    workflows: readonly W[],
    event: StoredEvent,
    context: RunnerPlanContext,
  ): Result<{
    readonly plans: readonly WorkflowPlan[];
    readonly enrollments: JsonValue | null;
    /** The new tenant-wide state, when the event changed it. */
    readonly shared?: JsonValue | null;
  }>;
  /**
   * The plans after a `delay` plan that came due, up to and including the next `delay`, and the
   * record's enrollments when the continuation changed them (the whole state, as `plan` returns it:
   * the runner saves it in the transaction that records the delay's key and sends the plans).
   */
  continue(
    workflow: W,
    plan: WorkflowPlan,
    context: RunnerContinueContext,
  ): Result<{
    readonly plans: readonly WorkflowPlan[];
    /** The record's new enrollments, when the continuation changed them (left out: unchanged). */
    readonly enrollments?: JsonValue | null;
    /** The new tenant-wide state, when the continuation changed it. */
    readonly shared?: JsonValue | null;
  }>;
}

/**
 * The planner used when `createWorkflowRunner` is given none: crmkit's own, `planWorkflows` for an
 * event and `continueWorkflow` for a `delay` that came due. The record's enrollments the runner keeps
 * are the planner's `WorkflowEnrollments`; what an event or a continuation changes is merged into
 * them (a continuation moves the enrollment to its next delay, or ends it: finished, goal met,
 * suppressed, record deleted), so re-enrollment, goals and run policies see it on later events. The tenant-wide
 * state holds the round-robin positions (`{ assignments }`), so `assign` steps rotate across records.
 */
export const DEFAULT_RUNNER_PLANNER: WorkflowRunnerPlanner<Workflow> = {
  workflowId: (workflow) => workflow.id,
  plan(workflows, event, context) {
    const current = enrollmentsOf(context.enrollments);
    const assignments = assignmentsOf(context.shared);
    const planned = planWorkflows(workflows, event, {
      record: recordOf(context.record),
      previous: recordOf(context.previous),
      enrollments: current,
      asOf: context.asOf,
      assignments,
    });
    if (!planned.ok) return planned;
    const enrollments = { ...current, ...planned.value.enrollments } as unknown as JsonValue;
    const changed = Object.keys(planned.value.assignments).length > 0;
    const shared = { assignments: { ...assignments, ...planned.value.assignments } } as unknown as JsonValue;
    return ok({ plans: planned.value.plans, enrollments, ...(changed ? { shared } : {}) });
  },
  continue(workflow, plan, context) {
    const current = enrollmentsOf(context.enrollments);
    const enrollment = Object.hasOwn(current, enrollmentKey(workflow.id, plan.record))
      ? current[enrollmentKey(workflow.id, plan.record)]
      : undefined;
    const assignments = assignmentsOf(context.shared);
    const next = continueWorkflow(workflow, plan, {
      record: recordOf(context.record),
      asOf: context.asOf,
      assignments,
      ...(enrollment === undefined ? {} : { enrollment }),
    });
    if (!next.ok) return next;
    const changed = Object.keys(next.value.assignments).length > 0;
    const shared = { assignments: { ...assignments, ...next.value.assignments } } as unknown as JsonValue;
    // The enrollment the continuation moved on (to the next delay, or out: finished, goal met, …).
    const enrollments =
      next.value.enrollments === undefined
        ? {}
        : { enrollments: { ...current, ...next.value.enrollments } as unknown as JsonValue };
    return ok({ plans: next.value.plans, ...enrollments, ...(changed ? { shared } : {}) });
  },
};

function enrollmentsOf(value: JsonValue | null): WorkflowEnrollments {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as unknown as WorkflowEnrollments)
    : {};
}

function assignmentsOf(shared: JsonValue | null | undefined): WorkflowAssignments {
  const a =
    typeof shared === 'object' && shared !== null && !Array.isArray(shared)
      ? (shared as { assignments?: unknown }).assignments
      : undefined;
  return typeof a === 'object' && a !== null && !Array.isArray(a) ? (a as WorkflowAssignments) : {};
}

function recordOf(value: unknown): Readonly<Record<string, unknown>> | null {
  return typeof value === 'object' && value !== null ? (value as Readonly<Record<string, unknown>>) : null;
}
