/**
 * Named RFM segments: a map from RFM scores to segment names (checked once for overlaps), applied to
 * the scores of {@link rfmScores}.
 *
 * @module
 */
import { CrmError, formatPath, type PathSegment } from '../core/errors.js';
import { checkOptionKeys, crmIssue, IssueList } from '../core/issues.js';
import { err, ok, type Result } from '../core/result.js';
import { isMoney, type Money } from '../money/money.js';
import { quoteValue, thrownText } from '../_lib/show.js';
import type { RfmScore, RfmScores } from './rfmScores.js';

/**
 * A score or an inclusive range of scores on one axis: `5`, or `[2, 5]`.
 *
 * @example
 * ```ts
 * const high: RfmScoreRange = [4, 5];
 * ```
 */
export type RfmScoreRange = number | readonly [number, number];

/**
 * One rule of an RFM segment map: the customers whose score is in `scores` (when given) and whose r,
 * f and m are in the given ranges (each omitted axis: any) are in `segment`. Several rules may name
 * the same segment (their union); a score matched by two rules is a definition error.
 *
 * @example
 * ```ts
 * const champions: RfmSegmentRule = { segment: 'Champions', r: [4, 5], f: [4, 5], m: [4, 5] };
 * const byScore: RfmSegmentRule = { segment: 'Lost', scores: ['111', '112'] };
 * ```
 */
export interface RfmSegmentRule {
  /** The segment's name (not empty, not `'other'`, which is where unmatched customers go). */
  readonly segment: string;
  /** Score strings such as `'534'` (digits 1 … bins). */
  readonly scores?: readonly string[];
  readonly r?: RfmScoreRange;
  readonly f?: RfmScoreRange;
  readonly m?: RfmScoreRange;
}

/**
 * Options of {@link defineRfmSegmentMap}.
 *
 * @example
 * ```ts
 * const o: DefineRfmSegmentMapOptions = { bins: 4 };
 * ```
 */
export interface DefineRfmSegmentMapOptions {
  /** The bins the map is for: 5 (default) or 4. Scores and ranges must stay within 1 … bins. */
  readonly bins?: 5 | 4;
}

/**
 * A checked RFM segment map, made by {@link defineRfmSegmentMap}.
 *
 * @example
 * ```ts
 * declare const map: RfmSegmentMap;
 * map.segments; map.unmapped;
 * ```
 */
export interface RfmSegmentMap {
  readonly bins: 5 | 4;
  readonly rules: readonly RfmSegmentRule[];
  /** The segment names in map order (each once). */
  readonly segments: readonly string[];
  /** The scores (of bins³) no rule matches, ascending: their customers go to `'other'`. */
  readonly unmapped: readonly string[];
}

/**
 * A customer's RFM score row with its segment.
 *
 * @example
 * ```ts
 * const c: RfmSegmentedCustomer = { customerId: 'c1', recencyDays: 3, frequency: 4, monetary: money('120.00', 'USD'), r: 5, f: 3, m: 4, score: '534', segment: 'Need Attention' };
 * ```
 */
export interface RfmSegmentedCustomer extends RfmScore {
  /** The segment of the rule matching the score, or `'other'`. */
  readonly segment: string;
}

/**
 * How many customers a segment has, and their share of all customers.
 *
 * @example
 * ```ts
 * const c: RfmSegmentCount = { segment: 'Champions', count: 12, share: 0.24 };
 * ```
 */
export interface RfmSegmentCount {
  readonly segment: string;
  readonly count: number;
  /** count / customers, a plain number in [0, 1] (0 when there are no customers). */
  readonly share: number;
}

/**
 * The result of {@link rfmSegments}.
 *
 * @example
 * ```ts
 * declare const s: RfmSegments;
 * s.segments.find((x) => x.segment === 'Champions')?.count;
 * ```
 */
export interface RfmSegments {
  /** The score rows, in input order, each with its segment. */
  readonly customers: readonly RfmSegmentedCustomer[];
  /** One count per segment of the map, in map order, then `'other'`. */
  readonly segments: readonly RfmSegmentCount[];
}

/** The segment of customers no rule matches. */
const OTHER = 'other';
const RULE_KEYS = ['segment', 'scores', 'r', 'f', 'm'] as const;
const MAP_OPTION_KEYS = ['bins'] as const;

interface Compiled {
  /** Rule index by r * 100 + f * 10 + m (−1: no rule). */
  readonly ruleOf: Int32Array;
  /** Segment index of each rule. */
  readonly segmentOfRule: readonly number[];
  readonly segments: readonly string[];
}

function isIndex(v: unknown, bins: number): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= bins;
}

