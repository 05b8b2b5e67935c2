/**
 * What changed between two versions of a record.
 *
 * @module
 */
import { ENTITY_KINDS, type EntityKind } from '../core/ids.js';
import { crmIssue, invalidInput } from '../core/issues.js';
import { freezeCopy } from '../_lib/freeze.js';
import { compareDecimal } from '../conditions/values.js';
import type { RecordChange } from './types.js';
import { nonFiniteAt } from './_finite.js';

/** Bookkeeping fields every write changes: never reported as changes. */
const BOOKKEEPING = ['version', 'updatedAt', 'updatedBy'];

/**
 * The fields that changed between two versions of a record of `kind`, in the order of the record's
 * keys (those of `after`, then the ones only `before` has). `before` is `null` for a creation (every
 * field with a value is a change from `null`), `after` is `null` for a deletion (every field with a
 * value becomes `null`). Dates compare by instant, money by amount and currency (`10.0 EUR` equals
 * `10 EUR`), arrays and objects by their contents; `undefined` and `null` are both "no value". The
 * bookkeeping fields `version`, `updatedAt` and `updatedBy` are never reported. The values are
 * returned as the records hold them; the result is frozen and the inputs are not touched.
 *
 * @param kind - The entity kind of both records (checked: a kind crmkit knows).
 * @param before - The record before the write, or `null` when it was created.
 * @param after - The record after the write, or `null` when it was deleted.
 * @returns The changes, empty when nothing but bookkeeping changed.
 * @throws CrmError `validation_failed` when `kind` is not an entity kind, a record is neither an
 * object nor `null`, or a changed value holds NaN, ±Infinity or an invalid Date (no record a schema
 * made does: an event could not tell it).
 * @example
 * ```ts
 * diffRecords('lead', { id: 'l1', status: 'mql', version: 1 }, { id: 'l1', status: 'sql', version: 2 });
 * //=> [{ field: 'status', from: 'mql', to: 'sql' }]
 * ```
 */
export function diffRecords(
  kind: EntityKind,
  before: Readonly<Record<string, unknown>> | null,
  after: Readonly<Record<string, unknown>> | null,
): readonly RecordChange[] {
  if (!(ENTITY_KINDS as readonly unknown[]).includes(kind))
    throw invalidInput('diffRecords', [
      crmIssue.invalidValue(['kind'], 'kind must be an entity kind', kind, ENTITY_KINDS),
    ]);
  checkRecord(before, 'before');
  checkRecord(after, 'after');
  const b = before ?? {};
  const a = after ?? {};
  const fields = [...Object.keys(a), ...Object.keys(b).filter((k) => !Object.hasOwn(a, k))];
  const changes: RecordChange[] = [];
  for (const field of fields) {
    if (BOOKKEEPING.includes(field)) continue;
    const from = b[field] ?? null;
    const to = a[field] ?? null;
    if (sameValue(from, to, 0)) continue;
    const bad =
      nonFiniteAt(from, [before === null ? 'after' : 'before', field], 0) ?? nonFiniteAt(to, ['after', field], 0);
    if (bad !== undefined)
      throw invalidInput('diffRecords', [
        crmIssue.invalidValue(bad.path, 'a record value must be finite (a number, or a valid Date)', bad.value),
      ]);
    changes.push({ field, from, to });
  }
  return freezeCopy(changes);
}

function checkRecord(record: unknown, name: string): void {
  if (record === null || (typeof record === 'object' && !Array.isArray(record))) return;
  throw invalidInput('diffRecords', [crmIssue.invalidType([name], 'a record (an object) or null', record)]);
}

/** Nesting deeper than this is compared by identity only (no record of crmkit's nests that deep). */
const MAX_DEPTH = 64;

function sameValue(a: unknown, b: unknown, depth: number): boolean {
  if (Object.is(a, b)) return true;
  if ((a ?? null) === null || (b ?? null) === null) return (a ?? null) === (b ?? null);
  if (a instanceof Date || b instanceof Date)
    return a instanceof Date && b instanceof Date && a.getTime() === b.getTime();
  if (typeof a !== 'object' || typeof b !== 'object' || depth >= MAX_DEPTH) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameValue(a[i], b[i], depth + 1)) return false;
    return true;
  }
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  if (isMoneyLike(ra) && isMoneyLike(rb))
    return ra['currency'] === rb['currency'] && compareDecimal(ra['amount'] as string, rb['amount'] as string) === 0;
  const keys = new Set([...Object.keys(ra), ...Object.keys(rb)]);
  for (const k of keys) if (!sameValue(ra[k], rb[k], depth + 1)) return false;
  return true;
}

function isMoneyLike(v: Record<string, unknown>): boolean {
  const amount = v['amount'];
  return (
    typeof amount === 'string' &&
    DECIMAL.test(amount) &&
    typeof v['currency'] === 'string' &&
    Object.keys(v).length === 2
  );
}

/** A plain decimal, as crmkit's money amounts are written. */
const DECIMAL = /^-?\d+(?:\.\d+)?$/;
