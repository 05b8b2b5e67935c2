/**
 * Valid calls of the public functions of src/pipeline, for the fuzzer (test/fuzz/fuzz.test.ts).
 *
 * Deals are stored records with a stage history (built with `parseDeal`, fresh and unfrozen per call,
 * so the fuzzer enters their histories, money and custom fields); pipelines are the presets (frozen
 * library values, shared as a caller's would be) or made with `definePipeline`; options objects have
 * every key they take.
 */
import { fixedClock, sequentialIdGenerator, unwrap } from '../../../src/core/index.js';
import {
  createContact,
  createLead,
  createSubscription,
  createSurveyResponse,
  parseDeal,
  type Contact,
  type Deal,
  type EntityContext,
  type Lead,
} from '../../../src/entities/index.js';
import {
  b2bPipeline,
  customerLifecycle,
  DEFAULT_LIFECYCLE_RULES,
  defineStageMachine,
  leadLifecycle,
  transitionContactLifecycle,
  transitionLeadStatus,
  definePipeline,
  saasRenewalPipeline,
  ticketLifecycle,
  type GuardRegistry,
  type PipelineDefinition,
  type StageMachineDefinition,
} from '../../../src/pipeline/index.js';
import { period } from '../../../src/time/index.js';
import { seeds, type SeedTable } from '../_spec.js';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 0, 1);
const day = (n: number): Date => new Date(T0 + n * DAY);

const ctx = (): EntityContext => ({
  clock: fixedClock('2026-03-01T00:00:00Z', 1000),
  ids: sequentialIdGenerator(),
  actor: 'user-1',
  customFields: {},
});

/**
 * A stored deal (a plain, unfrozen record) whose history walks `steps` ([stage, day] pairs; the first
 * is its creation).
 */
function deal(
  id: string,
  steps: readonly (readonly [string, number])[],
  extra: {
    amount?: string;
    currency?: string;
    pipelineId?: string;
    closedAt?: Date | null;
    probability?: { value: number; source: 'stage' | 'manual' | 'model' };
    lostReason?: string | null;
  } = {},
): Deal {
  const last = steps[steps.length - 1]!;
  return structuredClone(
    unwrap(
      parseDeal({
        id,
        name: `Deal ${id}`,
        accountId: 'account-1',
        contactId: null,
        pipelineId: extra.pipelineId ?? 'b2b',
        stageId: last[0],
        amount: { amount: extra.amount ?? '1000.00', currency: extra.currency ?? 'EUR' },
        expectedCloseDate: day(80),
        probability: extra.probability ?? { value: 0.2, source: 'stage' },
        stageHistory: steps.map(([to, d], i) => ({
          from: i === 0 ? null : steps[i - 1]![0],
          to,
          at: day(d),
          by: i === 0 ? null : 'user-1',
          reason: i === 0 ? null : 'moved on',
        })),
        closedAt: extra.closedAt ?? null,
        lostReason: extra.lostReason ?? null,
        ownerId: 'user-1',
        source: 'web',
        customFields: { region: 'emea', seats: 12 },
        createdAt: day(steps[0]![1]),
        updatedAt: day(last[1]),
        version: steps.length,
      }),
    ),
  );
}

/** An open deal in qualification, with an expected close date (so the proposal guard passes). */
const openDealInQualification = () =>
  deal('deal-1', [
    ['prospecting', 0],
    ['qualification', 10],
  ]);

/** Three deals: one won, one lost, one open (two currencies, so rates are needed in EUR). */
const deals = (): Deal[] => [
  deal(
    'deal-1',
    [
      ['prospecting', 0],
      ['qualification', 5],
      ['proposal', 20],
      ['closed_won', 40],
    ],
    { closedAt: day(40), amount: '5000.00' },
  ),
  deal(
    'deal-2',
    [
      ['prospecting', 2],
      ['qualification', 12],
      ['closed_lost', 30],
    ],
    { closedAt: day(30), lostReason: 'price', currency: 'USD', amount: '2500.00' },
  ),
  deal(
    'deal-3',
    [
      ['prospecting', 10],
      ['qualification', 25],
      ['proposal', 50],
    ],
    { probability: { value: 0.6, source: 'manual' } },
  ),
];

const rates = () => [{ from: 'USD', to: 'EUR', rate: '0.92', asOf: '2026-01-01' }];
const q1 = () => period('2026-01-01', '2026-04-01');

/** Guard implementations over any subject: one that reads params, one that always passes. */
const guards = (): GuardRegistry<unknown> => ({
  hasOwner: {
    check: (subject: unknown) =>
      typeof subject === 'object' && subject !== null && 'ownerId' in subject ? true : { message: 'no owner' },
    validateParams: (params) => Object.keys(params).map((k) => `unknown param ${k}`),
  },
  always: { check: () => true },
});

const machineDefinition = (): StageMachineDefinition<'todo' | 'doing' | 'done'> => ({
  id: 'task',
  initial: 'todo',
  states: [{ id: 'todo' }, { id: 'doing', guards: [{ type: 'always', params: {} }] }, { id: 'done', terminal: true }],
  transitions: [
    { from: 'todo', to: ['doing', 'done'], guards: [{ type: 'hasOwner' }] },
    { from: 'doing', to: ['todo', 'done'] },
    { from: '*', to: 'todo' },
  ],
});

