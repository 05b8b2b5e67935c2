/**
 * `planWorkflows`: the pure planner. Given an event and the record, which workflows enroll it and which
 * steps should run, as data.
 *
 * @module
 */
import { nonFiniteAt } from './_finite.js';
import { CrmError, type CrmIssue, type PathSegment } from '../core/errors.js';
import { checkOptionKeys, crmIssue } from '../core/issues.js';
import { ok, type Result } from '../core/result.js';
import { ENTITY_KINDS, type EntityKind } from '../core/ids.js';
import type { DomainEvent } from '../core/events.js';
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
import { planKey, walk } from './_walk.js';
import { shiftIntoWindow } from './_window.js';
import {
  assignmentIssues,
  assignmentTools,
  dateIssues,
  enrollmentIn,
  enrollmentIssues,
  failed,
  heldParts,
  holds,
  isRecordObject,
  knownKeys,
  sameFieldValue,
  scheduledAt,
  shown,
} from './_planContext.js';

/**
 * How many workflow-caused writes may follow one another: an event caused by a plan of depth
 * `MAX_WORKFLOW_DEPTH` plans nothing (loop protection across workflows; a workflow's own loops are
 * refused by `defineWorkflow`).
 *
 * @example
 * ```ts
 * MAX_WORKFLOW_DEPTH; //=> 8
 * ```
 */
export const MAX_WORKFLOW_DEPTH = 8;

/**
 * The event type that runs a `manual` workflow: `payload.workflowId` names it, `aggregate` the record.
 *
 * @example
 * ```ts
 * MANUAL_RUN_EVENT; //=> 'workflow_run_requested'
 * ```
 */
export const MANUAL_RUN_EVENT = 'workflow_run_requested';

/**
 * Options of {@link planWorkflows}.
 *
 * @example
 * ```ts
 * const o: PlanWorkflowsOptions = { record: { id: 'l1', status: 'sql' }, previous: { id: 'l1', status: 'mql' }, enrollments: {}, asOf: new Date('2026-03-02T09:00:00Z') };
 * ```
 */
export interface PlanWorkflowsOptions {
  /** The record after the event (for a deletion, `null` or the record as it was). */
  readonly record: Readonly<Record<string, unknown>> | null;
  /** The record before the event (`null` for a creation). */
  readonly previous: Readonly<Record<string, unknown>> | null;
  /** The planner's enrollments so far (default none). */
  readonly enrollments?: WorkflowEnrollments;
  /** The time of planning: steps run from it, delays count from it, `$now` in conditions is it. */
  readonly asOf: Date;
  /** Round-robin positions of `assign` steps so far (default none). */
  readonly assignments?: WorkflowAssignments;
  /** Members of the teams `assign` steps name, by team id. */
  readonly teams?: Readonly<Record<string, readonly string[]>>;
  /** Open items per user, for `least_busy` (missing: 0). */
  readonly openCounts?: Readonly<Record<string, number>>;
}

/**
 * What {@link planWorkflows} decided.
 *
 * @example
 * ```ts
 * declare const r: WorkflowPlanning;
 * r.plans.map((p) => p.type);
 * ```
 */
export interface WorkflowPlanning {
  /** The steps to run, in workflow order then step order. */
  readonly plans: readonly WorkflowPlan[];
  /** The enrollments this event changed (merge: `{ ...state, ...enrollments }`). */
  readonly enrollments: WorkflowEnrollments;
  /** The round-robin positions this event changed (merge like enrollments). */
  readonly assignments: WorkflowAssignments;
  /** Why workflows whose trigger fired planned nothing. */
  readonly notes: readonly WorkflowNote[];
}

const NONE = /* @__PURE__ */ Object.freeze({});

/** Enrollments by key as a plain object (keys are `<workflowId>/<kind>:<id>`, never `__proto__`). */
function toObject<V>(map: ReadonlyMap<string, V>): Record<string, V> {
  const out: Record<string, V> = {};
  for (const [k, v] of map) out[k] = v;
  return out;
}

/** The event types that can fire a workflow's trigger. */
function eventTypes(wf: Workflow): string[] {
  const t = wf.trigger.type;
  if (t === 'manual') return [MANUAL_RUN_EVENT];
  if (t === 'field_changed') return [`${wf.object}_updated`];
  if (t === 'scheduled') return [`${wf.object}_created`, `${wf.object}_updated`];
  return [`${wf.object}_${t}`];
}

