/**
 * Workflows as data: the JSON a workflow is defined with, the validated {@link Workflow}, and the
 * planner's state (enrollments, round-robin positions).
 *
 * @module
 */
import type { EntityKind } from '../core/ids.js';
import { argumentError } from '../core/errors.js';
import type { AnyCondition } from '../conditions/define.js';
import type { ConditionJson } from '../conditions/types.js';
import type { JsonValue } from './types.js';

/**
 * What starts a workflow: one of the five record events, a change of listed fields, a date (a date
 * field ± an offset, or "no activity for a while"), or a host's request (`manual`).
 *
 * @example
 * ```ts
 * WORKFLOW_TRIGGERS.includes('field_changed'); //=> true
 * ```
 */
export const WORKFLOW_TRIGGERS = [
  'created',
  'updated',
  'deleted',
  'assigned',
  'status_changed',
  'field_changed',
  'scheduled',
  'manual',
] as const;

/**
 * One of {@link WORKFLOW_TRIGGERS}.
 *
 * @example
 * ```ts
 * const t: WorkflowTriggerType = 'status_changed';
 * ```
 */
export type WorkflowTriggerType = (typeof WORKFLOW_TRIGGERS)[number];

/**
 * When a triggering event enrolls a record (Vtiger's execution conditions):
 * - `every_time`: whenever the trigger fires and the condition holds;
 * - `first_save`: only for the record's creation (an event without a previous version);
 * - `until_first_true`: the first time the condition holds, then never again for that record;
 * - `on_entering`: when the condition holds now and did not hold for the previous version.
 *
 * @example
 * ```ts
 * WORKFLOW_RUN_POLICIES[0]; //=> 'every_time'
 * ```
 */
export const WORKFLOW_RUN_POLICIES = ['every_time', 'first_save', 'until_first_true', 'on_entering'] as const;

/**
 * One of {@link WORKFLOW_RUN_POLICIES}.
 *
 * @example
 * ```ts
 * const p: WorkflowRunPolicy = 'on_entering';
 * ```
 */
export type WorkflowRunPolicy = (typeof WORKFLOW_RUN_POLICIES)[number];

/**
 * The days of the week a time window names.
 *
 * @example
 * ```ts
 * WEEKDAYS.length; //=> 7
 * ```
 */
export const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;

/**
 * One of {@link WEEKDAYS}.
 *
 * @example
 * ```ts
 * const d: Weekday = 'mon';
 * ```
 */
export type Weekday = (typeof WEEKDAYS)[number];

/**
 * A workflow's trigger as JSON.
 *
 * - `{ type: 'created' | 'updated' | 'deleted' | 'assigned' | 'status_changed' }`: that record event;
 * - `{ type: 'field_changed', fields }`: an `updated` event in which one of `fields` changed;
 * - `{ type: 'scheduled', field, offset? }`: when the date `field` ± `offset` (an ISO 8601 duration
 *   such as `'-P30D'`) arrives;
 * - `{ type: 'scheduled', noActivityFor, field? }`: when the date `field` (default `updatedAt`) is
 *   `noActivityFor` (such as `'P14D'`) in the past and has not moved since;
 * - `{ type: 'manual' }`: a `workflow_run_requested` event naming the workflow in `payload.workflowId`.
 *
 * @example
 * ```ts
 * const t: WorkflowTriggerJson = { type: 'scheduled', field: 'renewalDate', offset: '-P30D' };
 * ```
 */
export type WorkflowTriggerJson =
  | { readonly type: 'created' | 'updated' | 'deleted' | 'assigned' | 'status_changed' | 'manual' }
  | { readonly type: 'field_changed'; readonly fields: readonly string[] }
  | { readonly type: 'scheduled'; readonly field: string; readonly offset?: string }
  | { readonly type: 'scheduled'; readonly noActivityFor: string; readonly field?: string };

/**
 * A time window in an IANA time zone: steps run only on `days` (default Monday to Friday) between the
 * wall times `from` and `to` (`'HH:mm'`, `to` after `from`, `'24:00'` the end of the day); a step due
 * outside it runs when the window next opens.
 *
 * @example
 * ```ts
 * const w: WorkflowWindowJson = { timeZone: 'Europe/Berlin', from: '09:00', to: '17:00' };
 * ```
 */
export interface WorkflowWindowJson {
  /** An IANA time zone (`'Europe/Berlin'`). */
  readonly timeZone: string;
  /** The days the window is open (default `['mon', 'tue', 'wed', 'thu', 'fri']`). */
  readonly days?: readonly Weekday[];
  /** When it opens, wall time `'HH:mm'`. */
  readonly from: string;
  /** When it closes, wall time `'HH:mm'` after `from` (`'24:00'`: midnight). */
  readonly to: string;
}

