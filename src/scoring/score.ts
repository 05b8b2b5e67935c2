/**
 * Scoring leads with a rule model: `scoreLead`, `scoreLeads`, `rankLeads`.
 *
 * @module
 */
import { CrmError, type PathSegment } from '../core/errors.js';
import { err, ok, unwrap, type Result } from '../core/result.js';
import { checkOptionKeys, crmIssue, invalidInput } from '../core/issues.js';
import {
  abortedError,
  readProgressOptions,
  runAsync,
  runSync,
  type ProgressOptions,
  type RunOutcome,
  type ScoringProgress,
} from './progress.js';
import type { LeadQualification } from '../entities/enums.js';
import { bindCondition, type BoundNode } from '../conditions/bind.js';
import { defineCondition } from '../conditions/define.js';
import { compileCondition, fieldReader, valueTest } from '../conditions/evaluate.js';
import { activityTests } from '../conditions/extensions/activityTests.js';
import type { ConditionContext } from '../conditions/types.js';
import {
  checkScoringModel,
  scoringCatalog,
  type ConditionValue,
  type DecaySpec,
  type ScoreAxis,
  type ScoringModel,
  type ScoringRule,
} from './model.js';

const DAY_MS = 86_400_000;

/**
 * What the scorer reads from an activity: the Activity entity fits, and so does any plain object with
 * these fields. `occurredAt` may be a Date, an ISO string or epoch milliseconds.
 *
 * @example
 * ```ts
 * const a: ScorableActivity = { kind: 'web', subject: 'Pricing page', occurredAt: '2026-01-05T10:00:00Z' };
 * ```
 */
export interface ScorableActivity {
  readonly kind: string;
  readonly channel?: string | null;
  readonly direction?: string | null;
  readonly action?: string | null;
  readonly subject?: string | null;
  readonly occurredAt: Date | string | number;
}

/**
 * Options of {@link scoreLead}: the instant the score is computed at (required; there is no hidden "now").
 *
 * @example
 * ```ts
 * const o: ScoreOptions = { asOf: new Date('2026-02-01T00:00:00Z') };
 * ```
 */
export interface ScoreOptions {
  readonly asOf: Date;
}

/**
 * Options of {@link scoreLeads} and {@link scoreLeadsAsync}: `asOf`, plus `onProgress` (called with
 * `{ phase: 'score', done, total }` every {@link SCORE_PROGRESS_EVERY} leads and at the end) and `signal`
 * (stops the scoring with `aborted` and no partial result).
 *
 * @example
 * ```ts
 * const controller = new AbortController();
 * const o: ScoreLeadsOptions = { asOf: new Date('2026-02-01T00:00:00Z'), onProgress: (p) => void p.done, signal: controller.signal };
 * ```
 */
export interface ScoreLeadsOptions extends ScoreOptions, ProgressOptions {}

/**
 * How many leads {@link scoreLeads} scores between two progress reports (and between two turns of the
 * event loop in {@link scoreLeadsAsync}).
 *
 * @example
 * ```ts
 * SCORE_PROGRESS_EVERY; //=> 10000
 * ```
 */
export const SCORE_PROGRESS_EVERY = 10_000;

/**
 * How one rule (or an axis cap, `kind: 'cap'`, ruleId `$cap`) contributed. `points` is what it added;
 * `basePoints` what it would give undecayed; `decayFactor` the multiplier applied (1 without decay);
 * `count` the number of activities counted (activity tests) and `lastActivityAt` the most recent one
 * that satisfied the rule; `value` the lead's value of a tested field; `detail` a readable sentence
 * (the condition, whether it matched, and the count for activity tests).
 *
 * @example
 * ```ts
 * const c: ScoreContribution = { kind: 'rule', ruleId: 'title-vp', axis: 'fit', matched: true, points: 20, basePoints: 20, decayFactor: 1, count: null, lastActivityAt: null, value: 'VP Sales', detail: 'matched: title contains "VP"' };
 * ```
 */
