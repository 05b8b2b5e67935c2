/**
 * The reference evaluation of an aggregate over records: what the memory store runs, and what an
 * adapter runs where SQL cannot (a condition with extension tests).
 *
 * @module
 */
import { Decimal as DecimalJs } from 'decimal.js';
import { CrmError } from '../core/errors.js';
import { crmIssue } from '../core/issues.js';
import { err, ok, type Result } from '../core/result.js';
import type { AggregateGroupValue, AggregateMeasureValue, AggregateRow } from './ports.js';
import type { CheckedAggregate, CheckedMeasure } from './checkAggregate.js';
import { compareValues, readField, type SortValue } from './sort.js';
import { queryPredicate } from './runQuery.js';

/**
 * Exact decimal sums of binary64 numbers (their shortest decimal forms) and money amounts: 1,000
 * significant digits hold any sum of doubles (at most about 650 digits from 1e308 down to 5e-324).
 */
const Exact = /* @__PURE__ */ (() =>
  DecimalJs.clone({ precision: 1000, rounding: DecimalJs.ROUND_HALF_EVEN, toExpNeg: -9e15, toExpPos: 9e15 }))();
type Exact = InstanceType<typeof Exact>;

/**
 * An aggregate being folded: `add` the records that match the filter, one by one, then `rows()`.
 *
 * @example
 * ```ts
 * declare const checked: CheckedAggregate; // from checkAggregate
 * const agg: Aggregation = createAggregation(checked);
 * ```
 */
export interface Aggregation {
  /**
   * Counts one record (it must match the filter: the caller selects). Evaluates the `countIf`
   * conditions: an extension test's exception propagates.
   */
  add(record: object): void;
  /** The rows so far, sorted by group; `currency_mismatch` for a money sum over two currencies in a group. */
  rows(): Result<readonly AggregateRow[]>;
}

type MeasureState =
  number | Exact | { amount: Exact; currency: string; mixed: string | null } | SortValue | Set<string>;

interface Group {
  readonly values: readonly AggregateGroupValue[];
  readonly states: MeasureState[];
}

const TYPES: readonly string[] = ['text', 'number', 'date', 'boolean', 'money'];

/** Whether `v` has the shape `checkAggregate` gives (fields with known types, measures with known functions). */
function isChecked(v: unknown): v is CheckedAggregate {
  try {
    if (v === null || typeof v !== 'object') return false;
    const { groupBy, measures } = v as Record<string, unknown>;
    if (!Array.isArray(groupBy) || !Array.isArray(measures)) return false;
    const field = (f: unknown) =>
      f !== null &&
      typeof f === 'object' &&
      typeof (f as Record<string, unknown>)['field'] === 'string' &&
      TYPES.includes((f as Record<string, unknown>)['type'] as string);
    return (
      groupBy.every(field) &&
      measures.every((m: unknown) => {
        if (m === null || typeof m !== 'object') return false;
        const r = m as Record<string, unknown>;
        if (typeof r['name'] !== 'string') return false;
        if (r['fn'] === 'count') return true;
        if (r['fn'] === 'countIf') return r['query'] !== null && typeof r['query'] === 'object';
        return ['sum', 'min', 'max', 'distinctCount'].includes(r['fn'] as string) && field(r);
      })
    );
  } catch {
    return false;
  }
}

/** -0 reads as 0 (as PostgreSQL compares and groups them). */
function plain(v: SortValue): AggregateGroupValue {
  if (v === null || typeof v !== 'object' || v instanceof Date) return v === 0 ? 0 : (v as AggregateGroupValue);
  return null;
}

function keyOf(values: readonly AggregateGroupValue[]): string {
  return JSON.stringify(values.map((v) => (v instanceof Date ? { d: v.getTime() } : v)));
}

function initial(m: CheckedMeasure): MeasureState {
  if (m.fn === 'count' || m.fn === 'countIf') return 0;
  if (m.fn === 'distinctCount') return new Set<string>();
  return null;
}

function distinctKey(v: Exclude<SortValue, null>): string {
  if (v instanceof Date) return `d${v.getTime()}`;
  if (typeof v === 'number') return `n${v === 0 ? 0 : v}`;
  if (typeof v === 'boolean') return `b${v}`;
  return `s${v as string}`;
}

/** The exact decimal text of a sum: no exponent, no trailing zeros, `0` for zero. */
function decimalText(d: Exact): string {
  return d.isZero() ? '0' : d.toFixed();
}

/**
 * Starts the reference evaluation of a checked aggregate (see `checkAggregate`): groups by the
 * `groupBy` values (read as `find` reads them: own properties, `null` for a missing value, `-0` as
 * `0`), counts, sums exactly (decimal.js, never binary floating point: a number sum is the exact sum
 * of the numbers' shortest decimal forms), and keeps the least and greatest value as `find` sorts
 * them. `rows()` sorts the groups by their values in order (nulls last). Without `groupBy` there is
 * one row, also over no record. The memory store runs it over the matching records; an adapter runs it
 * where its SQL cannot evaluate a condition.
 *
 * @throws {CrmError} `validation_failed` when `checked` is not what `checkAggregate` returns (a call no
 *   type-correct program makes).
 *
 * @example
 * ```ts
 * const checked = unwrap(checkAggregate({ repository: 'surveyResponses', ctx: { tenantId: 'acme' }, query: { groupBy: ['touchpoint'], measures: { n: { fn: 'count' } } } }));
 * const agg = createAggregation(checked);
 * agg.add({ touchpoint: 'support' });
 * agg.add({ touchpoint: 'support' });
 * unwrap(agg.rows()); //=> [{ group: { touchpoint: 'support' }, measures: { n: 2 } }]
 * ```
 */
