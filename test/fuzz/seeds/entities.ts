/**
 * Valid calls of the public functions of src/entities, for the fuzzer (test/fuzz/fuzz.test.ts).
 *
 * Every entity gets `create*` with every field given (custom fields and a full context too) and with
 * its required fields only, `parse*` of a stored record (a thawed copy of what `create*` made, so its
 * nested lists and custom fields are entered), and `update*` with a recipe that only assigns (so a
 * hostile value in the record cannot make the caller's own recipe throw).
 */
import { fixedClock, sequentialIdGenerator, unwrap, type Result } from '../../../src/core/index.js';
import {
  convertLead,
  createAccount,
  createActivity,
  createCampaign,
  createCampaignMember,
  createContact,
  createDeal,
  createLead,
  createSubscription,
  createSurveyResponse,
  createTeam,
  createTicket,
  createUser,
  createLoyaltyTransaction,
  createReferral,
  defineCustomFields,
  type CustomFieldDefinition,
  type CustomFieldRegistry,
  type EntityContext,
} from '../../../src/entities/index.js';
import { seeds, type FuzzSpec, type SeedTable } from '../_spec.js';
import { STANDARD_ACCOUNT_RULE, STANDARD_CONTACT_RULE } from '../../../src/quality/index.js';

const DEFS: readonly CustomFieldDefinition[] = [
  { key: 'employees', type: 'number', label: 'Employees', required: false, min: 0, max: 1_000_000, integer: true },
  { key: 'tier', type: 'enum', options: ['gold', 'silver'] },
  { key: 'tags', type: 'multi_enum', options: ['a', 'b', 'c'] },
  { key: 'note', type: 'string', maxLength: 200 },
  { key: 'budget', type: 'money', currency: 'EUR' },
  { key: 'since', type: 'date' },
  { key: 'vip', type: 'boolean' },
];

/** Custom-field values matching {@link DEFS}. */
const customValues = () => ({
  employees: 120,
  tier: 'gold',
  tags: ['a', 'c'],
  note: ' a note ',
  budget: { amount: '1200.00', currency: 'EUR' },
  since: '2025-06-01',
  vip: true,
});

/** A full context: fixed clock ticking 1 s, sequential ids, an actor and definitions for `kind`. */
const ctx = (kind?: keyof CustomFieldRegistry): EntityContext => ({
  clock: fixedClock('2026-01-01T00:00:00Z', 1000),
  ids: sequentialIdGenerator(),
  actor: 'user-1',
  customFields: kind === undefined ? {} : { [kind]: unwrap(defineCustomFields(kind, DEFS)) },
});

/** A plain, unfrozen copy of a stored entity (Dates kept), as a caller reading a row would hold. */
const thawed = <T>(r: Result<T>): T => structuredClone(unwrap(r));

const at = (iso: string) => new Date(iso);