export interface ScoreContribution {
  readonly kind: 'rule' | 'cap';
  readonly ruleId: string;
  readonly axis: ScoreAxis;
  readonly matched: boolean;
  readonly points: number;
  readonly basePoints: number;
  readonly decayFactor: number;
  readonly count: number | null;
  readonly lastActivityAt: Date | null;
  /**
   * The lead's value of the tested field (field-test rules only; `null` otherwise, and when it is not a
   * string, boolean, finite number or valid Date).
   */
  readonly value: ConditionValue | Date;
  readonly detail: string;
}

/**
 * The score of one lead. `total = fit + engagement`; each axis is the sum of its contributions (caps
 * included), so every point is explained. `grade` is `null` when the model has no grade cut points.
 *
 * @example
 * ```ts
 * declare const activities: readonly Activity[];
 * declare const asOf: Date;
 * declare const lead: Lead;
 * declare const model: ScoringModel;
 * const s: LeadScoreResult = unwrap(scoreLead(model, lead, activities, { asOf }));
 * s.total === s.fit + s.engagement; //=> true
 * ```
 */
export interface LeadScoreResult {
  readonly total: number;
  readonly fit: number;
  readonly engagement: number;
  readonly grade: string | null;
  readonly qualification: LeadQualification;
  readonly scoredAt: Date;
  readonly contributions: readonly ScoreContribution[];
}

/** A lead's activities prepared once: their instants in a parallel array. */
interface Acts {
  readonly list: readonly ScorableActivity[];
  /** How many of `t` belong to this lead (the array is reused scratch). */
  readonly n: number;
  readonly t: Float64Array;
}

/** Scratch state of one evaluation: the most recent activity involved, and an activity count. */
interface Scratch {
  last: number;
  count: number;
  /** Times of counted activities, filled only for per-activity rules. */
  times: number[] | null;
}

type Evaluator = (lead: Record<string, unknown>, acts: Acts, asOf: number, minT: number, s: Scratch) => boolean;

/** Compiles a rule's bound condition for the scorer: field tests through the condition language's own
 * test of each operator, activity tests counted over the lead's prepared activity instants, and the
 * combinators tracking which activity sets the age for decay. */
function compile(node: BoundNode, collectTimes: boolean, context: ConditionContext): Evaluator {
  switch (node.kind) {
    case 'const': {
      const v = node.value;
      return () => v;
    }
    case 'field': {
      const read = fieldReader(node.field, node.type);
      const test = valueTest(node);
      return (lead) => test(read(lead));
    }
    case 'extension': {
      const t = node.test;
      const filter = unwrap(defineCondition(t['activity'], { entity: 'activity' }));
      const match = compileCondition<ScorableActivity>(filter, context);
      const atLeast = (t['atLeast'] as number | undefined) ?? 1;
      const atMost = (t['atMost'] as number | undefined) ?? Infinity;
      const withinDays = t['withinDays'] as number | undefined;
      const withinMs = withinDays === undefined ? Infinity : withinDays * DAY_MS;
      return (_lead, acts, asOf, minT, s) => {
        const lo = Math.max(minT, asOf - withinMs);
        let count = 0,
          last = -Infinity;
        const times = collectTimes ? ([] as number[]) : null;
        const ts = acts.t,
          list = acts.list,
          n = acts.n;
        for (let i = 0; i < n; i++) {
          const time = ts[i]!;
          if (time > lo && time <= asOf && match(list[i]!)) {
            count++;
            if (time > last) last = time;
            if (times) times.push(time);
          }
        }
        s.count = count;
        s.times = times;
        const ok = count >= atLeast && count <= atMost;
        s.last = ok && count > 0 ? last : -Infinity;
        return ok;
      };
    }
    case 'all': {
      const subs = node.parts.map((x) => compile(x, false, context));
      return (lead, acts, asOf, minT, s) => {
        let last = -Infinity;
        for (const f of subs) {
          s.last = -Infinity;
          if (!f(lead, acts, asOf, minT, s)) {
            s.last = -Infinity;
            return false;
          }
          if (s.last > last) last = s.last;
        }
        s.last = last;
        s.count = 0;
        return true;
      };
    }
    case 'any': {
      const subs = node.parts.map((x) => compile(x, false, context));
      return (lead, acts, asOf, minT, s) => {
        // The freshest matching branch sets the age; a branch satisfied without any activity (a field
        // test, say) is the freshest of all, so the rule does not decay — otherwise points could rise
        // as asOf moved on and the activity branch stopped matching.
        let last = -Infinity,
          hit = false,
          activityFree = false;
        for (const f of subs) {
          s.last = -Infinity; // field tests leave it alone
          if (!f(lead, acts, asOf, minT, s)) continue;
          hit = true;
          if (s.last === -Infinity) activityFree = true;
          else if (s.last > last) last = s.last;
        }
        s.last = activityFree ? -Infinity : last;
        s.count = 0;
        return hit;
      };
    }
    case 'not': {
      const inner = compile(node.part, false, context);
      return (lead, acts, asOf, minT, s) => {
        const r = !inner(lead, acts, asOf, minT, s);
        s.last = -Infinity;
        s.count = 0;
        return r;
      };
    }
  }
}

