/**
 * The RFM summary (crmkit/clv's model input) of the purchases in a store's loyalty ledger.
 *
 * @module
 */
import { CrmError } from '../core/errors.js';
import { checkOptionKeys, crmIssue, invalidInput } from '../core/issues.js';
import { err, ok, type Result } from '../core/result.js';
import { rfmSummary, type RfmCustomer, type RfmSummaryOptions, type RfmTimeUnit } from '../clv/rfm.js';
import type { LoyaltyTransaction } from '../entities/index.js';
import type { Money } from '../money/money.js';
import { DAY_MS, utcDayOf } from '../_lib/utcDay.js';
import type { Repository, StoreContext } from './ports.js';
import type { Where } from './query.js';
import { aggregateOf } from './_aggregateOf.js';
import { validateCountQuery } from './validateQuery.js';

/**
 * Options of {@link rfmSummaryInStore}: those of `rfmSummary` that are not accessors
 * (`observationEnd`, `timeUnit`, `calibrationEnd`) and a filter on the ledger entries (`where`).
 *
 * @example
 * ```ts
 * const o: RfmSummaryInStoreOptions = { observationEnd: '1998-06-30', calibrationEnd: '1997-09-30', timeUnit: 'week' };
 * ```
 */
export interface RfmSummaryInStoreOptions {
  /** End of observation (inclusive UTC day); later purchases are ignored. */
  readonly observationEnd: Date | string | number;
  /** Unit of recency, T and durations: `day`, `week` or `month` (30.4375 days). */
  readonly timeUnit: RfmTimeUnit;
  /** End of the calibration period (inclusive UTC day), for a calibration/holdout split, as `rfmSummary`. */
  readonly calibrationEnd?: Date | string | number;
  /** Only ledger entries matching it count (the shared condition language), besides having `spend`. */
  readonly where?: Where<LoyaltyTransaction> | null;
}

const OPTION_KEYS = ['observationEnd', 'timeUnit', 'calibrationEnd', 'where'] as const;
/** The latest instant a condition compares with (as a Date can hold). */
const MAX_DATE_MS = 8.64e15;

/** A purchase as `rfmSummary` reads it: the rows of the aggregate, one per customer and instant. */
interface Purchase {
  readonly customerId: string;
  readonly at: Date;
  readonly spend: Money;
}

function failure(e: unknown): Result<never> {
  return err(
    invalidInput('rfmSummaryInStore', [
      crmIssue.of(
        'invalid_type',
        [],
        `the store or options could not be read: ${e instanceof Error ? e.message : typeof e}`,
      ),
    ]),
  );
}

/**
 * The RFM summary of the purchases in a store — the (x, tₓ, T, m̄) input of crmkit/clv's `fitBgNbd`,
 * `fitParetoNbd` and `fitGammaGamma` — computed from the loyalty ledger: a purchase is an entry that
 * records `spend` (only `earn` entries do), of customer `customerId`, at `at`, worth `spend`. One
 * aggregate (one SQL statement on PostgreSQL) filters the entries (`spend` set, `at` before the day
 * after `observationEnd`, `where`) and sums their spend exactly per customer and instant; the rest —
 * collapsing a customer's purchases on one UTC day into one, frequency, recency, T, the mean values and
 * the holdout split — is `rfmSummary`'s own code over those rows (the day cannot be pushed down:
 * `aggregate` groups by field values, not by the day of a date). The rows that reach Node are one per
 * customer and distinct purchase instant (for day-stamped purchases, one per customer and day: the
 * state `rfmSummary` holds anyway), not one per entry. A store without aggregates is read through
 * `scan`.
 *
 * The result equals `rfmSummary(purchases, { customerId: 'customerId', at: 'at', value: 'spend',
 * observationEnd, timeUnit, calibrationEnd })` on the same purchases (entries with `spend` that match
 * `where`) ordered by customer id (code point order, as crmkit/sql's `rfmSummarySql` orders them),
 * exactly: customers in that order, the same numbers. Sums are exact while they stay within Money's 80
 * significant digits. An empty ledger, or no match: an empty list.
 *
 * Bad options (a missing or bad `observationEnd`, `timeUnit` or `calibrationEnd`, `calibrationEnd`
 * after `observationEnd`, an unknown key) and a bad `where` give `validation_failed` naming the option;
 * purchases in two currencies give `currency_mismatch`, as `rfmSummary` does (filter one currency with
 * `where`); a failing store, its error. Never
 * throws. docs/repository.md, "Metrics from the store".
 *
 * @example
 * ```ts
 * const store = createMemoryStore();
 * const ctx = { tenantId: 'acme' };
 * const buy = (at: string, amount: string) =>
 *   unwrap(createLoyaltyTransaction({ customerId: 'c1', kind: 'earn', points: '10', at, spend: money(amount, 'USD') }));
 * unwrap(await store.loyaltyTransactions.insertMany(ctx, [buy('1997-01-01', '29.33'), buy('1997-01-18', '29.73'), buy('1997-08-02', '14.96')]));
 * const [c1] = unwrap(await rfmSummaryInStore(store, ctx, { observationEnd: '1997-09-30', timeUnit: 'week' }));
 * c1?.frequency; //=> 2
 * c1?.monetaryValue; //=> 22.345
 * ```
 */
