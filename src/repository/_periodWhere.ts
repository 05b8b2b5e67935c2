/**
 * Private: the condition parts "the date field lies in the half-open period" ([start, end)).
 *
 * @module
 */
import type { Period } from '../time/period.js';

export function periodWhere(field: string, period: Period | undefined): object[] {
  if (period === undefined) return [];
  return [
    { field, op: 'gte', value: period.start },
    { field, op: 'lt', value: period.end },
  ];
}
