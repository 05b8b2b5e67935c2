/**
 * Customer churn over a period from the subscriptions of a store.
 *
 * @module
 */
import { checkOptionKeys, invalidInput } from '../core/issues.js';
import { err, ok, type Result } from '../core/result.js';
import type { CrmIssue } from '../core/errors.js';
import type { Subscription } from '../entities/index.js';
import { churnFromCounts, denominatorOf, type ChurnResult } from '../metrics/churnRate.js';
import { periodIssue } from '../metrics/_checks.js';
import type { Period } from '../time/period.js';
import type { Repository, StoreContext } from './ports.js';
import type { Where } from './query.js';
import { accountTally } from './_accountFlags.js';

/**
 * Options of {@link churnInStore}: those of `churnRate` on records (`period`, required; `denominator`)
 * and a filter on the subscriptions (`where`).
 *
 * @example
 * ```ts
 * const o: ChurnInStoreOptions = { period: monthPeriod('2026-03-01'), denominator: 'average' };
 * ```
 */
export interface ChurnInStoreOptions {
  /** The half-open period measured. */
  readonly period: Period;
  /** `start` (default), `average` or `exposed`, as `churnRate`. */
  readonly denominator?: 'start' | 'average' | 'exposed';
  /** Only subscriptions matching it count (the shared condition language). */
  readonly where?: Where<Subscription> | null;
}

/**
 * Customer churn over a period from the subscriptions of a store, computed where they live: one
 * aggregate grouped by account (one SQL statement on PostgreSQL) says for each account whether it was
 * active at the start of the period, at its end, and whether it started in it — the flags
 * `churnRate` derives per subscription — and `churnRate`'s own code counts and finishes. The result
 * equals `churnRate(subscriptions, { period, denominator })` on the same subscriptions exactly. The
 * rows that reach Node are one per account touching the period (not one per subscription). A store
 * without aggregates is read through `scan`.
 *
 * Bad options (a missing or bad `period`, a bad `denominator`, an unknown key) and a bad `where`
 * give `validation_failed`; a failing store, its error. Never throws.
 *
 * @example
 * ```ts
 * const store = createMemoryStore();
 * const r = await churnInStore(store, { tenantId: 'acme' }, { period: monthPeriod('2026-03-01') });
 * if (r.ok) r.value.rate; //=> null
 * ```
 */
export async function churnInStore(
  store: { readonly subscriptions: Repository<Subscription> },
  ctx: StoreContext,
  options: ChurnInStoreOptions,
): Promise<Result<ChurnResult>> {
  try {
    const keys = checkOptionKeys(options, ['period', 'denominator', 'where'], ['options']);
    if (keys.length > 0) return err(invalidInput('churnInStore', keys));
    const d = denominatorOf(options as unknown as Record<string, unknown> | null);
    if (typeof d !== 'string') return err(invalidInput('churnInStore', [d as CrmIssue]));
    const p = periodIssue(options?.period);
    if (p !== null) return err(invalidInput('churnInStore', [p]));
    const t = await accountTally(store.subscriptions, ctx, options.period, options.where ?? null);
    if (!t.ok) return t;
    return ok(churnFromCounts(t.value, d));
  } catch (e) {
    return err(
      invalidInput('churnInStore', [
        {
          path: [],
          message: `the store or options could not be read: ${e instanceof Error ? e.message : typeof e}`,
          code: 'invalid_type',
        },
      ]),
    );
  }
}
