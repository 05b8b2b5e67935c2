/**
 * goalProgress: where a goal stands — current value, progress from baseline to target, paces, status.
 *
 * @module
 */
import { checkOptionKeys, crmIssue, IssueList } from '../core/issues.js';
import { err, ok, type Result } from '../core/result.js';
import { Dec } from '../money/decimal.js';
import { currencyMinorUnits } from '../money/currencies.js';
import { fromDecimal } from '../money/money.js';
import type { PeriodUnit } from '../time/period.js';
import { instantMs } from '../_lib/instantMs.js';
import { quoteValue } from '../_lib/show.js';
import { assertGoal, readValue, type ReadValue } from './_values.js';
import type { Goal, GoalObservation, GoalProgress, GoalStatus, GoalValue } from './types.js';
import { invalidInput } from '../core/issues.js';

/**
 * Options of {@link goalProgress}.
 *
 * @example
 * ```ts
 * const o: GoalProgressOptions = { asOf: '2026-07-01', tolerance: 0.2 };
 * ```
 */
export interface GoalProgressOptions {
  /** The instant: observations after it are left out. */
  readonly asOf: Date | string;
  /**
   * The share of the planned change a projection may fall short by and be `at_risk` rather than
   * `off_track`, in [0, 1]; default 0.2.
   */
  readonly tolerance?: number;
}

/** Mean lengths of the units, in days (a Gregorian year is 365.2425 days). */
const UNIT_DAYS: Readonly<Record<PeriodUnit, number>> = {
  day: 1,
  week: 7,
  month: 30.436875,
  quarter: 91.310625,
  year: 365.2425,
};
const DAY = 86_400_000;

/**
 * Where a goal stands at `asOf`, from observations of its measure (`{ at, value, segment? }`, in any
 * order; only those of the goal's segment — or without a segment for a goal without one — at or
 * before `asOf` and not before the goal's `start` count):
 *
 * - `current` is the latest value (at `currentAt`); `start` and `baseline` default to the time and value
 *   of the earliest observation;
 * - `progress` = (current − baseline) / (target − baseline), 0 at the baseline and 1 at the target
 *   (this works for both directions: for churn, a fall is progress);
 * - `elapsed` = (asOf − start) / (by − start), in [0, 1];
 * - `pace`, per `period` of the goal (mean lengths: a month is 30.436875 days, a year 365.2425):
 *   `soFar` = (current − baseline) over the time from start to `currentAt`, `needed` = (target − current)
 *   over the time from `asOf` to `by`, `planned` = (target − baseline) over start to `by`;
 * - `projected` = the value at `by` if the pace so far holds: baseline + (current − baseline) / f, with
 *   f = (currentAt − start) / (by − start) — linear extrapolation.
 *
 * **The status rule.** Let P = progress / f be the projected progress at `by` (the share of the planned
 * change the pace so far reaches by the deadline) and τ the `tolerance` (default 0.2):
 *
 * 1. the target is reached (current at or beyond it in the better direction) → `on_track`;
 * 2. otherwise, at or after `by` → `off_track`;
 * 3. otherwise, when no time has passed between start and `currentAt` (f = 0): `on_track` if progress ≥ 0,
 *    else `off_track`;
 * 4. otherwise `on_track` if P ≥ 1, `at_risk` if P ≥ 1 − τ, `off_track` below.
 *
 * Equivalently, step 4 compares progress with f, the share of the time gone at the latest observation:
 * on track when the measure has covered at least that share of the way.
 *
 * Money goals compute exactly with decimal.js; `current`, `projected` and the paces are Money, the
 * projection and paces rounded half-even to the currency's minor unit. No observation that counts gives
 * `status: null` and `null` values (no baseline either, unless the goal has one).
 *
 * Returns a `Result` and never throws for its input: an observation that is not one (its path under
 * `observations`; a value of the wrong kind or currency), a bad `asOf` or `tolerance`, an unknown
 * option, or a goal without a baseline whose earliest observation already equals the target or lies
 * beyond it in the wrong direction (`invalid_value` at `['goal', 'target']`) — each a `validation_failed` issue.
 *
 * @throws CrmError `validation_failed` when `goal` was not made by `defineGoal`.
 *
 * @example
 * ```ts
 * const goal = unwrap(defineGoal({
 *   id: 'cac-2026', metric: 'customerAcquisitionCost', period: 'month',
 *   baseline: { amount: '115.00', currency: 'USD' }, target: { amount: '80.00', currency: 'USD' },
 *   start: '2026-01-01', by: '2027-01-01',
 * }));
 * const r = goalProgress(goal, [{ at: '2026-07-01', value: { amount: '100.00', currency: 'USD' } }], { asOf: '2026-07-01' });
 * // on this pace CAC reaches $84.75 by the deadline: 86% of the way
 * unwrap(r).status; //=> 'at_risk'
 * ```
 */
