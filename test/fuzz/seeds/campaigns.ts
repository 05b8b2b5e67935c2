/**
 * Valid calls of crmkit/campaigns (performance and its accumulator, A/B statistics, attribution), for
 * the fuzzer (test/fuzz/fuzz.test.ts). Every seed fills each option key.
 */
import { fixedClock, sequentialIdGenerator, unwrap } from '../../../src/core/index.js';
import {
  createCampaign,
  createCampaignMember,
  createDeal,
  createLead,
  type Campaign,
  type Deal,
} from '../../../src/entities/index.js';
import { b2bPipeline, saasRenewalPipeline, transitionDeal } from '../../../src/pipeline/index.js';
import { createCampaignPerformanceAccumulator } from '../../../src/campaigns/index.js';
import { period } from '../../../src/time/index.js';
import { seeds, type SeedTable } from '../_spec.js';

const ctx = () => ({ clock: fixedClock('2026-03-01T00:00:00Z'), ids: sequentialIdGenerator() });
const at = (iso: string) => new Date(iso);

const campaign = (): Campaign =>
  unwrap(
    createCampaign(
      {
        name: 'WhatsApp spring',
        channel: 'whatsapp',
        budget: { amount: '1500.00', currency: 'EUR' },
        actualCost: { amount: '1000.00', currency: 'EUR' },
      },
      { ...ctx(), ids: { next: () => 'campaign-1' } },
    ),
  );
const members = () =>
  (['sent', 'opened', 'converted', 'hard_bounce'] as const).map((status, i) =>
    unwrap(
      createCampaignMember(
        {
          campaignId: 'campaign-1',
          leadId: `lead-${i}`,
          status,
          variant: i % 2 ? 'A' : 'B',
          at: '2026-03-02T00:00:00Z',
        },
        ctx(),
      ),
    ),
  );
const leads = () => [
  unwrap(createLead({ lastName: 'L', email: 'l@example.com', campaignId: 'campaign-1' }, ctx())),
  unwrap(createLead({ lastName: 'M', email: 'm@example.com' }, ctx())),
];
const deals = (): Deal[] => {
  const open = unwrap(
    createDeal(
      {
        name: 'D',
        pipelineId: 'b2b',
        stageId: 'negotiation',
        amount: { amount: '900.00', currency: 'EUR' },
        campaignId: 'campaign-1',
        contactId: 'contact-1',
      },
      ctx(),
    ),
  );
  return [
    open,
    unwrap(transitionDeal(b2bPipeline, open, 'closed_won', { at: at('2026-03-10T00:00:00Z'), by: null })).deal,
  ];
};
const options = () => ({
  period: period('2026-03-01', '2026-04-01'),
  grossMargin: 0.4,
  pipelines: [b2bPipeline, saasRenewalPipeline],
  confidence: 0.9,
});
const touches = () => [
  { campaignId: 'campaign-1', contactId: 'contact-1', at: at('2026-03-02T00:00:00Z') },
  { campaignId: 'campaign-2', dealId: 'deal-9', contactId: null, at: at('2026-03-05T00:00:00Z') },
  { campaignId: 'campaign-3', contactId: 'contact-1', at: at('2026-03-08T00:00:00Z') },
];

export const CAMPAIGNS_SEEDS: SeedTable = {
  campaignPerformance: seeds(
    () => [campaign(), members(), leads(), deals(), options()],
    () => [campaign(), [], [], []],
  ),
  createCampaignPerformanceAccumulator: seeds(
    () => [campaign(), options()],
    () => [campaign()],
  ),
  campaignPerformanceAccumulatorFromJSON: seeds(
    () => [createCampaignPerformanceAccumulator(campaign(), options()).add({ member: members()[0]! }).toJSON()],
    () => [JSON.stringify(createCampaignPerformanceAccumulator(campaign()).toJSON())],
  ),
  compareConversion: seeds(
    () => [
      { converted: 120, total: 1000 },
      { converted: 100, total: 1000 },
      { confidence: 0.9, correct: true },
    ],
    () => [
      { converted: 0, total: 5 },
      { converted: 5, total: 5 },
    ],
  ),
  abTestSampleSize: seeds(
    () => [{ baseline: 0.1, minimumDetectableEffect: 0.02, power: 0.9, alpha: 0.01 }],
    () => [{ baseline: 0.5, minimumDetectableEffect: -0.1 }],
  ),
  attributeRevenue: seeds(
    () => [deals(), touches(), { model: 'time_decay', halfLifeDays: 3, pipelines: [b2bPipeline, saasRenewalPipeline] }],
    () => [deals(), touches(), { model: 'position' }],
  ),
};
