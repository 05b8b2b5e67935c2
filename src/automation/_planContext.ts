/**
 * What planWorkflows and continueWorkflow share: checking their inputs (never a throw), evaluating a
 * workflow's conditions fast, and the words of `because`.
 *
 * @module
 */
import type { CrmError, CrmIssue, PathSegment } from '../core/errors.js';
import { crmIssue, invalidInput } from '../core/issues.js';
import { err, type Err } from '../core/result.js';
import type { AnyCondition } from '../conditions/define.js';
import { bindCondition } from '../conditions/bind.js';
import { compileBound, explainCondition } from '../conditions/evaluate.js';
import type { ConditionContext } from '../conditions/types.js';
import { instantOf } from '../conditions/evaluate.js';
import { parseIsoDuration, shiftInstantOrNaN } from '../conditions/values.js';
import type { Workflow, WorkflowAssignments, WorkflowEnrollment, WorkflowEnrollments } from './workflow.js';
import type { AssignmentTools } from './_walk.js';

type Pred = (record: unknown, context: ConditionContext) => boolean;
const COMPILED = /* @__PURE__ */ new WeakMap<object, Pred | null>();

/** Whether a condition holds for a record (compiled once when it reads no `asOf`). */
export function holds(c: AnyCondition, record: unknown, asOf: Date, previous: unknown): boolean {
  let p = COMPILED.get(c);
  if (p === undefined) {
    p = c.requires.includes('asOf') ? null : compileBound(bindCondition(c, {}), c.catalog);
    COMPILED.set(c, p);
  }
  if (p !== null) return p(record, { previous });
  return compileBound(bindCondition(c, { asOf }), c.catalog)(record, { asOf, previous });
}

/** The parts of a condition that held, in words, each prefixed with `label`. */
export function heldParts(label: string, c: AnyCondition, record: unknown, asOf: Date, previous: unknown): string[] {
  const e = explainCondition(c, record, { asOf, previous });
  if (e.kind === 'all' && e.parts !== undefined && e.parts.length > 0)
    return e.parts.filter((p) => p.result).map((p) => `${label}: ${p.detail}`);
  return [`${label}: ${e.detail}`];
}

/** A plain record object (not an array, not a Date). */
export function isRecordObject(v: unknown): v is Readonly<Record<string, unknown>> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);
}

/** A validation_failed Result for `what` with these issues. */
export function failed(what: string, issues: CrmIssue[]): Err<CrmError> {
  return err(invalidInput(what, issues));
}

/** Issues of a Date that must be valid. */
export function dateIssues(v: unknown, path: PathSegment[]): CrmIssue[] {
  return v instanceof Date && Number.isFinite(v.getTime()) ? [] : [crmIssue.invalidDate(path, v)];
}

/** Issues of an enrollments state; the state itself when fine. */
export function enrollmentIssues(v: unknown, path: PathSegment[]): CrmIssue[] {
  if (v === undefined || v === null) return [];
  if (!isRecordObject(v)) return [crmIssue.invalidType(path, 'enrollments by key (an object)', v)];
  for (const [k, e] of Object.entries(v))
    if (!isEnrollment(e)) return [crmIssue.invalidType([...path, k], 'a WorkflowEnrollment', e)];
  return [];
}

/** Whether `e` looks like a WorkflowEnrollment. */
export function isEnrollment(e: unknown): e is WorkflowEnrollment {
  if (!isRecordObject(e)) return false;
  return (
    typeof e['workflowId'] === 'string' &&
    isRecordObject(e['record']) &&
    (e['status'] === 'active' || e['status'] === 'done') &&
    typeof e['eventId'] === 'string' &&
    Number.isSafeInteger(e['runs']) &&
    Number.isSafeInteger(e['pass']) &&
    (e['waitingAt'] === null || typeof e['waitingAt'] === 'string')
  );
}

/** Issues of the options that steer assignment (`assignments`, `teams`, `openCounts`). */
export function assignmentIssues(o: Readonly<Record<string, unknown>>): CrmIssue[] {
  const issues: CrmIssue[] = [];
  const a = o['assignments'];
  if (a !== undefined && a !== null) {
    if (!isRecordObject(a)) issues.push(crmIssue.invalidType(['assignments'], 'round-robin positions by key', a));
    else
      for (const [k, s] of Object.entries(a))
        if (!isRecordObject(s) || typeof s['last'] !== 'string')
          issues.push(crmIssue.invalidType(['assignments', k], 'a round-robin state { last }', s));
  }
  const t = o['teams'];
  if (t !== undefined && t !== null) {
    if (!isRecordObject(t)) issues.push(crmIssue.invalidType(['teams'], 'member ids by team id', t));
    else
      for (const [k, m] of Object.entries(t))
        if (!Array.isArray(m) || m.some((x) => typeof x !== 'string'))
          issues.push(crmIssue.invalidType(['teams', k], 'a list of user ids', m));
  }
  const c = o['openCounts'];
  if (c !== undefined && c !== null) {
    if (!isRecordObject(c)) issues.push(crmIssue.invalidType(['openCounts'], 'open items by user id', c));
    else
      for (const [k, n] of Object.entries(c))
        if (typeof n !== 'number' || !Number.isFinite(n) || n < 0)
          issues.push(crmIssue.invalidType(['openCounts', k], 'a non-negative finite number', n));
  }
  return issues;
}

/** The assignment tools of a planning call. */
export function assignmentTools(o: Readonly<Record<string, unknown>>): AssignmentTools {
  const counts = new Map<string, number>();
  const c = o['openCounts'];
  if (isRecordObject(c)) for (const [k, n] of Object.entries(c)) counts.set(k, n as number);
  return {
    given: (isRecordObject(o['assignments']) ? o['assignments'] : {}) as WorkflowAssignments,
    changed: {},
    teams: (isRecordObject(o['teams']) ? o['teams'] : {}) as Readonly<Record<string, readonly string[]>>,
    openCounts: counts,
  };
}

/** An enrollment from a state, read safely (own keys only). */
export function enrollmentIn(state: WorkflowEnrollments | undefined, key: string): WorkflowEnrollment | undefined {
  return state !== undefined && Object.hasOwn(state, key) ? state[key] : undefined;
}

/**
 * The instant a scheduled trigger fires for a record, or `null` when the record has no such date:
 * the date field ± the offset, or the activity date + `noActivityFor`.
 */
export function scheduledAt(wf: Workflow, record: Readonly<Record<string, unknown>>): number | null {
  const t = wf.trigger;
  if (t.type !== 'scheduled') return null;
  const inactive = 'noActivityFor' in t;
  const field = inactive ? (t.field ?? 'updatedAt') : t.field;
  const base = instantOf(record[field]);
  if (!Number.isFinite(base)) return null;
  const offset = inactive ? t.noActivityFor : t.offset;
  if (offset === undefined) return base;
  const at = shiftInstantOrNaN(base, parseIsoDuration(offset)!);
  return Number.isNaN(at) ? null : at;
}

/** A value for `because`: short text. */
export function shown(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'string') return `'${v.length > 40 ? `${v.slice(0, 37)}...` : v}'`;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return typeof v === 'object' && typeof (v as { amount?: unknown }).amount === 'string'
    ? `${(v as { amount: string }).amount} ${String((v as { currency?: unknown }).currency)}`
    : Array.isArray(v)
      ? `[${v.length} items]`
      : '{…}';
}
