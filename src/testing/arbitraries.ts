/**
 * fast-check arbitraries of valid entities, built through the `create*` functions with the id and
 * the creation instant drawn by fast-check (so every value is reproducible from the run's seed).
 *
 * @module
 */
import fc from 'fast-check';
import { fixedClock } from '../core/clock.js';
import { unwrap, type Result } from '../core/result.js';
import {
  ACTIVITY_DIRECTIONS,
  ACTIVITY_KINDS,
  CAMPAIGN_MEMBER_STATUSES,
  CAMPAIGN_STATUSES,
  CHANNELS,
  COMPANY_SIZES,
  LEAD_QUALIFICATIONS,
  LIFECYCLE_STAGES,
  LOYALTY_TRANSACTION_KINDS,
  PROBABILITY_SOURCES,
  REFERRAL_STATUSES,
  TICKET_PRIORITIES,
  USER_ROLES,
  createAccount,
  createActivity,
  createCampaign,
  createCampaignMember,
  createContact,
  createDeal,
  createLead,
  createLoyaltyTransaction,
  createReferral,
  createSubscription,
  createSurveyResponse,
  createTeam,
  createTicket,
  createUser,
  type Account,
  type Activity,
  type Campaign,
  type CampaignMember,
  type Contact,
  type Deal,
  type EntityContext,
  type Lead,
  type LoyaltyTransaction,
  type Referral,
  type Subscription,
  type SurveyResponse,
  type Team,
  type Ticket,
  type User,
} from '../entities/index.js';
import type { Repositories, Repository } from '../repository/ports.js';

/**
 * Knobs of the entity arbitraries.
 *
 * @example
 * ```ts
 * const deals = dealArbitrary({ owners: ['u1', 'u2'], text: 'hostile' });
 * ```
 */
export interface ArbitraryOptions {
  /** User ids to draw `ownerId` from (besides `null`); default `['user-1', 'user-2', 'user-3']`. */
  readonly owners?: readonly string[];
  /** `'plain'` (default): short ASCII words; `'hostile'`: any Unicode text (quotes, SQL, emoji, RTL) without NUL. */
  readonly text?: 'plain' | 'hostile';
  /**
   * Give deals and leads custom fields (`region`, `employees`, `vip`, `tags`, `misc` of mixed JSON types),
   * the values {@link conditionArbitrary} tests; default `false` (no custom fields).
   */
  readonly customFields?: boolean;
}

/**
 * Custom fields of the kind condition tests look at: a text `region`, an integer `employees`, a boolean
 * `vip`, a list `tags`, `misc` of any JSON type, a Date `signedAt` and a structured `plan`
 * (`{ tier, seats }`) — each sometimes missing or null.
 *
 * @example
 * ```ts
 * fc.sample(customFieldsArbitrary(), 1)[0]; // e.g. { region: 'EMEA', tags: ['vip', 'Beta'] }
 * ```
 */
export function customFieldsArbitrary(): fc.Arbitrary<Record<string, unknown>> {
  const word = fc.constantFrom(...CONDITION_WORDS);
  return fc.record(
    {
      region: fc.option(fc.constantFrom('EMEA', 'emea', 'Americas', 'APAC', 'Östra', 'ΑΘΗΝΑ'), { nil: null }),
      employees: fc.option(fc.integer({ min: -5, max: 5000 }), { nil: null }),
      vip: fc.option(fc.boolean(), { nil: null }),
      tags: fc.array(word, { maxLength: 4 }),
      misc: fc.oneof(
        word,
        fc.integer({ min: -3, max: 3 }),
        fc.boolean(),
        fc.array(fc.oneof(word, fc.integer({ min: 0, max: 3 })), { maxLength: 3 }),
      ),
      signedAt: fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2040, 0, 1) }).map((t) => new Date(t)),
      plan: fc.record({ tier: word, seats: fc.integer({ min: 0, max: 50 }) }, { requiredKeys: [] }),
    },
    { requiredKeys: [] },
  );
}

/**
 * The words the condition arbitraries compare with and the custom fields hold: plain ASCII in both
 * cases, Latin-1, Greek and Cyrillic with case pairs, `İ` and `ß`, and a character above U+FFFF — the
 * text on which case folding and code-point order must agree between stores.
 *
 * @example
 * ```ts
 * CONDITION_WORDS.includes('Straße'); //=> true
 * ```
 */
