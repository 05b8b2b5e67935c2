/**
 * RFM summaries of a transaction log: the (x, tₓ, T, m̄) inputs of the CLV models, with an optional
 * calibration/holdout split.
 *
 * @module
 */
import { CrmError, type CrmIssue } from '../core/errors.js';
import { checkOptionKeys, crmIssue, invalidInput } from '../core/issues.js';
import { err, ok, type Result } from '../core/result.js';
import { Dec } from '../money/decimal.js';
import { isMoney, type Money } from '../money/money.js';
import { quoteValue } from '../_lib/show.js';
import { isAccessor, readAccessor as read } from '../_lib/readAccessor.js';
import { utcDayOf as dayOf } from '../_lib/utcDay.js';

/**
 * The unit in which recency, T and the holdout duration are measured: a day, a week (7 days) or a
 * month (365.25 / 12 = 30.4375 days, the mean Gregorian month).
 *
 * @example
 * ```ts
 * const unit: RfmTimeUnit = 'week';
 * ```
 */
export type RfmTimeUnit = 'day' | 'week' | 'month';

/**
 * Length of one {@link RfmTimeUnit} in days.
 *
 * @example
 * ```ts
 * TIME_UNIT_DAYS.week; //=> 7
 * TIME_UNIT_DAYS.month; //=> 30.4375
 * ```
 */
export const TIME_UNIT_DAYS: Readonly<Record<RfmTimeUnit, number>> = /* @__PURE__ */ (() =>
  Object.freeze({
    day: 1,
    week: 7,
    month: 365.25 / 12,
  }))();

/**
 * How to read a field of a transaction: a property name, or a function.
 *
 * @example
 * ```ts
 * const byKey: Accessor<{ at: Date }, Date> = 'at';
 * const byFn: Accessor<{ at: Date }, Date> = (t) => t.at;
 * ```
 */
export type Accessor<T, V> =
  (T extends object ? { [K in keyof T]: T[K] extends V ? K : never }[keyof T] : never) | ((transaction: T) => V);

/**
 * Options of {@link rfmSummary}.
 *
 * @example
 * ```ts
 * const options: RfmSummaryOptions<{ id: string; at: Date; value: string }> = {
 *   customerId: 'id', at: 'at', value: 'value', observationEnd: '1998-06-30', calibrationEnd: '1997-09-30', timeUnit: 'week',
 * };
 * ```
 */
export interface RfmSummaryOptions<T> {
  /** The customer of a transaction (a string or a number). */
  readonly customerId: Accessor<T, string | number>;
  /** When it happened: a Date, an ISO date string or epoch milliseconds. */
  readonly at: Accessor<T, Date | string | number>;
  /** Its value: a decimal string, a finite number or Money (optional; without it monetary values are 0). */
  readonly value?: Accessor<T, string | number | Money>;
  /** End of observation (inclusive day). Transactions after it are outside the window and ignored. */
  readonly observationEnd: Date | string | number;
  /** Unit of recency, T and durations. */
  readonly timeUnit: RfmTimeUnit;
  /**
   * End of the calibration period (inclusive day). When given, frequency, recency, T and
   * monetaryValue describe the calibration period, customers whose first purchase is after it are
   * left out, and the holdout fields describe (calibrationEnd, observationEnd].
   */
  readonly calibrationEnd?: Date | string | number;
}

/**
 * One customer's RFM summary. Purchases on the same UTC calendar day are collapsed into one purchase
 * (their values summed), as BTYD's `dc.MergeTransactionsOnSameDate` and lifetimes'
 * `summary_data_from_transaction_data` do; times are measured between UTC days.
 *
 * @example
 * ```ts
 * const c: RfmCustomer = { customerId: '0001', frequency: 2, recency: 30.428571428571427, T: 38.857142857142854, monetaryValue: 22.345,
 *   frequencyHoldout: 1, monetaryValueHoldout: 26.48, durationHoldout: 39 };
 * ```
 */
export interface RfmCustomer {
  readonly customerId: string;
  /** Repeat purchases: purchase days after the first one (in the calibration period when split). */
  readonly frequency: number;
  /** Time from the first to the last purchase day (0 when frequency is 0). */
  readonly recency: number;
  /** Time from the first purchase day to the end (calibration end when split, else observation end). */
  readonly T: number;
  /** Mean value of the repeat purchase days (0 when frequency is 0), computed exactly in decimal then rounded to a number. */
  readonly monetaryValue: number;
  /** Purchase days in the holdout period; `null` without `calibrationEnd`. */
  readonly frequencyHoldout: number | null;
  /** Mean value of the holdout purchase days (0 when there are none); `null` without `calibrationEnd`. */
  readonly monetaryValueHoldout: number | null;
  /** Length of the holdout period; `null` without `calibrationEnd`. */
  readonly durationHoldout: number | null;
}

/** The largest magnitude of a value: its mean is then a finite number (the summary's numbers are binary64). */
const MAX_VALUE = /* @__PURE__ */ new Dec('1.7976931348623157e+308');

