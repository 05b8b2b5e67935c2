/**
 * Segments as data: a named condition, in the one condition language, on contacts, leads or accounts.
 *
 * @module
 */
import { err, ok, type Result } from '../core/result.js';
import { CrmError, prefixIssues, type CrmIssue } from '../core/errors.js';
import { checkOptionKeys, crmIssue, invalidInput } from '../core/issues.js';
import { thrownText } from '../_lib/show.js';
import { defineCondition, isCondition, type AnyCondition } from '../conditions/define.js';
import { isFieldType, type FieldType } from '../conditions/catalog.js';
import type { ConditionExtension } from '../conditions/extension.js';
import type { ConditionJson } from '../conditions/types.js';
import { activityTests } from '../conditions/extensions/activityTests.js';
import { measureTests } from '../conditions/extensions/measureTests.js';

/**
 * The kinds of record a segment selects.
 *
 * @example
 * ```ts
 * SEGMENT_OBJECTS.includes('account'); //=> true
 * ```
 */
export const SEGMENT_OBJECTS = /* @__PURE__ */ Object.freeze(['contact', 'lead', 'account'] as const);

/**
 * A kind of record a segment selects: `contact`, `lead` or `account`.
 *
 * @example
 * ```ts
 * const o: SegmentObject = 'contact';
 * ```
 */
export type SegmentObject = (typeof SEGMENT_OBJECTS)[number];

/**
 * The measures every segment may test without declaring them (`{ measure: 'lastPurchaseAt', op: 'gte',
 * value: { $now: '-P90D' } }`), with their types. Their values come from the `measures` option of
 * `segmentMembers`.
 * - `lifetimeValue` (money): what the customer is worth (historical or predicted — the host decides);
 * - `purchases` (number), `firstPurchaseAt` and `lastPurchaseAt` (date);
 * - `npsAnswered` (boolean), `npsScore` (number, the latest answer, 0–10);
 * - `rfmScore` (text, e.g. `'534'`) and `rfmSegment` (text, e.g. `'Champions'`).
 *
 * @example
 * ```ts
 * DEFAULT_SEGMENT_MEASURES.lastPurchaseAt; //=> 'date'
 * ```
 */
export const DEFAULT_SEGMENT_MEASURES: Readonly<Record<string, FieldType>> = /* @__PURE__ */ Object.freeze({
  lifetimeValue: 'money',
  purchases: 'number',
  firstPurchaseAt: 'date',
  lastPurchaseAt: 'date',
  npsAnswered: 'boolean',
  npsScore: 'number',
  rfmScore: 'text',
  rfmSegment: 'text',
});

/**
 * A segment as JSON: what is stored and what {@link defineSegment} checks.
 * - `id`: letters, digits and `_ . : -`, at most 100 characters (it names groups and events);
 * - `name`: the display name, 1–200 characters;
 * - `object`: `contact`, `lead` or `account`;
 * - `where`: a condition on that object — field tests, activity tests (`{ activity, atLeast, withinDays }`)
 *   and measure tests (`{ measure, op, value }`), combined with `all` / `any` / `not`;
 * - `description`: optional, at most 2,000 characters.
 *
 * @example
 * ```ts
 * const json: SegmentJson = {
 *   id: 'high-value',
 *   name: 'High-value customers',
 *   object: 'contact',
 *   where: { measure: 'lifetimeValue', op: 'gte', value: { amount: '1000', currency: 'USD' } },
 * };
 * ```
 */
export interface SegmentJson {
  readonly id: string;
  readonly name: string;
  readonly object: SegmentObject;
  readonly where: ConditionJson<never, unknown> | unknown;
  readonly description?: string | null;
}

/**
 * A checked segment (made by {@link defineSegment}; frozen). `where` is the checked condition; `measures`
 * the measures its condition may test.
 *
 * @example
 * ```ts
 * const s: Segment = unwrap(defineSegment({ id: 'vip', name: 'VIP', object: 'contact', where: { field: 'customFields.tier', op: 'eq', value: 'vip' } }));
 * s.object; //=> 'contact'
 * ```
 */
