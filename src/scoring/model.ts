/**
 * Rule-based scoring models: the JSON definition language and its validation.
 *
 * @module
 */
import { ok, fail, type Result } from '../core/result.js';
import type { CrmIssue, CrmIssueCode, PathSegment } from '../core/errors.js';
import { ACTIVITY_KINDS, ACTIVITY_DIRECTIONS, CHANNELS } from '../entities/enums.js';
import { deepFreeze } from '../_lib/freeze.js';
import { LEAD_FIELDS as ENTITY_LEAD_FIELDS } from '../entities/lead.js';
import { showValue } from '../_lib/show.js';

/** The two axes of a lead score: who the lead is (`fit`) and what the lead does (`engagement`). */
export type ScoreAxis = 'fit' | 'engagement';

/**
 * Operators of a field test.
 *
 * @example
 * ```ts
 * FIELD_OPERATORS.includes('matches'); //=> true
 * ```
 */
export const FIELD_OPERATORS = ['eq', 'neq', 'in', 'gt', 'gte', 'lt', 'lte', 'contains', 'exists', 'matches'] as const;
/** @example `const op: FieldOperator = 'contains';` */
export type FieldOperator = (typeof FIELD_OPERATORS)[number];

/** A JSON value usable as a test value. */
export type ConditionValue = string | number | boolean | null;

/**
 * A test on one lead field, addressed by name or by a dotted path under `customFields.`.
 *
 * - `eq` / `neq`: strict equality of strings, numbers, booleans, `null`; a Date field compares with an ISO string by instant.
 * - `in`: equals one of `value` (an array).
 * - `gt` / `gte` / `lt` / `lte`: numbers, or Dates against an ISO date string; other types never match.
 * - `contains`: case-insensitive substring of a string field (`caseSensitive: true` to change), or membership in an array field.
 * - `exists`: the field is present, not `null` and not `''` (`value: false` tests the opposite).
 * - `matches`: a safe literal pattern, case-insensitive, where `*` stands for any run of characters and
 *   `?` for one character; everything else is literal (no regular expressions, so no catastrophic backtracking).
 *
 * @example
 * ```ts
 * const t: FieldTest = { field: 'email', op: 'matches', value: '*@gmail.com' };
 * ```
 */
export interface FieldTest {
  readonly field: string;
  readonly op: FieldOperator;
  readonly value?: ConditionValue | readonly ConditionValue[];
  readonly caseSensitive?: boolean;
}

/**
 * Which activities an activity test counts. Every given property must match: `kind`, `channel`,
 * `direction` and `action` exactly; `subject` as a case-insensitive substring.
 *
 * @example
 * ```ts
 * const f: ActivityFilter = { kind: 'web', subject: 'pricing' };
 * ```
 */
export interface ActivityFilter {
  readonly kind?: string;
  readonly channel?: string;
  readonly direction?: string;
  readonly action?: string;
  readonly subject?: string;
}

/**
 * Counts a lead's activities matching `activity` that occurred in the last `withinDays` days before
 * `asOf` (all of them up to `asOf` when omitted; activities after `asOf` are never seen) and matches
 * when the count is at least `atLeast` (default 1) and at most `atMost` (no limit by default).
 *
 * @example
 * ```ts
 * const t: ActivityTest = { activity: { kind: 'web', subject: 'pricing' }, atLeast: 2, withinDays: 30 };
 * ```
 */
export interface ActivityTest {
  readonly activity: ActivityFilter;
  readonly atLeast?: number;
  readonly atMost?: number;
  readonly withinDays?: number;
}

/**
 * The JSON condition language: a field test, an activity test, or `all` / `any` / `not` of conditions.
 * `all: []` is always true and `any: []` always false.
 *
 * @example
 * ```ts
 * const c: Condition = { all: [{ field: 'country', op: 'in', value: ['US', 'CA'] }, { not: { field: 'email', op: 'matches', value: '*@gmail.com' } }] };
 * ```
 */
export type Condition =
  | FieldTest
  | ActivityTest
  | { readonly all: readonly Condition[] }
  | { readonly any: readonly Condition[] }
  | { readonly not: Condition };

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
  readonly when: Condition;
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
 * The serializable definition of a rule model.
 *
 * @example
 * ```ts
 * const d: ScoringModelDefinition = {
 *   rules: [{ id: 'title-vp', axis: 'fit', when: { field: 'title', op: 'contains', value: 'VP' }, points: 20 }],
 *   thresholds: { mql: 50, sql: 80 },
 * };
 * ```
 */
export interface ScoringModelDefinition {
  readonly rules: readonly ScoringRule[];
  readonly decay?: { readonly engagement?: DecaySpec };
  readonly caps?: { readonly fit?: AxisCap; readonly engagement?: AxisCap };
  readonly thresholds?: { readonly mql?: number; readonly sql?: number };
  readonly grades?: GradeCuts;
  /** Extra field names (beyond the Lead fields and `customFields.*`) that field tests may use. */
  readonly extraFields?: readonly string[];
}

