/**
 * crmkit — the domain of customer relationship management as a library. The main entry re-exports
 * the core values, money and time; each domain module has its own entry (`crmkit/entities`,
 * `crmkit/pipeline`, `crmkit/scoring`, `crmkit/metrics`, `crmkit/clv`, `crmkit/repository`, …).
 *
 * @module crmkit
 */
export {
  CrmError,
  CRM_ERROR_CODES,
  isCrmError,
  formatPath,
  ok,
  err,
  fail,
  unwrap,
  mapResult,
  randomIdGenerator,
  sequentialIdGenerator,
  systemClock,
  fixedClock,
  resolveContext,
  fromZodError,
} from './core/index.js';
export type {
  CrmErrorCode,
  CrmIssue,
  PathSegment,
  Result,
  Ok,
  Err,
  Id,
  EntityKind,
  IdGenerator,
  Clock,
  CrmContext,
  DomainEvent,
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
} from './core/index.js';
export {
  money,
  parseMoney,
  zeroMoney,
  moneyToJSON,
  moneyFromJSON,
  addMoney,
  subtractMoney,
  multiplyMoney,
  roundMoney,
  sumMoney,
  compareMoney,
  isZeroMoney,
  allocateMoney,
  convertMoney,
  currencyMinorUnits,
} from './money/index.js';
export type { Money, ExchangeRate, CurrencyCode, RoundingMode } from './money/index.js';
export {
  period,
  periodContains,
  periodsBetween,
  monthPeriod,
  quarterPeriod,
  yearPeriod,
  weekPeriod,
} from './time/index.js';
export type { Period, PeriodUnit } from './time/index.js';
