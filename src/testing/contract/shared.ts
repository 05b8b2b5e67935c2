/**
 * What the sections of the contract suite share: the two tenants, small helpers over any
 * repository, hostile values, and {@link ContractSuite}, the context every section registers its
 * tests with.
 *
 * @module
 */
import { expect } from 'vitest';
import fc from 'fast-check';
import type { DomainEvent } from '../../core/events.js';
import { CrmError } from '../../core/errors.js';
import { unwrap, type Result } from '../../core/result.js';
import type { Lead } from '../../entities/index.js';
import { validateQuery } from '../../repository/validateQuery.js';
import {
  REPOSITORY_KINDS,
  type Repositories,
  type Repository,
  type Store,
  type StoreContext,
} from '../../repository/ports.js';
import type { RepositoryContractOptions } from './options.js';

export type AnyEntity = { readonly id: string; readonly version: number; readonly [k: string]: unknown };
export type AnyRepository = Repository<AnyEntity>;
export type RepoName = keyof typeof REPOSITORY_KINDS;

export const REPO_NAMES = /* @__PURE__ */ Object.keys(REPOSITORY_KINDS) as RepoName[];
export const A: StoreContext = { tenantId: 'tenant-a', actor: 'user-1' };
export const B: StoreContext = { tenantId: 'tenant-b' };

export const repoOf = (s: Repositories, name: RepoName): AnyRepository => s[name] as unknown as AnyRepository;

/** A copy of a frozen entity with some fields replaced (no validation). */
export function withFields<E>(e: E, fields: Record<string, unknown>): E {
  return { ...structuredClone(e), ...fields } as E;
}

export function sample<T>(arb: fc.Arbitrary<T>, seed: number, n = 1): T[] {
  return fc.sample(arb, { seed, numRuns: n });
}

/** Bumps the version by rebuilding the entity as `update*` would, without knowing its kind. */
export function bumped<E extends AnyEntity>(e: E, fields: Record<string, unknown> = {}): E {
  return withFields(e, {
    ...fields,
    version: e.version + 1,
    updatedAt: new Date(new Date(e['updatedAt'] as Date).getTime() + 1000),
  });
}

export function expectCode(r: Result<unknown>, code: string): void {
  expect(r.ok, r.ok ? 'expected a failure' : '').toBe(false);
  if (!r.ok) expect(r.error.code).toBe(code);
}

export const HOSTILE = [
  "O'Brien",
  '"double" and \'single\' quotes',
  "'; DROP TABLE deals; --",
  "Robert'); DROP TABLE students;--",
  '\\ backslash \\\\ and \\x00 spelled out',
  '$1 $$ %s %d ? :name @p0',
  'emoji 👩‍💻🚀🇩🇪 and 𝔘𝔫𝔦𝔠𝔬𝔡𝔢',
  'RTL שלום مرحبا',
  'combining é vs é, ligature ﬁ',
  'line\nbreak\tand\r\ncarriage',
  '{"json":[1,2,{"a":null}]}',
  '<script>alert(1)</script>',
  'ＦＵＬＬＷＩＤＴＨ and zero\u200Bwidth',
] as const;

/** Values that break naive code: wrong types, bigints, symbols, cycles, a `toString` that throws. */
export const HOSTILE_VALUE: fc.Arbitrary<unknown> = /* @__PURE__ */ fc.oneof(
  /* @__PURE__ */ fc.anything({
    maxDepth: 2,
    withBigInt: true,
    withBoxedValues: true,
    withNullPrototype: true,
    withSparseArray: true,
    withMap: true,
    withSet: true,
    withDate: true,
    withTypedArray: true,
  }),
  /* @__PURE__ */ fc.constantFrom<unknown>(
    10n,
    /* @__PURE__ */ Symbol('s'),
    {
      toString: () => {
        throw new Error('toString');
      },
    },
    /* @__PURE__ */ (() => {
      const o: Record<string, unknown> = { tenantId: 'tenant-a' };
      o['self'] = o;
      return o;
    })(),
    { tenantId: 'tenant-\uD800' },
    { expectedVersion: 1n },
    { where: null },
  ),
);

