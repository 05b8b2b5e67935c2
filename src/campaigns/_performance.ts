/**
 * Private: the setup and the tally behind `campaignPerformance` and its accumulator — what a campaign
 * and its options resolve to (plain JSON, so an accumulator state can carry it), the fold of members,
 * leads and deals, and the result.
 *
 * @module
 */
import type { CrmIssue, PathSegment } from '../core/errors.js';
import { crmIssue } from '../core/issues.js';
import { Dec } from '../money/decimal.js';
import { fromDecimal, isMoney, moneyToDecimal, type Money } from '../money/money.js';
import { currencyMinorUnits, isCurrencyCode, type CurrencyCode } from '../money/currencies.js';
import { CAMPAIGN_MEMBER_STATUSES, type CampaignMemberStatus } from '../entities/enums.js';
import type { Campaign } from '../entities/campaign.js';
import type { Period } from '../time/period.js';
import { periodIssue } from '../time/period.js';
import { checkConfidence } from '../metrics/_confidence.js';
import { conversionFromCounts, type ConversionResult } from '../metrics/conversionRate.js';
import { isIssue, rangeIssue } from '../metrics/_checks.js';
import { readPipelines, isRecord, type Pipelines } from '../pipeline/_records.js';
import { b2bPipeline, saasRenewalPipeline } from '../pipeline/presets.js';
import { IssueList } from '../core/issues.js';
import { quoteValue } from '../_lib/show.js';

/**
 * Options of `campaignPerformance` and its accumulator.
 *
 * @example
 * ```ts
 * const o: CampaignPerformanceOptions = { period: { start: new Date('2026-03-01T00:00:00Z'), end: new Date('2026-04-01T00:00:00Z') }, grossMargin: 0.4 };
 * ```
 */
export interface CampaignPerformanceOptions {
  /**
   * Count only members whose status was set (`at`), leads created, and won deals closed in this
   * half-open period. Default: everything.
   */
  readonly period?: Period | null;
  /** The share of revenue that is gross profit, in [0, 1], for ROI; default 1 (ROI on revenue). */
  readonly grossMargin?: number | null;
  /** The pipelines of the deals (a deal is won when its stage is a won stage); default `[b2bPipeline, saasRenewalPipeline]`. */
  readonly pipelines?: Pipelines | null;
  /** Two-sided confidence level of the rates' Wilson intervals, in (0, 1); default 0.95. */
  readonly confidence?: number | null;
}

/**
 * A campaign and the options of its performance, resolved to plain JSON values: what a
 * campaign-performance accumulator's state carries as its `options` (accumulators merge only with
 * equal setups).
 *
 * @example
 * ```ts
 * declare const state: CampaignPerformanceAccumulatorState;
 * state.options.grossMargin; //=> e.g. 0.4
 * ```
 */
export interface CampaignPerformanceSetup {
  /** The campaign's id. */
  readonly campaignId: string;
  /** The actual cost, as a decimal string, or null when not known. */
  readonly cost: string | null;
  /** The currency of cost and revenue, or null when neither cost nor budget names one. */
  readonly currency: string | null;
  /** The period in epoch milliseconds, or null. */
  readonly period: { readonly start: number; readonly end: number } | null;
  /** The gross margin, in [0, 1]. */
  readonly grossMargin: number;
  /** The confidence level of the rates' intervals. */
  readonly confidence: number;
  /** Per pipeline id: its stage ids, and which of them are won. */
  readonly pipelines: Readonly<Record<string, { readonly stages: readonly string[]; readonly won: readonly string[] }>>;
}

export const PERFORMANCE_OPTION_KEYS = ['period', 'grossMargin', 'pipelines', 'confidence'] as const;

/** Status index of each member status (a member's rank along the path is {@link RANK}). */
export const STATUS_INDEX: ReadonlyMap<unknown, number> = /* @__PURE__ */ (() =>
  new Map(CAMPAIGN_MEMBER_STATUSES.map((s, i) => [s, i] as const)))();
/**
 * How far along the path each status is: targeted 0, sent 1, delivered 2, opened 3, clicked 4,
 * responded 5, converted 6; an opt-out was delivered (2), a bounce was sent (1).
 */
const RANK = [0, 1, 2, 3, 4, 5, 6, 2, 1, 1] as const;

