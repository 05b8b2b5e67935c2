/**
 * `planWorkflows`: the pure planner. Given an event and the record, which workflows enroll it and which
 * steps should run, as data.
 *
 * @module
 */
import { hasNonFinite, nonFiniteAt } from './_finite.js';
import { CrmError, type CrmIssue } from '../core/errors.js';
import { checkOptionKeys, crmIssue } from '../core/issues.js';
import { ok, type Result } from '../core/result.js';
import { ENTITY_KINDS, type EntityKind } from '../core/ids.js';
import type { DomainEvent } from '../core/events.js';
import type { WorkflowPlan } from './types.js';
import {
  type Workflow,
  type WorkflowAssignments,
  type WorkflowEnrollment,
  type WorkflowEnrollmentMap,
  type WorkflowEnrollments,
  type WorkflowNote,
} from './workflow.js';
import { internalsOf } from './_registry.js';
import { planKey, walk, type AssignmentTools } from './_walk.js';
import { shiftIntoWindow } from './_window.js';
import {
  assignmentIssues,
  assignmentTools,
  dateIssues,
  enrollmentIn,
  enrollmentIssues,
  frozenEnrollmentMap,
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
  /**
   * The planner's enrollments so far (default none): an object, or a Map for a state kept in memory
   * (then the result's `enrollments` is a Map too).
   */
  readonly enrollments?: WorkflowEnrollments | WorkflowEnrollmentMap;
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
 * What {@link planWorkflows} decided. `E` is the form of its enrollments: an object, or a Map when the
 * enrollments were given as a Map.
 *
 * @example
 * ```ts
 * declare const r: WorkflowPlanning;
 * r.plans.map((p) => p.type);
 * declare const m: WorkflowPlanning<WorkflowEnrollmentMap>;
 * m.enrollments.size;
 * ```
 */
export interface WorkflowPlanning<E extends WorkflowEnrollments | WorkflowEnrollmentMap = WorkflowEnrollments> {
  /** The steps to run, in workflow order then step order. */
  readonly plans: readonly WorkflowPlan[];
  /**
   * The enrollments this event changed. An object (merge: `{ ...state, ...enrollments }`), or a
   * read-only Map when the enrollments were given as a Map (merge: `state.set(key, e)` for each entry).
   */
  readonly enrollments: E;
  /** The round-robin positions this event changed (merge like enrollments). */
  readonly assignments: WorkflowAssignments;
  /** Why workflows whose trigger fired planned nothing. */
  readonly notes: readonly WorkflowNote[];
}

const NONE = /* @__PURE__ */ Object.freeze({});

/** The event types that can fire a workflow's trigger. */
function eventTypes(wf: Workflow): string[] {
  const t = wf.trigger.type;
  if (t === 'manual') return [MANUAL_RUN_EVENT];
  if (t === 'field_changed') return [`${wf.object}_updated`];
  if (t === 'scheduled') return [`${wf.object}_created`, `${wf.object}_updated`];
  return [`${wf.object}_${t}`];
}

/** The enabled workflows an event type can fire, and the action the type names for their kind. */
interface TypeEntry {
  /** The workflows, in list order. */
  readonly list: readonly Workflow[];
  /** The kind the action below was read for (the first workflow's object). */
  readonly kind: string;
  /** `updated` of `lead_updated` for kind `lead` (`null` when the type is not `<kind>_…`). */
  readonly action: string | null;
}

interface WorkflowIndex {
  /** The list as indexed (a changed list is indexed again). */
  readonly items: readonly unknown[];
  /** Enabled workflows by the event types that can fire them. */
  readonly byType: ReadonlyMap<string, TypeEntry>;
  /** Whether no two enabled workflows share an id (then one planning call meets each enrollment key once). */
  readonly uniqueIds: boolean;
  /** Issues of entries that are not workflows. */
  readonly issues: readonly CrmIssue[];
}
const INDEXES = /* @__PURE__ */ new WeakMap<object, WorkflowIndex>();

/** The action an event type names for a record kind: `updated` of `lead_updated` for `lead`, else `null`. */
function actionOf(type: string, kind: string): string | null {
  return type.length > kind.length && type.charCodeAt(kind.length) === 95 /* _ */ && type.startsWith(kind)
    ? type.slice(kind.length + 1)
    : null;
}

/** The workflows of a list by event type, checked; cached for the list while its entries stay the same. */
function indexOf(workflows: readonly unknown[]): WorkflowIndex {
  const cached = INDEXES.get(workflows);
  if (cached !== undefined && cached.items.length === workflows.length) {
    const items = cached.items;
    let i = 0;
    while (i < items.length && workflows[i] === items[i]) i++;
    if (i === items.length) return cached;
  }
  const issues: CrmIssue[] = [];
  const lists = new Map<string, Workflow[]>();
  const ids = new Set<string>();
  let uniqueIds = true;
  workflows.forEach((w, i) => {
    if (internalsOf(w) === undefined) {
      issues.push(crmIssue.invalidType(['workflows', i], 'a Workflow made by defineWorkflow', w));
      return;
    }
    const wf = w as Workflow;
    if (!wf.enabled) return;
    if (ids.has(wf.id)) uniqueIds = false;
    ids.add(wf.id);
    for (const type of eventTypes(wf)) {
      const list = lists.get(type);
      if (list === undefined) lists.set(type, [wf]);
      else list.push(wf);
    }
  });
  const byType = new Map<string, TypeEntry>();
  for (const [type, list] of lists) {
    const kind = list[0]!.object;
    byType.set(type, { list, kind, action: actionOf(type, kind) });
  }
  const index = { items: [...workflows], byType, uniqueIds, issues };
  INDEXES.set(workflows, index);
  return index;
}
const OPTION_KEYS = ['record', 'previous', 'enrollments', 'asOf', 'assignments', 'teams', 'openCounts'];

const KINDS: ReadonlySet<unknown> = /* @__PURE__ */ new Set<unknown>(ENTITY_KINDS);
const NO_ISSUES: readonly CrmIssue[] = /* @__PURE__ */ Object.freeze([]);
/** What checkEvent says of a valid event no workflow caused (the common case, shared). */
const TOP_LEVEL = /* @__PURE__ */ Object.freeze({ issues: NO_ISSUES, depth: 0, causedBy: null });
const OPTION_SET: ReadonlySet<string> = /* @__PURE__ */ new Set(OPTION_KEYS);

/** The event's depth and issues (no allocation beyond the answer for a valid event). */
function checkEvent(event: unknown): { issues: readonly CrmIssue[]; depth: number; causedBy: string | null } {
  if (!isRecordObject(event))
    return { issues: [crmIssue.invalidType(['event'], 'a DomainEvent', event)], depth: 0, causedBy: null };
  let issues: CrmIssue[] | null = null;
  const id = event['id'];
  if (typeof id !== 'string' || id.length === 0)
    (issues ??= []).push(crmIssue.invalidType(['event', 'id'], 'an event id (text)', id));
  if (typeof event['type'] !== 'string')
    (issues ??= []).push(crmIssue.invalidType(['event', 'type'], 'an event type', event['type']));
  const at = event['at'];
  if (!(at instanceof Date && Number.isFinite(at.getTime())))
    (issues ??= []).push(crmIssue.invalidDate(['event', 'at'], at));
  const a = event['aggregate'];
  if (!isRecordObject(a) || !KINDS.has(a['kind']) || typeof a['id'] !== 'string')
    (issues ??= []).push(crmIssue.invalidType(['event', 'aggregate'], 'the record { kind, id } the event is about', a));
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
      (issues ??= []).push(
        crmIssue.invalidType(['event', 'payload', 'causedBy'], '{ workflowId, depth } of the plan that wrote', by),
      );
    else {
      depth = (by['depth'] as number) + 1;
      causedBy = by['workflowId'] as string;
    }
  }
  return issues === null && depth === 0 ? TOP_LEVEL : { issues: issues ?? NO_ISSUES, depth, causedBy };
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
 * Enrollments come as an object or as a Map, and go back in the same form. A process that keeps its
 * state in memory should pass a Map: each event then costs what it changed, and a Map's keys are
 * cheaper to make than an object's (docs/automation.md, "Keeping enrollments").
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
  options: PlanWorkflowsOptions & { readonly enrollments: WorkflowEnrollmentMap },
): Result<WorkflowPlanning<WorkflowEnrollmentMap>>;
export function planWorkflows(
  workflows: readonly Workflow[],
  event: DomainEvent,
  options: PlanWorkflowsOptions & { readonly enrollments?: WorkflowEnrollments },
): Result<WorkflowPlanning>;
export function planWorkflows(
  workflows: readonly Workflow[],
  event: DomainEvent,
  options: PlanWorkflowsOptions,
): Result<WorkflowPlanning<WorkflowEnrollments | WorkflowEnrollmentMap>>;
export function planWorkflows(
  workflows: readonly Workflow[],
  event: DomainEvent,
  options: PlanWorkflowsOptions,
): Result<WorkflowPlanning<WorkflowEnrollments | WorkflowEnrollmentMap>> {
  try {
    return plan(workflows, event, options);
  } catch (e) {
    if (e instanceof CrmError && e.code === 'validation_failed') return failed('planWorkflows', [...e.issues]);
    // An input whose getters throw (or a proxy): data the planner cannot read.
    return failed('planWorkflows', [crmIssue.of('custom', [], 'the input could not be read (a getter threw)')]);
  }
}

