/**
 * Survival analysis for customer lifetimes: Kaplan–Meier with Greenwood standard errors and
 * log-log intervals, and the log-rank test. Matches R's `survival` package (`survfit`,
 * `survdiff`) — see the tests for the quoted values.
 *
 * @module
 */
import type { CrmIssue } from '../core/errors.js';
import { ok, type Result } from '../core/result.js';
import { chiSquare1Sf } from '../math/normal.js';
import {
  accumulatorFromJSON,
  checkConfidence,
  invalid,
  isIssue,
  issue,
  makeAccumulator,
  type Accumulator,
  type AccumulatorSpec,
  type AccumulatorStateBase,
  type ConfidenceOptions,
} from './_shared.js';
import { safeJson } from './survey.js';
import { quoteValue } from '../_lib/show.js';

/**
 * One row of a Kaplan–Meier table, at an event time (as `summary(survfit(...))` prints).
 */
export interface KaplanMeierRow {
  readonly time: number;
  /** Subjects with duration ≥ time. */
  readonly atRisk: number;
  readonly events: number;
  /** Subjects censored exactly at this time. */
  readonly censored: number;
  readonly survival: number;
  /** Greenwood standard error of the survival, S·√Σ d/(n(n−d)); `null` once survival is 0. */
  readonly stdErr: number | null;
  /** Lower end of the log-log interval; `null` once survival is 0. */
  readonly lower: number | null;
  readonly upper: number | null;
}

/**
 * A Kaplan–Meier estimate. `median` is the first event time where survival ≤ 0.5 (when survival
 * is exactly 0.5 up to the next event time, the midpoint of the two, as R does); `null` when it
 * never falls to 0.5. `medianInterval` ends are the same rule applied to the interval curves
 * (`null` when a curve never reaches 0.5). `survivalAt(t)` is the step function: 1 before the first
 * event, `null` after the largest observed duration (not observed). Empty input: no rows,
 * `median: null`, `total: 0`, `survivalAt` always `null`.
 */
export interface KaplanMeierResult {
  readonly rows: readonly KaplanMeierRow[];
  readonly total: number;
  readonly events: number;
  readonly median: number | null;
  readonly medianInterval: {
    readonly lower: number | null;
    readonly upper: number | null;
    readonly confidence: number;
  };
  readonly confidence: number;
  /** Survival at time t (right-continuous step function). */
  survivalAt(t: number): number | null;
}

/** An event indicator: `true`/`1` = the event (churn) happened at the duration; `false`/`0` = censored. */
export type EventIndicator = boolean | 0 | 1;

function checkSample(
  durations: readonly number[],
  events: readonly EventIndicator[],
  prefix: (string | number)[],
): CrmIssue | null {
  if (!Array.isArray(durations)) return issue([...prefix, 'durations'], 'must be an array of numbers', 'invalid_type');
  if (!Array.isArray(events))
    return issue([...prefix, 'events'], 'must be an array of booleans or 0/1', 'invalid_type');
  if (durations.length !== events.length)
    return issue(
      [...prefix, 'events'],
      `must have one entry per duration (${durations.length}); received ${events.length}`,
      'length_mismatch',
    );
  for (let i = 0; i < durations.length; i++) {
    const d = durations[i];
    if (typeof d !== 'number' || !Number.isFinite(d) || d < 0)
      return issue([...prefix, 'durations', i], `must be a finite number ≥ 0; received ${quoteValue(d)}`);
    const e = events[i];
    if (e !== true && e !== false && e !== 0 && e !== 1)
      return issue([...prefix, 'events', i], `must be true/false or 1/0; received ${quoteValue(e)}`, 'invalid_type');
  }
  return null;
}

interface TimeCounts {
  times: number[];
  events: number[];
  censored: number[];
}

function tabulate(durations: readonly number[], events: readonly EventIndicator[]): TimeCounts {
  const order = Array.from(durations.keys()).sort((a, b) => durations[a]! - durations[b]!);
  const out: TimeCounts = { times: [], events: [], censored: [] };
  for (const i of order) {
    const t = durations[i]!;
    const k = out.times.length - 1;
    if (k < 0 || out.times[k] !== t) {
      out.times.push(t);
      out.events.push(0);
      out.censored.push(0);
    }
    const j = out.times.length - 1;
    if (events[i] === true || events[i] === 1) out.events[j]!++;
    else out.censored[j]!++;
  }
  return out;
}

