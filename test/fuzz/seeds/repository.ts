/**
 * Valid calls of the public functions of src/repository, for the fuzzer (test/fuzz/fuzz.test.ts).
 *
 * Queries carry a condition that nests `all` / `any` / `not` with several operators, `$now` and `$ref`,
 * a context, sort keys, a limit and a cursor made for that sort, so that the fuzzer reaches every part.
 * The use cases over a store (`convertLeadInStore`, `transitionDealInStore`) get a fresh memory store per
 * call, loaded from a snapshot made once here; the store is opaque (state behind a port: the fuzzer
 * does not enter it), and the records are fuzzed through the other arguments.
 */
import { fixedClock, ok, sequentialIdGenerator, unwrap, CrmError } from '../../../src/core/index.js';
import { defineSegment } from '../../../src/segments/index.js';
import { importRows } from '../../../src/quality/index.js';
import {
  createAccount,
  createContact,
  createDeal,
  createLead,
  createLoyaltyTransaction,
  createSubscription,
  defineCustomFields,
  type CustomFieldRegistry,
  type EntityContext,
} from '../../../src/entities/index.js';
import { b2bPipeline } from '../../../src/pipeline/index.js';
import { monthPeriod } from '../../../src/time/index.js';
import { STANDARD_ACCOUNT_RULE, STANDARD_CONTACT_RULE } from '../../../src/quality/index.js';
import {
  checkAggregate,
  createMemoryStore,
  cursorAfter,
  validateQuery,
  type NormalizedSortKey,
} from '../../../src/repository/index.js';
import type { FuzzSpec, SeedTable } from '../_spec.js';
import { seeds } from '../_spec.js';

const ASOF = '2026-03-01T00:00:00Z';

const registry = (): CustomFieldRegistry => ({
  deal: unwrap(
    defineCustomFields('deal', [
      { key: 'region', type: 'enum', options: ['EMEA', 'AMER', 'APAC'] },
      { key: 'seats', type: 'number', integer: true, min: 0 },
    ]),
  ),
  lead: unwrap(defineCustomFields('lead', [{ key: 'employees', type: 'number' }])),
});

/** A deterministic entity context: fixed clock, sequential ids. */
const entityCtx = (prefix = 'fz'): EntityContext => ({
  clock: fixedClock(ASOF, 1000),
  ids: sequentialIdGenerator(prefix),
  actor: 'user-1',
  customFields: registry(),
});

const deal = (ctx: EntityContext = entityCtx()) =>
  unwrap(
    createDeal(
      {
        name: 'Pilot for Acme',
        pipelineId: 'b2b',
        stageId: 'qualification',
        amount: { amount: '12000.00', currency: 'EUR' },
        expectedCloseDate: new Date('2026-04-15T00:00:00Z'),
        ownerId: 'user-1',
        customFields: { region: 'EMEA', seats: 40 },
      },
      ctx,
    ),
  );

const lead = (ctx: EntityContext = entityCtx()) =>
  unwrap(
    createLead(
      {
        firstName: 'Ada',
        lastName: 'Lovelace',
        email: 'ada@example.com',
        company: 'Analytical Engines',
        source: 'web',
        customFields: { employees: 120 },
      },
      ctx,
    ),
  );

const account = (ctx: EntityContext = entityCtx()) =>
  unwrap(createAccount({ name: 'Analytical Engines', domain: 'engines.example', country: 'GB' }, ctx));

/** Three deals with different values in the sorted fields (and one missing a custom field). */
const deals = () => {
  const ctx = entityCtx('d');
  const a = deal(ctx);
  const b = { ...deal(ctx), name: 'Beta rollout', amount: { amount: '800.00', currency: 'EUR' }, stageId: 'proposal' };
  const c = { ...deal(ctx), name: 'Gamma', customFields: { seats: 3 }, closedAt: null };
  return [a, b, c];
};