/**
 * An empty object without a prototype, for the enrollments by key: its keys (`<workflow>/<kind>:<id>`)
 * are new for nearly every record, and an ordinary object would make the engine build a new hidden
 * class for each (about 1 µs a key, measured); a prototype-less object is a plain dictionary.
 */
function dictionary<V>(): Record<string, V> {
  return Object.create(null) as Record<string, V>;
}

/** Whether a workflow has an `assign` step, by workflow (its steps are frozen). */
const ASSIGNS = /* @__PURE__ */ new WeakMap<object, boolean>();

function hasAssign(wf: Workflow): boolean {
  let has = ASSIGNS.get(wf);
  if (has === undefined) {
    has = false;
    for (const step of internalsOf(wf)!.steps.values()) if (step.type === 'assign') has = true;
    ASSIGNS.set(wf, has);
  }
  return has;
}

/** The assignment tools of a walk with no `assign` step: never read. */
const NO_TOOLS: AssignmentTools = /* @__PURE__ */ Object.freeze({
  given: NONE,
  changed: NONE as Record<string, never>,
  teams: NONE,
  openCounts: /* @__PURE__ */ new Map<string, number>(),
});

/** Appends a note: a frozen record of four fields (a function, not a closure per call: planning is hot). */
function pushNote(
  notes: WorkflowNote[],
  workflowId: string,
  record: WorkflowNote['record'],
  eventId: string,
  reason: string,
): void {
  notes.push(Object.freeze({ workflowId, record, eventId, reason }));
}

