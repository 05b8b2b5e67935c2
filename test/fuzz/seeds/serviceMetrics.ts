/**
 * Valid calls of the service metrics of src/service (issue 15 §5), for the fuzzer
 * (test/fuzz/fuzz.test.ts).
 *
 * Every seed fills each option key, passes 2–3 realistic records with status histories and replies in
 * each of the forms the functions take (a flat list, a Map, an object, a function), and builds its
 * values fresh with the library's own constructors.
 */
import { unwrap } from '../../../src/core/result.js';
import { monthPeriod } from '../../../src/time/period.js';
import { defineBusinessCalendar } from '../../../src/service/businessCalendar.js';
import { backlog } from '../../../src/service/backlog.js';
import { backlogAccumulatorFromJSON, createBacklogAccumulator } from '../../../src/service/backlogAccumulator.js';
import { byTicketType } from '../../../src/service/byTicketType.js';
import { firstResponseTime } from '../../../src/service/firstResponseTime.js';
import {
  createFirstResponseTimeAccumulator,
  firstResponseTimeAccumulatorFromJSON,
} from '../../../src/service/firstResponseTimeAccumulator.js';
import { leadResponseTime } from '../../../src/service/leadResponseTime.js';
import {
  createLeadResponseTimeAccumulator,
  leadResponseTimeAccumulatorFromJSON,
} from '../../../src/service/leadResponseTimeAccumulator.js';
import { nextResponseTime } from '../../../src/service/nextResponseTime.js';
import {
  createNextResponseTimeAccumulator,
  nextResponseTimeAccumulatorFromJSON,
} from '../../../src/service/nextResponseTimeAccumulator.js';
import { resolutionTime } from '../../../src/service/resolutionTime.js';
import {
  createResolutionTimeAccumulator,
  resolutionTimeAccumulatorFromJSON,
} from '../../../src/service/resolutionTimeAccumulator.js';
import { BusinessTable } from '../../../src/service/_businessTable.js';
import { seeds, type FuzzSpec, type Seed, type SeedTable } from '../_spec.js';

const at = (s: string) => new Date(`2026-03-${s}Z`);
const hours = [{ from: '09:00', to: '17:00' }];
const calendar = () =>
  unwrap(
    defineBusinessCalendar({
      timeZone: 'Europe/Berlin',
      week: { mon: hours, tue: hours, wed: hours, thu: hours, fri: hours },
      holidays: ['2026-03-06'],
    }),
  );

const tickets = () => [
  {
    id: 't1',
    createdAt: at('02T09:00:00'),
    status: 'resolved' as const,
    priority: 'high' as const,
    type: 'complaint' as const,
    firstResponseAt: null,
    resolvedAt: at('03T12:00:00'),
    closedAt: null,
    statusHistory: [
      { from: null, to: 'new' as const, at: at('02T09:00:00'), by: null, reason: null },
      { from: 'new' as const, to: 'open' as const, at: at('02T09:30:00'), by: 'u1', reason: null },
      { from: 'open' as const, to: 'resolved' as const, at: at('03T12:00:00'), by: 'u1', reason: null },
    ],
  },
  {
    id: 't2',
    createdAt: at('04T10:00:00'),
    status: 'pending' as const,
    priority: 'normal' as const,
    type: 'question' as const,
    firstResponseAt: at('04T10:20:00'),
    resolvedAt: null,
    closedAt: null,
    statusHistory: [
      { from: null, to: 'new' as const, at: at('04T10:00:00'), by: null, reason: null },
      { from: 'new' as const, to: 'pending' as const, at: at('04T10:20:00'), by: 'u2', reason: 'waiting' },
    ],
  },
];
const reply = (ticketId: string, when: string, direction: 'inbound' | 'outbound') => ({
  kind: 'email',
  direction,
  occurredAt: at(when),
  ticketId,
});
const replies = () => [
  reply('t1', '02T09:40:00', 'outbound'),
  reply('t1', '02T11:00:00', 'inbound'),
  reply('t1', '02T13:00:00', 'outbound'),
  reply('t2', '04T10:20:00', 'outbound'),
];
const repliesMap = () => new Map([['t1', replies().slice(0, 3)]]);
const timeOptions = () => ({ period: monthPeriod('2026-03-01'), asOf: at('20T00:00:00'), calendar: calendar() });
const items = () => tickets().map((ticket) => ({ ticket, replies: replies().filter((r) => r.ticketId === ticket.id) }));
const backlogOptions = () => ({ asOf: at('03T00:00:00'), buckets: [4, 24, 72], bucketUnit: 'hours' as const });

