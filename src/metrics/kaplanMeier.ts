/**
 * The Kaplan–Meier survival estimate with Greenwood standard errors and log-log intervals — R's
 * `survfit(Surv(time, status) ~ 1, conf.type = "log-log")`.
 *
 * @module
 */
import { ok, type Result } from '../core/result.js';
import { invalid, isIssue, optionsIssue } from './_checks.js';
import { checkConfidence } from './_confidence.js';
import { GROUP_BATCH, groupSample, groupTable, type SurvivalGroups } from './_survivalTable.js';
import type { ConfidenceOptions } from './interval.js';
import type { Durations, EventIndicators } from './survivalSample.js';
import { guarded } from './_guard.js';

/**
 * One row of a Kaplan–Meier table, at an event time (as `summary(survfit(...))` prints).
 *
 * @example
 * ```ts
 * const [row]: readonly KaplanMeierRow[] = unwrap(kaplanMeier([9, 13, 13, 18], [1, 1, 0, 1])).rows;
 * row?.survival; //=> 0.75
 * ```
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
 *
 * @example
 * ```ts
 * const km: KaplanMeierResult = unwrap(kaplanMeier([9, 13, 13, 18], [1, 1, 0, 1]));
 * // Survival is exactly 0.5 from 13 to 18: the median is the midpoint, as R prints it.
 * km.median; //=> 15.5
 * ```
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
  /**
   * Every distinct duration at which subjects were censored, ascending, with how many (event times
   * included, where `rows` also count them): the censor marks of a Kaplan–Meier plot, as R's
   * `plot(survfit(...), mark.time = TRUE)` draws them. Empty when nobody was censored.
   */
  readonly censorings: readonly KaplanMeierCensoring[];
  /** Survival at time t (right-continuous step function). */
  survivalAt(t: number): number | null;
}

/**
 * Subjects censored at one duration (see {@link KaplanMeierResult.censorings}).
 *
 * @example
 * ```ts
 * const c: KaplanMeierCensoring = unwrap(kaplanMeier([9, 13, 13, 18], [1, 1, 0, 1])).censorings[0]!;
 * c; //=> { time: 13, count: 1 }
 * ```
 */
export interface KaplanMeierCensoring {
  /** The duration at which they were censored. */
  readonly time: number;
  /** How many subjects were censored at it. */
  readonly count: number;
}

/**
 * Options of {@link kaplanMeier}.
 *
 * @example
 * ```ts
 * const o: KaplanMeierOptions = { confidence: 0.9 };
 * ```
 */
export type KaplanMeierOptions = ConfidenceOptions;

/**
 * Kaplan–Meier survival estimate from durations and event indicators (Kaplan & Meier 1958), with
 * Greenwood (1926) standard errors and log-log intervals exp(−exp(log(−log S) ± z·σ/log S)), σ² =
 * Σ d/(n(n−d)) — R's `survfit(Surv(time, status) ~ 1, conf.type = "log-log")`. For customers:
 * duration = tenure, event = churned (censored = still a customer). Bad input (lengths differ, a
 * negative or non-finite duration, an event flag that is not boolean/0/1, a bad confidence, an
 * unknown option): `validation_failed` naming the index. Never throws.
 *
 * @example
 * ```ts
 * const km = unwrap(kaplanMeier([9, 13, 13, 18], [1, 1, 0, 1]));
 * km.rows[0]?.atRisk; //=> 4
 * km.survivalAt(15); //=> 0.5
 * ```
 */
export function kaplanMeier(
  durations: Durations,
  events: EventIndicators,
  options?: KaplanMeierOptions | null,
): Result<KaplanMeierResult> {
  return guarded('kaplanMeier', () => {
    const keys = optionsIssue(options, ['confidence']);
    if (keys !== null) return invalid('kaplanMeier', [keys]);
    const conf = checkConfidence(options);
    if (isIssue(conf)) return invalid('kaplanMeier', [conf]);
    const groups = groupSample(durations, events, []);
    if (isIssue(groups)) return invalid('kaplanMeier', [groups]);
    return ok(kaplanMeierFromGroups(groups, durations.length, conf.z, conf.confidence));
  });
}

/** One column per field of the rows; `NaN` stands for `null` (no real value is NaN). */
interface Columns {
  readonly time: Float64Array;
  readonly atRisk: Int32Array | Float64Array;
  readonly events: Int32Array | Float64Array;
  readonly censored: Int32Array | Float64Array;
  readonly survival: Float64Array;
  readonly stdErr: Float64Array;
  readonly lower: Float64Array;
  readonly upper: Float64Array;
}

function orNull(x: number): number | null {
  return x !== x ? null : x;
}

/**
 * The first event time where the curve (survival or an interval end) is ≤ 0.5 — the midpoint with the
 * next event time when it is exactly 0.5, as R prints it; `null` when it never falls that low (or the
 * curve ends, `null`, first).
 */
function medianOf(time: Float64Array, curve: Float64Array): number | null {
  const k = time.length;
  for (let i = 0; i < k; i++) {
    const s = curve[i]!;
    if (s !== s) return null;
    if (s <= 0.5 + 1e-12) {
      if (Math.abs(s - 0.5) <= 1e-12 && i + 1 < k) return (time[i]! + time[i + 1]!) / 2;
      return time[i]!;
    }
  }
  return null;
}