function medianOf(times: readonly number[], curve: readonly (number | null)[]): number | null {
  for (let i = 0; i < curve.length; i++) {
    const s = curve[i];
    if (s === null || s === undefined) return null;
    if (s <= 0.5 + 1e-12) {
      if (Math.abs(s - 0.5) <= 1e-12 && i + 1 < times.length) return (times[i]! + times[i + 1]!) / 2;
      return times[i]!;
    }
  }
  return null;
}

/**
 * Kaplan–Meier survival estimate from durations and event indicators (Kaplan & Meier 1958), with
 * Greenwood (1926) standard errors and log-log intervals exp(−exp(log(−log S) ± z·σ/log S)), σ² =
 * Σ d/(n(n−d)) — R's `survfit(Surv(time, status) ~ 1, conf.type = "log-log")`. For customers:
 * duration = tenure, event = churned (censored = still a customer). Bad input (lengths differ, a
 * negative or non-finite duration, an event flag that is not boolean/0/1, a bad confidence):
 * `validation_failed` naming the index.
 *
 * @example
 * ```ts
 * const km = kaplanMeier([9, 13, 13, 18], [1, 1, 0, 1]).value;
 * km.rows[0]; //=> { time: 9, atRisk: 4, events: 1, censored: 0, survival: 0.75, ... }
 * km.survivalAt(15); //=> 0.5
 * ```
 */
export function kaplanMeier(
  durations: readonly number[],
  events: readonly EventIndicator[],
  options?: ConfidenceOptions,
): Result<KaplanMeierResult> {
  const conf = checkConfidence(options);
  if (isIssue(conf)) return invalid('kaplanMeier', [conf]);
  const bad = checkSample(durations, events, []);
  if (bad !== null) return invalid('kaplanMeier', [bad]);
  return ok(kaplanMeierFromTable(tabulate(durations, events), durations.length, conf.z, conf.confidence));
}

function kaplanMeierFromTable(tab: TimeCounts, total: number, z: number, confidence: number): KaplanMeierResult {
  const rows: KaplanMeierRow[] = [];
  let atRisk = total;
  let s = 1;
  let greenwood = 0;
  let totalEvents = 0;
  for (let k = 0; k < tab.times.length; k++) {
    const d = tab.events[k]!;
    const c = tab.censored[k]!;
    if (d > 0) {
      totalEvents += d;
      s *= 1 - d / atRisk;
      const zero = d === atRisk || s <= 0;
      if (zero) s = 0;
      else greenwood += d / (atRisk * (atRisk - d));
      let lower: number | null = null;
      let upper: number | null = null;
      let stdErr: number | null = null;
      if (!zero) {
        const se = Math.sqrt(greenwood);
        stdErr = s * se;
        if (s < 1) {
          const ll = Math.log(-Math.log(s));
          const a = Math.exp(-Math.exp(ll + (z * se) / Math.log(s)));
          const b = Math.exp(-Math.exp(ll - (z * se) / Math.log(s)));
          lower = Math.min(a, b);
          upper = Math.max(a, b);
        }
      }
      rows.push(
        Object.freeze({ time: tab.times[k]!, atRisk, events: d, censored: c, survival: s, stdErr, lower, upper }),
      );
    }
    atRisk -= d + c;
  }
  const times = rows.map((r) => r.time);
  const maxTime = tab.times.length === 0 ? -Infinity : tab.times[tab.times.length - 1]!;
  const survivalAt = (t: number): number | null => {
    if (!Number.isFinite(t) || t > maxTime || tab.times.length === 0) return null;
    let lo = 0;
    let hi = rows.length; // first row with time > t
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (rows[mid]!.time <= t) lo = mid + 1;
      else hi = mid;
    }
    return lo === 0 ? 1 : rows[lo - 1]!.survival;
  };
  return Object.freeze({
    rows: Object.freeze(rows),
    total,
    events: totalEvents,
    median: medianOf(
      times,
      rows.map((r) => r.survival),
    ),
    medianInterval: Object.freeze({
      lower: medianOf(
        times,
        rows.map((r) => r.lower),
      ),
      upper: medianOf(
        times,
        rows.map((r) => r.upper),
      ),
      confidence: confidence,
    }),
    confidence: confidence,
    survivalAt,
  });
}

/**
 * One sample for {@link logRankTest}.
 *
 * @example
 * ```ts
 * const g: SurvivalSample = { durations: [5, 8, 12], events: [1, 1, 0] };
 * ```
 */
export interface SurvivalSample {
  readonly durations: readonly number[];
  readonly events: readonly EventIndicator[];
}