function valueOf(v: unknown): InstanceType<typeof Dec> | undefined {
  const d = decimalOf(v);
  return d !== undefined && d.abs().lte(MAX_VALUE) ? d : undefined;
}

function decimalOf(v: unknown): InstanceType<typeof Dec> | undefined {
  if (v === undefined) return undefined;
  if (isMoney(v)) return new Dec(v.amount);
  if (typeof v === 'number') return Number.isFinite(v) ? new Dec(v) : undefined;
  if (typeof v === 'string' && /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/.test(v.trim())) return new Dec(v.trim());
  return undefined;
}

interface Acc {
  days: Map<number, InstanceType<typeof Dec>>;
  order: number;
}

/**
 * Summarises a transaction log per customer into frequency (repeat purchases), recency, T and
 * monetary value — the inputs of `fitBgNbd`, `fitParetoNbd` and `fitGammaGamma` — with an optional
 * calibration/holdout split. Purchases on the same UTC day are collapsed into one (values summed);
 * recency and T are measured between UTC days in `timeUnit`. Customers come out in the order of
 * their first transaction in the input. The input is not changed; the output is frozen.
 *
 * Returns `validation_failed` listing each bad transaction by index (missing customer id, invalid
 * date, a value that is not a decimal string, finite number or Money, or is larger in magnitude than
 * binary64 can hold, about 1.8e308) or bad options; Money values in two currencies (among the
 * transactions up to `observationEnd`) are `currency_mismatch` (an issue at `[i, 'value', 'currency']` per
 * transaction in another currency than the first Money value's: amounts are never added across currencies); an empty log
 * gives an empty list. Reproduces lifetimes' `summary_data_from_transaction_data` and BTYD's
 * `dc.ElogToCbsCbt` on CDNOW.
 *
 * @example
 * ```ts
 * const rows = unwrap(rfmSummary(
 *   [{ id: 'a', at: '1997-01-01', value: '29.33' }, { id: 'a', at: '1997-01-18', value: '29.73' }, { id: 'a', at: '1997-08-02', value: '14.96' }],
 *   { customerId: 'id', at: 'at', value: 'value', observationEnd: '1997-09-30', timeUnit: 'week' },
 * ));
 * rows[0]; //=> { customerId: 'a', frequency: 2, recency: 30.43 (213 days), T: 38.86 (272 days), monetaryValue: 22.345, … }
 * ```
 */
export function rfmSummary<T>(
  transactions: readonly T[],
  options: RfmSummaryOptions<T>,
): Result<readonly RfmCustomer[]> {
  try {
    return summarise(transactions, options);
  } catch (e) {
    // A throwing getter or accessor in the caller's data: reported, never thrown (the rule for Results).
    if (e instanceof CrmError) return err(e);
    return err(
      invalidInput('rfmSummary', [
        crmIssue.of(
          'custom',
          [],
          `rfmSummary: reading the input threw: ${e instanceof Error ? e.message : 'a non-Error'}`,
        ),
      ]),
    );
  }
}

const OPTION_KEYS = ['customerId', 'at', 'value', 'observationEnd', 'timeUnit', 'calibrationEnd'] as const;

