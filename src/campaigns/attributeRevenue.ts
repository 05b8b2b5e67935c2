/**
 * Multi-touch revenue attribution: the revenue of won deals split over the campaigns that touched
 * them, by a first-touch, last-touch, linear, time-decay or position-based (U-shaped) model — split
 * with `allocateMoney`, so every cent is given out exactly once.
 *
 * @module
 */
import type { CrmIssue } from '../core/errors.js';
import { ok, type Result } from '../core/result.js';
import { checkOptionKeys, crmIssue, IssueList } from '../core/issues.js';
import { allocateMoney } from '../money/arithmetic.js';
import { Dec } from '../money/decimal.js';
import { fromDecimal, isMoney, moneyToDecimal, type Money } from '../money/money.js';
import type { CurrencyCode } from '../money/currencies.js';
import type { Deal } from '../entities/deal.js';
import { caught } from '../metrics/_guard.js';
import { invalid } from '../metrics/_checks.js';
import { readPipelines, isRecord, type Pipelines } from '../pipeline/_records.js';
import { b2bPipeline, saasRenewalPipeline } from '../pipeline/presets.js';
import type { Pipeline } from '../pipeline/define.js';

/**
 * The attribution models: `first` and `last` touch (all credit to one), `linear` (equal shares),
 * `time_decay` (a touch's weight halves every `halfLifeDays` before the close) and `position`
 * (U-shaped: 40 % first, 40 % last, 20 % shared by the touches between).
 *
 * @example
 * ```ts
 * ATTRIBUTION_MODELS.includes('position'); //=> true
 * ```
 */
export const ATTRIBUTION_MODELS = /* @__PURE__ */ Object.freeze([
  'first',
  'last',
  'linear',
  'time_decay',
  'position',
] as const);

/**
 * One of {@link ATTRIBUTION_MODELS}.
 *
 * @example
 * ```ts
 * const m: AttributionModel = 'linear';
 * ```
 */
export type AttributionModel = (typeof ATTRIBUTION_MODELS)[number];

/**
 * A touch: a campaign reaching a deal's buyer at a time. It credits the deal it names (`dealId`) or
 * the deals of the contact it names (`contactId`) — a `CampaignMember` of a contact fits.
 *
 * @example
 * ```ts
 * const t: Touch = { campaignId: 'cmp-1', contactId: 'contact-1', at: new Date('2026-03-01T00:00:00Z') };
 * ```
 */
export interface Touch {
  /** The campaign credited. */
  readonly campaignId: string;
  /** When the touch happened; only touches at or before a deal's close count for it. */
  readonly at: Date;
  /** The deal touched, if known. */
  readonly dealId?: string | null;
  /** The contact touched, if known (credits that contact's deals). */
  readonly contactId?: string | null;
}

/**
 * Options of {@link attributeRevenue}.
 *
 * @example
 * ```ts
 * const o: AttributeRevenueOptions = { model: 'time_decay', halfLifeDays: 7 };
 * ```
 */
export interface AttributeRevenueOptions {
  /** The model. */
  readonly model: AttributionModel;
  /** Half-life of `time_decay`, in days (positive); default 7 (HubSpot's). */
  readonly halfLifeDays?: number | null;
  /** The pipelines of the deals (won deals are attributed); default `[b2bPipeline, saasRenewalPipeline]`. */
  readonly pipelines?: Pipelines | null;
}

/**
 * The revenue a campaign is credited with.
 *
 * @example
 * ```ts
 * const c: CampaignAttribution = { campaignId: 'cmp-1', revenue: { amount: '600.00', currency: 'EUR' }, deals: 2 };
 * ```
 */
export interface CampaignAttribution {
  /** The campaign. */
  readonly campaignId: string;
  /** Its share of the won revenue (exact; summed over deals). */
  readonly revenue: Money;
  /** How many won deals gave it a share (even a zero one). */
  readonly deals: number;
}

/**
 * What {@link attributeRevenue} gives: the credit per campaign (in order of first credit), the
 * revenue of won deals no touch reached, and the total — `Σ revenue + unattributed = total`, exactly.
 * Money fields are null when there is no won deal.
 *
 * @example
 * ```ts
 * declare const a: RevenueAttribution;
 * a.byCampaign.map((c) => [c.campaignId, c.revenue.amount]);
 * ```
 */
export interface RevenueAttribution {
  /** The model used. */
  readonly model: AttributionModel;
  /** Credit per campaign. */
  readonly byCampaign: readonly CampaignAttribution[];
  /** Revenue of won deals without a touch before their close. */
  readonly unattributed: Money | null;
  /** Revenue of all won deals. */
  readonly total: Money | null;
}

const KEYS = ['model', 'halfLifeDays', 'pipelines'] as const;
const DAY_MS = 86_400_000;