const inputs = {
  account: () => ({
    name: 'Acme GmbH',
    domain: 'acme.example',
    industry: 'Manufacturing',
    size: '51-200' as const,
    country: 'DE',
    ownerId: 'user-1',
    annualRevenue: { amount: '2500000.00', currency: 'EUR' },
    customFields: customValues(),
  }),
  contact: () => ({
    firstName: 'Grace',
    lastName: 'Hopper',
    title: 'Rear Admiral',
    emails: [
      { address: 'Grace@Navy.mil', label: 'work', primary: true },
      { address: 'grace@home.example', label: null, primary: false },
    ],
    phones: [
      { number: '+1 202 555 0100', label: 'work' },
      { number: '0049 30 1234567', label: null },
    ],
    accountId: 'account-1',
    lifecycleStage: 'decision' as const,
    lifecycleHistory: [
      {
        from: null,
        to: 'consideration' as const,
        at: at('2026-01-02T00:00:00Z'),
        by: 'user-1',
        reason: null,
        forced: false,
      },
      {
        from: 'consideration' as const,
        to: 'decision' as const,
        at: '2026-01-03T00:00:00Z',
        by: null,
        reason: 'demo',
        forced: true,
      },
    ],
    consents: [
      { channel: 'email' as const, granted: true, at: at('2025-12-01T00:00:00Z'), source: 'signup form' },
      { channel: 'sms' as const, granted: false, at: '2025-12-02T00:00:00Z', source: 'call' },
    ],
    ownerId: 'user-1',
    customFields: customValues(),
  }),
  lead: () => ({
    firstName: 'Ada',
    lastName: 'Lovelace',
    email: 'ada@analytical.example',
    phone: '+44 20 7946 0958',
    company: 'Analytical Engines Ltd',
    title: 'CTO',
    industry: 'Computing',
    country: 'GB',
    website: 'analytical.example',
    source: 'webinar',
    status: 'qualified' as const,
    qualification: 'sql' as const,
    statusHistory: [
      { from: null, to: 'mql' as const, at: at('2026-01-01T00:00:00Z'), by: 'user-1', reason: 'score', forced: false },
      { from: 'mql' as const, to: 'sql' as const, at: '2026-01-01T00:00:00Z', by: null, reason: null, forced: false },
    ],
    campaignId: 'campaign-1',
    score: { fit: 40, engagement: 35.5, total: 75.5, grade: 'A', scoredAt: at('2025-12-20T00:00:00Z') },
    ownerId: 'user-1',
    convertedAt: null,
    convertedContactId: null,
    convertedAccountId: null,
    convertedDealId: null,
    customFields: customValues(),
  }),
  deal: () => ({
    name: 'Acme renewal',
    accountId: 'account-1',
    contactId: 'contact-1',
    pipelineId: 'b2b',
    stageId: 'qualification',
    amount: { amount: '12000.00', currency: 'EUR' },
    expectedCloseDate: at('2026-03-31T00:00:00Z'),
    probability: { value: 0.3, source: 'manual' as const },
    stageHistory: [
      { from: null, to: 'prospecting', at: at('2025-12-01T00:00:00Z'), by: 'user-1', reason: null },
      { from: 'prospecting', to: 'qualification', at: '2025-12-10T00:00:00Z', by: null, reason: 'call went well' },
    ],
    closedAt: null,
    lostReason: null,
    ownerId: 'user-1',
    source: 'referral',
    campaignId: 'campaign-1',
    customFields: customValues(),
  }),
  activity: () => ({
    kind: 'task' as const,
    channel: 'phone' as const,
    direction: 'outbound' as const,
    action: 'discovery',
    subject: 'Discovery call',
    body: 'Talked about the renewal.',
    occurredAt: at('2026-01-05T10:00:00Z'),
    durationSeconds: 1800,
    leadId: 'lead-1',
    contactId: 'contact-1',
    accountId: 'account-1',
    dealId: 'deal-1',
    ticketId: null,
    dueAt: '2026-01-06T10:00:00Z',
    completedAt: at('2026-01-05T10:30:00Z'),
    ownerId: 'user-1',
    customFields: customValues(),
  }),
  ticket: () => ({
    subject: 'Cannot log in',
    description: 'The login page shows an error.',
    priority: 'high' as const,
    status: 'resolved' as const,
    channel: 'email' as const,
    requesterContactId: 'contact-1',
    accountId: 'account-1',
    assigneeId: 'user-2',
    firstResponseAt: at('2026-01-02T00:00:00Z'),
    resolvedAt: '2026-01-03T00:00:00Z',
    closedAt: null,
    customFields: customValues(),
  }),
  campaign: () => ({
    name: 'Spring launch',
    channel: 'email' as const,
    status: 'scheduled' as const,
    budget: { amount: '5000.00', currency: 'USD' },
    actualCost: { amount: '4200.50', currency: 'USD' },
    period: { start: at('2026-03-01T00:00:00Z'), end: '2026-04-01T00:00:00Z' },
    source: 'marketing',
    ownerId: 'user-1',
    customFields: customValues(),
  }),
  campaignMember: () => ({
    campaignId: 'campaign-1',
    leadId: 'lead-1',
    contactId: null,
    status: 'clicked' as const,
    variant: 'B',
    at: at('2026-03-02T09:00:00Z'),
    customFields: customValues(),
  }),
  surveyResponse: () => ({
    kind: 'csat' as const,
    score: 4,
    scale: { min: 1, max: 5 },
    touchpoint: 'support',
    contactId: 'contact-1',
    accountId: 'account-1',
    answeredAt: at('2026-01-04T00:00:00Z'),
    comment: 'Quick answer, thanks.',
    customFields: customValues(),
  }),
  subscription: () => ({
    accountId: 'account-1',
    plan: 'pro',
    status: 'active' as const,
    mrr: { amount: '499.00', currency: 'EUR' },
    contractValue: { amount: '5988.00', currency: 'EUR' },
    termMonths: 12,
    startedAt: at('2026-01-01T00:00:00Z'),
    endsAt: '2027-01-01T00:00:00Z',
    canceledAt: null,
    endedAt: null,
    renewalOfId: 'subscription-0',
    customFields: customValues(),
  }),
  user: () => ({
    name: 'Linus',
    email: 'linus@example.com',
    role: 'manager' as const,
    teamIds: ['team-1', 'team-2'],
    active: true,
    timeZone: 'Europe/Helsinki',
    customFields: customValues(),
  }),
  team: () => ({
    name: 'EMEA sales',
    memberIds: ['user-1', 'user-2', 'user-3'],
    managerId: 'user-1',
    customFields: customValues(),
  }),
  loyaltyTransaction: () => ({
    customerId: 'contact-1',
    kind: 'earn' as const,
    points: '57.5',
    at: at('2026-03-01T10:00:00Z'),
    expiresAt: '2027-03-01T10:00:00Z',
    spend: { amount: '47.80', currency: 'USD' },
    orderId: 'order-1',
    rewardId: null,
    note: 'spring order',
    customFields: customValues(),
  }),
  referral: () => ({
    referrerContactId: 'contact-1',
    referredLeadId: 'lead-9',
    status: 'rewarded' as const,
    rewardId: 'gift25',
    code: 'ADA-10',
    referredAt: at('2026-04-02T09:00:00Z'),
    convertedAt: '2026-05-01T00:00:00Z',
    customFields: customValues(),
  }),
};