/** The empty list of plans or notes, shared (frozen once). */
const NO_ITEMS: readonly never[] = /* @__PURE__ */ Object.freeze([]);

/** The answer when an event fires no workflow: shared, frozen once. */
const NOTHING: Result<WorkflowPlanning> = /* @__PURE__ */ ok(
  /* @__PURE__ */ Object.freeze({ plans: NO_ITEMS, enrollments: NONE, assignments: NONE, notes: NO_ITEMS }),
);

/** No enrollments, as a Map: shared (frozen). */
const NO_ENROLLMENTS: WorkflowEnrollmentMap = /* @__PURE__ */ frozenEnrollmentMap([], []);

/** The answer when an event fires no workflow and the enrollments came as a Map: shared, frozen once. */
const NOTHING_MAP: Result<WorkflowPlanning<WorkflowEnrollmentMap>> = /* @__PURE__ */ ok(
  /* @__PURE__ */ Object.freeze({ plans: NO_ITEMS, enrollments: NO_ENROLLMENTS, assignments: NONE, notes: NO_ITEMS }),
);

/**
 * The frozen result of a planning call. Every part is frozen where it is built (plans, notes and
 * enrollments as they are made), so only the lists and the enrollments' dictionary are frozen here;
 * empty parts are the shared frozen constants.
 */
