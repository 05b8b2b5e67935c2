/**
 * Rule-based scoring models: the JSON definition language and its validation.
 *
 * @module
 */
import { err, ok, fail, type Result } from '../core/result.js';
import { CrmError, prefixIssues, type CrmIssue, type PathSegment } from '../core/errors.js';
import { crmIssue, invalidInput } from '../core/issues.js';
import { deepFreeze } from '../_lib/freeze.js';
import { showValue } from '../_lib/show.js';
import {
  CONDITION_OPERATORS,
  ENTITY_FIELDS,
  activityTests,
  defineCondition,
  defineFieldCatalog,
  entityCatalog,
  type ActivityTestJson,
  type ConditionJson,
  type ConditionOperator,
  type FieldCatalog,
  type FieldTest as ConditionFieldTest,
  type FieldType,
} from '../conditions/index.js';
import type { Lead } from '../entities/lead.js';
import { isFieldType } from '../conditions/catalog.js';

/**
 * The two axes of a lead score: who the lead is (`fit`) and what the lead does (`engagement`).
 *
 * @example
 * ```ts
 * const axis: ScoreAxis = 'engagement';
 * ```
 */
export type ScoreAxis = 'fit' | 'engagement';

/**
 * @deprecated Use `CONDITION_OPERATORS` from `crmkit/conditions`: rule conditions are written in the
 * one condition language (`exists` is now `isNull: false`).
 * @example
 * ```ts
 * FIELD_OPERATORS.includes('matches'); //=> true
 * ```
 */
export const FIELD_OPERATORS = CONDITION_OPERATORS;
/**
 * @deprecated Use `ConditionOperator` from `crmkit/conditions`.
 * @example
 * ```ts
 * const op: FieldOperator = 'contains';
 * ```
 */
export type FieldOperator = ConditionOperator;

/**
 * @deprecated Use `ConditionLiteral` from `crmkit/conditions`.
 * @example
 * ```ts
 * const v: ConditionValue = 'VP';
 * ```
 */
export type ConditionValue = string | number | boolean | null;

/**
 * @deprecated Use `FieldTest` from `crmkit/conditions`.
 * @example
 * ```ts
 * const t: FieldTest = { field: 'email', op: 'matches', value: '*@gmail.com' };
 * ```
 */
export type FieldTest = ConditionFieldTest;

/**
 * An activity test in a rule: `activity` is a condition on the Activity entity's fields; the test
 * holds when the lead's activities that match it, up to `asOf` and within `withinDays`, number at least
 * `atLeast` (default 1) and at most `atMost`. See `activityTests` in `crmkit/conditions`.
 *
 * @example
 * ```ts
 * const t: ActivityTest = {
 *   activity: { all: [{ field: 'kind', op: 'eq', value: 'web' }, { field: 'subject', op: 'contains', value: 'pricing' }] },
 *   atLeast: 2,
 *   withinDays: 30,
 * };
 * ```
 */
export type ActivityTest = ActivityTestJson;

/**
 * The condition of a scoring rule, in the one condition language (`crmkit/conditions`): field tests on
 * the lead (its fields, `score.*`, `customFields.<key>` and the model's `extraFields`), activity tests,
 * and `all` / `any` / `not`. `all: []` is always true and `any: []` always false.
 *
 * @example
 * ```ts
 * const c: ScoringCondition = {
 *   all: [{ field: 'country', op: 'in', value: ['US', 'CA'] }, { not: { field: 'email', op: 'matches', value: '*@gmail.com' } }],
 * };
 * ```
 */
export type ScoringCondition = ConditionJson<never, ActivityTestJson>;

/**
 * @deprecated Use {@link ScoringCondition} (the name `Condition` belongs to the validated condition of
 * `crmkit/conditions`).
 * @example
 * ```ts
 * const c: Condition = { field: 'title', op: 'contains', value: 'VP' };
 * ```
 */
export type Condition = ScoringCondition;

