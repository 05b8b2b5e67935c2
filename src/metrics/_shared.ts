/**
 * Private helpers of the metrics module: input checks that build `validation_failed` issues,
 * the Wilson interval, and the generic mergeable accumulator.
 *
 * @module
 */
import { CrmError, type CrmIssue, type CrmIssueCode, type PathSegment } from '../core/errors.js';
import { err, ok, type Err, type Result } from '../core/result.js';
import { invalidInput } from '../core/issues.js';
import { normalCriticalValue } from '../math/normal.js';
import type { Period } from '../time/period.js';
import { quoteValue, showValue } from '../_lib/show.js';

/**
 * A two-sided confidence interval `[lower, upper]` at level `confidence`, in the unit of the
 * measure it belongs to.
 *
 * @example
 * ```ts
 * const i: Interval = { lower: 0.28, upper: 0.47, confidence: 0.95 };
 * ```
 */
export interface Interval {
  readonly lower: number;
  readonly upper: number;
  readonly confidence: number;
}

/** Options shared by every measure that reports an interval. */
export interface ConfidenceOptions {
  /** Two-sided confidence level in (0, 1); default 0.95. */
  readonly confidence?: number;
}

export function issue(path: readonly PathSegment[], message: string, code: CrmIssueCode = 'invalid_value'): CrmIssue {
  return { path, message, code };
}

export function invalid(what: string, issues: readonly CrmIssue[]): Err<CrmError> {
  return err(invalidInput(what, issues));
}

/** Issue when `value` is not a non-negative safe integer (a count). */
export function countIssue(value: unknown, path: readonly PathSegment[]): CrmIssue | null {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    return issue(path, `must be a non-negative integer count; received ${quoteValue(value)}`, 'invalid_value');
  }
  return null;
}

/** Issue when `value` is not a finite number in [min, max]. */
export function rangeIssue(
  value: unknown,
  min: number,
  max: number,
  path: readonly PathSegment[],
  exclusiveMin = false,
  exclusiveMax = false,
): CrmIssue | null {
  if (
    typeof value !== 'number' ||
    !Number.isFinite(value) ||
    (exclusiveMin ? value <= min : value < min) ||
    (exclusiveMax ? value >= max : value > max)
  ) {
    return issue(
      path,
      `must be a finite number in ${exclusiveMin ? '(' : '['}${min}, ${max}${exclusiveMax ? ')' : ']'}; received ${quoteValue(value)}`,
    );
  }
  return null;
}

export function checkConfidence(options: ConfidenceOptions | undefined): { z: number; confidence: number } | CrmIssue {
  const confidence = options?.confidence ?? 0.95;
  const i = rangeIssue(confidence, 0, 1, ['options', 'confidence'], true, true);
  if (i !== null) return i;
  return { z: normalCriticalValue(confidence), confidence };
}

export function isIssue(x: unknown): x is CrmIssue {
  return typeof x === 'object' && x !== null && 'message' in x && 'path' in x;
}

function isIssueList(x: unknown): x is CrmIssue[] {
  return Array.isArray(x) && x.length > 0 && x.every((i) => isIssue(i));
}

export function isValidDate(d: unknown): d is Date {
  return d instanceof Date && Number.isFinite(d.getTime());
}

export function periodIssue(p: unknown, path: readonly PathSegment[] = ['options', 'period']): CrmIssue | null {
  if (typeof p !== 'object' || p === null) return issue(path, 'a period { start, end } is required', 'invalid_type');
  const { start, end } = p as Partial<Period>;
  if (!isValidDate(start) || !isValidDate(end) || start.getTime() >= end.getTime()) {
    return issue(path, 'must be a period with valid Dates start < end (half-open [start, end))', 'invalid_period');
  }
  return null;
}

/**
 * Wilson score interval for a binomial proportion (Wilson 1927, "Probable inference, the law of
 * succession, and statistical inference", JASA 22:209–212); identical to R's
 * `prop.test(x, n, correct = FALSE)$conf.int`. Requires n > 0.
 */
export function wilson(successes: number, n: number, z: number, confidence: number): Interval {
  const p = successes / n;
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denom;
  // Exact ends at the boundaries (the formula gives them up to rounding).
  const lower = successes === 0 ? 0 : Math.max(0, centre - half);
  const upper = successes === n ? 1 : Math.min(1, centre + half);
  return Object.freeze({ lower, upper, confidence });
}

export function clamp(x: number, lo: number, hi: number): number {
  return x < lo ? lo : x > hi ? hi : x;
}

// ---------------------------------------------------------------------------------------------
// Mergeable accumulators

