/**
 * Lead conversion from the leads of a store.
 *
 * @module
 */
import { invalidInput } from '../core/issues.js';
import { err, ok, type Result } from '../core/result.js';
import type { CrmIssue } from '../core/errors.js';
import type { Lead } from '../entities/index.js';
import { conversionFromCounts, conversionOptions, type ConversionResult } from '../metrics/conversionRate.js';
import type { Period } from '../time/period.js';
import type { Repository, StoreContext } from './ports.js';
import type { Where } from './query.js';
import { aggregateOf } from './_aggregateOf.js';
import { periodWhere } from './_periodWhere.js';
import { validateCountQuery } from './validateQuery.js';

/**
 * Options of {@link conversionInStore}: those of `conversionRate` on records (`period` over
 * `createdAt`, `asOf` for `convertedAt`, `confidence`) and a filter on the leads (`where`).
 *
 * @example
 * ```ts
 * const o: ConversionInStoreOptions = { period: monthPeriod('2026-01-01'), asOf: new Date('2026-03-01T00:00:00Z') };
 * ```
 */
export interface ConversionInStoreOptions {
  /** Only leads created in this half-open period count. */
  readonly period?: Period;
  /** A lead counts as converted when `convertedAt` is before it (default: whenever). */
  readonly asOf?: Date;
  /** Confidence of the Wilson interval, default 0.95. */
  readonly confidence?: number;
  /** Only leads matching it count (the shared condition language). */
  readonly where?: Where<Lead> | null;
}

/**
 * Lead conversion from the leads of a store, computed where they live: one aggregate counts the leads
 * (created in `period`) and the converted ones (`convertedAt` set, before `asOf`) — one SQL statement on
 * PostgreSQL — and `conversionRate`'s own code finishes. The result equals
 * `conversionRate(leads, { period, asOf, confidence })` on the same leads exactly (rate and Wilson
 * interval). A store without aggregates is read through `scan`.
 *
 * Bad options and a bad `where` give `validation_failed`; a failing store, its error. Never throws.
 *
 * @example
 * ```ts
 * const store = createMemoryStore();
 * const r = await conversionInStore(store, { tenantId: 'acme' }, { period: monthPeriod('2026-01-01') });
 * if (r.ok) r.value.total; //=> 0
 * ```
 */
export async function conversionInStore(
  store: { readonly leads: Repository<Lead> },
  ctx: StoreContext,
  options?: ConversionInStoreOptions | null,
): Promise<Result<ConversionResult>> {
  try {
    const { where, ...metric } = (options ?? {}) as ConversionInStoreOptions;
    const conf = conversionOptions(metric, ['confidence', 'period', 'asOf']);
    if ('code' in conf) return err(invalidInput('conversionInStore', [conf as CrmIssue]));
    const own = validateCountQuery('lead', { where });
    if (!own.ok) return own;
    const converted = [
      { field: 'convertedAt', op: 'isNull', value: false },
      ...(metric.asOf === undefined ? [] : [{ field: 'convertedAt', op: 'lt', value: metric.asOf }]),
    ];
    const r = await aggregateOf('leads', store.leads, ctx, {
      where: {
        all: [...periodWhere('createdAt', metric.period), ...(where === null || where === undefined ? [] : [where])],
      },
      measures: { total: { fn: 'count' }, converted: { fn: 'countIf', where: { all: converted } } },
    } as never);
    if (!r.ok) return r;
    const m = r.value[0]?.measures ?? {};
    return ok(
      conversionFromCounts((m['converted'] as number) ?? 0, (m['total'] as number) ?? 0, conf.z, conf.confidence),
    );
  } catch (e) {
    return err(
      invalidInput('conversionInStore', [
        {
          path: [],
          message: `the store or options could not be read: ${e instanceof Error ? e.message : typeof e}`,
          code: 'invalid_type',
        },
      ]),
    );
  }
}
