/**
 * The contract suite: the model-based test.
 *
 * @module
 */
import { expect, it } from 'vitest';
import fc from 'fast-check';
import { fixedClock } from '../../core/clock.js';
import { sequentialIdGenerator } from '../../core/ids.js';
import { unwrap, type Result } from '../../core/result.js';
import { updateDeal, updateLead, type Deal, type Lead } from '../../entities/index.js';
import { convertLeadInStore } from '../../repository/convertLeadInStore.js';
import { createMemoryStore } from '../../repository/memory.js';
import type { Store } from '../../repository/ports.js';
import type { Query, SortKey, Where } from '../../repository/query.js';
import { CONDITION_TEST_CONTEXT, conditionArbitrary } from '../conditionArbitrary.js';
import { dealArbitrary, leadArbitrary } from '../arbitraries.js';
import { A, B, repoOf, withFields, type AnyEntity, type ContractSuite } from './shared.js';

interface Model {
  readonly ids: { deals: string[]; leads: string[] };
  /** The last version of each entity either store accepted (to build updates of deleted records too). */
  readonly known: Map<string, AnyEntity>;
  n: number;
}
interface Real {
  readonly store: Store;
  readonly ref: Store;
}
type Cmd = fc.AsyncCommand<Model, Real>;

const TENANTS = [A, B] as const;

/** Compares two results: same ok-ness, same value, or same error code. */
function sameResult(a: Result<unknown>, b: Result<unknown>, what: string): void {
  expect(a.ok, `${what}: ok`).toBe(b.ok);
  if (a.ok && b.ok) expect(a.value, what).toEqual(b.value);
  if (!a.ok && !b.ok) expect(a.error.code, `${what}: code`).toBe(b.error.code);
}

function pick(model: Model, repo: 'deals' | 'leads', i: number): AnyEntity | undefined {
  const ids = model.ids[repo];
  if (ids.length === 0) return undefined;
  return model.known.get(ids[i % ids.length]!);
}

class InsertCmd implements Cmd {
  constructor(
    readonly repo: 'deals' | 'leads',
    readonly tenant: 0 | 1,
    readonly entity: AnyEntity,
    readonly reuse: number | null,
  ) {}
  check = () => true;
  async run(model: Model, real: Real): Promise<void> {
    const existing = this.reuse === null ? undefined : pick(model, this.repo, this.reuse);
    const entity = existing === undefined ? this.entity : withFields(this.entity, { id: existing.id });
    const ctx = TENANTS[this.tenant];
    const a = await repoOf(real.store, this.repo).insert(ctx, entity);
    const b = await repoOf(real.ref, this.repo).insert(ctx, entity);
    sameResult(a, b, this.toString());
    if (b.ok && !model.known.has(entity.id)) model.ids[this.repo].push(entity.id);
    if (b.ok) model.known.set(entity.id, b.value as AnyEntity);
  }
  toString = () => `insert(${this.repo}, t${this.tenant}, ${this.reuse === null ? 'new' : `reuse ${this.reuse}`})`;
}

class UpdateCmd implements Cmd {
  constructor(
    readonly repo: 'deals' | 'leads',
    readonly tenant: 0 | 1,
    readonly index: number,
    readonly name: string,
    readonly stale: boolean,
  ) {}
  check = (m: Readonly<Model>) => m.ids[this.repo].length > 0;
  async run(model: Model, real: Real): Promise<void> {
    const ctx = TENANTS[this.tenant];
    const base = pick(model, this.repo, this.index)!;
    const current = unwrap(await repoOf(real.ref, this.repo).get(ctx, base.id)) ?? base;
    const clock = fixedClock(new Date(Date.UTC(2041, 0, 1) + model.n++ * 1000));
    const next =
      this.repo === 'deals'
        ? updateDeal(current as unknown as Deal, (d) => void (d.name = this.name), { clock })
        : updateLead(current as unknown as Lead, (d) => void (d.lastName = this.name), { clock });
    if (!next.ok) throw next.error;
    const expectedVersion = this.stale ? current.version + 1 : current.version;
    const entity = this.stale ? withFields(next.value, { version: current.version + 2 }) : next.value;
    const a = await repoOf(real.store, this.repo).update(ctx, entity as unknown as AnyEntity, { expectedVersion });
    const b = await repoOf(real.ref, this.repo).update(ctx, entity as unknown as AnyEntity, { expectedVersion });
    sameResult(a, b, this.toString());
    if (b.ok) model.known.set(base.id, b.value as AnyEntity);
  }
  toString = () =>
    `update(${this.repo}, t${this.tenant}, #${this.index}, ${JSON.stringify(this.name)}${this.stale ? ', stale' : ''})`;
}

