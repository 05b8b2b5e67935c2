/**
 * `simulateWorkflow`: "test before live" — a workflow run over events, with its own writes fed back
 * and its delays come due in time order, without a side effect.
 *
 * @module
 */
import { nonFiniteAt } from './_finite.js';
import { CrmError, type CrmIssue } from '../core/errors.js';
import { checkOptionKeys, crmIssue } from '../core/issues.js';
import { ok, type Result } from '../core/result.js';
import type { DomainEvent } from '../core/events.js';
import { freezeCopy } from '../_lib/freeze.js';
import { diffRecords } from './diffRecords.js';
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
import { planWorkflows } from './planWorkflows.js';
import { continueWorkflow } from './continueWorkflow.js';
import { assignmentIssues, dateIssues, failed, isRecordObject } from './_planContext.js';
import { ownerField, STATUS_FIELDS } from './_selfTrigger.js';

/**
 * The most plans one simulation makes; past it the simulation stops, with a note.
 *
 * @example
 * ```ts
 * MAX_SIMULATED_PLANS; //=> 10000
 * ```
 */
export const MAX_SIMULATED_PLANS = 10_000;

/**
 * Options of {@link simulateWorkflow}.
 *
 * @example
 * ```ts
 * const o: SimulateWorkflowOptions = { records: { l1: { id: 'l1', status: 'mql', version: 1 } }, asOf: new Date('2026-03-09T00:00:00Z') };
 * ```
 */
export interface SimulateWorkflowOptions {
  /** The records as they are before the first event, by record id. */
  readonly records?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  /** Where the simulation ends: plans due later are `pending`. */
  readonly asOf: Date;
  /** Members of the teams `assign` steps name. */
  readonly teams?: Readonly<Record<string, readonly string[]>>;
  /** Open items per user, for `least_busy`. */
  readonly openCounts?: Readonly<Record<string, number>>;
}

/**
 * The trace of a simulation.
 *
 * @example
 * ```ts
 * declare const t: WorkflowTrace;
 * t.executed.map((p) => `${p.runAt.toISOString()} ${p.stepId}`);
 * ```
 */
export interface WorkflowTrace {
  /** The plans that ran, in time order (a delay "runs" when it comes due). */
  readonly executed: readonly WorkflowPlan[];
  /** Plans due after `asOf`. */
  readonly pending: readonly WorkflowPlan[];
  /** Every event simulated, in time order: the given ones and those the workflow's writes made. */
  readonly events: readonly DomainEvent[];
  /** Why the workflow did not enroll or stopped, event by event. */
  readonly notes: readonly WorkflowNote[];
  /** The records at the end, by id, with the workflow's writes applied. */
  readonly records: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  /** The enrollments at the end. */
  readonly enrollments: WorkflowEnrollments;
}

type Rec = Readonly<Record<string, unknown>>;
type Item =
  | { readonly at: number; readonly seq: number; readonly kind: 'event'; readonly event: DomainEvent }
  | { readonly at: number; readonly seq: number; readonly kind: 'due'; readonly plan: WorkflowPlan };

/** A record with JSON changes applied (dates of the catalog read back as Dates). */
function applied(base: Rec | null, changes: readonly { field: string; to: unknown }[], types: Rec): Rec {
  const out: Record<string, unknown> = { ...(base ?? {}) };
  for (const c of changes) {
    if (c.field === '__proto__') continue;
    const v = types[c.field] === 'date' && typeof c.to === 'string' ? new Date(c.to) : c.to;
    out[c.field] = v;
  }
  return out;
}