export function unwrapResult<T>(r: Result<T>): T {
  if (!r.ok) throw r.error;
  return r.value;
}

export function unwrapQuery(q: unknown) {
  const r = validateQuery('deal', q);
  if (!r.ok) throw r.error;
  return r.value;
}

export async function allOf(repo: AnyRepository, ctx: StoreContext): Promise<AnyEntity[]> {
  const out: AnyEntity[] = [];
  let cursor: string | null = null;
  do {
    const page: { items: readonly AnyEntity[]; nextCursor: string | null } = unwrap(
      await repo.find(ctx, {
        limit: 1000,
        cursor,
      }),
    );
    out.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor !== null);
  return out;
}

export function makeEvents(n: number, type: string): DomainEvent[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `event-${type}-${i}`,
    type,
    at: new Date(Date.UTC(2030, 0, 1, 0, 0, i, 123)),
    by: i % 2 === 0 ? 'user-1' : null,
    aggregate: { kind: 'deal' as const, id: `deal-${i}` },
    payload: { index: i, note: 'it\'s "quoted" 🚀', nested: { list: [1, 2.5, null, true] } },
  }));
}

export function pickMethods(repo: object): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const m of ['get', 'getMany', 'find', 'count', 'insert', 'update', 'delete', 'append', 'read']) {
    const fn = (repo as Record<string, unknown>)[m];
    if (typeof fn === 'function') out[m] = (fn as (...a: unknown[]) => unknown).bind(repo);
  }
  return out;
}

export function pickRepos(repos: Repositories): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name of [...REPO_NAMES, 'events'] as const) out[name] = pickMethods(repos[name]);
  return out;
}

export function withCompany(lead: Lead): Lead {
  return lead.company === null ? withFields(lead, { company: 'Acme Corp' }) : lead;
}

/** What every section of the suite registers its tests with. */
export interface ContractSuite {
  readonly options: RepositoryContractOptions;
  /** Registers a test that runs on a fresh store from `options.setup` (torn down afterwards); `skip` registers it skipped. */
  readonly test: (title: string, fn: (store: Store) => Promise<void>, skip?: boolean) => void;
  /** Valid entities of each repository. */
  readonly arbs: Readonly<Record<RepoName, fc.Arbitrary<AnyEntity>>>;
  readonly propertyRuns: number;
  readonly concurrency: number;
  readonly modelRuns: number;
  /** fast-check parameters of a property: `numRuns` runs, with the pinned seed (plus `offset`) when one is given. */
  readonly runs: (numRuns: number, offset?: number) => { numRuns: number; seed?: number };
}

/**
 * Runs a store call that must resolve to a failed `Result` with this code, never reject; returns
 * the error.
 */
export async function expectFailure(what: string, call: () => Promise<Result<unknown>>, code: string) {
  let r: Result<unknown> | undefined;
  let rejected: unknown = null;
  try {
    r = await call();
  } catch (e) {
    rejected = e;
  }
  expect(rejected, `${what} rejected instead of answering with a Result`).toBeNull();
  expect(isResult(r), `${what} resolved to something other than a Result`).toBe(true);
  expect(r!.ok, `${what}: expected a failure`).toBe(false);
  if (r === undefined || r.ok) throw new Error(`${what}: expected a failure`);
  expect(r.error, `${what}: the error is a CrmError`).toBeInstanceOf(CrmError);
  expect(r.error.code, `${what}: ${r.error.message}`).toBe(code);
  return r.error;
}

/** Whether a value is a `Result` (`ok` true with a value, or false with a `CrmError`). */
export function isResult(v: unknown): v is Result<unknown> {
  if (v === null || typeof v !== 'object') return false;
  const r = v as { ok?: unknown; error?: unknown };
  return r.ok === true || (r.ok === false && r.error instanceof CrmError);
}
