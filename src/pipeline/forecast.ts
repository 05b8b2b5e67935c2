/**
 * Weighted pipeline value and the forecast by category and month/quarter, in exact Money.
 *
 * @module
 */
import { CrmError } from '../core/errors.js';
import { Dec } from '../money/decimal.js';
import { fromDecimal, moneyToDecimal, type Money } from '../money/money.js';
import { convertMoney, type ExchangeRate } from '../money/arithmetic.js';
import { isCurrencyCode } from '../money/currencies.js';
import { periodsBetween, type Period } from '../time/period.js';
import type { Deal } from '../entities/deal.js';
import { FORECAST_CATEGORIES, type ForecastCategory, type Pipeline } from './define.js';
import { quoteValue } from '../_lib/show.js';

/** Converts `m` into `currency` with the matching rate; throws `currency_mismatch` when none is given. */
export function toCurrency(m: Money, currency: string, rates: readonly ExchangeRate[] | undefined, fn: string): Money {
  if (m.currency === currency) return m;
  const rate = rates?.find((r) => r.from === m.currency && r.to === currency);
  if (rate === undefined) {
    throw new CrmError(
      'currency_mismatch',
      `${fn}: an amount is in ${m.currency} and no ${m.currency}→${currency} rate was given`,
      {
        issues: [
          { path: ['rates'], message: `add a rate from ${m.currency} to ${currency}`, code: 'currency_mismatch' },
        ],
      },
    );
  }
  return convertMoney(m, rate);
}

function resolveCurrency(pipeline: Pipeline, currency: string | undefined, fn: string): string {
  const c = currency ?? pipeline.currency;
  if (c === null || !isCurrencyCode(c)) {
    throw new CrmError(
      'validation_failed',
      `${fn}: give a currency (ISO 4217); pipeline '${pipeline.id}' has none of its own`,
      { issues: [{ path: ['currency'], message: 'Expected an ISO 4217 code', code: 'invalid_currency' }] },
    );
  }
  return c;
}

/**
 * Options of {@link weightedPipelineValue}.
 *
 * @example
 * ```ts
 * const o: ValueOptions = { currency: 'EUR', rates: [{ from: 'USD', to: 'EUR', rate: '0.92', asOf: '2026-01-02' }] };
 * ```
 */
export interface ValueOptions {
  /** The currency of the result; defaults to the pipeline's. */
  readonly currency?: string;
  /** Rates for deals in other currencies (conversion rounds half-even to minor units). */
  readonly rates?: readonly ExchangeRate[];
}

/**
 * The probability-weighted value of a pipeline's deals (others are ignored): lost deals count 0,
 * won deals their full amount, open deals `amount × probability` (the deal's probability, which
 * may be a kept manual or model value). Exact: the sum is not rounded (it may carry more
 * decimals than the currency has; round with `roundMoney`). Deals in another currency need a
 * rate in `rates`, else it throws `currency_mismatch`. No deals gives zero.
 *
 * @example
 * ```ts
 * weightedPipelineValue(b2bPipeline, deals, { currency: 'EUR' }); //=> { amount: '48250.00', currency: 'EUR' }
 * ```
 */
export function weightedPipelineValue(pipeline: Pipeline, deals: readonly Deal[], options: ValueOptions = {}): Money {
  const currency = resolveCurrency(pipeline, options.currency, 'weightedPipelineValue');
  let total = new Dec(0);
  for (const d of deals) {
    if (d.pipelineId !== pipeline.id) continue;
    const stage = pipeline.stageById.get(d.stageId);
    if (stage === undefined || stage.kind === 'lost') continue;
    const amount = moneyToDecimal(toCurrency(d.amount, currency, options.rates, 'weightedPipelineValue'));
    total = total.plus(stage.kind === 'won' ? amount : amount.times(d.probability.value));
  }
  return fromDecimal(total, currency);
}

/**
 * The amounts of one forecast category in one bucket.
 *
 * @example
 * ```ts
 * const c: ForecastCell = { count: 3, amount: { amount: '30000.00', currency: 'EUR' }, weighted: { amount: '15000.00', currency: 'EUR' } };
 * ```
 */
export interface ForecastCell {
  readonly count: number;
  /** Unweighted sum of amounts. */
  readonly amount: Money;
  /** Sum of amounts × probability (won: × 1). */
  readonly weighted: Money;
}

/**
 * One bucket of a forecast (a month or a quarter).
 *
 * @example
 * ```ts
 * bucket.categories.commit.amount; bucket.rollup.bestCase;
 * ```
 */
export interface ForecastBucket {
  readonly period: Period;
  readonly categories: Readonly<Record<ForecastCategory, ForecastCell>>;
  /**
   * Cumulative views (Salesforce's forecast-category roll-up): `closed`; `commit` = closed +
   * commit; `bestCase` = closed + commit + best case; `openPipeline` = pipeline + best case + commit
   * (open deals only). Unweighted amounts; `omitted` is in none.
   */
  readonly rollup: {
    readonly closed: Money;
    readonly commit: Money;
    readonly bestCase: Money;
    readonly openPipeline: Money;
  };
}

/**
 * A forecast: buckets covering the period, their total, and the open deals that have no expected
 * close date (they cannot be placed in time).
 *
 * @example
 * ```ts
 * const f: Forecast = forecast(b2bPipeline, deals, { period: { start, end }, by: 'quarter', currency: 'EUR' });
 * ```
 */
export interface Forecast {
  readonly pipelineId: string;
  readonly currency: string;
  readonly by: 'month' | 'quarter';
  readonly buckets: readonly ForecastBucket[];
  readonly total: ForecastBucket;
  readonly unscheduled: ForecastCell;
}

