/**
 * Analytics from stage history: time in stage, stage durations, funnel, win rate, sales cycle,
 * velocity and stale deals. Pure functions over arrays of deals.
 *
 * @module
 */
import { CrmError } from '../core/errors.js';
import { err, ok, type Result } from '../core/result.js';
import { quantileSorted } from '../math/quantile.js';
import { Dec } from '../money/decimal.js';
import { fromDecimal, moneyToDecimal, type Money } from '../money/money.js';
import { currencyMinorUnits } from '../money/currencies.js';
import type { ExchangeRate } from '../money/arithmetic.js';
import type { Period } from '../time/period.js';
import type { Deal } from '../entities/deal.js';
import type { Pipeline, Stage, StageKind } from './define.js';
import { toCurrency } from './forecast.js';

const DAY_MS = 86_400_000;

/**
 * One pipeline or several: analytics that need a deal's stage kind look its pipeline up by
 * `deal.pipelineId`.
 *
 * @example
 * ```ts
 * const all: Pipelines = [b2bPipeline, saasRenewalPipeline];
 * ```
 */
export type Pipelines = Pipeline | readonly Pipeline[];

/** Looks up a deal's current stage across pipelines. */
function stageLookup(pipelines: Pipelines): (deal: Deal) => Stage | undefined {
  const list: readonly Pipeline[] = Array.isArray(pipelines) ? pipelines : [pipelines as Pipeline];
  if (list.length === 1) {
    const p = list[0]!;
    return (d) => (d.pipelineId === p.id ? p.stageById.get(d.stageId) : undefined);
  }
  const byId = new Map(list.map((p) => [p.id, p] as const));
  return (d) => byId.get(d.pipelineId)?.stageById.get(d.stageId);
}

const inPeriod = (p: Period | undefined, t: number): boolean =>
  p === undefined || (t >= p.start.getTime() && t < p.end.getTime());

function checkPeriod(p: Period | undefined, fn: string): void {
  if (p === undefined) return;
  if (p === null || !(p.start instanceof Date) || !(p.end instanceof Date) || !(p.start.getTime() <= p.end.getTime())) {
    throw new CrmError('validation_failed', `${fn}: period must be { start: Date, end: Date } with start ≤ end`, {
      issues: [{ path: ['period'], message: 'Expected a valid half-open period', code: 'invalid_period' }],
    });
  }
}

function checkAsOf(asOf: unknown, fn: string): asserts asOf is Date {
  if (!(asOf instanceof Date) || !Number.isFinite(asOf.getTime())) {
    throw new CrmError('validation_failed', `${fn}: asOf must be a valid Date`, {
      issues: [{ path: ['asOf'], message: 'Expected a valid Date', code: 'invalid_date' }],
    });
  }
}

/**
 * Time a deal spent in each stage, as of an instant.
 *
 * @example
 * ```ts
 * const t: TimeInStage = { current: { stageId: 'proposal', since: new Date('2026-02-01T00:00:00Z'), days: 3 }, byStage: [{ stageId: 'prospecting', days: 10, visits: 1 }] };
 * ```
 */
export interface TimeInStage {
  /** The stage the deal was in at `asOf`, since when, and for how many days; null before its first history entry. */
  readonly current: { readonly stageId: string; readonly since: Date; readonly days: number } | null;
  /** Total days per stage (all visits, the current one up to `asOf`), in order of first entry. */
  readonly byStage: readonly { readonly stageId: string; readonly days: number; readonly visits: number }[];
}

/**
 * How long a deal has been in each stage as of `asOf`, from its stage history: each history
 * entry starts a visit that ends at the next entry (or at `asOf` for the current stage). Entries
 * after `asOf` are ignored, so the answer is the deal as it was then. Days are fractional
 * (milliseconds / 86 400 000). Throws `validation_failed` for an invalid `asOf`.
 *
 * @example
 * ```ts
 * timeInStage(deal, { asOf: new Date('2026-02-11T00:00:00Z') }).current;
 * //=> { stageId: 'qualification', since: 2026-02-01T00:00:00.000Z, days: 10 }
 * ```
 */
