/**
 * The P(alive) matrix of lifetimes' `plot_probability_alive_matrix`: the probability that a customer is
 * still alive by frequency and recency.
 *
 * @module
 */
import type { Result } from '../core/result.js';
import type { TransactionModel } from '../clv/models.js';
import { guarded, invalid, readSettings } from './_chart.js';
import { readModel } from './_clvModel.js';
import { matrixSpec, readGrid } from './_matrix.js';
import type { ChartOptions, VegaLiteSpec } from './types.js';

/**
 * Options of {@link probabilityAliveMatrix}: the {@link ChartOptions} (`colors` is the colour ramp,
 * default `viridis`) and the grid, `maxFrequency` and `maxRecency` (integers; lifetimes' defaults are
 * the data's largest frequency and `int(T.max())`).
 *
 * @example
 * ```ts
 * const o: ProbabilityAliveMatrixOptions = { maxFrequency: 29, maxRecency: 38 };
 * ```
 */
export interface ProbabilityAliveMatrixOptions extends ChartOptions {
  /** The largest frequency (column), an integer ≥ 0. */
  readonly maxFrequency: number;
  /** The largest recency (row), an integer ≥ 0; also the customers' age T, as in lifetimes. */
  readonly maxRecency: number;
}

/**
 * The P(alive) matrix as a Vega-Lite spec — lifetimes' `plot_probability_alive_matrix(model)`: a heatmap
 * whose cell at frequency x (column, 0 … maxFrequency) and recency tₓ (row, 0 at the top … maxRecency)
 * is P(alive | x, tₓ, T = maxRecency) — the value `bgNbdProbabilityAlive` (or
 * `paretoNbdProbabilityAlive`) gives, from the same kernel — on a fixed 0–1 colour scale. As in
 * lifetimes, every cell is computed (the BG/NBD gives 1 at x = 0). Same title and axis titles as
 * lifetimes. The data rows carry `frequency`, `recency` and `value`.
 *
 * Bad input (a bad model, a missing or bad `maxFrequency` / `maxRecency`, more than 200,000 cells, an
 * unknown option) is a `validation_failed` Result; a series that does not converge is
 * `not_converged`. Never throws.
 *
 * @example
 * ```ts
 * const model = { model: 'bg_nbd', params: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 } } as const;
 * const spec = unwrap(probabilityAliveMatrix(model, { maxFrequency: 29, maxRecency: 38 }));
 * spec.title; //=> ['Probability Customer is Alive,', 'by Frequency and Recency of a Customer']
 * ```
 */
export function probabilityAliveMatrix(
  model: TransactionModel,
  options: ProbabilityAliveMatrixOptions,
): Result<VegaLiteSpec> {
  return guarded('probabilityAliveMatrix', (issues) => {
    const read = readSettings(options, ['maxFrequency', 'maxRecency'], issues);
    const grid = read === undefined ? undefined : readGrid(read.own, issues);
    const m = readModel(model, issues);
    if (read === undefined || grid === undefined || m === undefined || issues.count > 0)
      return invalid('probabilityAliveMatrix', issues);
    const T = grid.maxRecency;
    return matrixSpec(
      'probabilityAliveMatrix',
      read.settings,
      grid,
      (x, tx) => m.alive(x, tx, T),
      ['Probability Customer is Alive,', 'by Frequency and Recency of a Customer'],
      'P(alive)',
      '.1f',
      { domain: [0, 1] },
    );
  });
}