function planning(
  plans: WorkflowPlan[],
  keys: string[] | null,
  enrolled: WorkflowEnrollment[] | null,
  assignments: Record<string, unknown>,
  notes: WorkflowNote[],
  asMap: boolean,
): Result<WorkflowPlanning<WorkflowEnrollments | WorkflowEnrollmentMap>> {
  let positions = false;
  for (const k in assignments)
    if (Object.hasOwn(assignments, k)) {
      positions = true;
      break;
    }
  if (plans.length === 0 && notes.length === 0 && keys === null && !positions) return asMap ? NOTHING_MAP : NOTHING;
  let enrollments: WorkflowEnrollments | WorkflowEnrollmentMap = NONE;
  if (asMap) enrollments = keys === null ? NO_ENROLLMENTS : frozenEnrollmentMap(keys, enrolled!);
  else if (keys !== null) {
    const changed = dictionary<WorkflowEnrollment>();
    for (let i = 0; i < keys.length; i++) changed[keys[i]!] = enrolled![i]!;
    enrollments = Object.freeze(changed);
  }
  return ok(
    Object.freeze({
      plans: plans.length === 0 ? NO_ITEMS : Object.freeze(plans),
      enrollments,
      assignments: positions ? Object.freeze(assignments as WorkflowAssignments) : NONE,
      notes: notes.length === 0 ? NO_ITEMS : Object.freeze(notes),
    }),
  );
}

/**
 * True when `options` is a plain object whose enumerable keys are all planWorkflows' (an inherited one
 * among them is read as an own one would be: the options are read by name).
 */
function knownOptions(options: unknown): options is Readonly<Record<string, unknown>> {
  if (!isRecordObject(options)) return false;
  for (const k in options) if (!OPTION_SET.has(k)) return false;
  return true;
}

/** The fast test of valid options (records plain and finite, asOf a valid Date, no assignment options). */
function validOptions(o: Readonly<Record<string, unknown>>): boolean {
  const record = o['record'];
  const previous = o['previous'];
  const asOf = o['asOf'];
  const enrollments = o['enrollments'];
  return (
    (record === null || (isRecordObject(record) && !hasNonFinite(record, 0))) &&
    (previous === null || (isRecordObject(previous) && !hasNonFinite(previous, 0))) &&
    asOf instanceof Date &&
    Number.isFinite(asOf.getTime()) &&
    (enrollments === undefined || enrollments === null || isRecordObject(enrollments)) &&
    o['assignments'] == null &&
    o['teams'] == null &&
    o['openCounts'] == null
  );
}

/** The input's issues (none, and nothing allocated, for valid input: the common case). */
function inputIssues(
  index: WorkflowIndex | undefined,
  workflows: unknown,
  ev: ReturnType<typeof checkEvent>,
  options: unknown,
): CrmIssue[] {
  // The common case first: nothing to say, nothing allocated.
  if (
    index !== undefined &&
    index.issues.length === 0 &&
    ev.issues.length === 0 &&
    knownOptions(options) &&
    validOptions(options)
  )
    return NO_ISSUES as CrmIssue[];
  const issues: CrmIssue[] = knownKeys(options, OPTION_KEYS) ? [] : checkOptionKeys(options, OPTION_KEYS);
  if (index === undefined) issues.push(crmIssue.invalidType(['workflows'], 'a list of Workflows', workflows));
  else for (const i of index.issues) issues.push(i);
  for (const i of ev.issues) issues.push(i);
  if (!isRecordObject(options)) {
    if (issues.length === 0) issues.push(crmIssue.invalidType([], 'options { record, previous, asOf, … }', options));
    return issues;
  }
  const o = options;
  const record = o['record'];
  const previous = o['previous'];
  if (record !== null && !isRecordObject(record))
    issues.push(crmIssue.invalidType(['record'], 'a record or null', record));
  if (previous !== null && !isRecordObject(previous))
    issues.push(crmIssue.invalidType(['previous'], 'the previous record or null', previous));
  // Record values can reach plans (an owner, a patch): none may be NaN, ±Infinity or an invalid Date.
  const badRecord = isRecordObject(record) ? nonFiniteAt(record, ['record'], 0) : undefined;
  const badPrevious = isRecordObject(previous) ? nonFiniteAt(previous, ['previous'], 0) : undefined;
  for (const bad of [badRecord, badPrevious])
    if (bad !== undefined)
      issues.push(
        crmIssue.invalidValue(bad.path, 'a record value must be finite (a number, or a valid Date)', bad.value),
      );
  const asOf = o['asOf'];
  if (!(asOf instanceof Date && Number.isFinite(asOf.getTime()))) issues.push(crmIssue.invalidDate(['asOf'], asOf));
  const enrollments = o['enrollments'];
  if (!(enrollments === undefined || enrollments === null || isRecordObject(enrollments)))
    for (const i of enrollmentIssues(enrollments, ['enrollments'])) issues.push(i);
  if (o['assignments'] != null || o['teams'] != null || o['openCounts'] != null)
    for (const i of assignmentIssues(o)) issues.push(i);
  return issues;
}