/** The setup of a campaign and options, or the issues (paths under `campaign` and `options`). Never throws for plain data. */
export function resolveSetup(
  campaign: unknown,
  options: unknown,
  issues: IssueList,
): CampaignPerformanceSetup | undefined {
  if (!isRecord(campaign) || typeof campaign['id'] !== 'string') {
    issues.push(crmIssue.invalidType(['campaign'], 'a Campaign', campaign));
    return undefined;
  }
  const c = campaign as unknown as Campaign;
  let cost: string | null = null;
  let currency: string | null = null;
  const actual: unknown = c.actualCost;
  if (actual !== null && actual !== undefined) {
    if (!isMoney(actual)) issues.push(crmIssue.invalidType(['campaign', 'actualCost'], 'Money or null', actual));
    else if (moneyToDecimal(actual).isNegative())
      issues.push(
        crmIssue.of(
          'too_small',
          ['campaign', 'actualCost', 'amount'],
          `A cost must not be negative; received ${actual.amount}`,
        ),
      );
    else {
      cost = moneyToDecimal(actual).toString();
      currency = actual.currency;
    }
  }
  const budget: unknown = c.budget;
  if (currency === null && isMoney(budget)) currency = budget.currency;
  if (options !== undefined && options !== null && !isRecord(options)) {
    issues.push(crmIssue.invalidType(['options'], 'an options object', options));
    return undefined;
  }
  const o = (options ?? {}) as Record<string, unknown>;
  for (const k of Object.keys(o))
    if (!(PERFORMANCE_OPTION_KEYS as readonly string[]).includes(k)) {
      issues.push(crmIssue.unrecognizedKeys(['options'], [k], PERFORMANCE_OPTION_KEYS));
    }
  let period: CampaignPerformanceSetup['period'] = null;
  if (o['period'] !== undefined && o['period'] !== null) {
    const p = periodIssue(o['period'], ['options', 'period']);
    if (p !== undefined) issues.push(p);
    else {
      const pp = o['period'] as Period;
      period = { start: pp.start.getTime(), end: pp.end.getTime() };
    }
  }
  const margin = o['grossMargin'] ?? 1;
  const mi = rangeIssue(margin, 0, 1, ['options', 'grossMargin']);
  if (mi !== null) issues.push(mi);
  const conf = checkConfidence({ confidence: (o['confidence'] ?? undefined) as number | undefined });
  if (isIssue(conf)) issues.push(conf);
  const list =
    o['pipelines'] === undefined || o['pipelines'] === null
      ? [b2bPipeline, saasRenewalPipeline]
      : readPipelines(o['pipelines'], ['options', 'pipelines'], issues)?.list;
  if (issues.count > 0 || list === undefined || isIssue(conf)) return undefined;
  const pipelines: Record<string, { stages: string[]; won: string[] }> = {};
  for (const p of list)
    pipelines[p.id] = {
      stages: p.stages.map((s) => s.id),
      won: p.stages.filter((s) => s.kind === 'won').map((s) => s.id),
    };
  return {
    campaignId: c.id,
    cost,
    currency,
    period,
    grossMargin: margin as number,
    confidence: conf.confidence,
    pipelines,
  };
}

/**
 * The rates of a campaign, each a conversion with its Wilson interval (null rate when nothing is in
 * its denominator).
 *
 * @example
 * ```ts
 * declare const rates: CampaignRates;
 * rates.clickToOpen.interval?.lower; //=> e.g. 0.24
 * ```
 */
export interface CampaignRates {
  /** Delivered (or further) out of sent. */
  readonly delivery: ConversionResult;
  /** Bounced (soft or hard) out of sent. */
  readonly bounce: ConversionResult;
  /** Opened (or further) out of delivered. */
  readonly open: ConversionResult;
  /** Clicked (or further) out of delivered (click-through rate). */
  readonly click: ConversionResult;
  /** Clicked (or further) out of opened (click-to-open rate). */
  readonly clickToOpen: ConversionResult;
  /** Responded (or converted) out of delivered. */
  readonly response: ConversionResult;
  /** Converted out of all members. */
  readonly conversion: ConversionResult;
  /** Opted out out of delivered. */
  readonly optOut: ConversionResult;
}

/**
 * What `campaignPerformance` gives.
 *
 * @example
 * ```ts
 * declare const p: CampaignPerformance;
 * p.rates.open.rate; //=> e.g. 0.42
 * ```
 */
