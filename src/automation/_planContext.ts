/**
 * What planWorkflows and continueWorkflow share: checking their inputs (never a throw), evaluating a
 * workflow's conditions fast, and the words of `because`.
 *
 * @module
 */
import { CrmError, type CrmIssue, type PathSegment } from '../core/errors.js';
import { crmIssue, invalidInput } from '../core/issues.js';
import { err, type Err } from '../core/result.js';
import type { AnyCondition } from '../conditions/define.js';
import { bindCondition } from '../conditions/bind.js';
import { compileBound } from '../conditions/evaluate.js';
import { defineCondition } from '../conditions/define.js';
import { changeTests } from '../conditions/extensions/changeTests.js';
import { unwrap } from '../core/result.js';
import type { ConditionContext } from '../conditions/types.js';
import { instantOf } from '../conditions/evaluate.js';
import { compareDecimal, parseIsoDuration, shiftInstantOrNaN } from '../conditions/values.js';
import type {
  Workflow,
  WorkflowAssignments,
  WorkflowEnrollment,
  WorkflowEnrollmentMap,
  WorkflowEnrollments,
} from './workflow.js';
import type { AssignmentTools } from './_walk.js';

type Pred = (record: unknown, context: ConditionContext) => boolean;

/** Conditions that read no `asOf`, compiled once (a nested change test's value test is compiled with them). */
const COMPILED = /* @__PURE__ */ new WeakMap<object, Pred>();
/** Conditions that read `asOf` (`$now`), compiled for the last instant they were evaluated at. */
const TIMED = /* @__PURE__ */ new WeakMap<object, { readonly at: number; readonly pred: Pred }>();

/** Whether a condition holds for a record (compiled once when it reads no `asOf`, else once per instant). */
export function holds(c: AnyCondition, record: unknown, asOf: Date, previous: unknown): boolean {
  if (!c.requires.includes('asOf')) {
    let pred = COMPILED.get(c);
    if (pred === undefined) {
      pred = compileBound(bindCondition(c, {}), c.catalog);
      COMPILED.set(c, pred);
    }
    return pred(record, { asOf, previous });
  }
  const at = asOf.getTime();
  let timed = TIMED.get(c);
  if (timed === undefined || timed.at !== at) {
    timed = { at, pred: compileBound(bindCondition(c, { asOf }), c.catalog) };
    TIMED.set(c, timed);
  }
  return timed.pred(record, { asOf, previous });
}

/** A condition's parts with their words (`condition: status eq 'won'`), made once per condition. */
const PARTS = /* @__PURE__ */ new WeakMap<
  object,
  {
    readonly label: string;
    readonly parts: readonly { readonly labelled: string; readonly cond: AnyCondition }[];
  }
>();

/** A condition value in words: text quoted, lists bracketed, the rest as JSON (bounded). */
function valueText(v: unknown): string {
  if (typeof v === 'string') return `'${v.length > 60 ? `${v.slice(0, 57)}...` : v}'`;
  if (Array.isArray(v)) return `[${v.slice(0, 10).map(valueText).join(', ')}${v.length > 10 ? ', …' : ''}]`;
  const j = v instanceof Date ? v.toISOString() : JSON.stringify(v);
  return j === undefined ? String(v) : j.length > 80 ? `${j.slice(0, 77)}...` : j;
}

/** One part of a condition in words: `status eq 'won'`, `stageId changed to 'won'`, or its JSON. */
function partText(j: unknown): string {
  const t = (j ?? {}) as Readonly<Record<string, unknown>>;
  if (typeof t['field'] === 'string') return `${t['field']} ${String(t['op'])} ${valueText(t['value'])}`;
  if (typeof t['changed'] === 'string') return `${t['changed']} changed`;
  if (typeof t['changedTo'] === 'string') return `${t['changedTo']} changed to ${valueText(t['value'])}`;
  if (typeof t['changedFrom'] === 'string') return `${t['changedFrom']} changed from ${valueText(t['value'])}`;
  const json = JSON.stringify(j) ?? '';
  return json.length > 200 ? `${json.slice(0, 197)}...` : json;
}

/**
 * The parts of a condition that held, in words, each prefixed with `label`, appended to `out`: the
 * parts of a top-level `all` that hold for the record, or the whole condition (which the caller knows
 * held). The words are made once per condition (and label), so explaining costs one test per part.
 */
