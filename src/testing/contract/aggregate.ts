/**
 * The contract suite: aggregates (`aggregate`) of a store with the `AggregateRepository` capability,
 * compared with the memory store on generated records.
 *
 * @module
 */
import { expect } from 'vitest';
import fc from 'fast-check';
import { unwrap, type Result } from '../../core/result.js';
import type { Subscription, SurveyResponse } from '../../entities/index.js';
import { isAggregateStore } from '../../repository/isAggregateRepository.js';
import { createMemoryStore } from '../../repository/memory.js';
import type {
  AggregateQuery,
  AggregateRow,
  AggregateStore,
  Repository,
  Store,
  StoreContext,
} from '../../repository/ports.js';
import { subscriptionArbitrary, surveyResponseArbitrary } from '../arbitraries.js';
import { A, B, expectFailure, sample, withFields, type ContractSuite } from './shared.js';

function aggregating(store: Store): AggregateStore {
  expect(
    isAggregateStore(store),
    'the store has no aggregate: implement AggregateRepository, or pass capabilities: { aggregate: false }',
  ).toBe(true);
  return store as unknown as AggregateStore;
}

const TOUCHPOINTS = [null, 'a', 'B', 'b', 'é', '😀', '\uFFFD', "O'Brien"] as const;
const INSTANTS = ['2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.001Z', '1969-12-31T23:59:59.999Z'];

/** Survey responses whose touchpoints and instants repeat, so that groups have several records. */
function responsesArbitrary(): fc.Arbitrary<SurveyResponse[]> {
  return fc
    .array(
      fc
        .tuple(
          surveyResponseArbitrary(),
          fc.constantFrom(...TOUCHPOINTS),
          fc.constantFrom(...INSTANTS),
          fc.integer({ min: 1, max: 4 }),
        )
        .map(([r, touchpoint, at, version]) => withFields(r, { touchpoint, answeredAt: new Date(at), version })),
      { maxLength: 40 },
    )
    .map((list) => list.map((r, i) => withFields(r, { id: `resp-${String(i).padStart(3, '0')}` }) as SurveyResponse));
}

const GROUPS = ['kind', 'touchpoint', 'score', 'answeredAt'] as const;
const WHERES = [
  null,
  { field: 'kind', op: 'eq', value: 'nps' },
  { field: 'touchpoint', op: 'isNull', value: false },
  { not: { field: 'score', op: 'lt', value: 5 } },
  {
    any: [
      { field: 'touchpoint', op: 'startsWith', value: 'b' },
      { field: 'score', op: 'in', value: [1, 10] },
    ],
  },
] as const;

function queryArbitrary(): fc.Arbitrary<AggregateQuery<SurveyResponse>> {
  return fc
    .record({
      groupBy: fc.shuffledSubarray([...GROUPS], { maxLength: 2 }),
      where: fc.constantFrom(...WHERES),
    })
    .map(
      ({ groupBy, where }) =>
        ({
          ...(where === null ? {} : { where }),
          groupBy,
          measures: {
            n: { fn: 'count' },
            promoters: { fn: 'countIf', where: { field: 'score', op: 'gte', value: 9 } },
            notB: { fn: 'countIf', where: { not: { field: 'touchpoint', op: 'eq', value: 'b' } } },
            scores: { fn: 'sum', field: 'score' },
            versions: { fn: 'sum', field: 'version' },
            first: { fn: 'min', field: 'answeredAt' },
            last: { fn: 'max', field: 'answeredAt' },
            lowTouch: { fn: 'min', field: 'touchpoint' },
            highTouch: { fn: 'max', field: 'touchpoint' },
            lowScore: { fn: 'min', field: 'score' },
            touchpoints: { fn: 'distinctCount', field: 'touchpoint' },
          },
        }) as unknown as AggregateQuery<SurveyResponse>,
    );
}

/** What a result is compared by: the rows, or the error's code. */
function outcome(r: Result<readonly AggregateRow[]>): unknown {
  return r.ok ? r.value : { error: r.error.code };
}