const leads = () => [
  { id: 'l1', createdAt: at('02T09:00:00') },
  { id: 'l2', createdAt: at('02T10:00:00') },
];
const activities = () => [
  { kind: 'call', direction: 'outbound' as const, occurredAt: at('02T09:05:00'), leadId: 'l1' },
  { kind: 'note', direction: 'internal' as const, occurredAt: at('02T10:01:00'), leadId: 'l2' },
];
const leadItems = () => leads().map((lead) => ({ lead, activities: activities().filter((a) => a.leadId === lead.id) }));

/**
 * A business calendar keeps a private table of its business intervals that grows as queries need (a
 * cache behind a non-enumerable symbol; the calendar's own fields never change): not data.
 */
const opaqueCalendar: FuzzSpec['opaque'] = {
  is: (o) => o instanceof BusinessTable,
  reason: "a business calendar's private table of business intervals grows as queries need (a cache, not data)",
};
const withCalendar = (...list: Seed[]): FuzzSpec => ({ seeds: list, opaque: opaqueCalendar });

export const SERVICE_METRICS_SEEDS: SeedTable = {
  firstResponseTime: withCalendar(
    () => [tickets(), { replies: replies(), ...timeOptions() }],
    () => [tickets(), { replies: repliesMap(), period: null, asOf: null, calendar: null }],
    () => [tickets(), { replies: { t1: replies().slice(0, 3) } }],
    () => [tickets(), { replies: (id: string) => replies().filter((r) => r.ticketId === id) }],
  ),
  nextResponseTime: withCalendar(
    () => [tickets(), { replies: replies(), ...timeOptions() }],
    () => [tickets(), { replies: repliesMap() }],
  ),
  resolutionTime: withCalendar(() => [tickets(), timeOptions()]),
  backlog: seeds(() => [tickets(), backlogOptions()]),
  leadResponseTime: withCalendar(
    () => [leads(), activities(), timeOptions()],
    () => [leads(), new Map([['l1', activities().slice(0, 1)]]), { asOf: at('03T00:00:00') }],
  ),
  byTicketType: seeds(() => [tickets()]),
  createFirstResponseTimeAccumulator: withCalendar(() => [timeOptions()]),
  firstResponseTimeAccumulatorFromJSON: seeds(() => [
    createFirstResponseTimeAccumulator(timeOptions()).addAll(items()).toJSON(),
  ]),
  createNextResponseTimeAccumulator: withCalendar(() => [timeOptions()]),
  nextResponseTimeAccumulatorFromJSON: seeds(() => [
    JSON.stringify(createNextResponseTimeAccumulator(timeOptions()).addAll(items())),
  ]),
  createResolutionTimeAccumulator: withCalendar(() => [timeOptions()]),
  resolutionTimeAccumulatorFromJSON: seeds(() => [
    createResolutionTimeAccumulator(timeOptions()).addAll(tickets()).toJSON(),
  ]),
  createBacklogAccumulator: seeds(() => [backlogOptions()]),
  backlogAccumulatorFromJSON: seeds(() => [createBacklogAccumulator(backlogOptions()).addAll(tickets()).toJSON()]),
  createLeadResponseTimeAccumulator: withCalendar(() => [timeOptions()]),
  leadResponseTimeAccumulatorFromJSON: seeds(() => [
    createLeadResponseTimeAccumulator(timeOptions()).addAll(leadItems()).toJSON(),
  ]),
};

/** The functions of the table, by name (for test/service/metricsFuzz.test.ts). */
export const SERVICE_METRICS_FUNCTIONS: Readonly<Record<string, (...args: never[]) => unknown>> = {
  firstResponseTime,
  nextResponseTime,
  resolutionTime,
  backlog,
  leadResponseTime,
  byTicketType,
  createFirstResponseTimeAccumulator,
  firstResponseTimeAccumulatorFromJSON,
  createNextResponseTimeAccumulator,
  nextResponseTimeAccumulatorFromJSON,
  createResolutionTimeAccumulator,
  resolutionTimeAccumulatorFromJSON,
  createBacklogAccumulator,
  backlogAccumulatorFromJSON,
  createLeadResponseTimeAccumulator,
  leadResponseTimeAccumulatorFromJSON,
};