function decayFactor(spec: DecaySpec, ageMs: number): number {
  const ageDays = Math.max(0, ageMs) / DAY_MS;
  switch (spec.type) {
    case 'halfLife':
      return Math.pow(0.5, ageDays / spec.days);
    case 'linear':
      return Math.max(0, 1 - spec.fraction * Math.floor(ageDays / spec.periodDays));
    default:
      return 1;
  }
}

function describe(c: unknown): string {
  const o = c as Record<string, unknown>;
  if ('field' in o) return `${String(o['field'])} ${String(o['op'])} ${JSON.stringify(o['value'])}`;
  if ('activity' in o) {
    const range =
      o['atMost'] === undefined
        ? `≥ ${String(o['atLeast'] ?? 1)}`
        : `${String(o['atLeast'] ?? 1)}..${String(o['atMost'])}`;
    const within = o['withinDays'] === undefined ? '' : ` within ${String(o['withinDays'])} days`;
    return `${range} activities where ${describe(o['activity'])}${within}`;
  }
  if ('all' in o) return `all of (${(o['all'] as unknown[]).map(describe).join('; ')})`;
  if ('any' in o) return `any of (${(o['any'] as unknown[]).map(describe).join('; ')})`;
  return `not (${describe(o['not'])})`;
}

interface CompiledRule {
  rule: ScoringRule;
  evaluate: Evaluator;
  matchedText: string;
  unmatchedText: string;
  perActivity: boolean;
  isActivityTest: boolean;
  fieldPath: readonly string[] | null;
  /** Detail sentences by activity count (filled on first use). */
  matchedByCount: string[];
  unmatchedByCount: string[];
}

/** A model prepared for fast repeated scoring (internal; built once per `scoreLeads` call). */
interface Compiled {
  model: ScoringModel;
  rules: CompiledRule[];
  windowMs: number;
  /** Scratch for {@link prepareActivities}, reused from lead to lead. */
  scratchT: Float64Array;
}

function compileModel(model: ScoringModel, asOf: Date): Compiled {
  const d = model.decay.engagement;
  const catalog = scoringCatalog(model.extraFields);
  const context: ConditionContext = { asOf };
  return {
    model,
    rules: model.rules.map((rule) => {
      const text = describe(rule.when);
      const isActivityTest = 'activity' in rule.when;
      const suffix = isActivityTest ? '; counted ' : '';
      const condition = unwrap(defineCondition(rule.when, { entity: catalog, extensions: [activityTests] }));
      return {
        rule,
        evaluate: compile(bindCondition(condition, context), rule.per === 'activity', context),
        matchedText: `matched: ${text}${suffix}`,
        unmatchedText: `not matched: ${text}${suffix}`,
        perActivity: rule.per === 'activity',
        isActivityTest,
        fieldPath: 'field' in rule.when ? rule.when.field.split('.') : null,
        matchedByCount: [],
        unmatchedByCount: [],
      };
    }),
    windowMs: d.type === 'window' ? d.days * DAY_MS : Infinity,
    scratchT: new Float64Array(16),
  };
}

