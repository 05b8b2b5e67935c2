/**
 * Actual against expected repeat transactions over the calibration and holdout periods: BTYD's
 * `PlotTrackingCum` and `PlotTrackingInc`.
 *
 * @module
 */
import { CrmError } from '../core/errors.js';
import { crmIssue } from '../core/issues.js';
import { err, type Result } from '../core/result.js';
import type { TransactionModel } from '../clv/models.js';
import type { RfmColumns } from '../clv/columns.js';
import type { RfmRow } from '../clv/rows.js';
import {
  chartSpec,
  colorScale,
  guarded,
  invalid,
  readChoice,
  readList,
  readNumber,
  readSettings,
  readText,
  type Json,
} from './_chart.js';
import { readCustomers, readModel } from './_clvModel.js';
import type { ChartOptions, VegaLiteSpec } from './types.js';

/**
 * Options of {@link trackingChart}: the {@link ChartOptions} (`colors` colours Actual and Model),
 * `kind` (`'cumulative'`, default, or `'incremental'`), `periodLength` (time units per period of
 * `actual`, default 1) and `timeTitle` (default `'Time'`).
 *
 * @example
 * ```ts
 * const o: TrackingChartOptions = { kind: 'incremental', periodLength: 1, timeTitle: 'Week' };
 * ```
 */
export interface TrackingChartOptions extends ChartOptions {
  /** `'cumulative'` (BTYD's PlotTrackingCum, the default) or `'incremental'` (PlotTrackingInc). */
  readonly kind?: 'cumulative' | 'incremental';
  /** Length of one period of `actual`, in the model's time unit (default 1). */
  readonly periodLength?: number;
  /** The title of the time axis (default `'Time'`). */
  readonly timeTitle?: string;
}

/**
 * A tracking chart as a Vega-Lite spec — BTYD's `PlotTrackingCum` / `PlotTrackingInc`: the actual repeat
 * transactions of the cohort against the number the model expects, period by period, over the
 * calibration period and the holdout after it, with a dashed rule at the end of calibration.
 *
 * `customers` are the calibration RFM rows (or columns) the model was fitted on; customer i was "born"
 * (made the first purchase) at sᵢ = max T − Tᵢ, time being counted from the earliest first purchase, so
 * the calibration period ends at max T. `actual[k]` is the number of repeat transactions the cohort made
 * in period k + 1, the time interval (k·L, (k + 1)·L] with L = `periodLength`. The model's cumulative
 * count at τ = (k + 1)·L is Σᵢ wᵢ·E[X(τ − sᵢ)] over the customers born by τ (BTYD's
 * `bgnbd.ExpectedCumulativeTransactions`), E[X(t)] being `bgNbdExpectedPurchases` (or
 * `paretoNbdExpectedPurchases`); the incremental chart shows the differences. It costs one E[X(t)] per
 * period and distinct T. The data rows carry `period`, `time`, `series` and `transactions`.
 *
 * Bad input (a bad model or customer, `actual` not an array of 1 to 10,000 counts ≥ 0, a bad option or
 * an unknown one) is a `validation_failed` Result naming the path; a series that does not converge is
 * `not_converged`. Never throws.
 *
 * @example
 * ```ts
 * const model = { model: 'bg_nbd', params: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 } } as const;
 * const rows = [{ frequency: 2, recency: 30.43, T: 38.86 }, { frequency: 0, recency: 0, T: 32 }];
 * const spec = unwrap(trackingChart(model, rows, [0, 0, 1, 0, 1, 0, 0, 1], { periodLength: 10 }));
 * spec.title; //=> 'Tracking Cumulative Transactions'
 * ```
 */
