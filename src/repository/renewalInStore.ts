/**
 * The renewal rate of the subscriptions of a store, computed where they live.
 *
 * @module
 */
import type { CrmIssue } from '../core/errors.js';
import { checkOptionKeys, crmIssue, invalidInput } from '../core/issues.js';
import { err, type Result } from '../core/result.js';
import { MAX_LIST_VALUES } from '../conditions/define.js';
import type { Subscription } from '../entities/index.js';
import type { Money } from '../money/money.js';
import { periodIssue } from '../metrics/_checks.js';
import { renewalRate, type RenewableSubscription, type RenewalResult } from '../metrics/renewalRate.js';
import type { Period } from '../time/period.js';
import type { Repository, StoreContext } from './ports.js';
import type { Where } from './query.js';
import { aggregateOf } from './_aggregateOf.js';
import { periodWhere } from './_periodWhere.js';
import { validateCountQuery } from './validateQuery.js';

/**
 * Options of {@link renewalInStore}: those of `renewalRate` on records (`period`, required; `basis`)
 * and a filter on the subscriptions (`where`).
 *
 * @example
 * ```ts
 * const o: RenewalInStoreOptions = { period: quarterPeriod('2026-01-01'), basis: 'value', where: { field: 'plan', op: 'eq', value: 'pro' } };
 * ```
 */
export interface RenewalInStoreOptions {
  /** The half-open period: a subscription is up for renewal when its `endsAt` lies in it. */
  readonly period: Period;
  /** `'count'` (default) or `'value'` (each subscription up for renewal weighted by its MRR), as `renewalRate`. */
  readonly basis?: 'count' | 'value';
  /**
   * Only subscriptions matching it count (the shared condition language): as up for renewal, and as
   * renewals — as `renewalRate` reads only the list it is given.
   */
  readonly where?: Where<Subscription> | null;
}

const OPTION_KEYS = ['period', 'basis', 'where'] as const;

function failure(e: unknown): Result<never> {
  return err(
    invalidInput('renewalInStore', [
      crmIssue.of(
        'invalid_type',
        [],
        `the store or options could not be read: ${e instanceof Error ? e.message : typeof e}`,
      ),
    ]),
  );
}

/**
 * The renewal rate of the subscriptions of a store, computed where they live: one aggregate (one SQL
 * statement on PostgreSQL) reads the subscriptions up for renewal in the period — `endsAt` in
 * [start, end), matching `where` — one row per subscription (its id, and its MRR with
 * `basis: 'value'`); a second reads which of them were renewed — the ids some subscription matching
 * `where` names in `renewalOfId`, grouped by it (restricted to the ids of the first when there are at
 * most 1,000 of them) — and `renewalRate`'s own code finishes from one record per subscription up for
 * renewal. The result equals `renewalRate(subscriptions, { period, basis })` on the same subscriptions
 * (those matching `where`) exactly: counts, rate and exact MRR sums. The rows that reach Node are one
 * per subscription up for renewal in the period and one per renewed one (not one per subscription of
 * the store); nothing up for renewal costs one statement. A store without aggregates is read through
 * `scan`.
 *
 * Bad options (a missing or bad `period`, a bad `basis`, an unknown key) and a bad `where` give
 * `validation_failed`; subscriptions up for renewal in two currencies with `basis: 'value'` give
 * `validation_failed` with a `currency_mismatch` issue at `['subscriptions', id, 'mrr', 'currency']`
 * (`renewalRate` names the index in its list instead); a failing store, its error. Never throws.
 * docs/repository.md, "Metrics from the store".
 *
 * @example
 * ```ts
 * const store = createMemoryStore();
 * const ctx = { tenantId: 'acme' };
 * const s1 = unwrap(createSubscription({ accountId: 'a1', plan: 'pro', mrr: money('100', 'USD'), startedAt: '2025-03-01', endsAt: '2026-03-01' }));
 * const s2 = unwrap(createSubscription({ accountId: 'a2', plan: 'pro', mrr: money('300', 'USD'), startedAt: '2025-03-15', endsAt: '2026-03-15' }));
 * const s3 = unwrap(createSubscription({ accountId: 'a2', plan: 'pro', mrr: money('320', 'USD'), startedAt: '2026-03-15', renewalOfId: s2.id }));
 * unwrap(await store.subscriptions.insertMany(ctx, [s1, s2, s3]));
 * unwrap(await renewalInStore(store, ctx, { period: monthPeriod('2026-03-01') })).rate; //=> 0.5
 * unwrap(await renewalInStore(store, ctx, { period: monthPeriod('2026-03-01'), basis: 'value' })).rate; //=> 0.75
 * ```
 */