class DeleteCmd implements Cmd {
  constructor(
    readonly repo: 'deals' | 'leads',
    readonly tenant: 0 | 1,
    readonly index: number,
    readonly stale: boolean,
  ) {}
  check = (m: Readonly<Model>) => m.ids[this.repo].length > 0;
  async run(model: Model, real: Real): Promise<void> {
    const ctx = TENANTS[this.tenant];
    const base = pick(model, this.repo, this.index)!;
    const current = unwrap(await repoOf(real.ref, this.repo).get(ctx, base.id)) ?? base;
    const expectedVersion = current.version + (this.stale ? 1 : 0);
    const a = await repoOf(real.store, this.repo).delete(ctx, base.id, { expectedVersion });
    const b = await repoOf(real.ref, this.repo).delete(ctx, base.id, { expectedVersion });
    sameResult(a, b, this.toString());
  }
  toString = () => `delete(${this.repo}, t${this.tenant}, #${this.index}${this.stale ? ', stale' : ''})`;
}

class GetCmd implements Cmd {
  constructor(
    readonly repo: 'deals' | 'leads',
    readonly tenant: 0 | 1,
    readonly indexes: readonly number[],
  ) {}
  check = () => true;
  async run(model: Model, real: Real): Promise<void> {
    const ctx = TENANTS[this.tenant];
    const ids = this.indexes.map((i) => pick(model, this.repo, i)?.id ?? `missing-${i}`);
    for (const id of ids)
      expect(unwrap(await repoOf(real.store, this.repo).get(ctx, id)), `get ${id}`).toEqual(
        unwrap(await repoOf(real.ref, this.repo).get(ctx, id)),
      );
    expect(unwrap(await repoOf(real.store, this.repo).getMany(ctx, ids)), 'getMany').toEqual(
      unwrap(await repoOf(real.ref, this.repo).getMany(ctx, ids)),
    );
  }
  toString = () => `get(${this.repo}, t${this.tenant}, ${this.indexes.join(',')})`;
}

class FindCmd implements Cmd {
  constructor(
    readonly repo: 'deals' | 'leads',
    readonly tenant: 0 | 1,
    readonly query: Query<AnyEntity>,
  ) {}
  check = () => true;
  async run(_model: Model, real: Real): Promise<void> {
    const ctx = TENANTS[this.tenant];
    const walk = async (s: Store) => {
      const pages: (readonly AnyEntity[])[] = [];
      let cursor: string | null = null;
      do {
        const page: { items: readonly AnyEntity[]; nextCursor: string | null } = unwrap(
          await repoOf(s, this.repo).find(ctx, {
            ...this.query,
            cursor,
          }),
        );
        pages.push(page.items);
        cursor = page.nextCursor;
      } while (cursor !== null && pages.length < 50);
      return pages;
    };
    expect(await walk(real.store), this.toString()).toEqual(await walk(real.ref));
    const where = this.query.where === undefined ? {} : { where: this.query.where, context: CONDITION_TEST_CONTEXT };
    expect(unwrap(await repoOf(real.store, this.repo).count(ctx, where)), `count ${this.toString()}`).toBe(
      unwrap(await repoOf(real.ref, this.repo).count(ctx, where)),
    );
  }
  toString = () => `find(${this.repo}, t${this.tenant}, ${JSON.stringify(this.query)})`;
}

class ConvertCmd implements Cmd {
  constructor(
    readonly tenant: 0 | 1,
    readonly index: number,
    readonly withDeal: boolean,
  ) {}
  check = (m: Readonly<Model>) => m.ids.leads.length > 0;
  async run(model: Model, real: Real): Promise<void> {
    const ctx = TENANTS[this.tenant];
    const lead = pick(model, 'leads', this.index)!;
    const n = model.n++;
    const entityCtx = () => ({
      clock: fixedClock(new Date(Date.UTC(2042, 0, 1) + n * 1000)),
      ids: sequentialIdGenerator(`m${n}`),
    });
    const options = this.withDeal
      ? { deal: { pipelineId: 'b2b', stageId: 'qualification', amount: { amount: '100.00', currency: 'USD' } } }
      : {};
    const a = await convertLeadInStore(real.store, ctx, lead.id, options, entityCtx());
    const b = await convertLeadInStore(real.ref, ctx, lead.id, options, entityCtx());
    sameResult(a, b, this.toString());
    if (b.ok) model.known.set(lead.id, b.value.conversion.lead as unknown as AnyEntity);
    expect(unwrap(await real.store.events.read(ctx, { limit: 1000 })).items).toEqual(
      unwrap(await real.ref.events.read(ctx, { limit: 1000 })).items,
    );
  }
  toString = () => `convertLead(t${this.tenant}, #${this.index}${this.withDeal ? ', with deal' : ''})`;
}