export const CONDITION_WORDS: readonly string[] = /* @__PURE__ */ Object.freeze([
  'alpha',
  'Alpha',
  'beta',
  'BETA',
  'vip',
  'VIP',
  'Straße',
  'STRASSE',
  'Ölbaum',
  'öl',
  'ΟΔΟΣ',
  'οδος',
  'Москва',
  'москва',
  'İstanbul',
  'istanbul',
  '😀 smile',
  '\uFFFD',
  'a_b%c',
]);

const DEFAULT_OWNERS = ['user-1', 'user-2', 'user-3'] as const;

/** Instants from 2000 to 2040, whole milliseconds. */
const instant = (): fc.Arbitrary<Date> =>
  fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2040, 0, 1) }).map((t) => new Date(t));

/** A UTF-16 surrogate without its partner: not encodable in UTF-8, so no database could store it. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function text(options: ArbitraryOptions, max = 40): fc.Arbitrary<string> {
  if (options.text === 'hostile') {
    return fc
      .string({ unit: 'binary', minLength: 1, maxLength: Math.min(max, 40) })
      .map((s) => s.replace(/\u0000/g, ''))
      .filter((s) => s.length > 0 && s.trim() === s && s.length <= max && !LONE_SURROGATE.test(s));
  }
  return fc.stringMatching(/^[A-Za-z][A-Za-z0-9 '&.-]{0,30}[A-Za-z0-9]$/).filter((s) => s.length <= max);
}

const optional = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | null> => fc.option(arb, { nil: null, freq: 3 });

function owner(options: ArbitraryOptions): fc.Arbitrary<string | null> {
  return optional(fc.constantFrom(...(options.owners ?? DEFAULT_OWNERS)));
}

const id = (): fc.Arbitrary<string> => fc.uuid();

/** A non-negative USD/EUR/GBP amount with two decimals, up to 10^13, as a canonical decimal string. */
function money(): fc.Arbitrary<{ amount: string; currency: string }> {
  return fc
    .record({
      cents: fc.bigInt({ min: 0n, max: 10n ** 15n }),
      currency: fc.constantFrom('USD', 'EUR', 'GBP'),
    })
    .map(({ cents, currency }) => ({ amount: `${cents / 100n}.${String(cents % 100n).padStart(2, '0')}`, currency }));
}

const emailLocal = (): fc.Arbitrary<string> => fc.stringMatching(/^[a-z][a-z0-9]{0,11}$/);

/** Builds an entity from a drawn input, id and creation instant; a drawn input the schema refuses is a bug of the arbitrary, so it throws. */
function build<I, E>(input: fc.Arbitrary<I>, create: (input: I, ctx: EntityContext) => Result<E>): fc.Arbitrary<E> {
  return fc
    .record({ input, id: id(), at: instant() })
    .map(({ input: i, id: entityId, at }) =>
      unwrap(create(i, { clock: fixedClock(at), ids: { next: () => entityId } })),
    );
}

/**
 * Valid accounts.
 *
 * @example
 * ```ts
 * fc.assert(fc.property(accountArbitrary(), (a) => a.version === 1));
 * ```
 */
export function accountArbitrary(options: ArbitraryOptions = {}): fc.Arbitrary<Account> {
  return build(
    fc.record({
      name: text(options, 300),
      industry: optional(text(options, 200)),
      size: optional(fc.constantFrom(...COMPANY_SIZES)),
      country: optional(fc.constantFrom('US', 'DE', 'FR', 'JP', 'BR')),
      ownerId: owner(options),
      annualRevenue: optional(money()),
    }),
    createAccount,
  );
}

/**
 * Valid contacts (0–3 distinct emails, the first primary).
 *
 * @example
 * ```ts
 * fc.sample(contactArbitrary(), 1)[0]?.lastName; // some text
 * ```
 */
export function contactArbitrary(options: ArbitraryOptions = {}): fc.Arbitrary<Contact> {
  return build(
    fc.record({
      firstName: optional(text(options, 200)),
      lastName: text(options, 200),
      title: optional(text(options, 200)),
      emails: fc
        .uniqueArray(emailLocal(), { maxLength: 3 })
        .map((ls) => ls.map((l, i) => ({ address: `${l}@example.com`, label: null, primary: i === 0 }))),
      phones: fc.boolean().map((has) => (has ? [{ number: '+14155550123', label: null }] : [])),
      accountId: optional(id()),
      lifecycleStage: fc.constantFrom(...LIFECYCLE_STAGES),
      ownerId: owner(options),
    }),
    createContact,
  );
}