interface WorkflowIndex {
  /** The list as indexed (a changed list is indexed again). */
  readonly items: readonly unknown[];
  /** Enabled workflows by the event types that can fire them, in list order. */
  readonly byType: ReadonlyMap<string, readonly Workflow[]>;
  /** Issues of entries that are not workflows. */
  readonly issues: readonly CrmIssue[];
}
const INDEXES = /* @__PURE__ */ new WeakMap<object, WorkflowIndex>();

/** The workflows of a list by event type, checked; cached for the list while its entries stay the same. */
function indexOf(workflows: readonly unknown[]): WorkflowIndex {
  const cached = INDEXES.get(workflows);
  if (cached !== undefined && cached.items.length === workflows.length) {
    let same = true;
    for (let i = 0; i < workflows.length && same; i++) same = workflows[i] === cached.items[i];
    if (same) return cached;
  }
  const issues: CrmIssue[] = [];
  const byType = new Map<string, Workflow[]>();
  workflows.forEach((w, i) => {
    if (internalsOf(w) === undefined) {
      issues.push(crmIssue.invalidType(['workflows', i], 'a Workflow made by defineWorkflow', w));
      return;
    }
    const wf = w as Workflow;
    if (!wf.enabled) return;
    for (const type of eventTypes(wf)) {
      const list = byType.get(type);
      if (list === undefined) byType.set(type, [wf]);
      else list.push(wf);
    }
  });
  const index = { items: [...workflows], byType, issues };
  INDEXES.set(workflows, index);
  return index;
}
const OPTION_KEYS = ['record', 'previous', 'enrollments', 'asOf', 'assignments', 'teams', 'openCounts'];

/** The event's depth and issues. */
function checkEvent(event: unknown): { issues: CrmIssue[]; depth: number; causedBy: string | null } {
  const issues: CrmIssue[] = [];
  const path = (k: string): PathSegment[] => ['event', k];
  if (!isRecordObject(event))
    return { issues: [crmIssue.invalidType(['event'], 'a DomainEvent', event)], depth: 0, causedBy: null };
  if (typeof event['id'] !== 'string' || event['id'].length === 0)
    issues.push(crmIssue.invalidType(path('id'), 'an event id (text)', event['id']));
  if (typeof event['type'] !== 'string')
    issues.push(crmIssue.invalidType(path('type'), 'an event type', event['type']));
  issues.push(...dateIssues(event['at'], path('at')));
  const a = event['aggregate'];
  if (!isRecordObject(a) || !(ENTITY_KINDS as readonly unknown[]).includes(a['kind']) || typeof a['id'] !== 'string')
    issues.push(crmIssue.invalidType(path('aggregate'), 'the record { kind, id } the event is about', a));
  const payload = event['payload'];
  let depth = 0;
  let causedBy: string | null = null;
  const by = isRecordObject(payload) ? payload['causedBy'] : undefined;
  if (by !== undefined && by !== null) {
    if (
      !isRecordObject(by) ||
      typeof by['workflowId'] !== 'string' ||
      !Number.isSafeInteger(by['depth']) ||
      (by['depth'] as number) < 0
    )
      issues.push(
        crmIssue.invalidType(['event', 'payload', 'causedBy'], '{ workflowId, depth } of the plan that wrote', by),
      );
    else {
      depth = (by['depth'] as number) + 1;
      causedBy = by['workflowId'] as string;
    }
  }
  return { issues, depth, causedBy };
}