export interface Segment {
  readonly id: string;
  readonly name: string;
  readonly object: SegmentObject;
  readonly description: string | null;
  readonly where: AnyCondition;
  readonly measures: Readonly<Record<string, FieldType>>;
}

/**
 * Options of {@link defineSegment}.
 * - `measures`: more measures the condition may test, with their types (added to
 *   {@link DEFAULT_SEGMENT_MEASURES}; a default may be given another type);
 * - `extensions`: a host's own condition extensions (activity and measure tests are always there).
 *
 * @example
 * ```ts
 * const o: DefineSegmentOptions = { measures: { openTickets: 'number' } };
 * ```
 */
export interface DefineSegmentOptions {
  readonly measures?: Readonly<Record<string, FieldType>>;
  readonly extensions?: readonly ConditionExtension[];
}

const SEGMENT_KEYS = ['id', 'name', 'object', 'where', 'description'] as const;
const ID = /^[A-Za-z0-9_.:-]{1,100}$/;

const SEGMENTS = /* @__PURE__ */ new WeakSet<object>();

function isRecord(v: unknown): v is Readonly<Record<string, unknown>> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function checkText(
  v: unknown,
  path: string,
  max: number,
  issues: CrmIssue[],
  pattern?: RegExp,
  patternText?: string,
): v is string {
  if (typeof v !== 'string') {
    issues.push(crmIssue.invalidType([path], `a string of 1–${max} characters`, v));
    return false;
  }
  if (v.length === 0 || v.length > max || (pattern !== undefined && !pattern.test(v))) {
    issues.push(
      crmIssue.invalidValue(
        [path],
        `must be ${patternText ?? `1–${max} characters`}`,
        v.length > 200 ? `${v.slice(0, 40)}…` : v,
      ),
    );
    return false;
  }
  return true;
}

function measureTypes(v: unknown, issues: CrmIssue[]): Readonly<Record<string, FieldType>> {
  if (v === undefined) return DEFAULT_SEGMENT_MEASURES;
  if (!isRecord(v)) {
    issues.push(crmIssue.invalidType(['options', 'measures'], 'an object of measure names and field types', v));
    return DEFAULT_SEGMENT_MEASURES;
  }
  const out: Record<string, FieldType> = { ...DEFAULT_SEGMENT_MEASURES };
  for (const [k, t] of Object.entries(v)) {
    if (!isFieldType(t)) {
      issues.push(crmIssue.invalidValue(['options', 'measures', k], 'must be a field type', t));
      continue;
    }
    Object.defineProperty(out, k, { value: t, enumerable: true, writable: true, configurable: true });
  }
  return Object.freeze(out);
}

function extensionList(v: unknown, issues: CrmIssue[]): readonly ConditionExtension[] {
  if (v === undefined) return [];
  if (!Array.isArray(v)) {
    issues.push(crmIssue.invalidType(['options', 'extensions'], 'an array of condition extensions', v));
    return [];
  }
  return v as readonly ConditionExtension[];
}

function define(json: unknown, options: unknown): Result<Segment> {
  const issues: CrmIssue[] = [...checkOptionKeys(options, ['measures', 'extensions'], ['options'])];
  const o = isRecord(options) ? options : {};
  const measures = measureTypes(o['measures'], issues);
  const hostExtensions = extensionList(o['extensions'], issues);
  if (!isRecord(json)) {
    issues.push(crmIssue.invalidType([], 'a segment { id, name, object, where, description? }', json));
    return err(invalidInput('Segment', issues));
  }
  issues.push(...checkOptionKeys(json, SEGMENT_KEYS));
  const { id, name, object, where, description } = json;
  checkText(id, 'id', 100, issues, ID, "1–100 letters, digits or '_ . : -'");
  checkText(name, 'name', 200, issues);
  if (description !== undefined && description !== null) checkText(description, 'description', 2000, issues);
  const kind = SEGMENT_OBJECTS.find((k) => k === object);
  if (kind === undefined) {
    issues.push(
      crmIssue.invalidValue(['object'], 'must be a kind of record a segment selects', object, SEGMENT_OBJECTS),
    );
    return err(invalidInput('Segment', issues));
  }
  if (!('where' in json)) {
    issues.push(crmIssue.of('invalid_type', ['where'], 'expected a condition; received nothing'));
    return err(invalidInput('Segment', issues));
  }
  let extensions: readonly ConditionExtension[] = [];
  try {
    extensions = [activityTests, measureTests(measures), ...hostExtensions];
  } catch (e) {
    if (!(e instanceof CrmError)) throw e;
    issues.push(...prefixIssues(e.issues, ['options']));
  }
  const jsonWhere = isCondition(where) ? where.json : where;
  const condition = defineCondition(jsonWhere, { entity: kind, extensions });
  if (!condition.ok) {
    const inner = condition.error.issues;
    issues.push(...prefixIssues(inner, inner.some((i) => i.path[0] === 'options') ? [] : ['where']));
  }
  if (issues.length > 0 || !condition.ok) return err(invalidInput('Segment', issues));
  const segment: Segment = Object.freeze({
    id: id as string,
    name: name as string,
    object: kind,
    description: typeof description === 'string' ? description : null,
    where: condition.value as AnyCondition,
    measures,
  });
  SEGMENTS.add(segment);
  return ok(segment);
}