/**
 * Valid, not yet converted leads (never `unqualified` with `sql`).
 *
 * @example
 * ```ts
 * fc.assert(fc.property(leadArbitrary(), (l) => l.status !== 'converted'));
 * ```
 */
export function leadArbitrary(options: ArbitraryOptions = {}): fc.Arbitrary<Lead> {
  return build(
    fc
      .record({
        ...(options.customFields === true ? { customFields: customFieldsArbitrary() } : {}),
        firstName: optional(text(options, 200)),
        lastName: text(options, 200),
        email: emailLocal().map((l) => `${l}@example.org`),
        company: optional(text(options, 300)),
        title: optional(text(options, 200)),
        source: optional(text(options, 200)),
        status: fc.constantFrom('new', 'contacted', 'nurturing', 'qualified', 'unqualified' as const),
        qualification: fc.constantFrom(...LEAD_QUALIFICATIONS),
        ownerId: owner(options),
        campaignId: optional(id()),
      })
      // An unqualified lead is never sales-qualified (the lead's own rule).
      .map((l) =>
        l.status === 'unqualified' && l.qualification === 'sql' ? { ...l, qualification: 'none' as const } : l,
      ),
    createLead,
  );
}

/**
 * Valid deals in a pipeline `b2b` or `smb` with stages `qualification`, `proposal`,
 * `negotiation`, `won`, `lost`.
 *
 * @example
 * ```ts
 * fc.assert(fc.property(dealArbitrary(), (d) => d.stageHistory.length === 1));
 * ```
 */
export function dealArbitrary(options: ArbitraryOptions = {}): fc.Arbitrary<Deal> {
  return build(
    fc.record({
      ...(options.customFields === true ? { customFields: customFieldsArbitrary() } : {}),
      name: text(options, 300),
      pipelineId: fc.constantFrom('b2b', 'smb'),
      stageId: fc.constantFrom('qualification', 'proposal', 'negotiation', 'won', 'lost'),
      amount: money(),
      expectedCloseDate: optional(instant()),
      probability: fc.record({
        value: fc.double({ min: 0, max: 1, noNaN: true }).map((v) => (Object.is(v, -0) ? 0 : v)),
        source: fc.constantFrom(...PROBABILITY_SOURCES),
      }),
      closedAt: optional(instant()),
      ownerId: owner(options),
      source: optional(text(options, 200)),
      accountId: optional(id()),
      campaignId: optional(id()),
    }),
    createDeal,
  );
}

/**
 * Valid activities (tasks get an optional due date).
 *
 * @example
 * ```ts
 * fc.sample(activityArbitrary(), 1)[0]?.occurredAt instanceof Date; //=> true
 * ```
 */
export function activityArbitrary(options: ArbitraryOptions = {}): fc.Arbitrary<Activity> {
  return build(
    fc
      .record({
        kind: fc.constantFrom(...ACTIVITY_KINDS),
        channel: optional(fc.constantFrom(...CHANNELS)),
        direction: optional(fc.constantFrom(...ACTIVITY_DIRECTIONS)),
        subject: optional(text(options, 500)),
        body: optional(text(options, 100_000)),
        occurredAt: instant(),
        durationSeconds: optional(fc.nat({ max: 86_400 })),
        due: optional(instant()),
        ownerId: owner(options),
      })
      .map(({ due, ...a }) => ({ ...a, dueAt: a.kind === 'task' ? due : null })),
    createActivity,
  );
}

/**
 * Valid tickets (resolved and closed ones carry `resolvedAt` after creation).
 *
 * @example
 * ```ts
 * fc.sample(ticketArbitrary(), 1)[0]?.priority; // 'low' | 'normal' | 'high' | 'urgent'
 * ```
 */
export function ticketArbitrary(options: ArbitraryOptions = {}): fc.Arbitrary<Ticket> {
  return fc
    .record({
      id: id(),
      at: instant(),
      subject: text(options, 500),
      description: optional(text(options, 100_000)),
      priority: fc.constantFrom(...TICKET_PRIORITIES),
      status: fc.constantFrom('new', 'open', 'pending', 'resolved', 'closed' as const),
      afterMs: fc.nat({ max: 30 * 86_400_000 }),
      assigneeId: owner(options),
    })
    .map(({ id: entityId, at, afterMs, ...t }) =>
      unwrap(
        createTicket(
          {
            ...t,
            resolvedAt: t.status === 'resolved' || t.status === 'closed' ? new Date(at.getTime() + afterMs) : null,
          },
          { clock: fixedClock(at), ids: { next: () => entityId } },
        ),
      ),
    );
}