/**
 * A validated, frozen, JSON-serializable rule model (the definition with defaults filled in).
 *
 * @example
 * ```ts
 * const model: ScoringModel = unwrap(defineScoringModel({ rules: [] }));
 * model.decay.engagement; //=> { type: 'none' }
 * ```
 */
export interface ScoringModel {
  readonly kind: 'rules';
  readonly rules: readonly ScoringRule[];
  readonly decay: { readonly engagement: DecaySpec };
  readonly caps: { readonly fit: AxisCap; readonly engagement: AxisCap };
  readonly thresholds: { readonly mql: number | null; readonly sql: number | null };
  readonly grades: GradeCuts | null;
  readonly extraFields: readonly string[];
}

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
  Object.freeze([
    ...new Set<string>([
      'id',
      'createdAt',
      'updatedAt',
      'version',
      'customFields',
      'firstName',
      'lastName',
      'email',
      'phone',
      'company',
      'title',
      'industry',
      'country',
      'website',
      'source',
      'status',
      'qualification',
      'score',
      'ownerId',
      'convertedAt',
      'convertedContactId',
      'convertedAccountId',
      'convertedDealId',
      ...ENTITY_LEAD_FIELDS,
      'score.fit',
      'score.engagement',
      'score.total',
      'score.grade',
      'score.scoredAt',
    ]),
  ]))();

const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.:\-]*$/;

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
function isScalar(v: unknown): v is ConditionValue {
  return v === null || typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v));
}