// The records of the use cases, stored once: every call loads a fresh store from this snapshot.
const stored = await (async () => {
  const store = createMemoryStore({ customFields: registry() });
  const ctx = { tenantId: 'acme', actor: 'user-1' };
  const l = lead(entityCtx('s'));
  const a = account(entityCtx('s'));
  const d = deal(entityCtx('s'));
  unwrap(await store.leads.insert(ctx, l));
  unwrap(await store.accounts.insert(ctx, a));
  unwrap(await store.deals.insert(ctx, d));
  // A second lead like the first, for mergeInStore.
  const twin = unwrap(createLead({ lastName: 'Lovelace', email: 'ada@example.com', title: 'CTO' }, entityCtx('twin')));
  unwrap(await store.leads.insert(ctx, twin));
  // A contact a conversion links instead of creating one.
  const c = unwrap(createContact({ lastName: 'Lovelace', accountId: a.id }, entityCtx('linked')));
  unwrap(await store.contacts.insert(ctx, c));
  // A subscription up for renewal in March 2026 and its renewal, and two purchases in the loyalty
  // ledger, for renewalInStore, cohortRetentionInStore and rfmSummaryInStore.
  const mrr = { amount: '99.00', currency: 'USD' } as const;
  const up = unwrap(
    createSubscription(
      { accountId: a.id, plan: 'pro', mrr, startedAt: '2025-03-10', endsAt: '2026-03-10' },
      entityCtx('sub'),
    ),
  );
  const renewal = unwrap(
    createSubscription(
      { accountId: a.id, plan: 'pro', mrr, startedAt: '2026-03-10', renewalOfId: up.id },
      entityCtx('renewal'),
    ),
  );
  unwrap(await store.subscriptions.insertMany(ctx, [up, renewal]));
  for (const [at, amount] of [
    ['2026-01-05T10:00:00Z', '20.00'],
    ['2026-02-11T16:30:00Z', '35.50'],
  ] as const)
    unwrap(
      await store.loyaltyTransactions.insert(
        ctx,
        unwrap(
          createLoyaltyTransaction(
            { customerId: 'customer-1', kind: 'earn', points: '10', at, spend: { amount, currency: 'USD' } },
            entityCtx(`lt${amount}`),
          ),
        ),
      ),
    );
  return {
    snapshot: store.exportSnapshot(),
    leadId: l.id,
    twinId: twin.id,
    accountId: a.id,
    dealId: d.id,
    contact: c,
  };
})();

const STORES = new WeakSet<object>();
/** A fresh memory store holding the stored lead, account and deal. */
const store = () => {
  const s = createMemoryStore({ snapshot: stored.snapshot, customFields: registry() });
  STORES.add(s);
  return s;
};
const opaqueStore: FuzzSpec['opaque'] = {
  is: (o) => STORES.has(o),
  reason:
    'a store is state behind a port (its own writes are what it is for), fuzzed through its port by the repository contract suite; the records it holds are fuzzed here through the other arguments',
};

/** A condition on deals: nested combinators, several operators, `$now`, `$ref`, Money, custom fields. */
const where = () => ({
  all: [
    { field: 'stageId', op: 'in', value: ['qualification', 'proposal'] },
    {
      any: [
        { field: 'amount', op: 'gte', value: { amount: '500.00', currency: 'EUR' } },
        { field: 'ownerId', op: 'eq', value: { $ref: 'user.id' } },
      ],
    },
    { not: { field: 'expectedCloseDate', op: 'lt', value: { $now: '-P30D' } } },
    { field: 'customFields.region', op: 'matches', value: 'E*' },
    { field: 'name', op: 'contains', value: 'a' },
    { field: 'closedAt', op: 'isNull', value: true },
  ],
});

const context = () => ({
  asOf: new Date(ASOF),
  user: { id: 'user-1', role: 'sales', email: 'ada@example.com', teamIds: ['team-emea'] },
});

const ORDER = () => [
  { field: 'amount', direction: 'desc', nulls: 'last' },
  { field: 'customFields.seats', direction: 'asc', nulls: 'first' },
  { field: 'expectedCloseDate' },
];

const orderBy = (): readonly NormalizedSortKey[] => unwrap(validateQuery('deal', { orderBy: ORDER() })).orderBy;

/** A full find query: every key, a cursor made for its sort. */
const query = () => {
  const d = deals()[0]!;
  return { where: where(), context: context(), orderBy: ORDER(), limit: 2, cursor: cursorAfter(orderBy(), d) };
};

const normalized = () => unwrap(validateQuery('deal', query()));
const normalizedFirstPage = () =>
  unwrap(validateQuery('deal', { where: where(), context: context(), orderBy: ORDER(), limit: 2 }));

const position = () => ({
  values: ['12000.00', 40, new Date('2026-04-15T00:00:00Z')],
  id: 'deal-9',
});

const storeCtx = () => ({ tenantId: 'acme', actor: 'user-1' });