/**
 * Valid campaigns.
 *
 * @example
 * ```ts
 * fc.sample(campaignArbitrary(), 1)[0]?.status; // a CampaignStatus
 * ```
 */
export function campaignArbitrary(options: ArbitraryOptions = {}): fc.Arbitrary<Campaign> {
  return build(
    fc.record({
      name: text(options, 300),
      channel: fc.constantFrom(...CHANNELS),
      status: fc.constantFrom(...CAMPAIGN_STATUSES),
      budget: optional(money()),
      actualCost: optional(money()),
      ownerId: owner(options),
    }),
    createCampaign,
  );
}

/**
 * Valid survey responses on the default scales (NPS 0–10, CSAT 1–5, CES 1–7).
 *
 * @example
 * ```ts
 * fc.assert(fc.property(surveyResponseArbitrary(), (s) => s.score >= 0));
 * ```
 */
export function surveyResponseArbitrary(options: ArbitraryOptions = {}): fc.Arbitrary<SurveyResponse> {
  const scored = fc.oneof(
    fc.record({ kind: fc.constant('nps' as const), score: fc.integer({ min: 0, max: 10 }) }),
    fc.record({ kind: fc.constant('csat' as const), score: fc.integer({ min: 1, max: 5 }) }),
    fc.record({ kind: fc.constant('ces' as const), score: fc.integer({ min: 1, max: 7 }) }),
  );
  return build(
    fc
      .record({
        s: scored,
        answeredAt: instant(),
        comment: optional(text(options, 2000)),
        touchpoint: optional(text(options, 100)),
      })
      .map(({ s, ...r }) => ({ ...s, ...r })),
    createSurveyResponse,
  );
}

/**
 * Valid subscriptions (trialing, active or past due; MRR and contract value in one currency).
 *
 * @example
 * ```ts
 * fc.sample(subscriptionArbitrary(), 1)[0]?.mrr.currency; // 'USD' | 'EUR' | 'GBP'
 * ```
 */
export function subscriptionArbitrary(options: ArbitraryOptions = {}): fc.Arbitrary<Subscription> {
  return build(
    fc
      .record({
        accountId: id(),
        plan: text(options, 100),
        status: fc.constantFrom('trialing', 'active', 'past_due' as const),
        mrr: money(),
        termMonths: fc.integer({ min: 1, max: 36 }),
        startedAt: instant(),
      })
      .map((s) => ({ ...s, contractValue: { amount: s.mrr.amount, currency: s.mrr.currency } })),
    createSubscription,
  );
}

/**
 * Valid users.
 *
 * @example
 * ```ts
 * fc.sample(userArbitrary(), 1)[0]?.active; // boolean
 * ```
 */
export function userArbitrary(options: ArbitraryOptions = {}): fc.Arbitrary<User> {
  return build(
    fc.record({
      name: text(options, 200),
      email: emailLocal().map((l) => `${l}@example.net`),
      role: fc.constantFrom(...USER_ROLES),
      active: fc.boolean(),
    }),
    createUser,
  );
}

/**
 * Valid teams with distinct members.
 *
 * @example
 * ```ts
 * fc.assert(fc.property(teamArbitrary(), (t) => new Set(t.memberIds).size === t.memberIds.length));
 * ```
 */
export function teamArbitrary(options: ArbitraryOptions = {}): fc.Arbitrary<Team> {
  return build(
    fc.record({
      name: text(options, 200),
      memberIds: fc.uniqueArray(id(), { maxLength: 4 }),
      managerId: owner(options),
    }),
    createTeam,
  );
}

/**
 * Valid campaign members: a lead or a contact (exactly one), any status, sometimes an A/B variant.
 *
 * @example
 * ```ts
 * fc.assert(fc.property(campaignMemberArbitrary(), (m) => (m.leadId === null) !== (m.contactId === null)));
 * ```
 */