/** The weights of a deal's touches (in time order) under a model. */
function weights(model: AttributionModel, times: readonly number[], halfLifeMs: number): number[] {
  const n = times.length;
  switch (model) {
    case 'first':
      return times.map((_, i) => (i === 0 ? 1 : 0));
    case 'last':
      return times.map((_, i) => (i === n - 1 ? 1 : 0));
    case 'linear':
      return times.map(() => 1);
    case 'time_decay':
      // 2^(−(close − t)/halfLife), scaled by 2^((close − latest)/halfLife) so that the latest touch
      // weighs 1: the same ratios, and the weights never all underflow to zero.
      return times.map((t) => 2 ** (-(times[n - 1]! - t) / halfLifeMs));
    case 'position':
      if (n === 1) return [1];
      if (n === 2) return [1, 1];
      return times.map((_, i) => (i === 0 || i === n - 1 ? 40 : 20 / (n - 2)));
  }
}

/**
 * Splits the revenue of every won deal over the campaigns whose touches reached it before its close
 * (`closedAt`; all touches when it has none), by the model:
 * - `first` / `last`: all to the earliest / latest touch;
 * - `linear`: equal shares per touch;
 * - `time_decay`: shares proportional to `2^(−(tₗₐₛₜ − t) / halfLife)` (HubSpot's time decay, half-life
 *   7 days by default);
 * - `position`: 40 % to the first touch, 40 % to the last, 20 % shared by those between (one touch
 *   takes all; two share half each).
 *
 * Each deal's amount is split with `allocateMoney` (largest remainder, in minor units), so the parts
 * of a deal sum to its amount exactly, and `Σ byCampaign + unattributed = total` to the cent. Touches
 * at the same time keep their input order. Several touches of one campaign add up. Pure; linear in
 * deals and touches (plus sorting each deal's touches).
 *
 * Never throws for its input: lists that are not arrays, a touch without a campaign id or a valid
 * `at` (at `['touches', i]`), a won deal in another currency than the first (`currency_mismatch`), a
 * deal in a pipeline or stage the pipelines lack, an unknown model or a non-positive half-life,
 * unknown option keys — `validation_failed` with a path.
 *
 * @example
 * ```ts
 * declare const deals: readonly Deal[]; // one won deal of 1,000.00 EUR for contact-1
 * const touches = [
 *   { campaignId: 'whatsapp', contactId: 'contact-1', at: new Date('2026-03-01T00:00:00Z') },
 *   { campaignId: 'webinar', contactId: 'contact-1', at: new Date('2026-03-05T00:00:00Z') },
 *   { campaignId: 'email', contactId: 'contact-1', at: new Date('2026-03-09T00:00:00Z') },
 * ];
 * const r = attributeRevenue(deals, touches, { model: 'linear' });
 * if (r.ok) r.value.byCampaign.map((c) => c.revenue.amount); //=> ['333.34', '333.33', '333.33']
 * ```
 */
