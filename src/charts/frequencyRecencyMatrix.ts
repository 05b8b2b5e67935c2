/**
 * The frequency/recency matrix of lifetimes' `plot_frequency_recency_matrix`: expected purchases in the
 * next t time units by a customer's frequency and recency.
 *
 * @module
 */
import type { Result } from '../core/result.js';
import type { TransactionModel } from '../clv/models.js';
import { guarded, invalid, readNumber, readSettings } from './_chart.js';
import { readModel } from './_clvModel.js';
import { matrixSpec, readGrid } from './_matrix.js';
import type { ChartOptions, VegaLiteSpec } from './types.js';

/**
 * Options of {@link frequencyRecencyMatrix}: the {@link ChartOptions} (`colors` is the colour ramp, default
 * `viridis` as matplotlib's), the grid — `maxFrequency` and `maxRecency` (integers; lifetimes' defaults
 * are the data's largest frequency and `int(T.max())`) — and `t`, the time units ahead (default 1).
 *
 * @example
 * ```ts
 * const o: FrequencyRecencyMatrixOptions = { maxFrequency: 29, maxRecency: 38, t: 1 };
 * ```
 */
export interface FrequencyRecencyMatrixOptions extends ChartOptions {
  /** The largest frequency (column), an integer ≥ 0. */
  readonly maxFrequency: number;
  /** The largest recency (row), an integer ≥ 0; also the customers' age T, as in lifetimes. */
  readonly maxRecency: number;
  /** Time units ahead (default 1). */
  readonly t?: number;
}

/**
 * The frequency/recency matrix as a Vega-Lite spec — lifetimes' `plot_frequency_recency_matrix(model,
 * T=t)`: a heatmap whose cell at frequency x (column, 0 … maxFrequency) and recency tₓ (row, 0 at the
 * top … maxRecency) is E[Y(t) | x, tₓ, T = maxRecency], the expected purchases in the next `t` time
 * units of a customer of age `maxRecency` — the value `bgNbdConditionalExpectedPurchases` (or
 * `paretoNbdConditionalExpectedPurchases`) gives, from the same kernel. As in lifetimes, every cell is
 * computed, including the impossible ones (x = 0 with tₓ > 0). Customers at the bottom right (frequent,
 * recent) are the best. Same title and axis titles as lifetimes. The data rows carry `frequency`,
 * `recency` and `value`.
 *
 * Bad input (a bad model, a missing or bad `maxFrequency` / `maxRecency`, more than 200,000 cells, a
 * negative `t`, an unknown option) is a `validation_failed` Result; a series that does not converge
 * is `not_converged`. Never throws.
 *
 * @example
 * ```ts
 * const model = { model: 'bg_nbd', params: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 } } as const;
 * const spec = unwrap(frequencyRecencyMatrix(model, { maxFrequency: 29, maxRecency: 38 }));
 * spec.title; //=> ['Expected Number of Future Purchases for 1 Unit of Time,', 'by Frequency and Recency of a Customer']
 * ```
 */
export function frequencyRecencyMatrix(
  model: TransactionModel,
  options: FrequencyRecencyMatrixOptions,
): Result<VegaLiteSpec> {
  return guarded('frequencyRecencyMatrix', (issues) => {
    const read = readSettings(options, ['maxFrequency', 'maxRecency', 't'], issues);
    const grid = read === undefined ? undefined : readGrid(read.own, issues);
    const t =
      read?.own['t'] === undefined ? 1 : readNumber(read.own['t'], ['options', 't'], issues, { min: 0, max: 1e6 });
    const m = readModel(model, issues);
    if (read === undefined || grid === undefined || t == null || m === undefined || issues.count > 0)
      return invalid('frequencyRecencyMatrix', issues);
    const T = grid.maxRecency;
    return matrixSpec(
      'frequencyRecencyMatrix',
      read.settings,
      grid,
      (x, tx) => m.conditionalExpected(x, tx, T, t),
      [
        `Expected Number of Future Purchases for ${t} Unit${t === 1 ? '' : 's'} of Time,`,
        'by Frequency and Recency of a Customer',
      ],
      'Expected purchases',
      '.2f',
    );
  });
}