export function timeInStage(deal: Deal, options: { readonly asOf: Date }): TimeInStage {
  checkAsOf(options?.asOf, 'timeInStage');
  const asOf = options.asOf.getTime();
  const totals = new Map<string, { days: number; visits: number }>();
  const h = deal.stageHistory;
  let current: TimeInStage['current'] = null;
  for (let i = 0; i < h.length; i++) {
    const e = h[i]!;
    const start = e.at.getTime();
    if (start > asOf) break;
    const next = h[i + 1];
    const end = next === undefined || next.at.getTime() > asOf ? asOf : next.at.getTime();
    const t = totals.get(e.to) ?? { days: 0, visits: 0 };
    t.days += (end - start) / DAY_MS;
    t.visits += 1;
    totals.set(e.to, t);
    if (end === asOf && (next === undefined || next.at.getTime() > asOf))
      current = { stageId: e.to, since: e.at, days: (asOf - start) / DAY_MS };
  }
  return Object.freeze({
    current: current === null ? null : Object.freeze(current),
    byStage: Object.freeze(
      [...totals].map(([stageId, t]) => Object.freeze({ stageId, days: t.days, visits: t.visits })),
    ),
  });
}

/**
 * Summary of the completed visits to one stage.
 *
 * @example
 * ```ts
 * const s: StageDuration = { stageId: 'proposal', count: 40, meanDays: 12.5, medianDays: 10, p90Days: 28 };
 * ```
 */
export interface StageDuration {
  readonly stageId: string;
  /** Completed visits (the deal moved on). */
  readonly count: number;
  readonly meanDays: number;
  /** Median, R's quantile type 7. */
  readonly medianDays: number;
  /** 90th percentile, R's quantile type 7. */
  readonly p90Days: number;
}

/**
 * One row of a stage funnel.
 *
 * @example
 * ```ts
 * const row: FunnelStage = { stageId: 'proposal', name: 'Proposal', kind: 'open', entered: 40, reached: 52, conversionFromPrevious: 0.65, conversionFromFirst: 0.26 };
 * ```
 */
export interface FunnelStage {
  readonly stageId: string;
  readonly name: string;
  readonly kind: StageKind;
  /** Deals whose history enters this stage (each deal counted once). */
  readonly entered: number;
  /**
   * Deals that got at least this far: open stages count deals that entered this stage or any
   * later open stage, or won (the usual cumulative funnel); won and lost stages count `entered`.
   */
  readonly reached: number;
  /** `reached / reached of the previous open stage`; for won stages, over the last open stage; null for the first stage, lost stages or a zero denominator. */
  readonly conversionFromPrevious: number | null;
  /** `reached / reached of the first stage`; null for lost stages or when nothing reached the first stage. */
  readonly conversionFromFirst: number | null;
}

/**
 * A stage funnel: rows in stage order, and the number of deals of the pipeline looked at.
 *
 * @example
 * ```ts
 * const f: StageFunnel = { pipelineId: 'b2b', deals: 200, stages: [] };
 * ```
 */
export interface StageFunnel {
  readonly pipelineId: string;
  readonly deals: number;
  readonly stages: readonly FunnelStage[];
}

/** The accumulation of one pass: per-stage durations and funnel counts. */
class StagePass {
  readonly durations = new Map<string, number[]>();
  readonly order: string[] = [];
  readonly entered: Float64Array;
  readonly furthestHist: Float64Array;
  readonly seen: Float64Array;
  deals = 0;
  private readonly index: Map<string, number>;
  private readonly openRank: Int32Array;
  private readonly openCount: number;

