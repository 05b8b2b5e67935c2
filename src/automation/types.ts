/**
 * The shared vocabulary of automation: what a write tells (record events and their changes) and what
 * the planner hands to a runner (plans).
 *
 * @module
 */
import type { EntityKind } from '../core/ids.js';

/**
 * The five record events a store with `recordEvents: true` appends for a write, by what happened:
 * `created`, `updated`, `deleted`, and the derived `assigned` (the owner changed) and
 * `status_changed` (the status, stage or lifecycle stage changed).
 *
 * @example
 * ```ts
 * RECORD_EVENT_ACTIONS.includes('assigned'); //=> true
 * ```
 */
export const RECORD_EVENT_ACTIONS = ['created', 'updated', 'deleted', 'assigned', 'status_changed'] as const;

/**
 * One of {@link RECORD_EVENT_ACTIONS}.
 *
 * @example
 * ```ts
 * const action: RecordEventAction = 'status_changed';
 * ```
 */
export type RecordEventAction = (typeof RECORD_EVENT_ACTIONS)[number];

/**
 * The type of a record event: `<kind>_<action>`, such as `lead_status_changed` or `deal_assigned`.
 *
 * @example
 * ```ts
 * const type: RecordEventType = 'lead_status_changed';
 * ```
 */
export type RecordEventType = `${EntityKind}_${RecordEventAction}`;

/**
 * A value as a record event carries it: JSON (dates as ISO-8601 strings, money as
 * `{ amount, currency }` with the amount a decimal string).
 *
 * @example
 * ```ts
 * const v: JsonValue = { amount: '1200.00', currency: 'EUR' };
 * ```
 */
export type JsonValue = null | boolean | number | string | readonly JsonValue[] | { readonly [key: string]: JsonValue };

/**
 * One field that changed between two versions of a record. `from` is `null` on creation and `to` is
 * `null` on deletion (and for a field that was cleared).
 *
 * @example
 * ```ts
 * const c: RecordChange = { field: 'status', from: 'mql', to: 'sql' };
 * ```
 */
export interface RecordChange<V = unknown> {
  /** The top-level field that changed. */
  readonly field: string;
  /** Its value before (`null` when it had none). */
  readonly from: V | null;
  /** Its value after (`null` when it has none). */
  readonly to: V | null;
}

/**
 * The step types a workflow knows besides host actions registered by name.
 *
 * @example
 * ```ts
 * WORKFLOW_STEP_TYPES.includes('delay'); //=> true
 * ```
 */
export const WORKFLOW_STEP_TYPES = [
  'set_field',
  'create_task',
  'notify',
  'request_approval',
  'assign',
  'delay',
  'branch',
  'webhook',
] as const;

/**
 * One of {@link WORKFLOW_STEP_TYPES}.
 *
 * @example
 * ```ts
 * const type: WorkflowStepType = 'create_task';
 * ```
 */
export type WorkflowStepType = (typeof WORKFLOW_STEP_TYPES)[number];

/**
 * One step the planner decided should run: data, never executed by the planner. A runner (or the
 * host) executes it at `runAt`, at most once per `idempotencyKey`.
 *
 * - A `set_field` plan's `params.patch` holds the fields to set, for the host to apply with the
 *   entity's `update*` function.
 * - A `delay` plan marks where the workflow resumes: when it comes due, the runner asks the planner
 *   for the steps after it (branches are decided then, on the record as it is then).
 *
 * @example
 * ```ts
 * const plan: WorkflowPlan = {
 *   workflowId: 'sql-handoff', stepId: 'notify-owner', type: 'notify',
 *   params: { to: 'owner', template: 'new-sql' }, runAt: new Date('2026-03-02T09:00:00Z'),
 *   idempotencyKey: 'sql-handoff:lead:l1@3:notify-owner', because: ['lead l1 status changed to sql'],
 *   eventId: 'lead:l1@3', record: { kind: 'lead', id: 'l1' }, depth: 0,
 * };
 * ```
 */
export interface WorkflowPlan {
  /** The workflow it belongs to. */
  readonly workflowId: string;
  /** The step of that workflow. */
  readonly stepId: string;
  /** The step's type, or the name of a host action. */
  readonly type: WorkflowStepType | (string & {});
  /** The step's parameters, resolved for this record (JSON). */
  readonly params: { readonly [key: string]: JsonValue };
  /** When it should run (UTC): the event's time, later after delays and time windows. */
  readonly runAt: Date;
  /** Unique per (workflow, event, step): the key that makes executing it twice have one effect. */
  readonly idempotencyKey: string;
  /** Why it was planned: the trigger and the condition parts that held, in words. */
  readonly because: readonly string[];
  /** The id of the event that enrolled the record. */
  readonly eventId: string;
  /** The record the workflow runs for. */
  readonly record: { readonly kind: EntityKind; readonly id: string };
  /** How many workflow-caused writes led to the event (0 for a user's write): loop protection. */
  readonly depth: number;
}