/**
 * A streaming, mergeable aggregate: feed it items with `add`, combine partial accumulators from
 * other shards, workers or SQL partials with `merge`, read the measure with `result`, and move its
 * state between processes with `toJSON` (and the matching `…AccumulatorFromJSON`). Memory is O(1)
 * in the number of items (cohort tables: O(cohorts × periods)).
 *
 * Invalid items do not throw: the first one is remembered (with its position in the stream, counted
 * across merges as if the shards were concatenated in merge order) and `result()` returns
 * `validation_failed` naming it — the same answer the one-pass function gives on the concatenated
 * input. Merging accumulators with different options throws `validation_failed` (a programmer error).
 *
 * @example
 * ```ts
 * const a = createNpsAccumulator().add(10).add(3);
 * const b = createNpsAccumulator().add(9);
 * a.merge(b).result(); //=> ok({ score: 33.33…, total: 3, … })
 * ```
 */
export interface Accumulator<TInput, TResult, TState> {
  /** Adds one item; returns the accumulator. */
  add(item: TInput): this;
  /** Adds every item of an iterable; returns the accumulator. */
  addAll(items: Iterable<TInput>): this;
  /** Merges another accumulator (or its JSON state) of the same kind and options into this one. */
  merge(other: Accumulator<TInput, TResult, TState> | TState): this;
  /** The measure over everything added and merged so far. */
  result(): Result<TResult>;
  /** The number of items added (valid or not), across merges. */
  readonly count: number;
  /** A JSON-serializable snapshot of the state (a fresh object). */
  toJSON(): TState;
}

/** The JSON state every accumulator shares. */
export interface AccumulatorStateBase {
  readonly kind: string;
  readonly version: 1;
  /** Items added (valid or not). */
  readonly count: number;
  /** The first invalid item, if any: its stream position and the issue found. */
  readonly firstInvalid: { readonly index: number; readonly issue: CrmIssue } | null;
}

export interface AccumulatorSpec<TInput, TResult, TData> {
  readonly kind: string;
  readonly label: string;
  /** Options fingerprint: merging requires equal fingerprints. */
  readonly options: Readonly<Record<string, unknown>>;
  empty(): TData;
  /** Folds a valid item into `data`, or returns the issue for an invalid one (path relative to the item). */
  add(data: TData, item: TInput): CrmIssue | null;
  /**
   * Optional fast path for a whole array: folds every item and returns true, or returns false
   * without touching `data` when some item is invalid (the caller then adds item by item).
   */
  addArray?(data: TData, items: ArrayLike<TInput>): boolean;
  mergeInto(target: TData, source: TData): void;
  result(data: TData): Result<TResult>;
  toJSON(data: TData): unknown;
  /** Reads `data` from JSON, or returns the issues. */
  fromJSON(json: unknown): TData | CrmIssue[];
}

type FullState = AccumulatorStateBase & { readonly options: Readonly<Record<string, unknown>>; readonly data: unknown };

function sameOptions(a: Readonly<Record<string, unknown>>, b: Readonly<Record<string, unknown>>): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

export function makeAccumulator<TInput, TResult, TData, TState>(
  spec: AccumulatorSpec<TInput, TResult, TData>,
  initial?: { data: TData; count: number; firstInvalid: AccumulatorStateBase['firstInvalid'] },
): Accumulator<TInput, TResult, TState> {
  const data = initial?.data ?? spec.empty();
  let count = initial?.count ?? 0;
  let firstInvalid = initial?.firstInvalid ?? null;
  const self: Accumulator<TInput, TResult, TState> = {
    add(item: TInput) {
      const problem = spec.add(data, item);
      if (problem !== null && firstInvalid === null) firstInvalid = { index: count, issue: problem };
      count++;
      return self;
    },
    addAll(items: Iterable<TInput>) {
      if (spec.addArray !== undefined && Array.isArray(items) && spec.addArray(data, items as ArrayLike<TInput>)) {
        count += (items as ArrayLike<TInput>).length;
        return self;
      }
      for (const item of items) self.add(item);
      return self;
    },
    merge(other) {
      const state = (typeof (other as { toJSON?: unknown }).toJSON === 'function'
        ? (other as Accumulator<TInput, TResult, TState>).toJSON()
        : other) as unknown as FullState;
      const parsed = readState(spec, state);
      if (parsed.issues.length > 0 || parsed.value === undefined) {
        throw new CrmError(
          'validation_failed',
          `${spec.label}: cannot merge: ${parsed.issues[0]?.message ?? 'invalid state'}`,
          { issues: parsed.issues },
        );
      }
      const value = parsed.value;
      if (firstInvalid === null && value.firstInvalid !== null)
        firstInvalid = { index: count + value.firstInvalid.index, issue: value.firstInvalid.issue };
      count += value.count;
      spec.mergeInto(data, value.data);
      return self;
    },
    result() {
      if (firstInvalid !== null) {
        const i = firstInvalid;
        return invalid(spec.label, [{ ...i.issue, path: [i.index, ...i.issue.path] }]);
      }
      return spec.result(data);
    },
    get count() {
      return count;
    },
    toJSON() {
      return {
        kind: spec.kind,
        version: 1,
        count,
        firstInvalid,
        options: spec.options,
        data: spec.toJSON(data),
      } as unknown as TState;
    },
  };
  return self;
}