const machine = () => unwrap(defineStageMachine(machineDefinition(), { guards: guards() }));

const pipelineDefinition = (): PipelineDefinition => ({
  id: 'enterprise',
  name: 'Enterprise sales',
  currency: 'EUR',
  allowReopen: true,
  stages: [
    { id: 'lead', name: 'Lead', kind: 'open', probability: 0.1, forecastCategory: 'pipeline', rotAfterDays: 20 },
    {
      id: 'proposal',
      name: 'Proposal',
      kind: 'open',
      probability: 0.5,
      forecastCategory: 'best_case',
      guards: [
        { type: 'requiredFields', params: { fields: ['amount', 'customFields.region'] } },
        { type: 'minAmount', params: { amount: '1000.00' } },
      ],
    },
    { id: 'won', name: 'Won', kind: 'won', probability: 1, forecastCategory: 'closed', guards: [{ type: 'hasOwner' }] },
    {
      id: 'lost',
      name: 'Lost',
      kind: 'lost',
      probability: 0,
      forecastCategory: 'omitted',
      guards: [{ type: 'lostReasonRequired' }],
    },
  ],
  transitions: [
    { from: 'lead', to: ['proposal', 'lost'] },
    { from: 'proposal', to: ['won', 'lost', 'lead'] },
    { from: '*', to: 'lost' },
  ],
});

/** A pipeline of the caller's own, with its own guard, and a deal in it. */
const enterprise = () => unwrap(definePipeline(pipelineDefinition(), { guards: guards() }));
const enterpriseDeal = () => deal('deal-9', [['lead', 0]], { pipelineId: 'enterprise' });

const moveOptions = () => ({ at: day(60), by: 'user-1', reason: 'demo done', lostReason: null });