/**
 * The log-rank test of two survival curves: observed and expected events per group, the
 * hypergeometric variance, χ² (1 df) and its p-value (Mantel 1966; Peto & Peto 1972) — R's
 * `survdiff(Surv(time, status) ~ group)`. `chiSquare` and `pValue` are `null` when the variance is
 * zero (no event, or every subject in one group).
 */
export interface LogRankResult {
  readonly chiSquare: number | null;
  readonly pValue: number | null;
  readonly degreesOfFreedom: 1;
  readonly observed: readonly [number, number];
  readonly expected: readonly [number, number];
  readonly variance: number;
  readonly total: number;
}

/**
 * Log-rank test comparing group A with group B (e.g. churn of two plans or two signup channels).
 * Bad input as in {@link kaplanMeier}, with the path prefixed by `'groupA'`/`'groupB'`.
 *
 * @example
 * ```ts
 * logRankTest({ durations: [9, 13, 13, 18], events: [1, 1, 0, 1] }, { durations: [5, 5, 8, 8], events: [1, 1, 1, 1] }).value.pValue;
 * ```
 */
export function logRankTest(groupA: SurvivalSample, groupB: SurvivalSample): Result<LogRankResult> {
  for (const [name, g] of [
    ['groupA', groupA],
    ['groupB', groupB],
  ] as const) {
    if (typeof g !== 'object' || g === null)
      return invalid('logRankTest', [issue([name], 'expected { durations, events }', 'invalid_type')]);
    const bad = checkSample(g.durations, g.events, [name]);
    if (bad !== null) return invalid('logRankTest', [bad]);
  }
  return ok(
    logRankFromTables(
      tabulate(groupA.durations, groupA.events),
      tabulate(groupB.durations, groupB.events),
      groupA.durations.length,
      groupB.durations.length,
    ),
  );
}

/** The log-rank statistic from each group's event table (times ascending) and size. */
function logRankFromTables(a: TimeCounts, b: TimeCounts, sizeA: number, sizeB: number): LogRankResult {
  let nA = sizeA;
  let nB = sizeB;
  let i = 0;
  let j = 0;
  let oA = 0;
  let oB = 0;
  let eA = 0;
  let v = 0;
  while (i < a.times.length || j < b.times.length) {
    const ta = i < a.times.length ? a.times[i]! : Infinity;
    const tb = j < b.times.length ? b.times[j]! : Infinity;
    const t = Math.min(ta, tb);
    const dA = ta === t ? a.events[i]! : 0;
    const cA = ta === t ? a.censored[i]! : 0;
    const dB = tb === t ? b.events[j]! : 0;
    const cB = tb === t ? b.censored[j]! : 0;
    const n = nA + nB;
    const d = dA + dB;
    if (d > 0) {
      eA += (d * nA) / n;
      if (n > 1) v += (d * (nA / n) * (1 - nA / n) * (n - d)) / (n - 1);
    }
    oA += dA;
    oB += dB;
    nA -= dA + cA;
    nB -= dB + cB;
    if (ta === t) i++;
    if (tb === t) j++;
  }
  const eB = oA + oB - eA;
  const chi = v > 0 ? (oA - eA) ** 2 / v : null;
  return Object.freeze({
    chiSquare: chi,
    pValue: chi === null ? null : chiSquare1Sf(chi),
    degreesOfFreedom: 1 as const,
    observed: Object.freeze([oA, oB] as const),
    expected: Object.freeze([eA, eB] as const),
    variance: v,
    total: sizeA + sizeB,
  });
}

/**
 * One subject for the Kaplan–Meier accumulator: its duration (tenure) and whether the event
 * (churn) happened at it.
 *
 * @example
 * ```ts
 * const o: SurvivalObservation = { duration: 14, event: true };
 * ```
 */
export interface SurvivalObservation {
  readonly duration: number;
  readonly event: EventIndicator;
}

/**
 * JSON state of a Kaplan–Meier accumulator: per distinct duration, `[duration, events, censored]`.
 *
 * @example
 * ```ts
 * const s: KaplanMeierAccumulatorState = createKaplanMeierAccumulator().add({ duration: 3, event: 1 }).toJSON();
 * ```
 */
export interface KaplanMeierAccumulatorState extends AccumulatorStateBase {
  readonly options: { readonly confidence: number };
  readonly data: readonly (readonly [number, number, number])[];
}

/**
 * A mergeable Kaplan–Meier accumulator.
 *
 * @example
 * ```ts
 * const acc: KaplanMeierAccumulator = createKaplanMeierAccumulator();
 * ```
 */
export type KaplanMeierAccumulator = Accumulator<SurvivalObservation, KaplanMeierResult, KaplanMeierAccumulatorState>;

