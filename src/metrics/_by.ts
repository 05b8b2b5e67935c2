/**
 * Private: the one implementation of every `…By` metric (`npsBy`, `conversionBy`, `churnBy`,
 * `retentionBy`, `renewalBy`, `cesBy`, `csatBy`, `lifetimeValueBy`).
 *
 * The options are checked with the base metric's keys plus `context`, and the base metric on no
 * records checks their values (and is the row of an empty segment). Then one of two ways, with the
 * same grouping rules (a field, a function or a segment list; groups sorted by key, `null` last):
 *
 * - a metric given as a {@link Tally} (`npsBy`, `cesBy`, `csatBy`, `churnBy`, `retentionBy`,
 *   `lifetimeValueBy`, `conversionBy`): one pass in input order reads each record with the base
 *   metric's own reading (checks and filter) before its key, and counts it in each of its groups —
 *   the first bad record of the input is the error, at its index;
 * - otherwise (`renewalBy`, whose renewals are matched over the whole group): one pass puts each
 *   record in its groups, then the base metric runs once per group on that group's records, in input
 *   order; an error of the base metric is mapped back to the record's index in the input, and the
 *   earliest one is reported.
 *
 * Either way each row is exactly what the base metric returns for the group's records with the
 * caller's options (less `context`), and the cost is one pass plus the base metric per group.
 *
 * @module
 */
import { CrmError, type CrmIssue, type PathSegment } from '../core/errors.js';
import { err, ok, type Result } from '../core/result.js';
import { crmIssue, IssueList } from '../core/issues.js';
import { isCondition } from '../conditions/define.js';
import { contextIssues } from '../conditions/bind.js';
import { compileCondition } from '../conditions/evaluate.js';
import type { ConditionContext } from '../conditions/types.js';
import { quoteValue } from '../_lib/show.js';
import { invalid, isIssue, issue, optionsIssue } from './_checks.js';
import { compareGroupKeys, groupKey, groupReader } from './_groupKey.js';
import { guarded, rethrowCallerError } from './_guard.js';

/** What a `…By` metric is made of: its base metric and how its rows are named. */
export interface ByMetric<T, V = unknown, S = unknown> {
  /** The `…By` function's name (errors say it). */
  readonly name: string;
  /** The base metric's result field in a row (`nps`, `churn`, …). */
  readonly field: string;
  /** What the records are, for the message when they are not an array. */
  readonly records: string;
  /** The base metric's option keys; the `…By` takes these and `context`. */
  readonly optionKeys: readonly string[];
  /** The base metric's record form on one group's records. */
  readonly measure: (records: readonly unknown[], options: unknown) => Result<T>;
  /**
   * The base metric as a one-pass count, for a metric whose record form is a tally of what it reads
   * from each record (NPS: promoters, passives, detractors; conversion: converted and total). Built
   * from the (valid) options; when given, the records are read once, in input order, and each counted
   * record is added to each of its groups — the same numbers the base metric would count on the
   * group's records, without a second pass that visits the records group by group (which, on a large
   * input whose groups interleave, reads memory in a cache-hostile order).
   */
  readonly tally?: (options: unknown) => Tally<V, S, T>;
}

/**
 * The base metric split into reading one record and counting it (see {@link ByMetric.tally}). `read`
 * must be the base metric's own reading of a record (its checks and filter), and
 * `result(add(…add(empty())…))` its result on those records.
 */
export interface Tally<V, S, T> {
  /** What record `index` contributes, `null` when the base metric does not count it, or its issue. */
  readonly read: (record: unknown, index: number) => V | null | CrmIssue;
  readonly empty: () => S;
  /** Counts a value in a group's state; an issue when the group refuses it (another currency). */
  readonly add: (state: S, value: V) => CrmIssue | null | void;
  readonly result: (state: S) => T;
}

/** One row of a `…By` result: the group's key and the base metric's result under `field`. */
export type ByRow<F extends string, T> = { readonly key: string | null } & { readonly [K in F]: T };

interface Bucket {
  /** The group's number, in order of first appearance. */
  readonly id: number;
  readonly records: unknown[];
}

/** The groups of one call, and where each record went (to name a record of a group by its input index). */
class Groups {
  readonly byKey = new Map<string | null, Bucket>();
  /** Per input record: 0 for no group, the group's id + 1 for one group, −1 for several (see `several`). */
  private readonly place: Int32Array;
  private readonly several = new Map<number, number[]>();

