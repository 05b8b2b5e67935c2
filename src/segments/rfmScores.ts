/**
 * RFM scores: recency, frequency and monetary value per customer from a transaction log, each scored
 * 1 … bins by quantiles (R type 7), with the classic RFM score string ('534').
 *
 * @module
 */
import type { Accessor } from '../clv/rfm.js';
import { CrmError } from '../core/errors.js';
import { checkOptionKeys, crmIssue, IssueList } from '../core/issues.js';
import { err, ok, type Result } from '../core/result.js';
import { currencyMinorUnits, isCurrencyCode, type CurrencyCode } from '../money/currencies.js';
import { Dec } from '../money/decimal.js';
import { canonicalAmount, MONEY_MAX_DIGITS, type Money } from '../money/money.js';
import { isAccessor, readAccessor } from '../_lib/readAccessor.js';
import { quoteValue, thrownText } from '../_lib/show.js';
import { utcDayOf } from '../_lib/utcDay.js';
import { axisBreaks, binOf, reducedBinsWarning, type AxisBreaks } from './_rfmAxis.js';
import { minorUnitsToAmount, parseMinorUnits, roundedMeanHalfEven } from './_minorUnits.js';

/**
 * A transaction in the default shape {@link rfmScores} reads: who, when (a Date, an ISO string, a
 * `YYYYMMDD` string or epoch milliseconds), and how much (Money, or a decimal string read in
 * `options.currency`).
 *
 * @example
 * ```ts
 * const t: RfmTransaction = { customerId: 'c1', at: '2026-03-02', value: money('19.90', 'USD') };
 * ```
 */
export interface RfmTransaction {
  readonly customerId: string | number;
  readonly at: Date | string | number;
  readonly value: Money | string;
}

/**
 * Where {@link rfmScores} reads the customer, the date and the value of a transaction: a property name
 * or a function (the same {@link Accessor}s `rfmSummary` of crmkit/clv takes). Optional for
 * {@link RfmTransaction}s (defaults `'customerId'`, `'at'`, `'value'`), required for any other shape.
 *
 * @example
 * ```ts
 * const a: RfmAccessors<{ id: string; day: string; amount: string }> = { customerId: 'id', at: 'day', value: 'amount' };
 * ```
 */
export type RfmAccessors<T> = [T] extends [RfmTransaction]
  ? {
      readonly customerId?: Accessor<T, string | number>;
      readonly at?: Accessor<T, Date | string | number>;
      readonly value?: Accessor<T, Money | string>;
    }
  : {
      readonly customerId: Accessor<T, string | number>;
      readonly at: Accessor<T, Date | string | number>;
      readonly value: Accessor<T, Money | string>;
    };

/**
 * Options of {@link rfmScores}.
 *
 * @example
 * ```ts
 * const o: RfmScoresOptions = { observationEnd: '2026-03-31', bins: 5, monetary: 'sum', currency: 'USD' };
 * ```
 */
export type RfmScoresOptions<T = RfmTransaction> = RfmAccessors<T> & {
  /**
   * End of observation: a Date, an ISO string, a `YYYYMMDD` string or epoch milliseconds. Its UTC day
   * is the last day counted; transactions on later days are ignored (still checked).
   */
  readonly observationEnd: Date | string | number;
  /** Score bins per axis: 5 (quintiles, the default) or 4 (quartiles). */
  readonly bins?: 5 | 4;
  /** Monetary value: the `'sum'` of a customer's values (default) or their `'mean'`. */
  readonly monetary?: 'sum' | 'mean';
  /**
   * The currency of decimal-string values (`'19.90'`). Without it every value must be Money; with it,
   * Money values must be in this currency.
   */
  readonly currency?: CurrencyCode;
};

/**
 * One customer's RFM score.
 *
 * @example
 * ```ts
 * const s: RfmScore = { customerId: 'c1', recencyDays: 3, frequency: 4, monetary: money('120.00', 'USD'), r: 5, f: 3, m: 4, score: '534' };
 * ```
 */
export interface RfmScore {
  readonly customerId: string;
  /** Whole UTC days from the customer's last purchase day to the observation end's day (0 = that day). */
  readonly recencyDays: number;
  /** Transactions in the window (every order counts, several on one day too). */
  readonly frequency: number;
  /** Sum (or mean, rounded half-even to the currency's minor units) of the values, exact. */
  readonly monetary: Money;
  /** Recency score, 1 … the axis' bins; the highest is the most recent. */
  readonly r: number;
  /** Frequency score; the highest is the most frequent. */
  readonly f: number;
  /** Monetary score; the highest is the largest value. */
  readonly m: number;
  /** `${r}${f}${m}`, e.g. `'534'`. */
  readonly score: string;
}