/** The censorings of the groups, in time order, frozen (from their event table: read once, not hot). */
function censoringsOf(groups: SurvivalGroups): readonly KaplanMeierCensoring[] {
  const { times, censored } = groupTable(groups);
  const out: KaplanMeierCensoring[] = [];
  for (let k = 0; k < times.length; k++)
    if (censored[k]! > 0) out.push(Object.freeze({ time: times[k]!, count: censored[k]! }));
  return Object.freeze(out);
}

/**
 * @internal The estimate from the groups of `total` subjects. The rows are computed into typed
 * columns in one pass; the frozen row objects are made on the first read of `rows` (so a caller who
 * reads only the median or `survivalAt` never pays for a million objects), always the same array.
 */
export function kaplanMeierFromGroups(
  groups: SurvivalGroups,
  total: number,
  z: number,
  confidence: number,
): KaplanMeierResult {
  const k = groups.eventTimes;
  // Counts fit 32 bits below 2³¹ subjects (always, in practice: that many doubles need 16 GB).
  const Counts = total < 2 ** 31 ? Int32Array : Float64Array;
  const col: Columns = {
    time: new Float64Array(k),
    atRisk: new Counts(k),
    events: new Counts(k),
    censored: new Counts(k),
    survival: new Float64Array(k),
    stdErr: new Float64Array(k),
    lower: new Float64Array(k),
    upper: new Float64Array(k),
  };
  let atRisk = total;
  let s = 1;
  let greenwood = 0;
  let totalEvents = 0;
  let r = 0;
  const bt = new Float64Array(GROUP_BATCH);
  const be = new Int32Array(GROUP_BATCH);
  const bc = new Int32Array(GROUP_BATCH);
  const cursor = groups.cursor();
  for (let m = cursor.fill(bt, be, bc); m > 0; m = cursor.fill(bt, be, bc))
    for (let q = 0; q < m; q++) {
      const t = bt[q]!;
      const d = be[q]!;
      const c = bc[q]!;
      if (d > 0) {
        totalEvents += d;
        s *= 1 - d / atRisk;
        const zero = d === atRisk || s <= 0;
        if (zero) s = 0;
        else greenwood += d / (atRisk * (atRisk - d));
        let lower = Number.NaN;
        let upper = Number.NaN;
        let stdErr = Number.NaN;
        if (!zero) {
          const se = Math.sqrt(greenwood);
          stdErr = s * se;
          if (s < 1) {
            const logS = Math.log(s);
            const ll = Math.log(-logS);
            const w = (z * se) / logS;
            const a = Math.exp(-Math.exp(ll + w));
            const b = Math.exp(-Math.exp(ll - w));
            lower = Math.min(a, b);
            upper = Math.max(a, b);
          }
        }
        col.time[r] = t;
        col.atRisk[r] = atRisk;
        col.events[r] = d;
        col.censored[r] = c;
        col.survival[r] = s;
        col.stdErr[r] = stdErr;
        col.lower[r] = lower;
        col.upper[r++] = upper;
      }
      atRisk -= d + c;
    }
  const maxTime = groups.maxTime;
  const survivalAt = (t: number): number | null => {
    if (!Number.isFinite(t) || t > maxTime) return null;
    let lo = 0;
    let hi = k; // first row with time > t
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (col.time[mid]! <= t) lo = mid + 1;
      else hi = mid;
    }
    return lo === 0 ? 1 : col.survival[lo - 1]!;
  };
  let rows: readonly KaplanMeierRow[] | undefined;
  let censorings: readonly KaplanMeierCensoring[] | undefined;
  let unread: SurvivalGroups | null = groups;
  return Object.freeze({
    get rows(): readonly KaplanMeierRow[] {
      if (rows === undefined) {
        const out = new Array<KaplanMeierRow>(k);
        for (let r = 0; r < k; r++)
          out[r] = Object.freeze({
            time: col.time[r]!,
            atRisk: col.atRisk[r]!,
            events: col.events[r]!,
            censored: col.censored[r]!,
            survival: col.survival[r]!,
            stdErr: orNull(col.stdErr[r]!),
            lower: orNull(col.lower[r]!),
            upper: orNull(col.upper[r]!),
          });
        rows = Object.freeze(out);
      }
      return rows;
    },
    get censorings(): readonly KaplanMeierCensoring[] {
      // Made on the first read, from the groups walked again: most callers never read them, and
      // collecting them during the walk cost a tenth of the estimate at a million subjects. Until then
      // the result keeps the groups (the sorted durations: 8–16 bytes a subject), then lets them go.
      if (censorings === undefined) {
        censorings = censoringsOf(unread!);
        unread = null;
      }
      return censorings;
    },
    total,
    events: totalEvents,
    median: medianOf(col.time, col.survival),
    medianInterval: Object.freeze({
      lower: medianOf(col.time, col.lower),
      upper: medianOf(col.time, col.upper),
      confidence: confidence,
    }),
    confidence: confidence,
    survivalAt,
  });
}