const event = (n: number) => ({
  id: `evt-${n}`,
  type: 'deal_stage_changed',
  at: new Date(ASOF),
  by: 'user-1',
  aggregate: { kind: 'deal', id: 'deal-1' },
  payload: { from: 'qualification', to: 'proposal', amount: { amount: '12000.00', currency: 'EUR' }, tags: ['a', 'b'] },
});

export const REPOSITORY_SEEDS: SeedTable = {
  validateQuery: {
    seeds: [
      () => ['deal', query()],
      () => [
        'lead',
        {
          where: {
            any: [
              { field: 'status', op: 'eq', value: 'new' },
              { not: { field: 'customFields.employees', op: 'lt', value: 50 } },
            ],
          },
          limit: 10,
        },
      ],
    ],
    throws: {
      args: [0],
      reason: 'a kind that is not an entity kind is a call no type-correct program makes (@throws)',
    },
  },
  validateCountQuery: {
    seeds: [() => ['deal', query()], () => ['deal', { where: where(), context: context() }]],
    throws: {
      args: [0],
      reason: 'a kind that is not an entity kind is a call no type-correct program makes (@throws)',
    },
  },
  readField: seeds(
    () => [deals()[0], 'amount', 'money'],
    () => [deals()[0], 'customFields.seats', 'custom'],
    () => [deals()[0], 'stageHistory', 'json'],
  ),
  compareValues: seeds(
    () => ['money', '9.50', '10'],
    () => ['custom', 'EMEA', { json: ['a', 1] }],
    () => ['date', new Date(ASOF), new Date(0)],
  ),
  entityComparator: seeds(() => [orderBy()]),
  compareToPosition: seeds(() => [deals()[1], orderBy(), position()]),
  encodeCursor: seeds(() => [orderBy(), position()]),
  decodeCursor: seeds(() => [cursorAfter(orderBy(), deals()[0]!), orderBy()]),
  cursorAfter: seeds(() => [orderBy(), deals()[0]]),
  runQuery: seeds(
    () => [deals(), normalizedFirstPage()],
    () => [deals(), normalized()],
  ),
  countMatching: seeds(() => [deals(), normalized()]),
  queryPredicate: seeds(() => [normalized()]),
  validateContext: seeds(() => [storeCtx()]),
  validateEvents: seeds(() => [[event(1), event(2), { ...event(3), by: null, payload: null }]]),
  checkWrite: seeds(
    () => [{ operation: 'insert', repository: 'deals', ctx: storeCtx(), entity: deal(), customFields: registry() }],
    () => [
      {
        operation: 'update',
        repository: 'deals',
        ctx: storeCtx(),
        entity: { ...deal(), version: 2 },
        options: { expectedVersion: 1 },
        customFields: registry(),
      },
    ],
    () => [
      { operation: 'delete', repository: 'leads', ctx: storeCtx(), id: 'lead-1', options: { expectedVersion: 3 } },
    ],
  ),
  isStorableId: seeds(() => ['deal-1']),
  checkRead: seeds(
    () => [{ operation: 'get', repository: 'deals', ctx: storeCtx(), id: 'deal-1' }],
    () => [{ operation: 'getMany', repository: 'leads', ctx: storeCtx(), ids: ['lead-1', 'lead-2', 'lead-3'] }],
    () => [{ operation: 'find', repository: 'deals', ctx: storeCtx(), query: query() }],
    () => [{ operation: 'count', repository: 'deals', ctx: storeCtx(), query: { where: where(), context: context() } }],
  ),
  checkScan: seeds(
    () => [
      {
        repository: 'deals',
        ctx: storeCtx(),
        query: { where: where(), context: context() },
        options: { pageSize: 100 },
      },
    ],
    () => [{ repository: 'leads', ctx: storeCtx(), query: null, options: { signal: new AbortController().signal } }],
  ),
  checkScanOptions: seeds(
    () => [{ pageSize: 10 }],
    () => [null],
  ),
  checkScanQuery: {
    seeds: [() => [{ where: where(), context: context(), orderBy: [{ field: 'name' }] }]],
    echoes: "checkScanQuery checks the query's keys and returns a copy of it; its content is checked by validateQuery",
  },
  checkBulkWrite: seeds(
    () => [
      { operation: 'insertMany', repository: 'leads', ctx: storeCtx(), entities: [lead()], customFields: registry() },
    ],
    () => [
      {
        operation: 'upsertMany',
        repository: 'leads',
        ctx: storeCtx(),
        entities: [lead()],
        options: { key: 'email' },
        customFields: registry(),
      },
    ],
  ),
  bulkConflictError: seeds(
    () => ['deals', 2, 'id', 'deal-7'],
    () => ['users', 0, 'email', 'a@b.test'],
  ),
  isBulkRepository: { seeds: [() => [store().deals]], opaque: opaqueStore },
  isBulkStore: { seeds: [() => [store()]], opaque: opaqueStore },
  isAggregateRepository: { seeds: [() => [store().surveyResponses]], opaque: opaqueStore },
  isAggregateStore: { seeds: [() => [store()]], opaque: opaqueStore },
  checkAggregate: {
    seeds: [
      () => [
        {
          repository: 'deals',
          ctx: storeCtx(),
          query: {
            where: where(),
            context: context(),
            groupBy: ['stageId', 'closedAt'],
            measures: {
              n: { fn: 'count' },
              won: { fn: 'countIf', where: { field: 'stageId', op: 'eq', value: 'won' } },
              amount: { fn: 'sum', field: 'amount' },
              first: { fn: 'min', field: 'createdAt' },
              names: { fn: 'distinctCount', field: 'name' },
            },
          },
        },
      ],
    ],
    throws: {
      args: [0],
      reason: 'a request without a repository name is a call no type-correct program makes (@throws)',
    },
  },
  createAggregation: {
    seeds: [
      () => [
        unwrap(
          checkAggregate({
            repository: 'surveyResponses',
            ctx: storeCtx(),
            query: {
              groupBy: ['touchpoint'],
              measures: {
                n: { fn: 'count' },
                s: { fn: 'sum', field: 'score' },
                hi: { fn: 'max', field: 'answeredAt' },
              },
            },
          }),
        ),
      ],
    ],
    throws: {
      args: [0],
      reason: 'a CheckedAggregate not made by checkAggregate is a call no type-correct program makes (@throws)',
    },
    opaque: {
      is: (v) => typeof (v as { add?: unknown }).add === 'function',
      reason: 'the fold it returns holds state behind methods',
    },
  },
  npsInStore: {
    seeds: [
      () => [store(), storeCtx(), { period: monthPeriod('2026-03-01'), confidence: 0.9, by: 'touchpoint' }],
      () => [store(), storeCtx(), { where: { field: 'touchpoint', op: 'isNull', value: false } }],
    ],
    opaque: opaqueStore,
  },
  churnInStore: {
    seeds: [() => [store(), storeCtx(), { period: monthPeriod('2026-03-01'), denominator: 'average' }]],
    opaque: opaqueStore,
  },
  retentionInStore: {
    seeds: [
      () => [
        store(),
        storeCtx(),
        { period: monthPeriod('2026-03-01'), where: { field: 'status', op: 'eq', value: 'active' } },
      ],
    ],
    opaque: opaqueStore,
  },
  conversionInStore: {
    seeds: [() => [store(), storeCtx(), { period: monthPeriod('2026-03-01'), asOf: new Date(ASOF), confidence: 0.9 }]],
    opaque: opaqueStore,
  },
  renewalInStore: {
    seeds: [
      () => [store(), storeCtx(), { period: monthPeriod('2026-03-01'), basis: 'value' }],
      () => [
        store(),
        storeCtx(),
        { period: monthPeriod('2026-03-01'), where: { field: 'plan', op: 'eq', value: 'pro' } },
      ],
    ],
    opaque: opaqueStore,
  },
  cohortRetentionInStore: {
    seeds: [
      () => [
        store(),
        storeCtx(),
        { cohortBy: 'month', periods: 12, asOf: new Date(ASOF), where: { field: 'plan', op: 'eq', value: 'pro' } },
      ],
    ],
    opaque: opaqueStore,
  },
  rfmSummaryInStore: {
    seeds: [
      () => [store(), storeCtx(), { observationEnd: '2026-03-31', calibrationEnd: '2026-01-31', timeUnit: 'week' }],
      () => [
        store(),
        storeCtx(),
        {
          observationEnd: new Date(ASOF),
          timeUnit: 'day',
          where: { field: 'customerId', op: 'eq', value: 'customer-1' },
        },
      ],
    ],
    opaque: opaqueStore,
  },
  checkTransaction: seeds(() => [storeCtx(), async () => ok(1)]),
  checkTransactionResult: {
    seeds: [() => [ok({ id: 'deal-1', tags: ['a'] })]],
    echoes: 'checkTransactionResult returns the Result fn resolved to, as it is',
  },
  checkEventsRead: seeds(
    () => [{ after: 10, limit: 50 }],
    () => [null],
  ),
  conflictError: seeds(
    () => ['deals', 'deal-1', { stored: 3, expected: 2 }],
    () => ['leads', 'lead-1'],
  ),
  notFoundError: seeds(() => ['deals', 'deal-1', ['dealId']]),
  transactionEndedError: seeds(() => []),
  storedRecordError: seeds(() => [
    'deals',
    'deal-1',
    new CrmError('validation_failed', 'Deal is invalid', {
      issues: [{ path: ['name'], message: 'must not be empty', code: 'too_small' }],
    }),
  ]),
  segmentMembersInStore: {
    seeds: [
      () => [
        store(),
        storeCtx(),
        unwrap(
          defineSegment({
            id: 'software-leads',
            name: 'Software leads',
            object: 'lead',
            where: {
              all: [
                { field: 'industry', op: 'eq', value: 'Software' },
                {
                  any: [
                    { measure: 'npsAnswered', op: 'eq', value: true },
                    { activity: { field: 'kind', op: 'eq', value: 'web' } },
                  ],
                },
              ],
            },
          }),
        ),
        {
          asOf: new Date('2026-03-31T00:00:00Z'),
          measures: { [stored.leadId]: { npsAnswered: true } },
          activities: [{ kind: 'web', occurredAt: '2026-03-01T00:00:00Z', leadId: stored.leadId }],
          user: { id: 'user-1' },
          signal: new AbortController().signal,
        },
      ],
    ],
    opaque: opaqueStore,
  },
  convertLeadInStore: {
    seeds: [
      () => [
        store(),
        storeCtx(),
        stored.leadId,
        {
          account: { existingId: stored.accountId },
          contact: { title: 'CTO' },
          deal: {
            name: 'Engines pilot',
            pipelineId: 'b2b',
            stageId: 'qualification',
            amount: { amount: '24000.00', currency: 'EUR' },
            customFields: { region: 'EMEA', seats: 12 },
          },
          fieldMap: { contact: { title: 'company' } },
        },
        entityCtx('conv'),
      ],
      () => [
        store(),
        storeCtx(),
        stored.leadId,
        { account: 'create', accountFields: { industry: 'Software' } },
        entityCtx('conv'),
      ],
      () => [
        store(),
        storeCtx(),
        stored.leadId,
        { duplicates: { contactRule: STANDARD_CONTACT_RULE, accountRule: STANDARD_ACCOUNT_RULE, allow: false } },
        entityCtx('conv'),
      ],
      () => [
        store(),
        storeCtx(),
        stored.leadId,
        {
          existingContact: stored.contact,
          deal: { pipelineId: 'b2b', stageId: 'qualification', amount: { amount: '900.00', currency: 'EUR' } },
        },
        entityCtx('conv'),
      ],
    ],
    opaque: opaqueStore,
  },
  mergeInStore: {
    seeds: [
      () => [
        store(),
        storeCtx(),
        'lead',
        [stored.leadId, stored.twinId],
        {
          survivor: 'oldest',
          fieldRules: { phone: 'newest', title: 'join' },
          max: 3,
          expectedVersions: { [stored.leadId]: 1 },
        },
        entityCtx('merge'),
      ],
    ],
    opaque: opaqueStore,
  },
  importInStore: {
    seeds: [
      () => [
        store(),
        storeCtx(),
        unwrap(
          importRows(
            'lead',
            [
              { Name: 'Lovelace', Mail: 'ada@example.com' },
              { Name: 'Hopper', Mail: 'grace@navy.mil' },
            ],
            { mapping: { Name: 'lastName', Mail: 'email' }, onDuplicate: 'skip', idPrefix: 'fuzz-import' },
            { clock: fixedClock('2026-12-07T09:00:00Z') },
          ),
        ),
        { batchSize: 1, cursor: '1@fuzz-import' },
      ],
    ],
    opaque: opaqueStore,
  },
  transitionDealInStore: {
    seeds: [
      () => [
        store(),
        storeCtx(),
        b2bPipeline,
        stored.dealId,
        'proposal',
        { at: new Date('2026-03-02T00:00:00Z'), by: 'user-1', reason: 'demo done', resetProbability: true },
        entityCtx('tr'),
      ],
      () => [
        store(),
        storeCtx(),
        b2bPipeline,
        stored.dealId,
        'closed_lost',
        { at: new Date('2026-03-02T00:00:00Z'), by: 'user-1', lostReason: 'price' },
        entityCtx('tr'),
      ],
    ],
    opaque: opaqueStore,
  },
};