/** [lo, hi] of an axis, or undefined (with an issue) when the range is bad; [1, bins] when omitted. */
function rangeOf(
  v: unknown,
  bins: number,
  path: readonly PathSegment[],
  issues: IssueList,
): [number, number] | undefined {
  if (v === undefined) return [1, bins];
  if (isIndex(v, bins)) return [v, v];
  if (Array.isArray(v) && v.length === 2 && isIndex(v[0], bins) && isIndex(v[1], bins) && v[0] <= v[1])
    return [v[0], v[1]];
  issues.push(crmIssue.invalidType(path, `a score 1 … ${bins} or a range [lo, hi] with 1 ≤ lo ≤ hi ≤ ${bins}`, v));
  return undefined;
}

/** Checks the rules and builds the score → rule table over 1 … bins on each axis. */
function compile(map: unknown, bins: number, at: readonly PathSegment[], issues: IssueList): Compiled | undefined {
  if (!Array.isArray(map)) {
    issues.push(crmIssue.invalidType(at, 'an array of rules { segment, scores?, r?, f?, m? }', map));
    return undefined;
  }
  const before = issues.count;
  const segments: string[] = [];
  const segmentOfRule: number[] = [];
  const ruleOf = new Int32Array(1000).fill(-1);
  /** For overlap messages: where each score was matched first. */
  const firstPath = new Map<number, readonly PathSegment[]>();
  for (let i = 0; i < map.length; i++) {
    const rule: unknown = map[i];
    const path = [...at, i];
    if (rule === null || typeof rule !== 'object' || Array.isArray(rule)) {
      issues.push(crmIssue.invalidType(path, 'a rule { segment, scores?, r?, f?, m? }', rule));
      continue;
    }
    issues.push(...checkOptionKeys(rule, RULE_KEYS, path));
    const { segment, scores, r, f, m } = rule as Record<string, unknown>;
    if (typeof segment !== 'string' || segment === '' || segment === OTHER) {
      issues.push(
        typeof segment === 'string'
          ? crmIssue.invalidValue(
              [...path, 'segment'],
              `a segment name must not be empty or '${OTHER}' (customers no rule matches go to '${OTHER}')`,
              segment,
            )
          : crmIssue.invalidType([...path, 'segment'], 'a segment name (a string)', segment),
      );
    }
    const rr = rangeOf(r, bins, [...path, 'r'], issues);
    const fr = rangeOf(f, bins, [...path, 'f'], issues);
    const mr = rangeOf(m, bins, [...path, 'm'], issues);
    let listed: Map<number, number> | undefined; // score → its index in `scores`
    if (scores !== undefined) {
      if (!Array.isArray(scores)) {
        issues.push(crmIssue.invalidType([...path, 'scores'], "an array of score strings such as '534'", scores));
      } else {
        listed = new Map();
        for (let k = 0; k < scores.length; k++) {
          const s: unknown = scores[k];
          const code = typeof s === 'string' && /^[1-9]{3}$/.test(s) ? Number(s) : NaN;
          const ok = code === code && [100, 10, 1].every((d) => Math.floor(code / d) % 10 <= bins);
          if (!ok) {
            issues.push(
              crmIssue.invalidValue(
                [...path, 'scores', k],
                `a score is three digits 1 … ${bins} (r, f, m), such as '${bins}${bins - 1}${bins - 2}'`,
                s,
              ),
            );
          } else if (listed.has(code)) {
            issues.push(crmIssue.duplicate([...path, 'scores', k], 'score', s, [...path, 'scores', listed.get(code)!]));
          } else listed.set(code, k);
        }
      }
    }
    if (issues.count > before) {
      if (issues.full) return undefined;
      continue;
    }
    let seg = segments.indexOf(segment as string);
    if (seg < 0) seg = segments.push(segment as string) - 1;
    segmentOfRule.push(seg);
    for (let a = rr![0]; a <= rr![1]; a++)
      for (let b = fr![0]; b <= fr![1]; b++)
        for (let c = mr![0]; c <= mr![1]; c++) {
          const code = a * 100 + b * 10 + c;
          if (listed !== undefined && !listed.has(code)) continue;
          const here = listed === undefined ? path : [...path, 'scores', listed.get(code)!];
          const j = ruleOf[code]!;
          if (j >= 0) {
            issues.push(
              crmIssue.of(
                'duplicate',
                here,
                `score '${code}' is matched by ${formatPath(firstPath.get(code)!)} (${quoteValue(segments[segmentOfRule[j]!])}) and by ${formatPath(here)} (${quoteValue(segment)}); a score belongs to one segment only`,
              ),
            );
            if (issues.full) return undefined;
          } else {
            ruleOf[code] = i;
            firstPath.set(code, here);
          }
        }
  }
  return issues.count > before ? undefined : { ruleOf, segmentOfRule, segments };
}

