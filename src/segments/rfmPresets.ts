/**
 * RFM segment maps shipped as data: the classic 11 segments for quintile scores and PyMC-Marketing's
 * default map for quartile scores.
 *
 * @module
 */
import type { RfmSegmentRule } from './rfmSegments.js';

const rules = (table: readonly (readonly [string, readonly string[]])[]): readonly RfmSegmentRule[] =>
  Object.freeze(table.map(([segment, scores]) => Object.freeze({ segment, scores: Object.freeze([...scores]) })));

/**
 * The classic 11-segment RFM map for 5 bins (scores '111' … '555'): Champions, Loyal, Potential
 * Loyalist, New, Promising, Need Attention, About to Sleep, At Risk, Can't Lose, Hibernating, Lost.
 * Every one of the 125 scores is in exactly one segment, so no customer of a 5-bin scoring falls in
 * `'other'` (unless an axis got fewer bins).
 *
 * **Source.** The widely copied 125-score table (reproduced in many public notebooks and SQL scripts,
 * e.g. Champions = 555, 554, 544, 545, 454, 455, 445; Potential Loyalist = 553 … 323; Hibernating =
 * 332, 322, 231, 241, 251, 233, 232, 223, 222, 132, 123, 122, 212, 211), with the segment names
 * shortened (Loyal Customers → Loyal, New Customers → New, Customers Needing Attention → Need
 * Attention, Can't Lose Them → Can't Lose). Its lists hold 128 entries for 125 scores: **231, 241
 * and 251** are listed under both About to Sleep and Hibernating. They are resolved to
 * **Hibernating**: every other About to Sleep score has F ≤ 2 (as do the shorter published variants
 * of the list, About to Sleep = 331, 321, 312, 221, 213), and the R package rfm's example ranges
 * (`rfm_segment`, rsquaredacademy/rfm R/rfm-segment.R) bound About To Sleep to frequency 1–2, while
 * these three have F = 3–5 with low recency — Hibernating's description. The rfm package's ranges are
 * not used for the table itself: they overlap heavily (Champions R 4–5, F 4–5, M 4–5 lies inside Loyal
 * Customers R 2–5, F 3–5, M 3–5), a later segment overwriting an earlier one, and leave many scores in
 * "Others". No other entry was changed.
 *
 * @example
 * ```ts
 * CLASSIC_RFM_SEGMENTS[0]; //=> { segment: 'Champions', scores: ['555', '554', '544', '545', '454', '455', '445'] }
 * const map = defineRfmSegmentMap(CLASSIC_RFM_SEGMENTS, { bins: 5 });
 * if (map.ok) map.value.unmapped; //=> []
 * ```
 */
export const CLASSIC_RFM_SEGMENTS: readonly RfmSegmentRule[] = /* @__PURE__ */ rules([
  ['Champions', ['555', '554', '544', '545', '454', '455', '445']],
  ['Loyal', ['543', '444', '435', '355', '354', '345', '344', '335']],
  [
    'Potential Loyalist',
    [
      '553',
      '551',
      '552',
      '541',
      '542',
      '533',
      '532',
      '531',
      '452',
      '451',
      '442',
      '441',
      '431',
      '453',
      '433',
      '432',
      '423',
      '353',
      '352',
      '351',
      '342',
      '341',
      '333',
      '323',
    ],
  ],
  ['New', ['512', '511', '422', '421', '412', '411', '311']],
  [
    'Promising',
    ['525', '524', '523', '522', '521', '515', '514', '513', '425', '424', '413', '414', '415', '315', '314', '313'],
  ],
  ['Need Attention', ['535', '534', '443', '434', '343', '334', '325', '324']],
  // Published: 331, 321, 312, 221, 213, 231, 241, 251 — the last three are Hibernating here (see above).
  ['About to Sleep', ['331', '321', '312', '221', '213']],
  [
    'At Risk',
    [
      '255',
      '254',
      '245',
      '244',
      '253',
      '252',
      '243',
      '242',
      '235',
      '234',
      '225',
      '224',
      '153',
      '152',
      '145',
      '143',
      '142',
      '135',
      '134',
      '133',
      '125',
      '124',
    ],
  ],
  ["Can't Lose", ['155', '154', '144', '214', '215', '115', '114', '113']],
  ['Hibernating', ['332', '322', '231', '241', '251', '233', '232', '223', '222', '132', '123', '122', '212', '211']],
  ['Lost', ['111', '112', '121', '131', '141', '151']],
]);

/**
 * PyMC-Marketing's default segment map for quartile scores (4 bins), exactly as its code has it:
 * `_default_rfm_segment_config` in `pymc_marketing/clv/utils.py` (pymc-labs/pymc-marketing, read at
 * commit 00a07a446acd64d5b21f6737d68edbdcd728f512; its `version.py` in the 0.x series read 0.10.0),
 * the segments and the order of their scores unchanged. It covers 46 of the 64 scores without
 * overlap; the rest go to `'other'` (PyMC-Marketing's "Other").
 *
 * @example
 * ```ts
 * QUARTILE_RFM_SEGMENTS.map((s) => s.segment); //=> ['Premium Customer', 'Repeat Customer', 'Top Spender', 'At Risk Customer', 'Inactive Customer']
 * ```
 */
export const QUARTILE_RFM_SEGMENTS: readonly RfmSegmentRule[] = /* @__PURE__ */ rules([
  ['Premium Customer', ['334', '443', '444', '344', '434', '433', '343', '333']],
  ['Repeat Customer', ['244', '234', '232', '332', '143', '233', '243']],
  ['Top Spender', ['424', '414', '144', '314', '324', '124', '224', '423', '413', '133', '323', '313', '134']],
  ['At Risk Customer', ['422', '223', '212', '122', '222', '132', '322', '312', '412', '123', '214']],
  ['Inactive Customer', ['411', '111', '113', '114', '112', '211', '311']],
]);
