/**
 * Private: the accumulator behaviour of the per-point survey measures (CES, CSAT): counts per scale
 * point.
 *
 * @module
 */
import { ok } from '../core/result.js';
import { isIssue } from './_checks.js';
import { countsFromJSON, type AccumulatorBehaviour } from './_defineAccumulator.js';
import { recordScore, scaleIssue, tally } from './_surveyScores.js';
import type { SurveyScoreRecord } from './surveyScoreRecord.js';

export function pointBehaviour<R>(
  kind: string,
  min: number,
  max: number,
  result: (counts: number[]) => R,
): AccumulatorBehaviour<number | SurveyScoreRecord, R, number[]> {
  return {
    empty: () => new Array<number>(max - min + 1).fill(0),
    addArray(data, items) {
      if (items.length === 0 || typeof items[0] !== 'number') return false;
      const t = tally(items as ArrayLike<number>, min, max);
      if (isIssue(t)) return false;
      for (let i = 0; i < t.length; i++) data[i]! += t[i]!;
      return true;
    },
    add(data, item) {
      const s = recordScore(item, kind);
      if (s === null) return null;
      if (typeof s !== 'number') return s;
      if (!Number.isInteger(s) || s < min || s > max)
        return scaleIssue(s, min, max, typeof item === 'number' ? [] : ['score']);
      data[s - min]!++;
      return null;
    },
    mergeInto(t, s) {
      for (let i = 0; i < t.length; i++) t[i]! += s[i]!;
    },
    result: (d) => ok(result(d)),
    toJSON: (d) => d.slice(),
    fromJSON: (j) => countsFromJSON(j, max - min + 1),
  };
}