export function trackingChart(
  model: TransactionModel,
  customers: readonly RfmRow[] | RfmColumns,
  actual: readonly number[],
  options?: TrackingChartOptions | null,
): Result<VegaLiteSpec> {
  return guarded('trackingChart', (issues) => {
    const read = readSettings(options, ['kind', 'periodLength', 'timeTitle'], issues);
    const kind = readChoice(read?.own['kind'], 'kind', ['cumulative', 'incremental'] as const, 'cumulative', issues);
    const pl = read?.own['periodLength'];
    const L = pl === undefined ? 1 : readNumber(pl, ['options', 'periodLength'], issues, { min: 1e-9, max: 1e9 });
    const timeTitle = readText(read?.own['timeTitle'], 'timeTitle', 'Time', issues);
    const m = readModel(model, issues);
    const c = readCustomers(customers, 'customers', issues);
    const list = readList(actual, ['actual'], 'an array of repeat-transaction counts per period', issues, 10_000);
    if (list !== undefined && list.length === 0)
      issues.push(crmIssue.invalidType(['actual'], 'at least one period of actual transactions', actual));
    const observed: number[] = [];
    for (let k = 0; list !== undefined && k < list.length && !issues.full; k++) {
      const v = readNumber(list[k], ['actual', k], issues, { min: 0 });
      if (v != null) observed.push(v);
    }
    if (read === undefined || L == null || m === undefined || c === undefined || issues.count > 0)
      return invalid('trackingChart', issues);
    if (c.T.length === 0) {
      issues.push(crmIssue.invalidType(['customers'], 'at least one customer', customers));
      return invalid('trackingChart', issues);
    }
    let maxT = 0;
    for (let i = 0; i < c.T.length; i++) maxT = Math.max(maxT, c.T[i]!);
    const weightByBirth = new Map<number, number>();
    for (let i = 0; i < c.T.length; i++) {
      const birth = maxT - c.T[i]!;
      weightByBirth.set(birth, (weightByBirth.get(birth) ?? 0) + c.w[i]!);
    }
    const births = [...weightByBirth.keys()].sort((a, b) => a - b);
    const n = observed.length;
    const expectedCum = new Float64Array(n);
    for (let k = 0; k < n; k++) {
      const tau = (k + 1) * L;
      let sum = 0;
      for (const birth of births) {
        if (birth > tau) break;
        sum += weightByBirth.get(birth)! * m.expected(tau - birth);
      }
      if (!Number.isFinite(sum))
        return err(
          new CrmError('not_converged', `trackingChart: E[X(t)] could not be computed at t ≤ ${tau}`, {
            issues: [
              crmIssue.of('not_converged', ['transactionModel', 'params'], 'the expected purchases did not converge'),
            ],
          }),
        );
      expectedCum[k] = sum;
    }
    const rows: Json[] = [];
    let actualCum = 0;
    for (let k = 0; k < n; k++) {
      actualCum += observed[k]!;
      const time = (k + 1) * L;
      const a = kind === 'cumulative' ? actualCum : observed[k]!;
      const e = kind === 'cumulative' ? expectedCum[k]! : expectedCum[k]! - (k === 0 ? 0 : expectedCum[k - 1]!);
      rows.push({ period: k + 1, time, series: 'Actual', transactions: a });
      rows.push({ period: k + 1, time, series: 'Model', transactions: e });
    }
    const s = read.settings;
    const series = ['Actual', 'Model'];
    return chartSpec(
      s,
      kind === 'cumulative' ? 'Tracking Cumulative Transactions' : 'Tracking Incremental Transactions',
      {
        layer: [
          {
            data: { values: rows },
            mark: { type: 'line' },
            encoding: {
              x: { field: 'time', type: 'quantitative', title: timeTitle, axis: { format: ',~f' } },
              y: {
                field: 'transactions',
                type: 'quantitative',
                title: kind === 'cumulative' ? 'Cumulative Transactions' : 'Transactions',
                axis: { format: ',~d' },
              },
              color: { field: 'series', type: 'nominal', title: null, scale: colorScale(s, series) },
              strokeDash: {
                field: 'series',
                type: 'nominal',
                title: null,
                scale: {
                  domain: series,
                  range: [
                    [1, 0],
                    [6, 4],
                  ],
                },
              },
              tooltip: [
                { field: 'period', type: 'quantitative', title: 'Period' },
                { field: 'series', type: 'nominal' },
                { field: 'transactions', type: 'quantitative', title: 'Transactions', format: ',.1f' },
              ],
            },
          },
          {
            data: { values: [{ time: maxT, label: 'End of calibration' }] },
            mark: { type: 'rule', color: '#888888', strokeDash: [2, 3] },
            encoding: { x: { field: 'time', type: 'quantitative' }, tooltip: { field: 'label', type: 'nominal' } },
          },
        ],
      },
    );
  });
}
