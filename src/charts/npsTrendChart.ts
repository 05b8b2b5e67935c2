/**
 * The NPS trend: the score per period (or group) with its confidence interval.
 *
 * @module
 */
import { crmIssue } from '../core/issues.js';
import type { Result } from '../core/result.js';
import type { NpsResult } from '../metrics/nps.js';
import type { Period } from '../time/period.js';
import {
  chartSpec,
  firstColor,
  guarded,
  invalid,
  isRecord,
  readInstant,
  readList,
  readNumber,
  readSettings,
  type Json,
} from './_chart.js';
import type { ChartOptions, VegaLiteSpec } from './types.js';

/**
 * One point of an NPS trend: the NPS of a period — or of a group, as `npsBy` returns them (`key`).
 *
 * @example
 * ```ts
 * const p: NpsTrendPoint = { period: { start: new Date('2026-01-01T00:00:00Z'), end: new Date('2026-02-01T00:00:00Z') }, nps: unwrap(nps([10, 9, 3])) };
 * const g: NpsTrendPoint = { key: '2026-01', nps: unwrap(nps([10, 9, 3])) };
 * ```
 */
export type NpsTrendPoint =
  | {
      /** The period the responses were answered in (the x axis is time). */
      readonly period: Period;
      /** Its NPS. */
      readonly nps: NpsResult;
    }
  | {
      /** The group's key, as `npsBy` gives it (the x axis lists keys in the order given; `null` is `(none)`). */
      readonly key: string | null;
      /** Its NPS. */
      readonly nps: NpsResult;
    };

/**
 * Options of {@link npsTrendChart}: the {@link ChartOptions} (`colors[0]` colours the line and band)
 * and `dateFormat`, the d3 time format of period labels (default `'%b %Y'`).
 *
 * @example
 * ```ts
 * const o: NpsTrendChartOptions = { dateFormat: '%d %b', locale: 'fr-FR' };
 * ```
 */
export interface NpsTrendChartOptions extends ChartOptions {
  /** The d3-time-format of period labels (default `'%b %Y'`), written in the chart's locale. */
  readonly dateFormat?: string;
}

/**
 * An NPS trend as a Vega-Lite spec: the score of each point (a line with points) inside a band from
 * `interval.lower` to `interval.upper` — the Wald interval `nps` reports (Rocks 2016) — on a fixed
 * −100 … 100 scale with a rule at 0. Points are periods (`{ period, nps }`, a time axis at each period's
 * start day, in UTC) or groups (`{ key, nps }`, such as `npsBy` per month, an axis of keys in the order
 * given). A point without answers (`score: null`) is left out. The data rows carry `x`, `score`,
 * `lower`, `upper` and `total`.
 *
 * Bad input (points mixing periods and keys, a score outside −100 … 100, a bad date format, a bad or
 * unknown option) is a `validation_failed` Result naming the path. Never throws.
 *
 * @example
 * ```ts
 * const points = [
 *   { key: '2026-01', nps: unwrap(nps({ promoters: 50, passives: 30, detractors: 20 })) },
 *   { key: '2026-02', nps: unwrap(nps({ promoters: 60, passives: 25, detractors: 15 })) },
 * ];
 * const spec = unwrap(npsTrendChart(points));
 * spec.title; //=> 'Net Promoter Score'
 * ```
 */
