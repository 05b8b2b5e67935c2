/**
 * Reading the rows of an aggregate statement (see `compileAggregate`) back into `AggregateRow`s, the
 * values typed as the memory store gives them.
 *
 * @module
 */
import {
  CrmError,
  crmIssue,
  type AggregateGroupValue,
  type AggregateMeasureValue,
  type AggregateRow,
  type CheckedAggregate,
} from '../../repository/index.js';
import type { FieldType, TableSpec } from './tables.js';

/** A decimal text as the memory store writes a sum: no trailing zeros, no `.` without digits, `0` for zero. */
export function canonicalDecimal(text: string): string {
  let t = text.trim();
  let sign = '';
  if (t.startsWith('-')) {
    sign = '-';
    t = t.slice(1);
  }
  if (t.includes('.')) t = t.replace(/0+$/, '').replace(/\.$/, '');
  t = t.replace(/^0+(?=\d)/, '');
  return t === '0' || t === '' ? '0' : sign + t;
}

/** A column's text as the value of its field: a number, a Date (epoch milliseconds), a boolean or text. */
function typed(type: FieldType, text: unknown): AggregateGroupValue {
  if (text === null || text === undefined) return null;
  const t = String(text);
  switch (type) {
    case 'number':
    case 'integer': {
      const n = Number(t);
      return n === 0 ? 0 : n;
    }
    case 'instant':
      return new Date(Number(t));
    case 'boolean':
      return t === 'true' || t === 't';
    default:
      return t;
  }
}

/**
 * The rows of an aggregate statement as `AggregateRow`s (frozen); throws `currency_mismatch` for a
 * money sum over two currencies in one group.
 */
export function readAggregateRows(
  table: TableSpec,
  aggregate: CheckedAggregate,
  rows: readonly Record<string, unknown>[],
): readonly AggregateRow[] {
  const out: AggregateRow[] = [];
  for (const row of rows) {
    const group: Record<string, AggregateGroupValue> = {};
    aggregate.groupBy.forEach((g, i) => {
      group[g.field] = typed(table.byField.get(g.field)!.type, row[`g${i}`]);
    });
    const measures: [string, AggregateMeasureValue][] = [];
    aggregate.measures.forEach((m, i) => {
      const v = row[`m${i}`];
      switch (m.fn) {
        case 'count':
        case 'countIf':
        case 'distinctCount':
          measures.push([m.name, Number(v ?? 0)]);
          return;
        case 'min':
        case 'max':
          measures.push([m.name, typed(table.byField.get(m.field)!.type, v) as AggregateMeasureValue]);
          return;
        case 'sum': {
          if (v === null || v === undefined) {
            measures.push([m.name, null]);
            return;
          }
          if (m.type !== 'money') {
            measures.push([m.name, canonicalDecimal(String(v))]);
            return;
          }
          const lo = String(row[`m${i}_lo`] ?? '');
          const hi = String(row[`m${i}_hi`] ?? '');
          if (lo !== hi)
            throw new CrmError(
              'currency_mismatch',
              `The sum ${m.name} of ${m.field} adds ${lo} and ${hi} amounts in one group; group by the currency or filter one`,
              {
                issues: [
                  crmIssue.of(
                    'currency_mismatch',
                    ['measures', m.name],
                    `${m.field} holds ${lo} and ${hi} amounts in one group`,
                  ),
                ],
              },
            );
          measures.push([m.name, Object.freeze({ amount: canonicalDecimal(String(v)), currency: lo })]);
          return;
        }
      }
    });
    out.push(Object.freeze({ group: Object.freeze(group), measures: Object.freeze(Object.fromEntries(measures)) }));
  }
  return Object.freeze(out);
}