/**
 * Checks a segment definition and returns the segment, frozen. Every problem comes back at once in a
 * `validation_failed` Result, each with its path: unknown keys, a bad id, name or object, and anything
 * wrong in `where` (`['where', 'all', 0, 'field']` for an unknown field of the object, an unknown
 * measure, a bad operator or value). A condition already made by `defineCondition` may be passed as
 * `where`; its JSON is checked again against the segment's object. Never throws for its input.
 *
 * @example
 * ```ts
 * const r = defineSegment({
 *   id: 'frequent-interactors',
 *   name: 'Frequent interactors',
 *   object: 'contact',
 *   where: {
 *     all: [
 *       { field: 'lifecycleStage', op: 'eq', value: 'growth' },
 *       { activity: { field: 'kind', op: 'in', value: ['email', 'call', 'meeting'] }, atLeast: 5, withinDays: 30 },
 *     ],
 *   },
 * });
 * r.ok; //=> true
 * defineSegment({ id: 'x', name: 'X', object: 'contact', where: { field: 'shoeSize', op: 'eq', value: 9 } }).ok; //=> false
 * ```
 */
export function defineSegment(json: SegmentJson, options?: DefineSegmentOptions | null): Result<Segment> {
  try {
    return define(json, options);
  } catch (e) {
    if (e instanceof CrmError) return err(e);
    return err(
      invalidInput('Segment', [
        crmIssue.invalidType([], `a readable segment (reading it threw: ${thrownText(e)})`, undefined),
      ]),
    );
  }
}

/**
 * Whether a value is a segment made by {@link defineSegment}.
 *
 * @example
 * ```ts
 * isSegment(unwrap(defineSegment({ id: 'all', name: 'Everyone', object: 'lead', where: { all: [] } }))); //=> true
 * isSegment({ id: 'all', name: 'Everyone', object: 'lead', where: { all: [] } }); //=> false
 * ```
 */
export function isSegment(value: unknown): value is Segment {
  return typeof value === 'object' && value !== null && SEGMENTS.has(value);
}

/**
 * A segment as JSON, to store and to define again (`defineSegment(segmentToJSON(s), sameOptions)`).
 *
 * @throws CrmError `validation_failed` when `segment` was not made by {@link defineSegment}.
 * @example
 * ```ts
 * const s = unwrap(defineSegment({ id: 'open-leads', name: 'Open leads', object: 'lead', where: { field: 'status', op: 'eq', value: 'new' } }));
 * segmentToJSON(s); //=> { id: 'open-leads', name: 'Open leads', object: 'lead', where: { field: 'status', op: 'eq', value: 'new' }, description: null }
 * ```
 */
export function segmentToJSON(segment: Segment): SegmentJson {
  if (!isSegment(segment))
    throw invalidInput('segmentToJSON', [
      crmIssue.invalidType(['segment'], 'a segment made by defineSegment', segment),
    ]);
  return Object.freeze({
    id: segment.id,
    name: segment.name,
    object: segment.object,
    where: segment.where.json,
    description: segment.description,
  });
}