export function heldParts(
  label: string,
  c: AnyCondition,
  record: unknown,
  asOf: Date,
  previous: unknown,
  out: string[],
): string[] {
  let cached = PARTS.get(c);
  if (cached === undefined || cached.label !== label) {
    const json = c.json as unknown;
    const all = (json as { all?: unknown }).all;
    const parts = Array.isArray(all)
      ? all.map((j) => ({
          labelled: `${label}: ${partText(j)}`,
          cond: unwrap(
            defineCondition(j as never, { entity: c.catalog, extensions: changeTests }),
          ) as unknown as AnyCondition,
        }))
      : [{ labelled: `${label}: ${partText(json)}`, cond: c }];
    cached = { label, parts };
    PARTS.set(c, cached);
  }
  const parts = cached.parts;
  if (parts.length === 1 && parts[0]!.cond === c) {
    out.push(parts[0]!.labelled);
    return out;
  }
  for (const p of parts) if (holds(p.cond, record, asOf, previous)) out.push(p.labelled);
  return out;
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

/**
 * Issues of an enrollments state: an object or a Map (its entries are checked when read, so a large
 * state costs nothing per event).
 */
export function enrollmentIssues(v: unknown, path: PathSegment[]): CrmIssue[] {
  if (v === undefined || v === null || isRecordObject(v)) return [];
  return [crmIssue.invalidType(path, 'enrollments by key (an object or a Map)', v)];
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
    (e['waitingAt'] === null || typeof e['waitingAt'] === 'string') &&
    typeof (e['record'] as Record<string, unknown>)['kind'] === 'string' &&
    typeof (e['record'] as Record<string, unknown>)['id'] === 'string' &&
    // A Date as the planner makes it, or its ISO text after a trip through JSON (a runner's ledger).
    ((e['enrolledAt'] instanceof Date && Number.isFinite(e['enrolledAt'].getTime())) ||
      (typeof e['enrolledAt'] === 'string' && Number.isFinite(Date.parse(e['enrolledAt'])))) &&
    (e['exitReason'] === undefined || e['exitReason'] === null || typeof e['exitReason'] === 'string')
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

/**
 * A read-only Map of these enrollments (keys and values side by side), frozen as immer freezes Maps:
 * its own `set`, `delete` and `clear` throw (no type-correct program calls them on the
 * `ReadonlyMap` it is typed as), and the Map is frozen, so they cannot be put back.
 * `Map.prototype.set.call(map, …)` would still change it: JavaScript has no frozen Map. The three are
 * plain own properties, as immer makes them: a subclass of Map, or the same three made not enumerable
 * with `defineProperties`, made planning 0.35–0.45× (of the hand loop) slower in the planner's
 * benchmark (measured 2026-12-07).
 */
export function frozenEnrollmentMap(
  keys: readonly string[],
  values: readonly WorkflowEnrollment[],
): WorkflowEnrollmentMap {
  const map = new Map<string, WorkflowEnrollment>();
  for (let i = 0; i < keys.length; i++) map.set(keys[i]!, values[i]!);
  const own = map as unknown as Record<'set' | 'delete' | 'clear', unknown>;
  own.set = refuseSet;
  own.delete = refuseDelete;
  own.clear = refuseClear;
  return Object.freeze(map);
}

function refuseSet(key: unknown): never {
  throw frozenMapError('set', key);
}
function refuseDelete(key: unknown): never {
  throw frozenMapError('delete', key);
}
function refuseClear(): never {
  throw frozenMapError('clear', undefined);
}

function frozenMapError(method: string, key: unknown): CrmError {
  const shown = key === undefined ? '' : typeof key === 'string' ? JSON.stringify(key) : String(key);
  const message = `the enrollments Map of a planning result is frozen, so ${method}(${shown}) is refused; keep your own state (state.set(key, enrollment) for each entry) or copy it with new Map(result.enrollments)`;
  return new CrmError('validation_failed', `enrollments: ${message}`, {
    issues: [{ path: ['enrollments'], message, code: 'custom' }],
  });
}

/**
 * An enrollment from a state, read safely (own keys only).
 *
 * @throws CrmError `validation_failed` when the entry is not an enrollment (the planners turn it into
 * their failed Result).
 */
export function enrollmentIn(
  state: WorkflowEnrollments | WorkflowEnrollmentMap | undefined,
  key: string,
): WorkflowEnrollment | undefined {
  let e: unknown;
  if (state === undefined) return undefined;
  if (state instanceof Map) {
    if (!state.has(key)) return undefined;
    e = state.get(key);
  } else {
    if (!Object.hasOwn(state, key)) return undefined;
    e = (state as WorkflowEnrollments)[key];
  }
  if (!isEnrollment(e))
    throw invalidInput('enrollments', [crmIssue.invalidType(['enrollments', key], 'a WorkflowEnrollment', e)]);
  return e;
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

/** True when `options` is a plain object with only allowed keys (the fast path before checkOptionKeys). */
export function knownKeys(options: unknown, allowed: readonly string[]): boolean {
  if (!isRecordObject(options)) return false;
  for (const k in options) if (!Object.hasOwn(options, k) || !allowed.includes(k)) return false;
  return true;
}

/**
 * Whether a field has the same value in two versions of a record, as `diffRecords` compares: `null`
 * and `undefined` alike, dates by instant, money by amount and currency, arrays and objects by content
 * (64 levels deep at most).
 */
export function sameFieldValue(a: unknown, b: unknown, depth = 0): boolean {
  if (a === b) return true;
  if (a === null || a === undefined || b === null || b === undefined) return (a ?? null) === (b ?? null);
  if (a instanceof Date || b instanceof Date)
    return a instanceof Date && b instanceof Date && a.getTime() === b.getTime();
  if (typeof a !== 'object' || typeof b !== 'object' || depth >= 64) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameFieldValue(a[i], b[i], depth + 1)) return false;
    return true;
  }
  const ra = a as Readonly<Record<string, unknown>>;
  const rb = b as Readonly<Record<string, unknown>>;
  if (isMoney(ra) && isMoney(rb))
    return ra['currency'] === rb['currency'] && compareDecimal(ra['amount'] as string, rb['amount'] as string) === 0;
  const keys = new Set([...Object.keys(ra), ...Object.keys(rb)]);
  for (const k of keys) if (!sameFieldValue(ra[k], rb[k], depth + 1)) return false;
  return true;
}

function isMoney(v: Readonly<Record<string, unknown>>): boolean {
  return (
    typeof v['amount'] === 'string' &&
    /^-?\d+(?:\.\d+)?$/.test(v['amount']) &&
    typeof v['currency'] === 'string' &&
    Object.keys(v).length === 2
  );
}
