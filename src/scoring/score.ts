/**
 * Scoring leads with a rule model: `scoreLead`, `scoreLeads`, `rankLeads`.
 *
 * @module
 */
import { CrmError, type PathSegment } from '../core/errors.js';
import type { LeadQualification } from '../entities/enums.js';
import type {
  ActivityFilter,
  Condition,
  DecaySpec,
  FieldTest,
  ScoreAxis,
  ScoringModel,
  ScoringRule,
  ConditionValue,
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
  /** The lead's value of the tested field (field-test rules only; `null` otherwise or when not a scalar/Date). */
  readonly value: ConditionValue | Date;
  readonly detail: string;
}

/**
 * The score of one lead. `total = fit + engagement`; each axis is the sum of its contributions (caps
 * included), so every point is explained. `grade` is `null` when the model has no grade cut points.
 *
 * @example
 * ```ts
 * const s: LeadScoreResult = scoreLead(model, lead, activities, { asOf });
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

/** A lead's activities prepared once: instants and lower-cased subjects in parallel arrays. */
interface Acts {
  readonly list: readonly ScorableActivity[];
  /** How many of `t` and `subjectLower` belong to this lead (the arrays are reused scratch). */
  readonly n: number;
  readonly t: Float64Array;
  readonly subjectLower: readonly (string | null)[] | null;
}

/** Scratch state of one evaluation: the most recent activity involved, and an activity count. */
interface Scratch {
  last: number;
  count: number;
  /** Times of counted activities, filled only for per-activity rules. */
  times: number[] | null;
}

type Evaluator = (lead: Record<string, unknown>, acts: Acts, asOf: number, minT: number, s: Scratch) => boolean;

function readPath(lead: Record<string, unknown>, path: readonly string[]): unknown {
  let v: unknown = lead;
  for (const key of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[key];
  }
  return v;
}

/** Case-insensitive glob match (`*` any run, `?` one character), linear-space and O(n·m) worst case. */
function globMatch(text: string, pattern: string): boolean {
  let ti = 0,
    pi = 0,
    star = -1,
    mark = 0;
  while (ti < text.length) {
    const pc = pattern[pi];
    if (pc !== undefined && (pc === '?' || pc === text[ti])) {
      ti++;
      pi++;
    } else if (pc === '*') {
      star = pi++;
      mark = ti;
    } else if (star >= 0) {
      pi = star + 1;
      ti = ++mark;
    } else return false;
  }
  while (pattern[pi] === '*') pi++;
  return pi === pattern.length;
}

function toComparable(v: unknown): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (v instanceof Date) {
    const t = v.getTime();
    return Number.isNaN(t) ? null : t;
  }
  return null;
}

function scalarEq(a: unknown, b: ConditionValue): boolean {
  if (a instanceof Date && typeof b === 'string') return a.getTime() === Date.parse(b);
  if (a === undefined) return b === null;
  return a === b;
}

function compileField(t: FieldTest): Evaluator {
  const path = t.field.split('.');
  const get =
    path.length === 1
      ? (lead: Record<string, unknown>) => lead[path[0]!]
      : (lead: Record<string, unknown>) => readPath(lead, path);
  const cs = t.caseSensitive === true;
  const v = t.value;
  switch (t.op) {
    case 'eq':
      return (lead) => scalarEq(get(lead), v as ConditionValue);
    case 'neq':
      return (lead) => !scalarEq(get(lead), v as ConditionValue);
    case 'in': {
      const list = v as readonly ConditionValue[];
      return (lead) => {
        const x = get(lead);
        return list.some((y) => scalarEq(x, y));
      };
    }
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte': {
      const ref = typeof v === 'number' ? v : Date.parse(v as string);
      const wantDate = typeof v === 'string';
      const op = t.op;
      return (lead) => {
        const raw = get(lead);
        if (wantDate ? !(raw instanceof Date) : typeof raw !== 'number') return false;
        const x = toComparable(raw);
        if (x === null) return false;
        return op === 'gt' ? x > ref : op === 'gte' ? x >= ref : op === 'lt' ? x < ref : x <= ref;
      };
    }
    case 'contains': {
      const needle = cs ? String(v) : String(v).toLowerCase();
      return (lead) => {
        const x = get(lead);
        if (typeof x === 'string') return (cs ? x : x.toLowerCase()).includes(needle);
        if (Array.isArray(x))
          return x.some(
            (e) =>
              e === v ||
              (typeof e === 'string' && typeof v === 'string' && (cs ? e === v : e.toLowerCase() === needle)),
          );
        return false;
      };
    }
    case 'exists': {
      const want = v !== false;
      return (lead) => {
        const x = get(lead);
        return (x !== undefined && x !== null && x !== '') === want;
      };
    }
    case 'matches': {
      const pat = cs ? String(v) : String(v).toLowerCase();
      return (lead) => {
        const x = get(lead);
        return typeof x === 'string' && globMatch(cs ? x : x.toLowerCase(), pat);
      };
    }
  }
}

