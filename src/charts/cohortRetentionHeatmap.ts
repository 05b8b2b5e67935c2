/**
 * The cohort retention heatmap: signup cohorts down, periods since signup across, the share still
 * active as colour and text.
 *
 * @module
 */
import { crmIssue } from '../core/issues.js';
import type { Result } from '../core/result.js';
import type { CohortTable } from '../metrics/cohortRetention.js';
import {
  chartSpec,
  guarded,
  invalid,
  isRecord,
  MAX_CHART_POINTS,
  rampScale,
  readFlag,
  readInstant,
  readList,
  readNumber,
  readSettings,
  type Json,
} from './_chart.js';
import type { ChartOptions, VegaLiteSpec } from './types.js';

/**
 * Options of {@link cohortRetentionHeatmap}: the {@link ChartOptions} (`colors` is the colour ramp from
 * 0 % to 100 %, default the `blues` scheme) and `labels` (write each cell's percentage in it; default
 * true).
 *
 * @example
 * ```ts
 * const o: CohortRetentionHeatmapOptions = { labels: false, colors: ['#f7fbff', '#08306b'] };
 * ```
 */
export interface CohortRetentionHeatmapOptions extends ChartOptions {
  /** Write each cell's retention percentage in it (default true). */
  readonly labels?: boolean;
}

const UNIT = {
  week: { timeUnit: 'utcyearmonthdate', format: '%d %b %Y', title: 'Weeks since start' },
  month: { timeUnit: 'utcyearmonth', format: '%b %Y', title: 'Months since start' },
  quarter: { timeUnit: 'utcyearquarter', format: 'Q%q %Y', title: 'Quarters since start' },
  year: { timeUnit: 'utcyear', format: '%Y', title: 'Years since start' },
} as const;

/**
 * A cohort retention heatmap as a Vega-Lite spec, from a `cohortRetention` table: one row per cohort
 * (labelled with its start in the locale's date format), one column per period since the start (0 …
 * periods − 1), each cell coloured by `rates[k]` on a fixed 0–100 % scale and labelled with it; cells
 * that are not observable yet (`null`) are left blank. The data rows carry `cohort` (ISO start),
 * `period`, `size`, `count` and `rate`.
 *
 * Bad input (not a cohort table, a rate outside [0, 1], more than 200,000 cells, a bad or unknown
 * option) is a `validation_failed` Result naming the path. Never throws.
 *
 * @example
 * ```ts
 * const customers = [
 *   { startedAt: new Date('2026-01-10T00:00:00Z'), endedAt: new Date('2026-02-20T00:00:00Z') },
 *   { startedAt: new Date('2026-01-20T00:00:00Z'), endedAt: null },
 * ];
 * const table = unwrap(cohortRetention(customers, { periods: 3, asOf: new Date('2026-04-01T00:00:00Z') }));
 * const spec = unwrap(cohortRetentionHeatmap(table));
 * spec.title; //=> 'Cohort retention'
 * ```
 */
export function cohortRetentionHeatmap(
  table: CohortTable,
  options?: CohortRetentionHeatmapOptions | null,
): Result<VegaLiteSpec> {
  return guarded('cohortRetentionHeatmap', (issues) => {
    const read = readSettings(options, ['labels'], issues);
    const labels = readFlag(read?.own['labels'], 'labels', true, issues);
    if (!isRecord(table)) {
      issues.push(crmIssue.invalidType([], 'a cohort table { unit, periods, rows }', table));
      return invalid('cohortRetentionHeatmap', issues);
    }
    const unit = table['unit'];
    if (unit !== 'week' && unit !== 'month' && unit !== 'quarter' && unit !== 'year')
      issues.push(crmIssue.invalidValue(['unit'], 'unit must be a calendar unit', unit, Object.keys(UNIT)));
    const rows = readList(table['rows'], ['rows'], 'an array of cohort rows', issues);
    if (read === undefined || rows === undefined || issues.count > 0) return invalid('cohortRetentionHeatmap', issues);
    const u = UNIT[unit as keyof typeof UNIT];
    const cells: Json[] = [];
    for (let i = 0; i < rows.length && !issues.full; i++) {
      const row: unknown = rows[i];
      if (!isRecord(row) || !isRecord(row['cohort'])) {
        issues.push(crmIssue.invalidType(['rows', i], 'a cohort row { cohort, size, counts, rates }', row));
        continue;
      }
      const cohort = readInstant(row['cohort']['start'], ['rows', i, 'cohort', 'start'], issues);
      const size = readNumber(row['size'], ['rows', i, 'size'], issues, { min: 0, integer: true });
      const rates = readList(row['rates'], ['rows', i, 'rates'], 'an array of rates', issues);
      const counts = readList(row['counts'], ['rows', i, 'counts'], 'an array of counts', issues);
      if (cohort === undefined || size == null || rates === undefined || counts === undefined) continue;
      if (counts.length !== rates.length) {
        issues.push(crmIssue.of('length_mismatch', ['rows', i, 'counts'], 'counts and rates differ in length'));
        continue;
      }
      for (let k = 0; k < rates.length; k++) {
        const rate = readNumber(rates[k], ['rows', i, 'rates', k], issues, { min: 0, max: 1, nullable: true });
        const count = readNumber(counts[k], ['rows', i, 'counts', k], issues, { min: 0, nullable: true });
        if (rate == null || count == null) continue;
        cells.push({ cohort, period: k, size, count, rate });
      }
      if (cells.length > MAX_CHART_POINTS) {
        issues.push(crmIssue.tooBig(['rows'], 'the number of cells', MAX_CHART_POINTS, true, cells.length));
        break;
      }
    }
    if (issues.count > 0) return invalid('cohortRetentionHeatmap', issues);
    const s = read.settings;
    const encoding: Json = {
      x: { field: 'period', type: 'ordinal', title: u.title, axis: { labelAngle: 0 } },
      y: { field: 'cohort', type: 'ordinal', timeUnit: u.timeUnit, title: 'Cohort', axis: { format: u.format } },
    };
    const layer: Json[] = [
      {
        mark: { type: 'rect' },
        encoding: {
          color: {
            field: 'rate',
            type: 'quantitative',
            title: 'Retained',
            scale: rampScale(s, 'blues', { domain: [0, 1] }),
            legend: { format: '.0%' },
          },
          tooltip: [
            { field: 'cohort', type: 'temporal', timeUnit: u.timeUnit, title: 'Cohort', format: u.format },
            { field: 'period', type: 'ordinal', title: 'Period' },
            { field: 'size', type: 'quantitative', title: 'Cohort size', format: ',' },
            { field: 'count', type: 'quantitative', title: 'Active', format: ',' },
            { field: 'rate', type: 'quantitative', title: 'Retained', format: '.1%' },
          ],
        },
      },
    ];
    if (labels)
      layer.push({
        mark: { type: 'text', fontSize: 10 },
        encoding: {
          text: { field: 'rate', type: 'quantitative', format: '.0%' },
          color: { condition: { test: 'datum.rate > 0.5', value: 'white' }, value: 'black' },
        },
      });
    return chartSpec(s, 'Cohort retention', { data: { values: cells }, encoding, layer });
  });
}