  constructor(
    readonly pipeline: Pipeline | undefined,
    readonly wantDurations: boolean,
  ) {
    const stages = pipeline?.stages ?? [];
    this.index = new Map(stages.map((s) => [s.id, s.index] as const));
    this.entered = new Float64Array(stages.length);
    this.seen = new Float64Array(stages.length).fill(-1);
    this.openRank = new Int32Array(stages.length).fill(-1);
    let r = 0;
    for (const s of stages) if (s.kind === 'open') this.openRank[s.index] = r++;
    this.openCount = r;
    for (const s of stages) if (s.kind === 'won') this.openRank[s.index] = r; // won: past every open stage
    this.furthestHist = new Float64Array(r + 1);
  }

  add(deal: Deal, n: number): void {
    const h = deal.stageHistory;
    const len = h.length;
    if (this.wantDurations) {
      let prev = len > 0 ? h[0]!.at.getTime() : 0;
      for (let i = 1; i < len; i++) {
        const e = h[i]!;
        const t = e.at.getTime();
        const id = h[i - 1]!.to;
        let list = this.durations.get(id);
        if (list === undefined) {
          list = [];
          this.durations.set(id, list);
          this.order.push(id);
        }
        list.push(t - prev);
        prev = t;
      }
    }
    if (this.pipeline !== undefined && deal.pipelineId === this.pipeline.id) {
      this.deals++;
      let furthest = -1;
      for (let i = 0; i < len; i++) {
        const k = this.index.get(h[i]!.to);
        if (k === undefined) continue;
        if (this.seen[k] !== n) {
          this.seen[k] = n;
          this.entered[k]!++;
        }
        const rank = this.openRank[k]!;
        if (rank > furthest) furthest = rank;
      }
      if (furthest >= 0) this.furthestHist[furthest]!++;
    }
  }

  durationsResult(): readonly StageDuration[] {
    const out: StageDuration[] = [];
    for (const id of this.order) {
      const list = this.durations.get(id)!;
      const sorted = Float64Array.from(list).sort();
      let sum = 0;
      for (let i = 0; i < sorted.length; i++) sum += sorted[i]!;
      out.push(
        Object.freeze({
          stageId: id,
          count: sorted.length,
          meanDays: sum / sorted.length / DAY_MS,
          medianDays: quantileSorted(sorted, 0.5)! / DAY_MS,
          p90Days: quantileSorted(sorted, 0.9)! / DAY_MS,
        }),
      );
    }
    return Object.freeze(out);
  }

  funnelResult(): StageFunnel {
    const p = this.pipeline!;
    // reachedRank[r] = deals whose furthest rank ≥ r (suffix sums of the histogram).
    const reachedRank = new Float64Array(this.furthestHist.length);
    let acc = 0;
    for (let r = this.furthestHist.length - 1; r >= 0; r--) reachedRank[r] = acc += this.furthestHist[r]!;
    const first = this.openCount > 0 ? reachedRank[0]! : 0;
    const rows: FunnelStage[] = [];
    let prevReached: number | null = null;
    for (const s of p.stages) {
      const entered = this.entered[s.index]!;
      let reached = entered;
      let fromPrev: number | null = null;
      let fromFirst: number | null = null;
      if (s.kind === 'open') {
        reached = reachedRank[this.openRank[s.index]!]!;
        fromPrev = prevReached === null || prevReached === 0 ? null : reached / prevReached;
        prevReached = reached;
        fromFirst = first === 0 ? null : reached / first;
      } else if (s.kind === 'won') {
        const lastOpen = this.openCount > 0 ? reachedRank[this.openCount - 1]! : 0;
        fromPrev = lastOpen === 0 ? null : reached / lastOpen;
        fromFirst = first === 0 ? null : reached / first;
      }
      rows.push(
        Object.freeze({
          stageId: s.id,
          name: s.name,
          kind: s.kind,
          entered,
          reached,
          conversionFromPrevious: fromPrev,
          conversionFromFirst: fromFirst,
        }),
      );
    }
    return Object.freeze({ pipelineId: p.id, deals: this.deals, stages: Object.freeze(rows) });
  }
}