/** Where an activity list came from, for error paths: `activities` (scoreLead) or `activitiesByLead[i]` (scoreLeads). */
type ListPath = readonly PathSegment[];

function toTime(v: Date | string | number, listPath: ListPath, index: number): number {
  const t = v instanceof Date ? v.getTime() : typeof v === 'string' ? Date.parse(v) : v;
  if (typeof t !== 'number' || !Number.isFinite(t)) {
    // The path text is built only here, on failure: scoring a million leads must not build a million strings.
    const where = `${listPath.map((x, k) => (typeof x === 'number' ? `[${x}]` : k === 0 ? String(x) : `.${String(x)}`)).join('')}[${index}]`;
    throw new CrmError('validation_failed', `${where}.occurredAt is not a valid instant`, {
      issues: [
        {
          path: [...listPath, index, 'occurredAt'],
          message: 'expected a Date, an ISO string or epoch milliseconds',
          code: 'invalid_date',
        },
      ],
    });
  }
  return t;
}

/**
 * Fills the compiled model's scratch array with the instants of one lead's activities; the array is
 * reused from lead to lead within one call.
 */
function prepareActivities(c: Compiled, list: readonly ScorableActivity[], listPath: ListPath): Acts {
  const n = list.length;
  if (c.scratchT.length < n) c.scratchT = new Float64Array(Math.max(n, 2 * c.scratchT.length));
  const t = c.scratchT;
  for (let i = 0; i < n; i++) t[i] = toTime(list[i]!.occurredAt, listPath, i);
  return { list, n, t };
}

function clampAxis(sum: number, cap: { min?: number; max?: number }): number {
  let v = sum;
  if (cap.max !== undefined && v > cap.max) v = cap.max;
  if (cap.min !== undefined && v < cap.min) v = cap.min;
  return v;
}

function gradeOf(model: ScoringModel, fit: number, engagement: number): string | null {
  const g = model.grades;
  if (g === null) return null;
  const letter = fit >= g.fit[0] ? 'A' : fit >= g.fit[1] ? 'B' : fit >= g.fit[2] ? 'C' : 'D';
  const digit =
    engagement >= g.engagement[0]
      ? '1'
      : engagement >= g.engagement[1]
        ? '2'
        : engagement >= g.engagement[2]
          ? '3'
          : '4';
  return letter + digit;
}

function run(
  c: Compiled,
  lead: object,
  activities: readonly ScorableActivity[],
  asOfDate: Date,
  listPath: ListPath,
): LeadScoreResult {
  const asOf = asOfDate.getTime();
  const acts = prepareActivities(c, activities, listPath);
  const rec = lead as Record<string, unknown>;
  const decay = c.model.decay.engagement;
  const s: Scratch = { last: -Infinity, count: 0, times: null };
  const contributions: ScoreContribution[] = [];
  let fit = 0,
    engagement = 0;
  for (const cr of c.rules) {
    const { rule } = cr;
    const engagementRule = rule.axis === 'engagement';
    s.last = -Infinity;
    s.count = 0;
    s.times = null;
    const matched = cr.evaluate(rec, acts, asOf, engagementRule ? asOf - c.windowMs : -Infinity, s);
    let points = 0,
      base = 0,
      factor = 1;
    if (matched) {
      if (cr.perActivity) {
        base = rule.points * s.count;
        for (const t of s.times ?? []) points += rule.points * (engagementRule ? decayFactor(decay, asOf - t) : 1);
        factor = base === 0 ? 1 : points / base;
      } else {
        base = rule.points;
        factor = engagementRule && s.last > -Infinity ? decayFactor(decay, asOf - s.last) : 1;
        points = base * factor;
      }
      if (rule.maxPoints !== undefined) points = Math.max(-rule.maxPoints, Math.min(rule.maxPoints, points));
      if (points === 0) points = 0; // no -0
    }
    const last = matched && s.last > -Infinity ? new Date(s.last) : null;
    const count = cr.isActivityTest ? s.count : null;
    const detail = count === null ? (matched ? cr.matchedText : cr.unmatchedText) : countedText(cr, matched, count);
    const value = cr.fieldPath === null ? null : fieldValue(rec, cr.fieldPath);
    contributions.push({
      kind: 'rule',
      ruleId: rule.id,
      axis: rule.axis,
      matched,
      points,
      basePoints: matched ? base : 0,
      decayFactor: factor,
      count,
      lastActivityAt: last,
      value,
      detail,
    });
    if (engagementRule) engagement += points;
    else fit += points;
  }
  const fitC = clampAxis(fit, c.model.caps.fit);
  const engC = clampAxis(engagement, c.model.caps.engagement);
  if (fitC !== fit) contributions.push(capContribution('fit', fitC - fit, fit, fitC));
  if (engC !== engagement) contributions.push(capContribution('engagement', engC - engagement, engagement, engC));
  const total = fitC + engC;
  const th = c.model.thresholds;
  const qualification: LeadQualification =
    th.sql !== null && total >= th.sql ? 'sql' : th.mql !== null && total >= th.mql ? 'mql' : 'none';
  for (const x of contributions) Object.freeze(x);
  return Object.freeze({
    total,
    fit: fitC,
    engagement: engC,
    grade: gradeOf(c.model, fitC, engC),
    qualification,
    scoredAt: new Date(asOf),
    contributions: Object.freeze(contributions),
  });
}

