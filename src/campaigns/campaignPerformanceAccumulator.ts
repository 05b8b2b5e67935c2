/**
 * The mergeable campaign-performance accumulator: members, leads and deals added in any order and
 * split, merged exactly.
 *
 * @module
 */
import type { CrmIssue } from '../core/errors.js';
import { invalidInput, IssueList } from '../core/issues.js';
import { ok, type Result } from '../core/result.js';
import { Dec } from '../money/decimal.js';
import type { Campaign } from '../entities/campaign.js';
import type { CampaignMember } from '../entities/campaignMember.js';
import type { Lead } from '../entities/lead.js';
import type { Deal } from '../entities/deal.js';
import { CAMPAIGN_MEMBER_STATUSES } from '../entities/enums.js';
import { countsFromJSON, defineAccumulator } from '../metrics/_defineAccumulator.js';
import { countIssue, issue } from '../metrics/_checks.js';
import type { Accumulator, AccumulatorStateBase } from '../metrics/accumulator.js';
import { isRecord } from '../pipeline/_records.js';
import {
  isCurrency,
  PerformanceTally,
  type CampaignPerformance,
  type CampaignPerformanceSetup,
} from './_performance.js';
import type { CampaignPerformanceOptions } from './campaignPerformance.js';
import { setupOf } from './campaignPerformance.js';

/**
 * One item of a campaign-performance accumulator: a member, a lead or a deal, tagged.
 *
 * @example
 * ```ts
 * declare const m: CampaignMember;
 * const item: CampaignPerformanceItem = { member: m };
 * ```
 */
export type CampaignPerformanceItem =
  { readonly member: CampaignMember } | { readonly lead: Lead } | { readonly deal: Deal };

/**
 * JSON state of a campaign-performance accumulator: the resolved campaign and options, the counts
 * per member status, leads, won deals, and the revenue as an exact decimal string.
 *
 * @example
 * ```ts
 * declare const acc: CampaignPerformanceAccumulator;
 * const s: CampaignPerformanceAccumulatorState = acc.toJSON();
 * ```
 */
export interface CampaignPerformanceAccumulatorState extends AccumulatorStateBase {
  readonly options: CampaignPerformanceSetup;
  readonly data: {
    readonly counts: readonly number[];
    readonly leads: number;
    readonly won: number;
    readonly revenue: string;
    readonly currency: string | null;
  };
}

/**
 * A mergeable campaign-performance accumulator; `result()` equals `campaignPerformance` over the
 * members, leads and deals added.
 *
 * @example
 * ```ts
 * declare const acc: CampaignPerformanceAccumulator;
 * acc.count; //=> items added so far
 * ```
 */
export type CampaignPerformanceAccumulator = Accumulator<
  CampaignPerformanceItem,
  CampaignPerformance,
  CampaignPerformanceAccumulatorState
>;

const SETUP_KEYS = ['campaignId', 'cost', 'currency', 'period', 'grossMargin', 'confidence', 'pipelines'] as const;
const DECIMAL = /^-?(0|[1-9]\d*)(\.\d+)?$/;

/** Reads a setup back from a state's options; the issue when it is malformed. */
function readSetup(o: Readonly<Record<string, unknown>>): CampaignPerformanceSetup | CrmIssue {
  const bad = (k: string) => issue(['options', k], `malformed ${k}`, 'invalid_value');
  if (typeof o['campaignId'] !== 'string') return bad('campaignId');
  const cost = o['cost'];
  if (cost !== null && (typeof cost !== 'string' || !DECIMAL.test(cost) || cost.startsWith('-'))) return bad('cost');
  const currency = o['currency'];
  if (currency !== null && !isCurrency(currency)) return bad('currency');
  if (cost !== null && currency === null) return bad('currency');
  const p = o['period'];
  if (
    p !== null &&
    (!isRecord(p) ||
      typeof p['start'] !== 'number' ||
      typeof p['end'] !== 'number' ||
      !Number.isFinite(p['start']) ||
      !Number.isFinite(p['end']) ||
      p['start'] > p['end'])
  )
    return bad('period');
  const margin = o['grossMargin'];
  if (typeof margin !== 'number' || !(margin >= 0 && margin <= 1)) return bad('grossMargin');
  const confidence = o['confidence'];
  if (typeof confidence !== 'number' || !(confidence > 0 && confidence < 1)) return bad('confidence');
  const ps = o['pipelines'];
  if (!isRecord(ps)) return bad('pipelines');
  const pipelines: Record<string, { stages: string[]; won: string[] }> = {};
  for (const [id, v] of Object.entries(ps)) {
    if (!isRecord(v) || !Array.isArray(v['stages']) || !Array.isArray(v['won'])) return bad('pipelines');
    const stages = v['stages'] as unknown[];
    const won = v['won'] as unknown[];
    if (!stages.every((s) => typeof s === 'string') || !won.every((s) => typeof s === 'string' && stages.includes(s)))
      return bad('pipelines');
    pipelines[id] = { stages: stages as string[], won: won as string[] };
  }
  return {
    campaignId: o['campaignId'],
    cost: cost as string | null,
    currency: currency as string | null,
    period: p === null ? null : { start: (p as { start: number }).start, end: (p as { end: number }).end },
    grossMargin: margin,
    confidence,
    pipelines,
  };
}