const minimal = {
  account: () => ({ name: 'Acme' }),
  contact: () => ({ lastName: 'Hopper' }),
  lead: () => ({ lastName: 'Lovelace', phone: '+442079460958' }),
  deal: () => ({
    name: 'Acme',
    pipelineId: 'b2b',
    stageId: 'prospecting',
    amount: { amount: '100.00', currency: 'USD' },
  }),
  activity: () => ({ kind: 'note' as const, occurredAt: '2026-01-05T10:00:00Z' }),
  ticket: () => ({ subject: 'Help' }),
  campaign: () => ({ name: 'Launch', channel: 'web' as const }),
  campaignMember: () => ({ campaignId: 'campaign-1', contactId: 'contact-1', at: '2026-03-02T09:00:00Z' }),
  surveyResponse: () => ({ kind: 'nps' as const, score: 9, answeredAt: '2026-01-04T00:00:00Z' }),
  subscription: () => ({
    accountId: 'account-1',
    plan: 'basic',
    mrr: { amount: '10.00', currency: 'USD' },
    startedAt: '2026-01-01T00:00:00Z',
  }),
  user: () => ({ name: 'Linus', email: 'linus@example.com' }),
  team: () => ({ name: 'Sales' }),
  loyaltyTransaction: () => ({ customerId: 'c1', kind: 'redeem' as const, points: -100, at: '2026-03-01T00:00:00Z' }),
  referral: () => ({ referrerContactId: 'c1', referredLeadId: 'l1', referredAt: '2026-04-02T09:00:00Z' }),
};

type Kind = keyof typeof inputs;

/** The create/parse/update seeds of one entity kind. */
function entitySeeds(
  kind: Kind,
  label: string,
  create: (input: never, ctx?: EntityContext) => Result<unknown>,
  recipe: (draft: never) => void,
): SeedTable {
  const full = () => create(inputs[kind]() as never, ctx(kind));
  const small = () => create(minimal[kind]() as never);
  const spec = (...list: (() => readonly unknown[])[]): FuzzSpec => seeds(...list);
  return {
    [`create${label}`]: spec(
      () => [inputs[kind](), ctx(kind)],
      () => [minimal[kind]()],
    ),
    [`parse${label}`]: spec(
      () => [thawed(full()), ctx(kind)],
      () => [thawed(small())],
    ),
    [`update${label}`]: spec(
      () => [thawed(full()), recipe, ctx(kind)],
      () => [thawed(small()), recipe],
    ),
  };
}

type Draft = Record<string, unknown>;