/**
 * Runs a workflow over events without a side effect: the seeds' "test before live". Events are taken
 * in time order (`at`); each is planned with `planWorkflows` on the record as the simulation holds it
 * (`payload.record` when the event carries it, else `records[id]` with `payload.changes` applied).
 * Plans due by `asOf` run in time order: a `set_field` or `assign` writes its patch to the simulated
 * record and the write is fed back as `<kind>_updated` (and `_assigned` / `_status_changed`) events
 * with `causedBy`, exactly as a store with record events would append them; a `delay` that comes due is
 * continued with `continueWorkflow`. Nothing else is executed. At most {@link MAX_SIMULATED_PLANS}
 * plans are made.
 *
 * Never throws for its input: anything `planWorkflows` refuses (or options of the wrong form) gives
 * `validation_failed`, the path saying which event.
 *
 * @param workflow - The workflow to try.
 * @param events - Record events, in any order.
 * @param options - The records before the first event and where to stop.
 * @returns The trace.
 * @example
 * ```ts
 * const wf = unwrap(defineWorkflow({
 *   id: 'tag-sql', name: 'Mark SQLs', enabled: true, object: 'lead', trigger: { type: 'status_changed' },
 *   condition: { changedTo: 'status', value: 'qualified' },
 *   steps: [{ id: 'mark', type: 'set_field', params: { patch: { qualification: 'mql' } } }],
 * }));
 * const t = simulateWorkflow(wf, [{ id: 'lead:l1@2', type: 'lead_status_changed', at: new Date('2026-03-02T09:00:00Z'), by: 'u1',
 *   aggregate: { kind: 'lead', id: 'l1' }, payload: { version: 2, changes: [{ field: 'status', from: 'contacted', to: 'qualified' }] } }],
 *   { records: { l1: { id: 'l1', status: 'contacted', version: 1 } }, asOf: new Date('2026-03-03T00:00:00Z') });
 * if (t.ok) t.value.records['l1']?.['qualification']; //=> 'mql'
 * ```
 */
export function simulateWorkflow(
  workflow: Workflow,
  events: readonly DomainEvent[],
  options: SimulateWorkflowOptions,
): Result<WorkflowTrace> {
  try {
    return simulate(workflow, events, options);
  } catch (e) {
    if (e instanceof CrmError && e.code === 'validation_failed') return failed('simulateWorkflow', [...e.issues]);
    // An input whose getters throw (or a proxy): data the planner cannot read.
    return failed('simulateWorkflow', [crmIssue.of('custom', [], 'the input could not be read (a getter threw)')]);
  }
}