export function goalProgress(
  goal: Goal,
  observations: readonly GoalObservation[],
  options: GoalProgressOptions,
): Result<GoalProgress> {
  assertGoal(goal, 'goalProgress');
  try {
    return progress(goal, observations, options);
  } catch (e) {
    return err(
      invalidInput('goalProgress', [
        crmIssue.invalidType(
          [],
          `readable observations (reading them threw: ${e instanceof Error ? e.message.slice(0, 200) : quoteValue(e)})`,
          undefined,
        ),
      ]),
    );
  }
}

function progress(goal: Goal, observations: unknown, options: unknown): Result<GoalProgress> {
  const issues = new IssueList();
  issues.push(...checkOptionKeys(options, ['asOf', 'tolerance'], ['options']));
  const o = typeof options === 'object' && options !== null ? (options as Record<string, unknown>) : {};
  const asOf = instantMs(o['asOf']);
  if (Number.isNaN(asOf)) issues.push(crmIssue.invalidDate(['options', 'asOf'], o['asOf']));
  const tol = o['tolerance'] ?? 0.2;
  if (typeof tol !== 'number' || !(tol >= 0 && tol <= 1))
    issues.push(crmIssue.invalidValue(['options', 'tolerance'], 'expected a number in [0, 1]', tol));
  const goalStart = goal.start === null ? null : goal.start.getTime();
  const by = goal.by.getTime();
  let first: { at: number; value: ReadValue } | undefined;
  let last: { at: number; value: ReadValue } | undefined;
  if (!Array.isArray(observations))
    issues.push(crmIssue.invalidType(['observations'], 'a list of observations { at, value }', observations));
  else
    for (let i = 0; i < observations.length; i++) {
      if (issues.full) break;
      const ob: unknown = observations[i];
      const path = ['observations', i];
      if (typeof ob !== 'object' || ob === null || Array.isArray(ob)) {
        issues.push(crmIssue.invalidType(path, 'an observation { at, value, segment? }', ob));
        continue;
      }
      const r = ob as Record<string, unknown>;
      const extra = Object.keys(r).filter((k) => k !== 'at' && k !== 'value' && k !== 'segment');
      if (extra.length > 0) issues.push(crmIssue.unrecognizedKeys(path, extra, ['at', 'value', 'segment']));
      const at = instantMs(r['at']);
      if (Number.isNaN(at)) issues.push(crmIssue.invalidDate([...path, 'at'], r['at']));
      const v = readValue(r['value'], goal.kind, goal.currency, [...path, 'value'], issues);
      const seg = r['segment'] ?? null;
      if (seg !== null && typeof seg !== 'string')
        issues.push(crmIssue.invalidType([...path, 'segment'], 'text or null', seg));
      if (Number.isNaN(at) || v === undefined || seg !== goal.segment) continue;
      if ((goalStart !== null && at < goalStart) || at > asOf) continue;
      if (first === undefined || at < first.at) first = { at, value: v.value };
      if (last === undefined || at >= last.at) last = { at, value: v.value };
    }
  if (issues.count > 0 || typeof tol !== 'number') return err(issues.error('goalProgress'));

  const money = goal.kind === 'money' && goal.currency !== null;
  const dec = (v: GoalValue): Dec => (typeof v === 'number' ? new Dec(v) : new Dec(v.amount));
  const target = dec(goal.target);
  const baselineDec =
    goal.baseline !== null ? dec(goal.baseline) : (first?.value.d ?? (first ? new Dec(first.value.n) : null));
  const start = goalStart ?? first?.at ?? null;
  const unitMs = UNIT_DAYS[goal.period] * DAY;
  const elapsed = start === null ? null : clamp01((asOf - start) / (by - start || 1));
  const show = (d: Dec | null, round: boolean): GoalValue | null => {
    if (d === null) return null;
    if (money)
      return fromDecimal(
        round ? d.toDecimalPlaces(currencyMinorUnits(goal.currency!), Dec.ROUND_HALF_EVEN) : d,
        goal.currency!,
      );
    const n = d.toNumber();
    return Number.isFinite(n) ? n + 0 : null; // + 0: never -0
  };
  // A goal without a baseline: its first observation is the baseline, which must leave something to reach.
  if (goal.baseline === null && baselineDec !== null) {
    const gap = target.minus(baselineDec);
    if (gap.isZero() || (goal.better === 'higher') !== gap.isPositive())
      return err(
        invalidInput('goalProgress', [
          crmIssue.invalidValue(
            ['goal', 'target'],
            `the first observation (the baseline) already ${gap.isZero() ? 'equals' : 'lies beyond'} the target`,
            show(baselineDec, false),
          ),
        ]),
      );
  }
  const planned =
    baselineDec === null || start === null
      ? null
      : target
          .minus(baselineDec)
          .times(unitMs)
          .dividedBy(by - start);
  if (last === undefined || baselineDec === null || start === null)
    return ok(
      Object.freeze({
        goalId: goal.id,
        metric: goal.metric,
        status: null,
        achieved: false,
        current: null,
        currentAt: null,
        baseline: show(baselineDec, false),
        target: goal.target,
        start: start === null ? null : new Date(start),
        progress: null,
        elapsed,
        projected: null,
        pace: Object.freeze({ per: goal.period, soFar: null, needed: null, planned: show(planned, true) }),
      }),
    );
  const current = last.value.d ?? new Dec(last.value.n);
  const gap = target.minus(baselineDec);
  const moved = current.minus(baselineDec);
  const p = moved.dividedBy(gap);
  const f = clamp01((last.at - start) / (by - start));
  const achieved = goal.better === 'higher' ? current.gte(target) : current.lte(target);
  const projectedProgress = f > 0 ? p.dividedBy(f) : null;
  let status: GoalStatus;
  if (achieved) status = 'on_track';
  else if (asOf >= by) status = 'off_track';
  else if (projectedProgress === null) status = p.gte(0) ? 'on_track' : 'off_track';
  else status = projectedProgress.gte(1) ? 'on_track' : projectedProgress.gte(1 - tol) ? 'at_risk' : 'off_track';
  const soFar = last.at > start ? moved.times(unitMs).dividedBy(last.at - start) : null;
  const needed =
    asOf < by
      ? target
          .minus(current)
          .times(unitMs)
          .dividedBy(by - asOf)
      : null;
  const projected = f > 0 ? baselineDec.plus(moved.dividedBy(f)) : null;
  const progressNumber = p.toNumber();
  return ok(
    Object.freeze({
      goalId: goal.id,
      metric: goal.metric,
      status,
      achieved,
      current: show(current, false),
      currentAt: new Date(last.at),
      baseline: show(baselineDec, false),
      target: goal.target,
      start: new Date(start),
      progress: Number.isFinite(progressNumber) ? progressNumber + 0 : null,
      elapsed,
      projected: show(projected, true),
      pace: Object.freeze({
        per: goal.period,
        soFar: show(soFar, true),
        needed: show(needed, true),
        planned: show(planned, true),
      }),
    }),
  );
}

function clamp01(x: number): number {
  return x < 0 ? 0 : x > 1 ? 1 : x;
}
