/**
 * The Kaplan–Meier survival estimate with Greenwood standard errors and log-log intervals — R's
 * `survfit(Surv(time, status) ~ 1, conf.type = "log-log")`.
 *
 * @module
 */
import { ok, type Result } from '../core/result.js';
import { invalid, isIssue, optionsIssue } from './_checks.js';
import { checkConfidence } from './_confidence.js';
import { checkSample, tabulate, type TimeCounts } from './_survivalTable.js';
import type { ConfidenceOptions } from './interval.js';
import type { EventIndicator } from './survivalSample.js';

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
 * km.median; //=> 18
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
  /** Survival at time t (right-continuous step function). */
  survivalAt(t: number): number | null;
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
  durations: readonly number[],
  events: readonly EventIndicator[],
  options?: KaplanMeierOptions | null,
): Result<KaplanMeierResult> {
  const keys = optionsIssue(options, ['confidence']);
  if (keys !== null) return invalid('kaplanMeier', [keys]);
  const conf = checkConfidence(options);
  if (isIssue(conf)) return invalid('kaplanMeier', [conf]);
  const bad = checkSample(durations, events, []);
  if (bad !== null) return invalid('kaplanMeier', [bad]);
  return ok(kaplanMeierFromTable(tabulate(durations, events), durations.length, conf.z, conf.confidence));
}

/** @internal The estimate from an event table of `total` subjects. */
export function kaplanMeierFromTable(tab: TimeCounts, total: number, z: number, confidence: number): KaplanMeierResult {
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
