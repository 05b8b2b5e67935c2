/**
 * Walking a workflow's steps from one step up to and including the first `delay`: the plans, with
 * branches decided and owners, tasks' due dates and assignments resolved on the record as given.
 *
 * @module
 */
import type { EntityKind } from '../core/ids.js';
import type { ConditionContext } from '../conditions/types.js';
import { evaluateCondition } from '../conditions/evaluate.js';
import { parseIsoDuration, shiftInstantOrNaN, type IsoDuration } from '../conditions/values.js';
import type { JsonValue, WorkflowPlan } from './types.js';
import type { RoundRobinState, Workflow, WorkflowAssignments, WorkflowStep } from './workflow.js';
import type { WorkflowInternals } from './_registry.js';
import { addBusinessDays, shiftIntoWindow } from './_window.js';
import { roundRobin } from './roundRobin.js';
import { leastBusy } from './leastBusy.js';
import { ownerField } from './_selfTrigger.js';
import { isoText } from './_iso.js';

/** What assignment steps read and write while planning. */
export interface AssignmentTools {
  /** Round-robin positions given by the caller. */
  readonly given: WorkflowAssignments;
  /** Positions changed while planning (the result's `assignments`). */
  readonly changed: Record<string, RoundRobinState>;
  /** Team id → member ids. */
  readonly teams: Readonly<Record<string, readonly string[]>>;
  /** Open items per user, with what this planning call assigned added. */
  readonly openCounts: Map<string, number>;
}

/** Where a walk starts and what it is for. */
export interface WalkInput {
  readonly wf: Workflow;
  readonly internals: WorkflowInternals;
  readonly start: string | null;
  readonly record: Readonly<Record<string, unknown>>;
  readonly eventId: string;
  readonly ref: { readonly kind: EntityKind; readonly id: string };
  readonly depth: number;
  readonly asOf: number;
  readonly pass: number;
  readonly because: readonly string[];
  readonly tools: AssignmentTools;
  /** Where the plans go (appended in step order). */
  readonly plans: WorkflowPlan[];
}

function owner(record: Readonly<Record<string, unknown>>, field: string): string | null {
  const o = record[field];
  return typeof o === 'string' && o.length > 0 ? o : null;
}

/** `'owner'`, a user id, or a list of them, as user ids (repeats and an absent owner left out). */
function resolveUsers(v: JsonValue | undefined, record: Readonly<Record<string, unknown>>, field: string): string[] {
  if (!Array.isArray(v)) {
    const id = v === 'owner' ? owner(record, field) : typeof v === 'string' ? v : null;
    return id === null ? [] : [id];
  }
  const out: string[] = [];
  for (const u of v as readonly JsonValue[]) {
    const id = u === 'owner' ? owner(record, field) : typeof u === 'string' ? u : null;
    if (id !== null && !out.includes(id)) out.push(id);
  }
  return out;
}

/** Durations of steps, parsed once per step (the definition is frozen and checked). */
const DURATIONS = /* @__PURE__ */ new WeakMap<object, IsoDuration>();

/** The step's duration parameter `name`, parsed (defineWorkflow checked it). */
function durationOf(step: WorkflowStep, name: string): IsoDuration {
  let d = DURATIONS.get(step);
  if (d === undefined) {
    d = parseIsoDuration(step.params[name])!;
    DURATIONS.set(step, d);
  }
  return d;
}

/** The key of a plan: unique per (workflow, event, step), and per pass through a delay loop. */
export function planKey(workflowId: string, eventId: string, stepId: string, pass: number): string {
  return pass > 0 ? `${workflowId}:${eventId}:${stepId}#${pass}` : `${workflowId}:${eventId}:${stepId}`;
}

/**
 * The parameters of plans of steps whose parameters do not depend on the record (`set_field`,
 * `webhook`, host actions, a `delay` on the first pass), made and frozen once per step and shared by all its plans (they are
 * frozen, so sharing them is safe).
 */
const FIXED_PARAMS = /* @__PURE__ */ new WeakMap<object, { readonly [key: string]: JsonValue }>();

/** The frozen parameters of a step whose plans' parameters are fixed by its definition. */
function fixedParams(step: WorkflowStep): { readonly [key: string]: JsonValue } {
  let params = FIXED_PARAMS.get(step);
  if (params === undefined) {
    const p = step.params;
    let made: Record<string, JsonValue>;
    if (step.type === 'set_field') made = { patch: p['patch']! };
    else if (step.type === 'delay') made = { duration: p['duration']!, pass: 0 };
    else if (step.type === 'webhook') {
      made = { url: p['url']!, method: p['method'] ?? 'POST' };
      if (p['body'] !== undefined) made['body'] = p['body'];
      if (p['headers'] !== undefined) made['headers'] = p['headers'];
    } else made = p as Record<string, JsonValue>;
    params = Object.isFrozen(made) ? made : Object.freeze(made);
    FIXED_PARAMS.set(step, params);
  }
  return params;
}

/** Appends the frozen plan of a step (`params` frozen by the caller). */
function emit(
  input: WalkInput,
  step: WorkflowStep,
  type: string,
  params: { readonly [key: string]: JsonValue },
  when: number,
  because: readonly string[],
): void {
  input.plans.push(
    Object.freeze({
      workflowId: input.wf.id,
      stepId: step.id,
      type,
      params,
      runAt: new Date(when),
      idempotencyKey: planKey(input.wf.id, input.eventId, step.id, input.pass),
      because,
      eventId: input.eventId,
      record: input.ref,
      depth: input.depth,
    }),
  );
}

