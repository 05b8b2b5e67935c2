/**
 * The blocking keys of a record.
 *
 * @module
 */
import { ok, type Result } from '../core/result.js';
import { engineOf, keysOf } from './_engine.js';
import { readRecord } from './_records.js';
import { refuse } from './_results.js';
import type { Matcher, MatchRecord } from './types.js';

/**
 * The blocking keys of a record under a rule (or a model's blocking rule): one per group the record can
 * match on, written `group|part|part`, where each item gives its normalised value (`exact`, `normalized`,
 * `phone`, `emailDomain`) or, for the fuzzy methods (`jaroWinkler`, `nameInitials`), its first letter.
 * Records that a group matches share its key (fuzzy items: unless their first letters differ), so
 * comparing only records that share a key finds the duplicates without comparing every pair. A group
 * with a blank item gives no key (unless blanks match: then the blank is `∅`); a multi-valued field
 * (a contact's `emails`) gives a key per value, at most 16 per group. A record the rule's `where`
 * excludes has no keys.
 *
 * Never throws for the record: one that is not an object with a string `id`, or cannot be read, is a
 * `validation_failed` error.
 *
 * @throws CrmError `validation_failed` when `matcher` was not made by `defineMatchingRule` or
 * `trainMatchModel`.
 *
 * @example
 * ```ts
 * const keys = matchKeys(STANDARD_LEAD_RULE, { id: 'l1', lastName: 'Lovelace', firstName: 'Ada', email: 'Ada@Example.com' });
 * if (keys.ok) keys.value; //=> ['0|ada@example.com', '3|example.com|l|a']
 * ```
 */
export function matchKeys<R extends MatchRecord>(matcher: Matcher, record: R): Result<readonly string[]> {
  const engine = engineOf(matcher, 'matchKeys');
  const read = readRecord(engine, record, []);
  if ('code' in read) return refuse('matchKeys record', [read]);
  return ok(Object.freeze(read.prepared === null ? [] : keysOf(engine, read.prepared)));
}