export const PIPELINE_SEEDS: SeedTable = {
  defineStageMachine: seeds(
    () => [machineDefinition(), { guards: guards() }],
    () => [{ id: 'tiny', initial: 'a', states: [{ id: 'a' }, { id: 'b' }], transitions: [{ from: 'a', to: 'b' }] }],
  ),
  hasTransition: seeds(
    () => [ticketLifecycle, 'resolved', 'open'],
    () => [machine(), 'todo', 'doing'],
  ),
  nextStates: seeds(
    () => [ticketLifecycle, 'resolved'],
    () => [machine(), 'doing'],
  ),
  transitionState: seeds(
    () => [
      machine(),
      'todo',
      'doing',
      { ownerId: 'user-1' },
      { at: day(3), by: 'user-1', reason: 'start', lostReason: null },
    ],
    () => [ticketLifecycle, 'new', 'open', null, { at: day(1) }],
  ),
  canTransitionState: seeds(
    () => [
      machine(),
      'todo',
      'done',
      { ownerId: 'user-1' },
      { at: day(3), by: 'user-1', reason: 'skip', lostReason: null },
    ],
    () => [ticketLifecycle, 'pending', 'resolved', { id: 'ticket-1' }, { at: day(2) }],
  ),
  definePipeline: seeds(
    () => [pipelineDefinition(), { guards: guards() }],
    () => [
      {
        id: 'mini',
        name: 'Mini',
        stages: [
          { id: 'open', name: 'Open', kind: 'open', probability: 0.3, forecastCategory: 'pipeline' },
          { id: 'won', name: 'Won', kind: 'won', probability: 1, forecastCategory: 'closed' },
          { id: 'lost', name: 'Lost', kind: 'lost', probability: 0, forecastCategory: 'omitted' },
        ],
      },
    ],
  ),
  dealProbability: seeds(
    () => [b2bPipeline, openDealInQualification()],
    () => [b2bPipeline, deals()[2]!],
  ),
  transitionDeal: seeds(
    () => [b2bPipeline, openDealInQualification(), 'proposal', { ...moveOptions(), resetProbability: true }, ctx()],
    () => [
      b2bPipeline,
      openDealInQualification(),
      'closed_lost',
      { at: day(61), by: null, reason: null, lostReason: 'budget cut' },
    ],
    () => [enterprise(), enterpriseDeal(), 'proposal', moveOptions(), ctx()],
  ),
  canTransition: seeds(
    () => [b2bPipeline, openDealInQualification(), 'proposal', moveOptions()],
    () => [b2bPipeline, openDealInQualification(), 'closed_won', { at: day(61), by: null }],
  ),
  availableTransitions: seeds(() => [b2bPipeline, openDealInQualification(), moveOptions()]),
  resetProbabilityToStage: seeds(
    () => [b2bPipeline, deals()[2]!, { at: day(61) }, ctx()],
    () => [b2bPipeline, deals()[2]!, { at: day(61) }],
  ),
  openDeal: seeds(
    () => [
      b2bPipeline,
      {
        name: 'Acme expansion',
        accountId: 'account-1',
        contactId: 'contact-1',
        stageId: 'qualification',
        amount: { amount: '12000.00', currency: 'EUR' },
        expectedCloseDate: day(90),
        probability: { value: 0.25, source: 'manual' },
        ownerId: 'user-1',
        source: 'referral',
        customFields: { region: 'emea' },
      },
      ctx(),
    ],
    () => [b2bPipeline, { name: 'Small', amount: { amount: '10.00', currency: 'USD' } }],
  ),
  moveDealToPipeline: seeds(
    () => [
      openDealInQualification(),
      b2bPipeline,
      saasRenewalPipeline,
      { prospecting: 'renewal_due', qualification: 'in_review', proposal: 'in_review' },
      { at: day(60), by: 'user-1', reason: 'renewal', resetProbability: true },
      ctx(),
    ],
    () => [
      openDealInQualification(),
      b2bPipeline,
      saasRenewalPipeline,
      { qualification: 'at_risk' },
      { at: day(60), by: null },
    ],
  ),
  timeInStage: seeds(
    () => [deals()[0]!, { asOf: day(70) }],
    () => [openDealInQualification(), { asOf: day(12) }],
  ),
  stageDurations: seeds(() => [deals()]),
  stageFunnel: seeds(() => [b2bPipeline, deals()]),
  stageAnalytics: seeds(() => [b2bPipeline, deals()]),
  winRate: seeds(
    () => [[b2bPipeline, saasRenewalPipeline], deals(), { period: q1() }],
    () => [[b2bPipeline, enterprise()], [...deals(), enterpriseDeal()], null],
  ),
  salesCycleLength: seeds(
    () => [[b2bPipeline, saasRenewalPipeline], deals(), { includeLost: true, period: q1() }],
    () => [b2bPipeline, deals()],
  ),
  salesVelocity: seeds(() => [
    [b2bPipeline, saasRenewalPipeline],
    deals(),
    { period: q1(), currency: 'EUR', rates: rates() },
  ]),
  staleDeals: seeds(() => [[b2bPipeline, saasRenewalPipeline], deals(), { asOf: day(80), minSamples: 1 }]),
  weightedPipelineValue: seeds(
    () => [[b2bPipeline, saasRenewalPipeline], deals(), { currency: 'EUR', rates: rates() }],
    () => [b2bPipeline, [deals()[2]!], { currency: 'EUR' }],
  ),
  forecast: seeds(() => [
    [b2bPipeline, saasRenewalPipeline],
    deals(),
    { currency: 'EUR', rates: rates(), period: period('2026-01-01', '2026-07-01'), by: 'month' },
  ]),
  transitionContactLifecycle: seeds(
    () => [
      journeyContact(),
      'decision',
      { at: day(70), by: 'user-1', reason: 'demo booked', force: false, machine: customerLifecycle },
      ctx(),
    ],
    () => [journeyContact(), 'awareness', { at: day(70), force: true, reason: 'data fix' }],
  ),
  transitionLeadStatus: seeds(
    () => [
      journeyLead(),
      'sql',
      { at: day(70), by: 'user-1', reason: 'accepted', force: false, machine: leadLifecycle },
      ctx(),
    ],
    () => [journeyLead(), 'nurturing', { at: day(70), force: true }],
  ),
  leadLifecycleState: seeds(() => [journeyLead()]),
  deriveLifecycle: seeds(
    () => [
      journeyContact(),
      {
        deals: deals().map((d) => ({ ...d, accountId: 'account-1' })),
        subscriptions: [subscription()],
        surveys: [nps()],
        referrals: [{ referrerContactId: 'someone' }],
        pipelines: [b2bPipeline, saasRenewalPipeline],
      },
      DEFAULT_LIFECYCLE_RULES,
    ],
    () => [journeyContact(), {}],
  ),
  lifecycleDurations: seeds(
    () => [[journeyContact(), journeyContact()]],
    () => [[journeyLead()]],
  ),
  journeyFunnel: seeds(
    () => [[journeyContact(), journeyContact()]],
    () => [[journeyLead()]],
  ),
};

/** A contact with a journey: consideration on day 40, MQL-like steps up to decision-ready. */
function journeyContact(): Contact {
  const c = unwrap(
    createContact({ lastName: 'Hopper', accountId: 'account-1' }, { ...ctx(), clock: fixedClock(day(30)) }),
  );
  return unwrap(transitionContactLifecycle(c, 'consideration', { at: day(40) })).contact;
}

/** A lead at MQL since day 45. */
function journeyLead(): Lead {
  const l = unwrap(
    createLead({ lastName: 'Lovelace', email: 'ada@example.com' }, { ...ctx(), clock: fixedClock(day(30)) }),
  );
  return unwrap(transitionLeadStatus(l, 'mql', { at: day(45) })).lead;
}

function subscription() {
  return unwrap(
    createSubscription(
      { accountId: 'account-1', plan: 'pro', mrr: { amount: '50.00', currency: 'EUR' }, startedAt: day(10) },
      ctx(),
    ),
  );
}

function nps() {
  return unwrap(createSurveyResponse({ kind: 'nps', score: 10, answeredAt: day(50), contactId: 'contact-1' }, ctx()));
}
