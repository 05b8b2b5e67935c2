/**
 * Analytics from stage history: time in stage, stage durations, funnel, win rate, sales cycle,
 * velocity and stale deals. Pure functions over arrays of deals.
 *
 * @module
 */
import { CrmError } from '../core/errors.js';
import { err, ok, type Result } from '../core/result.js';
import { checkOptionKeys, crmIssue, IssueList } from '../core/issues.js';
import { quantileSorted } from '../math/quantile.js';
import { Dec } from '../money/decimal.js';
import { fromDecimal, moneyToDecimal, type Money } from '../money/money.js';
import { currencyMinorUnits } from '../money/currencies.js';
import type { ExchangeRate } from '../money/arithmetic.js';
import { periodIssue, type Period } from '../time/period.js';
import type { Deal } from '../entities/deal.js';
import type { Pipeline, StageKind } from './define.js';
import {
  checkDeals,
  currencyIssue,
  dateIssue,
  inCurrency,
  isPipeline,
  isRecord,
  mismatchError,
  ratesIssues,
  readPipelines,
  stageIn,
  type Pipelines,
} from './_records.js';

export type { Pipelines } from './_records.js';

const DAY_MS = 86_400_000;

const inPeriod = (p: Period | undefined, t: number): boolean =>
  p === undefined || (t >= p.start.getTime() && t < p.end.getTime());

