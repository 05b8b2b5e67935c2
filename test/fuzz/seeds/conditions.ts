/**
 * Valid calls of the public functions of src/conditions, for the fuzzer (test/fuzz/fuzz.test.ts).
 *
 * The condition JSON nests `all` / `any` / `not` and uses most operators, `$now`, `$ref`, Money values,
 * custom fields and extension tests (activity, measure, change), so that the fuzzer's nested paths
 * reach into every part of the grammar.
 */
import {
  activityTests,
  changeTests,
  defineCondition,
  defineFieldCatalog,
  entityCatalog,
  measureTests,
  parseIsoDuration,
  type Condition,
  type ConditionContext,
  type FieldCatalog,
} from '../../../src/conditions/index.js';
import { unwrap } from '../../../src/core/index.js';
import { seeds, type SeedTable } from '../_spec.js';

const ASOF = Date.UTC(2026, 2, 1);

/** The measures of the measure tests in the seeds. */
const measures = () => measureTests({ historicalValue: 'money', lastPurchaseAt: 'date', npsAnswered: 'boolean' });

/** A condition on deals: every combinator, many operators, `$now`, `$ref`, Money, custom fields. */
const dealJson = () => ({
  all: [
    { field: 'stageId', op: 'in', value: ['proposal', 'negotiation'] },
    { field: 'amount', op: 'gte', value: { amount: '1000.00', currency: 'EUR' } },
    {
      any: [
        { field: 'expectedCloseDate', op: 'lt', value: { $now: 'P30D' } },
        { field: 'ownerId', op: 'eq', value: { $ref: 'user.id' } },
        { field: 'customFields.region', op: 'matches', value: 'E*A' },
      ],
    },
    { not: { field: 'closedAt', op: 'isNull', value: false } },
    { field: 'customFields.seats', op: 'between', value: [5, 500] },
    { field: 'name', op: 'contains', value: 'Pilot' },
    { field: 'source', op: 'notIn', value: { $ref: 'user.teamIds' } },
  ],
});

/** A condition on leads with extension tests: an activity test (itself a condition) and a measure test. */
const leadJson = () => ({
  any: [
    {
      all: [
        { field: 'status', op: 'neq', value: 'unqualified' },
        { field: 'email', op: 'startsWith', value: 'ada' },
        {
          activity: {
            all: [
              { field: 'kind', op: 'eq', value: 'web' },
              { not: { field: 'subject', op: 'contains', value: 'unsubscribe' } },
            ],
          },
          atLeast: 1,
          atMost: 5,
          withinDays: 30,
        },
      ],
    },
    { measure: 'historicalValue', op: 'gt', value: '500' },
    { not: { measure: 'lastPurchaseAt', op: 'lt', value: { $now: '-P90D' } } },
    { field: 'createdAt', op: 'between', value: ['2025-01-01T00:00:00Z', { $now: 'PT0S' }] },
    { changedTo: 'status', value: ['qualified', 'converted'] },
  ],
});

const leadExtensions = () => [activityTests, measures(), ...changeTests];

/** A host's own catalog, for conditions on records that are not entities. */
const orderCatalog = (): FieldCatalog =>
  unwrap(
    defineFieldCatalog(
      'order',
      { total: 'money', placedAt: 'date', channel: 'text', items: 'number', gift: 'boolean', tags: 'list' },
      { customFields: true },
    ),
  );

const orderJson = () => ({
  all: [
    { field: 'total', op: 'between', value: ['10', { amount: '999.99', currency: 'USD' }] },
    { field: 'channel', op: 'in', value: ['web', 'store', { $ref: 'user.role' }] },
    {
      any: [
        { field: 'gift', op: 'eq', value: true },
        { field: 'items', op: 'gte', value: 3 },
      ],
    },
    { field: 'tags', op: 'contains', value: 'VIP' },
    { not: { field: 'placedAt', op: 'gt', value: new Date(ASOF) } },
    { field: 'customFields.note', op: 'eq', value: null },
  ],
});

const dealCondition = (): Condition => unwrap(defineCondition(dealJson(), { entity: 'deal' }));
const leadCondition = (): Condition =>
  unwrap(defineCondition(leadJson(), { entity: 'lead', extensions: leadExtensions() }));
const orderCondition = (): Condition => unwrap(defineCondition(orderJson(), { entity: orderCatalog() }));