/**
 * How one axis was binned.
 *
 * @example
 * ```ts
 * const a: RfmAxis = { bins: 2, quantiles: [1, 1, 1, 1, 2, 9], breaks: [1, 2, 9] };
 * ```
 */
export interface RfmAxis {
  /** Bins the axis got: the requested count, or fewer when breaks coincide (0 for no customers). */
  readonly bins: number;
  /**
   * The customers' quantiles at p = k / requested bins, k = 0 … bins: R's `quantile(x, (0:bins)/bins,
   * type = 7)`. Monetary quantiles are of the monetary values as binary64 numbers (currency units).
   */
  readonly quantiles: readonly number[];
  /** The distinct quantiles, ascending: bin j is (breaks[j − 1], breaks[j]], the first also holding breaks[0]. */
  readonly breaks: readonly number[];
}

/**
 * The result of {@link rfmScores}.
 *
 * @example
 * ```ts
 * declare const s: RfmScores;
 * s.customers.length; s.axes.frequency.bins; s.warnings;
 * ```
 */
export interface RfmScores {
  /** One row per customer with a transaction in the window, in order of their first such transaction. */
  readonly customers: readonly RfmScore[];
  /** The requested bins per axis. */
  readonly bins: 5 | 4;
  /** How each axis was binned. */
  readonly axes: { readonly recency: RfmAxis; readonly frequency: RfmAxis; readonly monetary: RfmAxis };
  /** The currency of every monetary value (`null` when there are no customers and none was given). */
  readonly currency: CurrencyCode | null;
  /** One sentence per axis that got fewer bins than asked, saying how many and why. */
  readonly warnings: readonly string[];
}

const OPTION_KEYS = ['observationEnd', 'bins', 'monetary', 'customerId', 'at', 'value', 'currency'] as const;
const DECIMAL_STRING = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/;

/** '111' … '555', by `r * 100 + f * 10 + m`: score strings without an allocation per customer. */
const SCORE_TEXT: readonly string[] = /* @__PURE__ */ (() => {
  const t: string[] = [];
  for (let i = 0; i < 1000; i++) t.push(String(i).padStart(3, '0'));
  return t;
})();

/**
 * RFM scores per customer from a transaction log (classic RFM segmentation input; not the model
 * input `rfmSummary` of crmkit/clv, see docs/rfm.md for the difference).
 *
 * Per customer: `recencyDays`, whole UTC days from the last purchase day to `observationEnd`'s day;
 * `frequency`, the number of transactions in the window (classic RFM counts orders, where
 * `rfmSummary` counts repeat purchase days); `monetary`, the exact sum of the values, or their mean
 * rounded half-even to the currency's minor units; and scores `r`, `f`, `m` in 1 … bins with
 * `score = `${r}${f}${m}``. The highest score on each axis is the best: the most recent (smallest
 * `recencyDays`), the most frequent, the largest value.
 *
 * **Breaks.** Each axis is cut at the customers' quantiles at p = k / bins (k = 0 … bins), R's
 * `quantile(type = 7)` (Hyndman & Fan 1996, definition 7). Bins are right-closed — bin j holds
 * values in (break[j − 1], break[j]], the first also holds the minimum — so **a value equal to a
 * break falls in the bin below it**, as pandas `qcut` (which PyMC-Marketing's `rfm_segments` uses)
 * cuts: on frequency and monetary that is the lower score; on recency, whose scores are reversed,
 * the higher one (a customer exactly at a recency break counts as the more recent).
 *
 * **Ties.** When breaks coincide (many customers with frequency 1 is the usual case) they are merged
 * and the axis gets fewer bins, scored 1 … that many, as `qcut(duplicates = 'drop')` in
 * PyMC-Marketing's `rfm_segments` does; `warnings` says so in one sentence per axis, and `axes`
 * carries each axis' bins, quantiles and breaks. An axis whose values are all equal gets one bin
 * (everyone scores 1 on it; `qcut` gives NaN there). Scores are never NaN.
 *
 * Values are Money, or decimal strings when `options.currency` is given; binary floating-point
 * numbers are refused. Sums are exact (integer minor units while they stay below 2^53, decimal.js
 * beyond). Transactions after `observationEnd`'s UTC day are ignored (but checked). An empty log, or
 * one with no transaction in the window, gives no customers, axes with 0 bins and no warnings. The
 * input is not changed; the result is frozen.
 *
 * Bad input gives `validation_failed` with a path per problem: `[i, 'customerId']` (missing or not a
 * non-empty string or finite number), `[i, 'at']` (not a valid date), `[i, 'value']` (not Money or a
 * decimal string of at most 80 significant digits, a decimal string without `options.currency`, or a
 * currency other than the first one seen or given: `currency_mismatch`), `['options', 'bins']` (not 5
 * or 4), `['options', <key>]` for other bad options and unknown keys (`unrecognized_keys`). Never
 * throws for its input: a throwing getter or accessor is reported in the Result.
 *
 * @example
 * ```ts
 * const r = rfmScores(
 *   [
 *     { customerId: 'a', at: '2026-03-30', value: '40.00' },
 *     { customerId: 'a', at: '2026-03-10', value: '25.50' },
 *     { customerId: 'b', at: '2026-01-15', value: '12.00' },
 *   ],
 *   { observationEnd: '2026-03-31', currency: 'USD' },
 * );
 * if (r.ok) r.value.customers[0]; //=> { customerId: 'a', recencyDays: 1, frequency: 2, monetary: { amount: '65.50', currency: 'USD' }, r: 5, f: 5, m: 5, score: '555' }
 * ```
 */