/**
 * One rule: when `when` holds, `points` (negative allowed) go to `axis`. With `per: 'activity'` (the
 * condition must then be an activity test) the points are given for each counted activity. `maxPoints`
 * (positive) caps the size of what the rule gives, in either direction.
 *
 * @example
 * ```ts
 * const r: ScoringRule = { id: 'title-vp', axis: 'fit', when: { field: 'title', op: 'contains', value: 'VP' }, points: 20 };
 * ```
 */
export interface ScoringRule {
  readonly id: string;
  readonly axis: ScoreAxis;
  readonly when: ScoringCondition;
  /** Points given when the rule holds, in [−10¹², 10¹²] (so no sum of scores can overflow). */
  readonly points: number;
  readonly maxPoints?: number;
  readonly per?: 'match' | 'activity';
  readonly description?: string;
}

/**
 * How engagement points fade with the age of the activity that earned them (the most recent
 * activity that satisfied the rule; for `per: 'activity'` rules, each activity separately).
 * Rules whose match involves no activity do not decay.
 *
 * - `none`: no decay.
 * - `halfLife`: multiplied by `0.5^(age / days)` (exponential decay).
 * - `linear`: multiplied by `max(0, 1 − fraction × ⌊age / periodDays⌋)` — loses `fraction` per completed period.
 * - `window`: only activities of the last `days` days count at all (older ones are invisible to engagement rules).
 *
 * @example
 * ```ts
 * const d: DecaySpec = { type: 'halfLife', days: 30 };
 * ```
 */
export type DecaySpec =
  | { readonly type: 'none' }
  | { readonly type: 'halfLife'; readonly days: number }
  | { readonly type: 'linear'; readonly fraction: number; readonly periodDays: number }
  | { readonly type: 'window'; readonly days: number };

/**
 * Lower and/or upper bound of an axis total.
 *
 * @example
 * ```ts
 * const cap: AxisCap = { min: 0, max: 100 };
 * ```
 */
export interface AxisCap {
  readonly min?: number;
  readonly max?: number;
}

/**
 * Grade cut points, each three numbers in strictly descending order: fit ≥ `fit[0]` is `A`, ≥ `fit[1]`
 * `B`, ≥ `fit[2]` `C`, else `D`; engagement ≥ `engagement[0]` is `1` ... else `4`. The grade is the pair, e.g. `A1`.
 *
 * @example
 * ```ts
 * const g: GradeCuts = { fit: [60, 40, 20], engagement: [60, 40, 20] };
 * ```
 */
export interface GradeCuts {
  readonly fit: readonly [number, number, number];
  readonly engagement: readonly [number, number, number];
}

/**
 * The serializable definition of a rule model. `id`, `name`, `description` and `version` are metadata a
 * stored model carries; they are kept as given.
 *
 * @example
 * ```ts
 * const d: ScoringModelDefinition = {
 *   id: 'inbound-2026',
 *   name: 'Inbound leads',
 *   rules: [{ id: 'title-vp', axis: 'fit', when: { field: 'title', op: 'contains', value: 'VP' }, points: 20 }],
 *   thresholds: { mql: 50, sql: 80 },
 * };
 * ```
 */
export interface ScoringModelDefinition {
  readonly id?: string;
  readonly name?: string;
  readonly description?: string;
  readonly version?: string | number;
  readonly rules: readonly ScoringRule[];
  readonly decay?: { readonly engagement?: DecaySpec };
  readonly caps?: { readonly fit?: AxisCap; readonly engagement?: AxisCap };
  readonly thresholds?: { readonly mql?: number; readonly sql?: number };
  readonly grades?: GradeCuts;
  /** Fields beyond the Lead's (and `customFields.*`) that field tests may name, with their types. */
  readonly extraFields?: Readonly<Record<string, FieldType>>;
}

/**
 * A validated, frozen, JSON-serializable rule model (the definition with defaults filled in; the
 * metadata only when given).
 *
 * @example
 * ```ts
 * const model: ScoringModel = unwrap(defineScoringModel({ rules: [] }));
 * model.decay.engagement; //=> { type: 'none' }
 * ```
 */