/**
 * One step of a workflow as JSON. Every step has an `id` (letters, digits, `_` and `-`) and a `type`:
 * a type of `WORKFLOW_STEP_TYPES` or the name of a host action. `next` names the step that follows
 * (default: the next one in the list; `null`: the workflow ends). A `branch` has `branches`
 * (`{ when, next }`, the first whose condition holds is taken) and `otherwise` instead of `next`
 * and `params`. docs/automation.md lists the params of every type.
 *
 * @example
 * ```ts
 * const s: WorkflowStepJson = { id: 'notify-owner', type: 'notify', params: { to: 'owner', message: 'New SQL' } };
 * ```
 */
export interface WorkflowStepJson {
  /** The step's id, unique in the workflow. */
  readonly id: string;
  /** A built-in step type or a host action's name. */
  readonly type: string;
  /** The step's parameters (JSON). */
  readonly params?: { readonly [key: string]: JsonValue };
  /** The step that follows (default the next in the list; `null` ends the workflow). */
  readonly next?: string | null;
  /** A branch's ways, tried in order. */
  readonly branches?: readonly { readonly when: ConditionJson; readonly next: string | null }[];
  /** A branch's way when no `when` holds (default: the workflow ends). */
  readonly otherwise?: string | null;
}

/**
 * A workflow definition as JSON (what {@link defineWorkflow} validates).
 *
 * @example
 * ```ts
 * const json: WorkflowJson = {
 *   id: 'welcome', name: 'Welcome', enabled: true, object: 'lead', trigger: { type: 'created' },
 *   steps: [{ id: 'task', type: 'create_task', params: { subject: 'Call', dueIn: 'P1D' } }],
 * };
 * ```
 */
export interface WorkflowJson {
  /** The workflow's id: letters, digits, `_` and `-`, at most 64 characters. */
  readonly id: string;
  /** A name for people. */
  readonly name: string;
  /** Whether it plans anything. */
  readonly enabled: boolean;
  /** The entity kind it runs for. */
  readonly object: EntityKind;
  /** What starts it. */
  readonly trigger: WorkflowTriggerJson;
  /** Enrollment criteria in the condition language (change tests allowed). */
  readonly condition?: ConditionJson;
  /** When a triggering event enrolls (default `every_time`). */
  readonly runPolicy?: WorkflowRunPolicy;
  /** Whether a record that went through the workflow may enroll again (default `true`). */
  readonly reenrollment?: boolean;
  /** A condition: a record that meets it leaves the workflow (and does not enroll). */
  readonly goal?: ConditionJson;
  /** A condition: a record that meets it does not enroll, and stops at its next delay. */
  readonly suppression?: ConditionJson;
  /** When steps may run. */
  readonly window?: WorkflowWindowJson;
  /** The steps; the first is where the workflow starts. */
  readonly steps: readonly WorkflowStepJson[];
}

/**
 * A validated step: its id, type, params (frozen JSON), the step that follows, and a branch's ways
 * with their conditions.
 *
 * @example
 * ```ts
 * declare const wf: Workflow;
 * wf.steps[0]?.id;
 * ```
 */
export interface WorkflowStep {
  /** The step's id. */
  readonly id: string;
  /** A built-in step type or a host action's name. */
  readonly type: string;
  /** The step's parameters. */
  readonly params: { readonly [key: string]: JsonValue };
  /** The step that follows (`null`: the workflow ends; a branch has none). */
  readonly next: string | null;
  /** A branch's ways, tried in order (empty for other steps). */
  readonly branches: readonly { readonly when: AnyCondition; readonly next: string | null }[];
  /** A branch's way when no `when` holds. */
  readonly otherwise: string | null;
}

/**
 * A validated, frozen workflow, made only by {@link defineWorkflow}: its fields with their defaults,
 * conditions validated against the entity's catalog, and `json` the definition as given.
 *
 * @example
 * ```ts
 * declare const wf: Workflow;
 * wf.runPolicy; // 'every_time' unless the definition says otherwise
 * ```
 */
export interface Workflow {
  /** The workflow's id. */
  readonly id: string;
  /** Its name. */
  readonly name: string;
  /** Whether it plans anything. */
  readonly enabled: boolean;
  /** The entity kind it runs for. */
  readonly object: EntityKind;
  /** What starts it. */
  readonly trigger: WorkflowTriggerJson;
  /** Enrollment criteria, or `null` for none. */
  readonly condition: AnyCondition | null;
  /** When a triggering event enrolls. */
  readonly runPolicy: WorkflowRunPolicy;
  /** Whether a record may enroll again after it went through. */
  readonly reenrollment: boolean;
  /** Leave when met, or `null`. */
  readonly goal: AnyCondition | null;
  /** Do not enroll (stop) while met, or `null`. */
  readonly suppression: AnyCondition | null;
  /** When steps may run, or `null` for any time. */
  readonly window: WorkflowWindowJson | null;
  /** The steps, the first being the start. */
  readonly steps: readonly WorkflowStep[];
  /** The definition exactly as given (frozen copy). */
  readonly json: WorkflowJson;
}