function guard<T>(what: string, run: () => Result<T>): Result<T> {
  try {
    return run();
  } catch (e) {
    // A throwing getter or proxy in the caller's data: reported, never thrown (the rule for Results).
    if (e instanceof CrmError) return err(e);
    const issues = new IssueList();
    issues.push(crmIssue.of('custom', [], `reading the input threw: ${thrownText(e)}`));
    return err(issues.error(what));
  }
}

/**
 * Checks an RFM segment map once: every rule well formed (a segment name other than `'other'`, score
 * strings and r/f/m ranges within 1 … bins, no unknown keys) and **no score matched by two rules**
 * (`validation_failed`, an issue with code `duplicate` at the later rule's path naming both rules).
 * Returns the map with its segment names and the scores no rule matches (`unmapped`, whose customers
 * go to `'other'`). The rules are copied and frozen; the input is not changed.
 *
 * @example
 * ```ts
 * const map = defineRfmSegmentMap([
 *   { segment: 'Best', r: [4, 5], f: [4, 5], m: [4, 5] },
 *   { segment: 'Rest', r: [1, 3] },
 * ], { bins: 5 });
 * if (map.ok) map.value.unmapped.length; //=> 42 (125 scores − 8 Best − 75 Rest)
 * ```
 */
export function defineRfmSegmentMap(
  rules: readonly RfmSegmentRule[],
  options?: DefineRfmSegmentMapOptions,
): Result<RfmSegmentMap> {
  return guard('defineRfmSegmentMap', () => {
    const issues = new IssueList();
    issues.push(...checkOptionKeys(options, MAP_OPTION_KEYS, ['options']));
    const given = issues.count === 0 ? (options ?? {}).bins : 5;
    const bins = given === undefined ? 5 : given;
    if (bins !== 5 && bins !== 4)
      issues.push(crmIssue.invalidValue(['options', 'bins'], 'bins must be 5 or 4', given, ['5', '4']));
    const compiled = compile(rules, bins === 4 ? 4 : 5, ['rules'], issues);
    if (issues.count > 0 || compiled === undefined) return err(issues.error('defineRfmSegmentMap'));
    const unmapped: string[] = [];
    for (let a = 1; a <= bins; a++)
      for (let b = 1; b <= bins; b++)
        for (let c = 1; c <= bins; c++) if (compiled.ruleOf[a * 100 + b * 10 + c]! < 0) unmapped.push(`${a}${b}${c}`);
    return ok(
      Object.freeze({
        bins: bins as 5 | 4,
        rules: Object.freeze(rules.map(copyRule)),
        segments: Object.freeze([...compiled.segments]),
        unmapped: Object.freeze(unmapped),
      }),
    );
  });
}

function copyRule(rule: RfmSegmentRule): RfmSegmentRule {
  const out: { -readonly [K in keyof RfmSegmentRule]: RfmSegmentRule[K] } = { segment: rule.segment };
  if (rule.scores !== undefined) out.scores = Object.freeze([...rule.scores]);
  for (const axis of ['r', 'f', 'm'] as const) {
    const v = rule[axis];
    if (v !== undefined)
      out[axis] = typeof v === 'number' ? v : (Object.freeze([v[0], v[1]]) as readonly [number, number]);
  }
  return Object.freeze(out);
}

function isSegmentMap(map: unknown): map is RfmSegmentMap {
  return map !== null && typeof map === 'object' && !Array.isArray(map);
}

/**
 * Names each customer's RFM segment. `scores` is an {@link RfmScores} result (or its `customers`);
 * `map` a list of rules (such as {@link CLASSIC_RFM_SEGMENTS} or {@link QUARTILE_RFM_SEGMENTS}) or a
 * map made by {@link defineRfmSegmentMap}. A customer whose score no rule matches is in segment
 * `'other'`. Rules given as a list are checked over scores 1 … 5 on each axis (a map from
 * `defineRfmSegmentMap` over its own bins): a score matched by two rules is a definition error
 * (`validation_failed`, a `duplicate` issue naming both rules' paths), as is a malformed rule.
 *
 * Returns the rows in input order, each with its `segment`, and one count per segment — the map's
 * segments in map order, then `'other'` — with `share` = count / customers (a plain number; 0 for
 * every segment when there are no customers, so an empty input gives zero counts and shares, never
 * NaN). Score rows must have r, f, m integers 1 … 5, a string customerId and Money `monetary`
 * (otherwise `validation_failed` at `['scores', i, …]`). A score outside the map's bins (e.g. from
 * an axis with fewer bins) simply matches the rules it falls in. Never throws for its input; the
 * input is not changed and the result is frozen.
 *
 * @example
 * ```ts
 * const scored = rfmScores(
 *   [
 *     { customerId: 'a', at: '2026-03-30', value: '40.00' },
 *     { customerId: 'b', at: '2026-01-15', value: '12.00' },
 *   ],
 *   { observationEnd: '2026-03-31', currency: 'USD' },
 * );
 * if (scored.ok) {
 *   const named = rfmSegments(scored.value, CLASSIC_RFM_SEGMENTS);
 *   if (named.ok) named.value.customers.map((c) => `${c.customerId} ${c.score} ${c.segment}`); //=> ['a 515 Promising', 'b 111 Lost'] (both bought once: one frequency bin)
 * }
 * ```
 */