export const ENTITIES_SEEDS: SeedTable = {
  ...entitySeeds('account', 'Account', createAccount, (d: Draft) => {
    d['name'] = 'Acme AG';
  }),
  ...entitySeeds('contact', 'Contact', createContact, (d: Draft) => {
    d['title'] = 'Commodore';
  }),
  ...entitySeeds('lead', 'Lead', createLead, (d: Draft) => {
    d['company'] = 'Analytical Engines 2';
  }),
  ...entitySeeds('deal', 'Deal', createDeal, (d: Draft) => {
    d['name'] = 'Acme renewal 2027';
  }),
  ...entitySeeds('activity', 'Activity', createActivity, (d: Draft) => {
    d['subject'] = 'Follow-up';
  }),
  ...entitySeeds('ticket', 'Ticket', createTicket, (d: Draft) => {
    d['priority'] = 'urgent';
  }),
  ...entitySeeds('campaign', 'Campaign', createCampaign, (d: Draft) => {
    d['name'] = 'Summer launch';
  }),
  ...entitySeeds('campaignMember', 'CampaignMember', createCampaignMember, (d: Draft) => {
    d['status'] = 'converted';
  }),
  ...entitySeeds('surveyResponse', 'SurveyResponse', createSurveyResponse, (d: Draft) => {
    d['comment'] = 'Edited';
  }),
  ...entitySeeds('subscription', 'Subscription', createSubscription, (d: Draft) => {
    d['plan'] = 'enterprise';
  }),
  ...entitySeeds('user', 'User', createUser, (d: Draft) => {
    d['active'] = false;
  }),
  ...entitySeeds('team', 'Team', createTeam, (d: Draft) => {
    d['name'] = 'EMEA sales 2';
  }),
  ...entitySeeds('referral', 'Referral', createReferral, (d: Draft) => {
    d['code'] = 'ADA-11';
  }),
  // The ledger is append-only: create and parse, no update.
  createLoyaltyTransaction: seeds(
    () => [inputs.loyaltyTransaction(), ctx('loyaltyTransaction')],
    () => [minimal.loyaltyTransaction()],
  ),
  parseLoyaltyTransaction: seeds(
    () => [
      thawed(createLoyaltyTransaction(inputs.loyaltyTransaction(), ctx('loyaltyTransaction'))),
      ctx('loyaltyTransaction'),
    ],
    () => [thawed(createLoyaltyTransaction(minimal.loyaltyTransaction()))],
  ),
  convertLead: seeds(
    () => [
      thawed(createLead(inputs.lead(), ctx('lead'))),
      {
        account: 'create',
        accountFields: { industry: 'Software', size: '11-50' },
        contact: { title: 'CTO', emails: [{ address: 'ada@analytical.example', primary: true }] },
        deal: {
          name: 'First deal',
          pipelineId: 'b2b',
          stageId: 'prospecting',
          amount: { amount: '5000.00', currency: 'EUR' },
        },
        fieldMap: {
          contact: { firstName: 'firstName', lastName: 'lastName', title: 'title' },
          account: { name: 'company', domain: 'website', industry: 'industry', country: 'country' },
        },
        duplicates: {
          contactRule: STANDARD_CONTACT_RULE,
          accountRule: STANDARD_ACCOUNT_RULE,
          contacts: [],
          accounts: [],
          allow: false,
        },
      },
      ctx(),
    ],
    // An existing contact linked instead of a new one.
    () => [
      thawed(createLead(inputs.lead(), ctx('lead'))),
      { existingContact: thawed(createContact(inputs.contact(), ctx('contact'))), account: 'none' },
      ctx(),
    ],
    // The lead's history starts on 2026-01-01: it is created then (the conversion uses the system clock).
    () => [
      thawed(createLead(inputs.lead(), { clock: fixedClock('2026-01-01T00:00:00Z') })),
      { account: { existingId: 'account-7' } },
    ],
    // Created before the conversion time: a conversion cannot precede the lead's last status change.
    () => [
      thawed(createLead(minimal.lead(), { clock: fixedClock('2025-12-01T00:00:00Z') })),
      { account: 'none' },
      ctx(),
    ],
  ),
  defineCustomFields: seeds(
    () => ['lead', [...DEFS.map((d) => ({ ...d, ...(d.options ? { options: [...d.options] } : {}) }))]],
    () => ['deal', [{ key: 'region', type: 'enum', options: ['emea', 'amer'], required: true }]],
  ),
  validateCustomFields: seeds(
    () => [customValues(), unwrap(defineCustomFields('lead', DEFS))],
    () => [{ free: { nested: [1, 'two', { three: true }] }, flag: false, n: 2 }],
  ),
  customFieldKeyProblem: seeds(
    () => ['employees'],
    () => ['__proto__'],
  ),
  normalizePhone: seeds(
    () => ['+44 (0)20 7946-0958'],
    () => ['0049 30 1234567'],
  ),
  hostOf: seeds(
    () => ['https://www.Example.com/path?q=1'],
    () => ['example.co.uk'],
  ),
};
