/**
 * The forecast chart: amounts per month or quarter, stacked by forecast category.
 *
 * @module
 */
import { crmIssue } from '../core/issues.js';
import type { Result } from '../core/result.js';
import type { Forecast } from '../pipeline/forecast.js';
import {
  chartSpec,
  colorScale,
  guarded,
  invalid,
  isRecord,
  readChoice,
  readInstant,
  readList,
  readSettings,
  type Json,
} from './_chart.js';
import type { ChartOptions, VegaLiteSpec } from './types.js';

/**
 * Options of {@link forecastChart}: the {@link ChartOptions} (`colors` colours closed, commit, best case
 * and pipeline, in that order) and `measure`: `'amount'` (default, unweighted) or `'weighted'`.
 *
 * @example
 * ```ts
 * const o: ForecastChartOptions = { measure: 'weighted', locale: 'de-DE' };
 * ```
 */
export interface ForecastChartOptions extends ChartOptions {
  /** `'amount'` (unweighted sums, the default) or `'weighted'` (amount × probability). */
  readonly measure?: 'amount' | 'weighted';
}

const CATEGORIES = [
  ['closed', 'Closed'],
  ['commit', 'Commit'],
  ['best_case', 'Best case'],
  ['pipeline', 'Pipeline'],
] as const;

/**
 * A forecast chart as a Vega-Lite spec, from a pipeline `forecast`: one bar per bucket (month or
 * quarter, labelled in the locale's date format), stacked by forecast category from the bottom —
 * closed, commit, best case, pipeline — so the tops of the segments are the Salesforce roll-up
 * (`rollup.closed`, `rollup.commit`, `rollup.bestCase`). Omitted deals and unscheduled ones are not
 * drawn. Amounts are plotted as numbers (a chart position is binary64); each data row also carries the
 * exact decimal text (`exact`) shown in the tooltip, with `period` (ISO start), `category`, `label`,
 * `amount` and `count`.
 *
 * Bad input (not a forecast, a bad amount, a bad or unknown option) is a `validation_failed` Result
 * naming the path. Never throws.
 *
 * @example
 * ```ts
 * declare const f: Forecast; // from forecast(b2bPipeline, deals, { period, by: 'quarter', currency: 'EUR' })
 * const r = forecastChart(f, { measure: 'weighted' });
 * ```
 */
export function forecastChart(forecast: Forecast, options?: ForecastChartOptions | null): Result<VegaLiteSpec> {
  return guarded('forecastChart', (issues) => {
    const read = readSettings(options, ['measure'], issues);
    const measure = readChoice(read?.own['measure'], 'measure', ['amount', 'weighted'] as const, 'amount', issues);
    if (!isRecord(forecast)) {
      issues.push(crmIssue.invalidType([], 'a forecast { by, currency, buckets }', forecast));
      return invalid('forecastChart', issues);
    }
    const by = forecast['by'];
    if (by !== 'month' && by !== 'quarter')
      issues.push(crmIssue.invalidValue(['by'], 'by must be a forecast unit', by, ['month', 'quarter']));
    const currency = forecast['currency'];
    if (typeof currency !== 'string' || !/^[A-Z]{3}$/.test(currency))
      issues.push(crmIssue.invalidType(['currency'], 'an ISO 4217 currency code', currency));
    const buckets = readList(forecast['buckets'], ['buckets'], 'an array of forecast buckets', issues, 10_000);
    if (read === undefined || buckets === undefined || issues.count > 0) return invalid('forecastChart', issues);
    const rows: Json[] = [];
    for (let i = 0; i < buckets.length && !issues.full; i++) {
      const b: unknown = buckets[i];
      if (!isRecord(b) || !isRecord(b['period']) || !isRecord(b['categories'])) {
        issues.push(crmIssue.invalidType(['buckets', i], 'a bucket { period, categories }', b));
        continue;
      }
      const period = readInstant(b['period']['start'], ['buckets', i, 'period', 'start'], issues);
      const cats = b['categories'];
      CATEGORIES.forEach(([category, label], order) => {
        const at = ['buckets', i, 'categories', category];
        const cell = cats[category];
        const money = isRecord(cell) ? cell[measure] : undefined;
        const amount = isRecord(money) ? money['amount'] : undefined;
        const count = isRecord(cell) ? cell['count'] : undefined;
        if (
          typeof amount !== 'string' ||
          !/^-?\d{1,300}(\.\d{1,300})?$/.test(amount) ||
          !Number.isFinite(Number(amount))
        ) {
          issues.push(crmIssue.invalidType([...at, measure, 'amount'], 'a decimal amount', amount));
          return;
        }
        if (typeof count !== 'number' || !Number.isSafeInteger(count) || count < 0) {
          issues.push(crmIssue.invalidType([...at, 'count'], 'a count of deals', count));
          return;
        }
        if (period !== undefined)
          rows.push({ period, category, label, order, amount: Number(amount), exact: amount, count });
      });
    }
    if (issues.count > 0) return invalid('forecastChart', issues);
    const s = read.settings;
    const timeUnit = by === 'month' ? 'utcyearmonth' : 'utcyearquarter';
    const format = by === 'month' ? '%b %Y' : 'Q%q %Y';
    return chartSpec(s, measure === 'amount' ? 'Forecast by category' : 'Weighted forecast by category', {
      data: { values: rows },
      mark: { type: 'bar' },
      encoding: {
        x: { field: 'period', type: 'ordinal', timeUnit, title: null, axis: { format, labelAngle: 0 } },
        y: {
          field: 'amount',
          type: 'quantitative',
          stack: 'zero',
          title: `${measure === 'amount' ? 'Amount' : 'Weighted amount'} (${currency as string})`,
          axis: { format: ',~s' },
        },
        color: {
          field: 'label',
          type: 'nominal',
          title: 'Forecast category',
          scale: colorScale(
            s,
            CATEGORIES.map(([, l]) => l),
          ),
        },
        order: { field: 'order', type: 'quantitative' },
        tooltip: [
          { field: 'period', type: 'temporal', timeUnit, title: 'Period', format },
          { field: 'label', type: 'nominal', title: 'Category' },
          {
            field: 'exact',
            type: 'nominal',
            title: `${measure === 'amount' ? 'Amount' : 'Weighted'} (${currency as string})`,
          },
          { field: 'count', type: 'quantitative', title: 'Deals' },
        ],
      },
    });
  });
}
