/**
 * The closed vocabularies of the CRM entities. Each is a frozen, readonly tuple (iterate it, validate
 * with it; it cannot be changed at run time) and a union type of its members.
 *
 * @module
 */

/**
 * Statuses of a Lead, in lifecycle order.
 *
 * @example
 * ```ts
 * LEAD_STATUSES.includes('new'); //=> true
 * ```
 */
export const LEAD_STATUSES = /* @__PURE__ */ Object.freeze([
  'new',
  'contacted',
  'nurturing',
  'qualified',
  'unqualified',
  'converted',
] as const);
/**
 * @example `const s: LeadStatus = 'qualified';` */
export type LeadStatus = (typeof LEAD_STATUSES)[number];

/** Qualification levels a lead can carry: marketing- and sales-qualified.
 *
 * @example
 * ```ts
 * LEAD_QUALIFICATIONS.includes('none'); //=> true
 * ```
 */
export const LEAD_QUALIFICATIONS = /* @__PURE__ */ Object.freeze(['none', 'mql', 'sql'] as const);
/**
 * @example `const q: LeadQualification = 'mql';` */
export type LeadQualification = (typeof LEAD_QUALIFICATIONS)[number];

/** States of the lead lifecycle, which a Lead's `statusHistory` records: the Lead's `status`, with
 * `qualified` split into its two steps, `mql` (marketing-qualified) and `sql` (sales-qualified), read
 * from `qualification` (a `qualified` lead whose qualification is `none` is read as `mql`).
 *
 * @example
 * ```ts
 * LEAD_LIFECYCLE_STATES.includes('mql'); //=> true
 * ```
 */
export const LEAD_LIFECYCLE_STATES = /* @__PURE__ */ Object.freeze([
  'new',
  'contacted',
  'nurturing',
  'mql',
  'sql',
  'converted',
  'unqualified',
] as const);

/** Kinds of Activity. `web` is a tracked visit (page view, form submission) on the web site.
 *
 * @example
 * ```ts
 * ACTIVITY_KINDS.includes('call'); //=> true
 * ```
 */
export const ACTIVITY_KINDS = /* @__PURE__ */ Object.freeze([
  'call',
  'email',
  'meeting',
  'note',
  'task',
  'message',
  'web',
] as const);
/**
 * @example `const k: ActivityKind = 'meeting';` */
export type ActivityKind = (typeof ACTIVITY_KINDS)[number];

/** Channels an Activity, a Ticket, a Campaign or a consent can be on. Besides the conversational
 * channels, the marketing channels of the seed documents: `print` (press, direct mail), `outdoor`
 * (billboards, posters), `paid_ads` (paid search, display and social ads), `referral` (word of mouth,
 * referral programmes), `event` (trade shows, webinars, meet-ups) and `partner` (resellers, affiliates).
 *
 * @example
 * ```ts
 * CHANNELS.includes('email'); //=> true
 * ```
 */
export const CHANNELS = /* @__PURE__ */ Object.freeze([
  'email',
  'phone',
  'sms',
  'whatsapp',
  'social',
  'chat',
  'web',
  'in_person',
  'print',
  'outdoor',
  'paid_ads',
  'referral',
  'event',
  'partner',
] as const);
/**
 * @example `const c: Channel = 'whatsapp';` */
export type Channel = (typeof CHANNELS)[number];

/** Direction of an Activity relative to us.
 *
 * @example
 * ```ts
 * ACTIVITY_DIRECTIONS.includes('inbound'); //=> true
 * ```
 */
export const ACTIVITY_DIRECTIONS = /* @__PURE__ */ Object.freeze(['inbound', 'outbound', 'internal'] as const);
/**
 * @example `const d: ActivityDirection = 'inbound';` */
export type ActivityDirection = (typeof ACTIVITY_DIRECTIONS)[number];

/** Lifecycle stages of a Contact (the customer lifecycle).
 *
 * @example
 * ```ts
 * LIFECYCLE_STAGES.includes('awareness'); //=> true
 * ```
 */
export const LIFECYCLE_STAGES = /* @__PURE__ */ Object.freeze([
  'awareness',
  'consideration',
  'decision',
  'growth',
  'advocacy',
  'churned',
] as const);
/**
 * @example `const s: LifecycleStage = 'growth';` */
export type LifecycleStage = (typeof LIFECYCLE_STAGES)[number];

/** Where a Deal's probability came from. `stage` follows the pipeline; `manual` and `model` are kept on stage changes.
 *
 * @example
 * ```ts
 * PROBABILITY_SOURCES.includes('stage'); //=> true
 * ```
 */
export const PROBABILITY_SOURCES = /* @__PURE__ */ Object.freeze(['stage', 'manual', 'model'] as const);
/**
 * @example `const s: ProbabilitySource = 'manual';` */
export type ProbabilitySource = (typeof PROBABILITY_SOURCES)[number];

/** Ticket priorities, lowest first.
 *
 * @example
 * ```ts
 * TICKET_PRIORITIES.includes('low'); //=> true
 * ```
 */
export const TICKET_PRIORITIES = /* @__PURE__ */ Object.freeze(['low', 'normal', 'high', 'urgent'] as const);
/**
 * @example `const p: TicketPriority = 'urgent';` */
export type TicketPriority = (typeof TICKET_PRIORITIES)[number];

/** Ticket statuses (the ticket lifecycle: new → open → pending → resolved → closed, reopen).
 *
 * @example
 * ```ts
 * TICKET_STATUSES.includes('new'); //=> true
 * ```
 */
export const TICKET_STATUSES = /* @__PURE__ */ Object.freeze(['new', 'open', 'pending', 'resolved', 'closed'] as const);
/**
 * @example `const s: TicketStatus = 'pending';` */