  constructor(n: number) {
    this.place = new Int32Array(n);
  }

  private lastKey: string | null | undefined = undefined;
  private last: Bucket | undefined = undefined;

  bucket(k: string | null): Bucket {
    // Records of one group often come together: the last group is looked up without hashing.
    if (k === this.lastKey) return this.last!;
    let b = this.byKey.get(k);
    if (b === undefined) this.byKey.set(k, (b = { id: this.byKey.size, records: [] }));
    this.lastKey = k;
    this.last = b;
    return b;
  }

  /** Puts record `i` in the group of key `k`. */
  put(k: string | null, r: unknown, i: number): void {
    const b = this.bucket(k);
    b.records.push(r);
    const p = this.place[i]!;
    if (p === 0) this.place[i] = b.id + 1;
    else if (p === -1) this.several.get(i)!.push(b.id);
    else {
      this.place[i] = -1;
      this.several.set(i, [p - 1, b.id]);
    }
  }

  /** Per group id, the input indexes of its records: built on the first error only, in one scan. */
  private indexes: number[][] | undefined = undefined;

  /** The input index of the `j`-th record of group `id`. */
  inputIndex(id: number, j: number): number {
    if (this.indexes === undefined) {
      const table: number[][] = Array.from({ length: this.byKey.size }, () => []);
      for (let i = 0; i < this.place.length; i++) {
        const p = this.place[i]!;
        if (p > 0) table[p - 1]!.push(i);
        else if (p === -1) for (const g of this.several.get(i)!) table[g]!.push(i);
      }
      this.indexes = table;
    }
    return this.indexes[id]?.[j] ?? -1;
  }
}

/** How a record's groups are found. */
type Grouper =
  | { readonly kind: 'field'; readonly read: (r: unknown) => unknown; readonly path: PathSegment }
  | { readonly kind: 'function'; readonly read: (r: unknown) => unknown }
  | {
      readonly kind: 'segments';
      readonly ids: readonly string[];
      readonly tests: readonly ((r: unknown) => boolean)[];
    };

const KEY_EXPECTED = 'a field name, a function of the record, or a list of segments { id, where }';

/** The grouping of `key` (with the context for segment conditions), or its issues. */
function grouperOf(key: unknown, context: unknown): Grouper | CrmIssue[] {
  const t = typeof key;
  if (t === 'function') return { kind: 'function', read: key as (r: unknown) => unknown };
  if (t === 'string' || t === 'number' || t === 'symbol')
    return {
      kind: 'field',
      read: groupReader(key as PropertyKey),
      path: t === 'number' ? (key as number) : String(key),
    };
  if (!Array.isArray(key)) return [crmIssue.invalidType(['key'], KEY_EXPECTED, key)];
  const issues = new IssueList();
  const ids: string[] = [];
  const wheres: unknown[] = [];
  const firstAt = new Map<string, number>();
  for (let i = 0; i < key.length && !issues.full; i++) {
    const s: unknown = key[i];
    if (typeof s !== 'object' || s === null) {
      issues.push(crmIssue.invalidType(['key', i], 'a segment { id, where }', s));
      continue;
    }
    const { id, where } = s as { id?: unknown; where?: unknown };
    if (typeof id !== 'string') issues.push(crmIssue.invalidType(['key', i, 'id'], 'a segment id (a string)', id));
    else if (firstAt.has(id))
      issues.push(crmIssue.duplicate(['key', i, 'id'], 'segment id', id, ['key', firstAt.get(id)!, 'id']));
    else firstAt.set(id, i);
    if (!isCondition(where))
      issues.push(crmIssue.invalidType(['key', i, 'where'], 'a condition made by defineCondition', where));
    else
      for (const c of contextIssues(where, context as ConditionContext))
        issues.push({ ...c, path: ['options', 'context', ...c.path] });
    ids.push(id as string);
    wheres.push(where);
  }
  if (issues.count > 0) return issues.items;
  const ctx = (context ?? undefined) as ConditionContext | undefined;
  // Compiled once per segment: the context is resolved here, and each test reads only the record.
  return { kind: 'segments', ids, tests: wheres.map((w) => compileCondition(w as never, ctx)) };
}

