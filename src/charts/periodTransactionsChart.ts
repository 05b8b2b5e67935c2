/**
 * Observed against expected repeat-purchase counts in the calibration period: lifetimes'
 * `plot_period_transactions`.
 *
 * @module
 */
import { crmIssue } from '../core/issues.js';
import { CrmError } from '../core/errors.js';
import { err, type Result } from '../core/result.js';
import type { TransactionModel } from '../clv/models.js';
import type { RfmColumns } from '../clv/columns.js';
import type { RfmRow } from '../clv/rows.js';
import { chartSpec, colorScale, guarded, invalid, readNumber, readSettings, type Json } from './_chart.js';
import { readCustomers, readModel } from './_clvModel.js';
import type { ChartOptions, VegaLiteSpec } from './types.js';

/**
 * Options of {@link periodTransactionsChart}: the {@link ChartOptions} (`colors` colours Actual and
 * Model) and `maxFrequency`, the number of bars (frequencies 0 … maxFrequency − 1; default 7, as in
 * lifetimes).
 *
 * @example
 * ```ts
 * const o: PeriodTransactionsChartOptions = { maxFrequency: 10 };
 * ```
 */
export interface PeriodTransactionsChartOptions extends ChartOptions {
  /** Frequencies shown: 0 … maxFrequency − 1, an integer 1..1000 (default 7). */
  readonly maxFrequency?: number;
}

/**
 * Observed against model repeat-purchase counts as a Vega-Lite spec — lifetimes'
 * `plot_period_transactions(model)`: for each frequency k = 0 … maxFrequency − 1, a pair of bars, the
 * customers with k repeat purchases in their calibration period (Actual) and the number the model
 * expects, Σᵢ wᵢ·P(X(Tᵢ) = k) (Model) — the expectation, as BTYD's `bgnbd.PlotFrequencyInCalibration`
 * computes it, rather than lifetimes' one random simulation, so the chart is deterministic. P(X(t) = k)
 * is `bgNbdPurchaseProbability` (or `paretoNbdPurchaseProbability`), from the same kernel. Rows are the
 * RFM rows (or columns) the model was fitted on, `weight` counting identical customers. Same title and
 * axis titles as lifetimes. The data rows carry `frequency`, `series` and `customers`.
 *
 * Bad input (a bad model or customer, a bad `maxFrequency`, an unknown option) is a
 * `validation_failed` Result naming the path; a series that does not converge is `not_converged`.
 * Never throws.
 *
 * @example
 * ```ts
 * const model = { model: 'bg_nbd', params: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 } } as const;
 * const rows = [{ frequency: 0, recency: 0, T: 38.86, weight: 1411 }, { frequency: 2, recency: 30.43, T: 38.86, weight: 946 }];
 * const spec = unwrap(periodTransactionsChart(model, rows));
 * spec.title; //=> 'Frequency of Repeat Transactions'
 * ```
 */
export function periodTransactionsChart(
  model: TransactionModel,
  customers: readonly RfmRow[] | RfmColumns,
  options?: PeriodTransactionsChartOptions | null,
): Result<VegaLiteSpec> {
  return guarded('periodTransactionsChart', (issues) => {
    const read = readSettings(options, ['maxFrequency'], issues);
    const own = read?.own['maxFrequency'];
    const maxFrequency =
      own === undefined
        ? 7
        : readNumber(own, ['options', 'maxFrequency'], issues, { min: 1, max: 1000, integer: true });
    const m = readModel(model, issues);
    const c = readCustomers(customers, 'customers', issues);
    if (read === undefined || maxFrequency == null || m === undefined || c === undefined || issues.count > 0)
      return invalid('periodTransactionsChart', issues);
    const actual = new Float64Array(maxFrequency);
    const weightByT = new Map<number, number>();
    for (let i = 0; i < c.x.length; i++) {
      if (c.x[i]! < maxFrequency) actual[c.x[i]!]! += c.w[i]!;
      weightByT.set(c.T[i]!, (weightByT.get(c.T[i]!) ?? 0) + c.w[i]!);
    }
    const expected = new Float64Array(maxFrequency);
    for (const T of [...weightByT.keys()].sort((a, b) => a - b)) {
      const w = weightByT.get(T)!;
      for (let k = 0; k < maxFrequency; k++) expected[k]! += w * m.pmf(k, T);
    }
    const rows: Json[] = [];
    for (let k = 0; k < maxFrequency; k++) {
      if (!Number.isFinite(expected[k]!))
        return err(
          new CrmError(
            'not_converged',
            `periodTransactionsChart: P(X(T) = ${k}) could not be computed at these parameters`,
            {
              issues: [
                crmIssue.of(
                  'not_converged',
                  ['transactionModel', 'params'],
                  'the purchase-count probability did not converge',
                ),
              ],
            },
          ),
        );
      rows.push({ frequency: k, series: 'Actual', customers: actual[k]! });
      rows.push({ frequency: k, series: 'Model', customers: expected[k]! });
    }
    const s = read.settings;
    return chartSpec(s, 'Frequency of Repeat Transactions', {
      data: { values: rows },
      mark: { type: 'bar' },
      encoding: {
        x: {
          field: 'frequency',
          type: 'ordinal',
          title: 'Number of Calibration Period Transactions',
          axis: { labelAngle: 0 },
        },
        xOffset: { field: 'series', type: 'nominal', sort: ['Actual', 'Model'] },
        y: { field: 'customers', type: 'quantitative', title: 'Customers', axis: { format: ',~d' } },
        color: { field: 'series', type: 'nominal', title: null, scale: colorScale(s, ['Actual', 'Model']) },
        tooltip: [
          { field: 'frequency', type: 'ordinal', title: 'Repeat purchases' },
          { field: 'series', type: 'nominal' },
          { field: 'customers', type: 'quantitative', title: 'Customers', format: ',.1f' },
        ],
      },
    });
  });
}