export interface ScoringModel {
  readonly kind: 'rules';
  readonly id?: string;
  readonly name?: string;
  readonly description?: string;
  readonly version?: string | number;
  readonly rules: readonly ScoringRule[];
  readonly decay: { readonly engagement: DecaySpec };
  readonly caps: { readonly fit: AxisCap; readonly engagement: AxisCap };
  readonly thresholds: { readonly mql: number | null; readonly sql: number | null };
  readonly grades: GradeCuts | null;
  readonly extraFields: Readonly<Record<string, FieldType>>;
}

/** The nested fields of a lead's score that rules may name. */
const SCORE_FIELDS: Readonly<Record<string, FieldType>> = /* @__PURE__ */ Object.freeze({
  'score.fit': 'number',
  'score.engagement': 'number',
  'score.total': 'number',
  'score.grade': 'text',
  'score.scoredAt': 'date',
});

/**
 * The fields of a Lead that field tests may address: the Lead entity's fields (from
 * `crmkit/entities`), the common entity fields and the `score.*` sub-fields — plus anything under
 * `customFields.`, and the definition's `extraFields`.
 *
 * @example
 * ```ts
 * SCORING_LEAD_FIELDS.includes('title'); //=> true
 * ```
 */
export const SCORING_LEAD_FIELDS: readonly string[] = /* @__PURE__ */ (() =>
  Object.freeze([...Object.keys(ENTITY_FIELDS.lead), ...Object.keys(SCORE_FIELDS)]))();

/**
 * The field catalog a model's rule conditions are validated against: the Lead's fields, `score.*`,
 * `customFields.<key>` and the model's extra fields.
 *
 * Never throws. Extra fields that are not an object, and entries that do not name a field type, are
 * ignored (`defineScoringModel` reports them).
 *
 * @example
 * ```ts
 * scoringCatalog({ employees: 'number' }).fields.employees; //=> 'number'
 * ```
 */
export function scoringCatalog(extraFields: Readonly<Record<string, FieldType>> = {}): FieldCatalog {
  const lead = entityCatalog('lead')!;
  return Object.freeze({
    name: 'lead',
    fields: Object.freeze({ ...lead.fields, ...SCORE_FIELDS, ...validExtraFields(extraFields) }),
    customFields: true,
    ...(lead.values === undefined ? {} : { values: lead.values }),
  });
}

/**
 * The entries of `extraFields` that name a field type (own enumerable keys, read once), as a
 * null-prototype record; nothing when it is not an object or reading it throws.
 */
function validExtraFields(extraFields: unknown): Record<string, FieldType> {
  const out = Object.create(null) as Record<string, FieldType>;
  if (typeof extraFields !== 'object' || extraFields === null || Array.isArray(extraFields)) return out;
  try {
    for (const key of Object.keys(extraFields)) {
      const type: unknown = (extraFields as Record<string, unknown>)[key];
      if (isFieldType(type)) out[key] = type;
    }
  } catch {
    return Object.create(null) as Record<string, FieldType>;
  }
  return out;
}

/**
 * The largest size of a rule's points: sums over rules and counted activities then stay far inside
 * binary64 (a score never overflows to Infinity), while no scoring scheme needs more.
 */
const MAX_RULE_POINTS = 1e12;

const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.:\-]*$/;
const MODEL_KEYS = [
  'id',
  'name',
  'description',
  'version',
  'rules',
  'decay',
  'caps',
  'thresholds',
  'grades',
  'extraFields',
] as const;
const RULE_KEYS = ['id', 'axis', 'when', 'points', 'maxPoints', 'per', 'description'] as const;

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Validates a rule's condition against the model's catalog; issues come back with paths under `path`. */
function checkCondition(when: unknown, path: PathSegment[], catalog: FieldCatalog, issues: CrmIssue[]): void {
  const r = defineCondition(when, { entity: catalog, extensions: [activityTests] });
  if (!r.ok) issues.push(...prefixIssues(r.error.issues, path));
}

