/**
 * The Kaplan–Meier survival chart: step curves with their confidence bands and censor marks, one
 * colour per group.
 *
 * @module
 */
import type { PathSegment } from '../core/errors.js';
import { crmIssue, type IssueList } from '../core/issues.js';
import type { Result } from '../core/result.js';
import type { KaplanMeierResult } from '../metrics/kaplanMeier.js';
import {
  chartSpec,
  colorScale,
  guarded,
  invalid,
  isRecord,
  readFlag,
  readLabel,
  readList,
  readNumber,
  readSettings,
  readText,
  type Json,
} from './_chart.js';
import type { ChartOptions, VegaLiteSpec } from './types.js';

/**
 * One curve of a {@link kaplanMeierChart}: a group's name and its `kaplanMeier` result.
 *
 * @example
 * ```ts
 * const g: KaplanMeierChartGroup = { name: 'monthly plan', result: unwrap(kaplanMeier([3, 5, 8], [1, 0, 1])) };
 * ```
 */
export interface KaplanMeierChartGroup {
  /** The group's name, shown in the legend (non-empty, unique). */
  readonly name: string;
  /** The group's Kaplan–Meier estimate. */
  readonly result: KaplanMeierResult;
}

/**
 * Options of {@link kaplanMeierChart}: the {@link ChartOptions}, and whether to draw the confidence
 * band (`band`, default true) and the censor marks (`censorMarks`, default true), and the time axis
 * title (`timeTitle`, default `'Time'`).
 *
 * @example
 * ```ts
 * const o: KaplanMeierChartOptions = { timeTitle: 'Months since signup', band: false, locale: 'id-ID' };
 * ```
 */
export interface KaplanMeierChartOptions extends ChartOptions {
  /** Draw the pointwise confidence band of each curve (default true). */
  readonly band?: boolean;
  /** Draw a mark at every censoring time (default true). */
  readonly censorMarks?: boolean;
  /** The title of the time axis (default `'Time'`). */
  readonly timeTitle?: string;
}

interface Curve {
  readonly name: string;
  readonly steps: Json[];
  readonly band: Json[];
  readonly censors: Json[];
}

/**
 * A Kaplan–Meier chart as a Vega-Lite spec: for each group a right-continuous step line through
 * `(0, 1)` and every event row's `(time, survival)` — the step heights are the survival values —
 * carried on to the last observed time; the log-log confidence band between `lower` and `upper` (a
 * row whose interval is `null`, survival 0, closes the band at the curve); and a vertical mark at each
 * censoring time at the curve's height (`result.censorings`; a result without them marks the event
 * rows with `censored > 0`), as R's `plot(survfit(...), conf.int = TRUE, mark.time = TRUE)` draws
 * them. Pass one result, or several `{ name, result }` groups (one colour each, in the order given).
 *
 * Bad input — a result that is not a Kaplan–Meier estimate, rows out of order, a survival outside
 * [0, 1], duplicate group names, more than 200,000 points, a bad or unknown option — is a
 * `validation_failed` Result naming the path. Never throws.
 *
 * @example
 * ```ts
 * const km = unwrap(kaplanMeier([9, 13, 13, 18, 23], [1, 1, 0, 1, 0]));
 * const spec = unwrap(kaplanMeierChart(km, { timeTitle: 'Months' }));
 * spec.$schema; //=> 'https://vega.github.io/schema/vega-lite/v5.json'
 * ```
 */