export interface CampaignPerformance {
  /** The campaign's id. */
  readonly campaignId: string;
  /** Members counted. */
  readonly members: number;
  /** Members per status. */
  readonly counts: Readonly<Record<CampaignMemberStatus, number>>;
  /**
   * Members that got at least this far (cumulative): an opened member was delivered and sent; an
   * opt-out counts as delivered, a bounce as sent.
   */
  readonly reached: {
    readonly sent: number;
    readonly delivered: number;
    readonly opened: number;
    readonly clicked: number;
    readonly responded: number;
    readonly converted: number;
  };
  /** The rates, with Wilson intervals. */
  readonly rates: CampaignRates;
  /** Leads of the campaign (`campaignId`), created in the period. */
  readonly leads: number;
  /** Won deals of the campaign (`campaignId`), closed in the period. */
  readonly wonDeals: number;
  /** The campaign's actual cost, or null when not known. */
  readonly cost: Money | null;
  /** Revenue of the won deals (exact), in the campaign's currency; null when no currency is known and nothing was won. */
  readonly revenue: Money | null;
  /** `cost / leads`, rounded half-even to minor units; null without a cost or a lead. */
  readonly costPerLead: Money | null;
  /** `cost / won deals`, rounded half-even to minor units; null without a cost or a won deal. */
  readonly costPerAcquisition: Money | null;
  /** The gross margin used. */
  readonly grossMargin: number;
  /** `(revenue × grossMargin − cost) / cost`, computed exactly and given as the nearest number; null without a positive cost. */
  readonly roi: number | null;
}

/** The fold: counts per status, leads, won deals, revenue. */
export class PerformanceTally {
  readonly counts = new Float64Array(CAMPAIGN_MEMBER_STATUSES.length);
  leads = 0;
  won = 0;
  revenue: Dec = new Dec(0);
  /** The revenue's currency when the setup names none (the first won deal's). */
  currency: string | null;
  private readonly wonStages: Map<string, { readonly stages: ReadonlySet<string>; readonly won: ReadonlySet<string> }>;

  constructor(readonly setup: CampaignPerformanceSetup) {
    this.currency = setup.currency;
    this.wonStages = new Map(
      Object.entries(setup.pipelines).map(
        ([id, p]) => [id, { stages: new Set(p.stages), won: new Set(p.won) }] as const,
      ),
    );
  }

  /** Adds a member; the issue (path relative to the member) when it is not one of this campaign. */
  addMember(m: unknown): CrmIssue | null {
    if (typeof m !== 'object' || m === null) return crmIssue.invalidType([], 'a campaign member', m);
    const r = m as Record<string, unknown>;
    const idx = STATUS_INDEX.get(r['status']);
    if (idx === undefined)
      return crmIssue.invalidValue(['status'], 'a campaign member status', r['status'], CAMPAIGN_MEMBER_STATUSES);
    if (r['campaignId'] !== this.setup.campaignId)
      return crmIssue.of(
        'unknown_reference',
        ['campaignId'],
        `a member of campaign ${quoteValue(r['campaignId'])}, not of ${quoteValue(this.setup.campaignId)}`,
      );
    const p = this.setup.period;
    if (p !== null) {
      const at = r['at'];
      if (!(at instanceof Date)) return crmIssue.invalidDate(['at'], at);
      const t = at.getTime();
      if (t !== t) return crmIssue.invalidDate(['at'], at);
      if (t < p.start || t >= p.end) return null;
    }
    this.counts[idx]!++;
    return null;
  }

  /** Adds a lead (counted when it names the campaign and was created in the period). */
  addLead(l: unknown): CrmIssue | null {
    if (!isRecord(l)) return crmIssue.invalidType([], 'a lead', l);
    if (l['campaignId'] !== this.setup.campaignId) return null;
    const p = this.setup.period;
    if (p !== null) {
      const at = l['createdAt'];
      if (!(at instanceof Date) || Number.isNaN(at.getTime())) return crmIssue.invalidDate(['createdAt'], at);
      if (at.getTime() < p.start || at.getTime() >= p.end) return null;
    }
    this.leads++;
    return null;
  }

  /** Adds a deal (counted when it names the campaign, is in a won stage, and closed in the period). */
  addDeal(d: unknown): CrmIssue | null {
    if (!isRecord(d)) return crmIssue.invalidType([], 'a deal', d);
    if (d['campaignId'] !== this.setup.campaignId) return null;
    const pipeline = typeof d['pipelineId'] === 'string' ? this.wonStages.get(d['pipelineId']) : undefined;
    if (pipeline === undefined)
      return crmIssue.unknownName('unknown_reference', ['pipelineId'], 'pipeline', d['pipelineId'], [
        ...this.wonStages.keys(),
      ]);
    if (typeof d['stageId'] !== 'string' || !pipeline.stages.has(d['stageId']))
      return crmIssue.unknownName('unknown_stage', ['stageId'], 'stage', d['stageId'], [...pipeline.stages]);
    if (!pipeline.won.has(d['stageId'])) return null;
    const p = this.setup.period;
    if (p !== null) {
      const closed = d['closedAt'] ?? d['createdAt'];
      if (!(closed instanceof Date) || Number.isNaN(closed.getTime()))
        return crmIssue.invalidDate(['closedAt'], closed);
      if (closed.getTime() < p.start || closed.getTime() >= p.end) return null;
    }
    const amount = d['amount'];
    if (!isMoney(amount)) return crmIssue.invalidType(['amount'], 'Money', amount);
    if (this.currency === null) this.currency = amount.currency;
    else if (amount.currency !== this.currency)
      return crmIssue.of(
        'currency_mismatch',
        ['amount', 'currency'],
        `a won deal in ${amount.currency}, but the campaign counts in ${this.currency}`,
      );
    this.revenue = this.revenue.plus(moneyToDecimal(amount));
    this.won++;
    return null;
  }