export async function rfmSummaryInStore(
  store: { readonly loyaltyTransactions: Repository<LoyaltyTransaction> },
  ctx: StoreContext,
  options: RfmSummaryInStoreOptions,
): Promise<Result<readonly RfmCustomer[]>> {
  let summary: RfmSummaryOptions<Purchase>;
  let where: unknown;
  let end: number;
  let repo: Repository<LoyaltyTransaction>;
  try {
    const keys = checkOptionKeys(options, OPTION_KEYS, ['options']);
    if (keys.length > 0) return err(invalidInput('rfmSummaryInStore', keys));
    const o = (options ?? {}) as unknown as Record<string, unknown>;
    summary = {
      customerId: 'customerId',
      at: 'at',
      value: 'spend',
      observationEnd: o['observationEnd'] as Date,
      timeUnit: o['timeUnit'] as RfmTimeUnit,
      ...(o['calibrationEnd'] === undefined ? {} : { calibrationEnd: o['calibrationEnd'] as Date }),
    };
    // rfmSummary's own checks of its options, on no purchases: the same issues, at the same paths.
    const checked = rfmSummary([], summary);
    if (!checked.ok) return err(invalidInput('rfmSummaryInStore', checked.error.issues));
    end = (utcDayOf(o['observationEnd'])! + 1) * DAY_MS;
    where = o['where'] ?? null;
    repo = (store as { loyaltyTransactions?: Repository<LoyaltyTransaction> } | null | undefined)
      ?.loyaltyTransactions as Repository<LoyaltyTransaction>;
  } catch (e) {
    return failure(e);
  }
  // The caller's filter is checked on its own first, so that its issues are named at ['where', …].
  const own = validateCountQuery('loyaltyTransaction', { where });
  if (!own.ok) return own;
  // No stored instant lies before the earliest Date: nothing is observed (as rfmSummary ignores it all).
  if (end < -MAX_DATE_MS) return rfmSummary([], summary);
  const r = await aggregateOf('loyaltyTransactions', repo, ctx, {
    where: {
      all: [
        { field: 'spend', op: 'isNull', value: false },
        ...(end <= MAX_DATE_MS ? [{ field: 'at', op: 'lt', value: new Date(end) }] : []),
        ...(where === null ? [] : [where]),
      ],
    },
    groupBy: ['customerId', 'at'],
    measures: { spend: { fn: 'sum', field: 'spend' } },
  } as never);
  if (!r.ok) return r;
  // The rows come ordered by customer id, then instant: rfmSummary lists customers in that order.
  const purchases: Purchase[] = [];
  for (const row of r.value) {
    const spend = row.measures['spend'] as Money;
    const first = purchases[0];
    if (first !== undefined && spend.currency !== first.spend.currency)
      return err(
        new CrmError(
          'currency_mismatch',
          `rfmSummaryInStore: the purchases are in ${first.spend.currency} and ${spend.currency}; filter one currency with where`,
          {
            issues: [
              crmIssue.of(
                'currency_mismatch',
                ['spend', 'currency'],
                `customer ${String(row.group['customerId'])} has spend in ${spend.currency}, customer ${first.customerId} in ${first.spend.currency}`,
              ),
            ],
          },
        ),
      );
    purchases.push({ customerId: String(row.group['customerId']), at: row.group['at'] as Date, spend });
  }
  const out = rfmSummary(purchases, summary);
  return out.ok ? ok(out.value) : err(invalidInput('rfmSummaryInStore', out.error.issues));
}