/**
 * The groups of one raw key value: a group value, `null`, or an array of them (each group once).
 * `path` is where the value sits, for the issue of a value that names no group.
 */
function groupsOf(raw: unknown, path: readonly PathSegment[], arrayPath: boolean): (string | null)[] | CrmIssue {
  if (!Array.isArray(raw)) {
    const k = groupKey(raw, path);
    return isIssue(k) ? k : [k];
  }
  const out: (string | null)[] = [];
  // A short list is searched; a long one is deduplicated with a set, so the work stays linear.
  const seen = raw.length > 16 ? new Set<string | null>() : null;
  for (let j = 0; j < raw.length; j++) {
    const k = groupKey(raw[j], arrayPath ? [...path, j] : path);
    if (isIssue(k)) return arrayPath ? k : { ...k, message: `element ${j} of the key's answer: ${k.message}` };
    if (seen === null ? out.includes(k) : seen.has(k)) continue;
    seen?.add(k);
    out.push(k);
  }
  return out;
}

/** The error of the base metric on a group, with record indexes mapped back to the input's. */
function remapped(
  name: string,
  error: CrmError,
  size: number,
  index: (j: number) => number,
): { at: number; error: CrmError } {
  if (error.code !== 'validation_failed') return { at: -1, error };
  let at = -1;
  const issues = error.issues.map((i, n) => {
    const head = i.path[0];
    if (typeof head !== 'number' || !Number.isInteger(head) || head < 0 || head >= size) return i;
    const original = index(head);
    if (n === 0) at = original;
    return { ...i, path: [original, ...i.path.slice(1)] };
  });
  return { at, error: invalid(name, issues).error };
}

/**
 * Runs the `…By` metric `m`: groups `records` by `key` and measures each group with the base metric.
 * Never throws for its input (a key function's own exception propagates, as documented).
 */
export function metricBy<T, V, S>(
  m: ByMetric<T, V, S>,
  records: unknown,
  key: unknown,
  options: unknown,
): Result<readonly ByRow<string, T>[]> {
  return guarded(m.name, () => {
    const keys = optionsIssue(options, [...m.optionKeys, 'context']);
    if (keys !== null) return invalid(m.name, [keys]);
    const o = options as Readonly<Record<string, unknown>> | null | undefined;
    let context: unknown = undefined;
    let base: unknown = options;
    if (o !== null && o !== undefined && Object.prototype.hasOwnProperty.call(o, 'context')) {
      const { context: c, ...rest } = o;
      context = c;
      base = rest;
    }
    if (context !== undefined && context !== null && typeof context !== 'object')
      return invalid(m.name, [crmIssue.invalidType(['options', 'context'], 'a condition context object', context)]);
    // The base metric on no records checks the option values, and is the row of an empty segment.
    const empty = m.measure([], base);
    if (!empty.ok) return err(remapped(m.name, empty.error, 0, () => -1).error);
    if (!Array.isArray(records))
      return invalid(m.name, [
        issue([], `expected an array of ${m.records}; received ${quoteValue(records)}`, 'invalid_type'),
      ]);
    const grouper = grouperOf(key, context);
    if (Array.isArray(grouper)) return invalid(m.name, grouper);

    if (m.tally !== undefined) return tallied(m.name, m.field, m.tally(base), records, grouper, empty.value);

    const n = records.length;
    const groups = new Groups(n);
    if (grouper.kind === 'segments') for (const id of grouper.ids) groups.bucket(id);
    // The first problem found while grouping (a group value that names no group, or a record the
    // base metric refuses that the key could not be read from); grouping stops there.
    let stop: CrmError | null = null;
    for (let i = 0; i < n; i++) {
      const r: unknown = records[i];
      if (grouper.kind !== 'field' && (typeof r !== 'object' || r === null)) {
        // A record the base metric refuses is reported as it would be, before a key function or a
        // condition reads it.
        const alone = m.measure([r], base);
        if (!alone.ok) {
          stop = remapped(m.name, alone.error, 1, () => i).error;
          break;
        }
      }
      if (grouper.kind === 'segments') {
        const { ids, tests } = grouper;
        for (let s = 0; s < tests.length; s++) if (tests[s]!(r)) groups.put(ids[s]!, r, i);
        continue;
      }
      let raw: unknown;
      if (grouper.kind === 'field') raw = grouper.read(r);
      else
        try {
          raw = grouper.read(r);
        } catch (e) {
          // The key function failed on a record the base metric refuses (`l.createdAt.toISOString()`
          // on a lead without a valid date): that is the error. On a valid record, the exception is
          // the caller's code failing, not unreadable data: it passes the guard unchanged.
          const alone = m.measure([r], base);
          if (alone.ok) rethrowCallerError(e);
          stop = remapped(m.name, alone.error, 1, () => i).error;
          break;
        }
      if (typeof raw === 'string') {
        groups.put(raw, r, i);
        continue;
      }
      const g = grouper.kind === 'field' ? groupsOf(raw, [i, grouper.path], true) : groupsOf(raw, [i], false);
      if (isIssue(g)) {
        stop = invalid(m.name, [g]).error;
        break;
      }
      for (const k of g) groups.put(k, r, i);
    }

    const order = [...groups.byKey.keys()].sort(compareGroupKeys);
    const rows: ByRow<string, T>[] = [];
    // Every group is measured even after an error, so that the error reported is the one of the
    // earliest record in the input (the records grouped before grouping stopped are all earlier).
    let first: { at: number; error: CrmError } | null = null;
    for (const k of order) {
      const b = groups.byKey.get(k)!;
      const r = b.records.length === 0 ? empty : m.measure(b.records, base);
      if (!r.ok) {
        const e = remapped(m.name, r.error, b.records.length, (j) => groups.inputIndex(b.id, j));
        if (first === null || e.at < first.at) first = e;
        continue;
      }
      if (first === null) rows.push(Object.freeze({ key: k, [m.field]: r.value }) as ByRow<string, T>);
    }
    if (first !== null) return err(first.error);
    if (stop !== null) return err(stop);
    return ok(Object.freeze(rows));
  });
}