/**
 * Plans the workflows an event enrolls its record in. For each enabled workflow of the record's kind
 * whose trigger the event fires (docs/automation.md, "Planning"):
 *
 * 1. the run policy, re-enrollment (a record is in a workflow at most once at a time), the condition
 *    (on `record`, with `previous` for change tests), suppression and the goal decide whether it
 *    enrolls — if not, a note says why;
 * 2. its steps are planned from the first up to and including the first `delay` (branches decided on
 *    the record as given, with the writes planned before them); every plan runs at `asOf`, moved into
 *    the workflow's time window, and a delay's plan at `asOf` + its duration;
 * 3. a `scheduled` trigger plans one `delay` plan (step `@schedule`) at the date it fires; the
 *    condition is checked when it comes due (`continueWorkflow`).
 *
 * Each plan's `because` gives the trigger and the condition parts that held; its `idempotencyKey` is
 * `<workflowId>:<eventId>:<stepId>` (and `#<n>` after the n-th delay of a loop), unique per
 * (workflow, event, step). `depth` is `payload.causedBy.depth + 1` for an event a workflow's write
 * caused and 0 otherwise; past {@link MAX_WORKFLOW_DEPTH} nothing is planned. Planning is deterministic
 * and never mutates its inputs; the result is frozen, and holds only the enrollments and round-robin
 * positions that changed.
 *
 * Never throws: inputs of the wrong form give `validation_failed`.
 *
 * @param workflows - Workflows made by `defineWorkflow`.
 * @param event - The record event (or a `workflow_run_requested` event for manual workflows).
 * @param options - The record before and after, the enrollments so far, and `asOf`.
 * @returns The plans, the enrollments and positions that changed, and notes.
 * @example
 * ```ts
 * const wf = unwrap(defineWorkflow({
 *   id: 'sql', name: 'SQL hand-off', enabled: true, object: 'lead', trigger: { type: 'status_changed' },
 *   condition: { changedTo: 'status', value: 'qualified' },
 *   steps: [{ id: 'tell', type: 'notify', params: { to: 'owner', message: 'A lead qualified' } }],
 * }));
 * const event = { id: 'lead:l1@2', type: 'lead_status_changed', at: new Date('2026-03-02T09:00:00Z'), by: 'u9',
 *   aggregate: { kind: 'lead' as const, id: 'l1' }, payload: { version: 2, changes: [] } };
 * const r = planWorkflows([wf], event, {
 *   record: { id: 'l1', status: 'qualified', ownerId: 'u1' }, previous: { id: 'l1', status: 'contacted', ownerId: 'u1' },
 *   enrollments: {}, asOf: new Date('2026-03-02T09:00:00Z'),
 * });
 * if (r.ok) r.value.plans.map((p) => [p.type, p.params]); //=> [['notify', { to: ['u1'], message: 'A lead qualified' }]]
 * ```
 */
export function planWorkflows(
  workflows: readonly Workflow[],
  event: DomainEvent,
  options: PlanWorkflowsOptions,
): Result<WorkflowPlanning> {
  try {
    return plan(workflows, event, options);
  } catch (e) {
    if (e instanceof CrmError && e.code === 'validation_failed') return failed('planWorkflows', [...e.issues]);
    // An input whose getters throw (or a proxy): data the planner cannot read.
    return failed('planWorkflows', [crmIssue.of('custom', [], 'the input could not be read (a getter threw)')]);
  }
}