/**
 * Options of {@link forecast}.
 *
 * @example
 * ```ts
 * const o: ForecastOptions = { period: { start: new Date('2026-01-01T00:00:00Z'), end: new Date('2027-01-01T00:00:00Z') }, by: 'quarter', currency: 'EUR' };
 * ```
 */
export interface ForecastOptions extends ValueOptions {
  /** Half-open range to forecast; split into calendar months or quarters (UTC). */
  readonly period: Period;
  readonly by: 'month' | 'quarter';
}

class Cell {
  count = 0;
  amount = new Dec(0);
  weighted = new Dec(0);
  add(amount: Dec, weighted: Dec): void {
    this.count++;
    this.amount = this.amount.plus(amount);
    this.weighted = this.weighted.plus(weighted);
  }
  done(currency: string): ForecastCell {
    return Object.freeze({
      count: this.count,
      amount: fromDecimal(this.amount, currency),
      weighted: fromDecimal(this.weighted, currency),
    });
  }
}

const newCells = (): Record<ForecastCategory, Cell> => ({
  pipeline: new Cell(),
  best_case: new Cell(),
  commit: new Cell(),
  closed: new Cell(),
  omitted: new Cell(),
});

function bucket(period: Period, cells: Record<ForecastCategory, Cell>, currency: string): ForecastBucket {
  const categories = Object.fromEntries(FORECAST_CATEGORIES.map((c) => [c, cells[c].done(currency)])) as Record<
    ForecastCategory,
    ForecastCell
  >;
  const closed = cells.closed.amount;
  const commit = closed.plus(cells.commit.amount);
  return Object.freeze({
    period: Object.freeze({ start: period.start, end: period.end }),
    categories: Object.freeze(categories),
    rollup: Object.freeze({
      closed: fromDecimal(closed, currency),
      commit: fromDecimal(commit, currency),
      bestCase: fromDecimal(commit.plus(cells.best_case.amount), currency),
      openPipeline: fromDecimal(cells.pipeline.amount.plus(cells.best_case.amount).plus(cells.commit.amount), currency),
    }),
  });
}

/**
 * The forecast of a pipeline by forecast category and calendar month or quarter (UTC). Each deal
 * of the pipeline is placed by date — won deals by `closedAt`, open deals by `expectedCloseDate`
 * — in the bucket containing it, under its stage's `forecastCategory`; lost deals are never
 * counted, deals dated outside `period` are left out, and open deals without an expected close
 * date go to `unscheduled`. Amounts are exact (won weighted × 1, open × probability). A currency
 * is needed (the pipeline's or `options.currency`); other currencies need `rates`.
 * Throws `validation_failed` for a bad period, `by` or currency.
 *
 * @example
 * ```ts
 * const f = forecast(b2bPipeline, deals, { period: { start: new Date('2026-01-01T00:00:00Z'), end: new Date('2026-07-01T00:00:00Z') }, by: 'quarter', currency: 'EUR' });
 * f.buckets.map((b) => b.rollup.commit.amount); //=> e.g. ['42000.00', '18500.00']
 * ```
 */
export function forecast(pipeline: Pipeline, deals: readonly Deal[], options: ForecastOptions): Forecast {
  const currency = resolveCurrency(pipeline, options?.currency, 'forecast');
  if (options.by !== 'month' && options.by !== 'quarter') {
    throw new CrmError(
      'validation_failed',
      `forecast: by must be 'month' or 'quarter'; received ${quoteValue(options.by)}`,
      { issues: [{ path: ['by'], message: "Expected 'month' or 'quarter'", code: 'invalid_value' }] },
    );
  }
  const p = options.period;
  if (
    p === null ||
    typeof p !== 'object' ||
    !(p.start instanceof Date) ||
    !(p.end instanceof Date) ||
    !(p.start.getTime() <= p.end.getTime())
  ) {
    throw new CrmError('validation_failed', 'forecast: period must be { start: Date, end: Date } with start ≤ end', {
      issues: [{ path: ['period'], message: 'Expected a valid half-open period', code: 'invalid_period' }],
    });
  }
  const periods = periodsBetween(p.start, p.end, options.by);
  const cells = periods.map(newCells);
  const totals = newCells();
  const unscheduled = new Cell();
  const start = p.start.getTime();
  const end = p.end.getTime();
  for (const d of deals) {
    if (d.pipelineId !== pipeline.id) continue;
    const stage = pipeline.stageById.get(d.stageId);
    if (stage === undefined || stage.kind === 'lost') continue;
    const amount = moneyToDecimal(toCurrency(d.amount, currency, options.rates, 'forecast'));
    const weighted = stage.kind === 'won' ? amount : amount.times(d.probability.value);
    const date = stage.kind === 'won' ? d.closedAt : d.expectedCloseDate;
    if (date === null) {
      if (stage.kind === 'open') unscheduled.add(amount, weighted);
      continue;
    }
    const t = date.getTime();
    if (t < start || t >= end) continue;
    // Buckets are few (months or quarters): a linear scan is cheaper than a search.
    let i = 0;
    while (i < periods.length - 1 && t >= periods[i]!.end.getTime()) i++;
    cells[i]![stage.forecastCategory].add(amount, weighted);
    totals[stage.forecastCategory].add(amount, weighted);
  }
  return Object.freeze({
    pipelineId: pipeline.id,
    currency,
    by: options.by,
    buckets: Object.freeze(periods.map((per, i) => bucket(per, cells[i]!, currency))),
    total: bucket(p, totals, currency),
    unscheduled: unscheduled.done(currency),
  });
}