async function load<E extends { readonly id: string; readonly version: number }>(
  repo: Repository<E>,
  ctx: StoreContext,
  list: readonly E[],
): Promise<void> {
  for (const e of list) unwrap(await repo.insert(ctx, e));
}

/**
 * The rules of `AggregateRepository`: the same rows as the memory store on generated records and
 * queries, one row without `groupBy`, exact money sums and `currency_mismatch`, checked queries with
 * paths, tenants kept apart, transactions.
 */
export function aggregateRules(suite: ContractSuite): void {
  const skip = suite.options.capabilities?.aggregate === false;
  const test = (title: string, fn: (store: Store) => Promise<void>) => suite.test(title, fn, skip);

  test('aggregate gives the rows of the memory store on generated survey responses (property)', async (store) => {
    const s = aggregating(store);
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        responsesArbitrary(),
        fc.array(queryArbitrary(), { minLength: 1, maxLength: 3 }),
        async (list, queries) => {
          const ctx: StoreContext = { tenantId: `agg-${run++}` };
          const memory = createMemoryStore();
          await load(s.surveyResponses, ctx, list);
          await load(memory.surveyResponses, ctx, list);
          for (const q of queries) {
            const want = outcome(await memory.surveyResponses.aggregate(ctx, q));
            const got = outcome(await s.surveyResponses.aggregate(ctx, q));
            expect(got).toEqual(want);
          }
        },
      ),
      suite.runs(suite.propertyRuns, 71),
    );
  });

  test('aggregate without groupBy gives one row, also over no record (counts 0, other measures null)', async (store) => {
    const s = aggregating(store);
    const rows = unwrap(
      await s.subscriptions.aggregate(A, {
        measures: {
          n: { fn: 'count' },
          active: { fn: 'countIf', where: { field: 'status', op: 'eq', value: 'active' } },
          mrr: { fn: 'sum', field: 'mrr' },
          terms: { fn: 'sum', field: 'termMonths' },
          first: { fn: 'min', field: 'startedAt' },
          plans: { fn: 'distinctCount', field: 'plan' },
        },
      }),
    );
    expect(rows).toEqual([{ group: {}, measures: { n: 0, active: 0, mrr: null, terms: null, first: null, plans: 0 } }]);
    expect(Object.isFrozen(rows)).toBe(true);
    expect(Object.isFrozen(rows[0])).toBe(true);
    const grouped = unwrap(
      await s.subscriptions.aggregate(A, { groupBy: ['status'], measures: { n: { fn: 'count' } } }),
    );
    expect(grouped).toEqual([]);
  });

  test('a money sum is exact (decimal strings, never floats) and refuses two currencies in one group', async (store) => {
    const s = aggregating(store);
    const base = sample(subscriptionArbitrary(), 811, 4) as Subscription[];
    const amounts = ['0.10', '0.20', '9007199254740993.01', '0.30'];
    const list = base.map((b, i) =>
      withFields(b, {
        id: `sub-${i}`,
        status: i < 2 ? 'active' : 'trialing',
        mrr: { amount: amounts[i]!, currency: i === 3 ? 'USD' : 'EUR' },
        contractValue: { amount: amounts[i]!, currency: i === 3 ? 'USD' : 'EUR' },
      }),
    );
    await load(s.subscriptions, A, list);
    const sums = unwrap(
      await s.subscriptions.aggregate(A, {
        where: { field: 'mrr', op: 'gte', value: { amount: '-1000', currency: 'EUR' } },
        measures: { mrr: { fn: 'sum', field: 'mrr' } },
      }),
    );
    expect(sums).toEqual([{ group: {}, measures: { mrr: { amount: '9007199254740993.31', currency: 'EUR' } } }]);
    const byStatus = unwrap(
      await s.subscriptions.aggregate(A, {
        where: { field: 'status', op: 'eq', value: 'active' },
        groupBy: ['status'],
        measures: { mrr: { fn: 'sum', field: 'mrr' }, n: { fn: 'count' } },
      }),
    );
    expect(byStatus).toEqual([
      { group: { status: 'active' }, measures: { mrr: { amount: '0.3', currency: 'EUR' }, n: 2 } },
    ]);
    const mixed = await expectFailure(
      'aggregate (a sum over EUR and USD)',
      () => s.subscriptions.aggregate(A, { measures: { mrr: { fn: 'sum', field: 'mrr' } } }),
      'currency_mismatch',
    );
    expect(mixed.issues[0]?.path).toEqual(['measures', 'mrr']);
  });

  test('an invalid aggregate fails with validation_failed naming the path, and reads nothing', async (store) => {
    const s = aggregating(store);
    const cases: [unknown, (string | number)[]][] = [
      [{ measures: { s: { fn: 'sum', field: 'kind' } } }, ['measures', 's', 'field']],
      [{ measures: { s: { fn: 'sum', field: 'nope' } } }, ['measures', 's', 'field']],
      [{ measures: { s: { fn: 'median', field: 'score' } } }, ['measures', 's', 'fn']],
      [{ measures: { 'bad name': { fn: 'count' } } }, ['measures', 'bad name']],
      [{ measures: {} }, ['measures']],
      [{ measures: { n: { fn: 'count' } }, groupBy: ['scale'] }, ['groupBy', 0]],
      [{ measures: { n: { fn: 'count' } }, groupBy: ['customFields.tier'] }, ['groupBy', 0]],
      [{ measures: { n: { fn: 'count' } }, having: {} }, []],
      [{ measures: { n: { fn: 'count' } }, where: { field: 'score', op: 'gt', value: 'x' } }, ['where']],
      [
        { measures: { p: { fn: 'countIf', where: { field: 'nope', op: 'eq', value: 1 } } } },
        ['measures', 'p', 'where'],
      ],
      [{ measures: { n: { fn: 'count', field: 'score' } } }, ['measures', 'n']],
    ];
    for (const [query, path] of cases) {
      const e = await expectFailure(
        `aggregate ${JSON.stringify(query)}`,
        () => s.surveyResponses.aggregate(A, query as AggregateQuery<SurveyResponse>),
        'validation_failed',
      );
      expect(e.issues[0]?.path.slice(0, path.length), JSON.stringify(query)).toEqual(path);
    }
    await expectFailure(
      'aggregate (null query)',
      () => s.surveyResponses.aggregate(A, null as unknown as AggregateQuery<SurveyResponse>),
      'validation_failed',
    );
    await expectFailure(
      'aggregate (bad context)',
      () => s.surveyResponses.aggregate({ tenantId: '' }, { measures: { n: { fn: 'count' } } }),
      'validation_failed',
    );
  });

  test('aggregate counts the records of its tenant only', async (store) => {
    const s = aggregating(store);
    const list = sample(surveyResponseArbitrary(), 812, 6) as SurveyResponse[];
    await load(s.surveyResponses, A, list.slice(0, 4));
    await load(s.surveyResponses, B, list.slice(4));
    const n = async (ctx: StoreContext) =>
      unwrap(await s.surveyResponses.aggregate(ctx, { measures: { n: { fn: 'count' } } }))[0]?.measures['n'];
    expect(await n(A)).toBe(4);
    expect(await n(B)).toBe(2);
    expect(await n({ tenantId: 'tenant-c' })).toBe(0);
  });

  test('aggregate inside a transaction sees its writes, and fails with aborted after it', async (store) => {
    const s = aggregating(store);
    const list = sample(surveyResponseArbitrary(), 813, 3) as SurveyResponse[];
    let kept: AggregateStore['surveyResponses'] | null = null;
    const r = await s.transaction(A, async (tx) => {
      kept = tx.surveyResponses;
      for (const e of list) {
        const w = await tx.surveyResponses.insert(A, e);
        if (!w.ok) return w;
      }
      return tx.surveyResponses.aggregate(A, { measures: { n: { fn: 'count' } } });
    });
    expect(unwrap(r)[0]?.measures['n']).toBe(3);
    await expectFailure(
      'aggregate after the transaction',
      () => kept!.aggregate(A, { measures: { n: { fn: 'count' } } }),
      'aborted',
    );
  });
}