function plan(workflows: unknown, event: unknown, options: unknown): Result<WorkflowPlanning> {
  const issues: CrmIssue[] = knownKeys(options, OPTION_KEYS) ? [] : checkOptionKeys(options, OPTION_KEYS);
  const index = Array.isArray(workflows) ? indexOf(workflows) : undefined;
  if (index === undefined) issues.push(crmIssue.invalidType(['workflows'], 'a list of Workflows', workflows));
  else issues.push(...index.issues);
  const ev = checkEvent(event);
  issues.push(...ev.issues);
  if (!isRecordObject(options)) {
    if (issues.length === 0) issues.push(crmIssue.invalidType([], 'options { record, previous, asOf, … }', options));
    return failed('planWorkflows', issues);
  }
  const o = options;
  const record = o['record'];
  const previous = o['previous'];
  if (record !== null && !isRecordObject(record))
    issues.push(crmIssue.invalidType(['record'], 'a record or null', record));
  if (previous !== null && !isRecordObject(previous))
    issues.push(crmIssue.invalidType(['previous'], 'the previous record or null', previous));
  // Record values can reach plans (an owner, a patch): none may be NaN, ±Infinity or an invalid Date.
  for (const [name, r] of [
    ['record', record],
    ['previous', previous],
  ] as const) {
    const bad = isRecordObject(r) ? nonFiniteAt(r, [name], 0) : undefined;
    if (bad !== undefined)
      issues.push(
        crmIssue.invalidValue(bad.path, 'a record value must be finite (a number, or a valid Date)', bad.value),
      );
  }
  issues.push(...dateIssues(o['asOf'], ['asOf']));
  issues.push(...enrollmentIssues(o['enrollments'], ['enrollments']));
  issues.push(...assignmentIssues(o));
  if (issues.length > 0) return failed('planWorkflows', issues);

  const e = event as DomainEvent;
  const asOf = o['asOf'] as Date;
  const given = (o['enrollments'] ?? undefined) as WorkflowEnrollments | undefined;
  const ref = { kind: e.aggregate.kind, id: e.aggregate.id } as const;
  let hasGiven = false;
  for (const k in given)
    if (Object.hasOwn(given, k)) {
      hasGiven = true;
      break;
    }
  const frozenRef = Object.freeze(ref);
  const plans: WorkflowPlan[] = [];
  const changed = new Map<string, WorkflowEnrollment>();
  const notes: WorkflowNote[] = [];
  const tools = assignmentTools(o);
  const note = (workflowId: string, reason: string) =>
    notes.push(Object.freeze({ workflowId, record: frozenRef, eventId: e.id, reason }));
  const finish = (): Result<WorkflowPlanning> =>
    ok(
      Object.freeze({
        plans: Object.freeze(plans),
        enrollments: changed.size === 0 ? NONE : Object.freeze(toObject(changed)),
        assignments: Object.keys(tools.changed).length === 0 ? NONE : Object.freeze(tools.changed),
        notes: Object.freeze(notes),
      }),
    );
  if (ev.depth > MAX_WORKFLOW_DEPTH) {
    note(
      ev.causedBy!,
      `depth limit: the event is ${ev.depth} workflow writes deep (at most ${MAX_WORKFLOW_DEPTH}); nothing is planned`,
    );
    return finish();
  }
  const kind = e.aggregate.kind;
  const action = e.type.startsWith(`${kind}_`) ? e.type.slice(kind.length + 1) : null;
  const current = (record ?? previous) as Readonly<Record<string, unknown>> | null;
  const prev = previous as Readonly<Record<string, unknown>> | null;
  const after = (record ?? {}) as Readonly<Record<string, unknown>>;
  const before = (prev ?? {}) as Readonly<Record<string, unknown>>;
  const changedField = (f: string) => !sameFieldValue(before[f], after[f]);

  for (const wf of index!.byType.get(e.type) ?? []) {
    if (wf.object !== kind) continue;
    const t = wf.trigger;
    let fired: string | null = null;
    switch (t.type) {
      case 'manual': {
        const p = e.payload as { workflowId?: unknown } | null;
        if (e.type === MANUAL_RUN_EVENT && isRecordObject(p) && p.workflowId === wf.id)
          fired = `trigger: manual run of ${kind} ${ref.id} (event ${e.id})`;
        break;
      }
      case 'field_changed':
        if (action === 'updated') {
          const hit = t.fields.filter(changedField);
          if (hit.length > 0)
            fired = `trigger: ${kind} ${ref.id} changed ${hit.map((f) => `${f} (${shown(before[f])} → ${shown(after[f])})`).join(', ')} (event ${e.id})`;
        }
        break;
      case 'scheduled': {
        const inactive = 'noActivityFor' in t;
        if (action === 'created' || (action === 'updated' && (inactive || changedField(t.field)))) fired = 'scheduled';
        break;
      }
      default:
        if (action === t.type) fired = `trigger: ${kind} ${ref.id} ${t.type.replace('_', ' ')} (event ${e.id})`;
    }
    if (fired === null) continue;
    if (current === null) {
      note(wf.id, 'no record was given');
      continue;
    }
    const key = enrollmentKey(wf.id, ref);
    const was = changed.size === 0 && !hasGiven ? undefined : (changed.get(key) ?? enrollmentIn(given, key));
    if (fired === 'scheduled') {
      planSchedule(wf, e, current, was, asOf, ev.depth, frozenRef, plans, changed, key, note);
      continue;
    }
    if (was?.status === 'active') {
      note(wf.id, `already enrolled (waiting at ${was.waitingAt ?? 'a step'})`);
      continue;
    }
    if (was !== undefined && !wf.reenrollment) {
      note(wf.id, 'already went through this workflow, and re-enrollment is off');
      continue;
    }
    if (wf.runPolicy === 'first_save' && prev !== null) {
      note(wf.id, "run policy first_save: not the record's creation");
      continue;
    }
    if (wf.condition !== null && !holds(wf.condition, current, asOf, prev)) {
      note(wf.id, 'the condition did not hold');
      continue;
    }
    if (
      wf.runPolicy === 'on_entering' &&
      wf.condition !== null &&
      prev !== null &&
      holds(wf.condition, prev, asOf, prev)
    ) {
      note(wf.id, 'run policy on_entering: the previous version already met the condition');
      continue;
    }
    if (wf.suppression !== null && holds(wf.suppression, current, asOf, null)) {
      note(wf.id, 'suppressed: the record meets the suppression condition');
      continue;
    }
    if (wf.goal !== null && holds(wf.goal, current, asOf, null)) {
      note(wf.id, 'the goal is already met');
      continue;
    }
    const because = Object.freeze([
      fired,
      ...(wf.condition === null ? [] : heldParts('condition', wf.condition, current, asOf, prev)),
      ...(wf.runPolicy === 'every_time' ? [] : [`run policy ${wf.runPolicy}`]),
    ]);
    const out = walk({
      wf,
      internals: internalsOf(wf)!,
      start: wf.steps[0]!.id,
      record: current,
      eventId: e.id,
      ref: frozenRef,
      depth: ev.depth,
      asOf: asOf.getTime(),
      pass: 0,
      because,
      tools,
    });
    plans.push(...out.plans);
    changed.set(
      key,
      Object.freeze({
        workflowId: wf.id,
        record: frozenRef,
        status: out.waitingAt === null ? 'done' : 'active',
        eventId: e.id,
        enrolledAt: new Date(asOf.getTime()),
        runs: (was?.runs ?? 0) + 1,
        waitingAt: out.waitingAt,
        pass: 0,
        exitReason: out.waitingAt === null ? 'finished' : null,
      }),
    );
  }
  return finish();
}