/** The keys of each decay type (others are refused, and a model copies only these). */
const DECAY_KEYS: ReadonlyMap<unknown, readonly string[]> = /* @__PURE__ */ new Map<unknown, readonly string[]>([
  ['none', ['type']],
  ['halfLife', ['type', 'days']],
  ['window', ['type', 'days']],
  ['linear', ['type', 'fraction', 'periodDays']],
]);

/** A copy of a checked decay spec with its type's keys only (nothing of the caller's is kept, or frozen). */
function copyDecay(d: DecaySpec): DecaySpec {
  const keys = DECAY_KEYS.get(d.type)!;
  return Object.fromEntries(keys.map((k) => [k, (d as unknown as Record<string, unknown>)[k]])) as unknown as DecaySpec;
}

function checkDecay(d: unknown, path: PathSegment[], issues: CrmIssue[]): void {
  if (!isObj(d))
    return void issues.push({ path, message: 'decay must be an object with a `type`', code: 'invalid_value' });
  const pos = (k: string, max = Infinity): void => {
    const v = d[k];
    if (!(typeof v === 'number' && Number.isFinite(v) && v > 0 && v <= max))
      issues.push({
        path: [...path, k],
        message: `\`${k}\` must be a positive number${max < Infinity ? ` ≤ ${max}` : ''}`,
        code: 'invalid_value',
      });
  };
  const keys = DECAY_KEYS.get(d.type);
  if (keys !== undefined)
    for (const key of Object.keys(d))
      if (!keys.includes(key)) issues.push(crmIssue.unrecognizedKeys(path, [key], keys));
  switch (d.type) {
    case 'none':
      return;
    case 'halfLife':
    case 'window':
      return pos('days');
    case 'linear':
      pos('fraction', 1);
      pos('periodDays');
      return;
    default:
      issues.push({
        path: [...path, 'type'],
        message: `Unknown decay type '${showValue(d.type)}'; allowed: none, halfLife, linear, window`,
        code: 'invalid_value',
      });
  }
}

/**
 * Validates a rule-model definition and returns it frozen with defaults filled in. Every problem is
 * reported at once, each issue with its path: unknown fields, unknown operators, bad values, unknown
 * activity kinds/channels/directions, duplicate or malformed rule ids, points that are not a number
 * in [−10¹², 10¹²], bad decay, caps with `min > max`, thresholds out of order (`mql > sql`) and grade cut points not strictly
 * descending. Rule ids are non-empty and made of letters, digits and `_ . : -` (ids starting with `$`
 * are reserved for cap adjustments).
 *
 * @example
 * ```ts
 * const r = defineScoringModel({
 *   rules: [
 *     { id: 'title-vp', axis: 'fit', when: { field: 'title', op: 'contains', value: 'VP' }, points: 20 },
 *     { id: 'pricing-visits', axis: 'engagement', when: { activity: { all: [{ field: 'kind', op: 'eq', value: 'web' }, { field: 'subject', op: 'contains', value: 'pricing' }] }, atLeast: 2, withinDays: 30 }, points: 15 },
 *   ],
 *   decay: { engagement: { type: 'halfLife', days: 30 } },
 *   thresholds: { mql: 50, sql: 80 },
 * });
 * r.ok; //=> true
 * defineScoringModel({ rules: [{ id: 'x', axis: 'fit', when: { field: 'shoeSize', op: 'eq', value: 9 }, points: 1 }] }).ok; //=> false
 * ```
 */
export function defineScoringModel(definition: ScoringModelDefinition): Result<ScoringModel> {
  try {
    return defineModel(definition);
  } catch (e) {
    if (e instanceof CrmError) return err(e);
    // A getter or proxy of the caller's threw while the definition was read: reported, never thrown.
    return err(
      invalidInput('Scoring model definition', [
        crmIssue.invalidType([], 'a readable definition (reading it threw)', undefined),
      ]),
    );
  }
}

