/**
 * Private: the frequency × recency heatmap both lifetimes matrix plots draw (rows: recency 0 at the
 * top … max recency; columns: frequency 0 … max frequency), as `imshow` shows lifetimes' matrix.
 *
 * @module
 */
import { CrmError } from '../core/errors.js';
import { crmIssue, type IssueList } from '../core/issues.js';
import { err, type Result } from '../core/result.js';
import { chartSpec, MAX_CHART_POINTS, rampScale, readNumber, type Json, type Settings } from './_chart.js';
import type { JsonValue, VegaLiteSpec } from './types.js';

/** Reads `maxFrequency` and `maxRecency` (required integers ≥ 0 whose grid has at most 200,000 cells). */
export function readGrid(
  own: Record<string, unknown>,
  issues: IssueList,
): { maxFrequency: number; maxRecency: number } | undefined {
  const maxFrequency = readNumber(own['maxFrequency'], ['options', 'maxFrequency'], issues, {
    min: 0,
    max: 10_000,
    integer: true,
  });
  const maxRecency = readNumber(own['maxRecency'], ['options', 'maxRecency'], issues, {
    min: 0,
    max: 10_000,
    integer: true,
  });
  if (maxFrequency == null || maxRecency == null) return undefined;
  const cells = (maxFrequency + 1) * (maxRecency + 1);
  if (cells > MAX_CHART_POINTS) {
    issues.push(crmIssue.tooBig(['options'], 'the number of cells', MAX_CHART_POINTS, true, cells));
    return undefined;
  }
  return { maxFrequency, maxRecency };
}

/**
 * The matrix of `value(frequency, recency)` for customers of age `maxRecency`, as a spec; a
 * `not_converged` error when a value is not finite.
 */
export function matrixSpec(
  fn: string,
  s: Settings,
  grid: { maxFrequency: number; maxRecency: number },
  value: (frequency: number, recency: number) => number,
  defaultTitle: JsonValue,
  legendTitle: string,
  format: string,
  scale: Json = {},
): Result<VegaLiteSpec> {
  const cells: Json[] = [];
  for (let recency = 0; recency <= grid.maxRecency; recency++)
    for (let frequency = 0; frequency <= grid.maxFrequency; frequency++) {
      const v = value(frequency, recency);
      if (!Number.isFinite(v))
        return err(
          new CrmError(
            'not_converged',
            `${fn}: the model's series did not converge at frequency ${frequency}, recency ${recency}`,
            {
              issues: [crmIssue.of('not_converged', ['transactionModel', 'params'], 'a series did not converge')],
            },
          ),
        );
      cells.push({ frequency, recency, value: v });
    }
  const axis = { tickMinStep: 1, format: 'd' };
  return chartSpec(s, defaultTitle, {
    data: { values: cells },
    transform: [
      { calculate: 'datum.frequency - 0.5', as: 'frequency0' },
      { calculate: 'datum.frequency + 0.5', as: 'frequency1' },
      { calculate: 'datum.recency - 0.5', as: 'recency0' },
      { calculate: 'datum.recency + 0.5', as: 'recency1' },
    ],
    mark: { type: 'rect' },
    encoding: {
      x: {
        field: 'frequency0',
        type: 'quantitative',
        title: "Customer's Historical Frequency",
        scale: { domain: [-0.5, grid.maxFrequency + 0.5], nice: false, zero: false },
        axis,
      },
      x2: { field: 'frequency1' },
      y: {
        field: 'recency0',
        type: 'quantitative',
        title: "Customer's Recency",
        scale: { domain: [-0.5, grid.maxRecency + 0.5], nice: false, zero: false, reverse: true },
        axis,
      },
      y2: { field: 'recency1' },
      color: {
        field: 'value',
        type: 'quantitative',
        title: legendTitle,
        scale: rampScale(s, 'viridis', scale),
        legend: { format },
      },
      tooltip: [
        { field: 'frequency', type: 'quantitative', title: 'Frequency' },
        { field: 'recency', type: 'quantitative', title: 'Recency' },
        { field: 'value', type: 'quantitative', title: legendTitle, format: '.4f' },
      ],
    },
  });
}