/** The detail sentence of an activity test with its count, built once per (rule, outcome, count) for small counts. */
function countedText(cr: CompiledRule, matched: boolean, count: number): string {
  const cache = matched ? cr.matchedByCount : cr.unmatchedByCount;
  if (count >= COUNTED_TEXT_CACHE) return (matched ? cr.matchedText : cr.unmatchedText) + count;
  return (cache[count] ??= (matched ? cr.matchedText : cr.unmatchedText) + count);
}

/** Counts below this get a cached detail sentence. */
const COUNTED_TEXT_CACHE = 64;

/** Reads a dotted path of own properties (`customFields.employees`, `score.total`). */
function readPath(lead: Record<string, unknown>, path: readonly string[]): unknown {
  let v: unknown = lead;
  for (const key of path) {
    if (v === null || typeof v !== 'object' || !Object.prototype.hasOwnProperty.call(v, key)) return undefined;
    v = (v as Record<string, unknown>)[key];
  }
  return v;
}

function fieldValue(lead: Record<string, unknown>, path: readonly string[]): ConditionValue | Date {
  const v = readPath(lead, path);
  // The lead's own value, shown as it is, except what no score may hold: NaN, ±Infinity, an invalid Date.
  return typeof v === 'string' ||
    typeof v === 'boolean' ||
    (typeof v === 'number' && Number.isFinite(v)) ||
    (v instanceof Date && Number.isFinite(v.getTime()))
    ? v
    : null;
}

function capContribution(axis: ScoreAxis, points: number, before: number, after: number): ScoreContribution {
  return {
    kind: 'cap',
    ruleId: '$cap',
    axis,
    matched: true,
    points,
    basePoints: points,
    decayFactor: 1,
    count: null,
    lastActivityAt: null,
    value: null,
    detail: `${axis} capped: rules gave ${Number(before.toFixed(4))}, axis limited to ${after}`,
  };
}

/** Checks the options and compiles the model: the shared first step of every scoring function. */
function prepare(
  model: ScoringModel,
  options: ScoreOptions | undefined,
  withProgress = false,
): Result<{ asOf: Date; compiled: Compiled; control: ProgressOptions }> {
  const issues = checkOptionKeys(options, withProgress ? ['asOf', 'onProgress', 'signal'] : ['asOf']);
  const o = options as { asOf?: unknown; onProgress?: unknown; signal?: unknown } | null | undefined;
  const asOf = o?.asOf;
  if (!(asOf instanceof Date) || Number.isNaN(asOf.getTime()))
    issues.push(crmIssue.invalidType(['asOf'], 'a valid Date (scores depend on it; there is no hidden "now")', asOf));
  const control = withProgress ? readProgressOptions(o?.onProgress, o?.signal, issues) : {};
  if (issues.length > 0) return err(invalidInput('Scoring options', issues));
  const checked = checkScoringModel(model);
  if (!checked.ok) return checked;
  return attempt(() => ({ asOf: asOf as Date, compiled: compileModel(checked.value, asOf as Date), control }));
}

