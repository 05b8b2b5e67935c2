/**
 * Weighted pipeline value and the forecast by category and month/quarter, in exact Money.
 *
 * @module
 */
import { CrmError } from '../core/errors.js';
import { err, ok, type Result } from '../core/result.js';
import { checkOptionKeys, crmIssue, IssueList } from '../core/issues.js';
import { Dec } from '../money/decimal.js';
import { fromDecimal, moneyToDecimal, type Money } from '../money/money.js';
import type { ExchangeRate } from '../money/arithmetic.js';
import { periodIssue, periodsBetween, type Period } from '../time/period.js';
import type { Deal } from '../entities/deal.js';
import { FORECAST_CATEGORIES, type ForecastCategory, type Pipeline } from './define.js';
import { probabilityIn } from './probability.js';
import {
  checkDeals,
  currencyIssue,
  inCurrency,
  isRecord,
  mismatchError,
  ratesIssues,
  readPipelines,
  stageIn,
  type Pipelines,
} from './_records.js';

/**
 * Options of {@link weightedPipelineValue}.
 *
 * @example
 * ```ts
 * const o: WeightedPipelineValueOptions = { currency: 'EUR', rates: [{ from: 'USD', to: 'EUR', rate: '0.92', asOf: '2026-01-02' }] };
 * ```
 */
export interface WeightedPipelineValueOptions {
  /** The currency of the result; defaults to the pipelines' own (when they all have the same one). */
  readonly currency?: string;
  /** Rates for deals in other currencies (conversion rounds half-even to minor units). */
  readonly rates?: readonly ExchangeRate[];
}

/**
 * @deprecated Use {@link WeightedPipelineValueOptions} (the same type, named after its function).
 *
 * @example
 * ```ts
 * const o: ValueOptions = { currency: 'EUR' };
 * ```
 */
export type ValueOptions = WeightedPipelineValueOptions;

/**
 * Checks what the value and the forecast are given; returns the pipelines, the options as an object
 * and the currency of the result, or every issue.
 */
function readValueInputs(
  fn: string,
  pipelines: unknown,
  deals: unknown,
  options: unknown,
  allowed: readonly string[],
  issues: IssueList,
  extra: (o: Record<string, unknown>) => void = () => undefined,
):
  | {
      readonly byId: ReadonlyMap<string, Pipeline>;
      readonly list: readonly Pipeline[];
      readonly o: Record<string, unknown>;
      readonly currency: string;
    }
  | undefined {
  issues.push(...checkOptionKeys(options, allowed, ['options']));
  const o = isRecord(options) ? options : {};
  extra(o);
  ratesIssues(o['rates'], issues);
  const p = readPipelines(pipelines, ['pipelines'], issues);
  checkDeals(deals, { stage: true, amount: true, probability: true, closedAt: true, expectedCloseDate: true }, issues);
  let currency: string | undefined;
  if (o['currency'] !== undefined) {
    const c = currencyIssue(o['currency'], ['options', 'currency']);
    if (c !== undefined) issues.push(c);
    else currency = o['currency'] as string;
  } else if (p !== undefined) {
    const own = new Set(p.list.map((x) => x.currency));
    const only = own.size === 1 ? [...own][0] : undefined;
    if (typeof only === 'string') currency = only;
    else
      issues.push(
        crmIssue.of(
          'invalid_currency',
          ['options', 'currency'],
          `${fn}: give options.currency (ISO 4217): the pipelines have ${only === null ? 'no currency of their own' : 'different currencies'}`,
        ),
      );
  }
  if (issues.count > 0 || p === undefined || currency === undefined) return undefined;
  return { byId: p.byId, list: p.list, o, currency };
}

/**
 * The probability-weighted value of the deals of one or several pipelines (deals of others are
 * left out): lost deals count 0, won deals their full amount, open deals `amount × probability` —
 * where a probability whose source is `'stage'` is always the stage's probability in its pipeline
 * (see {@link dealProbability}: a deal made by `createDeal` holds 0 until a pipeline sets it), and a
 * manual or model probability is the deal's own. Exact: the sum is not rounded (it may carry more
 * decimals than the currency has; round with `roundMoney`). No deals gives zero.
 *
 * The currency of the result is `options.currency`, else the pipelines' own. Bad data is a `Result`
 * error, never a throw: deals in several currencies without a rate for each are `currency_mismatch`
 * (path `['deals', i, 'amount', 'currency']`); a missing or unknown currency, a bad rate, unknown
 * option keys, something that is not a pipeline and malformed deals are `validation_failed`.
 *
 * @example
 * ```ts
 * declare const deals: readonly Deal[];
 * const r = weightedPipelineValue(b2bPipeline, deals, { currency: 'EUR' });
 * if (r.ok) r.value; //=> { amount: '48250.00', currency: 'EUR' }
 * ```
 */