/** A context with every key a condition may read. */
const context = (): ConditionContext => ({
  asOf: new Date(ASOF),
  user: { id: 'user-1', role: 'sales', email: 'ada@example.com', teamIds: ['team-emea', 'partner'] },
  activities: [
    { kind: 'web', subject: 'Pricing page', occurredAt: new Date(ASOF - 86_400_000) },
    { kind: 'email', subject: 'Re: offer', occurredAt: '2026-02-20T10:00:00Z' },
    { kind: 'web', subject: 'Docs', occurredAt: ASOF - 3 * 86_400_000 },
  ],
  previous: { id: 'lead-1', status: 'working', email: 'ada@example.com' },
  measures: { historicalValue: { amount: '1200.00', currency: 'EUR' }, lastPurchaseAt: '2026-01-15T00:00:00Z' },
  data: { segment: 'emea' },
});

const deal = () => ({
  id: 'deal-1',
  name: 'Pilot for Acme',
  stageId: 'proposal',
  pipelineId: 'b2b',
  amount: { amount: '12000.00', currency: 'EUR' },
  expectedCloseDate: new Date(ASOF + 10 * 86_400_000),
  closedAt: null,
  ownerId: 'user-1',
  source: 'partner',
  customFields: { region: 'EMEA', seats: 40 },
  version: 3,
});

const lead = () => ({
  id: 'lead-1',
  status: 'qualified',
  email: 'ada@example.com',
  createdAt: new Date(ASOF - 40 * 86_400_000),
  customFields: { employees: 120, tags: ['b2b', 'eu'] },
  version: 2,
});

const order = () => ({
  total: { amount: '120.50', currency: 'USD' },
  channel: 'web',
  items: 4,
  gift: false,
  tags: ['vip', 'repeat'],
  placedAt: '2026-02-01T08:00:00Z',
  customFields: { note: null },
});

export const CONDITIONS_SEEDS: SeedTable = {
  defineCondition: seeds(
    () => [dealJson(), { entity: 'deal', extensions: [] }],
    () => [leadJson(), { entity: 'lead', extensions: leadExtensions() }],
    () => [orderJson(), { entity: orderCatalog(), extensions: [measures()] }],
  ),
  conditionToJSON: seeds(
    () => [dealCondition()],
    () => [leadCondition()],
  ),
  isCondition: seeds(
    () => [dealCondition()],
    () => [dealJson()],
  ),
  bindCondition: seeds(
    () => [dealCondition(), context()],
    () => [leadCondition(), context()],
    () => [orderCondition(), context()],
  ),
  contextIssues: seeds(
    () => [dealCondition(), context()],
    () => [leadCondition(), { asOf: new Date(ASOF) }],
  ),
  compileCondition: seeds(
    () => [dealCondition(), context()],
    () => [leadCondition(), context()],
  ),
  evaluateCondition: seeds(
    () => [dealCondition(), deal(), context()],
    () => [leadCondition(), lead(), context()],
    () => [orderCondition(), order(), context()],
  ),
  explainCondition: seeds(
    () => [dealCondition(), deal(), context()],
    () => [leadCondition(), lead(), context()],
    () => [orderCondition(), order(), context()],
  ),
  defineFieldCatalog: seeds(
    () => [
      'order',
      { total: 'money', placedAt: 'date', channel: 'text', 'address.city': 'text' },
      { customFields: true },
    ],
    () => ['ticketLite', { subject: 'text', priority: 'text', open: 'boolean' }],
  ),
  entityCatalog: seeds(() => ['deal']),
  fieldTypeIn: seeds(
    () => [entityCatalog('deal'), 'customFields.region'],
    () => [orderCatalog(), 'total'],
  ),
  isFieldName: seeds(() => ['score.total']),
  operatorsFor: seeds(() => ['money']),
  measureTests: seeds(() => [
    { historicalValue: 'money', lastPurchaseAt: 'date', npsAnswered: 'boolean', orders: 'number' },
  ]),
  compareText: seeds(
    () => ['Straße', 'Strasse'],
    () => ['\uFFFD', '😀'],
  ),
  compareDecimal: seeds(
    () => ['9.50', '10'],
    () => ['-0012.500', '1e3'],
  ),
  canonicalDecimal: seeds(
    () => ['0012.500'],
    () => [-7],
  ),
  foldCase: seeds(
    () => ['ÜBER Straße'],
    () => ['ACME Corp'],
  ),
  globMatch: seeds(
    () => ['ada@example.com', '*@example.???'],
    () => ['😀 party', '? p*'],
  ),
  parseIsoDuration: seeds(
    () => ['-P1Y2M3W4DT5H6M7.5S'],
    () => ['PT0S'],
  ),
  shiftInstant: seeds(
    () => [Date.UTC(2026, 0, 31), parseIsoDuration('P1M')],
    () => [ASOF, { sign: -1, years: 1, months: 2, days: 10, ms: 3_600_000 }],
  ),
};