/**
 * A scoring model checked again before it is used, as `defineScoringModel` checks a definition (a model
 * is its definition with the defaults filled in, and `kind: 'rules'`): a model edited or built by hand
 * gives a `validation_failed` Result with paths under `model`, never a TypeError or NaN points. The
 * checked copy is what the scorer uses.
 */
export function checkScoringModel(model: unknown): Result<ScoringModel> {
  const refused = (): Result<never> =>
    err(
      invalidInput('Scoring model', [
        crmIssue.invalidType(['model'], 'a ScoringModel made by defineScoringModel', model),
      ]),
    );
  if (typeof model === 'object' && model !== null && MADE.has(model)) return ok(model as ScoringModel);
  let definition: Record<string, unknown>;
  try {
    if (!isObj(model) || model.kind !== 'rules') return refused();
    const { kind: _kind, thresholds, grades, ...rest } = model;
    definition = rest;
    if (grades !== null) definition.grades = grades;
    if (isObj(thresholds))
      definition.thresholds = Object.fromEntries(Object.entries(thresholds).filter(([, v]) => v !== null));
    else definition.thresholds = thresholds;
  } catch {
    return refused();
  }
  const r = defineScoringModel(definition as unknown as ScoringModelDefinition);
  if (r.ok) return r;
  return err(invalidInput('Scoring model', prefixIssues(r.error.issues, ['model'])));
}