function kmSpec(
  confidence: number,
  z: number,
): AccumulatorSpec<SurvivalObservation, KaplanMeierResult, DurationCounts> {
  return {
    kind: 'kaplan_meier',
    label: 'Kaplan–Meier accumulator',
    options: { confidence },
    empty: () => new Map(),
    add(data, item) {
      if (typeof item !== 'object' || item === null) return issue([], 'expected { duration, event }', 'invalid_type');
      const bad = checkSample([item.duration], [item.event], []);
      if (bad !== null) return { ...bad, path: [bad.path[0] === 'durations' ? 'duration' : 'event'] };
      addObservation(data, item.duration, item.event);
      return null;
    },
    mergeInto: mergeCounts,
    result(d) {
      const { table, size } = tableOf(d);
      return ok(kaplanMeierFromTable(table, size, z, confidence));
    },
    toJSON: tableToJSON,
    fromJSON: tableFromJSON,
  };
}

/** Per distinct duration: [events, censored]. The state of the survival accumulators. */
type DurationCounts = Map<number, [number, number]>;

function addObservation(data: DurationCounts, duration: number, event: EventIndicator): void {
  let c = data.get(duration);
  if (c === undefined) data.set(duration, (c = [0, 0]));
  if (event === true || event === 1) c[0]++;
  else c[1]++;
}

function mergeCounts(target: DurationCounts, source: DurationCounts): void {
  for (const [k, [e, c]] of source) {
    const x = target.get(k);
    if (x === undefined) target.set(k, [e, c]);
    else {
      x[0] += e;
      x[1] += c;
    }
  }
}

/** The event table (times ascending, as {@link tabulate} makes it) and the number of subjects. */
function tableOf(d: DurationCounts): { table: TimeCounts; size: number } {
  const times = [...d.keys()].sort((a, b) => a - b);
  let size = 0;
  const table: TimeCounts = { times, events: [], censored: [] };
  for (const t of times) {
    const [e, c] = d.get(t)!;
    table.events.push(e);
    table.censored.push(c);
    size += e + c;
  }
  return { table, size };
}

function tableToJSON(d: DurationCounts): (readonly [number, number, number])[] {
  return [...d.keys()].sort((a, b) => a - b).map((k) => [k, d.get(k)![0], d.get(k)![1]] as const);
}

function tableFromJSON(j: unknown): DurationCounts | CrmIssue[] {
  if (!Array.isArray(j)) return [issue([], 'expected [[duration, events, censored], …]', 'invalid_type')];
  const m: DurationCounts = new Map();
  for (let i = 0; i < j.length; i++) {
    const r = j[i] as unknown;
    if (
      !Array.isArray(r) ||
      r.length !== 3 ||
      typeof r[0] !== 'number' ||
      !Number.isFinite(r[0]) ||
      r[0] < 0 ||
      m.has(r[0]) ||
      !Number.isSafeInteger(r[1]) ||
      !Number.isSafeInteger(r[2]) ||
      r[1] < 0 ||
      r[2] < 0
    ) {
      return [issue([i], 'expected a distinct [duration ≥ 0, events ≥ 0, censored ≥ 0]', 'invalid_value')];
    }
    m.set(r[0], [r[1] as number, r[2] as number]);
  }
  return m;
}

/**
 * Creates a mergeable Kaplan–Meier accumulator: `add` `{ duration, event }` observations, merge
 * shards; `result()` equals {@link kaplanMeier} over every observation. Memory is O(distinct
 * durations) — bounded when durations are whole days or months. Throws `validation_failed` for a bad
 * confidence.
 *
 * @example
 * ```ts
 * createKaplanMeierAccumulator().add({ duration: 9, event: 1 }).add({ duration: 13, event: 0 }).result().value.rows[0].survival; //=> 0.5
 * ```
 */
export function createKaplanMeierAccumulator(options?: ConfidenceOptions): KaplanMeierAccumulator {
  const conf = checkConfidence(options);
  if (isIssue(conf)) throw invalid('Kaplan–Meier accumulator', [conf]).error;
  return makeAccumulator(kmSpec(conf.confidence, conf.z));
}

/**
 * Rebuilds a Kaplan–Meier accumulator from its JSON state.
 *
 * @example
 * ```ts
 * kaplanMeierAccumulatorFromJSON(createKaplanMeierAccumulator().toJSON()).ok; //=> true
 * ```
 */
