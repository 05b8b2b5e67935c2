/**
 * The options every membership function takes (`asOf`, `activities`, `measures`, `user`), checked and
 * turned into the condition context a segment's condition is evaluated in.
 *
 * @module
 */
import type { CrmIssue } from '../core/errors.js';
import { checkOptionKeys, crmIssue } from '../core/issues.js';
import { parseIsoInstant } from '../core/dates.js';
import type { ConditionActivity, ConditionContext, ConditionUser } from '../conditions/types.js';
import type { SegmentObject } from './defineSegment.js';
import { callerFunction } from '../metrics/_guard.js';

/**
 * Where a segment finds each record's activities (for activity tests):
 * - a flat list of activities, each linked to its record by `contactId`, `leadId` or `accountId` (the
 *   segment's object); activities linked to nothing are left out;
 * - a Map or an object keyed by record id;
 * - a function of the record.
 *
 * @example
 * ```ts
 * const a: SegmentActivities = [{ kind: 'email', occurredAt: '2026-03-01T09:00:00Z', contactId: 'c1' }];
 * ```
 */
export type SegmentActivities =
  | readonly ConditionActivity[]
  | ReadonlyMap<string, readonly ConditionActivity[]>
  | Readonly<Record<string, readonly ConditionActivity[]>>
  | ((record: unknown) => readonly ConditionActivity[]);

/**
 * Where a segment finds each record's measures (for measure tests): a Map or an object keyed by record
 * id, or a function of the record. A record without measures has none (every measure is null).
 *
 * @example
 * ```ts
 * const m: SegmentMeasures = new Map([['c1', { lastPurchaseAt: new Date('2026-02-20T00:00:00Z'), npsAnswered: true }]]);
 * ```
 */
export type SegmentMeasures =
  | ReadonlyMap<string, Readonly<Record<string, unknown>>>
  | Readonly<Record<string, Readonly<Record<string, unknown>>>>
  | ((record: unknown) => Readonly<Record<string, unknown>>);

/**
 * Options of `segmentMembers` and `segmentMembersInStore`:
 * - `asOf` (required): the instant `$now` values and activity windows count from (a Date or ISO text);
 * - `activities`, `measures`: see {@link SegmentActivities} and {@link SegmentMeasures};
 * - `user`: for `$ref: 'user.…'` values.
 *
 * @example
 * ```ts
 * const o: SegmentMembersOptions = { asOf: new Date('2026-03-31T00:00:00Z') };
 * ```
 */
export interface SegmentMembersOptions {
  readonly asOf: Date | string;
  readonly activities?: SegmentActivities;
  readonly measures?: SegmentMeasures;
  readonly user?: ConditionUser;
}

const OPTION_KEYS = ['asOf', 'activities', 'measures', 'user'] as const;
const NONE: readonly ConditionActivity[] = /* @__PURE__ */ Object.freeze([]);
const NO_MEASURES: Readonly<Record<string, unknown>> = /* @__PURE__ */ Object.freeze({});

function idOf(record: unknown): string | undefined {
  if (record === null || typeof record !== 'object') return undefined;
  const id = (record as { id?: unknown }).id;
  return typeof id === 'string' ? id : undefined;
}

function own<V>(o: object, key: string): V | undefined {
  return Object.prototype.hasOwnProperty.call(o, key) ? (o as Record<string, V>)[key] : undefined;
}

function activitySource(
  v: unknown,
  object: SegmentObject,
  issues: CrmIssue[],
): ConditionContext['activities'] | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'function') return callerFunction(v as (record: unknown) => readonly ConditionActivity[]);
  if (Array.isArray(v)) {
    const link = `${object}Id`;
    const byId = new Map<string, ConditionActivity[]>();
    for (let i = 0; i < v.length; i++) {
      const a: unknown = v[i];
      if (a === null || typeof a !== 'object') {
        issues.push(crmIssue.invalidType(['options', 'activities', i], 'an activity { kind, occurredAt, … }', a));
        continue;
      }
      const id = (a as Record<string, unknown>)[link];
      if (typeof id !== 'string') continue;
      let list = byId.get(id);
      if (list === undefined) byId.set(id, (list = []));
      list.push(a as ConditionActivity);
    }
    return (record) => {
      const id = idOf(record);
      return (id === undefined ? undefined : byId.get(id)) ?? NONE;
    };
  }
  if (v instanceof Map) {
    const m = v as ReadonlyMap<string, readonly ConditionActivity[]>;
    return (record) => {
      const id = idOf(record);
      return (id === undefined ? undefined : m.get(id)) ?? NONE;
    };
  }
  if (typeof v === 'object') {
    const o = v as object;
    return (record) => {
      const id = idOf(record);
      return (id === undefined ? undefined : own<readonly ConditionActivity[]>(o, id)) ?? NONE;
    };
  }
  issues.push(
    crmIssue.invalidType(['options', 'activities'], 'a list of activities, a Map or object by id, or a function', v),
  );
  return undefined;
}

