/**
 * Valid calls of crmkit/service (tickets, business calendars, SLA policies and status, the service
 * metrics), for the fuzzer (test/fuzz/fuzz.test.ts).
 *
 * Every seed fills each option key (so the fuzzer puts hostile values in each), passes realistic
 * records built fresh with the library's own constructors.
 */
import { unwrap } from '../../../src/core/result.js';
import { fixedClock } from '../../../src/core/clock.js';
import { sequentialIdGenerator } from '../../../src/core/ids.js';
import { createActivity, createTicket, type Ticket } from '../../../src/entities/index.js';
import { ticketLifecycle } from '../../../src/pipeline/index.js';
import {
  createSlaAttainmentAccumulator,
  defineBusinessCalendar,
  defineSlaPolicy,
  slaStatus,
  transitionTicket,
  type BusinessCalendar,
} from '../../../src/service/index.js';
import { BusinessTable } from '../../../src/service/_businessTable.js';
import { seeds, type FuzzSpec, type SeedTable } from '../_spec.js';

/** A calendar's private table grows as queries need it: a cache behind the frozen calendar, not data. */
const table: FuzzSpec['opaque'] = {
  is: (v) => v instanceof BusinessTable,
  reason: "a business calendar's private interval table, grown lazily as queries need (a cache, not data)",
};
const withCalendar = (spec: FuzzSpec): FuzzSpec => ({ ...spec, opaque: table });

const day = () => [
  { from: '08:00', to: '12:00' },
  { from: '13:00', to: '17:00' },
];
const calendarSpec = () => ({
  id: 'jkt',
  name: 'Jakarta support',
  timeZone: 'Asia/Jakarta',
  week: { mon: day(), tue: day(), wed: day(), thu: day(), fri: day() },
  holidays: [
    '2026-03-19',
    { date: '2026-05-01', name: 'Labour day' },
    { from: '2026-12-24', to: '2026-12-31', name: 'Year end' },
  ],
});
const calendar = (): BusinessCalendar => unwrap(defineBusinessCalendar(calendarSpec()));
const policySpec = () => ({
  id: 'std',
  name: 'Standard',
  appliesTo: 'ticket' as const,
  when: { field: 'type', op: 'in' as const, value: ['incident', 'complaint'] },
  priorities: { high: { firstResponse: 60, nextResponse: 120, resolution: 480 }, normal: { firstResponse: 240 } },
  calendar: calendar(),
  pauseWhile: ['pending' as const],
  validity: { from: '2026-01-01', to: '2027-01-01' },
  default: false,
  enabled: true,
});
const policy = () => unwrap(defineSlaPolicy(policySpec()));
const fallback = () =>
  unwrap(defineSlaPolicy({ id: 'fallback', default: true, priorities: { normal: { firstResponse: 480 } } }));

/** A ticket opened Tuesday 2026-03-03 09:00 Jakarta, open, pending 11:00–14:00, open again. */
function ticket(id = 'ticket-1'): Ticket {
  let t = unwrap(
    createTicket(
      { subject: 'Checkout fails', type: 'incident', priority: 'high', channel: 'email' },
      { clock: fixedClock('2026-03-03T02:00:00Z'), ids: { next: () => id } },
    ),
  );
  for (const [to, at] of [
    ['open', '2026-03-03T02:05:00Z'],
    ['pending', '2026-03-03T04:00:00Z'],
    ['open', '2026-03-03T07:00:00Z'],
  ] as const)
    t = unwrap(transitionTicket(ticketLifecycle, t, to, { at: new Date(at) })).ticket;
  return t;
}
const replies = (id = 'ticket-1') => {
  const ids = sequentialIdGenerator(id);
  return [
    unwrap(
      createActivity(
        { kind: 'email', channel: 'email', direction: 'outbound', occurredAt: '2026-03-03T02:45:00Z', ticketId: id },
        { ids },
      ),
    ),
    unwrap(
      createActivity(
        { kind: 'email', channel: 'email', direction: 'inbound', occurredAt: '2026-03-03T03:30:00Z', ticketId: id },
        { ids },
      ),
    ),
  ];
};
const asOf = () => new Date('2026-03-03T08:00:00Z');

export const SERVICE_SEEDS: SeedTable = {
  transitionTicket: seeds(() => [
    ticketLifecycle,
    ticket(),
    'resolved',
    { at: new Date('2026-03-03T09:00:00Z'), by: 'agent-1', reason: 'fixed' },
    { clock: fixedClock('2026-03-03T09:00:00Z') },
  ]),
  recordTicketReply: seeds(
    () => [
      ticket(),
      {
        at: new Date('2026-03-03T08:00:00Z'),
        from: 'agent',
        by: 'agent-1',
        channel: 'email',
        subject: 'Re',
        body: 'Fixed',
      },
      { ids: sequentialIdGenerator() },
    ],
    () => [ticket(), { at: new Date('2026-03-03T08:00:00Z'), from: 'requester' }],
  ),
  defineBusinessCalendar: seeds(() => [calendarSpec()]),
  isBusinessCalendar: withCalendar(
    seeds(
      () => [calendar()],
      () => [calendarSpec()],
    ),
  ),
  addBusinessTime: withCalendar(seeds(() => [calendar(), new Date('2026-03-06T09:30:00Z'), 240])),
  businessMinutesBetween: withCalendar(
    seeds(() => [calendar(), new Date('2026-03-06T09:30:00Z'), new Date('2026-03-10T03:00:00Z')]),
  ),
  businessOffset: withCalendar(seeds(() => [calendar(), Date.UTC(2026, 2, 6, 9, 30)])),
  instantAtBusinessOffset: withCalendar(seeds(() => [calendar(), 3_600_000])),
  defineSlaPolicy: withCalendar(seeds(() => [policySpec()])),
  isSlaPolicy: withCalendar(
    seeds(
      () => [policy()],
      () => [policySpec()],
    ),
  ),
  selectSlaPolicy: withCalendar(seeds(() => [[policy(), fallback()], ticket(), { at: asOf() }])),
  slaStatus: withCalendar(
    seeds(
      () => [policy(), ticket(), { asOf: asOf(), replies: replies() }],
      () => [fallback(), ticket(), { asOf: asOf() }],
    ),
  ),
  slaAtRisk: withCalendar(
    seeds(
      () => [
        [policy(), fallback()],
        [ticket('a'), ticket('b')],
        { asOf: asOf(), withinMinutes: 600, replies: [...replies('a'), ...replies('b')] },
      ],
      () => [[policy()], [ticket('a')], { asOf: asOf(), withinMinutes: 60, replies: new Map([['a', replies('a')]]) }],
    ),
  ),
  slaAttainment: seeds(() => [
    [
      unwrap(slaStatus(policy(), ticket(), { asOf: asOf(), replies: replies() })),
      unwrap(slaStatus(fallback(), ticket(), { asOf: asOf() })),
    ],
    { confidence: 0.9 },
  ]),
  createSlaAttainmentAccumulator: seeds(() => [{ confidence: 0.9 }]),
  slaAttainmentAccumulatorFromJSON: seeds(() => [
    createSlaAttainmentAccumulator()
      .add(unwrap(slaStatus(policy(), ticket(), { asOf: asOf(), replies: replies() })))
      .toJSON(),
  ]),
};