  /** Adds another tally's counts and sums (same setup). */
  merge(o: {
    counts: ArrayLike<number>;
    leads: number;
    won: number;
    revenue: Dec;
    currency: string | null;
  }): CrmIssue | null {
    if (o.currency !== null && this.currency !== null && o.currency !== this.currency)
      return crmIssue.of('currency_mismatch', ['currency'], `revenue in ${o.currency} and ${this.currency}`);
    for (let i = 0; i < this.counts.length; i++) this.counts[i]! += o.counts[i]!;
    this.leads += o.leads;
    this.won += o.won;
    this.revenue = this.revenue.plus(o.revenue);
    this.currency ??= o.currency;
    return null;
  }

  result(): CampaignPerformance {
    const s = this.setup;
    const { z, confidence } = checkConfidence({ confidence: s.confidence }) as { z: number; confidence: number };
    const c = this.counts;
    const atLeast = new Float64Array(7);
    let members = 0;
    for (let i = 0; i < c.length; i++) {
      members += c[i]!;
      atLeast[RANK[i]!]! += c[i]!;
    }
    for (let r = 5; r >= 0; r--) atLeast[r]! += atLeast[r + 1]!;
    const counts = Object.fromEntries(CAMPAIGN_MEMBER_STATUSES.map((st, i) => [st, c[i]!])) as Record<
      CampaignMemberStatus,
      number
    >;
    const sent = atLeast[1]!;
    const delivered = atLeast[2]!;
    const opened = atLeast[3]!;
    const clicked = atLeast[4]!;
    const responded = atLeast[5]!;
    const converted = atLeast[6]!;
    const rate = (x: number, n: number) => conversionFromCounts(x, n, z, confidence);
    const rates: CampaignRates = Object.freeze({
      delivery: rate(delivered, sent),
      bounce: rate(counts.soft_bounce + counts.hard_bounce, sent),
      open: rate(opened, delivered),
      click: rate(clicked, delivered),
      clickToOpen: rate(clicked, opened),
      response: rate(responded, delivered),
      conversion: rate(converted, members),
      optOut: rate(counts.opted_out, delivered),
    });
    const currency = this.currency as CurrencyCode | null;
    const cost =
      s.cost === null || s.currency === null ? null : fromDecimal(new Dec(s.cost), s.currency as CurrencyCode);
    const costDec = s.cost === null ? null : new Dec(s.cost);
    const revenue = currency === null ? null : fromDecimal(this.revenue, currency);
    const per = (n: number): Money | null => {
      if (costDec === null || n === 0 || currency === null) return null;
      const minor = currencyMinorUnits(currency);
      return fromDecimal(costDec.div(n).toDecimalPlaces(minor, Dec.ROUND_HALF_EVEN), currency);
    };
    const roi =
      costDec === null || costDec.isZero()
        ? null
        : this.revenue
            .times(new Dec(String(s.grossMargin)))
            .minus(costDec)
            .div(costDec)
            .toNumber();
    return Object.freeze({
      campaignId: s.campaignId,
      members,
      counts: Object.freeze(counts),
      reached: Object.freeze({ sent, delivered, opened, clicked, responded, converted }),
      rates,
      leads: this.leads,
      wonDeals: this.won,
      cost,
      revenue,
      costPerLead: per(this.leads),
      costPerAcquisition: per(this.won),
      grossMargin: s.grossMargin,
      roi,
    });
  }
}

/** Issues of an array argument `name` that is not an array. */
export function arrayIssue(v: unknown, path: PathSegment[]): CrmIssue | null {
  return Array.isArray(v) ? null : crmIssue.invalidType(path, 'an array', v);
}

/** Whether a string is a currency code (re-exported for the accumulator's state reader). */
export const isCurrency = isCurrencyCode;
