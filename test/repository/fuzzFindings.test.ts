/**
 * Defects the fuzzer (test/fuzz, issue 12) found in src/repository: one test per finding, naming the
 * fuzz call that found it. Each failed before its fix.
 */
import { describe, expect, it } from 'vitest';
import { fixedClock, sequentialIdGenerator, unwrap } from '../../src/core/index.js';
import { createDeal, createLead } from '../../src/entities/index.js';
import { b2bPipeline, type Pipeline } from '../../src/pipeline/index.js';
import {
  checkRead,
  compareToPosition,
  compareValues,
  conflictError,
  convertLeadInStore,
  countMatching,
  createMemoryStore,
  cursorAfter,
  decodeCursor,
  encodeCursor,
  notFoundError,
  queryPredicate,
  readField,
  runQuery,
  storedRecordError,
  transitionDealInStore,
  validateCountQuery,
  validateEvents,
  validateQuery,
  type NormalizedSortKey,
  type RepositoryName,
  type Store,
  type StoreContext,
} from '../../src/repository/index.js';

const crmError = (code: string) => expect.objectContaining({ name: 'CrmError', code });

class CallerError extends Error {}

const throwingGetter = () =>
  Object.defineProperty({}, 'x', {
    enumerable: true,
    get() {
      throw new CallerError('getter x');
    },
  });

const orderBy = (): readonly NormalizedSortKey[] =>
  unwrap(validateQuery('deal', { orderBy: [{ field: 'amount', direction: 'desc' }, { field: 'name' }] })).orderBy;

const ctx = { tenantId: 'acme', actor: 'user-1' };
const entityCtx = () => ({ clock: fixedClock('2026-03-01T00:00:00Z', 1000), ids: sequentialIdGenerator('t') });

