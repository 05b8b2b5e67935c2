/**
 * The lift chart (lift per score bin, and cumulative lift) or the cumulative gains chart of a
 * `liftTable`.
 *
 * @module
 */
import { crmIssue } from '../core/issues.js';
import type { Result } from '../core/result.js';
import type { LiftRow } from '../scoring/evaluation.js';
import {
  chartSpec,
  colorScale,
  guarded,
  invalid,
  isRecord,
  readChoice,
  readList,
  readNumber,
  readSettings,
  type Json,
} from './_chart.js';
import type { ChartOptions, VegaLiteSpec } from './types.js';

/**
 * Options of {@link liftChart}: the {@link ChartOptions} (`colors[0]` and `colors[1]` colour the two
 * series) and `kind`: `'lift'` (default) or `'gains'`.
 *
 * @example
 * ```ts
 * const o: LiftChartOptions = { kind: 'gains' };
 * ```
 */
export interface LiftChartOptions extends ChartOptions {
  /** `'lift'`: lift and cumulative lift per bin; `'gains'`: the cumulative gains curve. Default `'lift'`. */
  readonly kind?: 'lift' | 'gains';
}

/**
 * A lift or gains chart as a Vega-Lite spec, from `liftTable` rows (bin 1 = highest scores).
 * `kind: 'lift'` draws a bar per bin at its `lift` (the bin's positive rate over the base rate) and a
 * line of `cumulativeLift`, over a rule at 1 (no better than random). `kind: 'gains'` draws the
 * cumulative gains curve — the share of all positives captured (`gain`) against the share of
 * customers contacted (`cumulativeCount` over the total), from (0, 0) — over the diagonal of random
 * targeting. The data rows carry the table's fields.
 *
 * Bad input (not lift rows, bins out of order, a negative lift, a bad or unknown option) is a
 * `validation_failed` Result naming the path. Never throws.
 *
 * @example
 * ```ts
 * const scores = [0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1, 0.05];
 * const labels = [1, 1, 0, 1, 0, 0, 0, 0, 1, 0] as const;
 * const spec = unwrap(liftChart(unwrap(liftTable(scores, [...labels], { bins: 5 }))));
 * spec.title; //=> 'Lift by score bin'
 * ```
 */