export function rfmSegments(
  scores: RfmScores | readonly RfmScore[],
  map: readonly RfmSegmentRule[] | RfmSegmentMap,
): Result<RfmSegments> {
  return guard('rfmSegments', () => {
    const issues = new IssueList();
    let bins = 5;
    let rules: unknown = map;
    let mapPath: PathSegment[] = ['map'];
    if (isSegmentMap(map)) {
      const b = (map as { bins?: unknown }).bins;
      bins = b === 4 ? 4 : 5;
      if (b !== 4 && b !== 5)
        issues.push(crmIssue.invalidValue(['map', 'bins'], 'a segment map is for 5 or 4 bins', b, ['5', '4']));
      rules = (map as { rules?: unknown }).rules;
      mapPath = ['map', 'rules'];
    }
    const compiled = compile(rules, bins, mapPath, issues);

    let rows: unknown = scores;
    let rowPath: PathSegment[] = ['scores'];
    if (scores !== null && typeof scores === 'object' && !Array.isArray(scores)) {
      rows = (scores as { customers?: unknown }).customers;
      rowPath = ['scores', 'customers'];
    }
    if (!Array.isArray(rows)) {
      issues.push(crmIssue.invalidType(rowPath, 'an RfmScores result or its customers array', rows));
      return err(issues.error('rfmSegments'));
    }
    const n = rows.length;
    const out: RfmSegmentedCustomer[] = new Array<RfmSegmentedCustomer>(n);
    const names = compiled?.segments ?? [];
    const counts = new Float64Array(names.length + 1);
    for (let i = 0; i < n && !issues.full; i++) {
      const row: unknown = rows[i];
      if (row === null || typeof row !== 'object') {
        issues.push(crmIssue.invalidType([...rowPath, i], 'an RFM score row { customerId, r, f, m, … }', row));
        continue;
      }
      const { customerId, recencyDays, frequency, monetary, r, f, m } = row as Record<string, unknown>;
      const before = issues.count;
      for (const [axis, v] of [
        ['r', r],
        ['f', f],
        ['m', m],
      ] as const)
        if (!isIndex(v, 5)) issues.push(crmIssue.invalidType([...rowPath, i, axis], 'a score, an integer 1 … 5', v));
      if (typeof customerId !== 'string')
        issues.push(crmIssue.invalidType([...rowPath, i, 'customerId'], 'a customer id (a string)', customerId));
      for (const [key, v] of [
        ['recencyDays', recencyDays],
        ['frequency', frequency],
      ] as const)
        if (typeof v !== 'number' || !Number.isFinite(v)) issues.push(crmIssue.invalidNumber([...rowPath, i, key], v));
      if (!isMoney(monetary))
        issues.push(crmIssue.invalidType([...rowPath, i, 'monetary'], 'Money { amount, currency }', monetary));
      if (issues.count > before || compiled === undefined) continue;
      const code = (r as number) * 100 + (f as number) * 10 + (m as number);
      const rule = compiled.ruleOf[code]!;
      const seg = rule < 0 ? names.length : compiled.segmentOfRule[rule]!;
      counts[seg]!++;
      const money = monetary as Money;
      out[i] = Object.freeze({
        customerId: customerId as string,
        recencyDays: recencyDays as number,
        frequency: frequency as number,
        monetary: Object.isFrozen(money) ? money : Object.freeze({ amount: money.amount, currency: money.currency }),
        r: r as number,
        f: f as number,
        m: m as number,
        score: String(code),
        segment: rule < 0 ? OTHER : names[seg]!,
      });
    }
    if (issues.count > 0) return err(issues.error('rfmSegments'));
    const segments: RfmSegmentCount[] = [...names, OTHER].map((segment, k) =>
      Object.freeze({ segment, count: counts[k]!, share: n === 0 ? 0 : counts[k]! / n }),
    );
    return ok(Object.freeze({ customers: Object.freeze(out), segments: Object.freeze(segments) }));
  });
}