export function kaplanMeierChart(
  input: KaplanMeierResult | readonly KaplanMeierChartGroup[],
  options?: KaplanMeierChartOptions | null,
): Result<VegaLiteSpec> {
  return guarded('kaplanMeierChart', (issues) => {
    const read = readSettings(options, ['band', 'censorMarks', 'timeTitle'], issues);
    const band = readFlag(read?.own['band'], 'band', true, issues);
    const marks = readFlag(read?.own['censorMarks'], 'censorMarks', true, issues);
    const timeTitle = readText(read?.own['timeTitle'], 'timeTitle', 'Time', issues);
    const curves = readCurves(input, issues);
    if (read === undefined || curves === undefined || issues.count > 0) return invalid('kaplanMeierChart', issues);
    const s = read.settings;
    const names = curves.map((c) => c.name);
    const x: Json = { field: 'time', type: 'quantitative', title: timeTitle, axis: { format: ',~f' } };
    const y: Json = {
      field: 'survival',
      type: 'quantitative',
      title: 'Survival probability',
      scale: { domain: [0, 1] },
      axis: { format: '.0%' },
    };
    const color: Json = { field: 'group', type: 'nominal', title: null, scale: colorScale(s, names) };
    if (names.length === 1) color['legend'] = null;
    const layer: Json[] = [];
    if (band)
      layer.push({
        data: { values: curves.flatMap((c) => c.band) },
        mark: { type: 'area', interpolate: 'step-after', opacity: 0.2 },
        encoding: {
          x,
          y: { field: 'lower', type: 'quantitative', scale: { domain: [0, 1] } },
          y2: { field: 'upper' },
          color: { ...color, legend: null },
        },
      });
    layer.push({
      data: { values: curves.flatMap((c) => c.steps) },
      mark: { type: 'line', interpolate: 'step-after' },
      encoding: {
        x,
        y,
        color,
        order: { field: 'index', type: 'quantitative' },
        tooltip: [
          { field: 'group', type: 'nominal' },
          { field: 'time', type: 'quantitative', format: ',~f' },
          { field: 'survival', type: 'quantitative', format: '.3f' },
        ],
      },
    });
    if (marks)
      layer.push({
        data: { values: curves.flatMap((c) => c.censors) },
        mark: { type: 'point', shape: 'M0,-1L0,1', filled: false, size: 60, strokeWidth: 1.5, opacity: 1 },
        encoding: {
          x,
          y,
          color: { ...color, legend: null },
          tooltip: [
            { field: 'group', type: 'nominal' },
            { field: 'time', type: 'quantitative', format: ',~f' },
            { field: 'censored', type: 'quantitative' },
          ],
        },
      });
    return chartSpec(s, 'Kaplan–Meier survival', { layer });
  });
}

function readCurves(input: unknown, issues: IssueList): Curve[] | undefined {
  if (Array.isArray(input)) {
    if (input.length === 0) {
      issues.push(crmIssue.invalidType([], 'at least one group { name, result }', input));
      return undefined;
    }
    if (input.length > 100) {
      issues.push(crmIssue.tooBig([], 'the number of groups', 100, true, input.length));
      return undefined;
    }
    const curves: Curve[] = [];
    const seen = new Map<string, number>();
    for (let i = 0; i < input.length; i++) {
      const g: unknown = input[i];
      if (!isRecord(g)) {
        issues.push(crmIssue.invalidType([i], 'a group { name, result }', g));
        continue;
      }
      const name = readLabel(g['name'], [i, 'name'], issues);
      if (name === undefined) continue;
      const first = seen.get(name);
      if (first !== undefined) {
        issues.push(crmIssue.duplicate([i, 'name'], 'group name', name, [first, 'name']));
        continue;
      }
      seen.set(name, i);
      const c = readCurve(name, g['result'], [i, 'result'], issues);
      if (c !== undefined) curves.push(c);
    }
    const points = curves.reduce((n, c) => n + c.steps.length + c.band.length + c.censors.length, 0);
    if (points > 200_000) issues.push(crmIssue.tooBig([], 'the number of points', 200_000, true, points));
    return issues.count > 0 ? undefined : curves;
  }
  const c = readCurve('survival', input, [], issues);
  return c === undefined ? undefined : [c];
}