/**
 * Runs scoring work, turning the CrmError an invalid activity instant raises into a Result, and so what a
 * getter or proxy of the caller's data throws (a lead, an activity list): these functions take no
 * callbacks, so nothing else may come out of them.
 */
function attempt<T>(work: () => T): Result<T> {
  try {
    return ok(work());
  } catch (e) {
    if (e instanceof CrmError) return err(e);
    return err(
      invalidInput('Scoring input', [
        crmIssue.invalidType([], 'readable leads and activities (reading them threw)', undefined),
      ]),
    );
  }
}

/**
 * Scores one lead with a rule model. The lead may be a Lead entity or any plain object; `activities`
 * are the lead's activities (activities after `asOf` are ignored). Deterministic given `asOf`. Every
 * rule appears in `contributions` (unmatched ones with 0 points), plus a `$cap` entry per axis whose cap
 * changed the sum. An invalid `asOf`, unknown option keys, a model not made by `defineScoringModel` or
 * an activity whose `occurredAt` is not an instant give a `validation_failed` Result.
 *
 * @example
 * ```ts
 * const model = unwrap(defineScoringModel({
 *   rules: [{ id: 'title-vp', axis: 'fit', when: { field: 'title', op: 'contains', value: 'VP' }, points: 20 }],
 *   thresholds: { mql: 15, sql: 80 },
 * }));
 * const s = unwrap(scoreLead(model, { title: 'VP Sales' }, [], { asOf: new Date('2026-01-01T00:00:00Z') }));
 * s.total; //=> 20
 * s.qualification; //=> 'mql'
 * s.contributions[0]?.ruleId; //=> 'title-vp'
 * ```
 */
export function scoreLead(
  model: ScoringModel,
  lead: object,
  activities: readonly ScorableActivity[],
  options: ScoreOptions,
): Result<LeadScoreResult> {
  const p = prepare(model, options);
  if (!p.ok) return p;
  if (typeof lead !== 'object' || lead === null)
    return err(invalidInput('Lead', [crmIssue.invalidType(['lead'], 'a lead object', lead)]));
  if (!Array.isArray(activities))
    return err(
      invalidInput('Activities', [crmIssue.invalidType(['activities'], 'an array of activities', activities)]),
    );
  return attempt(() => run(p.value.compiled, lead, activities, p.value.asOf, ['activities']));
}

/**
 * Where {@link scoreLeads} finds each lead's activities: a Map or record keyed by lead `id`, or an
 * array parallel to the leads. A lead without an entry has no activities.
 *
 * @example
 * ```ts
 * const byLead: ActivitiesByLead = new Map([['lead_1', [{ kind: 'web', occurredAt: '2026-01-05T10:00:00Z' }]]]);
 * ```
 */
export type ActivitiesByLead =
  | ReadonlyMap<string, readonly ScorableActivity[]>
  | Readonly<Record<string, readonly ScorableActivity[]>>
  | readonly (readonly ScorableActivity[] | undefined)[];

function activitiesFor(source: ActivitiesByLead, lead: object, index: number): readonly ScorableActivity[] {
  if (Array.isArray(source)) return (source as readonly (readonly ScorableActivity[] | undefined)[])[index] ?? [];
  const id = (lead as { id?: unknown }).id;
  if (typeof id !== 'string') return [];
  if (source instanceof Map) return (source as ReadonlyMap<string, readonly ScorableActivity[]>).get(id) ?? [];
  return Object.prototype.hasOwnProperty.call(source, id)
    ? ((source as Record<string, readonly ScorableActivity[]>)[id] ?? [])
    : [];
}