export function npsTrendChart(
  points: readonly NpsTrendPoint[],
  options?: NpsTrendChartOptions | null,
): Result<VegaLiteSpec> {
  return guarded('npsTrendChart', (issues) => {
    const read = readSettings(options, ['dateFormat'], issues);
    const df = read?.own['dateFormat'];
    if (df !== undefined && (typeof df !== 'string' || df.length === 0 || df.length > 50 || !df.includes('%')))
      issues.push(
        crmIssue.invalidValue(['options', 'dateFormat'], 'dateFormat must be a d3 time format such as %b %Y', df),
      );
    const list = readList(points, [], 'NPS points { period, nps } or groups { key, nps }', issues, 100_000);
    if (read === undefined || list === undefined || issues.count > 0) return invalid('npsTrendChart', issues);
    const temporal = list.length > 0 && isRecord(list[0]) && 'period' in list[0];
    const rows: Json[] = [];
    const keys = new Set<string>();
    for (let i = 0; i < list.length && !issues.full; i++) {
      const p: unknown = list[i];
      if (!isRecord(p) || !isRecord(p['nps']) || (temporal ? !isRecord(p['period']) : !('key' in p))) {
        issues.push(crmIssue.invalidType([i], temporal ? 'a point { period, nps }' : 'a group { key, nps }', p));
        continue;
      }
      let x: string | undefined;
      if (temporal) x = readInstant((p['period'] as Record<string, unknown>)['start'], [i, 'period', 'start'], issues);
      else {
        const key = p['key'];
        if (key !== null && typeof key !== 'string')
          issues.push(crmIssue.invalidType([i, 'key'], 'a key (a string or null)', key));
        else x = key === null ? '(none)' : key;
        if (x !== undefined && keys.has(x)) {
          issues.push(crmIssue.duplicate([i, 'key'], 'key', x));
          x = undefined;
        }
        if (x !== undefined) keys.add(x);
      }
      const nps = p['nps'] as Record<string, unknown>;
      const score = readNumber(nps['score'], [i, 'nps', 'score'], issues, { min: -100, max: 100, nullable: true });
      const total = readNumber(nps['total'], [i, 'nps', 'total'], issues, { min: 0, integer: true });
      const interval = nps['interval'];
      let lower: number | null | undefined = null;
      let upper: number | null | undefined = null;
      if (interval !== null && interval !== undefined) {
        if (!isRecord(interval))
          issues.push(crmIssue.invalidType([i, 'nps', 'interval'], 'an interval { lower, upper }', interval));
        else {
          lower = readNumber(interval['lower'], [i, 'nps', 'interval', 'lower'], issues, { min: -100, max: 100 });
          upper = readNumber(interval['upper'], [i, 'nps', 'interval', 'upper'], issues, { min: -100, max: 100 });
        }
      }
      if (x === undefined || score === undefined || total == null || lower === undefined || upper === undefined)
        continue;
      if (score === null) continue;
      rows.push({ x, score, lower: lower ?? score, upper: upper ?? score, total });
    }
    if (issues.count > 0) return invalid('npsTrendChart', issues);
    const s = read.settings;
    const color = firstColor(s);
    const format = typeof df === 'string' ? df : '%b %Y';
    const x: Json = temporal
      ? { field: 'x', type: 'temporal', timeUnit: 'utcyearmonthdate', title: null, axis: { format } }
      : { field: 'x', type: 'ordinal', title: null, sort: null, axis: { labelAngle: 0 } };
    const scale = { domain: [-100, 100] };
    return chartSpec(s, 'Net Promoter Score', {
      layer: [
        {
          data: { values: [{ zero: 0 }] },
          mark: { type: 'rule', color: '#999999', strokeDash: [4, 4] },
          encoding: { y: { field: 'zero', type: 'quantitative', scale } },
        },
        {
          data: { values: rows },
          encoding: { x },
          layer: [
            {
              mark: { type: 'area', opacity: 0.2, color },
              encoding: {
                y: { field: 'lower', type: 'quantitative', scale },
                y2: { field: 'upper' },
              },
            },
            {
              mark: { type: 'line', point: true, color },
              encoding: {
                y: { field: 'score', type: 'quantitative', title: 'NPS', scale, axis: { format: '~f' } },
                tooltip: [
                  temporal
                    ? { field: 'x', type: 'temporal', timeUnit: 'utcyearmonthdate', title: 'Period', format }
                    : { field: 'x', type: 'ordinal', title: 'Group' },
                  { field: 'score', type: 'quantitative', title: 'NPS', format: '.1f' },
                  { field: 'lower', type: 'quantitative', title: 'Lower', format: '.1f' },
                  { field: 'upper', type: 'quantitative', title: 'Upper', format: '.1f' },
                  { field: 'total', type: 'quantitative', title: 'Responses', format: ',' },
                ],
              },
            },
          ],
        },
      ],
    });
  });
}
