/**
 * Customer service: tickets with status history and replies, business calendars in real time
 * zones, SLA policies (first response, next response, resolution) with pauses and early warning,
 * and the service metrics. docs/service.md is the guide.
 *
 * @module crmkit/service
 */
// Tickets: transitions and replies (transitionTicket.ts, recordTicketReply.ts)
export { transitionTicket } from './transitionTicket.js';
export type { TransitionTicketOptions, TicketEvent, TicketTransition } from './transitionTicket.js';
export { recordTicketReply } from './recordTicketReply.js';
export type { TicketReply, TicketReplyEvent, RecordedTicketReply } from './recordTicketReply.js';

// Business calendars (businessCalendar.ts, businessTime.ts)
export {
  defineBusinessCalendar,
  isBusinessCalendar,
  BUSINESS_WEEKDAYS,
  businessCalendarSpecSchema,
  businessIntervalSchema,
  businessHolidaySchema,
} from './businessCalendar.js';
export type {
  BusinessCalendar,
  BusinessCalendarSpec,
  BusinessInterval,
  BusinessHoliday,
  BusinessWeekday,
} from './businessCalendar.js';
export { addBusinessTime, businessMinutesBetween, businessOffset, instantAtBusinessOffset } from './businessTime.js';

// SLA policies, status, early warning and attainment (slaPolicy.ts, slaStatus.ts, slaAtRisk.ts, slaAttainment.ts)
export { defineSlaPolicy, isSlaPolicy, selectSlaPolicy, SLA_TARGETS } from './slaPolicy.js';
export type { SlaPolicy, SlaPolicySpec, SlaTargets, SlaTargetName, SelectSlaPolicyOptions } from './slaPolicy.js';
export { slaStatus } from './slaStatus.js';
export type { SlaStatus, SlaTargetStatus, SlaState, SlaStatusOptions } from './slaStatus.js';
export { slaAtRisk } from './slaAtRisk.js';
export type { SlaAtRiskOptions, SlaRisk, TicketReplies } from './slaAtRisk.js';
export { slaAttainment, createSlaAttainmentAccumulator, slaAttainmentAccumulatorFromJSON } from './slaAttainment.js';
export type {
  SlaAttainmentRow,
  SlaAttainmentOptions,
  SlaAttainmentAccumulator,
  SlaAttainmentAccumulatorState,
} from './slaAttainment.js';

// Service metrics, each with a mergeable accumulator (firstResponseTime.ts, nextResponseTime.ts,
// resolutionTime.ts, backlog.ts, leadResponseTime.ts and their …Accumulator.ts; byTicketType.ts)
export type { DurationSummary, DurationUnit } from './durationSummary.js';
export type { CalendarState } from './_timeOptions.js';
export type { ReplyActivity, ResponseTimeReplies, ResponseTimeTicket, TicketWithReplies } from './ticketReplies.js';
export { firstResponseTime } from './firstResponseTime.js';
export type { FirstResponseTimeOptions } from './firstResponseTime.js';
export { nextResponseTime } from './nextResponseTime.js';
export type { NextResponseTimeOptions } from './nextResponseTime.js';
export {
  createFirstResponseTimeAccumulator,
  firstResponseTimeAccumulatorFromJSON,
} from './firstResponseTimeAccumulator.js';
export type {
  ResponseTimeAccumulator,
  ResponseTimeAccumulatorState,
  ResponseTimeAccumulatorOptions,
} from './firstResponseTimeAccumulator.js';
export {
  createNextResponseTimeAccumulator,
  nextResponseTimeAccumulatorFromJSON,
} from './nextResponseTimeAccumulator.js';
export { resolutionTime } from './resolutionTime.js';
export type { ResolutionTimeOptions, ResolutionTimeTicket, TicketStatusChange } from './resolutionTime.js';
export { createResolutionTimeAccumulator, resolutionTimeAccumulatorFromJSON } from './resolutionTimeAccumulator.js';
export type {
  ResolutionTimeAccumulator,
  ResolutionTimeAccumulatorState,
  ResolutionTimeAccumulatorOptions,
} from './resolutionTimeAccumulator.js';
export { backlog } from './backlog.js';
export type {
  BacklogOptions,
  BacklogResult,
  BacklogBucket,
  BacklogTicket,
  BacklogAgeUnit,
  OpenTicketStatus,
} from './backlog.js';
export { createBacklogAccumulator, backlogAccumulatorFromJSON } from './backlogAccumulator.js';
export type { BacklogAccumulator, BacklogAccumulatorState, BacklogAccumulatorOptions } from './backlogAccumulator.js';
export { leadResponseTime } from './leadResponseTime.js';
export type {
  LeadResponseTimeOptions,
  LeadResponseTimeResult,
  RespondableLead,
  LeadActivity,
  LeadActivities,
} from './leadResponseTime.js';
export {
  createLeadResponseTimeAccumulator,
  leadResponseTimeAccumulatorFromJSON,
} from './leadResponseTimeAccumulator.js';
export type {
  LeadWithActivities,
  LeadResponseTimeAccumulator,
  LeadResponseTimeAccumulatorState,
  LeadResponseTimeAccumulatorOptions,
} from './leadResponseTimeAccumulator.js';
export { byTicketType } from './byTicketType.js';
export type { TypedTicket, TicketLinkedResponse } from './byTicketType.js';