/** Options checked the same way everywhere: keys, `null` = none, a period when given (an empty one is fine). */
function checkOptions(
  options: unknown,
  allowed: readonly string[],
  issues: IssueList,
  required: readonly string[] = [],
): Record<string, unknown> {
  issues.push(...checkOptionKeys(options, allowed, ['options']));
  const o = isRecord(options) ? options : {};
  for (const k of required)
    if (o[k] === undefined) issues.push({ path: ['options', k], message: `${k} is required`, code: 'invalid_type' });
  if (o['period'] !== undefined) {
    const p = periodIssue(o['period'], ['options', 'period']);
    if (p !== undefined) issues.push(p);
  }
  return o;
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
 * Options of {@link timeInStage}.
 *
 * @example
 * ```ts
 * const o: TimeInStageOptions = { asOf: new Date('2026-02-11T00:00:00Z') };
 * ```
 */
export interface TimeInStageOptions {
  /** The instant the deal is looked at. */
  readonly asOf: Date;
}

/**
 * How long a deal has been in each stage as of `asOf`, from its stage history: each history
 * entry starts a visit that ends at the next entry (or at `asOf` for the current stage). Entries
 * after `asOf` are ignored, so the answer is the deal as it was then. Days are fractional
 * (milliseconds / 86 400 000). Bad data gets a `validation_failed` error, never a throw: an
 * invalid `asOf`, unknown option keys, a deal without a readable history.
 *
 * @example
 * ```ts
 * declare const deal: Deal;
 * const r = timeInStage(deal, { asOf: new Date('2026-02-11T00:00:00Z') });
 * if (r.ok) r.value.current; //=> { stageId: 'qualification', since: 2026-02-01T00:00:00.000Z, days: 10 }
 * ```
 */
export function timeInStage(deal: Deal, options: TimeInStageOptions): Result<TimeInStage> {
  const issues = new IssueList();
  const o = checkOptions(options, ['asOf'], issues, ['asOf']);
  const asOfIssue = o['asOf'] === undefined ? undefined : dateIssue(o['asOf'], ['options', 'asOf']);
  if (asOfIssue !== undefined) issues.push(asOfIssue);
  checkDeals([deal], { history: true }, issues);
  if (issues.count > 0) return err(issues.error('timeInStage'));
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
  return ok(
    Object.freeze({
      current: current === null ? null : Object.freeze({ ...current, since: new Date(current.since.getTime()) }),
      byStage: Object.freeze(
        [...totals].map(([stageId, t]) => Object.freeze({ stageId, days: t.days, visits: t.visits })),
      ),
    }),
  );
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

/** The accumulation of one pass: per-stage durations and funnel counts (internal; the lifecycle analytics reuse it). */
export class StagePass {
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

  /**
   * Adds one deal; `false` (and the pass is to be discarded) when the deal is not readable: the shape
   * is checked as the entries are read, so checking costs no second pass over the histories.
   */
  add(deal: Deal, n: number): boolean {
    if (deal === null || typeof deal !== 'object') return false;
    const h: unknown = deal.stageHistory;
    if (!Array.isArray(h)) return false;
    const len = h.length;
    let prev = 0;
    for (let i = 0; i < len; i++) {
      const e: unknown = h[i];
      if (e === null || typeof e !== 'object') return false;
      const at = (e as { at?: unknown }).at;
      if (!(at instanceof Date)) return false;
      const t = at.getTime();
      if (t !== t || typeof (e as { to?: unknown }).to !== 'string') return false; // an invalid Date is NaN
      if (this.wantDurations && i > 0) {
        const id = (h[i - 1] as { to: string }).to;
        let list = this.durations.get(id);
        if (list === undefined) {
          list = [];
          this.durations.set(id, list);
          this.order.push(id);
        }
        list.push(t - prev);
      }
      prev = t;
    }
    if (this.pipeline === undefined) return true;
    const pid: unknown = deal.pipelineId;
    if (typeof pid !== 'string') return false;
    if (pid === this.pipeline.id) {
      this.deals++;
      let furthest = -1;
      for (let i = 0; i < len; i++) {
        const k = this.index.get((h[i] as { to: string }).to);
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
    return true;
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
 * Stages in order of first appearance; no deals give `[]`. One pass over the deals. A deal without
 * a readable history is a `validation_failed` error (path `['deals', i, …]`), never a throw.
 *
 * @example
 * ```ts
 * declare const deals: readonly Deal[];
 * const r = stageDurations(deals);
 * if (r.ok) r.value.find((s) => s.stageId === 'proposal')?.medianDays; //=> e.g. 9.5
 * ```
 */
export function stageDurations(deals: readonly Deal[]): Result<readonly StageDuration[]> {
  const pass = new StagePass(undefined, true);
  const bad = runPass(pass, undefined, deals, 'stageDurations');
  return bad ?? ok(pass.durationsResult());
}

/**
 * Runs the deals through a pass, which checks each deal's shape as it reads it; on the first
 * unreadable deal (or input that is not a pipeline or an array) the pass is dropped and every issue
 * is reported.
 */
function runPass(pass: StagePass, pipeline: unknown, deals: unknown, fn: string): Result<never> | undefined {
  const needs = { stage: pipeline !== undefined, history: true };
  const fail = (): Result<never> => {
    const issues = new IssueList();
    if (pipeline !== undefined && !isPipeline(pipeline))
      issues.push({ path: ['pipeline'], message: 'expected a Pipeline made by definePipeline', code: 'invalid_type' });
    checkDeals(deals, needs, issues);
    return err(issues.error(fn));
  };
  if ((pipeline !== undefined && !isPipeline(pipeline)) || !Array.isArray(deals)) return fail();
  try {
    for (let n = 0; n < deals.length; n++) if (!pass.add(deals[n] as Deal, n)) return fail();
  } catch {
    return fail(); // a getter that throws
  }
  return undefined;
}

/** The error of a stage function given something that is not a pipeline (`undefined` included). */
function notAPipeline(pipeline: unknown, deals: unknown, fn: string): Result<never> {
  const issues = new IssueList();
  issues.push(crmIssue.invalidType(['pipeline'], 'a Pipeline made by definePipeline', pipeline));
  checkDeals(deals, { stage: true, history: true }, issues);
  return err(issues.error(fn));
}

/**
 * The stage funnel of a pipeline over its deals (others are ignored): how many deals entered
 * each stage, how many reached it (cumulative: skipping a stage still passes it), and the
 * stage-to-stage and overall conversion. Stages that a deal's history names but the pipeline
 * lacks (from before {@link moveDealToPipeline}) are ignored. No deals gives zero counts and
 * null conversions. One pass over the deals. It takes one pipeline, since its rows are that
 * pipeline's stages. Bad data (not a pipeline, a deal without `pipelineId` or a readable history)
 * is a `validation_failed` error, never a throw.
 *
 * @example
 * ```ts
 * declare const deals: readonly Deal[];
 * const r = stageFunnel(b2bPipeline, deals);
 * if (r.ok) r.value.stages.map((s) => [s.stageId, s.reached]);
 * ```
 */
export function stageFunnel(pipeline: Pipeline, deals: readonly Deal[]): Result<StageFunnel> {
  if (!isPipeline(pipeline)) return notAPipeline(pipeline, deals, 'stageFunnel');
  const pass = new StagePass(pipeline, false);
  const bad = runPass(pass, pipeline, deals, 'stageFunnel');
  return bad ?? ok(pass.funnelResult());
}

/**
 * {@link stageFunnel} and {@link stageDurations} together in a single pass over the deals
 * (durations over every deal given, funnel over the pipeline's deals). Bad data is a
 * `validation_failed` error, never a throw.
 *
 * @example
 * ```ts
 * declare const deals: readonly Deal[];
 * const r = stageAnalytics(b2bPipeline, deals);
 * if (r.ok) r.value.funnel.deals;
 * ```
 */
export function stageAnalytics(
  pipeline: Pipeline,
  deals: readonly Deal[],
): Result<{ readonly funnel: StageFunnel; readonly durations: readonly StageDuration[] }> {
  if (!isPipeline(pipeline)) return notAPipeline(pipeline, deals, 'stageAnalytics');
  const pass = new StagePass(pipeline, true);
  const bad = runPass(pass, pipeline, deals, 'stageAnalytics');
  return bad ?? ok(Object.freeze({ funnel: pass.funnelResult(), durations: pass.durationsResult() }));
}

/**
 * Options of {@link winRate}.
 *
 * @example
 * ```ts
 * const o: WinRateOptions = { period: quarterPeriod('2026-01-01') };
 * ```
 */
export interface WinRateOptions {
  /** Count only deals closed in this half-open period (an empty period counts none). */
  readonly period?: Period;
}

/**
 * What {@link winRate} gives.
 *
 * @example
 * ```ts
 * const w: WinRate = { won: 12, lost: 28, unknown: 0, rate: 0.3 };
 * ```
 */
export interface WinRate {
  readonly won: number;
  readonly lost: number;
  /** Deals whose pipeline (among those given) or stage is unknown: left out. */
  readonly unknown: number;
  /** `won / (won + lost)`; null when nothing closed. */
  readonly rate: number | null;
}

/**
 * Win rate: won / (won + lost) over closed deals, optionally only those closed in `period`
 * (by `closedAt`, half-open; an empty period gives `rate: null`). Won and lost come from the
 * deal's stage kind in its pipeline (never from its probability); deals whose pipeline or stage is
 * unknown are counted in `unknown` and left out. `rate` is null when nothing closed. Bad data is a
 * `validation_failed` error, never a throw: a bad period (`invalid_period`), unknown option keys,
 * something that is not a pipeline, a deal without `pipelineId`, `stageId` or a valid `closedAt`.
 *
 * @example
 * ```ts
 * declare const deals: readonly Deal[];
 * const r = winRate(b2bPipeline, deals);
 * if (r.ok) r.value; //=> { won: 12, lost: 28, unknown: 0, rate: 0.3 }
 * ```
 */
export function winRate(
  pipelines: Pipelines,
  deals: readonly Deal[],
  options?: WinRateOptions | null,
): Result<WinRate> {
  const issues = new IssueList();
  const o = checkOptions(options, ['period'], issues);
  const p = readPipelines(pipelines, ['pipelines'], issues);
  checkDeals(deals, { stage: true, closedAt: true }, issues);
  if (issues.count > 0 || p === undefined) return err(issues.error('winRate'));
  const period = o['period'] as Period | undefined;
  let won = 0;
  let lost = 0;
  let unknown = 0;
  for (const d of deals) {
    const s = stageIn(p.byId, d);
    if (s === undefined) {
      unknown++;
      continue;
    }
    if (s.kind === 'open' || d.closedAt === null || !inPeriod(period, d.closedAt.getTime())) continue;
    if (s.kind === 'won') won++;
    else lost++;
  }
  return ok(Object.freeze({ won, lost, unknown, rate: won + lost === 0 ? null : won / (won + lost) }));
}

/**
 * Options of {@link salesCycleLength}.
 *
 * @example
 * ```ts
 * const o: SalesCycleLengthOptions = { includeLost: true, period: yearPeriod('2026-01-01') };
 * ```
 */
export interface SalesCycleLengthOptions {
  /** Count lost deals too (default: won deals only). */
  readonly includeLost?: boolean;
  /** Count only deals closed in this half-open period. */
  readonly period?: Period;
}

/**
 * What {@link salesCycleLength} gives.
 *
 * @example
 * ```ts
 * const c: SalesCycleLength = { count: 12, meanDays: 41.2, medianDays: 37 };
 * ```
 */
export interface SalesCycleLength {
  readonly count: number;
  /** Null when no deal qualifies. */
  readonly meanDays: number | null;
  /** R quantile type 7; null when no deal qualifies. */
  readonly medianDays: number | null;
}

/**
 * Sales cycle length: days from creation to close (`closedAt − createdAt`) of won deals (and lost
 * ones with `includeLost`), optionally only those closed in `period`. Mean and median (R type 7)
 * are null when no deal qualifies (an empty period included). Bad data is a `validation_failed`
 * error, never a throw (a bad period, unknown option keys, a deal without valid dates).
 *
 * @example
 * ```ts
 * declare const deals: readonly Deal[];
 * const r = salesCycleLength(b2bPipeline, deals);
 * if (r.ok) r.value; //=> { count: 12, meanDays: 41.2, medianDays: 37 }
 * ```
 */
export function salesCycleLength(
  pipelines: Pipelines,
  deals: readonly Deal[],
  options?: SalesCycleLengthOptions | null,
): Result<SalesCycleLength> {
  const issues = new IssueList();
  const o = checkOptions(options, ['includeLost', 'period'], issues);
  if (o['includeLost'] !== undefined && typeof o['includeLost'] !== 'boolean')
    issues.push({ path: ['options', 'includeLost'], message: 'expected a boolean', code: 'invalid_type' });
  const p = readPipelines(pipelines, ['pipelines'], issues);
  checkDeals(deals, { stage: true, closedAt: true, createdAt: true }, issues);
  if (issues.count > 0 || p === undefined) return err(issues.error('salesCycleLength'));
  const period = o['period'] as Period | undefined;
  const days: number[] = [];
  for (const d of deals) {
    const s = stageIn(p.byId, d);
    if (s === undefined || s.kind === 'open' || d.closedAt === null) continue;
    if (s.kind === 'lost' && o['includeLost'] !== true) continue;
    if (!inPeriod(period, d.closedAt.getTime())) continue;
    days.push((d.closedAt.getTime() - d.createdAt.getTime()) / DAY_MS);
  }
  if (days.length === 0) return ok(Object.freeze({ count: 0, meanDays: null, medianDays: null }));
  const sorted = Float64Array.from(days).sort();
  let sum = 0;
  for (const x of sorted) sum += x;
  return ok(
    Object.freeze({
      count: sorted.length,
      meanDays: sum / sorted.length,
      medianDays: quantileSorted(sorted, 0.5),
    }),
  );
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
 * Options of {@link salesVelocity}.
 *
 * @example
 * ```ts
 * const o: SalesVelocityOptions = { period: quarterPeriod('2026-01-01'), currency: 'EUR' };
 * ```
 */
export interface SalesVelocityOptions {
  /** The half-open period: opportunities created in it, deals closed in it. */
  readonly period: Period;
  /** The currency of the result (ISO 4217). */
  readonly currency: string;
  /** Rates for deals in other currencies (conversion rounds half-even to minor units). */
  readonly rates?: readonly ExchangeRate[];
}

/**
 * Sales velocity = opportunities × win rate × average deal size ÷ sales cycle length (days) —
 * the standard definition (e.g. Salesforce, HubSpot "sales velocity equation"). Opportunities are
 * the deals created in `period`; win rate, average won amount and cycle length come from the deals
 * closed in `period`. Computed in exact decimals, the result rounded half-even. Amounts in other
 * currencies are converted with `rates`; a deal in a currency without a rate is a
 * `currency_mismatch` error. `insufficient_data` when the period has no opportunities or no won
 * deal (an empty period has none), or the mean cycle is 0 days. Bad data is a `validation_failed`
 * error, never a throw (a bad period, currency or rate, unknown option keys, malformed deals).
 *
 * @example
 * ```ts
 * declare const deals: readonly Deal[];
 * const r = salesVelocity(b2bPipeline, deals, { period: quarterPeriod('2026-01-01'), currency: 'EUR' });
 * if (r.ok) r.value.perDay; //=> { amount: '…', currency: 'EUR' }
 * ```
 */
export function salesVelocity(
  pipelines: Pipelines,
  deals: readonly Deal[],
  options: SalesVelocityOptions,
): Result<SalesVelocity> {
  const issues = new IssueList();
  const o = checkOptions(options, ['period', 'currency', 'rates'], issues, ['period', 'currency']);
  const cur = o['currency'] === undefined ? undefined : currencyIssue(o['currency'], ['options', 'currency']);
  if (cur !== undefined) issues.push(cur);
  ratesIssues(o['rates'], issues);
  const p = readPipelines(pipelines, ['pipelines'], issues);
  checkDeals(deals, { stage: true, closedAt: true, createdAt: true, amount: true }, issues);
  if (issues.count > 0 || p === undefined) return err(issues.error('salesVelocity'));
  const period = o['period'] as Period;
  const currency = o['currency'] as string;
  const rates = o['rates'] as readonly ExchangeRate[] | undefined;
  let opportunities = 0;
  let won = 0;
  let lost = 0;
  let wonSum = new Dec(0);
  let cycleMs = 0;
  for (let i = 0; i < deals.length; i++) {
    const d = deals[i]!;
    if (inPeriod(period, d.createdAt.getTime())) opportunities++;
    const s = stageIn(p.byId, d);
    if (s === undefined || s.kind === 'open' || d.closedAt === null || !inPeriod(period, d.closedAt.getTime()))
      continue;
    if (s.kind === 'lost') {
      lost++;
      continue;
    }
    won++;
    const amount = inCurrency(d.amount, currency, rates, i);
    if (!('amount' in amount)) return err(mismatchError('salesVelocity', amount));
    wonSum = wonSum.plus(moneyToDecimal(amount));
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
  const minor = currencyMinorUnits(currency);
  return ok(
    Object.freeze({
      perDay: fromDecimal(perDay.toDecimalPlaces(minor, Dec.ROUND_HALF_EVEN), currency),
      opportunities,
      winRate: won / (won + lost),
      averageDealSize: fromDecimal(average, currency),
      cycleDays: cycleMs / won / DAY_MS,
    }),
  );
}

/**
 * A deal that has been too long in its stage.
 *
 * @example
 * ```ts
 * declare const deal: Deal;
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
 * Options of {@link staleDeals}.
 *
 * @example
 * ```ts
 * const o: StaleDealsOptions = { asOf: new Date('2026-03-01T00:00:00Z'), minSamples: 10 };
 * ```
 */
export interface StaleDealsOptions {
  /** The instant the deals are looked at. */
  readonly asOf: Date;
  /** Completed visits a stage without `rotAfterDays` needs before its p90 is used (default 5). */
  readonly minSamples?: number;
}

/**
 * Open deals that have been in their current stage (as of `asOf`) longer than the stage's
 * `rotAfterDays`, or — for stages without one — longer than the 90th percentile of the completed
 * visits to that stage among the deals of the same pipeline (only when there are at least
 * `minSamples`, default 5, such visits). Sorted by days in stage, longest first. Takes one
 * pipeline or several; deals of other pipelines are left out. Bad data is a `validation_failed`
 * error, never a throw (an invalid `asOf`, a `minSamples` that is not a positive integer, unknown
 * option keys, malformed deals).
 *
 * @example
 * ```ts
 * declare const deals: readonly Deal[];
 * const r = staleDeals(b2bPipeline, deals, { asOf: new Date('2026-03-01T00:00:00Z') });
 * if (r.ok) r.value.map((s) => s.deal.name);
 * ```
 */
export function staleDeals(
  pipelines: Pipelines,
  deals: readonly Deal[],
  options: StaleDealsOptions,
): Result<readonly StaleDeal[]> {
  const issues = new IssueList();
  const o = checkOptions(options, ['asOf', 'minSamples'], issues, ['asOf']);
  const asOfIssue = o['asOf'] === undefined ? undefined : dateIssue(o['asOf'], ['options', 'asOf']);
  if (asOfIssue !== undefined) issues.push(asOfIssue);
  const ms = o['minSamples'];
  if (ms !== undefined && !(typeof ms === 'number' && Number.isSafeInteger(ms) && ms >= 1))
    issues.push({ path: ['options', 'minSamples'], message: 'expected a positive integer', code: 'invalid_value' });
  const p = readPipelines(pipelines, ['pipelines'], issues);
  checkDeals(deals, { stage: true, history: true, createdAt: true }, issues);
  if (issues.count > 0 || p === undefined) return err(issues.error('staleDeals'));
  const minSamples = (ms as number | undefined) ?? 5;
  const asOf = (o['asOf'] as Date).getTime();
  const out: StaleDeal[] = [];
  for (const pipeline of p.list) {
    const mine = deals.filter((d) => d.pipelineId === pipeline.id);
    const needP90 = pipeline.stages.some((s) => s.kind === 'open' && s.rotAfterDays === undefined);
    const p90 = new Map<string, { p90Days: number; count: number }>();
    if (needP90) {
      const pass = new StagePass(undefined, true);
      for (let n = 0; n < mine.length; n++) pass.add(mine[n]!, n);
      for (const s of pass.durationsResult()) p90.set(s.stageId, s);
    }
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
  }
  out.sort((a, b) => b.daysInStage - a.daysInStage);
  return ok(Object.freeze(out));
}