/** Whether a field differs between the record before and after the event. */
function fieldChanged(
  before: Readonly<Record<string, unknown>>,
  after: Readonly<Record<string, unknown>>,
  f: string,
): boolean {
  return !sameFieldValue(before[f], after[f]);
}

/** The `because` of a `field_changed` trigger (some of its fields changed). */
function fieldsChangedText(
  fields: readonly string[],
  before: Readonly<Record<string, unknown>>,
  after: Readonly<Record<string, unknown>>,
  kind: string,
  id: string,
  eventId: string,
): string {
  let text = '';
  for (const f of fields)
    if (fieldChanged(before, after, f)) {
      const part = `${f} (${shown(before[f])} → ${shown(after[f])})`;
      text = text === '' ? part : `${text}, ${part}`;
    }
  return `trigger: ${kind} ${id} changed ${text} (event ${eventId})`;
}

/** Whether the event fires the workflow's trigger (its words come later, for enrollments only). */
function fires(
  wf: Workflow,
  e: DomainEvent,
  action: string | null,
  before: Readonly<Record<string, unknown>>,
  after: Readonly<Record<string, unknown>>,
): boolean {
  const t = wf.trigger;
  switch (t.type) {
    case 'manual': {
      const p = e.payload as { workflowId?: unknown } | null;
      return e.type === MANUAL_RUN_EVENT && isRecordObject(p) && p.workflowId === wf.id;
    }
    case 'field_changed':
      if (action !== 'updated') return false;
      for (const f of t.fields) if (fieldChanged(before, after, f)) return true;
      return false;
    case 'scheduled':
      return (
        action === 'created' || (action === 'updated' && ('noActivityFor' in t || fieldChanged(before, after, t.field)))
      );
    default:
      return action === t.type;
  }
}

/** The words of a trigger the event fired (not a scheduled one). */
function firedText(
  wf: Workflow,
  e: DomainEvent,
  before: Readonly<Record<string, unknown>>,
  after: Readonly<Record<string, unknown>>,
): string {
  const t = wf.trigger;
  const kind = e.aggregate.kind;
  if (t.type === 'manual') return `trigger: manual run of ${kind} ${e.aggregate.id} (event ${e.id})`;
  if (t.type === 'field_changed') return fieldsChangedText(t.fields, before, after, kind, e.aggregate.id, e.id);
  return `trigger: ${kind} ${e.aggregate.id} ${TRIGGER_WORDS[t.type]} (event ${e.id})`;
}

/** The trigger types in words (`status_changed` → `status changed`). */
const TRIGGER_WORDS: Readonly<Record<string, string>> = {
  created: 'created',
  updated: 'updated',
  deleted: 'deleted',
  assigned: 'assigned',
  status_changed: 'status changed',
};