/**
 * Scores many leads with one model (compiled once), in input order. Same results as calling
 * {@link scoreLead} for each; the first invalid lead or activity fails the whole call (a Result error
 * with its path, e.g. `['activitiesByLead', 12, 3, 'occurredAt']`). `onProgress` is called every
 * {@link SCORE_PROGRESS_EVERY} leads; an aborted `signal` gives `aborted` (use {@link scoreLeadsAsync} to
 * abort from a timer or a UI).
 *
 * @throws Only what your `onProgress` callback throws (it propagates unchanged).
 * @example
 * ```ts
 * declare const activitiesByLeadId: ActivitiesByLead;
 * declare const model: ScoringModel;
 * declare const leads: readonly Lead[];
 * const scores = unwrap(scoreLeads(model, leads, activitiesByLeadId, { asOf: new Date('2026-02-01T00:00:00Z') }));
 * scores.length === leads.length; //=> true
 * ```
 */
export function scoreLeads(
  model: ScoringModel,
  leads: readonly object[],
  activitiesByLead: ActivitiesByLead,
  options: ScoreLeadsOptions,
): Result<readonly LeadScoreResult[]> {
  const p = prepareMany(model, leads, activitiesByLead, options);
  if (!p.ok) return p;
  const guard = progressGuard(p.value.control);
  try {
    return finishMany(runSync(scoreMany(p.value, leads, activitiesByLead), guard.control), p.value.control);
  } catch (e) {
    return guard.failure(e);
  }
}

/**
 * {@link scoreLeads} that gives the event loop a turn every {@link SCORE_PROGRESS_EVERY} leads, so that
 * scoring millions of leads keeps a server responsive and can be aborted by `signal` from a timer or a UI
 * (code `aborted`, no partial result). The scores are the same as the synchronous call's.
 *
 * @throws Never synchronously; the promise rejects only with what your `onProgress` callback throws.
 * @example
 * ```ts
 * declare const model: ScoringModel;
 * declare const leads: readonly Lead[];
 * const controller = new AbortController();
 * const r = await scoreLeadsAsync(model, leads, [], { asOf: new Date('2026-02-01T00:00:00Z'), signal: controller.signal });
 * if (r.ok) r.value.length;
 * ```
 */
export async function scoreLeadsAsync(
  model: ScoringModel,
  leads: readonly object[],
  activitiesByLead: ActivitiesByLead,
  options: ScoreLeadsOptions,
): Promise<Result<readonly LeadScoreResult[]>> {
  const p = prepareMany(model, leads, activitiesByLead, options);
  if (!p.ok) return p;
  const guard = progressGuard(p.value.control);
  try {
    return finishMany(await runAsync(scoreMany(p.value, leads, activitiesByLead), guard.control), p.value.control);
  } catch (e) {
    return guard.failure(e);
  }
}

/**
 * The progress options with `onProgress` wrapped, so that what it throws is told apart from what reading
 * the leads threw: the first propagates (as documented), the second becomes a `validation_failed` Result.
 */
function progressGuard(control: ProgressOptions): {
  control: ProgressOptions;
  failure(e: unknown): Result<never>;
} {
  let fromCallback = false;
  const onProgress = control.onProgress;
  const wrapped: ProgressOptions =
    onProgress === undefined
      ? control
      : {
          ...control,
          onProgress: (progress) => {
            try {
              onProgress(progress);
            } catch (e) {
              fromCallback = true;
              throw e;
            }
          },
        };
  return {
    control: wrapped,
    failure(e: unknown): Result<never> {
      if (fromCallback) throw e;
      if (e instanceof CrmError) return err(e);
      return err(
        invalidInput('Scoring input', [
          crmIssue.invalidType([], 'readable leads and activities (reading them threw)', undefined),
        ]),
      );
    },
  };
}