/**
 * One record's place in one workflow: what the planner remembers between events (keep it, and pass
 * it back).
 *
 * @example
 * ```ts
 * const e: WorkflowEnrollment = {
 *   workflowId: 'sql-handoff', record: { kind: 'lead', id: 'l1' }, status: 'done', eventId: 'lead:l1@3',
 *   enrolledAt: new Date('2026-03-02T09:00:00Z'), runs: 1, waitingAt: null, pass: 0, exitReason: 'finished',
 * };
 * ```
 */
export interface WorkflowEnrollment {
  /** The workflow. */
  readonly workflowId: string;
  /** The record enrolled. */
  readonly record: { readonly kind: EntityKind; readonly id: string };
  /** `active` while it waits at a delay (or for a scheduled date), `done` once it left. */
  readonly status: 'active' | 'done';
  /** The event that enrolled it last. */
  readonly eventId: string;
  /** When it enrolled last. */
  readonly enrolledAt: Date;
  /** How many times it enrolled. */
  readonly runs: number;
  /** The delay step it waits at (`'@schedule'` for a scheduled trigger's date), or `null`. */
  readonly waitingAt: string | null;
  /** How many delays it has passed in this run (it makes the idempotency keys of a loop unique). */
  readonly pass: number;
  /** Why it left (`finished`, `goal met`, `suppressed`, …), or `null` while active. */
  readonly exitReason: string | null;
}

/**
 * The planner's enrollments, by {@link enrollmentKey}. The planner returns only the entries an event
 * changed: keep a state with `state = { ...state, ...result.enrollments }`.
 *
 * @example
 * ```ts
 * const none: WorkflowEnrollments = {};
 * ```
 */
export type WorkflowEnrollments = Readonly<Record<string, WorkflowEnrollment>>;

/**
 * The planner's enrollments in a Map, by {@link enrollmentKey}: for a process that keeps its state in
 * memory. Given a Map as `enrollments`, `planWorkflows` returns the entries an event changed in a Map
 * too (read-only: its `set`, `delete` and `clear` throw). Keep a state with
 * `for (const [key, e] of result.enrollments) state.set(key, e)`: each event costs what it changed,
 * where `{ ...state, ...result.enrollments }` copies the whole state.
 *
 * @example
 * ```ts
 * const state = new Map<string, WorkflowEnrollment>();
 * const none: WorkflowEnrollmentMap = state;
 * ```
 */
export type WorkflowEnrollmentMap = ReadonlyMap<string, WorkflowEnrollment>;

/**
 * A round-robin position: the id of the user last chosen. Made by `roundRobin`.
 *
 * @example
 * ```ts
 * const s: RoundRobinState = { last: 'u2' };
 * ```
 */
export interface RoundRobinState {
  /** The user chosen last. */
  readonly last: string;
}

/**
 * Round-robin positions of `assign` steps, by `<workflowId>/<stepId>`. Returned like enrollments: only
 * the entries that changed.
 *
 * @example
 * ```ts
 * const a: WorkflowAssignments = { 'sql-handoff/assign': { last: 'u1' } };
 * ```
 */
export type WorkflowAssignments = Readonly<Record<string, RoundRobinState>>;

/**
 * Why a workflow whose trigger fired planned nothing (or stopped): for people and for tests.
 *
 * @example
 * ```ts
 * const n: WorkflowNote = { workflowId: 'w', record: { kind: 'lead', id: 'l1' }, eventId: 'lead:l1@2', reason: 'condition did not hold' };
 * ```
 */
export interface WorkflowNote {
  /** The workflow. */
  readonly workflowId: string;
  /** The record. */
  readonly record: { readonly kind: EntityKind; readonly id: string };
  /** The event that was planned for. */
  readonly eventId: string;
  /** Why, in words. */
  readonly reason: string;
}

/**
 * The key of a record's enrollment in a workflow: `<workflowId>/<kind>:<id>`.
 *
 * @throws CrmError `validation_failed` when the id or the record's kind or id is not text (a call no
 * type-correct program makes).
 * @example
 * ```ts
 * enrollmentKey('sql-handoff', { kind: 'lead', id: 'l1' }); //=> 'sql-handoff/lead:l1'
 * ```
 */
export function enrollmentKey(workflowId: string, record: { readonly kind: string; readonly id: string }): string {
  const kind = typeof record === 'object' && record !== null ? (record as { kind?: unknown }).kind : undefined;
  const id = typeof record === 'object' && record !== null ? (record as { id?: unknown }).id : undefined;
  if (typeof workflowId !== 'string' || typeof kind !== 'string' || typeof id !== 'string')
    throw argumentError('enrollmentKey', [], 'a workflow id and a record { kind, id } (texts)', { workflowId, record });
  return `${workflowId}/${kind}:${id}`;
}