export function rfmScores<T = RfmTransaction>(
  transactions: readonly T[],
  options: RfmScoresOptions<T>,
): Result<RfmScores> {
  try {
    return score(transactions, options as unknown);
  } catch (e) {
    // A throwing getter, proxy or accessor in the caller's data: reported, never thrown (the rule for Results).
    if (e instanceof CrmError) return err(e);
    const issues = new IssueList();
    issues.push(crmIssue.of('custom', [], `reading the input threw: ${thrownText(e)}`));
    return err(issues.error('rfmScores'));
  }
}

interface Options {
  readonly endDay: number;
  readonly bins: 5 | 4;
  readonly mean: boolean;
  readonly customerId: unknown;
  readonly at: unknown;
  readonly value: unknown;
  readonly currency: CurrencyCode | undefined;
}

function readOptions(options: unknown, issues: IssueList): Options | undefined {
  issues.push(...checkOptionKeys(options, OPTION_KEYS, ['options']));
  if (issues.count > 0) return undefined;
  const o = (options ?? {}) as Record<string, unknown>;
  const endDay = utcDayOf(o.observationEnd);
  if (endDay === undefined)
    issues.push(
      o.observationEnd === undefined
        ? crmIssue.of(
            'invalid_date',
            ['options', 'observationEnd'],
            'observationEnd is required: a Date, an ISO string or epoch milliseconds',
          )
        : crmIssue.invalidDate(['options', 'observationEnd'], o.observationEnd),
    );
  const bins = o.bins === undefined ? 5 : o.bins;
  if (bins !== 5 && bins !== 4)
    issues.push(crmIssue.invalidValue(['options', 'bins'], 'bins must be 5 or 4', o.bins, ['5', '4']));
  const monetary = o.monetary === undefined ? 'sum' : o.monetary;
  if (monetary !== 'sum' && monetary !== 'mean')
    issues.push(
      crmIssue.invalidValue(['options', 'monetary'], "monetary must be 'sum' or 'mean'", o.monetary, ['sum', 'mean']),
    );
  const accessors: Record<'customerId' | 'at' | 'value', unknown> = {
    customerId: 'customerId',
    at: 'at',
    value: 'value',
  };
  for (const key of ['customerId', 'at', 'value'] as const) {
    const a = o[key];
    if (a === undefined) continue;
    if (isAccessor(a)) accessors[key] = a;
    else issues.push(crmIssue.invalidType(['options', key], 'a property name or a function', a));
  }
  const currency = o.currency;
  if (currency !== undefined && !isCurrencyCode(currency))
    issues.push(
      crmIssue.of(
        'invalid_currency',
        ['options', 'currency'],
        `currency must be an ISO 4217 code crmkit knows, such as 'USD'; received ${quoteValue(currency)}`,
      ),
    );
  if (issues.count > 0) return undefined;
  return {
    endDay: endDay!,
    bins: bins as 5 | 4,
    mean: monetary === 'mean',
    ...accessors,
    currency: currency as CurrencyCode | undefined,
  };
}

