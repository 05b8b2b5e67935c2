/**
 * The cohort retention table of the subscriptions of a store, streamed through `scan`.
 *
 * @module
 */
import { isCrmError } from '../core/errors.js';
import { checkOptionKeys, crmIssue, invalidInput } from '../core/issues.js';
import { err, ok, type Result } from '../core/result.js';
import type { Subscription } from '../entities/index.js';
import { isIssue } from '../metrics/_checks.js';
import {
  addCustomer,
  cohortSettings,
  cohortTable,
  type CohortData,
  type CohortRetentionOptions,
  type CohortSettings,
  type CohortTable,
} from '../metrics/cohortRetention.js';
import type { Repository, StoreContext } from './ports.js';
import type { Where } from './query.js';
import { validateCountQuery } from './validateQuery.js';

/**
 * Options of {@link cohortRetentionInStore}: those of `cohortRetention` (`cohortBy`, `periods` and
 * `asOf`, the last two required) and a filter on the subscriptions (`where`).
 *
 * @example
 * ```ts
 * const o: CohortRetentionInStoreOptions = { cohortBy: 'month', periods: 12, asOf: new Date('2026-12-31T00:00:00Z'), where: { field: 'plan', op: 'eq', value: 'pro' } };
 * ```
 */
export interface CohortRetentionInStoreOptions extends CohortRetentionOptions {
  /** Only subscriptions matching it count (the shared condition language). */
  readonly where?: Where<Subscription> | null;
}

const OPTION_KEYS = ['cohortBy', 'periods', 'asOf', 'where'] as const;

function failure(e: unknown): Result<never> {
  return err(
    invalidInput('cohortRetentionInStore', [
      crmIssue.of(
        'invalid_type',
        [],
        `the store or options could not be read: ${e instanceof Error ? e.message : typeof e}`,
      ),
    ]),
  );
}

/**
 * The cohort retention table of the subscriptions of a store (one customer per subscription, as
 * `cohortRetention` reads a `Subscription`): signup cohorts by the calendar period of `startedAt`, and
 * for each the number and share still active k periods later. The filter is pushed down — `where`,
 * and `startedAt` ≤ `asOf` (later starts are left out, as there) — but the calendar bucketing is not:
 * `aggregate` groups by field values, not by the week, month, quarter or year of a date, so the
 * matching subscriptions stream through `scan` (pages of 1,000, memory O(cohorts × periods) plus one
 * page) into `cohortRetention`'s own accumulation. The result equals
 * `cohortRetention(subscriptions, { cohortBy, periods, asOf })` on the same subscriptions (those
 * matching `where`) exactly. An empty store, or no match: no rows, `total` 0.
 *
 * Bad options (a missing or bad `periods` or `asOf`, a bad `cohortBy`, an unknown key) and a bad
 * `where` give `validation_failed`; a store guarded by `withAccess` counts the subscriptions the user
 * may read, and refuses a user who may not read `startedAt` or `endedAt` (`forbidden`); a failing
 * store, its error. Never throws. docs/repository.md, "Metrics from the store".
 *
 * @example
 * ```ts
 * const store = createMemoryStore();
 * const ctx = { tenantId: 'acme' };
 * const s1 = unwrap(createSubscription({ accountId: 'a1', plan: 'pro', mrr: money('99', 'USD'), startedAt: '2026-01-10', endedAt: '2026-02-20', status: 'canceled' }));
 * const s2 = unwrap(createSubscription({ accountId: 'a2', plan: 'pro', mrr: money('99', 'USD'), startedAt: '2026-01-20' }));
 * unwrap(await store.subscriptions.insertMany(ctx, [s1, s2]));
 * const table = unwrap(await cohortRetentionInStore(store, ctx, { periods: 3, asOf: new Date('2026-03-15T00:00:00Z') }));
 * table.rows[0]?.counts; //=> [2, 2, 1]
 * ```
 */
export async function cohortRetentionInStore(
  store: { readonly subscriptions: Repository<Subscription> },
  ctx: StoreContext,
  options: CohortRetentionInStoreOptions,
): Promise<Result<CohortTable>> {
  let settings: CohortSettings;
  let where: unknown;
  let repo: Repository<Subscription>;
  try {
    const keys = checkOptionKeys(options, OPTION_KEYS, ['options']);
    if (keys.length > 0) return err(invalidInput('cohortRetentionInStore', keys));
    const o = (options ?? null) as unknown as Record<string, unknown> | null;
    const s = cohortSettings(o === null ? null : { cohortBy: o['cohortBy'], periods: o['periods'], asOf: o['asOf'] });
    if (isIssue(s)) return err(invalidInput('cohortRetentionInStore', [s]));
    settings = s;
    where = o?.['where'] ?? null;
    repo = (store as { subscriptions?: Repository<Subscription> } | null | undefined)
      ?.subscriptions as Repository<Subscription>;
    if (repo === null || typeof repo !== 'object' || typeof (repo as { scan?: unknown }).scan !== 'function')
      return err(
        invalidInput('The store', [
          crmIssue.invalidType(['store', 'subscriptions'], 'a store with a subscriptions repository (scan)', repo),
        ]),
      );
  } catch (e) {
    return failure(e);
  }
  // The caller's filter is checked on its own first, so that its issues are named at ['where', …].
  const own = validateCountQuery('subscription', { where });
  if (!own.ok) return own;
  const data: CohortData = { cohorts: new Map(), boundaries: new Map() };
  // The test of endedAt always holds: it is there so that a store guarded by withAccess refuses a user
  // who may not read endedAt (forbidden), as it refuses an aggregate over a hidden field.
  const filter = {
    all: [
      { field: 'startedAt', op: 'lte', value: settings.asOf },
      {
        any: [
          { field: 'endedAt', op: 'isNull', value: true },
          { field: 'endedAt', op: 'isNull', value: false },
        ],
      },
      ...(where === null ? [] : [where]),
    ],
  };
  try {
    for await (const s of repo.scan(ctx, { where: filter } as never)) {
      // Stored subscriptions are valid (a start, no end before it): addCustomer refuses none of them.
      const issue = addCustomer(data, s, settings);
      if (issue !== null)
        return err(
          invalidInput('cohortRetentionInStore', [{ ...issue, path: ['subscriptions', s.id, ...issue.path] }]),
        );
    }
  } catch (e) {
    if (isCrmError(e)) return err(e);
    return failure(e);
  }
  return ok(cohortTable(data, settings));
}
