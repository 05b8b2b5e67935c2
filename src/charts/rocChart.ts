/**
 * The ROC chart: true positive rate against false positive rate, one curve per model, with the area
 * under each curve in the legend.
 *
 * @module
 */
import type { PathSegment } from '../core/errors.js';
import { crmIssue, type IssueList } from '../core/issues.js';
import type { Result } from '../core/result.js';
import type { RocPoint } from '../scoring/evaluation.js';
import {
  chartSpec,
  colorScale,
  fixed,
  guarded,
  invalid,
  isRecord,
  MAX_CHART_POINTS,
  readLabel,
  readList,
  readNumber,
  readSettings,
  type Json,
} from './_chart.js';
import type { ChartOptions, VegaLiteSpec } from './types.js';

/**
 * One curve of a {@link rocChart}: a model's name and its `rocCurve` points.
 *
 * @example
 * ```ts
 * const c: RocChartCurve = { name: 'logistic', points: unwrap(rocCurve([0.9, 0.4, 0.7], [1, 0, 0])) };
 * ```
 */
export interface RocChartCurve {
  /** The model's name, shown in the legend with its AUC (non-empty, unique). */
  readonly name: string;
  /** The curve, from `rocCurve`. */
  readonly points: readonly RocPoint[];
}

/**
 * Options of {@link rocChart}: the {@link ChartOptions} (`colors` colours the curves in order).
 *
 * @example
 * ```ts
 * const o: RocChartOptions = { width: 360, height: 360 };
 * ```
 */
export type RocChartOptions = ChartOptions;

/**
 * A ROC chart as a Vega-Lite spec: each curve's `rocCurve` points joined in order (a tie of scores is
 * the curve's diagonal segment), over the dashed chance diagonal, on the unit square. The legend
 * names each curve with its area, `name (AUC 0.812)` — the trapezoidal area under the points, which for
 * `rocCurve`'s points is `rocAuc` (ties counted one half; Fawcett 2006) — written with the locale's
 * decimal mark. A single curve is named `ROC`. The data rows carry `model`, `index`, `fpr`, `tpr` and
 * `threshold`.
 *
 * Bad input (points outside the unit square, a curve that goes back, duplicate names, no points, a
 * bad or unknown option) is a `validation_failed` Result naming the path. Never throws.
 *
 * @example
 * ```ts
 * const points = unwrap(rocCurve([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1]));
 * const spec = unwrap(rocChart(points));
 * spec.title; //=> 'ROC curve'
 * ```
 */
export function rocChart(
  curves: readonly RocPoint[] | readonly RocChartCurve[],
  options?: RocChartOptions | null,
): Result<VegaLiteSpec> {
  return guarded('rocChart', (issues) => {
    const read = readSettings(options, [], issues);
    const list = readList(curves, [], 'ROC points (from rocCurve) or curves { name, points }', issues);
    if (read === undefined || list === undefined) return invalid('rocChart', issues);
    const s = read.settings;
    const named = list.length > 0 && isRecord(list[0]) && 'points' in list[0];
    const rows: Json[] = [];
    const labels: string[] = [];
    if (named) {
      const seen = new Set<string>();
      for (let i = 0; i < list.length && !issues.full; i++) {
        const c: unknown = list[i];
        if (!isRecord(c)) {
          issues.push(crmIssue.invalidType([i], 'a curve { name, points }', c));
          continue;
        }
        const name = readLabel(c['name'], [i, 'name'], issues);
        if (name === undefined) continue;
        if (seen.has(name)) {
          issues.push(crmIssue.duplicate([i, 'name'], 'curve name', name));
          continue;
        }
        seen.add(name);
        const label = readCurve(name, c['points'], [i, 'points'], rows, issues, s.locale);
        if (label !== undefined) labels.push(label);
      }
    } else {
      const label = readCurve('ROC', list, [], rows, issues, s.locale);
      if (label !== undefined) labels.push(label);
    }
    if (rows.length > MAX_CHART_POINTS)
      issues.push(crmIssue.tooBig([], 'the number of points', MAX_CHART_POINTS, true, rows.length));
    if (issues.count > 0) return invalid('rocChart', issues);
    const unit: Json = { domain: [0, 1] };
    return chartSpec(s, 'ROC curve', {
      layer: [
        {
          data: {
            values: [
              { fpr: 0, tpr: 0 },
              { fpr: 1, tpr: 1 },
            ],
          },
          mark: { type: 'line', color: '#999999', strokeDash: [4, 4], strokeWidth: 1 },
          encoding: {
            x: { field: 'fpr', type: 'quantitative' },
            y: { field: 'tpr', type: 'quantitative' },
          },
        },
        {
          data: { values: rows },
          mark: { type: 'line', point: false },
          encoding: {
            x: {
              field: 'fpr',
              type: 'quantitative',
              title: 'False positive rate',
              scale: unit,
              axis: { format: '.1f' },
            },
            y: {
              field: 'tpr',
              type: 'quantitative',
              title: 'True positive rate',
              scale: unit,
              axis: { format: '.1f' },
            },
            color: {
              field: 'model',
              type: 'nominal',
              title: null,
              scale: colorScale(s, labels),
              legend: { orient: 'bottom-right' },
            },
            order: { field: 'index', type: 'quantitative' },
            tooltip: [
              { field: 'model', type: 'nominal' },
              { field: 'threshold', type: 'quantitative', format: '.4~g' },
              { field: 'fpr', type: 'quantitative', format: '.3f' },
              { field: 'tpr', type: 'quantitative', format: '.3f' },
            ],
          },
        },
      ],
    });
  });
}