/**
 * The tally path of {@link metricBy}: one pass in input order; each record is read (checked and
 * filtered) by the base metric's own reading before its key is, and counted in each of its groups.
 * The first bad record of the input is the error, at its index.
 */
function tallied<V, S, T>(
  name: string,
  field: string,
  t: Tally<V, S, T>,
  records: readonly unknown[],
  grouper: Grouper,
  empty: T,
): Result<readonly ByRow<string, T>[]> {
  const states = new Map<string | null, S>();
  let lastKey: string | null | undefined = undefined;
  let last: S | undefined = undefined;
  const add = (k: string | null, v: V): CrmIssue | null | void => {
    if (k !== lastKey) {
      last = states.get(k);
      if (last === undefined) states.set(k, (last = t.empty()));
      lastKey = k;
    }
    return t.add(last!, v);
  };
  let problem: CrmIssue | null | void = null;
  for (let i = 0; i < records.length; i++) {
    const r: unknown = records[i];
    const v = t.read(r, i);
    if (v === null) continue;
    if (isIssue(v)) return invalid(name, [v]);
    if (grouper.kind === 'segments') {
      const { ids, tests } = grouper;
      for (let s = 0; s < tests.length && !problem; s++) if (tests[s]!(r)) problem = add(ids[s]!, v as V);
      if (problem) return invalid(name, [problem]);
      continue;
    }
    let raw: unknown;
    if (grouper.kind === 'field') raw = grouper.read(r);
    else
      try {
        raw = grouper.read(r);
      } catch (e) {
        // The record passed the base metric's checks: the exception is the caller's code failing.
        rethrowCallerError(e);
      }
    if (typeof raw === 'string') {
      problem = add(raw, v as V);
      if (problem) return invalid(name, [problem]);
      continue;
    }
    const g = grouper.kind === 'field' ? groupsOf(raw, [i, grouper.path], true) : groupsOf(raw, [i], false);
    if (isIssue(g)) return invalid(name, [g]);
    for (const k of g) if ((problem = add(k, v as V))) return invalid(name, [problem]);
  }
  const keys = grouper.kind === 'segments' ? [...grouper.ids] : [...states.keys()];
  return ok(
    Object.freeze(
      keys.sort(compareGroupKeys).map((k) => {
        const s = states.get(k);
        return Object.freeze({ key: k, [field]: s === undefined ? empty : t.result(s) }) as ByRow<string, T>;
      }),
    ),
  );
}