export function attributeRevenue(
  deals: readonly Deal[],
  touches: readonly Touch[],
  options: AttributeRevenueOptions,
): Result<RevenueAttribution> {
  try {
    const issues = new IssueList();
    if (!Array.isArray(deals)) issues.push(crmIssue.invalidType(['deals'], 'an array of deals', deals));
    if (!Array.isArray(touches)) issues.push(crmIssue.invalidType(['touches'], 'an array of touches', touches));
    if (!isRecord(options)) {
      issues.push(crmIssue.invalidType(['options'], 'an object { model }', options));
      return invalid('attributeRevenue', issues.items);
    }
    issues.push(...checkOptionKeys(options, KEYS, ['options']));
    const model = options.model;
    if (!(ATTRIBUTION_MODELS as readonly unknown[]).includes(model))
      issues.push(crmIssue.invalidValue(['options', 'model'], 'an attribution model', model, ATTRIBUTION_MODELS));
    const half = options.halfLifeDays ?? 7;
    if (typeof half !== 'number' || !Number.isFinite(half) || half <= 0)
      issues.push(crmIssue.invalidValue(['options', 'halfLifeDays'], 'a positive number of days', half));
    const pipelines: ReadonlyMap<string, Pipeline> | undefined =
      options.pipelines === undefined || options.pipelines === null
        ? new Map([
            [b2bPipeline.id, b2bPipeline],
            [saasRenewalPipeline.id, saasRenewalPipeline],
          ])
        : readPipelines(options.pipelines, ['options', 'pipelines'], issues)?.byId;
    if (issues.count > 0 || pipelines === undefined) return invalid('attributeRevenue', issues.items);

    // Touches by deal and by contact.
    const byDeal = new Map<string, number[]>();
    const byContact = new Map<string, number[]>();
    const times = new Float64Array(touches.length);
    for (let i = 0; i < touches.length; i++) {
      const t: unknown = touches[i];
      const problem = touchIssue(t, i);
      if (problem !== null) return invalid('attributeRevenue', [problem]);
      const touch = t as Touch;
      times[i] = touch.at.getTime();
      for (const [key, map] of [
        [touch.dealId, byDeal],
        [touch.contactId, byContact],
      ] as const) {
        if (typeof key !== 'string') continue;
        let list = map.get(key);
        if (list === undefined) map.set(key, (list = []));
        list.push(i);
      }
    }

    let currency: CurrencyCode | null = null;
    let total = new Dec(0);
    let unattributed = new Dec(0);
    const credit = new Map<string, { sum: Dec; deals: number }>();
    for (let i = 0; i < deals.length; i++) {
      const d: unknown = deals[i];
      if (!isRecord(d)) return invalid('attributeRevenue', [crmIssue.invalidType(['deals', i], 'a deal', d)]);
      const pipeline = typeof d['pipelineId'] === 'string' ? pipelines.get(d['pipelineId']) : undefined;
      if (pipeline === undefined)
        return invalid('attributeRevenue', [
          crmIssue.unknownName('unknown_reference', ['deals', i, 'pipelineId'], 'pipeline', d['pipelineId'], [
            ...pipelines.keys(),
          ]),
        ]);
      const stage = typeof d['stageId'] === 'string' ? pipeline.stageById.get(d['stageId']) : undefined;
      if (stage === undefined)
        return invalid('attributeRevenue', [
          crmIssue.unknownName('unknown_stage', ['deals', i, 'stageId'], 'stage', d['stageId'], [
            ...pipeline.stageById.keys(),
          ]),
        ]);
      if (stage.kind !== 'won') continue;
      const amount = d['amount'];
      if (!isMoney(amount))
        return invalid('attributeRevenue', [crmIssue.invalidType(['deals', i, 'amount'], 'Money', amount)]);
      if (currency === null) currency = amount.currency;
      else if (amount.currency !== currency)
        return invalid('attributeRevenue', [
          crmIssue.of(
            'currency_mismatch',
            ['deals', i, 'amount', 'currency'],
            `${amount.currency}, but the first won deal is in ${currency}`,
          ),
        ]);
      const value = moneyToDecimal(amount);
      total = total.plus(value);
      const closedAt = d['closedAt'];
      const close = closedAt instanceof Date && !Number.isNaN(closedAt.getTime()) ? closedAt.getTime() : Infinity;
      const seen = new Set<number>();
      for (const list of [
        typeof d['id'] === 'string' ? byDeal.get(d['id']) : undefined,
        typeof d['contactId'] === 'string' ? byContact.get(d['contactId']) : undefined,
      ])
        for (const k of list ?? []) if (times[k]! <= close) seen.add(k);
      if (seen.size === 0) {
        unattributed = unattributed.plus(value);
        continue;
      }
      const order = [...seen].sort((a, b) => times[a]! - times[b]! || a - b);
      const w = weights(
        model,
        order.map((k) => times[k]!),
        half * DAY_MS,
      );
      const parts = allocateMoney(amount, w);
      const credited = new Set<string>();
      for (let j = 0; j < order.length; j++) {
        const id = touches[order[j]!]!.campaignId;
        let c = credit.get(id);
        if (c === undefined) credit.set(id, (c = { sum: new Dec(0), deals: 0 }));
        c.sum = c.sum.plus(moneyToDecimal(parts[j]!));
        if (!credited.has(id)) {
          credited.add(id);
          c.deals++;
        }
      }
      // allocateMoney works in minor units: an amount with more digits is rounded half-even first;
      // the difference stays unattributed, so the sums still add up to the total exactly.
      unattributed = unattributed.plus(value.minus(parts.reduce((s, p) => s.plus(moneyToDecimal(p)), new Dec(0))));
    }
    const money = (x: Dec): Money | null => (currency === null ? null : fromDecimal(x, currency));
    return ok(
      Object.freeze({
        model,
        byCampaign: Object.freeze(
          [...credit].map(([campaignId, c]) =>
            Object.freeze({ campaignId, revenue: fromDecimal(c.sum, currency!), deals: c.deals }),
          ),
        ),
        unattributed: money(unattributed),
        total: money(total),
      }),
    );
  } catch (e) {
    return caught('attributeRevenue', e);
  }
}

function touchIssue(t: unknown, i: number): CrmIssue | null {
  if (!isRecord(t)) return crmIssue.invalidType(['touches', i], 'a touch { campaignId, at, dealId?, contactId? }', t);
  if (typeof t['campaignId'] !== 'string' || t['campaignId'] === '')
    return crmIssue.invalidType(['touches', i, 'campaignId'], 'a campaign id', t['campaignId']);
  const at = t['at'];
  if (!(at instanceof Date) || Number.isNaN(at.getTime())) return crmIssue.invalidDate(['touches', i, 'at'], at);
  for (const k of ['dealId', 'contactId'] as const) {
    const v = t[k];
    if (v !== undefined && v !== null && typeof v !== 'string')
      return crmIssue.invalidType(['touches', i, k], 'an id or null', v);
  }
  return null;
}