export function liftChart(rows: readonly LiftRow[], options?: LiftChartOptions | null): Result<VegaLiteSpec> {
  return guarded('liftChart', (issues) => {
    const read = readSettings(options, ['kind'], issues);
    const kind = readChoice(read?.own['kind'], 'kind', ['lift', 'gains'] as const, 'lift', issues);
    const list = readList(rows, [], 'lift rows (from liftTable)', issues, 10_000);
    if (read === undefined || list === undefined || issues.count > 0) return invalid('liftChart', issues);
    const data: Json[] = [];
    for (let i = 0; i < list.length && !issues.full; i++) {
      const r: unknown = list[i];
      if (!isRecord(r)) {
        issues.push(crmIssue.invalidType([i], 'a lift row', r));
        continue;
      }
      const bin = readNumber(r['bin'], [i, 'bin'], issues, { min: 1, integer: true });
      const count = readNumber(r['count'], [i, 'count'], issues, { min: 0, integer: true });
      const positives = readNumber(r['positives'], [i, 'positives'], issues, { min: 0, integer: true });
      const lift = readNumber(r['lift'], [i, 'lift'], issues, { min: 0 });
      const cumulativeLift = readNumber(r['cumulativeLift'], [i, 'cumulativeLift'], issues, { min: 0 });
      const cumulativeCount = readNumber(r['cumulativeCount'], [i, 'cumulativeCount'], issues, { min: 0 });
      const gain = readNumber(r['gain'], [i, 'gain'], issues, { min: 0, max: 1 });
      if (
        bin == null ||
        count == null ||
        positives == null ||
        lift == null ||
        cumulativeLift == null ||
        cumulativeCount == null ||
        gain == null
      )
        continue;
      if (bin !== i + 1) {
        issues.push(crmIssue.of('out_of_order', [i, 'bin'], `bins must be 1, 2, … in order; row ${i} has bin ${bin}`));
        continue;
      }
      data.push({ bin, count, positives, lift, cumulativeLift, cumulativeCount, gain });
    }
    if (data.length === 0 && issues.count === 0) issues.push(crmIssue.invalidType([], 'at least one lift row', rows));
    if (issues.count > 0) return invalid('liftChart', issues);
    const s = read.settings;
    if (kind === 'gains') {
      const total = data.at(-1)!['cumulativeCount'] as number;
      const curve: Json[] = [{ share: 0, gain: 0 }];
      for (const d of data)
        curve.push({
          bin: d['bin']!,
          share: total === 0 ? 0 : (d['cumulativeCount'] as number) / total,
          gain: d['gain']!,
        });
      const pct = { format: '.0%' };
      return chartSpec(s, 'Cumulative gains', {
        layer: [
          {
            data: {
              values: [
                { share: 0, gain: 0 },
                { share: 1, gain: 1 },
              ],
            },
            mark: { type: 'line', color: '#999999', strokeDash: [4, 4], strokeWidth: 1 },
            encoding: { x: { field: 'share', type: 'quantitative' }, y: { field: 'gain', type: 'quantitative' } },
          },
          {
            data: { values: curve },
            mark: { type: 'line', point: true, color: s.colors?.[0] ?? '#4c78a8' },
            encoding: {
              x: {
                field: 'share',
                type: 'quantitative',
                title: 'Share of customers contacted',
                scale: { domain: [0, 1] },
                axis: pct,
              },
              y: {
                field: 'gain',
                type: 'quantitative',
                title: 'Share of positives captured',
                scale: { domain: [0, 1] },
                axis: pct,
              },
              tooltip: [
                { field: 'bin', type: 'ordinal', title: 'Bin' },
                { field: 'share', type: 'quantitative', format: '.1%', title: 'Contacted' },
                { field: 'gain', type: 'quantitative', format: '.1%', title: 'Captured' },
              ],
            },
          },
        ],
      });
    }
    const series = ['Lift', 'Cumulative lift'];
    const color = { type: 'nominal', title: null, scale: colorScale(s, series) };
    return chartSpec(s, 'Lift by score bin', {
      data: { values: data },
      layer: [
        {
          mark: { type: 'bar' },
          transform: [{ calculate: "'Lift'", as: 'series' }],
          encoding: {
            x: { field: 'bin', type: 'ordinal', title: 'Score bin (1 = highest scores)', axis: { labelAngle: 0 } },
            y: { field: 'lift', type: 'quantitative', title: 'Lift', axis: { format: '.1f' } },
            color: { field: 'series', ...color },
            tooltip: [
              { field: 'bin', type: 'ordinal', title: 'Bin' },
              { field: 'count', type: 'quantitative', title: 'Customers', format: ',' },
              { field: 'positives', type: 'quantitative', title: 'Positives', format: ',' },
              { field: 'lift', type: 'quantitative', format: '.2f' },
              { field: 'cumulativeLift', type: 'quantitative', title: 'Cumulative lift', format: '.2f' },
            ],
          },
        },
        {
          mark: { type: 'line', point: true },
          transform: [{ calculate: "'Cumulative lift'", as: 'series' }],
          encoding: {
            x: { field: 'bin', type: 'ordinal' },
            y: { field: 'cumulativeLift', type: 'quantitative' },
            color: { field: 'series', ...color },
          },
        },
        {
          data: { values: [{ base: 1 }] },
          mark: { type: 'rule', color: '#999999', strokeDash: [4, 4] },
          encoding: { y: { field: 'base', type: 'quantitative' } },
        },
      ],
    });
  });
}