/** Per-customer state in growable typed arrays: no allocation per transaction. */
class Customers {
  readonly index = new Map<string, number>();
  readonly ids: string[] = [];
  lastDay = new Float64Array(1024);
  count = new Float64Array(1024);
  /** Sum in integer minor units, or NaN when the sum lives in `decimal` (exact beyond 2^53 or sub-minor digits). */
  sum = new Float64Array(1024);
  readonly decimal = new Map<number, Dec>();

  add(id: string): number {
    const k = this.ids.length;
    if (k === this.lastDay.length) {
      const grow = (a: Float64Array) => {
        const b = new Float64Array(a.length * 2);
        b.set(a);
        return b;
      };
      this.lastDay = grow(this.lastDay);
      this.count = grow(this.count);
      this.sum = grow(this.sum);
    }
    this.index.set(id, k);
    this.ids.push(id);
    this.lastDay[k] = -Infinity;
    return k;
  }
}

function badValue(i: number, v: unknown, why: string) {
  return crmIssue.of('invalid_amount', [i, 'value'], `transaction ${i}: ${why}; received ${quoteValue(v)}`);
}

/** A decimal string's value (in currency units) for the slow path, or undefined when it is not one. */
function slowDecimal(text: string): Dec | undefined {
  if (!DECIMAL_STRING.test(text)) return undefined;
  const d = new Dec(text);
  return text.length > MONEY_MAX_DIGITS && d.sd(true) > MONEY_MAX_DIGITS ? undefined : d;
}

function score(transactions: unknown, options: unknown): Result<RfmScores> {
  const issues = new IssueList();
  if (!Array.isArray(transactions)) {
    issues.push(crmIssue.invalidType([], 'an array of transactions', transactions));
    readOptions(options, issues);
    return err(issues.error('rfmScores'));
  }
  const o = readOptions(options, issues);
  if (o === undefined) return err(issues.error('rfmScores'));

  const { endDay, customerId: idOf, at: atOf, value: valueOf } = o;
  let currency = o.currency;
  let minor = currency === undefined ? 0 : currencyMinorUnits(currency);
  let scale = 10 ** minor;
  const c = new Customers();
  const n = transactions.length;
  for (let i = 0; i < n; i++) {
    const t: unknown = transactions[i];
    const id = readAccessor(t, idOf);
    const at = readAccessor(t, atOf);
    const v = readAccessor(t, valueOf);
    const before = issues.count;
    let key: string;
    if (typeof id === 'string' && id !== '') key = id;
    else if (typeof id === 'number' && Number.isFinite(id)) key = String(id);
    else {
      key = '';
      issues.push(
        crmIssue.of(
          'invalid_type',
          [i, 'customerId'],
          `transaction ${i}: customer id must be a non-empty string or a finite number; received ${quoteValue(id)}`,
        ),
      );
    }
    const day = at instanceof Date ? Math.floor(at.getTime() / 86_400_000) : utcDayOf(at);
    if (day === undefined || !Number.isFinite(day)) issues.push(crmIssue.invalidDate([i, 'at'], at));

    // The value: integer minor units (fast), or a decimal (slow) — NaN / undefined when bad.
    let amount: string | undefined;
    if (typeof v === 'string') {
      if (currency === undefined) {
        issues.push(badValue(i, v, 'a decimal-string value needs options.currency (or pass Money)'));
      } else amount = v;
    } else if (v !== null && typeof v === 'object') {
      const a = (v as { amount?: unknown }).amount;
      const cur = (v as { currency?: unknown }).currency;
      if (cur === currency && currency !== undefined && typeof a === 'string') amount = a;
      else if (typeof a !== 'string' || !isCurrencyCode(cur)) {
        issues.push(badValue(i, v, 'value must be Money { amount, currency } or a decimal string'));
      } else if (currency === undefined) {
        currency = cur;
        minor = currencyMinorUnits(cur);
        scale = 10 ** minor;
        amount = a;
      } else {
        issues.push(
          crmIssue.of(
            'currency_mismatch',
            [i, 'value'],
            `transaction ${i}: value is in ${cur} but the other values are in ${currency}; one currency per call (convert first)`,
          ),
        );
      }
    } else {
      issues.push(
        badValue(
          i,
          v,
          'value must be Money or a decimal string (numbers are refused: money never passes through binary floating point)',
        ),
      );
    }
    let units = NaN;
    let dec: Dec | undefined;
    if (amount !== undefined) {
      units = parseMinorUnits(amount, minor);
      if (units !== units) {
        // Decimal strings may carry surrounding spaces (as rfmSummary reads them); Money amounts may not (isMoney).
        dec = slowDecimal(typeof v === 'string' ? amount.trim() : amount);
        if (dec === undefined)
          issues.push(
            badValue(
              i,
              v,
              `value must be a decimal string (digits, an optional sign and point) of at most ${MONEY_MAX_DIGITS} significant digits`,
            ),
          );
      }
    }
    if (issues.count > before) {
      if (issues.full) break;
      continue;
    }
    if (issues.count > 0 || day! > endDay) continue;

    let k = c.index.get(key);
    if (k === undefined) k = c.add(key);
    c.count[k]!++;
    if (day! > c.lastDay[k]!) c.lastDay[k] = day!;
    const s = c.sum[k]!;
    if (dec === undefined && s === s) {
      const next = s + units;
      if (next <= Number.MAX_SAFE_INTEGER && next >= -Number.MAX_SAFE_INTEGER) {
        c.sum[k] = next;
        continue;
      }
    }
    // Slow path: the customer's sum in decimal minor units from now on.
    const prev = s === s ? new Dec(s) : c.decimal.get(k)!;
    c.decimal.set(k, prev.plus(dec === undefined ? new Dec(units) : dec.times(scale)));
    c.sum[k] = NaN;
  }
  if (issues.count > 0) return err(issues.error('rfmScores'));
  return ok(finish(c, o, currency ?? null, minor, scale));
}