export function kaplanMeierAccumulatorFromJSON(json: unknown): Result<KaplanMeierAccumulator> {
  const parsed = typeof json === 'string' ? safeJson(json) : json;
  const c = (parsed as { options?: { confidence?: number } } | null)?.options?.confidence;
  const conf = checkConfidence({ confidence: c ?? 0.95 });
  if (isIssue(conf)) return invalid('Kaplan–Meier accumulator state', [conf]);
  return accumulatorFromJSON(kmSpec(conf.confidence, conf.z), parsed);
}

/**
 * One subject for the log-rank accumulator: its group (`'A'` or `'B'`, as the first and second
 * argument of {@link logRankTest}), duration and whether the event happened at it.
 *
 * @example
 * ```ts
 * const o: LogRankObservation = { group: 'B', duration: 14, event: true };
 * ```
 */
export interface LogRankObservation extends SurvivalObservation {
  readonly group: 'A' | 'B';
}

/**
 * JSON state of a log-rank accumulator: each group's `[duration, events, censored]` rows.
 *
 * @example
 * ```ts
 * const s: LogRankAccumulatorState = createLogRankAccumulator().add({ group: 'A', duration: 3, event: 1 }).toJSON();
 * ```
 */
export interface LogRankAccumulatorState extends AccumulatorStateBase {
  readonly options: Readonly<Record<string, never>>;
  readonly data: {
    readonly A: readonly (readonly [number, number, number])[];
    readonly B: readonly (readonly [number, number, number])[];
  };
}

/**
 * A mergeable log-rank accumulator.
 *
 * @example
 * ```ts
 * const acc: LogRankAccumulator = createLogRankAccumulator();
 * ```
 */
export type LogRankAccumulator = Accumulator<LogRankObservation, LogRankResult, LogRankAccumulatorState>;

const logRankSpec: AccumulatorSpec<LogRankObservation, LogRankResult, { A: DurationCounts; B: DurationCounts }> = {
  kind: 'log_rank',
  label: 'log-rank accumulator',
  options: {},
  empty: () => ({ A: new Map(), B: new Map() }),
  add(data, item) {
    if (typeof item !== 'object' || item === null)
      return issue([], 'expected { group, duration, event }', 'invalid_type');
    if (item.group !== 'A' && item.group !== 'B')
      return issue(['group'], `must be 'A' or 'B'; received ${quoteValue(item.group)}`, 'invalid_value');
    const bad = checkSample([item.duration], [item.event], []);
    if (bad !== null) return { ...bad, path: [bad.path[0] === 'durations' ? 'duration' : 'event'] };
    addObservation(data[item.group], item.duration, item.event);
    return null;
  },
  mergeInto(t, s) {
    mergeCounts(t.A, s.A);
    mergeCounts(t.B, s.B);
  },
  result(d) {
    const a = tableOf(d.A);
    const b = tableOf(d.B);
    return ok(logRankFromTables(a.table, b.table, a.size, b.size));
  },
  toJSON: (d) => ({ A: tableToJSON(d.A), B: tableToJSON(d.B) }),
  fromJSON(j) {
    if (typeof j !== 'object' || j === null) return [issue([], 'expected { A: rows, B: rows }', 'invalid_type')];
    const a = tableFromJSON((j as { A?: unknown }).A);
    if (!(a instanceof Map)) return a.map((i) => ({ ...i, path: ['A', ...i.path] }));
    const b = tableFromJSON((j as { B?: unknown }).B);
    if (!(b instanceof Map)) return b.map((i) => ({ ...i, path: ['B', ...i.path] }));
    return { A: a, B: b };
  },
};

/**
 * Creates a mergeable log-rank accumulator: `add` `{ group: 'A' | 'B', duration, event }`, merge
 * shards; `result()` equals {@link logRankTest} of group A's and group B's observations. Memory is
 * O(distinct durations) per group.
 *
 * @example
 * ```ts
 * const acc = createLogRankAccumulator()
 *   .addAll([{ group: 'A', duration: 9, event: 1 }, { group: 'A', duration: 13, event: 0 }])
 *   .addAll([{ group: 'B', duration: 5, event: 1 }, { group: 'B', duration: 8, event: 1 }]);
 * acc.result().value.observed; //=> [1, 2]
 * ```
 */
export function createLogRankAccumulator(): LogRankAccumulator {
  return makeAccumulator(logRankSpec);
}

/**
 * Rebuilds a log-rank accumulator from its JSON state.
 *
 * @example
 * ```ts
 * logRankAccumulatorFromJSON(createLogRankAccumulator().toJSON()).ok; //=> true
 * ```
 */
export function logRankAccumulatorFromJSON(json: unknown): Result<LogRankAccumulator> {
  return accumulatorFromJSON(logRankSpec, typeof json === 'string' ? safeJson(json) : json);
}