/** Reads one curve's points into `rows`; its legend label with the AUC, or `undefined` after issues. */
function readCurve(
  name: string,
  v: unknown,
  path: readonly PathSegment[],
  rows: Json[],
  issues: IssueList,
  locale: Parameters<typeof fixed>[2],
): string | undefined {
  const points = readList(v, path, 'an array of ROC points { fpr, tpr, threshold }', issues);
  if (points === undefined) return undefined;
  if (points.length === 0) {
    issues.push(crmIssue.invalidType(path, 'at least one ROC point', points));
    return undefined;
  }
  const before = issues.count;
  const mine: { fpr: number; tpr: number; threshold: number | null; tp: unknown; fp: unknown }[] = [];
  for (let i = 0; i < points.length && !issues.full; i++) {
    const p: unknown = points[i];
    if (!isRecord(p)) {
      issues.push(crmIssue.invalidType([...path, i], 'a ROC point { fpr, tpr, threshold }', p));
      continue;
    }
    const fpr = readNumber(p['fpr'], [...path, i, 'fpr'], issues, { min: 0, max: 1 });
    const tpr = readNumber(p['tpr'], [...path, i, 'tpr'], issues, { min: 0, max: 1 });
    const threshold = readNumber(p['threshold'] ?? null, [...path, i, 'threshold'], issues, { nullable: true });
    if (fpr == null || tpr == null || threshold === undefined) continue;
    const prev = mine.at(-1);
    if (prev !== undefined && (fpr < prev.fpr || tpr < prev.tpr)) {
      issues.push(crmIssue.of('out_of_order', [...path, i], `a ROC curve never goes back (point ${i})`));
      continue;
    }
    mine.push({ fpr, tpr, threshold, tp: p['tp'], fp: p['fp'] });
  }
  if (issues.count > before) return undefined;
  const label = `${name} (AUC ${fixed(areaUnder(mine), 3, locale)})`;
  mine.forEach((p, index) => rows.push({ model: label, index, fpr: p.fpr, tpr: p.tpr, threshold: p.threshold }));
  return label;
}

/**
 * The trapezoidal area under the points. For `rocCurve`'s points (integer counts `tp`, `fp`, ending at
 * (1, 1)) it is computed in integers — Σ (fpᵢ − fpᵢ₋₁)(tpᵢ + tpᵢ₋₁), twice the Mann–Whitney U — over
 * 2·n₊·n₋, one rounding, so it is `rocAuc`'s number to the last bit; otherwise from the rates.
 */
function areaUnder(points: readonly { fpr: number; tpr: number; tp: unknown; fp: unknown }[]): number {
  const last = points.at(-1)!;
  const counts = points.every(
    (p) => Number.isSafeInteger(p.tp) && Number.isSafeInteger(p.fp) && (p.tp as number) >= 0 && (p.fp as number) >= 0,
  );
  const pos = last.tp as number;
  const neg = last.fp as number;
  if (counts && last.fpr === 1 && last.tpr === 1 && pos > 0 && neg > 0 && pos * neg < 2 ** 50) {
    let twiceU = 0;
    for (let i = 1; i < points.length; i++)
      twiceU +=
        ((points[i]!.fp as number) - (points[i - 1]!.fp as number)) *
        ((points[i]!.tp as number) + (points[i - 1]!.tp as number));
    if (Number.isSafeInteger(twiceU) && twiceU >= 0 && twiceU <= 2 * pos * neg) return twiceU / (2 * pos * neg);
  }
  let area = 0;
  for (let i = 1; i < points.length; i++)
    area += ((points[i]!.fpr - points[i - 1]!.fpr) * (points[i]!.tpr + points[i - 1]!.tpr)) / 2;
  return Math.min(1, Math.max(0, area));
}
