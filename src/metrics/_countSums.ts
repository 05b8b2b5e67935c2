/**
 * Private: the accumulator behaviour of churn and retention — summed customer counts.
 *
 * @module
 */
import type { CrmIssue } from '../core/errors.js';
import { ok } from '../core/result.js';
import { isIssue, issue } from './_checks.js';
import type { AccumulatorBehaviour } from './_defineAccumulator.js';
import type { ChurnTally } from './_classifySubscriptions.js';
import { checkChurnCounts } from './churnRate.js';

const KEYS = ['atStart', 'lost', 'acquired', 'lostAcquired'] as const;

export function countSums<TIn, TOut>(
  read: (item: TIn) => ChurnTally | CrmIssue,
  result: (c: ChurnTally) => TOut,
): AccumulatorBehaviour<TIn, TOut, ChurnTally> {
  return {
    empty: () => ({ atStart: 0, lost: 0, acquired: 0, lostAcquired: 0 }),
    add(data, item) {
      const c = read(item);
      if (isIssue(c)) return c;
      for (const k of KEYS) data[k] += c[k];
      return null;
    },
    mergeInto(t, s) {
      for (const k of KEYS) t[k] += s[k];
    },
    result: (d) => ok(result(d)),
    toJSON: (d) => ({ atStart: d.atStart, lost: d.lost, acquired: d.acquired, lostAcquired: d.lostAcquired }),
    fromJSON(j) {
      if (typeof j !== 'object' || j === null)
        return [issue([], 'expected { atStart, lost, acquired, lostAcquired }', 'invalid_type')];
      const c = checkChurnCounts(j);
      return isIssue(c) ? [c] : c;
    },
  };
}