function checkCondition(c: unknown, path: PathSegment[], fields: ReadonlySet<string>, issues: CrmIssue[]): void {
  const add = (p: PathSegment[], message: string, code: CrmIssueCode): void =>
    void issues.push({ path: p, message, code });
  if (!isObj(c))
    return add(path, 'A condition must be an object with `field`, `activity`, `all`, `any` or `not`', 'invalid_type');
  const keys = ['field', 'activity', 'all', 'any', 'not'].filter((k) => k in c);
  if (keys.length !== 1)
    return add(
      path,
      `A condition must have exactly one of field/activity/all/any/not; found ${keys.length === 0 ? 'none' : keys.join(', ')}`,
      'invalid_type',
    );
  const k = keys[0]!;
  if (k === 'all' || k === 'any') {
    const list = c[k];
    if (!Array.isArray(list)) return add([...path, k], `\`${k}\` must be an array of conditions`, 'invalid_type');
    list.forEach((sub, i) => checkCondition(sub, [...path, k, i], fields, issues));
    return;
  }
  if (k === 'not') return checkCondition(c.not, [...path, 'not'], fields, issues);
  if (k === 'field') {
    const f = c.field;
    if (typeof f !== 'string' || f === '')
      return add([...path, 'field'], '`field` must be a non-empty string', 'invalid_value');
    if (!fields.has(f) && !(f.startsWith('customFields.') && f.length > 'customFields.'.length)) {
      add(
        [...path, 'field'],
        `Unknown field '${f}': use a Lead field (${SCORING_LEAD_FIELDS.join(', ')}), a 'customFields.<name>' path, or declare it in extraFields`,
        'unknown_field',
      );
    }
    const op = c.op;
    if (typeof op !== 'string' || !(FIELD_OPERATORS as readonly string[]).includes(op)) {
      return add(
        [...path, 'op'],
        `Unknown operator '${showValue(op)}'; allowed: ${FIELD_OPERATORS.join(', ')}`,
        'unknown_operator',
      );
    }
    const v = c.value;
    const vp = [...path, 'value'];
    switch (op as FieldOperator) {
      case 'eq':
      case 'neq':
        if (!isScalar(v)) add(vp, `\`${op}\` needs a string, finite number, boolean or null value`, 'invalid_value');
        break;
      case 'in':
        if (!Array.isArray(v) || !v.every(isScalar))
          add(vp, '`in` needs an array of strings, finite numbers, booleans or null', 'invalid_value');
        break;
      case 'gt':
      case 'gte':
      case 'lt':
      case 'lte':
        if (!(
          (typeof v === 'number' && Number.isFinite(v)) ||
          (typeof v === 'string' && !Number.isNaN(Date.parse(v)))
        )) {
          add(vp, `\`${op}\` needs a finite number or an ISO date string`, 'invalid_value');
        }
        break;
      case 'contains':
        if (!isScalar(v) || v === null) add(vp, '`contains` needs a string, number or boolean value', 'invalid_value');
        break;
      case 'exists':
        if (v !== undefined && typeof v !== 'boolean')
          add(vp, '`exists` takes an optional boolean value', 'invalid_value');
        break;
      case 'matches':
        if (typeof v !== 'string' || v === '')
          add(vp, '`matches` needs a non-empty pattern string (`*` = any run, `?` = one character)', 'invalid_value');
        break;
    }
    if (c.caseSensitive !== undefined && typeof c.caseSensitive !== 'boolean')
      add([...path, 'caseSensitive'], '`caseSensitive` must be a boolean', 'invalid_value');
    return;
  }
  // activity test
  const a = c.activity;
  if (!isObj(a))
    return add(
      [...path, 'activity'],
      '`activity` must be an object filter { kind?, channel?, direction?, action?, subject? }',
      'invalid_type',
    );
  const vocab: Record<string, readonly string[] | null> = {
    kind: ACTIVITY_KINDS,
    channel: CHANNELS,
    direction: ACTIVITY_DIRECTIONS,
    action: null,
    subject: null,
  };
  for (const [key, val] of Object.entries(a)) {
    if (!(key in vocab)) {
      add(
        [...path, 'activity', key],
        `Unknown activity filter '${key}'; allowed: kind, channel, direction, action, subject`,
        'unknown_field',
      );
      continue;
    }
    if (typeof val !== 'string' || val === '') {
      add([...path, 'activity', key], `\`${key}\` must be a non-empty string`, 'invalid_value');
      continue;
    }
    const allowed = vocab[key];
    if (allowed && !allowed.includes(val))
      add(
        [...path, 'activity', key],
        `Unknown activity ${key} '${val}'; allowed: ${allowed.join(', ')}`,
        'invalid_value',
      );
  }
  const nonNegInt = (name: string): void => {
    const v = c[name];
    if (v !== undefined && !(Number.isSafeInteger(v) && (v as number) >= 0))
      add([...path, name], `\`${name}\` must be a non-negative integer`, 'invalid_value');
  };
  nonNegInt('atLeast');
  nonNegInt('atMost');
  if (typeof c.atLeast === 'number' && typeof c.atMost === 'number' && c.atMost < c.atLeast)
    add([...path, 'atMost'], '`atMost` must be ≥ `atLeast`', 'invalid_value');
  if (
    c.withinDays !== undefined &&
    !(typeof c.withinDays === 'number' && Number.isFinite(c.withinDays) && c.withinDays > 0)
  )
    add([...path, 'withinDays'], '`withinDays` must be a positive number of days', 'invalid_value');
  for (const key of Object.keys(c))
    if (!['activity', 'atLeast', 'atMost', 'withinDays'].includes(key))
      add(
        [...path, key],
        `Unknown key '${key}' in an activity test; allowed: activity, atLeast, atMost, withinDays`,
        'unrecognized_keys',
      );
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
 * activity kinds/channels/directions, duplicate or malformed rule ids, non-finite points, bad decay,
 * caps with `min > max`, thresholds out of order (`mql > sql`) and grade cut points not strictly
 * descending. Rule ids are non-empty and made of letters, digits and `_ . : -` (ids starting with `$`
 * are reserved for cap adjustments).
 *
 * @example
 * ```ts
 * const r = defineScoringModel({
 *   rules: [
 *     { id: 'title-vp', axis: 'fit', when: { field: 'title', op: 'contains', value: 'VP' }, points: 20 },
 *     { id: 'pricing-visits', axis: 'engagement', when: { activity: { kind: 'web', subject: 'pricing' }, atLeast: 2, withinDays: 30 }, points: 15 },
 *   ],
 *   decay: { engagement: { type: 'halfLife', days: 30 } },
 *   thresholds: { mql: 50, sql: 80 },
 * });
 * r.ok; //=> true
 * defineScoringModel({ rules: [{ id: 'x', axis: 'fit', when: { field: 'shoeSize', op: 'eq', value: 9 }, points: 1 }] }).ok; //=> false
 * ```
 */
export function defineScoringModel(definition: ScoringModelDefinition): Result<ScoringModel> {
  const issues: CrmIssue[] = [];
  const def = definition as unknown;
  if (!isObj(def))
    return fail('validation_failed', 'A scoring model definition must be an object', [
      { path: [], message: 'expected an object', code: 'invalid_type' },
    ]);
  const extra = def.extraFields;
  const extraFields: string[] = [];
  if (extra !== undefined) {
    if (!Array.isArray(extra) || !extra.every((x) => typeof x === 'string' && x !== ''))
      issues.push({
        path: ['extraFields'],
        message: 'extraFields must be an array of non-empty strings',
        code: 'invalid_value',
      });
    else extraFields.push(...(extra as string[]));
  }
  const fields = new Set<string>([...SCORING_LEAD_FIELDS, ...extraFields]);
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
      if (!(typeof r.points === 'number' && Number.isFinite(r.points)))
        issues.push({
          path: [...p, 'points'],
          message: '`points` must be a finite number (negative allowed)',
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
      checkCondition(r.when, [...p, 'when'], fields, issues);
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
    if (!['rules', 'decay', 'caps', 'thresholds', 'grades', 'extraFields'].includes(key))
      issues.push({
        path: [key],
        message: `Unknown key '${key}'; allowed: rules, decay, caps, thresholds, grades, extraFields`,
        code: 'unrecognized_keys',
      });
  if (issues.length > 0)
    return fail(
      'validation_failed',
      `Scoring model definition has ${issues.length} problem${issues.length === 1 ? '' : 's'}`,
      issues,
    );
  const model: ScoringModel = {
    kind: 'rules',
    rules: JSON.parse(JSON.stringify(rules)) as ScoringRule[],
    decay: { engagement: { ...decay } },
    caps,
    thresholds,
    grades,
    extraFields,
  };
  return ok(deepFreeze(model));
}
