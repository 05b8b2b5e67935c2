/**
 * The entity parser of each repository, shared by every adapter so all validate alike.
 *
 * @module
 */
import type { Result } from '../core/result.js';
import {
  parseAccount,
  parseActivity,
  parseCampaign,
  parseCampaignMember,
  parseContact,
  parseDeal,
  parseLead,
  parseLoyaltyTransaction,
  parseReferral,
  parseSubscription,
  parseSurveyResponse,
  parseTeam,
  parseTicket,
  parseUser,
  type EntityContext,
} from '../entities/index.js';
import type { REPOSITORY_KINDS } from './ports.js';

/**
 * Parses (validates and normalises) one record of a repository's entity kind.
 *
 * @example
 * ```ts
 * const parse: EntityParser = ENTITY_PARSERS.deals;
 * ```
 */
export type EntityParser = (
  input: unknown,
  ctx?: EntityContext,
) => Result<{ readonly id: string; readonly version: number }>;

/**
 * The `parse*` function of each repository of a Store (`deals` → `parseDeal`, …). Adapters run
 * every written record through it, and may run every read record through it too.
 *
 * @example
 * ```ts
 * ENTITY_PARSERS.leads({ lastName: 'Lovelace' }).ok; //=> false (a stored lead has an id, a version, …)
 * const lead = unwrap(createLead({ lastName: 'Lovelace', email: 'ada@example.com' }));
 * ENTITY_PARSERS.leads(JSON.parse(JSON.stringify(lead))).ok; //=> true
 * ```
 */
export const ENTITY_PARSERS: Readonly<Record<keyof typeof REPOSITORY_KINDS, EntityParser>> =
  /* @__PURE__ */ Object.freeze({
    accounts: parseAccount,
    contacts: parseContact,
    leads: parseLead,
    deals: parseDeal,
    activities: parseActivity,
    tickets: parseTicket,
    campaigns: parseCampaign,
    surveyResponses: parseSurveyResponse,
    subscriptions: parseSubscription,
    users: parseUser,
    teams: parseTeam,
    campaignMembers: parseCampaignMember,
    loyaltyTransactions: parseLoyaltyTransaction,
    referrals: parseReferral,
  });
