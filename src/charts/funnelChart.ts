/**
 * The funnel chart: one bar per stage, in stage order, labelled with the share of the first stage.
 *
 * @module
 */
import { crmIssue } from '../core/issues.js';
import type { Result } from '../core/result.js';
import type { FunnelStep } from '../metrics/funnel.js';
import type { StageFunnel } from '../pipeline/analytics.js';
import {
  chartSpec,
  firstColor,
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
 * Options of {@link funnelChart}: the {@link ChartOptions} (`colors[0]` colours the bars).
 *
 * @example
 * ```ts
 * const o: FunnelChartOptions = { title: 'Q1 funnel', colors: ['#2a9d8f'] };
 * ```
 */
export type FunnelChartOptions = ChartOptions;

/**
 * A funnel chart as a Vega-Lite spec: a horizontal bar per stage, in the order given, its length the
 * stage's count, labelled with the count and the share of the first stage. Takes the steps of the
 * metrics `funnel` (`stage`, `count`, `stepRate`, `overallRate`) or a pipeline `stageFunnel` (its open
 * and won stages, by `name`, with `reached` as the count; lost stages are not part of a funnel). The
 * data rows carry `stage`, `count`, `stepRate` and `overallRate` (`null` where undefined).
 *
 * Bad input (an empty funnel, a negative count, a rate outside [0, 1], a bad or unknown option) is a
 * `validation_failed` Result naming the path. Never throws.
 *
 * @example
 * ```ts
 * const steps = unwrap(funnel(['lead', 'qualified', 'won'], [200, 80, 20]));
 * const spec = unwrap(funnelChart(steps));
 * spec.title; //=> 'Funnel'
 * ```
 */
export function funnelChart(
  funnel: readonly FunnelStep[] | StageFunnel,
  options?: FunnelChartOptions | null,
): Result<VegaLiteSpec> {
  return guarded('funnelChart', (issues) => {
    const read = readSettings(options, [], issues);
    const pipeline = isRecord(funnel) && 'stages' in funnel;
    const list = readList(
      pipeline ? (funnel as Record<string, unknown>)['stages'] : funnel,
      pipeline ? ['stages'] : [],
      'funnel steps (from funnel) or a stage funnel { stages } (from stageFunnel)',
      issues,
      1000,
    );
    if (read === undefined || list === undefined) return invalid('funnelChart', issues);
    const rows: Json[] = [];
    const seen = new Set<string>();
    for (let i = 0; i < list.length && !issues.full; i++) {
      const step: unknown = list[i];
      const at = pipeline ? ['stages', i] : [i];
      if (!isRecord(step)) {
        issues.push(crmIssue.invalidType(at, 'a funnel step', step));
        continue;
      }
      if (pipeline && step['kind'] === 'lost') continue;
      const stage = readLabel(step[pipeline ? 'name' : 'stage'], [...at, pipeline ? 'name' : 'stage'], issues);
      const count = readNumber(step[pipeline ? 'reached' : 'count'], [...at, pipeline ? 'reached' : 'count'], issues, {
        min: 0,
        integer: true,
      });
      const rule = { min: 0, max: 1, nullable: true };
      const stepKey = pipeline ? 'conversionFromPrevious' : 'stepRate';
      const overallKey = pipeline ? 'conversionFromFirst' : 'overallRate';
      const stepRate = readNumber(step[stepKey] ?? null, [...at, stepKey], issues, { ...rule, max: Infinity });
      const overallRate = readNumber(step[overallKey] ?? null, [...at, overallKey], issues, rule);
      if (stage === undefined || count == null || stepRate === undefined || overallRate === undefined) continue;
      if (seen.has(stage)) {
        issues.push(crmIssue.duplicate([...at, pipeline ? 'name' : 'stage'], 'stage', stage));
        continue;
      }
      seen.add(stage);
      rows.push({ stage, count, stepRate, overallRate });
    }
    if (rows.length === 0 && issues.count === 0)
      issues.push(crmIssue.invalidType([], 'a funnel with at least one stage', funnel));
    if (issues.count > 0) return invalid('funnelChart', issues);
    const s = read.settings;
    const y: Json = { field: 'stage', type: 'nominal', sort: null, title: null };
    return chartSpec(s, 'Funnel', {
      data: { values: rows },
      transform: [
        {
          calculate:
            "format(datum.count, ',') + (datum.overallRate == null ? '' : '  (' + format(datum.overallRate, '.0%') + ')')",
          as: 'label',
        },
      ],
      encoding: { y },
      layer: [
        {
          mark: { type: 'bar', color: firstColor(s) },
          encoding: {
            x: { field: 'count', type: 'quantitative', title: 'Count', axis: { format: ',~d' } },
            tooltip: [
              { field: 'stage', type: 'nominal', title: 'Stage' },
              { field: 'count', type: 'quantitative', title: 'Count', format: ',' },
              { field: 'stepRate', type: 'quantitative', title: 'From previous', format: '.1%' },
              { field: 'overallRate', type: 'quantitative', title: 'From first', format: '.1%' },
            ],
          },
        },
        {
          mark: { type: 'text', align: 'left', dx: 4 },
          encoding: { x: { field: 'count', type: 'quantitative' }, text: { field: 'label', type: 'nominal' } },
        },
      ],
    });
  });
}