export function weightedPipelineValue(
  pipelines: Pipelines,
  deals: readonly Deal[],
  options?: WeightedPipelineValueOptions | null,
): Result<Money> {
  const issues = new IssueList();
  const read = readValueInputs('weightedPipelineValue', pipelines, deals, options, ['currency', 'rates'], issues);
  if (read === undefined) return err(issues.error('weightedPipelineValue'));
  const { byId, o, currency } = read;
  const rates = o['rates'] as readonly ExchangeRate[] | undefined;
  let total = new Dec(0);
  for (let i = 0; i < deals.length; i++) {
    const d = deals[i]!;
    const stage = stageIn(byId, d);
    if (stage === undefined || stage.kind === 'lost') continue;
    const amount = inCurrency(d.amount, currency, rates, i);
    if (!('amount' in amount)) return err(mismatchError('weightedPipelineValue', amount));
    total = total.plus(moneyToDecimal(amount).times(probabilityIn(stage, d)));
  }
  return ok(fromDecimal(total, currency));
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
 * declare const bucket: ForecastBucket;
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
 * declare const deals: readonly Deal[];
 * const f: Forecast = unwrap(forecast(b2bPipeline, deals, { period: yearPeriod('2026-01-01'), by: 'quarter', currency: 'EUR' }));
 * ```
 */
export interface Forecast {
  /** The ids of the pipelines forecast, in the order given. */
  readonly pipelineIds: readonly string[];
  /** @deprecated Use `pipelineIds`: the id of the (first) pipeline. */
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
export interface ForecastOptions extends WeightedPipelineValueOptions {
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
    period: Object.freeze({ start: new Date(period.start.getTime()), end: new Date(period.end.getTime()) }),
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
 * The forecast of one or several pipelines by forecast category and calendar month or quarter
 * (UTC). Each deal of the pipelines is placed by date — won deals by `closedAt`, open deals by
 * `expectedCloseDate` — in the bucket containing it, under its stage's `forecastCategory`; lost
 * deals are never counted, deals dated outside `period` are left out, and open deals without an
 * expected close date go to `unscheduled`. Amounts are exact (won weighted × 1, open × the
 * probability the pipeline uses: the stage's for a `'stage'` probability, see
 * {@link dealProbability}). An empty period gives no buckets and a zero total. The currency is
 * `options.currency`, else the pipelines' own; other currencies need `rates`.
 *
 * Bad data is a `Result` error, never a throw: deals in a currency without a rate are
 * `currency_mismatch`; a bad period (`invalid_period`), `by`, currency or rate, a period of more
 * than `MAX_PERIODS` buckets, unknown option keys, malformed deals are `validation_failed`.
 *
 * @example
 * ```ts
 * declare const deals: readonly Deal[];
 * const r = forecast(b2bPipeline, deals, { period: { start: new Date('2026-01-01T00:00:00Z'), end: new Date('2026-07-01T00:00:00Z') }, by: 'quarter', currency: 'EUR' });
 * if (r.ok) r.value.buckets.map((b) => b.rollup.commit.amount); //=> e.g. ['42000.00', '18500.00']
 * ```
 */
export function forecast(pipelines: Pipelines, deals: readonly Deal[], options: ForecastOptions): Result<Forecast> {
  const issues = new IssueList();
  const read = readValueInputs(
    'forecast',
    pipelines,
    deals,
    options,
    ['currency', 'rates', 'period', 'by'],
    issues,
    (o) => {
      if (o['by'] !== 'month' && o['by'] !== 'quarter')
        issues.push(
          crmIssue.invalidValue(['options', 'by'], "by must be 'month' or 'quarter'", o['by'], ['month', 'quarter']),
        );
      const p = periodIssue(o['period'], ['options', 'period']);
      if (p !== undefined) issues.push(p);
    },
  );
  if (read === undefined) return err(issues.error('forecast'));
  const { byId, list, o, currency } = read;
  const rates = o['rates'] as readonly ExchangeRate[] | undefined;
  const p = o['period'] as Period;
  const by = o['by'] as 'month' | 'quarter';
  let periods: readonly Period[];
  try {
    periods = periodsBetween(p.start, p.end, by);
  } catch (e) {
    if (e instanceof CrmError)
      return err(
        new CrmError(e.code, `forecast: ${e.message}`, {
          issues: e.issues.map((i) => ({ ...i, path: ['options', 'period', ...i.path] })),
        }),
      );
    throw e;
  }
  const cells = periods.map(newCells);
  const totals = newCells();
  const unscheduled = new Cell();
  const start = p.start.getTime();
  const end = p.end.getTime();
  for (let k = 0; k < deals.length; k++) {
    const d = deals[k]!;
    const stage = stageIn(byId, d);
    if (stage === undefined || stage.kind === 'lost') continue;
    const converted = inCurrency(d.amount, currency, rates, k);
    if (!('amount' in converted)) return err(mismatchError('forecast', converted));
    const amount = moneyToDecimal(converted);
    const weighted = amount.times(probabilityIn(stage, d));
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
  const ids = Object.freeze(list.map((x) => x.id));
  return ok(
    Object.freeze({
      pipelineIds: ids,
      pipelineId: ids[0]!,
      currency,
      by,
      buckets: Object.freeze(periods.map((per, i) => bucket(per, cells[i]!, currency))),
      total: bucket(p, totals, currency),
      unscheduled: unscheduled.done(currency),
    }),
  );
}