export type TicketStatus = (typeof TICKET_STATUSES)[number];

/** Ticket types: what the requester wants (Zendesk's ticket types; `complaint` for the complaint
 * handling the seed documents ask for).
 *
 * @example
 * ```ts
 * TICKET_TYPES.includes('incident'); //=> true
 * ```
 */
export const TICKET_TYPES = /* @__PURE__ */ Object.freeze(['question', 'complaint', 'incident', 'request'] as const);
/**
 * @example `const t: TicketType = 'complaint';` */
export type TicketType = (typeof TICKET_TYPES)[number];

/** Kinds of survey a SurveyResponse answers.
 *
 * @example
 * ```ts
 * SURVEY_KINDS.includes('nps'); //=> true
 * ```
 */
export const SURVEY_KINDS = /* @__PURE__ */ Object.freeze(['nps', 'csat', 'ces'] as const);
/**
 * @example `const k: SurveyKind = 'nps';` */
export type SurveyKind = (typeof SURVEY_KINDS)[number];

/** Subscription statuses.
 *
 * @example
 * ```ts
 * SUBSCRIPTION_STATUSES.includes('trialing'); //=> true
 * ```
 */
export const SUBSCRIPTION_STATUSES = /* @__PURE__ */ Object.freeze([
  'trialing',
  'active',
  'past_due',
  'canceled',
  'expired',
] as const);
/**
 * @example `const s: SubscriptionStatus = 'active';` */
export type SubscriptionStatus = (typeof SUBSCRIPTION_STATUSES)[number];

/** Campaign statuses.
 *
 * @example
 * ```ts
 * CAMPAIGN_STATUSES.includes('draft'); //=> true
 * ```
 */
export const CAMPAIGN_STATUSES = /* @__PURE__ */ Object.freeze([
  'draft',
  'scheduled',
  'active',
  'completed',
  'canceled',
] as const);
/**
 * @example `const s: CampaignStatus = 'active';` */
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];

/** Statuses of a CampaignMember, in the order a member usually goes through them (targeted → sent →
 * delivered → opened → clicked → responded → converted); `opted_out`, `soft_bounce` and
 * `hard_bounce` end a member's path early.
 *
 * @example
 * ```ts
 * CAMPAIGN_MEMBER_STATUSES.includes('opened'); //=> true
 * ```
 */
export const CAMPAIGN_MEMBER_STATUSES = /* @__PURE__ */ Object.freeze([
  'targeted',
  'sent',
  'delivered',
  'opened',
  'clicked',
  'responded',
  'converted',
  'opted_out',
  'soft_bounce',
  'hard_bounce',
] as const);
/**
 * @example `const s: CampaignMemberStatus = 'clicked';` */
export type CampaignMemberStatus = (typeof CAMPAIGN_MEMBER_STATUSES)[number];

/** Roles of a User.
 *
 * @example
 * ```ts
 * USER_ROLES.includes('admin'); //=> true
 * ```
 */
export const USER_ROLES = /* @__PURE__ */ Object.freeze([
  'admin',
  'manager',
  'sales',
  'support',
  'marketing',
  'viewer',
] as const);
/**
 * @example `const r: UserRole = 'sales';` */
export type UserRole = (typeof USER_ROLES)[number];

/** Company size bands of an Account (employees).
 *
 * @example
 * ```ts
 * COMPANY_SIZES.includes('1-10'); //=> true
 * ```
 */
export const COMPANY_SIZES = /* @__PURE__ */ Object.freeze([
  '1-10',
  '11-50',
  '51-200',
  '201-500',
  '501-1000',
  '1001-5000',
  '5001+',
] as const);
/**
 * @example `const s: CompanySize = '51-200';` */
export type CompanySize = (typeof COMPANY_SIZES)[number];

/** Types a custom field can have.
 *
 * @example
 * ```ts
 * CUSTOM_FIELD_TYPES.includes('string'); //=> true
 * ```
 */
export const CUSTOM_FIELD_TYPES = /* @__PURE__ */ Object.freeze([
  'string',
  'number',
  'boolean',
  'date',
  'money',
  'enum',
  'multi_enum',
] as const);
/**
 * One of the values above.
 *
 * @example
 * ```ts
 * const t: CustomFieldType = 'enum';
 * ```
 */
export type CustomFieldType = (typeof CUSTOM_FIELD_TYPES)[number];

/** Kinds of a loyalty ledger entry: points earned, redeemed for a reward, expired, or adjusted by hand.
 *
 * @example
 * ```ts
 * LOYALTY_TRANSACTION_KINDS.includes('redeem'); //=> true
 * ```
 */
export const LOYALTY_TRANSACTION_KINDS = /* @__PURE__ */ Object.freeze(['earn', 'redeem', 'expire', 'adjust'] as const);
/**
 * One of {@link LOYALTY_TRANSACTION_KINDS}.
 *
 * @example
 * ```ts
 * const k: LoyaltyTransactionKind = 'earn';
 * ```
 */
export type LoyaltyTransactionKind = (typeof LOYALTY_TRANSACTION_KINDS)[number];

/** Statuses of a referral: made, the referred lead qualified, it became a customer, the referrer was rewarded, or refused.
 *
 * @example
 * ```ts
 * REFERRAL_STATUSES.includes('converted'); //=> true
 * ```
 */
export const REFERRAL_STATUSES = /* @__PURE__ */ Object.freeze([
  'pending',
  'qualified',
  'converted',
  'rewarded',
  'rejected',
] as const);
/**
 * One of {@link REFERRAL_STATUSES}.
 *
 * @example
 * ```ts
 * const s: ReferralStatus = 'converted';
 * ```
 */
export type ReferralStatus = (typeof REFERRAL_STATUSES)[number];