function defineModel(definition: ScoringModelDefinition): Result<ScoringModel> {
  const issues: CrmIssue[] = [];
  const def = definition as unknown;
  if (!isObj(def))
    return fail('validation_failed', 'A scoring model definition must be an object', [
      { path: [], message: 'expected an object', code: 'invalid_type' },
    ]);
  const extra = def.extraFields;
  let extraFields: Readonly<Record<string, FieldType>> = {};
  if (extra !== undefined) {
    const c = isObj(extra) ? defineFieldCatalog('extraFields', extra as Record<string, FieldType>) : null;
    if (c === null)
      issues.push(
        crmIssue.invalidType(['extraFields'], "an object of field name → type, e.g. { employees: 'number' }", extra),
      );
    else if (!c.ok)
      issues.push(
        ...prefixIssues(
          c.error.issues.map((i) => ({ ...i, path: i.path.slice(1) })),
          ['extraFields'],
        ),
      );
    else extraFields = c.value.fields;
  }
  const catalog = scoringCatalog(extraFields);
  const rules = def.rules;
  if (!Array.isArray(rules)) {
    issues.push({ path: ['rules'], message: '`rules` must be an array', code: 'invalid_type' });
  } else {
    const seen = new Map<string, number>();
    rules.forEach((r, i) => {
      const p: PathSegment[] = ['rules', i];
      if (!isObj(r))
        return void issues.push({
          path: p,
          message: 'A rule must be an object { id, axis, when, points }',
          code: 'invalid_type',
        });
      if (typeof r.id !== 'string' || !ID_PATTERN.test(r.id)) {
        issues.push({
          path: [...p, 'id'],
          message: 'Rule id must be a non-empty string of letters, digits and _ . : - (not starting with $)',
          code: 'invalid_id',
        });
      } else if (seen.has(r.id)) {
        issues.push({
          path: [...p, 'id'],
          message: `Duplicate rule id '${showValue(r.id)}' (first used by rules[${seen.get(r.id)}])`,
          code: 'duplicate',
        });
      } else seen.set(r.id, i);
      if (r.axis !== 'fit' && r.axis !== 'engagement')
        issues.push({
          path: [...p, 'axis'],
          message: `Unknown axis '${showValue(r.axis)}'; allowed: fit, engagement`,
          code: 'invalid_value',
        });
      if (!(typeof r.points === 'number' && Math.abs(r.points) <= MAX_RULE_POINTS))
        issues.push({
          path: [...p, 'points'],
          message: `\`points\` must be a number in [-${MAX_RULE_POINTS}, ${MAX_RULE_POINTS}] (negative allowed)`,
          code: 'invalid_value',
        });
      if (
        r.maxPoints !== undefined &&
        !(typeof r.maxPoints === 'number' && Number.isFinite(r.maxPoints) && r.maxPoints > 0)
      )
        issues.push({
          path: [...p, 'maxPoints'],
          message: '`maxPoints` must be a positive finite number',
          code: 'invalid_value',
        });
      if (r.per !== undefined && r.per !== 'match' && r.per !== 'activity')
        issues.push({ path: [...p, 'per'], message: "`per` must be 'match' or 'activity'", code: 'invalid_value' });
      if (r.per === 'activity' && !(isObj(r.when) && 'activity' in r.when))
        issues.push({
          path: [...p, 'per'],
          message: "`per: 'activity'` needs `when` to be an activity test",
          code: 'invalid_value',
        });
      if (r.description !== undefined && typeof r.description !== 'string')
        issues.push({ path: [...p, 'description'], message: '`description` must be a string', code: 'invalid_value' });
      for (const key of Object.keys(r))
        if (!(RULE_KEYS as readonly string[]).includes(key))
          issues.push(crmIssue.unrecognizedKeys([...p], [key], RULE_KEYS));
      checkCondition(r.when, [...p, 'when'], catalog, issues);
    });
  }
  let decay: DecaySpec = { type: 'none' };
  if (def.decay !== undefined) {
    if (!isObj(def.decay))
      issues.push({ path: ['decay'], message: 'decay must be { engagement?: { type, ... } }', code: 'invalid_value' });
    else {
      for (const key of Object.keys(def.decay))
        if (key !== 'engagement')
          issues.push({
            path: ['decay', key],
            message: `Decay applies to engagement only; unknown key '${key}'`,
            code: 'invalid_value',
          });
      if (def.decay.engagement !== undefined) {
        checkDecay(def.decay.engagement, ['decay', 'engagement'], issues);
        decay = def.decay.engagement as DecaySpec;
      }
    }
  }
  const caps: { fit: AxisCap; engagement: AxisCap } = { fit: {}, engagement: {} };
  if (def.caps !== undefined) {
    if (!isObj(def.caps))
      issues.push({
        path: ['caps'],
        message: 'caps must be { fit?: { min?, max? }, engagement?: { min?, max? } }',
        code: 'invalid_value',
      });
    else
      for (const [axis, cap] of Object.entries(def.caps)) {
        if (axis !== 'fit' && axis !== 'engagement') {
          issues.push({
            path: ['caps', axis],
            message: `Unknown axis '${axis}'; allowed: fit, engagement`,
            code: 'invalid_value',
          });
          continue;
        }
        if (!isObj(cap)) {
          issues.push({ path: ['caps', axis], message: 'a cap must be { min?, max? }', code: 'invalid_value' });
          continue;
        }
        for (const key of Object.keys(cap))
          if (key !== 'min' && key !== 'max')
            issues.push(crmIssue.unrecognizedKeys(['caps', axis], [key], ['min', 'max']));
        for (const b of ['min', 'max'] as const)
          if (cap[b] !== undefined && !(typeof cap[b] === 'number' && Number.isFinite(cap[b])))
            issues.push({
              path: ['caps', axis, b],
              message: `\`${b}\` must be a finite number`,
              code: 'invalid_value',
            });
        if (typeof cap.min === 'number' && typeof cap.max === 'number' && cap.min > cap.max)
          issues.push({
            path: ['caps', axis],
            message: `cap min (${cap.min}) is above max (${cap.max})`,
            code: 'invalid_value',
          });
        caps[axis] = {
          ...(cap.min !== undefined ? { min: cap.min as number } : {}),
          ...(cap.max !== undefined ? { max: cap.max as number } : {}),
        };
      }
  }
  const thresholds = { mql: null as number | null, sql: null as number | null };
  if (def.thresholds !== undefined) {
    if (!isObj(def.thresholds))
      issues.push({ path: ['thresholds'], message: 'thresholds must be { mql?, sql? }', code: 'invalid_value' });
    else {
      for (const key of Object.keys(def.thresholds)) {
        if (key !== 'mql' && key !== 'sql') {
          issues.push({
            path: ['thresholds', key],
            message: `Unknown threshold '${key}'; allowed: mql, sql`,
            code: 'invalid_value',
          });
          continue;
        }
        const v = def.thresholds[key];
        if (!(typeof v === 'number' && Number.isFinite(v)))
          issues.push({
            path: ['thresholds', key],
            message: `threshold ${key} must be a finite number`,
            code: 'invalid_value',
          });
        else thresholds[key] = v;
      }
      if (thresholds.mql !== null && thresholds.sql !== null && thresholds.mql > thresholds.sql)
        issues.push({
          path: ['thresholds'],
          message: `thresholds out of order: mql (${thresholds.mql}) must be ≤ sql (${thresholds.sql})`,
          code: 'out_of_order',
        });
    }
  }
  let grades: GradeCuts | null = null;
  if (def.grades !== undefined) {
    if (!isObj(def.grades))
      issues.push({
        path: ['grades'],
        message: 'grades must be { fit: [a, b, c], engagement: [x, y, z] }',
        code: 'invalid_value',
      });
    else {
      let good = true;
      for (const key of Object.keys(def.grades))
        if (key !== 'fit' && key !== 'engagement') {
          good = false;
          issues.push(crmIssue.unrecognizedKeys(['grades'], [key], ['fit', 'engagement']));
        }
      for (const axis of ['fit', 'engagement'] as const) {
        const cuts = def.grades[axis];
        if (
          !Array.isArray(cuts) ||
          cuts.length !== 3 ||
          !cuts.every((x) => typeof x === 'number' && Number.isFinite(x))
        ) {
          good = false;
          issues.push({
            path: ['grades', axis],
            message: `grades.${axis} must be three finite numbers (cut points for ${axis === 'fit' ? 'A, B, C' : '1, 2, 3'})`,
            code: 'invalid_value',
          });
        } else if (!(cuts[0] > cuts[1] && cuts[1] > cuts[2])) {
          good = false;
          issues.push({
            path: ['grades', axis],
            message: `grades.${axis} cut points must be strictly descending; got [${cuts.join(', ')}]`,
            code: 'invalid_value',
          });
        }
      }
      if (good)
        grades = {
          fit: [...(def.grades.fit as number[])] as unknown as GradeCuts['fit'],
          engagement: [...(def.grades.engagement as number[])] as unknown as GradeCuts['engagement'],
        };
    }
  }
  for (const key of Object.keys(def))
    if (!(MODEL_KEYS as readonly string[]).includes(key)) issues.push(crmIssue.unrecognizedKeys([], [key], MODEL_KEYS));
  const meta: { id?: string; name?: string; description?: string; version?: string | number } = {};
  for (const key of ['id', 'name', 'description'] as const) {
    const v = def[key];
    if (v === undefined) continue;
    if (typeof v !== 'string' || v.length > 10_000) issues.push(crmIssue.invalidType([key], 'a string', v));
    else meta[key] = v;
  }
  if (def.version !== undefined) {
    const v = def.version;
    if (!(typeof v === 'string' || (typeof v === 'number' && Number.isSafeInteger(v))))
      issues.push(crmIssue.invalidType(['version'], 'a string or an integer', v));
    else meta.version = v;
  }
  if (issues.length > 0) return err(invalidInput('Scoring model definition', issues));
  const model: ScoringModel = {
    kind: 'rules',
    ...meta,
    rules: JSON.parse(JSON.stringify(rules)) as ScoringRule[],
    decay: { engagement: copyDecay(decay) },
    caps,
    thresholds,
    grades,
    extraFields: { ...extraFields },
  };
  const frozen = deepFreeze(model);
  MADE.add(frozen);
  return ok(frozen);
}

/**
 * The models {@link defineScoringModel} made (deep-frozen, so they cannot have changed since): checked
 * at once by {@link checkScoringModel}. A brand of this copy of crmkit, like conditions' and pipelines'.
 */
const MADE = /* @__PURE__ */ new WeakSet<object>();
