/**
 * Customer retention over a period from the subscriptions of a store.
 *
 * @module
 */
import { checkOptionKeys, invalidInput } from '../core/issues.js';
import { err, ok, type Result } from '../core/result.js';
import type { Subscription } from '../entities/index.js';
import { retentionFromCounts, type RetentionResult } from '../metrics/retentionRate.js';
import { periodIssue } from '../metrics/_checks.js';
import type { Period } from '../time/period.js';
import type { Repository, StoreContext } from './ports.js';
import type { Where } from './query.js';
import { accountTally } from './_accountFlags.js';

/**
 * Options of {@link retentionInStore}: the `period` (required) and a filter on the subscriptions.
 *
 * @example
 * ```ts
 * const o: RetentionInStoreOptions = { period: quarterPeriod('2026-01-01') };
 * ```
 */
export interface RetentionInStoreOptions {
  /** The half-open period measured. */
  readonly period: Period;
  /** Only subscriptions matching it count (the shared condition language). */
  readonly where?: Where<Subscription> | null;
}

/**
 * Customer retention over a period from the subscriptions of a store, computed where they live, as
 * {@link churnInStore} does (one aggregate grouped by account; `retentionRate`'s own code finishes).
 * The result equals `retentionRate(subscriptions, { period })` on the same subscriptions exactly. A
 * store without aggregates is read through `scan`.
 *
 * Bad options and a bad `where` give `validation_failed`; a failing store, its error. Never throws.
 *
 * @example
 * ```ts
 * const store = createMemoryStore();
 * const r = await retentionInStore(store, { tenantId: 'acme' }, { period: monthPeriod('2026-03-01') });
 * if (r.ok) r.value.total; //=> 0
 * ```
 */
export async function retentionInStore(
  store: { readonly subscriptions: Repository<Subscription> },
  ctx: StoreContext,
  options: RetentionInStoreOptions,
): Promise<Result<RetentionResult>> {
  try {
    const keys = checkOptionKeys(options, ['period', 'where'], ['options']);
    if (keys.length > 0) return err(invalidInput('retentionInStore', keys));
    const p = periodIssue(options?.period);
    if (p !== null) return err(invalidInput('retentionInStore', [p]));
    const t = await accountTally(store.subscriptions, ctx, options.period, options.where ?? null);
    if (!t.ok) return t;
    return ok(retentionFromCounts(t.value));
  } catch (e) {
    return err(
      invalidInput('retentionInStore', [
        {
          path: [],
          message: `the store or options could not be read: ${e instanceof Error ? e.message : typeof e}`,
          code: 'invalid_type',
        },
      ]),
    );
  }
}