function queryArbitrary(repo: 'deals' | 'leads'): fc.Arbitrary<Query<AnyEntity>> {
  const where: fc.Arbitrary<Where<AnyEntity> | undefined> = fc.option(
    conditionArbitrary(repo === 'deals' ? 'deal' : 'lead') as fc.Arbitrary<Where<AnyEntity>>,
    { nil: undefined, freq: 5 },
  );
  const fields =
    repo === 'deals'
      ? ['expectedCloseDate', 'amount', 'name', 'ownerId', 'stageId', 'createdAt', 'closedAt', 'version']
      : ['lastName', 'company', 'status', 'ownerId', 'createdAt', 'convertedAt'];
  const sortKey = fc
    .record({
      field: fc.constantFrom(...fields),
      direction: fc.constantFrom('asc', 'desc', undefined),
      nulls: fc.constantFrom('first', 'last', undefined),
    })
    .map((k) => {
      const out: Record<string, unknown> = { field: k.field };
      if (k.direction !== undefined) out['direction'] = k.direction;
      if (k.nulls !== undefined) out['nulls'] = k.nulls;
      return out as unknown as SortKey<AnyEntity>;
    });
  const orderBy = fc.uniqueArray(sortKey, { maxLength: 3, selector: (k) => k.field });
  return fc
    .record({ where, orderBy, limit: fc.integer({ min: 1, max: 7 }) })
    .map(({ where: w, orderBy: o, limit }) =>
      w === undefined ? { orderBy: o, limit } : { where: w, context: CONDITION_TEST_CONTEXT, orderBy: o, limit },
    );
}

function commandArbitraries(): fc.Arbitrary<Cmd>[] {
  const tenant = fc.constantFrom(0 as const, 1 as const);
  const repo = fc.constantFrom('deals' as const, 'leads' as const);
  const index = fc.nat({ max: 1000 });
  const entity = (r: 'deals' | 'leads') =>
    (r === 'deals'
      ? dealArbitrary({ customFields: true })
      : leadArbitrary({ customFields: true })) as unknown as fc.Arbitrary<AnyEntity>;
  return [
    repo
      .chain((r) => fc.tuple(fc.constant(r), tenant, entity(r), fc.option(index, { nil: null, freq: 4 })))
      .map(([r, t, e, reuse]) => new InsertCmd(r, t, e, reuse)),
    fc
      .tuple(repo, tenant, index, fc.constantFrom('Alpha', 'beta writer', "O'Hara", '👩‍💻 Zed'), fc.boolean())
      .map(([r, t, i, n, s]) => new UpdateCmd(r, t, i, n, s)),
    fc.tuple(repo, tenant, index, fc.boolean()).map(([r, t, i, s]) => new DeleteCmd(r, t, i, s)),
    fc.tuple(repo, tenant, fc.array(index, { minLength: 1, maxLength: 3 })).map(([r, t, is]) => new GetCmd(r, t, is)),
    repo.chain((r) => fc.tuple(fc.constant(r), tenant, queryArbitrary(r))).map(([r, t, q]) => new FindCmd(r, t, q)),
    fc.tuple(tenant, index, fc.boolean()).map(([t, i, d]) => new ConvertCmd(t, i, d)),
  ];
}

/**
 * Random operation sequences against the store and the memory store, compared result by result.
 */
export function modelBasedRules(suite: ContractSuite): void {
  const { options, modelRuns } = suite;
  it(`random operation sequences give the same results as the memory store (${modelRuns} runs)`, async () => {
    await fc.assert(
      fc.asyncProperty(fc.commands(commandArbitraries(), { maxCommands: 40 }), async (cmds) => {
        const real = await options.setup();
        try {
          await fc.asyncModelRun(
            () => ({
              model: { ids: { deals: [], leads: [] }, known: new Map(), n: 0 } as Model,
              real: { store: real, ref: createMemoryStore() },
            }),
            cmds,
          );
        } finally {
          await options.teardown?.(real);
        }
      }),
      suite.runs(modelRuns),
    );
  });
}