/**
 * Plans the steps from `input.start` up to and including the first delay, into `input.plans`.
 * Returns the delay it stopped at, or `null` when the workflow finished.
 */
export function walk(input: WalkInput): string | null {
  const { wf, internals, asOf, pass, tools } = input;
  let because = input.because;
  let record = input.record;
  const runAt = shiftIntoWindow(asOf, wf.window);
  const ownerAt = ownerField(wf.object);
  let context: ConditionContext | undefined;
  let at: string | null = input.start;
  // No cycle without a delay (defineWorkflow), so a pass visits each step at most once.
  for (let guard = 0; at !== null && guard <= internals.steps.size; guard++) {
    const step: WorkflowStep = internals.steps.get(at)!;
    if (step.type === 'branch') {
      const ctx = (context ??= { asOf: new Date(asOf) });
      const i = step.branches.findIndex((b) => evaluateCondition(b.when, record, ctx));
      const next = i >= 0 ? step.branches[i]!.next : step.otherwise;
      because = Object.freeze([
        ...because,
        `branch ${step.id}: ${i >= 0 ? `way ${i + 1} held` : 'no way held, otherwise'} → ${next ?? 'end'}`,
      ]);
      at = next;
      continue;
    }
    const p = step.params;
    switch (step.type) {
      case 'delay': {
        const resume = shiftIntoWindow(shiftInstantOrNaN(asOf, durationOf(step, 'duration')), wf.window);
        const params = pass === 0 ? fixedParams(step) : Object.freeze({ duration: p['duration']!, pass });
        emit(input, step, 'delay', params, Number.isNaN(resume) ? asOf : resume, because);
        return step.id;
      }
      case 'set_field': {
        const patch = p['patch'] as { readonly [key: string]: JsonValue };
        emit(input, step, 'set_field', fixedParams(step), runAt, because);
        record = { ...record, ...patch };
        break;
      }
      case 'create_task': {
        let due: number | null = null;
        if (typeof p['dueIn'] === 'string') due = shiftInstantOrNaN(runAt, durationOf(step, 'dueIn'));
        else if (typeof p['dueInBusinessDays'] === 'number')
          due = addBusinessDays(runAt, p['dueInBusinessDays'], wf.window);
        const assignTo =
          p['assignTo'] === undefined
            ? owner(record, ownerAt)
            : (resolveUsers(p['assignTo'], record, ownerAt)[0] ?? null);
        const params: Record<string, JsonValue> = { subject: p['subject']! };
        if (p['description'] !== undefined) params['description'] = p['description'];
        params['dueAt'] = due === null || Number.isNaN(due) ? null : isoText(due);
        params['assignTo'] = assignTo;
        emit(input, step, 'create_task', Object.freeze(params), runAt, because);
        break;
      }
      case 'notify': {
        const params: Record<string, JsonValue> = {
          to: Object.freeze(resolveUsers(p['to'], record, ownerAt)),
          message: p['message']!,
        };
        if (p['channel'] !== undefined) params['channel'] = p['channel'];
        emit(input, step, 'notify', Object.freeze(params), runAt, because);
        break;
      }
      case 'request_approval': {
        const params: Record<string, JsonValue> = {
          approvers: Object.freeze(resolveUsers(p['approvers'], record, ownerAt)),
        };
        if (p['message'] !== undefined) params['message'] = p['message'];
        emit(input, step, 'request_approval', Object.freeze(params), runAt, because);
        break;
      }
      case 'assign': {
        const candidates =
          typeof p['team'] === 'string'
            ? Object.hasOwn(tools.teams, p['team'])
              ? (tools.teams[p['team']] ?? [])
              : []
            : (p['users'] as readonly string[]);
        let userId: string | null;
        if (p['strategy'] === 'round_robin') {
          const key = `${wf.id}/${step.id}`;
          const state = Object.hasOwn(tools.changed, key)
            ? tools.changed[key]
            : Object.hasOwn(tools.given, key)
              ? tools.given[key]
              : undefined;
          const r = roundRobin(candidates, state);
          userId = r.userId;
          if (r.state !== undefined && userId !== null) tools.changed[key] = r.state;
        } else {
          userId = leastBusy(candidates, Object.fromEntries(tools.openCounts)).userId;
          if (userId !== null) tools.openCounts.set(userId, (tools.openCounts.get(userId) ?? 0) + 1);
        }
        if (userId === null) {
          because = Object.freeze([...because, `assign ${step.id}: no user to choose from; the owner is unchanged`]);
          break;
        }
        emit(
          input,
          step,
          'assign',
          Object.freeze({ strategy: p['strategy']!, userId, patch: Object.freeze({ [ownerAt]: userId }) }),
          runAt,
          because,
        );
        record = { ...record, [ownerAt]: userId };
        break;
      }
      case 'webhook': {
        emit(input, step, 'webhook', fixedParams(step), runAt, because);
        break;
      }
      default:
        emit(input, step, step.type, fixedParams(step), runAt, because);
    }
    at = step.next;
  }
  return null;
}