function summarise<T>(transactions: readonly T[], options: RfmSummaryOptions<T>): Result<readonly RfmCustomer[]> {
  const issues: CrmIssue[] = [];
  if (!Array.isArray(transactions)) {
    return err(
      new CrmError('validation_failed', 'rfmSummary: transactions must be an array', {
        issues: [{ path: [], message: 'expected an array', code: 'invalid_type' }],
      }),
    );
  }
  issues.push(...checkOptionKeys(options, OPTION_KEYS, ['options']));
  if (options === null || typeof options !== 'object') {
    if (issues.length === 0)
      issues.push(
        crmIssue.invalidType(
          ['options'],
          'options { customerId, at, value?, observationEnd, timeUnit, calibrationEnd? }',
          options,
        ),
      );
    return err(invalidInput('rfmSummary', issues));
  }
  for (const key of ['customerId', 'at'] as const) {
    if (!isAccessor(options[key]))
      issues.push(crmIssue.invalidType(['options', key], 'a property name or a function', options[key]));
  }
  if (options.value !== undefined && !isAccessor(options.value))
    issues.push(crmIssue.invalidType(['options', 'value'], 'a property name or a function', options.value));
  const timeUnit: unknown = options.timeUnit;
  const unitDays =
    timeUnit === 'day' || timeUnit === 'week' || timeUnit === 'month' ? TIME_UNIT_DAYS[timeUnit] : undefined;
  if (unitDays === undefined)
    issues.push({
      path: ['options', 'timeUnit'],
      message: `timeUnit must be 'day', 'week' or 'month'; received ${quoteValue(timeUnit)}`,
      code: 'invalid_value',
    });
  const endDay = dayOf(options.observationEnd);
  if (endDay === undefined)
    issues.push({
      path: ['options', 'observationEnd'],
      message: `observationEnd must be a valid date; received ${quoteValue(options.observationEnd)}`,
      code: 'invalid_date',
    });
  const calDay = options.calibrationEnd === undefined ? undefined : dayOf(options.calibrationEnd);
  if (options.calibrationEnd !== undefined && calDay === undefined) {
    issues.push({
      path: ['options', 'calibrationEnd'],
      message: `calibrationEnd must be a valid date; received ${quoteValue(options.calibrationEnd)}`,
      code: 'invalid_date',
    });
  }
  if (calDay !== undefined && endDay !== undefined && calDay > endDay) {
    issues.push({
      path: ['options', 'calibrationEnd'],
      message: 'calibrationEnd must not be after observationEnd',
      code: 'too_big',
    });
  }
  if (issues.length > 0)
    return err(new CrmError('validation_failed', `rfmSummary: ${issues.map((i) => i.message).join('; ')}`, { issues }));

  const customers = new Map<string, Acc>();
  // The currency of the first Money value, and its transaction: amounts in two currencies never add up.
  let currency: string | undefined;
  let currencyAt = -1;
  for (let i = 0; i < transactions.length; i++) {
    const t = transactions[i]!;
    const id = read(t, options.customerId);
    const day = dayOf(read(t, options.at));
    const rawValue = options.value === undefined ? '0' : read(t, options.value);
    const value = valueOf(rawValue);
    const before = issues.length;
    if (!(typeof id === 'string' && id !== '') && !(typeof id === 'number' && Number.isFinite(id))) {
      issues.push({
        path: [i, 'customerId'],
        message: `transaction ${i}: customer id must be a non-empty string or a finite number; received ${quoteValue(id)}`,
        code: 'invalid_type',
      });
    }
    if (day === undefined)
      issues.push({
        path: [i, 'at'],
        message: `transaction ${i}: date is not a valid date; received ${quoteValue(read(t, options.at))}`,
        code: 'invalid_date',
      });
    if (value === undefined) {
      issues.push({
        path: [i, 'value'],
        message: `transaction ${i}: value must be a decimal string, a finite number or Money, at most ${Number.MAX_VALUE} in magnitude; received ${quoteValue(rawValue)}`,
        code: 'invalid_number',
      });
    }
    if (issues.length > before) {
      if (issues.length >= 100) break;
      continue;
    }
    if (day! > endDay!) continue; // after the observation: ignored, whatever its currency
    if (isMoney(rawValue)) {
      if (currency === undefined) {
        currency = rawValue.currency;
        currencyAt = i;
      } else if (rawValue.currency !== currency) {
        issues.push({
          path: [i, 'value', 'currency'],
          message: `transaction ${i}: value is in ${rawValue.currency}, transaction ${currencyAt} in ${currency}; summarise one currency at a time (convert first)`,
          code: 'currency_mismatch',
        });
        if (issues.length >= 100) break;
        continue;
      }
    }
    const key = String(id);
    let acc = customers.get(key);
    if (acc === undefined) {
      acc = { days: new Map(), order: customers.size };
      customers.set(key, acc);
    }
    const prev = acc.days.get(day!);
    acc.days.set(day!, prev === undefined ? value! : prev.plus(value!));
  }
  if (issues.length > 0) {
    return err(
      new CrmError(
        issues.every((i) => i.code === 'currency_mismatch') ? 'currency_mismatch' : 'validation_failed',
        `rfmSummary: ${issues.length} invalid transaction${issues.length === 1 ? '' : 's'} (${issues
          .slice(0, 3)
          .map((i) => i.message)
          .join('; ')})`,
        { issues },
      ),
    );
  }

  const cut = calDay ?? endDay!;
  const out: RfmCustomer[] = [];
  for (const [customerId, acc] of customers) {
    const days = [...acc.days.keys()].sort((a, b) => a - b);
    const first = days[0]!;
    if (first > cut) continue; // first purchase in the holdout period: not part of the calibration cohort
    let frequency = 0;
    let last = first;
    let sum = new Dec(0);
    let hold = 0;
    let holdSum = new Dec(0);
    for (const d of days) {
      const v = acc.days.get(d)!;
      if (d <= cut) {
        if (d !== first) {
          frequency++;
          last = d;
          sum = sum.plus(v);
        }
      } else {
        hold++;
        holdSum = holdSum.plus(v);
      }
    }
    const split = calDay !== undefined;
    out.push(
      Object.freeze({
        customerId,
        frequency,
        recency: (last - first) / unitDays!,
        T: (cut - first) / unitDays!,
        monetaryValue: frequency > 0 ? sum.div(frequency).toNumber() : 0,
        frequencyHoldout: split ? hold : null,
        monetaryValueHoldout: split ? (hold > 0 ? holdSum.div(hold).toNumber() : 0) : null,
        durationHoldout: split ? (endDay! - calDay!) / unitDays! : null,
      }),
    );
  }
  return ok(Object.freeze(out));
}
