/**
 * The calibration (reliability) chart of a `calibrationTable`: observed rate against mean predicted
 * probability per bin, against the diagonal of perfect calibration.
 *
 * @module
 */
import { crmIssue } from '../core/issues.js';
import type { Result } from '../core/result.js';
import type { CalibrationTable } from '../scoring/evaluation.js';
import {
  chartSpec,
  firstColor,
  fixed,
  guarded,
  invalid,
  isRecord,
  readList,
  readNumber,
  readSettings,
  type Json,
} from './_chart.js';
import type { ChartOptions, VegaLiteSpec } from './types.js';

/**
 * Options of {@link calibrationChart}: the {@link ChartOptions} (`colors[0]` colours the curve).
 *
 * @example
 * ```ts
 * const o: CalibrationChartOptions = { width: 360, height: 360 };
 * ```
 */
export type CalibrationChartOptions = ChartOptions;

/**
 * A calibration chart as a Vega-Lite spec: for each non-empty bin of a `calibrationTable`, a point at
 * (mean predicted probability, observed positive rate) sized by the bin's count, joined in bin order,
 * over the dashed diagonal of perfect calibration, on the unit square. The subtitle gives the expected
 * calibration error (`ece`, Naeini et al. 2015) with the locale's decimal mark. Empty bins (`null`
 * rates) are left out. The data rows carry `bin`, `lower`, `upper`, `count`, `meanPredicted` and
 * `observedRate`.
 *
 * Bad input (not a calibration table, a rate outside [0, 1], a bad or unknown option) is a
 * `validation_failed` Result naming the path. Never throws.
 *
 * @example
 * ```ts
 * const t = unwrap(calibrationTable([0.1, 0.15, 0.8, 0.9], [0, 0, 1, 1], { bins: 2 }));
 * const spec = unwrap(calibrationChart(t));
 * spec.title; //=> { text: 'Calibration', subtitle: 'ECE 0.137' }
 * ```
 */
export function calibrationChart(
  table: CalibrationTable,
  options?: CalibrationChartOptions | null,
): Result<VegaLiteSpec> {
  return guarded('calibrationChart', (issues) => {
    const read = readSettings(options, [], issues);
    if (!isRecord(table)) {
      issues.push(crmIssue.invalidType([], 'a calibration table { rows, ece }', table));
      return invalid('calibrationChart', issues);
    }
    const ece = readNumber(table['ece'], ['ece'], issues, { min: 0, max: 1 });
    const list = readList(table['rows'], ['rows'], 'an array of calibration rows', issues, 10_000);
    if (read === undefined || list === undefined || ece == null) return invalid('calibrationChart', issues);
    const rows: Json[] = [];
    const unit = { min: 0, max: 1 };
    for (let i = 0; i < list.length && !issues.full; i++) {
      const r: unknown = list[i];
      const at = ['rows', i];
      if (!isRecord(r)) {
        issues.push(crmIssue.invalidType(at, 'a calibration row', r));
        continue;
      }
      const bin = readNumber(r['bin'], [...at, 'bin'], issues, { min: 1, integer: true });
      const lower = readNumber(r['lower'], [...at, 'lower'], issues, unit);
      const upper = readNumber(r['upper'], [...at, 'upper'], issues, unit);
      const count = readNumber(r['count'], [...at, 'count'], issues, { min: 0, integer: true });
      const meanPredicted = readNumber(r['meanPredicted'], [...at, 'meanPredicted'], issues, {
        ...unit,
        nullable: true,
      });
      const observedRate = readNumber(r['observedRate'], [...at, 'observedRate'], issues, { ...unit, nullable: true });
      if (bin == null || lower == null || upper == null || count == null) continue;
      if (meanPredicted === undefined || observedRate === undefined) continue;
      if (meanPredicted === null || observedRate === null || count === 0) continue;
      rows.push({ bin, lower, upper, count, meanPredicted, observedRate });
    }
    if (issues.count > 0) return invalid('calibrationChart', issues);
    const s = read.settings;
    const color = firstColor(s);
    const scale = { domain: [0, 1] };
    const title = s.title ?? { text: 'Calibration', subtitle: `ECE ${fixed(ece, 3, s.locale)}` };
    return chartSpec({ ...s, title: undefined }, title, {
      layer: [
        {
          data: {
            values: [
              { meanPredicted: 0, observedRate: 0 },
              { meanPredicted: 1, observedRate: 1 },
            ],
          },
          mark: { type: 'line', color: '#999999', strokeDash: [4, 4], strokeWidth: 1 },
          encoding: {
            x: { field: 'meanPredicted', type: 'quantitative' },
            y: { field: 'observedRate', type: 'quantitative' },
          },
        },
        {
          data: { values: rows },
          layer: [
            { mark: { type: 'line', color }, encoding: { order: { field: 'bin', type: 'quantitative' } } },
            {
              mark: { type: 'point', filled: true, color, opacity: 0.9 },
              encoding: {
                size: { field: 'count', type: 'quantitative', title: 'Predictions', legend: { format: ',~d' } },
                tooltip: [
                  { field: 'bin', type: 'ordinal', title: 'Bin' },
                  { field: 'count', type: 'quantitative', title: 'Predictions', format: ',' },
                  { field: 'meanPredicted', type: 'quantitative', title: 'Mean predicted', format: '.3f' },
                  { field: 'observedRate', type: 'quantitative', title: 'Observed rate', format: '.3f' },
                ],
              },
            },
          ],
          encoding: {
            x: {
              field: 'meanPredicted',
              type: 'quantitative',
              title: 'Mean predicted probability',
              scale,
              axis: { format: '.1f' },
            },
            y: { field: 'observedRate', type: 'quantitative', title: 'Observed rate', scale, axis: { format: '.1f' } },
          },
        },
      ],
    });
  });
}