function prepareMany(
  model: ScoringModel,
  leads: readonly object[],
  activitiesByLead: ActivitiesByLead,
  options: ScoreLeadsOptions,
): Result<{ asOf: Date; compiled: Compiled; control: ProgressOptions }> {
  const p = prepare(model, options, true);
  if (!p.ok) return p;
  if (!Array.isArray(leads))
    return err(invalidInput('Leads', [crmIssue.invalidType(['leads'], 'an array of leads', leads)]));
  if (typeof activitiesByLead !== 'object' || activitiesByLead === null)
    return err(
      invalidInput('Activities', [
        crmIssue.invalidType(
          ['activitiesByLead'],
          'a Map or record by lead id, or an array parallel to the leads',
          activitiesByLead,
        ),
      ]),
    );
  return p;
}

function* scoreMany(
  p: { asOf: Date; compiled: Compiled },
  leads: readonly object[],
  activitiesByLead: ActivitiesByLead,
): Generator<ScoringProgress | undefined, readonly LeadScoreResult[]> {
  const { compiled, asOf } = p;
  const total = leads.length;
  const out: LeadScoreResult[] = new Array(total);
  for (let i = 0; i < total; i++) {
    if (i > 0 && i % SCORE_PROGRESS_EVERY === 0) yield { phase: 'score', done: i, total };
    const lead = leads[i];
    if (typeof lead !== 'object' || lead === null)
      throw invalidInput('Leads', [crmIssue.invalidType(['leads', i], 'a lead object', lead)]);
    const acts = activitiesFor(activitiesByLead, lead, i);
    if (!Array.isArray(acts))
      throw invalidInput('Activities', [crmIssue.invalidType(['activitiesByLead', i], 'an array of activities', acts)]);
    out[i] = run(compiled, lead, acts, asOf, ['activitiesByLead', i]);
  }
  yield { phase: 'score', done: total, total };
  return Object.freeze(out);
}

function finishMany(
  outcome: RunOutcome<readonly LeadScoreResult[]>,
  control: ProgressOptions,
): Result<readonly LeadScoreResult[]> {
  if (outcome.aborted) return err(abortedError('scoreLeads', control.signal!));
  return ok(outcome.value);
}

/**
 * One row of {@link rankLeads}: the lead's position in the input (`index`), its `id` (or `null`), its
 * 1-based `rank` and its score.
 *
 * @example
 * ```ts
 * declare const score: LeadScoreResult;
 * const r: RankedLead = { index: 3, id: 'lead_9', rank: 1, score };
 * ```
 */
export interface RankedLead {
  readonly index: number;
  readonly id: string | null;
  readonly rank: number;
  readonly score: LeadScoreResult;
}

/** A lead's string `id`, or null (also when reading it throws: scoring read the lead already). */
function leadId(lead: unknown): string | null {
  try {
    const id = (lead as { id?: unknown }).id;
    return typeof id === 'string' ? id : null;
  } catch {
    return null;
  }
}

/**
 * Scores and orders leads best first: by total, then fit, then engagement (all descending), then
 * `id` ascending (leads with an id before those without), then input position — so ties are broken
 * deterministically and the order does not depend on the input order except as a last resort.
 *
 * @example
 * ```ts
 * declare const activitiesByLeadId: ActivitiesByLead;
 * declare const asOf: Date;
 * declare const leads: readonly Lead[];
 * declare const model: ScoringModel;
 * const ranked = unwrap(rankLeads(model, leads, activitiesByLeadId, { asOf }));
 * ranked[0]?.rank; //=> 1
 * ```
 */
export function rankLeads(
  model: ScoringModel,
  leads: readonly object[],
  activitiesByLead: ActivitiesByLead,
  options: ScoreOptions,
): Result<readonly RankedLead[]> {
  const scored = scoreLeads(model, leads, activitiesByLead, options);
  if (!scored.ok) return scored;
  const rows = scored.value.map((score, index) => ({ index, id: leadId(leads[index]), score }));
  rows.sort(
    (a, b) =>
      b.score.total - a.score.total ||
      b.score.fit - a.score.fit ||
      b.score.engagement - a.score.engagement ||
      (a.id === b.id ? 0 : a.id === null ? 1 : b.id === null ? -1 : a.id < b.id ? -1 : 1) ||
      a.index - b.index,
  );
  return ok(Object.freeze(rows.map((r, i) => Object.freeze({ ...r, rank: i + 1 }))));
}