/**
 * Duration statistics of every stage, from the completed visits in the deals' histories (a visit
 * ends when the deal moves on; the current stage's open visit is not counted — use
 * {@link timeInStage} for it). Days are fractional; median and p90 use R's quantile type 7.
 * Stages in order of first appearance; an empty list gives `[]`. One pass over the deals.
 *
 * @example
 * ```ts
 * stageDurations(deals).find((s) => s.stageId === 'proposal')?.medianDays; //=> e.g. 9.5
 * ```
 */
export function stageDurations(deals: readonly Deal[]): readonly StageDuration[] {
  const pass = new StagePass(undefined, true);
  for (let n = 0; n < deals.length; n++) pass.add(deals[n]!, n);
  return pass.durationsResult();
}

/**
 * The stage funnel of a pipeline over its deals (others are ignored): how many deals entered
 * each stage, how many reached it (cumulative: skipping a stage still passes it), and the
 * stage-to-stage and overall conversion. Stages that a deal's history names but the pipeline
 * lacks (from before {@link moveDealToPipeline}) are ignored. No deals gives zero counts and
 * null conversions. One pass over the deals.
 *
 * @example
 * ```ts
 * stageFunnel(b2bPipeline, deals).stages.map((s) => [s.stageId, s.reached]);
 * ```
 */
export function stageFunnel(pipeline: Pipeline, deals: readonly Deal[]): StageFunnel {
  const pass = new StagePass(pipeline, false);
  for (let n = 0; n < deals.length; n++) pass.add(deals[n]!, n);
  return pass.funnelResult();
}

/**
 * {@link stageFunnel} and {@link stageDurations} together in a single pass over the deals
 * (durations over every deal given, funnel over the pipeline's deals).
 *
 * @example
 * ```ts
 * const { funnel, durations } = stageAnalytics(b2bPipeline, deals);
 * ```
 */
export function stageAnalytics(
  pipeline: Pipeline,
  deals: readonly Deal[],
): { readonly funnel: StageFunnel; readonly durations: readonly StageDuration[] } {
  const pass = new StagePass(pipeline, true);
  for (let n = 0; n < deals.length; n++) pass.add(deals[n]!, n);
  return Object.freeze({ funnel: pass.funnelResult(), durations: pass.durationsResult() });
}

/**
 * Win rate: won / (won + lost) over closed deals, optionally only those closed in `period`
 * (by `closedAt`, half-open). Won and lost come from the deal's stage kind in its pipeline
 * (never from its probability); deals whose pipeline or stage is unknown are counted in
 * `unknown` and left out. `rate` is null when nothing closed.
 *
 * @example
 * ```ts
 * winRate(b2bPipeline, deals); //=> { won: 12, lost: 28, unknown: 0, rate: 0.3 }
 * ```
 */
export function winRate(
  pipelines: Pipelines,
  deals: readonly Deal[],
  options: { readonly period?: Period } = {},
): { readonly won: number; readonly lost: number; readonly unknown: number; readonly rate: number | null } {
  checkPeriod(options.period, 'winRate');
  const stage = stageLookup(pipelines);
  let won = 0;
  let lost = 0;
  let unknown = 0;
  for (const d of deals) {
    const s = stage(d);
    if (s === undefined) {
      unknown++;
      continue;
    }
    if (s.kind === 'open' || d.closedAt === null || !inPeriod(options.period, d.closedAt.getTime())) continue;
    if (s.kind === 'won') won++;
    else lost++;
  }
  return Object.freeze({ won, lost, unknown, rate: won + lost === 0 ? null : won / (won + lost) });
}

/**
 * Sales cycle length: days from creation to close (`closedAt − createdAt`) of won deals (and lost
 * ones with `includeLost`), optionally only those closed in `period`. Mean and median (R type 7)
 * are null when no deal qualifies.
 *
 * @example
 * ```ts
 * salesCycleLength(b2bPipeline, deals); //=> { count: 12, meanDays: 41.2, medianDays: 37 }
 * ```
 */