function simulate(workflow: unknown, events: unknown, options: unknown): Result<WorkflowTrace> {
  const issues: CrmIssue[] = checkOptionKeys(options, ['records', 'asOf', 'teams', 'openCounts']);
  const internals = internalsOf(workflow);
  if (internals === undefined)
    issues.push(crmIssue.invalidType(['workflow'], 'a Workflow made by defineWorkflow', workflow));
  if (!Array.isArray(events)) issues.push(crmIssue.invalidType(['events'], 'a list of events', events));
  else if (events.length > 100_000)
    issues.push(crmIssue.tooBig(['events'], 'a simulation', 100_000, true, `${events.length} events`));
  else
    events.forEach((e, i) => {
      if (!isRecordObject(e) || !(e['at'] instanceof Date) || !Number.isFinite(e['at'].getTime()))
        issues.push(crmIssue.invalidType(['events', i], 'an event with a valid `at`', e));
      else {
        // A payload's values reach the simulated records: none may be NaN, ±Infinity or an invalid Date.
        const bad = nonFiniteAt(e['payload'], ['events', i, 'payload'], 0);
        if (bad !== undefined)
          issues.push(
            crmIssue.invalidValue(bad.path, 'an event value must be finite (a number, or a valid Date)', bad.value),
          );
      }
    });
  if (!isRecordObject(options)) {
    if (issues.length === 0) issues.push(crmIssue.invalidType([], 'options { records?, asOf }', options));
    return failed('simulateWorkflow', issues);
  }
  const o = options;
  issues.push(...dateIssues(o['asOf'], ['asOf']));
  const given = o['records'];
  if (given !== undefined && given !== null) {
    if (!isRecordObject(given)) issues.push(crmIssue.invalidType(['records'], 'records by id', given));
    else
      for (const [id, r] of Object.entries(given)) {
        if (!isRecordObject(r)) issues.push(crmIssue.invalidType(['records', id], 'a record', r));
        else {
          const bad = nonFiniteAt(r, ['records', id], 0);
          if (bad !== undefined)
            issues.push(
              crmIssue.invalidValue(bad.path, 'a record value must be finite (a number, or a valid Date)', bad.value),
            );
        }
      }
  }
  issues.push(...assignmentIssues(o));
  if (issues.length > 0) return failed('simulateWorkflow', issues);

  const wf = workflow as Workflow;
  const types = internals!.catalog.fields as Rec;
  const asOf = (o['asOf'] as Date).getTime();
  const records = new Map<string, Rec | null>(Object.entries((given ?? {}) as Record<string, Rec>));
  /** The highest version of each record seen, so the workflow's writes get new event ids. */
  const versions = new Map<string, number>();
  const lastWrite = new Map<string, { version: unknown; before: Rec | null; after: Rec | null }>();
  // Kept in a Map: each event costs what it changed (an object merged with spread copies it all).
  const enrollments = new Map<string, WorkflowEnrollment>();
  let assignments: WorkflowAssignments = {};
  const executed: WorkflowPlan[] = [];
  const pending: WorkflowPlan[] = [];
  const seen: DomainEvent[] = [];
  const notes: WorkflowNote[] = [];
  const queue: Item[] = [];
  let seq = 0;
  let made = 0;
  const push = (item: Item) => {
    let lo = 0;
    let hi = queue.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const q = queue[mid]!;
      if (q.at < item.at || (q.at === item.at && q.seq < item.seq)) lo = mid + 1;
      else hi = mid;
    }
    queue.splice(lo, 0, item);
  };
  const schedule = (plans: readonly WorkflowPlan[]): boolean => {
    for (const p of plans) {
      if (++made > MAX_SIMULATED_PLANS) return false;
      if (p.runAt.getTime() > asOf) pending.push(p);
      else push({ at: p.runAt.getTime(), seq: seq++, kind: 'due', plan: p });
    }
    return true;
  };
  const extra = { teams: o['teams'] ?? undefined, openCounts: o['openCounts'] ?? undefined };
  const sorted = (events as DomainEvent[])
    .map((e, i) => ({ e, i }))
    .sort((a, b) => a.e.at.getTime() - b.e.at.getTime() || a.i - b.i);
  for (const { e } of sorted) push({ at: e.at.getTime(), seq: seq++, kind: 'event', event: e });

  let stopped = false;
  while (queue.length > 0 && !stopped) {
    const item = queue.shift()!;
    if (item.kind === 'event') {
      const e = item.event;
      seen.push(e);
      const id = e.aggregate?.id;
      const kind = e.aggregate?.kind;
      const payload = (isRecordObject(e.payload) ? e.payload : {}) as Rec;
      const action = typeof e.type === 'string' && typeof kind === 'string' ? e.type.slice(kind.length + 1) : '';
      const current = records.get(id) ?? null;
      let before: Rec | null = current;
      let after: Rec | null;
      const last = lastWrite.get(id);
      if (
        (action === 'assigned' || action === 'status_changed') &&
        last !== undefined &&
        last.version === payload['version']
      ) {
        before = last.before;
        after = last.after;
      } else if (isRecordObject(payload['record'])) after = payload['record'];
      else if (action === 'deleted') after = null;
      else
        after = applied(
          action === 'created' ? null : current,
          Array.isArray(payload['changes']) ? (payload['changes'] as { field: string; to: unknown }[]) : [],
          types,
        );
      if (after !== null && after !== payload['record'] && typeof payload['version'] === 'number')
        after = { ...after, version: payload['version'] };
      if (action === 'created') before = null;
      lastWrite.set(id, { version: payload['version'], before, after });
      if (typeof payload['version'] === 'number') versions.set(id, Math.max(versions.get(id) ?? 0, payload['version']));
      records.set(id, after);
      const r = planWorkflows([wf], e, {
        record: after,
        previous: before,
        enrollments,
        assignments,
        asOf: e.at,
        ...(extra.teams === undefined ? {} : { teams: extra.teams as Readonly<Record<string, readonly string[]>> }),
        ...(extra.openCounts === undefined ? {} : { openCounts: extra.openCounts as Readonly<Record<string, number>> }),
      });
      if (!r.ok) {
        const index = (events as DomainEvent[]).indexOf(e);
        return failed(
          'simulateWorkflow',
          r.error.issues.map((i) => ({ ...i, path: index >= 0 ? ['events', index, ...i.path] : i.path })),
        );
      }
      for (const [k, v] of r.value.enrollments) enrollments.set(k, v);
      assignments = { ...assignments, ...r.value.assignments };
      notes.push(...r.value.notes);
      if (!schedule(r.value.plans)) stopped = true;
      continue;
    }
    const plan = item.plan;
    executed.push(plan);
    const id = plan.record.id;
    if (plan.type === 'delay') {
      const key = enrollmentKey(wf.id, plan.record);
      const c = continueWorkflow(wf, plan, {
        record: records.get(id) ?? null,
        asOf: plan.runAt,
        assignments,
        ...(enrollments.has(key) ? { enrollment: enrollments.get(key)! } : {}),
        ...(extra.teams === undefined ? {} : { teams: extra.teams as Readonly<Record<string, readonly string[]>> }),
        ...(extra.openCounts === undefined ? {} : { openCounts: extra.openCounts as Readonly<Record<string, number>> }),
      });
      if (!c.ok) return c;
      if (c.value.enrollments !== undefined)
        for (const [k, v] of Object.entries(c.value.enrollments)) enrollments.set(k, v);
      assignments = { ...assignments, ...c.value.assignments };
      notes.push(...c.value.notes);
      if (!schedule(c.value.plans)) stopped = true;
      continue;
    }
    const patch = plan.params['patch'];
    const current = records.get(id) ?? null;
    if (!isRecordObject(patch) || current === null) continue;
    const next = applied(
      current,
      Object.entries(patch).map(([field, to]) => ({ field, to })),
      types,
    );
    const v = current['version'];
    const version = Math.max(typeof v === 'number' ? v : 0, versions.get(id) ?? 0) + 1;
    versions.set(id, version);
    const written = { ...next, ...(typeof v === 'number' ? { version } : {}) };
    const changes = diffRecords(plan.record.kind, current, written);
    if (changes.length === 0) continue;
    records.set(id, written);
    lastWrite.set(id, { version, before: current, after: written });
    const base = `${plan.record.kind}:${id}@${String(version)}`;
    const payload = { version, changes, causedBy: { workflowId: wf.id, depth: plan.depth } };
    const make = (action: string, suffix: string): DomainEvent => ({
      id: `${base}${suffix}`,
      type: `${plan.record.kind}_${action}`,
      at: new Date(plan.runAt.getTime()),
      by: null,
      aggregate: plan.record,
      payload,
    });
    const follow = [make('updated', '')];
    if (changes.some((c) => c.field === ownerField(plan.record.kind))) follow.push(make('assigned', '/assigned'));
    if (changes.some((c) => STATUS_FIELDS.includes(c.field))) follow.push(make('status_changed', '/status_changed'));
    for (const ev of follow) push({ at: ev.at.getTime(), seq: seq++, kind: 'event', event: ev });
  }
  if (stopped)
    notes.push(
      Object.freeze({
        workflowId: wf.id,
        record: executed.at(-1)?.record ?? { kind: wf.object, id: '' },
        eventId: executed.at(-1)?.eventId ?? '',
        reason: `simulation stopped after ${MAX_SIMULATED_PLANS} plans`,
      }),
    );
  pending.push(...queue.filter((q): q is Extract<Item, { kind: 'due' }> => q.kind === 'due').map((q) => q.plan));
  const finalRecords: Record<string, Rec> = {};
  for (const [id, r] of records)
    if (r !== null)
      Object.defineProperty(finalRecords, id, { value: r, enumerable: true, writable: true, configurable: true });
  return ok(
    Object.freeze({
      executed: Object.freeze(executed),
      pending: Object.freeze(pending),
      events: Object.freeze(seen),
      notes: Object.freeze(notes),
      records: freezeCopy(finalRecords),
      enrollments: Object.freeze(Object.fromEntries(enrollments)),
    }),
  );
}
