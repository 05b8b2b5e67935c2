/**
 * The CRM entities: zod schemas as the single source of their types, with `create*`, `parse*` and
 * `update*` for each (Account, Contact, Lead, Deal, Activity, Ticket, Campaign, CampaignMember, SurveyResponse,
 * Subscription, User, Team, LoyaltyTransaction, Referral), custom fields, and lead conversion.
 *
 * @module crmkit/entities
 */
export { accountSchema, accountInputSchema, createAccount, parseAccount, updateAccount } from './account.js';
export type { Account, AccountInput } from './account.js';
export { contactSchema, contactInputSchema, createContact, parseContact, updateContact } from './contact.js';
export type { Contact, ContactInput } from './contact.js';
export { leadSchema, leadInputSchema, createLead, parseLead, updateLead, LEAD_FIELDS } from './lead.js';
export type { Lead, LeadInput } from './lead.js';
export { dealSchema, dealInputSchema, createDeal, parseDeal, updateDeal } from './deal.js';
export type { Deal, DealInput } from './deal.js';
export { activitySchema, activityInputSchema, createActivity, parseActivity, updateActivity } from './activity.js';
export type { Activity, ActivityInput } from './activity.js';
export { ticketSchema, ticketInputSchema, createTicket, parseTicket, updateTicket } from './ticket.js';
export type { Ticket, TicketInput } from './ticket.js';
export { campaignSchema, campaignInputSchema, createCampaign, parseCampaign, updateCampaign } from './campaign.js';
export type { Campaign, CampaignInput } from './campaign.js';
export {
  campaignMemberSchema,
  campaignMemberInputSchema,
  createCampaignMember,
  parseCampaignMember,
  updateCampaignMember,
} from './campaignMember.js';
export type { CampaignMember, CampaignMemberInput } from './campaignMember.js';
export {
  surveyResponseSchema,
  surveyResponseInputSchema,
  createSurveyResponse,
  parseSurveyResponse,
  updateSurveyResponse,
  DEFAULT_SURVEY_SCALES,
} from './surveyResponse.js';
export type { SurveyResponse, SurveyResponseInput } from './surveyResponse.js';
export {
  subscriptionSchema,
  subscriptionInputSchema,
  createSubscription,
  parseSubscription,
  updateSubscription,
} from './subscription.js';
export type { Subscription, SubscriptionInput } from './subscription.js';
export { userSchema, userInputSchema, createUser, parseUser, updateUser } from './user.js';
export type { User, UserInput } from './user.js';
export { teamSchema, teamInputSchema, createTeam, parseTeam, updateTeam } from './team.js';
export type { Team, TeamInput } from './team.js';
export {
  loyaltyTransactionSchema,
  loyaltyTransactionInputSchema,
  createLoyaltyTransaction,
  parseLoyaltyTransaction,
} from './loyaltyTransaction.js';
export type { LoyaltyTransaction, LoyaltyTransactionInput } from './loyaltyTransaction.js';
export { referralSchema, referralInputSchema, createReferral, parseReferral, updateReferral } from './referral.js';
export type { Referral, ReferralInput } from './referral.js';
export { convertLead } from './convertLead.js';
export type {
  ConvertLeadOptions,
  ConvertLeadDuplicateCheck,
  LeadConversion,
  LeadFieldMap,
  LeadTextField,
} from './convertLead.js';
export {
  defineCustomFields,
  validateCustomFields,
  customFieldKeyProblem,
  MAX_CUSTOM_FIELD_DEPTH,
} from './customFields.js';
export type { CustomFieldDefinition, CustomFieldSet, CustomFieldRegistry } from './customFields.js';
export type { EntityContext } from './define.js';
export { normalizePhone, hostOf } from './fields.js';
export {
  LEAD_STATUSES,
  LEAD_QUALIFICATIONS,
  ACTIVITY_KINDS,
  CHANNELS,
  ACTIVITY_DIRECTIONS,
  LIFECYCLE_STAGES,
  PROBABILITY_SOURCES,
  TICKET_PRIORITIES,
  TICKET_STATUSES,
  TICKET_TYPES,
  SURVEY_KINDS,
  SUBSCRIPTION_STATUSES,
  CAMPAIGN_STATUSES,
  CAMPAIGN_MEMBER_STATUSES,
  LEAD_LIFECYCLE_STATES,
  USER_ROLES,
  COMPANY_SIZES,
  CUSTOM_FIELD_TYPES,
  LOYALTY_TRANSACTION_KINDS,
  REFERRAL_STATUSES,
} from './enums.js';
export type {
  LeadStatus,
  LeadQualification,
  ActivityKind,
  Channel,
  ActivityDirection,
  LifecycleStage,
  ProbabilitySource,
  TicketPriority,
  TicketStatus,
  TicketType,
  SurveyKind,
  SubscriptionStatus,
  CampaignStatus,
  CampaignMemberStatus,
  UserRole,
  CompanySize,
  CustomFieldType,
  LoyaltyTransactionKind,
  ReferralStatus,
} from './enums.js';
