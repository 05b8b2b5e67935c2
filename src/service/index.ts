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
