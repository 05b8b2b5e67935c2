/**
 * defineGoal: a measurable KPI goal with a deadline, on a measure of crmkit/metrics or the host's own.
 *
 * @module
 */
import { checkOptionKeys, crmIssue, invalidInput, IssueList } from '../core/issues.js';
import { err, ok, type Result } from '../core/result.js';
import { isFieldName } from '../conditions/catalog.js';
import { fromDecimal } from '../money/money.js';
import { instantMs } from '../_lib/instantMs.js';
import { quoteValue } from '../_lib/show.js';
import { GOAL_METRICS, type GoalMeasure } from './goalMetrics.js';
import { readValue, rememberGoal, type ReadValue } from './_values.js';
import type { DefineGoalOptions, Goal, GoalSpec, GoalValue } from './types.js';
import type { CurrencyCode } from '../money/currencies.js';

const SPEC_KEYS = ['id', 'metric', 'target', 'baseline', 'start', 'by', 'period', 'segment'];
const UNITS = ['day', 'week', 'month', 'quarter', 'year'];

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Checks a goal: "cut CAC from $115 to $80 per customer by the end of the year" is
 * `{ metric: 'customerAcquisitionCost', baseline: $115, target: $80, by: '2027-01-01', period: 'month' }`.
 * The metric is a name of {@link GOAL_METRICS} (every measure of crmkit/metrics, with which way is better)
 * or a measure the host registers in `options.measures` (`{ better: 'higher' | 'lower', kind: 'number' |
 * 'money' }`). Values are numbers, or Money (one currency) for a money measure. When the baseline is
 * given, the target lies beyond it in the better direction (below it for churn or CAC).
 *
 * Returns a `Result` and never throws for its input: an unknown metric (`unknown_reference` at
 * `['metric']`, listing the known ones), a value of the wrong kind or currency, a target that is not an
 * improvement on the baseline (`invalid_value` at `['target']`), a deadline not after the start
 * (`out_of_order` at `['by']`), a bad period, a bad measure or one that redefines a metric of
 * crmkit/metrics (`duplicate`), unknown keys — each a `validation_failed` issue with its path. The
 * result is frozen.
 *
 * @example
 * ```ts
 * const r = defineGoal({
 *   id: 'cac-2026', metric: 'customerAcquisitionCost', period: 'month',
 *   baseline: { amount: '115.00', currency: 'USD' }, target: { amount: '80.00', currency: 'USD' },
 *   start: '2026-01-01', by: '2027-01-01',
 * });
 * unwrap(r).better; //=> 'lower'
 * // unknown_reference at ['metric']
 * defineGoal({ id: 'g', metric: 'happiness', target: 1, by: '2027-01-01', period: 'month' }).ok; //=> false
 * ```
 */
export function defineGoal(spec: GoalSpec, options?: DefineGoalOptions | null): Result<Goal> {
  try {
    return define(spec, options);
  } catch (e) {
    return err(
      invalidInput('Goal', [
        crmIssue.invalidType(
          [],
          `a readable goal (reading it threw: ${e instanceof Error ? e.message.slice(0, 200) : quoteValue(e)})`,
          spec,
        ),
      ]),
    );
  }
}

function readMeasures(options: unknown, issues: IssueList): Map<string, GoalMeasure> {
  const out = new Map<string, GoalMeasure>();
  issues.push(...checkOptionKeys(options, ['measures'], ['options']));
  if (!isObject(options)) return out;
  const m = options['measures'];
  if (m === undefined || m === null) return out;
  if (!isObject(m)) {
    issues.push(crmIssue.invalidType(['options', 'measures'], 'measures by name { better, kind }', m));
    return out;
  }
  for (const name of Object.keys(m)) {
    const path = ['options', 'measures', name];
    if (!isFieldName(name)) {
      issues.push(crmIssue.invalidValue(path, 'a measure name is letters, digits and _', name));
      continue;
    }
    if (Object.prototype.hasOwnProperty.call(GOAL_METRICS, name)) {
      issues.push(crmIssue.duplicate(path, 'measure', name));
      continue;
    }
    const d = m[name];
    if (!isObject(d)) {
      issues.push(crmIssue.invalidType(path, 'a measure { better, kind }', d));
      continue;
    }
    const extra = Object.keys(d).filter((k) => k !== 'better' && k !== 'kind');
    if (extra.length > 0) issues.push(crmIssue.unrecognizedKeys(path, extra, ['better', 'kind']));
    const better = d['better'];
    const kind = d['kind'];
    if (better !== 'higher' && better !== 'lower')
      issues.push(crmIssue.invalidValue([...path, 'better'], 'which way is better', better, ['higher', 'lower']));
    if (kind !== 'number' && kind !== 'money')
      issues.push(crmIssue.invalidValue([...path, 'kind'], 'the kind of value', kind, ['number', 'money']));
    if ((better === 'higher' || better === 'lower') && (kind === 'number' || kind === 'money'))
      out.set(name, Object.freeze({ better, kind }));
  }
  return out;
}