export function campaignMemberArbitrary(options: ArbitraryOptions = {}): fc.Arbitrary<CampaignMember> {
  return build(
    fc
      .record({
        campaignId: id(),
        person: id(),
        asLead: fc.boolean(),
        status: fc.constantFrom(...CAMPAIGN_MEMBER_STATUSES),
        variant: optional(text(options, 100)),
        at: instant(),
      })
      .map(({ person, asLead, ...m }) => ({
        ...m,
        leadId: asLead ? person : null,
        contactId: asLead ? null : person,
      })),
    createCampaignMember,
  );
}

/**
 * Valid loyalty ledger entries: earn (positive points, sometimes with spend and an expiry), redeem and
 * expire (negative), adjust (either sign); points exact decimals with up to 3 places.
 *
 * @example
 * ```ts
 * fc.assert(fc.property(loyaltyTransactionArbitrary(), (t) => t.kind !== 'earn' || !t.points.startsWith('-')));
 * ```
 */
export function loyaltyTransactionArbitrary(options: ArbitraryOptions = {}): fc.Arbitrary<LoyaltyTransaction> {
  return build(
    fc
      .record({
        customerId: text(options, 200),
        kind: fc.constantFrom(...LOYALTY_TRANSACTION_KINDS),
        units: fc.bigInt({ min: 1n, max: 10n ** 15n }),
        scale: fc.integer({ min: 0, max: 3 }),
        negativeAdjust: fc.boolean(),
        at: instant(),
        expiresAfterMs: optional(fc.integer({ min: 1, max: 400 * 86_400_000 })),
        spend: optional(money()),
        orderId: optional(text(options, 200)),
        rewardId: optional(text(options, 200)),
        note: optional(text(options, 1000)),
      })
      .map(({ units, scale, negativeAdjust, expiresAfterMs, spend, ...t }) => {
        const negative = t.kind === 'redeem' || t.kind === 'expire' || (t.kind === 'adjust' && negativeAdjust);
        const digits = units.toString().padStart(scale + 1, '0');
        const abs = scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
        return {
          ...t,
          points: negative ? `-${abs}` : abs,
          expiresAt: negative || expiresAfterMs === null ? null : new Date(t.at.getTime() + expiresAfterMs),
          spend: t.kind === 'earn' ? spend : null,
        };
      }),
    createLoyaltyTransaction,
  );
}

/**
 * Valid referrals: converted and rewarded ones carry `convertedAt` (not before `referredAt`), rewarded
 * ones a `rewardId`.
 *
 * @example
 * ```ts
 * fc.assert(fc.property(referralArbitrary(), (r) => r.status !== 'rewarded' || r.rewardId !== null));
 * ```
 */
export function referralArbitrary(options: ArbitraryOptions = {}): fc.Arbitrary<Referral> {
  return build(
    fc
      .record({
        referrerContactId: id(),
        referredLeadId: id(),
        status: fc.constantFrom(...REFERRAL_STATUSES),
        reward: text(options, 200),
        withReward: fc.boolean(),
        code: optional(text(options, 100)),
        referredAt: instant(),
        afterMs: fc.nat({ max: 90 * 86_400_000 }),
      })
      .map(({ reward, withReward, afterMs, ...r }) => {
        const converted = r.status === 'converted' || r.status === 'rewarded';
        return {
          ...r,
          rewardId: r.status === 'rewarded' || withReward ? reward : null,
          convertedAt: converted ? new Date(r.referredAt.getTime() + afterMs) : null,
        };
      }),
    createReferral,
  );
}

/**
 * The arbitrary of every repository's entity, keyed like the {@link Repositories}.
 *
 * @example
 * ```ts
 * const arb = entityArbitraries().deals; // fc.Arbitrary<Deal>
 * ```
 */
export function entityArbitraries(options: ArbitraryOptions = {}): {
  readonly [K in Exclude<keyof Repositories, 'events'>]: fc.Arbitrary<
    Repositories[K] extends Repository<infer E> ? E : never
  >;
} {
  return {
    accounts: accountArbitrary(options),
    contacts: contactArbitrary(options),
    leads: leadArbitrary(options),
    deals: dealArbitrary(options),
    activities: activityArbitrary(options),
    tickets: ticketArbitrary(options),
    campaigns: campaignArbitrary(options),
    surveyResponses: surveyResponseArbitrary(options),
    subscriptions: subscriptionArbitrary(options),
    users: userArbitrary(options),
    teams: teamArbitrary(options),
    campaignMembers: campaignMemberArbitrary(options),
    loyaltyTransactions: loyaltyTransactionArbitrary(options),
    referrals: referralArbitrary(options),
  };
}