const kit = /* @__PURE__ */ defineAccumulator<
  CampaignPerformanceAccumulatorState,
  CampaignPerformanceItem,
  CampaignPerformance,
  PerformanceTally,
  CampaignPerformanceSetup,
  CampaignPerformanceSetup
>({
  kind: 'campaign_performance',
  label: 'campaign performance accumulator',
  optionKeys: [],
  resolve: (_options, setup) => setup,
  // A copy: the state handed out never shares the accumulator's own setup.
  stateOptions: (setup) => JSON.parse(JSON.stringify(setup)) as Readonly<Record<string, unknown>>,
  fromState: {
    keys: SETUP_KEYS,
    read(options) {
      const setup = readSetup(options);
      return 'path' in setup ? setup : { options: undefined, args: setup };
    },
  },
  behaviour: (setup) => ({
    empty: () => new PerformanceTally(setup),
    add(t, item) {
      if (typeof item !== 'object' || item === null)
        return issue([], 'expected { member }, { lead } or { deal }', 'invalid_type');
      if ('member' in item) return prefix('member', t.addMember(item.member));
      if ('lead' in item) return prefix('lead', t.addLead(item.lead));
      if ('deal' in item) return prefix('deal', t.addDeal(item.deal));
      return issue([], 'expected { member }, { lead } or { deal }', 'invalid_type');
    },
    mergeInto(t, s) {
      const i = t.merge(s);
      if (i !== null) throw invalidInput('campaign performance accumulator', [i]);
    },
    result: (t) => ok(t.result()),
    toJSON: (t) => ({
      counts: Array.from(t.counts),
      leads: t.leads,
      won: t.won,
      revenue: t.revenue.toString(),
      currency: t.currency,
    }),
    fromJSON(j) {
      if (!isRecord(j)) return [issue([], 'expected { counts, leads, won, revenue, currency }', 'invalid_type')];
      const counts = countsFromJSON(j['counts'], CAMPAIGN_MEMBER_STATUSES.length);
      if (counts.length > 0 && typeof counts[0] === 'object')
        return (counts as CrmIssue[]).map((i) => ({ ...i, path: ['counts', ...i.path] }));
      const c = countIssue(j['leads'], ['leads']) ?? countIssue(j['won'], ['won']);
      if (c !== null) return [c];
      const revenue = j['revenue'];
      if (typeof revenue !== 'string' || !DECIMAL.test(revenue) || revenue.startsWith('-'))
        return [issue(['revenue'], 'expected a non-negative decimal string', 'invalid_value')];
      const currency = j['currency'];
      if (currency !== null && !isCurrency(currency)) return [issue(['currency'], 'expected a currency or null')];
      if (setup.currency !== null && currency !== setup.currency)
        return [issue(['currency'], `expected ${setup.currency}`, 'currency_mismatch')];
      const t = new PerformanceTally(setup);
      t.counts.set(counts as number[]);
      t.leads = j['leads'] as number;
      t.won = j['won'] as number;
      t.revenue = new Dec(revenue);
      t.currency = currency as string | null;
      return t;
    },
  }),
});

function prefix(key: string, i: CrmIssue | null): CrmIssue | null {
  return i === null ? null : { ...i, path: [key, ...i.path] };
}

/**
 * Creates a mergeable campaign-performance accumulator for a campaign. Items are tagged records —
 * `{ member }`, `{ lead }`, `{ deal }` — in any order; shards merge exactly (counts add, revenue adds
 * as exact decimals), and `result()` equals {@link campaignPerformance} over the same records.
 * An invalid item (a member of another campaign, …) is remembered and `result()` returns its
 * `validation_failed` error with its position, as every accumulator does.
 *
 * @throws CrmError `validation_failed` for a campaign `parseCampaign` refuses or bad options.
 *
 * @example
 * ```ts
 * declare const campaign: Campaign;
 * declare const member: CampaignMember;
 * const acc = createCampaignPerformanceAccumulator(campaign).add({ member });
 * unwrap(acc.result()).members; //=> 1
 * ```
 */
export function createCampaignPerformanceAccumulator(
  campaign: Campaign,
  options?: CampaignPerformanceOptions | null,
): CampaignPerformanceAccumulator {
  const issues = new IssueList();
  const setup = setupOf(campaign, options, issues);
  if (setup === undefined) throw issues.error('campaign performance accumulator');
  return kit.create(undefined, setup);
}

/**
 * Rebuilds a campaign-performance accumulator from its JSON state (object or text); a malformed
 * state gives `validation_failed`, never a throw.
 *
 * @example
 * ```ts
 * declare const campaign: Campaign;
 * campaignPerformanceAccumulatorFromJSON(createCampaignPerformanceAccumulator(campaign).toJSON()).ok; //=> true
 * ```
 */
export function campaignPerformanceAccumulatorFromJSON(json: unknown): Result<CampaignPerformanceAccumulator> {
  return kit.fromJSON(json);
}
