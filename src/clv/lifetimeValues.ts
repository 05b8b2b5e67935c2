/**
 * Batch customer lifetime values over customer columns: as a `Float64Array` for speed, or as exact Money.
 *
 * @module
 */
import type { CrmIssue } from '../core/errors.js';
import { checkOptionKeys, crmIssue, IssueList } from '../core/issues.js';
import { err, ok, type Result } from '../core/result.js';
import type { CurrencyCode } from '../money/currencies.js';
import { currencyMinorUnits, isCurrencyCode } from '../money/currencies.js';
import type { Money } from '../money/money.js';
import { quoteValue } from '../_lib/show.js';
import { Cache, guarded, notConvergedAt, overflowAt } from './batch.js';
import { readRfmColumns, type LifetimeValueColumns } from './columns.js';
import { discountedFactor, type DiscountConvention } from './discount.js';
import { gammaGammaSpend } from './gammaGamma.js';
import { checkLifetimeSettings, lifetimeMoney, type LifetimeSettings } from './lifetimeValue.js';
import {
  spendModelIssues,
  transactionKernel,
  transactionModelIssues,
  type SpendModel,
  type TransactionModel,
} from './models.js';
import type { RfmTimeUnit } from './rfm.js';

/**
 * Options of {@link lifetimeValues}: the horizon in months (a positive integer for `'monthly'`, at most
 * 1,200), the monthly discount rate, the time unit the models were fitted in, and optionally the margin
 * (default 1) and the discounting convention (default `'monthly'`), as in `expectedLifetimeValue`.
 *
 * @example
 * ```ts
 * const options: LifetimeValuesOptions = { horizon: 12, discountRate: 0.01, timeUnit: 'week' };
 * ```
 */
export interface LifetimeValuesOptions {
  readonly horizon: number;
  readonly discountRate: number;
  readonly timeUnit: RfmTimeUnit;
  readonly margin?: number;
  readonly discounting?: DiscountConvention;
}

/**
 * Options of {@link lifetimeValuesAsMoney}: those of {@link lifetimeValues} and the `currency` of the
 * monetary values.
 *
 * @example
 * ```ts
 * const options: LifetimeValuesAsMoneyOptions = { horizon: 12, discountRate: 0.01, timeUnit: 'week', currency: 'USD' };
 * ```
 */
export interface LifetimeValuesAsMoneyOptions extends LifetimeValuesOptions {
  readonly currency: CurrencyCode;
}

const KEYS = ['horizon', 'discountRate', 'timeUnit', 'margin', 'discounting'] as const;

interface Checked {
  readonly settings: LifetimeSettings;
  readonly model: TransactionModel;
  readonly spend: SpendModel;
  readonly columns: NonNullable<ReturnType<typeof readRfmColumns>>;
}

function check(
  transactionModel: unknown,
  spendModel: unknown,
  columns: unknown,
  options: unknown,
  keys: readonly string[],
  issues: IssueList,
): Checked | undefined {
  const found: CrmIssue[] = [...transactionModelIssues(transactionModel), ...spendModelIssues(spendModel)];
  found.push(...checkOptionKeys(options, keys, ['options']));
  let settings: LifetimeSettings | undefined;
  if (options === null || typeof options !== 'object') {
    if (found.every((i) => !i.path.includes('options')))
      found.push(crmIssue.invalidType(['options'], `options { ${keys.join(', ')} }`, options));
  } else settings = checkLifetimeSettings(options as Record<string, unknown>, found, ['options']);
  issues.push(...found);
  const cols = readRfmColumns(columns, { monetary: true, rfm: true }, issues, ['columns']);
  if (issues.count > 0 || settings === undefined || cols === undefined) return undefined;
  return {
    settings,
    model: transactionModel as TransactionModel,
    spend: spendModel as SpendModel,
    columns: cols,
  };
}

/**
 * Computes each customer's expected spend and discounted expected purchases with the kernels of
 * `expectedLifetimeValue`, and hands them to `sink`. The discounted expectation factor depends on (x, T)
 * only and is computed once per distinct (x, T); the Pareto/NBD P(alive) once per distinct (x, tₓ, T).
 */
function compute(c: Checked, fn: string, sink: (i: number, spend: number, purchases: number) => boolean): Result<true> {
  const { settings, model, columns } = c;
  const { p, q, v } = c.spend.params;
  const kernel = transactionKernel(model);
  const { size, x: X, tx: TX, T: TT, m: M } = columns;
  const factorCache = new Cache(size, 1);
  const aliveCache = model.model === 'pareto_nbd' ? new Cache(size, 1) : undefined;
  const { horizon, month, discountRate, discounting } = settings;
  for (let i = 0; i < size; i++) {
    const x = X[i]!,
      tx = TX[i]!,
      T = TT[i]!;
    let alive: number;
    if (aliveCache === undefined) alive = kernel.alive(x, tx, T);
    else {
      const k = aliveCache.table.slotOf(x, tx, T);
      if (k >= 0 && !aliveCache.table.inserted) alive = aliveCache.values[k]!;
      else {
        alive = kernel.alive(x, tx, T);
        if (k >= 0) aliveCache.values[k] = alive;
      }
    }
    if (Number.isNaN(alive)) return notConvergedAt(fn, i, 'a series of the transaction model');
    let factor: number;
    const k = factorCache.table.slotOf(x, T, 0);
    if (k >= 0 && !factorCache.table.inserted) factor = factorCache.values[k]!;
    else {
      factor = discountedFactor((t) => kernel.factor(x, T, t), horizon, month, discountRate, discounting);
      if (Number.isNaN(factor)) return notConvergedAt(fn, i, 'a series of the transaction model');
      if (k >= 0) factorCache.values[k] = factor;
    }
    const purchases = factor * alive;
    const spend = gammaGammaSpend(p, q, v, x, M![i]!);
    if (!Number.isFinite(purchases) || !Number.isFinite(spend) || !sink(i, spend, purchases))
      return overflowAt(fn, i, 'the lifetime value');
  }
  return ok(true);
}

