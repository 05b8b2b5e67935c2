/**
 * Campaign performance: members per status and the rates along the path (with Wilson intervals),
 * leads, won deals and revenue, cost per lead and per acquisition, and ROI — all money exact.
 *
 * @module
 */
import type { CrmIssue } from '../core/errors.js';
import { ok, type Result } from '../core/result.js';
import { IssueList } from '../core/issues.js';
import { parseCampaign, type Campaign } from '../entities/campaign.js';
import type { CampaignMember } from '../entities/campaignMember.js';
import type { Lead } from '../entities/lead.js';
import type { Deal } from '../entities/deal.js';
import { caught } from '../metrics/_guard.js';
import { invalid } from '../metrics/_checks.js';
import {
  arrayIssue,
  PerformanceTally,
  resolveSetup,
  type CampaignPerformance,
  type CampaignPerformanceOptions,
  type CampaignPerformanceSetup,
} from './_performance.js';

export type { CampaignPerformance, CampaignPerformanceOptions, CampaignRates } from './_performance.js';

/** The campaign parsed and the options resolved, or the issues. */
export function setupOf(campaign: unknown, options: unknown, issues: IssueList): CampaignPerformanceSetup | undefined {
  const parsed = parseCampaign(campaign);
  if (!parsed.ok) {
    issues.push(...parsed.error.issues.map((i) => ({ ...i, path: ['campaign', ...i.path] })));
    return undefined;
  }
  return resolveSetup(parsed.value, options, issues);
}

/**
 * The performance of a campaign over its members, leads and deals:
 * - `counts` per member status and `reached` (cumulative: opened implies delivered and sent; an
 *   opt-out was delivered, a bounce sent), and the rates along the path — delivery and bounce (of
 *   sent), open, click, response and opt-out (of delivered), click-to-open (of opened), conversion
 *   (of all members) — each with its Wilson interval (Wilson 1927; R's `prop.test(x, n, correct = FALSE)$conf.int`);
 * - `leads`: leads whose `campaignId` is the campaign's; `wonDeals` and `revenue`: its deals in a won
 *   stage (of `options.pipelines`), the revenue summed exactly;
 * - `costPerLead = actualCost / leads`, `costPerAcquisition = actualCost / won deals` (rounded
 *   half-even to minor units), and `roi = (revenue × grossMargin − actualCost) / actualCost`, computed
 *   in exact decimals (then the nearest number).
 *
 * Members must all belong to the campaign (a member of another campaign is a sign of a wrong list:
 * an error); leads and deals are filtered by `campaignId`, so all of them may be passed. With
 * `period`, only members whose status was set, leads created and won deals closed in it count.
 * Money is in the campaign's currency (of `actualCost`, else of `budget`, else of the first won
 * deal). No members give zero counts and null rates. One pass over each list; the same answer as
 * {@link createCampaignPerformanceAccumulator} given the same records in any split.
 *
 * Never throws for its input: a campaign `parseCampaign` refuses (a negative cost included; issues
 * under `['campaign']`), lists that are not arrays, a member of another campaign
 * (`unknown_reference` at `['members', i, 'campaignId']`), an unknown status, a deal of the
 * campaign in an unknown pipeline or stage, a won deal in another currency (`currency_mismatch`),
 * bad options (unknown keys refused) — `validation_failed` with a path.
 *
 * @example
 * ```ts
 * declare const campaign: Campaign; // actualCost 1,000.00 EUR
 * declare const members: readonly CampaignMember[];
 * declare const leads: readonly Lead[];
 * declare const deals: readonly Deal[];
 * const r = campaignPerformance(campaign, members, leads, deals, { grossMargin: 0.5 });
 * if (r.ok) [r.value.costPerLead, r.value.roi]; //=> e.g. [{ amount: '50.00', currency: 'EUR' }, 1.5]
 * ```
 */
export function campaignPerformance(
  campaign: Campaign,
  members: readonly CampaignMember[],
  leads: readonly Lead[],
  deals: readonly Deal[],
  options?: CampaignPerformanceOptions | null,
): Result<CampaignPerformance> {
  try {
    const issues = new IssueList();
    const setup = setupOf(campaign, options, issues);
    for (const [v, name] of [
      [members, 'members'],
      [leads, 'leads'],
      [deals, 'deals'],
    ] as const) {
      const i = arrayIssue(v, [name]);
      if (i !== null) issues.push(i);
    }
    if (setup === undefined || issues.count > 0) return invalid('campaignPerformance', issues.items);
    const tally = new PerformanceTally(setup);
    const at = (name: string, i: number, issue: CrmIssue) =>
      invalid('campaignPerformance', [{ ...issue, path: [name, i, ...issue.path] }]);
    for (let i = 0; i < members.length; i++) {
      const issue = tally.addMember(members[i]);
      if (issue !== null) return at('members', i, issue);
    }
    for (let i = 0; i < leads.length; i++) {
      const issue = tally.addLead(leads[i]);
      if (issue !== null) return at('leads', i, issue);
    }
    for (let i = 0; i < deals.length; i++) {
      const issue = tally.addDeal(deals[i]);
      if (issue !== null) return at('deals', i, issue);
    }
    return ok(tally.result());
  } catch (e) {
    return caught('campaignPerformance', e);
  }
}
