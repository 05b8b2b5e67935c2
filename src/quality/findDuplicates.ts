/**
 * The existing records a candidate duplicates.
 *
 * @module
 */
import { checkOptionKeys, crmIssue } from '../core/issues.js';
import { ok, type Result } from '../core/result.js';
import { deepFreeze } from '../_lib/freeze.js';
import { comparePair, engineOf, groupKeys } from './_engine.js';
import { readRecord, readRecords } from './_records.js';
import { refuse } from './_results.js';
import type { DroppedKey, DuplicateCandidate, Matcher, MatchRecord } from './types.js';

/**
 * Options of {@link findDuplicates}.
 *
 * @example
 * ```ts
 * const o: FindDuplicatesOptions = { limit: 5 };
 * ```
 */
export interface FindDuplicatesOptions {
  /** The most candidates returned, best first (default 50). */
  readonly limit?: number;
  /** Keys shared by more existing records than this are dropped (default: the rule's `maxBlock`). */
  readonly maxBlock?: number;
}

/**
 * What {@link findDuplicates} found.
 *
 * @example
 * ```ts
 * const best = (r: FoundDuplicates) => r.candidates[0]?.id;
 * ```
 */
export interface FoundDuplicates {
  /** The existing records the candidate matches, best first (score, then id). */
  readonly candidates: readonly DuplicateCandidate[];
  /** How many existing records were compared with the candidate. */
  readonly comparedPairs: number;
  /** The candidate's blocking keys left out because more than `maxBlock` existing records share them. */
  readonly droppedKeys: readonly DroppedKey[];
}

/**
 * The existing records that `candidate` duplicates, by a matching rule or a trained model, ranked, each
 * with its per-field evidence: what was compared, the similarity, and (for a model) the weight each field
 * added. Only existing records sharing a blocking key with the candidate are compared (see
 * {@link matchKeys}); a key shared by more than `maxBlock` of them is dropped and reported. An existing
 * record with the candidate's own id is skipped (so a record being edited does not find itself).
 *
 * Score: for a rule, the mean similarity of the first group that matched (1 for exact agreement); for a
 * model, the match probability. Empty `existing` gives no candidates.
 *
 * Never throws for its data: a candidate or existing records that are not objects with (unique) string
 * ids, or bad options, are a `validation_failed` error.
 *
 * @throws CrmError `validation_failed` when `matcher` was not made by `defineMatchingRule` or
 * `trainMatchModel`.
 *
 * @example
 * ```ts
 * const existing = [
 *   { id: 'l1', firstName: 'Ada', lastName: 'Lovelace', email: 'ada@example.com', phone: null },
 *   { id: 'l2', firstName: 'Grace', lastName: 'Hopper', email: 'grace@navy.mil', phone: null },
 * ];
 * const r = findDuplicates(STANDARD_LEAD_RULE, { id: 'new', lastName: 'Lovelace', email: 'ADA@example.com' }, existing);
 * if (r.ok) r.value.candidates.map((c) => [c.id, c.score]); //=> [['l1', 1]]
 * ```
 */
export function findDuplicates<C extends MatchRecord, R extends MatchRecord>(
  matcher: Matcher,
  candidate: C,
  existing: readonly R[],
  options?: FindDuplicatesOptions,
): Result<FoundDuplicates> {
  const engine = engineOf(matcher, 'findDuplicates');
  const issues = checkOptionKeys(options, ['limit', 'maxBlock'], ['options']);
  const limit = (options ?? undefined)?.limit ?? 50;
  const maxBlock = (options ?? undefined)?.maxBlock ?? engine.maxBlock;
  if (issues.length === 0) {
    if (typeof limit !== 'number' || !Number.isSafeInteger(limit) || limit < 1)
      issues.push(crmIssue.invalidValue(['options', 'limit'], 'expected a positive integer', limit));
    if (typeof maxBlock !== 'number' || !Number.isSafeInteger(maxBlock) || maxBlock < 2)
      issues.push(crmIssue.invalidValue(['options', 'maxBlock'], 'expected an integer of at least 2', maxBlock));
  }
  if (issues.length > 0) return refuse('findDuplicates options', issues);
  const c = readRecord(engine, candidate, ['candidate']);
  if ('code' in c) return refuse('findDuplicates candidate', [c]);
  const read = readRecords(engine, existing, ['existing'], 'findDuplicates existing records');
  if (!read.ok) return read;
  const empty = { candidates: [], comparedPairs: 0, droppedKeys: [] };
  if (c.prepared === null) return ok(deepFreeze(empty));
  const self = c.prepared;
  const { prepared } = read.value;
  // The candidate's keys, and which existing records share each.
  const members = new Map<string, number[]>();
  for (let g = 0; g < engine.groups.length; g++) for (const k of groupKeys(engine, self, g)) members.set(k, []);
  if (members.size === 0) return ok(deepFreeze(empty));
  for (let i = 0; i < prepared.length; i++) {
    const p = prepared[i];
    if (p === null || p === undefined || p.id === self.id) continue;
    for (let g = 0; g < engine.groups.length; g++)
      for (const k of groupKeys(engine, p, g)) {
        const list = members.get(k);
        if (list !== undefined && list[list.length - 1] !== i) list.push(i);
      }
  }
  const droppedKeys: DroppedKey[] = [];
  const compare = new Set<number>();
  for (const [key, list] of members) {
    if (list.length > maxBlock) droppedKeys.push({ key, size: list.length });
    else for (const i of list) compare.add(i);
  }
  const candidates: DuplicateCandidate[] = [];
  for (const i of compare) {
    const o = comparePair(engine, self, prepared[i]!);
    if (o.match) candidates.push({ id: prepared[i]!.id, score: o.score, group: o.group, evidence: o.evidence });
  }
  candidates.sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  droppedKeys.sort((a, b) => b.size - a.size || (a.key < b.key ? -1 : 1));
  return ok(deepFreeze({ candidates: candidates.slice(0, limit), comparedPairs: compare.size, droppedKeys }));
}
