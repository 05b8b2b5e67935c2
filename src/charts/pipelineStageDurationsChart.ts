/**
 * Time spent in each pipeline stage: the median as a bar, the mean and the 90th percentile as marks.
 *
 * @module
 */
import { crmIssue } from '../core/issues.js';
import type { Result } from '../core/result.js';
import type { StageDuration } from '../pipeline/analytics.js';
import {
  chartSpec,
  colorScale,
  guarded,
  invalid,
  isRecord,
  readLabel,
  readList,
  readNumber,
  readSettings,
  type Json,
} from './_chart.js';
import type { ChartOptions, VegaLiteSpec } from './types.js';

/**
 * Options of {@link pipelineStageDurationsChart}: the {@link ChartOptions} (`colors` colours the median,
 * mean and 90th percentile, in that order) and `stageNames`, display names by stage id (default the
 * ids).
 *
 * @example
 * ```ts
 * const o: PipelineStageDurationsChartOptions = { stageNames: { qualified: 'Qualified', proposal: 'Proposal' } };
 * ```
 */
export interface PipelineStageDurationsChartOptions extends ChartOptions {
  /** Display names by stage id (a stage without one is shown by its id). */
  readonly stageNames?: Readonly<Record<string, string>>;
}

const STATS = ['Median', 'Mean', '90th percentile'] as const;

/**
 * Time in stage as a Vega-Lite spec, from `stageDurations`: one row per stage in the order given, a bar
 * to the median days (R's quantile type 7), a point at the mean and a tick at the 90th percentile, and
 * the number of completed visits in the tooltip. The data rows carry `stage`, `stageId`, `statistic`,
 * `days` and `count`.
 *
 * Bad input (not stage durations, a negative or non-finite duration, a duplicate stage, a bad or
 * unknown option) is a `validation_failed` Result naming the path. Never throws.
 *
 * @example
 * ```ts
 * const durations = [
 *   { stageId: 'qualified', count: 40, meanDays: 6.5, medianDays: 5, p90Days: 14 },
 *   { stageId: 'proposal', count: 25, meanDays: 12.5, medianDays: 10, p90Days: 28 },
 * ];
 * const spec = unwrap(pipelineStageDurationsChart(durations));
 * spec.title; //=> 'Days in stage'
 * ```
 */
export function pipelineStageDurationsChart(
  durations: readonly StageDuration[],
  options?: PipelineStageDurationsChartOptions | null,
): Result<VegaLiteSpec> {
  return guarded('pipelineStageDurationsChart', (issues) => {
    const read = readSettings(options, ['stageNames'], issues);
    const names = read?.own['stageNames'];
    if (names !== undefined && !isRecord(names))
      issues.push(crmIssue.invalidType(['options', 'stageNames'], 'an object of stage names by stage id', names));
    const list = readList(durations, [], 'stage durations (from stageDurations)', issues, 1000);
    if (read === undefined || list === undefined || issues.count > 0)
      return invalid('pipelineStageDurationsChart', issues);
    const named = (names ?? {}) as Record<string, unknown>;
    const rows: Json[] = [];
    const seen = new Set<string>();
    for (let i = 0; i < list.length && !issues.full; i++) {
      const d: unknown = list[i];
      if (!isRecord(d)) {
        issues.push(crmIssue.invalidType([i], 'a stage duration { stageId, count, meanDays, medianDays, p90Days }', d));
        continue;
      }
      const stageId = readLabel(d['stageId'], [i, 'stageId'], issues);
      const count = readNumber(d['count'], [i, 'count'], issues, { min: 0, integer: true });
      const rule = { min: 0 };
      const mean = readNumber(d['meanDays'], [i, 'meanDays'], issues, rule);
      const median = readNumber(d['medianDays'], [i, 'medianDays'], issues, rule);
      const p90 = readNumber(d['p90Days'], [i, 'p90Days'], issues, rule);
      if (stageId === undefined || count == null || mean == null || median == null || p90 == null) continue;
      if (seen.has(stageId)) {
        issues.push(crmIssue.duplicate([i, 'stageId'], 'stage', stageId));
        continue;
      }
      seen.add(stageId);
      const own = Object.prototype.hasOwnProperty.call(named, stageId) ? named[stageId] : undefined;
      if (own !== undefined && (typeof own !== 'string' || own.length === 0 || own.length > 200)) {
        issues.push(crmIssue.invalidType(['options', 'stageNames', stageId], 'a stage name', own));
        continue;
      }
      const stage = (own as string | undefined) ?? stageId;
      [median, mean, p90].forEach((days, k) => rows.push({ stage, stageId, statistic: STATS[k]!, days, count }));
    }
    if (issues.count > 0) return invalid('pipelineStageDurationsChart', issues);
    const s = read.settings;
    const color: Json = { field: 'statistic', type: 'nominal', title: null, scale: colorScale(s, [...STATS]) };
    const tooltip: Json[] = [
      { field: 'stage', type: 'nominal', title: 'Stage' },
      { field: 'statistic', type: 'nominal' },
      { field: 'days', type: 'quantitative', title: 'Days', format: ',.1f' },
      { field: 'count', type: 'quantitative', title: 'Completed visits', format: ',' },
    ];
    const x: Json = { field: 'days', type: 'quantitative', title: 'Days', axis: { format: ',~f' } };
    return chartSpec(s, 'Days in stage', {
      data: { values: rows },
      encoding: { y: { field: 'stage', type: 'nominal', sort: null, title: null } },
      layer: [
        {
          transform: [{ filter: "datum.statistic === 'Median'" }],
          mark: { type: 'bar', opacity: 0.8 },
          encoding: { x, color, tooltip },
        },
        {
          transform: [{ filter: "datum.statistic === 'Mean'" }],
          mark: { type: 'point', filled: true, size: 60, shape: 'diamond' },
          encoding: { x, color, tooltip },
        },
        {
          transform: [{ filter: "datum.statistic === '90th percentile'" }],
          mark: { type: 'tick', thickness: 2 },
          encoding: { x, color, tooltip },
        },
      ],
    });
  });
}