describe('fuzz findings in src/repository', () => {
  it('validateCountQuery(query = throwing getter): a Result, not the getter’s exception', () => {
    const r = validateCountQuery('deal', throwingGetter());
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('validation_failed');
  });

  it('compareToPosition(orderBy[0] = null): a thrown CrmError, not a TypeError', () => {
    const position = { values: ['10', 'A'], id: 'd1' };
    expect(() => compareToPosition({ id: 'd2' }, [null] as never, position)).toThrow(crmError('validation_failed'));
    expect(() => compareToPosition(null as never, orderBy(), position)).toThrow(crmError('validation_failed'));
    expect(() => compareToPosition({ id: 'd2' }, orderBy(), null as never)).toThrow(crmError('validation_failed'));
  });

  it('encodeCursor(orderBy[2].field = an object): a thrown CrmError, not a TypeError', () => {
    const keys = [{ field: Object.create(null) as never, type: 'text', direction: 'asc', nulls: 'last' }] as const;
    expect(() => encodeCursor(keys as never, { values: ['a'], id: 'd1' })).toThrow(crmError('validation_failed'));
    const cyclic: { self?: unknown } = {};
    cyclic.self = cyclic;
    const custom = unwrap(validateQuery('deal', { orderBy: [{ field: 'customFields.x' }] })).orderBy;
    expect(() => encodeCursor(custom, { values: [{ json: cyclic }], id: 'd1' })).toThrow(crmError('validation_failed'));
  });

  it('decodeCursor(orderBy = a random value): an error Result, not a TypeError', () => {
    const cursor = cursorAfter(orderBy(), { id: 'd1', name: 'A', amount: { amount: '10', currency: 'EUR' } });
    const r = decodeCursor(cursor, 42 as never);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('validation_failed');
    expect(decodeCursor(cursor, [throwingGetter()] as never).ok).toBe(false);
    expect(decodeCursor(cursor, orderBy()).ok).toBe(true);
  });

  it('cursorAfter(orderBy = a random value): a thrown CrmError, not a TypeError', () => {
    expect(() => cursorAfter(7 as never, { id: 'd1' })).toThrow(crmError('validation_failed'));
    expect(() => cursorAfter(orderBy(), { name: 'no id' })).toThrow(crmError('validation_failed'));
  });

  it('runQuery(records = a random value): a thrown CrmError, not a TypeError', () => {
    const q = unwrap(validateQuery('deal', { limit: 1 }));
    expect(() => runQuery(5 as never, q)).toThrow(crmError('validation_failed'));
    expect(() => runQuery([null] as never, q)).toThrow(crmError('validation_failed'));
    expect(() => runQuery([{ id: 'd1' }], { ...q, limit: Number.NaN })).toThrow(crmError('validation_failed'));
    expect(runQuery([{ id: 'd2' }, { id: 'd1' }], q).items).toEqual([{ id: 'd1' }]);
  });

  it('countMatching(query.bound.kind = []): a thrown CrmError, not a TypeError', () => {
    const q = unwrap(validateQuery('deal', { where: { field: 'stageId', op: 'eq', value: 'won' } }));
    expect(() => countMatching([{ id: 'd1' }], { ...q, bound: { ...q.bound!, kind: [] as never } })).toThrow(
      crmError('validation_failed'),
    );
    const bad = { kind: 'field', path: [], field: 'stageId', type: 'text', op: 'in', values: 'won' };
    expect(() => countMatching([{ id: 'd1' }], { ...q, bound: bad as never })).toThrow(crmError('validation_failed'));
    expect(countMatching([{ id: 'd1', stageId: 'won' }, { id: 'd2' }], q)).toBe(1);
  });

  it('queryPredicate(query = an invalid Date): a thrown CrmError, not a TypeError', () => {
    expect(() => queryPredicate(new Date(Number.NaN) as never)).toThrow(crmError('validation_failed'));
    expect(() => queryPredicate({ kind: 'nope', bound: null, context: {} } as never)).toThrow(
      crmError('validation_failed'),
    );
  });

  it('validateEvents(events[2].payload = throwing getter): a Result, not the getter’s exception', () => {
    const event = {
      id: 'e1',
      type: 'deal_won',
      at: new Date('2026-03-01T00:00:00Z'),
      by: null,
      aggregate: { kind: 'deal', id: 'd1' },
      payload: throwingGetter(),
    };
    const r = validateEvents([event]);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.issues[0]?.path).toEqual([0]);
    // A hole of a sparse array is not an event (forEach skipped it).
    const sparse: unknown[] = [];
    sparse[1] = { ...event, payload: {} };
    expect(validateEvents(sparse).ok).toBe(false);
  });

  it('conflictError, notFoundError, storedRecordError(repository = a random value): a thrown CrmError, not a TypeError', () => {
    const odd = Object.create(null) as RepositoryName;
    expect(() => conflictError(odd, 'd1')).toThrow(crmError('validation_failed'));
    expect(() => notFoundError(odd, 'd1')).toThrow(crmError('validation_failed'));
    const cause = conflictError('deals', 'd1');
    expect(() => storedRecordError(odd, 'd1', cause)).toThrow(crmError('validation_failed'));
    expect(() => storedRecordError('deals', 'd1', undefined as never)).toThrow(crmError('validation_failed'));
    expect(() => conflictError('deals', 'd1', { stored: 'x', expected: 1 } as never)).toThrow(
      crmError('validation_failed'),
    );
    expect(conflictError('deals', 'd1', { stored: 3, expected: 2 }).code).toBe('conflict');
  });

  it('convertLeadInStore(store = long digits): an error Result, never a rejection', async () => {
    const r = await convertLeadInStore('9'.repeat(1000) as never, ctx, 'lead-1');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('validation_failed');
  });

  it('transitionDealInStore(store = sparse array): an error Result, never a rejection', async () => {
    const sparse: unknown[] = [];
    sparse[2] = 1;
    const r = await transitionDealInStore(sparse as never, ctx, b2bPipeline, 'deal-1', 'proposal', {
      at: new Date('2026-03-02T00:00:00Z'),
      by: 'user-1',
    });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('validation_failed');
  });

  it('readField(entity.amount.amount = Infinity, entity.stageHistory = -Infinity): null, never NaN/Infinity', () => {
    expect(readField({ amount: { amount: Infinity, currency: 'EUR' } }, 'amount', 'money')).toBeNull();
    expect(readField({ stageHistory: -Infinity }, 'stageHistory', 'json')).toBeNull();
    expect(readField({ version: Number.NaN }, 'version', 'number')).toBeNull();
    expect(readField({ closedAt: new Date(Number.NaN) }, 'closedAt', 'date')).toBeNull();
    expect(readField({ customFields: { n: Infinity } }, 'customFields.n', 'custom')).toBeNull();
    expect(readField({ amount: { amount: '12.50', currency: 'EUR' } }, 'amount', 'money')).toBe('12.50');
  });

  it('checkRead(ids = array with a throwing getter at 0): a Result, not the getter’s exception', () => {
    const ids = Object.defineProperty(['a', 'b'], 0, {
      enumerable: true,
      get() {
        throw new CallerError('getter 0');
      },
    });
    const r = checkRead({ operation: 'getMany', repository: 'leads', ctx, ids });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('validation_failed');
  });

  it('compareValues of values not of the type, or an unknown type: a thrown CrmError, never a TypeError', () => {
    expect(() => compareValues('number', Object.create(null) as never, 1)).toThrow(crmError('validation_failed'));
    expect(() => compareValues('nope' as never, 1, 2)).toThrow(crmError('validation_failed'));
    expect(() => compareValues('json', { json: 10n }, { json: 1 })).toThrow(crmError('validation_failed'));
  });

  it('convertLeadInStore(entityCtx.clock.now = a function giving a number): an error Result, never a rejection', async () => {
    const store = createMemoryStore();
    const lead = unwrap(
      createLead({ lastName: 'Lovelace', company: 'Engines', email: 'ada@example.com' }, entityCtx()),
    );
    unwrap(await store.leads.insert(ctx, lead));
    const r = await convertLeadInStore(store, ctx, lead.id, {}, { clock: { now: () => 1 as never } });
    expect(r.ok).toBe(false);
    expect(unwrap(await store.contacts.count(ctx))).toBe(0);
  });

  it('transitionDealInStore(pipeline.machine.guards = {}): an error Result, never a rejection', async () => {
    const store: Store = createMemoryStore();
    const deal = unwrap(
      createDeal(
        { name: 'Pilot', pipelineId: 'b2b', stageId: 'negotiation', amount: { amount: '10.00', currency: 'EUR' } },
        entityCtx(),
      ),
    );
    unwrap(await store.deals.insert(ctx, deal));
    const p = b2bPipeline as unknown as Record<string, unknown>;
    const pipeline = { ...p, machine: { ...(p['machine'] as object), guards: {} } } as unknown as Pipeline;
    const r = await transitionDealInStore(store, ctx as StoreContext, pipeline, deal.id, 'closed_lost', {
      at: new Date('2026-03-02T00:00:00Z'),
      by: 'user-1',
      lostReason: 'price',
    });
    expect(r.ok).toBe(false);
    expect(unwrap(await store.deals.get(ctx, deal.id))?.version).toBe(1);
  });
});
