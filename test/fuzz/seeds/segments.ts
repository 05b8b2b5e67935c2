/**
 * Valid calls of the public functions of src/segments (segments, membership, changes, concentration),
 * for the fuzzer (test/fuzz/fuzz.test.ts). RFM seeds are in rfm.ts; segmentMembersInStore's in
 * repository.ts (it needs the store snapshot made there).
 */
import { unwrap } from '../../../src/core/index.js';
import { money } from '../../../src/money/index.js';
import { defineSegment } from '../../../src/segments/index.js';
import { seeds, type SeedTable } from '../_spec.js';

const asOf = () => new Date('2026-03-31T00:00:00Z');
const usd = (a: string) => money(a, 'USD');

/** A segment JSON with field, activity and measure tests, `$now` and custom fields. */
const json = () => ({
  id: 'engaged-buyers',
  name: 'Engaged buyers',
  object: 'contact' as const,
  description: 'Growth-stage contacts who bought lately or keep writing',
  where: {
    all: [
      { field: 'lifecycleStage', op: 'in', value: ['growth', 'advocacy'] },
      {
        any: [
          { measure: 'lastPurchaseAt', op: 'gte', value: { $now: '-P90D' } },
          { activity: { field: 'kind', op: 'eq', value: 'email' }, atLeast: 2, withinDays: 30 },
          { measure: 'lifetimeValue', op: 'gte', value: { amount: '500.00', currency: 'USD' } },
        ],
      },
      { not: { field: 'customFields.tier', op: 'eq', value: 'test' } },
    ],
  },
});
const segment = () => unwrap(defineSegment(json()));
const contacts = () => [
  { id: 'c1', lifecycleStage: 'growth', title: 'CEO', customFields: { tier: 'gold' } },
  { id: 'c2', lifecycleStage: 'awareness', title: 'Engineer' },
  { id: 'c3', lifecycleStage: 'advocacy', title: null, customFields: {} },
];
const activities = () => [
  { kind: 'email', occurredAt: '2026-03-20T10:00:00Z', contactId: 'c1' },
  { kind: 'email', occurredAt: '2026-03-25T10:00:00Z', contactId: 'c1' },
  { kind: 'call', occurredAt: '2026-03-26T10:00:00Z', contactId: 'c3' },
];
const measures = () => ({
  c1: { lastPurchaseAt: new Date('2026-02-01T00:00:00Z'), lifetimeValue: usd('120.00') },
  c3: { lastPurchaseAt: new Date('2025-10-01T00:00:00Z'), lifetimeValue: usd('900.00'), npsAnswered: true },
});

export const SEGMENTS_SEEDS: SeedTable = {
  defineSegment: seeds(
    () => [json(), { measures: { openTickets: 'number' }, extensions: [] }],
    () => [
      { id: 'open-leads', name: 'Open leads', object: 'lead', where: { field: 'status', op: 'eq', value: 'new' } },
      null,
    ],
  ),
  isSegment: seeds(
    () => [segment()],
    () => [json()],
  ),
  segmentToJSON: seeds(() => [segment()]),
  segmentMembers: seeds(
    () => [segment(), contacts(), { asOf: asOf(), activities: activities(), measures: measures(), user: { id: 'u1' } }],
    () => [
      segment(),
      contacts(),
      {
        asOf: '2026-03-31T00:00:00Z',
        activities: new Map([['c1', activities()]]),
        measures: new Map(Object.entries(measures())),
      },
    ],
  ),
  segmentChanges: seeds(
    () => [['c1', 'c2', 'c3'], ['c2', 'c3', 'c4'], { segmentId: 'champions', at: asOf(), object: 'account', by: 'u1' }],
    () => [new Set(['c1']), { ids: ['c1', 'c2'] }, { segmentId: 'champions', at: '2026-04-01T00:00:00Z' }],
  ),
  valueConcentration: seeds(
    () => [
      [
        { customerId: 'a', value: usd('10.00') },
        { customerId: 'b', value: usd('250.50') },
        { customerId: 'a', value: usd('35.25') },
      ],
      { top: 0.2, points: 11 },
    ],
    () => [[{ customerId: 'a', value: usd('1') }], null],
  ),
};