/** A scheduled trigger: one `@schedule` delay plan at the date, replacing an earlier wait. */
function planSchedule(
  wf: Workflow,
  e: DomainEvent,
  current: Readonly<Record<string, unknown>>,
  before: WorkflowEnrollment | undefined,
  asOf: Date,
  depth: number,
  ref: { readonly kind: EntityKind; readonly id: string },
  plans: WorkflowPlan[],
  changed: Map<string, WorkflowEnrollment>,
  key: string,
  note: (workflowId: string, reason: string) => void,
): void {
  if (before?.status === 'active' && before.waitingAt !== '@schedule') {
    note(wf.id, `already enrolled (waiting at ${before.waitingAt ?? 'a step'})`);
    return;
  }
  if (before?.status === 'done' && !wf.reenrollment) {
    note(wf.id, 'already went through this workflow, and re-enrollment is off');
    return;
  }
  const t = wf.trigger as { field?: string; offset?: string; noActivityFor?: string };
  const field = t.field ?? 'updatedAt';
  const at = scheduledAt(wf, current);
  const waiting = before?.status === 'active';
  const stop = (reason: string) => {
    note(wf.id, reason);
    if (waiting)
      changed.set(key, Object.freeze({ ...before!, status: 'done' as const, waitingAt: null, exitReason: reason }));
  };
  if (at === null) return stop(`no date in ${field}: nothing is scheduled`);
  if (at < asOf.getTime()) return stop(`the scheduled time ${new Date(at).toISOString()} has passed`);
  const why =
    t.noActivityFor !== undefined
      ? `trigger: no activity on ${e.aggregate.kind} ${ref.id} for ${t.noActivityFor} after ${field} (event ${e.id})`
      : `trigger: ${field}${t.offset === undefined ? '' : ` ${t.offset}`} of ${e.aggregate.kind} ${ref.id} (event ${e.id})`;
  plans.push(
    Object.freeze({
      workflowId: wf.id,
      stepId: '@schedule',
      type: 'delay',
      params: Object.freeze({ until: new Date(at).toISOString(), pass: 0 }),
      runAt: new Date(shiftIntoWindow(at, wf.window)),
      idempotencyKey: planKey(wf.id, e.id, '@schedule', 0),
      because: Object.freeze([why]),
      eventId: e.id,
      record: ref,
      depth,
    }),
  );
  changed.set(
    key,
    Object.freeze({
      workflowId: wf.id,
      record: ref,
      status: 'active',
      eventId: e.id,
      enrolledAt: new Date(asOf.getTime()),
      runs: before?.runs ?? 0,
      waitingAt: '@schedule',
      pass: 0,
      exitReason: null,
    }),
  );
}