/**
 * Expected (discounted) lifetime values of many customers at once, over columns
 * `{ frequency, recency, T, monetaryValue }` in the models' time unit: margin × expected spend
 * (Gamma-Gamma) × discounted expected purchases (BG/NBD or Pareto/NBD), as `expectedLifetimeValue`
 * computes them, one binary64 number per customer in input order, with no object per customer. The
 * discounted expectation, which depends on (x, T) only, is computed once per distinct (x, T).
 *
 * Each value is the binary64 product margin·spend·purchases of the same three factors whose exact
 * decimal product `expectedLifetimeValue` rounds to Money: relative error at most 2⁻⁵² against it before
 * rounding. For Money, use {@link lifetimeValuesAsMoney}.
 *
 * Returns `validation_failed` for bad models (q ≤ 1 included), options (unknown keys, a horizon above
 * 1,200 months) or columns, and for values that overflow (`too_big`); `not_converged` when a series does
 * not converge. Empty columns give an empty array. Never throws for its input.
 *
 * @example
 * ```ts
 * const customers = { frequency: [2, 0], recency: [30.43, 0], T: [38.86, 38.86], monetaryValue: [22.35, 0] };
 * const values = lifetimeValues(
 *   { model: 'bg_nbd', params: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 } },
 *   { params: { p: 6.25, q: 3.74, v: 15.44 } },
 *   customers,
 *   { horizon: 12, discountRate: 0.01, timeUnit: 'week' },
 * );
 * if (values.ok) values.value[0]; //=> 36.29 (as expectedLifetimeValue: '36.29' USD)
 * ```
 */
export function lifetimeValues(
  transactionModel: TransactionModel,
  spendModel: SpendModel,
  columns: LifetimeValueColumns,
  options: LifetimeValuesOptions,
): Result<Float64Array> {
  const fn = 'lifetimeValues';
  return guarded(() => {
    const issues = new IssueList();
    const c = check(transactionModel, spendModel, columns, options, KEYS, issues);
    if (c === undefined) return err(issues.error(fn));
    const out = new Float64Array(c.columns.size);
    const margin = c.settings.margin;
    const done = compute(c, fn, (i, spend, purchases) => {
      const value = margin * spend * purchases;
      out[i] = value;
      return Number.isFinite(value);
    });
    return done.ok ? ok(out) : done;
  });
}

/**
 * {@link lifetimeValues} as exact Money, one frozen `Money` per customer in input order: for each customer,
 * the exact decimal product of the binary64 factors margin × expected spend × discounted expected
 * purchases, rounded half-even to the currency's minor units once, at the end — the same amount, to the
 * last digit, as `expectedLifetimeValue` gives for that customer. (Rounding the `Float64Array` of
 * `lifetimeValues` to cents gives the same amounts except, rarely, one minor unit apart at an exact
 * half-cent.) Costs a few microseconds per customer for the decimal arithmetic.
 *
 * Returns the errors of {@link lifetimeValues}, and `validation_failed` for an unknown currency.
 *
 * @example
 * ```ts
 * const customers = { frequency: [2], recency: [30.43], T: [38.86], monetaryValue: [22.35] };
 * const values = lifetimeValuesAsMoney(
 *   { model: 'bg_nbd', params: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 } },
 *   { params: { p: 6.25, q: 3.74, v: 15.44 } },
 *   customers,
 *   { horizon: 12, discountRate: 0.01, timeUnit: 'week', currency: 'USD' },
 * );
 * if (values.ok) values.value[0]; //=> { amount: '36.29', currency: 'USD' }
 * ```
 */
export function lifetimeValuesAsMoney(
  transactionModel: TransactionModel,
  spendModel: SpendModel,
  columns: LifetimeValueColumns,
  options: LifetimeValuesAsMoneyOptions,
): Result<readonly Money[]> {
  const fn = 'lifetimeValuesAsMoney';
  return guarded(() => {
    const issues = new IssueList();
    const c = check(transactionModel, spendModel, columns, options, [...KEYS, 'currency'], issues);
    const currency: unknown =
      options !== null && typeof options === 'object' ? (options as { currency?: unknown }).currency : undefined;
    if (!isCurrencyCode(currency))
      issues.push(
        crmIssue.of(
          'invalid_currency',
          ['options', 'currency'],
          `currency must be an ISO 4217 code; received ${quoteValue(currency)}`,
        ),
      );
    if (c === undefined || issues.count > 0) return err(issues.error(fn));
    const code = currency as CurrencyCode;
    const minor = currencyMinorUnits(code);
    const margin = c.settings.margin;
    const out: Money[] = new Array<Money>(c.columns.size);
    const done = compute(c, fn, (i, spend, purchases) => {
      if (!Number.isFinite(margin * spend * purchases)) return false;
      out[i] = lifetimeMoney(margin, spend, purchases, code, minor);
      return true;
    });
    if (!done.ok) return done;
    return ok(Object.freeze(out));
  });
}