function compileActivityFilter(
  f: ActivityFilter,
): (a: ScorableActivity, subjectLower: string | null | undefined) => boolean {
  const kind = f.kind,
    channel = f.channel,
    direction = f.direction,
    action = f.action;
  const subject = f.subject === undefined ? undefined : f.subject.toLowerCase();
  return (a, subjectLower) =>
    (kind === undefined || a.kind === kind) &&
    (channel === undefined || a.channel === channel) &&
    (direction === undefined || a.direction === direction) &&
    (action === undefined || a.action === action) &&
    (subject === undefined || (typeof subjectLower === 'string' && subjectLower.includes(subject)));
}

function compile(c: Condition, collectTimes: boolean): Evaluator {
  if ('field' in c) return compileField(c);
  if ('activity' in c) {
    const match = compileActivityFilter(c.activity);
    const atLeast = c.atLeast ?? 1;
    const atMost = c.atMost ?? Infinity;
    const withinMs = c.withinDays === undefined ? Infinity : c.withinDays * DAY_MS;
    return (_lead, acts, asOf, minT, s) => {
      const lo = Math.max(minT, asOf - withinMs);
      let count = 0,
        last = -Infinity;
      const times = collectTimes ? ([] as number[]) : null;
      const ts = acts.t,
        list = acts.list,
        subj = acts.subjectLower,
        n = acts.n;
      for (let i = 0; i < n; i++) {
        const t = ts[i]!;
        if (t > lo && t <= asOf && match(list[i]!, subj === null ? null : subj[i])) {
          count++;
          if (t > last) last = t;
          if (times) times.push(t);
        }
      }
      s.count = count;
      s.times = times;
      const ok = count >= atLeast && count <= atMost;
      s.last = ok && count > 0 ? last : -Infinity;
      return ok;
    };
  }
  if ('all' in c) {
    const subs = c.all.map((x) => compile(x, false));
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
  if ('any' in c) {
    const subs = c.any.map((x) => compile(x, false));
    return (lead, acts, asOf, minT, s) => {
      // The freshest matching branch sets the age; a branch satisfied without any activity (a field
      // test, say) is the freshest of all, so the rule does not decay — otherwise points could rise
      // as asOf moves on and the activity branch stops matching.
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
  const inner = compile(c.not, false);
  return (lead, acts, asOf, minT, s) => {
    const r = !inner(lead, acts, asOf, minT, s);
    s.last = -Infinity;
    s.count = 0;
    return r;
  };
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

function describe(c: Condition): string {
  if ('field' in c) {
    if (c.op === 'exists') return `${c.field} ${c.value === false ? 'is empty' : 'exists'}`;
    return `${c.field} ${c.op} ${JSON.stringify(c.value)}`;
  }
  if ('activity' in c) {
    const f = Object.entries(c.activity)
      .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
      .join(', ');
    const range = c.atMost === undefined ? `≥ ${c.atLeast ?? 1}` : `${c.atLeast ?? 1}..${c.atMost}`;
    return `${range} activities {${f}}${c.withinDays === undefined ? '' : ` within ${c.withinDays} days`}`;
  }
  if ('all' in c) return `all of (${c.all.map(describe).join('; ')})`;
  if ('any' in c) return `any of (${c.any.map(describe).join('; ')})`;
  return `not (${describe(c.not)})`;
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
  usesSubject: boolean;
  windowMs: number;
  /** Scratch for {@link prepareActivities}, reused from lead to lead. */
  scratchT: Float64Array;
  scratchSubjects: (string | null)[];
}

function compileModel(model: ScoringModel): Compiled {
  const json = JSON.stringify(model.rules);
  const d = model.decay.engagement;
  return {
    model,
    rules: model.rules.map((rule) => {
      const text = describe(rule.when);
      const isActivityTest = 'activity' in rule.when;
      const suffix = isActivityTest ? '; counted ' : '';
      return {
        rule,
        evaluate: compile(rule.when, rule.per === 'activity'),
        matchedText: `matched: ${text}${suffix}`,
        unmatchedText: `not matched: ${text}${suffix}`,
        perActivity: rule.per === 'activity',
        isActivityTest,
        fieldPath: 'field' in rule.when ? rule.when.field.split('.') : null,
        matchedByCount: [],
        unmatchedByCount: [],
      };
    }),
    usesSubject: json.includes('"subject"'),
    windowMs: d.type === 'window' ? d.days * DAY_MS : Infinity,
    scratchT: new Float64Array(16),
    scratchSubjects: [],
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
 * Fills the compiled model's scratch arrays with the instants (and lower-cased subjects) of one
 * lead's activities; the arrays are reused from lead to lead within one call.
 */
function prepareActivities(c: Compiled, list: readonly ScorableActivity[], listPath: ListPath): Acts {
  const n = list.length;
  if (c.scratchT.length < n) c.scratchT = new Float64Array(Math.max(n, 2 * c.scratchT.length));
  const t = c.scratchT;
  const subjectLower = c.usesSubject ? c.scratchSubjects : null;
  for (let i = 0; i < n; i++) {
    const a = list[i]!;
    t[i] = toTime(a.occurredAt, listPath, i);
    if (subjectLower !== null) subjectLower[i] = typeof a.subject === 'string' ? a.subject.toLowerCase() : null;
  }
  return { list, n, t, subjectLower };
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

function fieldValue(lead: Record<string, unknown>, path: readonly string[]): ConditionValue | Date {
  const v = path.length === 1 ? lead[path[0]!] : readPath(lead, path);
  return v === undefined
    ? null
    : typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v === null || v instanceof Date
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

function checkAsOf(options: ScoreOptions | undefined): Date {
  const asOf = options?.asOf;
  if (!(asOf instanceof Date) || Number.isNaN(asOf.getTime()))
    throw new CrmError(
      'validation_failed',
      'options.asOf must be a valid Date (scores depend on it; there is no hidden "now")',
      { issues: [{ path: ['asOf'], message: 'expected a valid Date', code: 'invalid_date' }] },
    );
  return asOf;
}

/**
 * Scores one lead with a rule model. The lead may be a Lead entity or any plain object; `activities`
 * are the lead's activities (activities after `asOf` are ignored). Deterministic given `asOf`. Every
 * rule appears in `contributions` (unmatched ones with 0 points), plus a `$cap` entry per axis whose cap
 * changed the sum. Throws a `validation_failed` CrmError for an invalid `asOf` or an activity whose
 * `occurredAt` is not an instant (programmer errors).
 *
 * @example
 * ```ts
 * const model = unwrap(defineScoringModel({
 *   rules: [{ id: 'title-vp', axis: 'fit', when: { field: 'title', op: 'contains', value: 'VP' }, points: 20 }],
 *   thresholds: { mql: 15, sql: 80 },
 * }));
 * const s = scoreLead(model, { title: 'VP Sales' }, [], { asOf: new Date('2026-01-01T00:00:00Z') });
 * s.total; //=> 20
 * s.qualification; //=> 'mql'
 * s.contributions[0].ruleId; //=> 'title-vp'
 * ```
 */
export function scoreLead(
  model: ScoringModel,
  lead: object,
  activities: readonly ScorableActivity[],
  options: ScoreOptions,
): LeadScoreResult {
  const asOf = checkAsOf(options);
  return run(compileModel(model), lead, activities, asOf, ['activities']);
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
 * {@link scoreLead} for each.
 *
 * @example
 * ```ts
 * const scores = scoreLeads(model, leads, activitiesByLeadId, { asOf: new Date('2026-02-01T00:00:00Z') });
 * scores.length === leads.length; //=> true
 * ```
 */
export function scoreLeads(
  model: ScoringModel,
  leads: readonly object[],
  activitiesByLead: ActivitiesByLead,
  options: ScoreOptions,
): readonly LeadScoreResult[] {
  const asOf = checkAsOf(options);
  const c = compileModel(model);
  const out: LeadScoreResult[] = new Array(leads.length);
  for (let i = 0; i < leads.length; i++)
    out[i] = run(c, leads[i]!, activitiesFor(activitiesByLead, leads[i]!, i), asOf, ['activitiesByLead', i]);
  return Object.freeze(out);
}

/**
 * One row of {@link rankLeads}: the lead's position in the input (`index`), its `id` (or `null`), its
 * 1-based `rank` and its score.
 *
 * @example
 * ```ts
 * const r: RankedLead = { index: 3, id: 'lead_9', rank: 1, score };
 * ```
 */
export interface RankedLead {
  readonly index: number;
  readonly id: string | null;
  readonly rank: number;
  readonly score: LeadScoreResult;
}

/**
 * Scores and orders leads best first: by total, then fit, then engagement (all descending), then
 * `id` ascending (leads with an id before those without), then input position — so ties are broken
 * deterministically and the order does not depend on the input order except as a last resort.
 *
 * @example
 * ```ts
 * const ranked = rankLeads(model, leads, activitiesByLeadId, { asOf });
 * ranked[0].rank; //=> 1
 * ```
 */
export function rankLeads(
  model: ScoringModel,
  leads: readonly object[],
  activitiesByLead: ActivitiesByLead,
  options: ScoreOptions,
): readonly RankedLead[] {
  const scores = scoreLeads(model, leads, activitiesByLead, options);
  const rows = scores.map((score, index) => {
    const id = (leads[index] as { id?: unknown }).id;
    return { index, id: typeof id === 'string' ? id : null, score };
  });
  rows.sort(
    (a, b) =>
      b.score.total - a.score.total ||
      b.score.fit - a.score.fit ||
      b.score.engagement - a.score.engagement ||
      (a.id === b.id ? 0 : a.id === null ? 1 : b.id === null ? -1 : a.id < b.id ? -1 : 1) ||
      a.index - b.index,
  );
  return Object.freeze(rows.map((r, i) => Object.freeze({ ...r, rank: i + 1 })));
}
