/**
 * Core values: the one error type, `Result`, branded ids, and the clock and id-generator ports.
 *
 * @module crmkit/core
 */
export {
  CrmError,
  CRM_ERROR_CODES,
  CRM_ISSUE_CODES,
  isCrmError,
  isCrmIssueCode,
  prefixIssues,
  formatPath,
} from './errors.js';
export type { CrmErrorCode, CrmIssue, CrmIssueCode, CrmErrorOptions, PathSegment } from './errors.js';
export { ok, err, fail, unwrap, mapResult } from './result.js';
export type { Result, Ok, Err } from './result.js';
export { ENTITY_KINDS, randomIdGenerator, sequentialIdGenerator } from './ids.js';
export type {
  Id,
  EntityKind,
  IdGenerator,
  AccountId,
  ContactId,
  LeadId,
  DealId,
  ActivityId,
  TicketId,
  CampaignId,
  CampaignMemberId,
  SurveyResponseId,
  SubscriptionId,
  UserId,
  TeamId,
  LoyaltyTransactionId,
  ReferralId,
} from './ids.js';
export { systemClock, fixedClock, resolveContext } from './clock.js';
export type { Clock, CrmContext, ResolvedContext } from './clock.js';
export { fromZodError, safeParseResult } from './zod.js';
export type { DomainEvent } from './events.js';
export { crmIssue, checkOptionKeys, invalidInput, IssueList, MAX_ISSUES } from './issues.js';