function readState<TInput, TResult, TData>(
  spec: AccumulatorSpec<TInput, TResult, TData>,
  json: unknown,
): { issues: CrmIssue[]; value?: { data: TData; count: number; firstInvalid: AccumulatorStateBase['firstInvalid'] } } {
  let value = json;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value) as unknown;
    } catch {
      return { issues: [issue([], 'is not valid JSON', 'invalid_json')] };
    }
  }
  if (typeof value !== 'object' || value === null)
    return { issues: [issue([], 'accumulator state must be an object', 'invalid_type')] };
  const s = value as Partial<FullState>;
  if (s.kind !== spec.kind)
    return {
      issues: [issue(['kind'], `expected kind '${spec.kind}'; received ${JSON.stringify(s.kind)}`, 'invalid_value')],
    };
  if (s.version !== 1)
    return {
      issues: [issue(['version'], `expected version 1; received ${JSON.stringify(s.version)}`, 'invalid_value')],
    };
  const c = countIssue(s.count, ['count']);
  if (c !== null) return { issues: [c] };
  if (typeof s.options !== 'object' || s.options === null || !sameOptions(s.options, spec.options)) {
    return {
      issues: [
        issue(
          ['options'],
          `options ${JSON.stringify(s.options)} differ from this accumulator's ${JSON.stringify(spec.options)}`,
          'options_mismatch',
        ),
      ],
    };
  }
  const fi = s.firstInvalid;
  if (
    fi !== null &&
    (typeof fi !== 'object' ||
      fi === undefined ||
      countIssue(fi.index, []) !== null ||
      typeof fi.issue?.message !== 'string' ||
      !Array.isArray(fi.issue.path))
  ) {
    return { issues: [issue(['firstInvalid'], 'must be null or { index, issue }', 'invalid_type')] };
  }
  const data = spec.fromJSON(s.data);
  if (isIssueList(data)) return { issues: data.map((i) => ({ ...i, path: ['data', ...i.path] })) };
  return { issues: [], value: { data, count: s.count as number, firstInvalid: fi ?? null } };
}

/** Rebuilds an accumulator from its JSON state (object or JSON text). */
export function accumulatorFromJSON<TInput, TResult, TData, TState>(
  spec: AccumulatorSpec<TInput, TResult, TData>,
  json: unknown,
): Result<Accumulator<TInput, TResult, TState>> {
  const parsed = readState(spec, json);
  if (parsed.issues.length > 0 || parsed.value === undefined) return invalid(`${spec.label} state`, parsed.issues);
  return ok(makeAccumulator<TInput, TResult, TData, TState>(spec, parsed.value));
}

/** Reads a JSON array of non-negative counts of a fixed length. */
export function countsFromJSON(json: unknown, length: number): number[] | CrmIssue[] {
  if (!Array.isArray(json) || json.length !== length)
    return [issue([], `expected an array of ${length} counts`, 'invalid_type')];
  for (let i = 0; i < length; i++) {
    const c = countIssue(json[i], [i]);
    if (c !== null) return [c];
  }
  return (json as number[]).slice();
}

/**
 * The group of a record in `npsBy` / `conversionBy`: `null` for a missing key, the string itself, or
 * `String(value)` — and, for a value that cannot become a string, its printed form.
 */
export function groupKey(raw: unknown): string | null {
  if (raw === null || raw === undefined) return null;
  if (typeof raw === 'string') return raw;
  try {
    return String(raw);
  } catch {
    return showValue(raw);
  }
}

/** The issue for a grouping key that is neither a field name nor a function (`npsBy`, `conversionBy`), or null. */
export function groupKeyIssue(key: unknown): CrmIssue | null {
  const t = typeof key;
  return t === 'function' || t === 'string' || t === 'number' || t === 'symbol'
    ? null
    : issue(['key'], `must be a field name or a function; received ${quoteValue(key)}`, 'invalid_type');
}