export function salesCycleLength(
  pipelines: Pipelines,
  deals: readonly Deal[],
  options: { readonly includeLost?: boolean; readonly period?: Period } = {},
): { readonly count: number; readonly meanDays: number | null; readonly medianDays: number | null } {
  checkPeriod(options.period, 'salesCycleLength');
  const stage = stageLookup(pipelines);
  const days: number[] = [];
  for (const d of deals) {
    const s = stage(d);
    if (s === undefined || s.kind === 'open' || d.closedAt === null) continue;
    if (s.kind === 'lost' && options.includeLost !== true) continue;
    if (!inPeriod(options.period, d.closedAt.getTime())) continue;
    days.push((d.closedAt.getTime() - d.createdAt.getTime()) / DAY_MS);
  }
  if (days.length === 0) return Object.freeze({ count: 0, meanDays: null, medianDays: null });
  const sorted = Float64Array.from(days).sort();
  let sum = 0;
  for (const x of sorted) sum += x;
  return Object.freeze({
    count: sorted.length,
    meanDays: sum / sorted.length,
    medianDays: quantileSorted(sorted, 0.5),
  });
}

/**
 * Sales velocity over a period and its parts.
 *
 * @example
 * ```ts
 * const v: SalesVelocity = { perDay: { amount: '1250.00', currency: 'EUR' }, opportunities: 50, winRate: 0.25, averageDealSize: { amount: '9000.00', currency: 'EUR' }, cycleDays: 90 };
 * ```
 */
export interface SalesVelocity {
  /** Expected revenue per day, rounded half-even to the currency's minor units. */
  readonly perDay: Money;
  /** Deals created in the period. */
  readonly opportunities: number;
  /** Won / (won + lost) of deals closed in the period. */
  readonly winRate: number;
  /** Mean amount of deals won in the period (exact). */
  readonly averageDealSize: Money;
  /** Mean days from creation to close of deals won in the period. */
  readonly cycleDays: number;
}

/**
 * Sales velocity = opportunities × win rate × average deal size ÷ sales cycle length (days) —
 * the standard definition (e.g. Salesforce, HubSpot "sales velocity equation"). Opportunities are
 * the deals created in `period`; win rate, average won amount and cycle length come from the deals
 * closed in `period`. Computed in exact decimals, the result rounded half-even. Amounts in other
 * currencies are converted with `rates` (a deal in a currency without a rate throws
 * `currency_mismatch`). `insufficient_data` when the period has no opportunities or no won deal,
 * or the mean cycle is 0 days.
 *
 * @example
 * ```ts
 * const r = salesVelocity(b2bPipeline, deals, { period: quarterPeriod('2026-01-01'), currency: 'EUR' });
 * r.ok && r.value.perDay; //=> { amount: '…', currency: 'EUR' }
 * ```
 */