function readCurve(name: string, result: unknown, path: readonly PathSegment[], issues: IssueList): Curve | undefined {
  if (!isRecord(result)) {
    issues.push(crmIssue.invalidType(path, 'a Kaplan–Meier result { rows, censorings }', result));
    return undefined;
  }
  const before = issues.count;
  const rows = readList(result['rows'], [...path, 'rows'], 'an array of Kaplan–Meier rows', issues);
  if (rows === undefined) return undefined;
  const times: number[] = [];
  const survival: number[] = [];
  const steps: Json[] = [{ group: name, index: 0, time: 0, survival: 1 }];
  const band: Json[] = [{ group: name, time: 0, lower: 1, upper: 1 }];
  const fromRows: Json[] = [];
  let previousTime = -Infinity;
  let previousSurvival = 1;
  for (let i = 0; i < rows.length && !issues.full; i++) {
    const row: unknown = rows[i];
    const at = [...path, 'rows', i];
    if (!isRecord(row)) {
      issues.push(crmIssue.invalidType(at, 'a Kaplan–Meier row { time, survival, lower, upper, censored }', row));
      continue;
    }
    const time = readNumber(row['time'], [...at, 'time'], issues, { min: 0 });
    const s = readNumber(row['survival'], [...at, 'survival'], issues, { min: 0, max: 1 });
    const lower = readNumber(row['lower'], [...at, 'lower'], issues, { min: 0, max: 1, nullable: true });
    const upper = readNumber(row['upper'], [...at, 'upper'], issues, { min: 0, max: 1, nullable: true });
    const censored = readNumber(row['censored'], [...at, 'censored'], issues, { min: 0, integer: true });
    if (time == null || s == null || lower === undefined || upper === undefined || censored == null) continue;
    if (time <= previousTime || s > previousSurvival) {
      issues.push(
        crmIssue.of('out_of_order', at, `rows must have increasing times and non-increasing survival (row ${i})`),
      );
      continue;
    }
    previousTime = time;
    previousSurvival = s;
    times.push(time);
    survival.push(s);
    steps.push({ group: name, index: steps.length, time, survival: s });
    band.push({ group: name, time, lower: lower ?? s, upper: upper ?? s });
    if (censored > 0) fromRows.push({ group: name, time, survival: s, censored });
  }
  if (issues.count > before) return undefined;
  const censors = readCensorings(name, result['censorings'], [...path, 'censorings'], times, survival, issues);
  if (censors === undefined) return undefined;
  const marks = censors ?? fromRows;
  // The curve is drawn on to the last observed time: the last event or the last censoring.
  let last = times.at(-1) ?? 0;
  for (const m of marks) last = Math.max(last, m['time'] as number);
  const end = survival.at(-1) ?? 1;
  if (last > (times.at(-1) ?? 0)) {
    steps.push({ group: name, index: steps.length, time: last, survival: end });
    const b = band.at(-1)!;
    band.push({ group: name, time: last, lower: b['lower']!, upper: b['upper']! });
  }
  return { name, steps, band, censors: marks };
}

/** The censor marks of `result.censorings` at the curve's height; `null` when the result has none. */
function readCensorings(
  name: string,
  v: unknown,
  path: readonly PathSegment[],
  times: readonly number[],
  survival: readonly number[],
  issues: IssueList,
): Json[] | null | undefined {
  if (v === undefined) return null;
  const list = readList(v, path, 'an array of censorings { time, count }', issues);
  if (list === undefined) return undefined;
  const out: Json[] = [];
  let previous = -Infinity;
  let k = 0; // rows with time ≤ the censoring time
  for (let i = 0; i < list.length && !issues.full; i++) {
    const c: unknown = list[i];
    if (!isRecord(c)) {
      issues.push(crmIssue.invalidType([...path, i], 'a censoring { time, count }', c));
      continue;
    }
    const time = readNumber(c['time'], [...path, i, 'time'], issues, { min: 0 });
    const count = readNumber(c['count'], [...path, i, 'count'], issues, { min: 1, integer: true });
    if (time == null || count == null) continue;
    if (time <= previous) {
      issues.push(crmIssue.of('out_of_order', [...path, i], `censorings must have increasing times (item ${i})`));
      continue;
    }
    previous = time;
    while (k < times.length && times[k]! <= time) k++;
    out.push({ group: name, time, survival: k === 0 ? 1 : survival[k - 1]!, censored: count });
  }
  return out;
}
