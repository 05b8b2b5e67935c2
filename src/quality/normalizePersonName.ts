/**
 * Person names folded for matching.
 *
 * @module
 */
import { crmIssue } from '../core/issues.js';
import { ok, type Result } from '../core/result.js';
import { quoteValue } from '../_lib/show.js';
import { foldText } from './_fold.js';
import { notText, refuse } from './_results.js';

/**
 * A person's name as matching compares it (for matching only; the record keeps the name as written):
 * Unicode compatibility form, diacritics removed (`José` → `jose`, `Łukasz` → `lukasz`, `Strauß` →
 * `strauss`), lower case, punctuation and runs of whitespace made single spaces (`O’Brien-Smith` →
 * `o brien smith`).
 *
 * Never throws. Not text, or text with no letter or digit: a `validation_failed` error.
 *
 * @example
 * ```ts
 * normalizePersonName('  José  Ñúñez '); //=> { ok: true, value: 'jose nunez' }
 * normalizePersonName('—').ok; //=> false
 * ```
 */
export function normalizePersonName(raw: string): Result<string> {
  if (typeof raw !== 'string') return refuse('Person name', [notText([], raw)]);
  const folded = foldText(raw);
  if (folded === '')
    return refuse('Person name', [crmIssue.of('invalid_format', [], `${quoteValue(raw)} has no letter or digit`)]);
  return ok(folded);
}