function measureSource(v: unknown, issues: CrmIssue[]): ConditionContext['measures'] | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'function') return callerFunction(v as (record: unknown) => Readonly<Record<string, unknown>>);
  if (v instanceof Map) {
    const m = v as ReadonlyMap<string, Readonly<Record<string, unknown>>>;
    return (record) => {
      const id = record !== null && typeof record === 'object' ? (record as { id?: unknown }).id : undefined;
      if (typeof id !== 'string') return NO_MEASURES;
      const found = m.get(id);
      return found === undefined ? NO_MEASURES : found;
    };
  }
  if (typeof v === 'object' && !Array.isArray(v)) {
    const o = v as object;
    return (record) => {
      const id = idOf(record);
      return (id === undefined ? undefined : own<Readonly<Record<string, unknown>>>(o, id)) ?? NO_MEASURES;
    };
  }
  issues.push(crmIssue.invalidType(['options', 'measures'], 'a Map or object of measures by id, or a function', v));
  return undefined;
}

/**
 * `read`, remembering its last answer: a condition with several measure or activity tests asks for the
 * same record's list several times in a row, and one lookup serves them all.
 */
function lastOne<V>(read: (record: unknown) => V): (record: unknown) => V {
  let last: unknown = undefined;
  let value: V | undefined;
  let has = false;
  return (record) => {
    if (has && record === last) return value as V;
    value = read(record);
    last = record;
    has = true;
    return value;
  };
}

/**
 * @internal The context for one pass over records: the same as `context`, but each record's activities
 * and measures are looked up once however many tests read them (see `lastOne`). Not for explanations
 * made later: the caller's data may have changed by then.
 */
export function scanContext(context: ConditionContext, where: unknown): ConditionContext {
  const reads = { measure: 0, activity: 0 };
  countReads(where, reads, 0);
  const out: { -readonly [K in keyof ConditionContext]: ConditionContext[K] } = { ...context };
  // One test reading them needs no memory (remembering costs a store per record).
  if (typeof context.activities === 'function' && reads.activity > 1) out.activities = lastOne(context.activities);
  if (typeof context.measures === 'function' && reads.measure > 1) out.measures = lastOne(context.measures);
  return out;
}

/** Counts the measure and activity tests of a checked condition's JSON (its depth is bounded). */
function countReads(node: unknown, reads: { measure: number; activity: number }, depth: number): void {
  if (node === null || typeof node !== 'object' || depth > 64) return;
  if (Array.isArray(node)) {
    for (const n of node) countReads(n, reads, depth + 1);
    return;
  }
  const o = node as Readonly<Record<string, unknown>>;
  if ('measure' in o) reads.measure++;
  if ('activity' in o) reads.activity++;
  for (const k of ['all', 'any', 'not'] as const) if (k in o) countReads(o[k], reads, depth + 1);
}

/** @internal The checked instant of an `asOf` option, or an issue. */
export function asOfInstant(v: unknown, path: readonly (string | number)[]): Date | CrmIssue {
  if (v instanceof Date && Number.isFinite(v.getTime())) return new Date(v.getTime());
  if (typeof v === 'string') {
    const t = parseIsoInstant(v);
    if (Number.isFinite(t)) return new Date(t);
  }
  return crmIssue.invalidDate(path, v);
}

/**
 * @internal Checks the membership options and builds the condition context (issues with paths under
 * `options`). The activity list, when flat, is grouped by record id once.
 */
export function segmentContext(
  options: unknown,
  object: SegmentObject,
  issues: CrmIssue[],
): ConditionContext | undefined {
  issues.push(...checkOptionKeys(options, OPTION_KEYS, ['options']));
  if (options === undefined || options === null) {
    issues.push(
      crmIssue.of('invalid_type', ['options', 'asOf'], 'expected a Date or ISO 8601 instant; received nothing'),
    );
    return undefined;
  }
  if (typeof options !== 'object' || Array.isArray(options)) return undefined;
  const o = options as Readonly<Record<string, unknown>>;
  const asOf = asOfInstant(o['asOf'], ['options', 'asOf']);
  if (!(asOf instanceof Date)) issues.push(asOf);
  const activities = activitySource(o['activities'], object, issues);
  const measures = measureSource(o['measures'], issues);
  const user = o['user'];
  if (user !== undefined && user !== null && (typeof user !== 'object' || Array.isArray(user)))
    issues.push(crmIssue.invalidType(['options', 'user'], 'a user { id, role?, email?, teamIds? }', user));
  if (!(asOf instanceof Date)) return undefined;
  const context: {
    asOf: Date;
    activities?: ConditionContext['activities'];
    measures?: ConditionContext['measures'];
    user?: ConditionUser;
  } = { asOf };
  if (activities !== undefined) context.activities = activities;
  if (measures !== undefined) context.measures = measures;
  if (user !== undefined && user !== null) context.user = user as ConditionUser;
  return context;
}