export function salesVelocity(
  pipelines: Pipelines,
  deals: readonly Deal[],
  options: { readonly period: Period; readonly currency: string; readonly rates?: readonly ExchangeRate[] },
): Result<SalesVelocity> {
  checkPeriod(options?.period, 'salesVelocity');
  const stage = stageLookup(pipelines);
  let opportunities = 0;
  let won = 0;
  let lost = 0;
  let wonSum = new Dec(0);
  let cycleMs = 0;
  for (const d of deals) {
    if (inPeriod(options.period, d.createdAt.getTime())) opportunities++;
    const s = stage(d);
    if (s === undefined || s.kind === 'open' || d.closedAt === null || !inPeriod(options.period, d.closedAt.getTime()))
      continue;
    if (s.kind === 'lost') {
      lost++;
      continue;
    }
    won++;
    wonSum = wonSum.plus(moneyToDecimal(toCurrency(d.amount, options.currency, options.rates, 'salesVelocity')));
    cycleMs += d.closedAt.getTime() - d.createdAt.getTime();
  }
  if (opportunities === 0 || won === 0 || cycleMs <= 0) {
    return err(
      new CrmError(
        'insufficient_data',
        `salesVelocity: need at least one opportunity created and one deal won in the period with a positive cycle; found ${opportunities} opportunities and ${won} won deals`,
        {
          issues: [{ path: ['deals'], message: 'not enough deals in the period', code: 'insufficient_data' }],
        },
      ),
    );
  }
  const average = wonSum.div(won);
  // velocity/day = n × (won / closed) × average ÷ (cycleMs / won / DAY_MS)
  const perDay = new Dec(opportunities)
    .times(won)
    .div(won + lost)
    .times(average)
    .times(won)
    .times(DAY_MS)
    .div(cycleMs);
  const minor = currencyMinorUnits(options.currency);
  return ok(
    Object.freeze({
      perDay: fromDecimal(perDay.toDecimalPlaces(minor, Dec.ROUND_HALF_EVEN), options.currency),
      opportunities,
      winRate: won / (won + lost),
      averageDealSize: fromDecimal(average, options.currency),
      cycleDays: cycleMs / won / DAY_MS,
    }),
  );
}

/**
 * A deal that has been too long in its stage.
 *
 * @example
 * ```ts
 * const s: StaleDeal = { deal, stageId: 'proposal', daysInStage: 40, thresholdDays: 21, basis: 'rotAfterDays' };
 * ```
 */
export interface StaleDeal {
  readonly deal: Deal;
  readonly stageId: string;
  readonly daysInStage: number;
  readonly thresholdDays: number;
  /** Where the threshold came from: the stage's `rotAfterDays`, or the p90 of its completed visits. */
  readonly basis: 'rotAfterDays' | 'p90';
}

/**
 * Open deals of the pipeline that have been in their current stage (as of `asOf`) longer than
 * the stage's `rotAfterDays`, or — for stages without one — longer than the 90th percentile of
 * the completed visits to that stage among `deals` (only when there are at least `minSamples`,
 * default 5, such visits). Sorted by days in stage, longest first.
 *
 * @example
 * ```ts
 * staleDeals(b2bPipeline, deals, { asOf: new Date('2026-03-01T00:00:00Z') }).map((s) => s.deal.name);
 * ```
 */
export function staleDeals(
  pipeline: Pipeline,
  deals: readonly Deal[],
  options: { readonly asOf: Date; readonly minSamples?: number },
): readonly StaleDeal[] {
  checkAsOf(options?.asOf, 'staleDeals');
  const minSamples = options.minSamples ?? 5;
  const asOf = options.asOf.getTime();
  const mine = deals.filter((d) => d.pipelineId === pipeline.id);
  const needP90 = pipeline.stages.some((s) => s.kind === 'open' && s.rotAfterDays === undefined);
  const p90 = new Map<string, { p90Days: number; count: number }>();
  if (needP90) for (const s of stageDurations(mine)) p90.set(s.stageId, s);
  const out: StaleDeal[] = [];
  for (const d of mine) {
    const stage = pipeline.stageById.get(d.stageId);
    if (stage === undefined || stage.kind !== 'open') continue;
    const last = d.stageHistory[d.stageHistory.length - 1];
    const since = last === undefined ? d.createdAt.getTime() : last.at.getTime();
    const days = (asOf - since) / DAY_MS;
    let threshold: number | undefined;
    let basis: StaleDeal['basis'] = 'rotAfterDays';
    if (stage.rotAfterDays !== undefined) threshold = stage.rotAfterDays;
    else {
      const s = p90.get(stage.id);
      if (s !== undefined && s.count >= minSamples) ((threshold = s.p90Days), (basis = 'p90'));
    }
    if (threshold !== undefined && days > threshold)
      out.push(Object.freeze({ deal: d, stageId: stage.id, daysInStage: days, thresholdDays: threshold, basis }));
  }
  out.sort((a, b) => b.daysInStage - a.daysInStage);
  return Object.freeze(out);
}
