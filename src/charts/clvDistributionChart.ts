/**
 * The distribution of customer lifetime values: a histogram with the mean and the median.
 *
 * @module
 */
import { crmIssue } from '../core/issues.js';
import type { Result } from '../core/result.js';
import type { Money } from '../money/money.js';
import { compensatedSum } from '../math/sum.js';
import { quantileSorted } from '../math/quantile.js';
import {
  chartSpec,
  firstColor,
  guarded,
  invalid,
  isRecord,
  readList,
  readNumber,
  readSettings,
  readText,
  type Json,
} from './_chart.js';
import type { ChartOptions, VegaLiteSpec } from './types.js';

/**
 * Options of {@link clvDistributionChart}: the {@link ChartOptions} (`colors[0]` colours the bars),
 * `bins` (equal-width bins, an integer 1..500, default 30) and `valueTitle` (the value axis title;
 * default `'Customer lifetime value'`, with the currency code for Money).
 *
 * @example
 * ```ts
 * const o: ClvDistributionChartOptions = { bins: 40, valueTitle: 'CLV, 12 months' };
 * ```
 */
export interface ClvDistributionChartOptions extends ChartOptions {
  /** Number of equal-width bins between the smallest and the largest value (default 30). */
  readonly bins?: number;
  /** The title of the value axis. */
  readonly valueTitle?: string;
}

const MAX_VALUES = 50_000_000;

/**
 * The distribution of customer lifetime values as a Vega-Lite spec: a histogram of `bins` equal-width
 * bins from the smallest to the largest value (the last bin includes the largest; all values equal make
 * one bin of width 1 around them), with rules at the mean (compensated sum) and the median (R's
 * quantile type 7). Takes the numbers of `lifetimeValues` (a Float64Array or an array) or the Money of
 * `lifetimeValuesAsMoney` (plotted as numbers: a chart position is binary64; all in one currency). The
 * data rows carry `start`, `end` and `count` (bins) and `statistic` and `value` (rules). No values
 * give an empty chart.
 *
 * Bad input (a value that is not a finite number, Money in several currencies, more than 50,000,000
 * values, a bad or unknown option) is a `validation_failed` Result naming the index. Never throws.
 *
 * @example
 * ```ts
 * const spec = unwrap(clvDistributionChart([12.5, 40, 41.2, 180, 33], { bins: 4 }));
 * spec.title; //=> 'Distribution of customer lifetime value'
 * ```
 */
export function clvDistributionChart(
  values: Float64Array | readonly number[] | readonly Money[],
  options?: ClvDistributionChartOptions | null,
): Result<VegaLiteSpec> {
  return guarded('clvDistributionChart', (issues) => {
    const read = readSettings(options, ['bins', 'valueTitle'], issues);
    const b = read?.own['bins'];
    const bins = b === undefined ? 30 : readNumber(b, ['options', 'bins'], issues, { min: 1, max: 500, integer: true });
    const list = readList(values, [], 'lifetime values (numbers or Money)', issues, MAX_VALUES);
    if (read === undefined || bins == null || list === undefined || issues.count > 0)
      return invalid('clvDistributionChart', issues);
    const xs = new Float64Array(list.length);
    let currency: string | undefined;
    for (let i = 0; i < list.length && !issues.full; i++) {
      const v: unknown = list[i];
      if (isRecord(v)) {
        const amount = v['amount'];
        const code = v['currency'];
        if (typeof amount !== 'string' || !/^-?\d{1,300}(\.\d{1,300})?$/.test(amount) || typeof code !== 'string') {
          issues.push(crmIssue.invalidType([i], 'a Money { amount, currency }', v));
          continue;
        }
        if (currency !== undefined && code !== currency) {
          issues.push(
            crmIssue.of(
              'currency_mismatch',
              [i, 'currency'],
              `values must share one currency; ${code} after ${currency}`,
            ),
          );
          continue;
        }
        currency = code;
        const x = Number(amount);
        if (!Number.isFinite(x)) issues.push(crmIssue.invalidNumber([i, 'amount'], amount));
        else xs[i] = x;
        continue;
      }
      const x = readNumber(v, [i], issues);
      if (x != null) xs[i] = x;
    }
    if (issues.count > 0) return invalid('clvDistributionChart', issues);
    const sorted = Float64Array.from(xs).sort();
    const rows: Json[] = [];
    const rules: Json[] = [];
    if (sorted.length > 0) {
      const lo = sorted[0]!;
      const hi = sorted[sorted.length - 1]!;
      const n = lo === hi ? 1 : bins;
      // The span itself when it is a finite double (halving subnormal values would round them to equal
      // numbers: 3.5e-323 and 4e-323 had no width), halves when hi − lo exceeds the largest double.
      const span = hi - lo;
      const half = hi / 2 - lo / 2;
      const binOf = (x: number): number => {
        const at = Number.isFinite(span) ? ((x - lo) / span) * n : ((x / 2 - lo / 2) / half) * n;
        return Math.min(n - 1, Math.max(0, Math.floor(at)));
      };
      const edge = (k: number): number =>
        lo === hi ? lo + (k === 0 ? -0.5 : 0.5) : k === 0 ? lo : k === n ? hi : lo * (1 - k / n) + hi * (k / n);
      const counts = new Float64Array(n);
      for (let i = 0; i < sorted.length; i++) counts[lo === hi ? 0 : binOf(sorted[i]!)]!++;
      for (let k = 0; k < n; k++) rows.push({ start: edge(k), end: edge(k + 1), count: counts[k]! });
      rules.push({ statistic: 'Mean', value: compensatedSum(sorted.map((x) => x / sorted.length)) });
      rules.push({ statistic: 'Median', value: quantileSorted(sorted, 0.5)! });
    }
    const s = read.settings;
    const valueTitle = readText(
      read.own['valueTitle'],
      'valueTitle',
      currency === undefined ? 'Customer lifetime value' : `Customer lifetime value (${currency})`,
      issues,
    );
    if (issues.count > 0) return invalid('clvDistributionChart', issues);
    // No values: fixed unit scales (an empty extent would be infinite).
    const empty: Json = rows.length === 0 ? { scale: { domain: [0, 1] } } : {};
    return chartSpec(s, 'Distribution of customer lifetime value', {
      layer: [
        {
          data: { values: rows },
          mark: { type: 'bar', color: firstColor(s), binSpacing: 1 },
          encoding: {
            x: { field: 'start', type: 'quantitative', title: valueTitle, axis: { format: ',~f' }, ...empty },
            x2: { field: 'end' },
            y: { field: 'count', type: 'quantitative', title: 'Customers', axis: { format: ',~d' }, ...empty },
            tooltip: [
              { field: 'start', type: 'quantitative', title: 'From', format: ',.2f' },
              { field: 'end', type: 'quantitative', title: 'To', format: ',.2f' },
              { field: 'count', type: 'quantitative', title: 'Customers', format: ',' },
            ],
          },
        },
        {
          data: { values: rules },
          mark: { type: 'rule', strokeWidth: 1.5 },
          encoding: {
            x: { field: 'value', type: 'quantitative' },
            strokeDash: {
              field: 'statistic',
              type: 'nominal',
              title: null,
              scale: {
                domain: ['Mean', 'Median'],
                range: [
                  [6, 3],
                  [2, 2],
                ],
              },
            },
            color: { value: '#333333' },
            tooltip: [
              { field: 'statistic', type: 'nominal' },
              { field: 'value', type: 'quantitative', format: ',.2f' },
            ],
          },
        },
      ],
    });
  });
}