function plan(
  workflows: unknown,
  event: unknown,
  options: unknown,
): Result<WorkflowPlanning<WorkflowEnrollments | WorkflowEnrollmentMap>> {
  const index = Array.isArray(workflows) ? indexOf(workflows) : undefined;
  const ev = checkEvent(event);
  const issues = inputIssues(index, workflows, ev, options);
  if (issues.length > 0) return failed('planWorkflows', issues);

  const o = options as Readonly<Record<string, unknown>>;
  const record = o['record'] as Readonly<Record<string, unknown>> | null;
  const previous = o['previous'] as Readonly<Record<string, unknown>> | null;
  const e = event as DomainEvent;
  const asOf = o['asOf'] as Date;
  const kind = e.aggregate.kind;
  const id = e.aggregate.id;
  const given = (o['enrollments'] ?? undefined) as WorkflowEnrollments | WorkflowEnrollmentMap | undefined;
  const asMap = given instanceof Map;
  if (ev.depth > MAX_WORKFLOW_DEPTH) {
    const notes: WorkflowNote[] = [];
    pushNote(
      notes,
      ev.causedBy!,
      Object.freeze({ kind, id }),
      e.id,
      `depth limit: the event is ${ev.depth} workflow writes deep (at most ${MAX_WORKFLOW_DEPTH}); nothing is planned`,
    );
    return planning([], null, null, NONE, notes, asMap);
  }
  const type = e.type;
  const entry = index!.byType.get(type);
  if (entry === undefined) return asMap ? NOTHING_MAP : NOTHING;
  const action = kind === entry.kind ? entry.action : actionOf(type, kind);
  let hasGiven = false;
  if (asMap) hasGiven = given.size > 0;
  else
    for (const k in given)
      if (Object.hasOwn(given, k)) {
        hasGiven = true;
        break;
      }
  // An enrollment can be met twice in one call only when two workflows share an id.
  const lookUpChanged = !index!.uniqueIds;
  const current = record ?? previous;
  const after = record ?? NONE;
  const before = previous ?? NONE;
  // Made when first needed (an event that fires nothing needs none of them).
  let ref: { readonly kind: EntityKind; readonly id: string } | null = null;
  const plans: WorkflowPlan[] = [];
  const notes: WorkflowNote[] = [];
  // The enrollments this event changed: keys and values side by side, made into one frozen
  // dictionary at the end.
  let keys: string[] | null = null;
  let enrolled: WorkflowEnrollment[] | null = null;
  // Made when a workflow with an assign step enrolls (most plan none).
  let tools: AssignmentTools | null = null;

  for (const wf of entry.list) {
    if (wf.object !== kind) continue;
    if (!fires(wf, e, action, before, after)) continue;
    ref ??= Object.freeze({ kind, id });
    if (current === null) {
      pushNote(notes, wf.id, ref, e.id, 'no record was given');
      continue;
    }
    // enrollmentKey(wf.id, ref), its input known valid; made when needed (most events enroll nothing).
    let key: string | null = null;
    let was: WorkflowEnrollment | undefined;
    if (hasGiven || (lookUpChanged && keys !== null)) {
      key = `${wf.id}/${kind}:${id}`;
      const at = lookUpChanged && keys !== null ? keys.lastIndexOf(key) : -1;
      was = at >= 0 ? enrolled![at] : enrollmentIn(given, key);
    }
    if (wf.trigger.type === 'scheduled') {
      const next = planSchedule(wf, e, current, was, asOf, ev.depth, ref, plans, notes);
      if (next !== undefined) {
        (keys ??= []).push(key ?? `${wf.id}/${kind}:${id}`);
        (enrolled ??= []).push(next);
      }
      continue;
    }
    if (was?.status === 'active') {
      pushNote(notes, wf.id, ref, e.id, `already enrolled (waiting at ${was.waitingAt ?? 'a step'})`);
      continue;
    }
    if (was !== undefined && !wf.reenrollment) {
      pushNote(notes, wf.id, ref, e.id, 'already went through this workflow, and re-enrollment is off');
      continue;
    }
    if (wf.runPolicy === 'first_save' && previous !== null) {
      pushNote(notes, wf.id, ref, e.id, "run policy first_save: not the record's creation");
      continue;
    }
    if (wf.condition !== null && !holds(wf.condition, current, asOf, previous)) {
      pushNote(notes, wf.id, ref, e.id, 'the condition did not hold');
      continue;
    }
    if (
      wf.runPolicy === 'on_entering' &&
      wf.condition !== null &&
      previous !== null &&
      holds(wf.condition, previous, asOf, previous)
    ) {
      pushNote(notes, wf.id, ref, e.id, 'run policy on_entering: the previous version already met the condition');
      continue;
    }
    if (wf.suppression !== null && holds(wf.suppression, current, asOf, null)) {
      pushNote(notes, wf.id, ref, e.id, 'suppressed: the record meets the suppression condition');
      continue;
    }
    if (wf.goal !== null && holds(wf.goal, current, asOf, null)) {
      pushNote(notes, wf.id, ref, e.id, 'the goal is already met');
      continue;
    }
    const because = [firedText(wf, e, before, after)];
    if (wf.condition !== null) heldParts('condition', wf.condition, current, asOf, previous, because);
    if (wf.runPolicy !== 'every_time') because.push(`run policy ${wf.runPolicy}`);
    const waitingAt = walk({
      wf,
      internals: internalsOf(wf)!,
      start: wf.steps[0]!.id,
      record: current,
      eventId: e.id,
      ref,
      depth: ev.depth,
      asOf: asOf.getTime(),
      pass: 0,
      because: Object.freeze(because),
      tools: hasAssign(wf) ? (tools ??= assignmentTools(o)) : NO_TOOLS,
      plans,
    });
    (keys ??= []).push(key ?? `${wf.id}/${kind}:${id}`);
    (enrolled ??= []).push(
      Object.freeze({
        workflowId: wf.id,
        record: ref,
        status: waitingAt === null ? ('done' as const) : ('active' as const),
        eventId: e.id,
        enrolledAt: new Date(asOf.getTime()),
        runs: (was?.runs ?? 0) + 1,
        waitingAt,
        pass: 0,
        exitReason: waitingAt === null ? 'finished' : null,
      }),
    );
  }
  return planning(plans, keys, enrolled, tools === null ? NONE : tools.changed, notes, asMap);
}