function define(spec: unknown, options: unknown): Result<Goal> {
  const issues = new IssueList();
  const measures = readMeasures(options, issues);
  if (!isObject(spec))
    return err(invalidInput('Goal', [crmIssue.invalidType([], 'a goal object', spec), ...issues.items]));
  const unknown = Object.keys(spec).filter((k) => !SPEC_KEYS.includes(k));
  if (unknown.length > 0) issues.push(crmIssue.unrecognizedKeys([], unknown, SPEC_KEYS));
  const id = spec['id'];
  if (typeof id !== 'string' || id.trim() === '' || id.length > 200)
    issues.push(crmIssue.invalidType(['id'], 'an id (text of 1 to 200 characters)', id));
  const metric = spec['metric'];
  const measure: GoalMeasure | undefined =
    typeof metric !== 'string'
      ? undefined
      : Object.prototype.hasOwnProperty.call(GOAL_METRICS, metric)
        ? GOAL_METRICS[metric as keyof typeof GOAL_METRICS]
        : measures.get(metric);
  if (measure === undefined)
    issues.push(
      crmIssue.unknownName('unknown_reference', ['metric'], 'metric', metric, [
        ...Object.keys(GOAL_METRICS),
        ...measures.keys(),
      ]),
    );
  const period = spec['period'];
  if (typeof period !== 'string' || !UNITS.includes(period))
    issues.push(crmIssue.invalidValue(['period'], "the measure's cadence", period, UNITS));
  const by = instantMs(spec['by']);
  if (Number.isNaN(by)) issues.push(crmIssue.invalidDate(['by'], spec['by']));
  const startIn = spec['start'];
  const start = startIn === undefined || startIn === null ? null : instantMs(startIn);
  if (start !== null && Number.isNaN(start)) issues.push(crmIssue.invalidDate(['start'], startIn));
  else if (start !== null && !Number.isNaN(by) && by <= start)
    issues.push(crmIssue.of('out_of_order', ['by'], 'the deadline is after the start'));
  const segment = spec['segment'];
  if (
    segment !== undefined &&
    segment !== null &&
    (typeof segment !== 'string' || segment === '' || segment.length > 200)
  )
    issues.push(crmIssue.invalidType(['segment'], "a segment's name (text) or null", segment));
  let target: { value: ReadValue; currency: CurrencyCode | null } | undefined;
  let baseline: { value: ReadValue; currency: CurrencyCode | null } | undefined | null = null;
  if (measure !== undefined) {
    target = readValue(spec['target'], measure.kind, undefined, ['target'], issues);
    const b = spec['baseline'];
    if (b !== undefined && b !== null)
      baseline = readValue(b, measure.kind, target?.currency ?? undefined, ['baseline'], issues);
    if (target !== undefined && baseline !== undefined && baseline !== null) {
      const diff =
        target.value.d !== null
          ? target.value.d.minus(baseline.value.d!).toNumber()
          : target.value.n - baseline.value.n;
      if (diff === 0)
        issues.push(
          crmIssue.invalidValue(['target'], 'the target equals the baseline: nothing to reach', spec['target']),
        );
      else if ((measure.better === 'higher') !== diff > 0)
        issues.push(
          crmIssue.invalidValue(
            ['target'],
            `${String(metric)} is better ${measure.better}: the target lies ${measure.better === 'higher' ? 'above' : 'below'} the baseline`,
            spec['target'],
          ),
        );
    }
  }
  if (issues.count > 0 || measure === undefined || target === undefined || baseline === undefined)
    return err(issues.error('Goal'));
  const currency = target.currency;
  const show = (v: ReadValue): GoalValue => (v.d !== null && currency !== null ? fromDecimal(v.d, currency) : v.n);
  const goal: Goal = Object.freeze({
    id: id as string,
    metric: metric as string,
    better: measure.better,
    kind: measure.kind,
    currency,
    target: show(target.value),
    baseline: baseline === null ? null : show(baseline.value),
    start: start === null ? null : new Date(start),
    by: new Date(by),
    period: period as Goal['period'],
    segment: (segment as string | null | undefined) ?? null,
  });
  rememberGoal(goal);
  return ok(goal);
}