export function createAggregation(checked: CheckedAggregate): Aggregation {
  if (!isChecked(checked))
    throw new CrmError('validation_failed', 'createAggregation: expected a CheckedAggregate (from checkAggregate)', {
      issues: [crmIssue.invalidType([], 'a CheckedAggregate (from checkAggregate)', checked)],
    });
  const { groupBy, measures } = checked;
  const tests = measures.map((m) => (m.fn === 'countIf' ? queryPredicate(m.query) : null));
  const groups = new Map<string, Group>();
  const newGroup = (values: readonly AggregateGroupValue[]): Group => ({ values, states: measures.map(initial) });
  if (groupBy.length === 0) groups.set('[]', newGroup([]));

  function addTo(g: Group, record: object): void {
    for (let i = 0; i < measures.length; i++) {
      const m = measures[i]!;
      const s = g.states;
      switch (m.fn) {
        case 'count':
          s[i] = (s[i] as number) + 1;
          break;
        case 'countIf':
          if (tests[i]!(record)) s[i] = (s[i] as number) + 1;
          break;
        case 'sum': {
          const v = readField(record, m.field, m.type);
          if (v === null) break;
          if (m.type === 'money') {
            const currency = (record as Record<string, { currency?: unknown }>)[m.field]?.currency;
            const c = typeof currency === 'string' ? currency : '';
            const cur = s[i] as { amount: Exact; currency: string; mixed: string | null } | null;
            if (cur === null) s[i] = { amount: new Exact(v as string), currency: c, mixed: null };
            else {
              cur.amount = cur.amount.plus(v as string);
              if (c !== cur.currency && cur.mixed === null) cur.mixed = c;
            }
          } else {
            const n = new Exact(String(v === 0 ? 0 : v));
            s[i] = s[i] === null ? n : (s[i] as Exact).plus(n);
          }
          break;
        }
        case 'min':
        case 'max': {
          const v = readField(record, m.field, m.type);
          if (v === null) break;
          const cur = s[i] as SortValue;
          if (cur === null) s[i] = v;
          else {
            const c = compareValues(m.type, v, cur as Exclude<SortValue, null>);
            if (m.fn === 'min' ? c < 0 : c > 0) s[i] = v;
          }
          break;
        }
        case 'distinctCount': {
          const v = readField(record, m.field, m.type);
          if (v !== null) (s[i] as Set<string>).add(distinctKey(v));
          break;
        }
      }
    }
  }

  function value(
    m: CheckedMeasure,
    s: MeasureState,
    group: readonly AggregateGroupValue[],
  ): Result<AggregateMeasureValue> {
    switch (m.fn) {
      case 'count':
      case 'countIf':
        return ok(s as number);
      case 'distinctCount':
        return ok((s as Set<string>).size);
      case 'min':
      case 'max': {
        const v = s as SortValue;
        return ok(v instanceof Date ? new Date(v.getTime()) : v === 0 ? 0 : (v as AggregateMeasureValue));
      }
      case 'sum': {
        if (s === null) return ok(null);
        if (m.type !== 'money') return ok(decimalText(s as Exact));
        const sum = s as { amount: Exact; currency: string; mixed: string | null };
        if (sum.mixed !== null)
          return err(
            new CrmError(
              'currency_mismatch',
              `The sum ${m.name} of ${m.field} adds ${sum.currency} and ${sum.mixed} amounts in group ${keyOf(group)}; group by the currency or filter one`,
              {
                issues: [
                  crmIssue.of(
                    'currency_mismatch',
                    ['measures', m.name],
                    `${m.field} holds ${sum.currency} and ${sum.mixed} amounts in one group`,
                  ),
                ],
              },
            ),
          );
        return ok(Object.freeze({ amount: decimalText(sum.amount), currency: sum.currency }));
      }
    }
  }

  return {
    add(record: object): void {
      if (groupBy.length === 0) {
        addTo(groups.get('[]')!, record);
        return;
      }
      const values = groupBy.map((g) => plain(readField(record, g.field, g.type)));
      const key = keyOf(values);
      let g = groups.get(key);
      if (g === undefined) {
        g = newGroup(values);
        groups.set(key, g);
      }
      addTo(g, record);
    },
    rows(): Result<readonly AggregateRow[]> {
      const list = [...groups.values()].sort((a, b) => {
        for (let i = 0; i < groupBy.length; i++) {
          const x = a.values[i]!;
          const y = b.values[i]!;
          if (x === null || y === null) {
            if (x === y) continue;
            return x === null ? 1 : -1;
          }
          const c = compareValues(groupBy[i]!.type, x, y);
          if (c !== 0) return c;
        }
        return 0;
      });
      const out: AggregateRow[] = [];
      for (const g of list) {
        const m: [string, AggregateMeasureValue][] = [];
        for (let i = 0; i < measures.length; i++) {
          const v = value(measures[i]!, g.states[i]!, g.values);
          if (!v.ok) return v;
          m.push([measures[i]!.name, v.value]);
        }
        const group = Object.fromEntries(
          groupBy.map((f, i) => {
            const v = g.values[i]!;
            return [f.field, v instanceof Date ? new Date(v.getTime()) : v];
          }),
        );
        out.push(Object.freeze({ group: Object.freeze(group), measures: Object.freeze(Object.fromEntries(m)) }));
      }
      return ok(Object.freeze(out));
    },
  };
}