/**
 * A scheduled trigger: one `@schedule` delay plan at the date, replacing an earlier wait. Returns the
 * record's new enrollment in the workflow, or `undefined` when it is unchanged.
 */
function planSchedule(
  wf: Workflow,
  e: DomainEvent,
  current: Readonly<Record<string, unknown>>,
  before: WorkflowEnrollment | undefined,
  asOf: Date,
  depth: number,
  ref: { readonly kind: EntityKind; readonly id: string },
  plans: WorkflowPlan[],
  notes: WorkflowNote[],
): WorkflowEnrollment | undefined {
  if (before?.status === 'active' && before.waitingAt !== '@schedule') {
    pushNote(notes, wf.id, ref, e.id, `already enrolled (waiting at ${before.waitingAt ?? 'a step'})`);
    return undefined;
  }
  if (before?.status === 'done' && !wf.reenrollment) {
    pushNote(notes, wf.id, ref, e.id, 'already went through this workflow, and re-enrollment is off');
    return undefined;
  }
  const t = wf.trigger as { field?: string; offset?: string; noActivityFor?: string };
  const field = t.field ?? 'updatedAt';
  const at = scheduledAt(wf, current);
  const waiting = before?.status === 'active';
  const stop = (reason: string): WorkflowEnrollment | undefined => {
    pushNote(notes, wf.id, ref, e.id, reason);
    return waiting
      ? Object.freeze({ ...before!, status: 'done' as const, waitingAt: null, exitReason: reason })
      : undefined;
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
  return Object.freeze({
    workflowId: wf.id,
    record: ref,
    status: 'active',
    eventId: e.id,
    enrolledAt: new Date(asOf.getTime()),
    runs: before?.runs ?? 0,
    waitingAt: '@schedule',
    pass: 0,
    exitReason: null,
  });
}