export async function renewalInStore(
  store: { readonly subscriptions: Repository<Subscription> },
  ctx: StoreContext,
  options: RenewalInStoreOptions,
): Promise<Result<RenewalResult>> {
  let period: Period;
  let basis: 'count' | 'value';
  let where: unknown;
  let repo: Repository<Subscription>;
  try {
    const keys = checkOptionKeys(options, OPTION_KEYS, ['options']);
    if (keys.length > 0) return err(invalidInput('renewalInStore', keys));
    const o = (options ?? {}) as unknown as Record<string, unknown>;
    const p = periodIssue(o['period']);
    if (p !== null) return err(invalidInput('renewalInStore', [p]));
    const b = o['basis'] ?? 'count';
    if (b !== 'count' && b !== 'value')
      return err(
        invalidInput('renewalInStore', [
          crmIssue.invalidValue(['options', 'basis'], 'basis is count or value', b, ['count', 'value']),
        ]),
      );
    period = o['period'] as Period;
    basis = b;
    where = o['where'] ?? null;
    repo = (store as { subscriptions?: Repository<Subscription> } | null | undefined)
      ?.subscriptions as Repository<Subscription>;
  } catch (e) {
    return failure(e);
  }
  // The caller's filter is checked on its own first, so that its issues are named at ['where', …].
  const own = validateCountQuery('subscription', { where });
  if (!own.ok) return own;
  const mine = where === null ? [] : [where];
  const up = await aggregateOf('subscriptions', repo, ctx, {
    where: { all: [...periodWhere('endsAt', period), ...mine] },
    groupBy: ['id'],
    measures: basis === 'value' ? { mrr: { fn: 'sum', field: 'mrr' } } : { n: { fn: 'count' } },
  } as never);
  if (!up.ok) return up;
  const ids = up.value.map((row) => String(row.group['id']));
  const renewed = new Set<string>();
  if (ids.length > 0) {
    const named =
      ids.length <= MAX_LIST_VALUES
        ? { field: 'renewalOfId', op: 'in', value: ids }
        : { field: 'renewalOfId', op: 'isNull', value: false };
    const r = await aggregateOf('subscriptions', repo, ctx, {
      where: { all: [named, ...mine] },
      groupBy: ['renewalOfId'],
      measures: { n: { fn: 'count' } },
    } as never);
    if (!r.ok) return r;
    for (const row of r.value) renewed.add(String(row.group['renewalOfId']));
  }
  // One record per subscription up for renewal (`endsAt` the period's start: in it), then one per
  // renewed one (no `endsAt`: never up itself), so that renewalRate finishes with its own code.
  const list: RenewableSubscription[] = up.value.map((row, i) => ({
    id: ids[i]!,
    endsAt: period.start,
    renewalOfId: null,
    ...(basis === 'value' ? { mrr: row.measures['mrr'] as Money } : {}),
  }));
  for (const id of ids) if (renewed.has(id)) list.push({ id: '', endsAt: null, renewalOfId: id });
  const result = renewalRate(list, { period, basis });
  if (result.ok) return result;
  return err(
    invalidInput(
      'renewalInStore',
      result.error.issues.map((i): CrmIssue =>
        typeof i.path[0] === 'number' && ids[i.path[0]] !== undefined
          ? { ...i, path: ['subscriptions', ids[i.path[0]]!, ...i.path.slice(1)] }
          : i,
      ),
    ),
  );
}