function finish(c: Customers, o: Options, currency: CurrencyCode | null, minor: number, scale: number): RfmScores {
  const n = c.ids.length;
  const recency = new Float64Array(n);
  const frequency = new Float64Array(n);
  const monetaryValue = new Float64Array(n);
  const monetary: Money[] = new Array<Money>(n);
  for (let k = 0; k < n; k++) {
    recency[k] = o.endDay - c.lastDay[k]!;
    const count = c.count[k]!;
    frequency[k] = count;
    const s = c.sum[k]!;
    let amount: string;
    if (s === s && (!o.mean || Math.abs(s) <= 2 ** 52)) {
      const units = o.mean ? roundedMeanHalfEven(s, count) : s;
      amount = minorUnitsToAmount(units, minor);
      monetaryValue[k] = units / scale;
    } else {
      let d = s === s ? new Dec(s) : c.decimal.get(k)!;
      if (o.mean) d = d.div(count).toDecimalPlaces(0, Dec.ROUND_HALF_EVEN);
      const value = d.div(scale);
      amount = canonicalAmount(value, currency!);
      monetaryValue[k] = value.toNumber();
    }
    monetary[k] = Object.freeze({ amount, currency: currency! });
  }
  const axes = {
    recency: axisBreaks(recency.slice(), o.bins),
    frequency: axisBreaks(frequency.slice(), o.bins),
    monetary: axisBreaks(monetaryValue.slice(), o.bins),
  };
  const customers: RfmScore[] = new Array<RfmScore>(n);
  const rb = axes.recency.breaks;
  const fb = axes.frequency.breaks;
  const mb = axes.monetary.breaks;
  const rBins = axes.recency.bins;
  for (let k = 0; k < n; k++) {
    const r = rBins + 1 - binOf(recency[k]!, rb);
    const f = binOf(frequency[k]!, fb);
    const m = binOf(monetaryValue[k]!, mb);
    customers[k] = Object.freeze({
      customerId: c.ids[k]!,
      recencyDays: recency[k]!,
      frequency: frequency[k]!,
      monetary: monetary[k]!,
      r,
      f,
      m,
      score: SCORE_TEXT[r * 100 + f * 10 + m]!,
    });
  }
  const warnings: string[] = [];
  for (const [name, axis] of [
    ['recency', axes.recency],
    ['frequency', axes.frequency],
    ['monetary', axes.monetary],
  ] as const) {
    if (n > 0 && axis.bins < o.bins) warnings.push(reducedBinsWarning(name, o.bins, axis));
  }
  const freezeAxis = (a: AxisBreaks): RfmAxis =>
    Object.freeze({ bins: a.bins, quantiles: Object.freeze(a.quantiles), breaks: Object.freeze(a.breaks) });
  return Object.freeze({
    customers: Object.freeze(customers),
    bins: o.bins,
    axes: Object.freeze({
      recency: freezeAxis(axes.recency),
      frequency: freezeAxis(axes.frequency),
      monetary: freezeAxis(axes.monetary),
    }),
    currency,
    warnings: Object.freeze(warnings),
  });
}
